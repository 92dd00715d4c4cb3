"""Results: the aggregations behind the presenter, and the charts drawn from them."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from pari import accounts, charts, results
from pari import workshops as ws
from pari.models import CommitmentKind, CommitmentRole, StakeholderGroup, StepKind
from pari.steps.assessment import chart as assessment_chart
from pari.steps.assessment import rules as assessment_rules
from pari.steps.check_in import chart as check_in_chart
from pari.steps.commitments import chart as commitments_chart
from pari.steps.commitments import rules as pledge_rules
from pari.steps.dot_vote import chart as dot_vote_chart
from pari.steps.dot_vote import results as dot_vote
from pari.steps.dot_vote import rules as vote_rules
from pari.steps.ideas import chart as ideas_chart
from pari.steps.ideas import rules as ideas_rules
from pari.steps.matrix import chart as matrix_chart
from pari.steps.matrix import rules as matrix_rules
from pari.steps.poll import chart as poll_chart
from pari.steps.poll import rules as poll_rules
from tests.factories import make_participant, make_user

G = StakeholderGroup


@pytest.fixture
def plan(session):
    owner = accounts.to_auth_user(make_user(session, username="fac"))
    # Groups of one and two people: shown here (the smallest-group rule has its own tests).
    w = ws.create_workshop(session=session, user=owner, title="Kinda", min_group_size=1)
    steps = ws.list_steps(session=session, workshop_id=w.id)
    people = [
        make_participant(session, w, group=g)
        for g in (G.SOCIAL_ECONOMY, G.SOCIAL_ECONOMY, G.PUBLIC_AUTHORITY, G.BUSINESS)
    ]
    make_participant(session, w)  # joined, not checked in yet
    session.commit()
    return owner, w, steps, people


def run(session, owner, step):
    ws.open_step(session=session, user=owner, step_id=step.id)
    session.commit()


def current(session, w):
    return results.step_results(session=session, workshop_id=w.id)


def test_check_in_room_by_group(session, plan):
    owner, w, steps, _people = plan
    run(session, owner, steps[0])
    r = current(session, w)
    assert (r.kind, r.participants, r.joined, r.contributions) == (StepKind.CHECK_IN, 4, 5, 4)
    room = r.frames["room"].set_index("group").participants.to_dict()
    assert room == {"social_economy": 2, "public_authority": 1, "business": 1}
    fig = check_in_chart.room_donut(r.frames["room"], big=True)
    assert list(fig.data[0].values) == [2, 1, 1]
    assert list(fig.data[0].marker.colors) == ["#E69F00", "#0072B2", "#009E73"]


def ideas(session, owner, steps, people, texts):
    run(session, owner, steps[6])
    cards = [
        ideas_rules.add_card(
            session=session, participant_id=people[i].id, step_id=steps[6].id, text=t, category=c
        )
        for i, t, c in texts
    ]
    session.commit()
    return cards


def test_card_wall_and_dot_vote_ranked_by_group(session, plan):
    owner, w, steps, people = plan
    cards = ideas(
        session,
        owner,
        steps,
        people,
        [
            (0, "<img src=x onerror=alert(1)>", "Social"),
            (2, "Bus", "Economic"),
            (3, "Soil", "Ecological"),
        ],
    )
    r = current(session, w)
    assert r.contributions == 3
    assert list(r.frames["cards"].category) == ["Social", "Economic", "Ecological"]
    fig = ideas_chart.category_bars(r.frames["cards"], ["Social", "Ecological", "Economic"])
    assert sum(sum(t.y) for t in fig.data) == 3

    run(session, owner, steps[7])
    for who, card, dots in ((0, 1, 3), (1, 1, 2), (2, 1, 1), (2, 0, 3), (3, 2, 1)):
        vote_rules.set_dots(
            session=session,
            participant_id=people[who].id,
            step_id=steps[7].id,
            card_id=cards[card].id,
            dots=dots,
        )
    session.commit()
    r = current(session, w)
    assert r.contributions == 4  # people who voted
    ranked = dot_vote.ranking(r.frames["tally"])
    assert list(ranked.text) == ["Bus", "<img src=x onerror=alert(1)>", "Soil"]
    assert list(ranked.dots) == [6, 3, 1]
    assert list(ranked.groups) == [2, 1, 1]  # social economy and authority agree on "Bus"
    fig = dot_vote_chart.dot_bars(r.frames["tally"], big=True)
    assert [t.name for t in fig.data] == ["Social economy", "Public authorities", "Business"]
    # Escaped, and on the wall cut to a name that leaves the bars their room.
    assert list(fig.data[0].y) == ["Bus", "&lt;img src=x onerror=alert(…", "Soil"]
    assert list(fig.data[0].x) == [5, 0, 0]
    page = dot_vote_chart.dot_bars(r.frames["tally"])
    assert list(page.data[0].y) == ["Bus", "&lt;img src=x onerror=alert(1)&gt;", "Soil"]
    assert "<img" not in fig.to_json()


def test_matrix_mean_and_raters(session, plan):
    owner, w, steps, people = plan
    cards = ideas(session, owner, steps, people, [(0, "Path A", "Social"), (1, "Path B", "Social")])
    ws.update_step(session=session, user=owner, step_id=steps[9].id, source_step_id=steps[6].id)
    run(session, owner, steps[9])
    for who, card, crit, value in (
        (0, 0, 0, 5),
        (0, 0, 1, 3),
        (1, 0, 0, 3),
        (1, 0, 1, 1),
        (2, 1, 0, 2),  # only one criterion: not placed yet
    ):
        matrix_rules.score(
            session=session,
            participant_id=people[who].id,
            step_id=steps[9].id,
            card_id=cards[card].id,
            criterion=crit,
            value=value,
        )
    session.commit()
    frame = current(session, w).frames["matrix"]
    assert frame[["text", "x", "y", "raters"]].values.tolist() == [["Path A", 4.0, 2.0, 2]]
    assert frame.x_sd.tolist() == [1.0]
    fig = matrix_chart.matrix_bubbles(frame, ["Impact", "Feasibility"], big=True)
    assert fig.layout.xaxis.title.text == "Impact"


def test_poll_by_group(session, plan):
    owner, w, steps, people = plan
    run(session, owner, steps[11])
    for who, option in ((0, 2), (1, 2), (2, 3)):
        poll_rules.answer_poll(
            session=session, participant_id=people[who].id, step_id=steps[11].id, options=[option]
        )
    session.commit()
    frame = current(session, w).frames["poll"]
    assert sorted(frame[["label", "group", "answers"]].values.tolist()) == [
        ["Cooperative", "social_economy", 2],
        ["Hosted by the municipality", "public_authority", 1],
    ]
    fig = poll_chart.poll_bars(frame, steps[11].config["options"])
    assert [list(t.x) for t in fig.data] == [[0, 0, 2, 0, 0], [0, 0, 0, 1, 0]]


def test_assessment_median_leaves_dont_know_out(session, plan):
    owner, w, steps, people = plan
    run(session, owner, steps[4])
    for who, ratings in (
        (0, {"vision": 2, "trust": None}),
        (1, {"vision": 6, "trust": 8}),
        (2, {"vision": 9}),
    ):
        assessment_rules.rate(
            session=session, participant_id=people[who].id, step_id=steps[4].id, ratings=ratings
        )
    session.commit()
    frame = current(session, w).frames["assessment"]
    by = frame.set_index(["group", "dimension"])
    assert by.loc[("*", "vision"), "median"] == 6
    assert by.loc[("social_economy", "vision"), "median"] == 4
    assert by.loc[("social_economy", "trust"), "n"] == 1  # "don't know" not counted
    assert by.loc[("*", "trust"), "median"] == 8
    fig = assessment_chart.assessment_radar(frame, steps[4].config["dimensions"], big=True)
    assert [t.name for t in fig.data] == ["Social economy", "Public authorities", "Everyone"]
    assert fig.data[-1].theta[0] == "Shared vision<br>and strategy"  # short lines on the wall


def test_commitments_and_priorities_without_lead(session, plan):
    owner, w, steps, people = plan
    run(session, owner, steps[8])
    paths = [
        ideas_rules.add_card(
            session=session,
            participant_id=people[0].id,
            step_id=steps[8].id,
            text=t,
            category="Social",
        )
        for t in ("Food hub", "Car sharing")
    ]
    session.commit()
    run(session, owner, steps[10])
    pledge_rules.pledge(
        session=session,
        participant_id=people[0].id,
        step_id=steps[10].id,
        role=CommitmentRole.SUPPORTING,
        kind=CommitmentKind.SPACE,
        what="Our hall",
        contribution_id=paths[0].id,
    )
    pledge_rules.pledge(
        session=session,
        participant_id=people[2].id,
        step_id=steps[10].id,
        role=CommitmentRole.LEAD,
        kind=CommitmentKind.TIME,
        what="Coordination",
        contribution_id=paths[1].id,
    )
    session.commit()
    r = current(session, w)
    assert r.contributions == 2
    assert list(r.frames["no_lead"].priority) == ["Food hub"]
    assert list(r.frames["no_lead"].pledges) == [1]
    fig = commitments_chart.pledges_by_priority(r.frames["pledges"], big=True)
    # One bar per priority, stacked by kind; the priority nobody leads is flagged.
    assert [t.name for t in fig.data] == ["Time", "Space"]
    assert list(fig.data[0].y) == ['<span style="color:#B00020">⚠ Food hub</span>', "Car sharing"]
    assert [list(t.x) for t in fig.data] == [[0, 1], [1, 0]]


@pytest.mark.parametrize(
    "draw",
    [
        lambda: check_in_chart.room_donut(pd.DataFrame(columns=["group", "participants"])),
        lambda: ideas_chart.category_bars(
            pd.DataFrame(columns=["card_id", "text", "category", "group"]), []
        ),
        lambda: dot_vote_chart.dot_bars(pd.DataFrame(columns=["card_id", "text", "group", "dots"])),
        lambda: matrix_chart.matrix_bubbles(
            pd.DataFrame(columns=["card_id", "text", "x", "y", "x_sd", "y_sd", "raters"]),
            ["a", "b"],
        ),
        lambda: poll_chart.poll_bars(
            pd.DataFrame(columns=["option", "label", "group", "answers"]), ["x"]
        ),
        lambda: assessment_chart.assessment_radar(
            pd.DataFrame(columns=["dimension", "group", "median", "q1", "q3", "n"]), ["vision"]
        ),
        lambda: commitments_chart.pledges_by_priority(
            pd.DataFrame(columns=["priority", "group", "kind"])
        ),
    ],
)
def test_every_chart_draws_with_zero_rows(draw):
    fig = draw()
    assert isinstance(fig, go.Figure)
    assert fig.layout.annotations[0].text == "No answers yet"


def test_empty_workshop_results(session, plan):
    _owner, w, _steps, _people = plan
    r = current(session, w)
    assert (r.kind, r.participants, r.contributions, r.frames) == (None, 4, 0, {})


def test_each_group_has_its_own_colour():
    colours = [charts.GROUP_COLORS[g.value] for g in StakeholderGroup]
    assert len(set(colours)) == len(colours) == 6


def test_chart_numbers_use_the_languages_separators():
    from pari import charts
    from pari.i18n import using_language

    with using_language("en"):
        assert charts.empty().layout.separators == ".,"
    with using_language("fr"):
        assert charts.empty().layout.separators[0] == ","
