"""Rating scale (issue 19, point 3): settings, the phone's rule, results with "don't know"
apart and small groups pooled, the agreement figure, settings changes once rated, paper
input, export rows, the plan's section, the comparison read and the demo. SQLite and
PostgreSQL (``session`` runs on both when PARI_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from sqlmodel import Session, select

from pari import steps
from pari import workshops as ws
from pari.accounts import to_auth_user
from pari.models import Role, StakeholderGroup, StepKind, StepState, Workshop
from pari.phone.errors import InvalidInput, NotCheckedIn, StepClosed
from pari.privacy import TOO_FEW
from pari.steps.fields import InvalidConfig
from pari.steps.rating import RatingConfig
from pari.steps.rating.models import Rating
from pari.steps.rating.results import agreement_score, counts, summary
from pari.steps.rating.rules import my_ratings, rate, rate_on_paper
from tests.factories import make_current, make_phone, make_user, make_workshop

G = StakeholderGroup
STATEMENTS = [
    "The cluster will have a coordinator by summer",
    "We have the resources to start the first path",
    "The municipality will back the plan",
]


def room(session, scale="agree", *, statements=STATEMENTS, state=None, min_group_size=1):
    owner = make_user(session, role=Role.FACILITATOR)
    workshop, made = make_workshop(
        session,
        owner=owner,
        steps=[
            (StepKind.POLL, "Governance", {"options": ["A", "B"]}),
            (StepKind.RATING, "Confidence check", {"statements": statements, "scale": scale}),
        ],
    )
    workshop.min_group_size = min_group_size
    session.add(workshop)
    session.commit()
    make_current(session, workshop, made[1], state)
    return owner, workshop, made[1]


def phone(session, workshop, group=G.SOCIAL_ECONOMY):
    return make_phone(session, workshop, group=group)[0].id


def rows(session, step):
    return session.exec(select(Rating).where(Rating.step_id == step.id)).all()


# --- settings --------------------------------------------------------------------------


def test_settings_validate_strictly_and_read_leniently():
    kind = steps.get(StepKind.RATING)
    cfg = kind.validate({"statements": [" One ", "Two"], "scale": "0-10"}, dot_budget=5)
    assert cfg == RatingConfig(("One", "Two"), "0-10")
    assert (cfg.low, cfg.high, cfg.midpoint) == (0, 10, 5)
    assert kind.validate({"statements": ["x"]}, dot_budget=5).scale == "agree"
    assert list(kind.validate({"statements": ["x"], "scale": "1-5"}, dot_budget=5).values) == [
        1,
        2,
        3,
        4,
        5,
    ]
    for bad in (
        {"statements": []},
        {"statements": [f"S{i}" for i in range(13)]},
        {"statements": ["x" * 201]},
        {"statements": ["Same", "same"]},
        {"statements": "one"},
        {"statements": ["x"], "scale": "1-7"},
        {"statements": ["x"], "scale": ["agree"]},
    ):
        with pytest.raises(InvalidConfig):
            kind.validate(bad, dot_budget=5)
    # A damaged row keeps each statement in its place (ratings point at the index).
    read = kind.read({"statements": ["A", 7, None, "B"], "scale": "nope"}, dot_budget=5)
    assert read.statements == ("A", "7", "", "B") and read.scale == "agree"
    assert kind.read(None, dot_budget=5) == RatingConfig()
    assert kind.validate(kind.default_config(), dot_budget=5).statements


# --- the phone's rule ------------------------------------------------------------------


@pytest.mark.parametrize("scale,low,high", [("1-5", 1, 5), ("0-10", 0, 10), ("agree", 1, 5)])
def test_each_scale_takes_its_range_and_refuses_the_rest(session, scale, low, high):
    _owner, workshop, step = room(session, scale)
    pid = phone(session, workshop)
    for value in (low, high, None):
        assert rate(session=session, participant_id=pid, step_id=step.id, ratings={0: value})
        session.commit()
        assert my_ratings(session=session, participant_id=pid, step_id=step.id) == {0: value}
    for bad in (low - 1, high + 1, True, False, "3", 3.0, [3]):
        with pytest.raises(InvalidInput):
            rate(session=session, participant_id=pid, step_id=step.id, ratings={1: bad})
        session.rollback()
    assert [r.statement for r in rows(session, step)] == [0]


def test_unknown_statements_and_empty_sends_are_refused(session):
    _owner, workshop, step = room(session)
    pid = phone(session, workshop)
    for bad in ({3: 2}, {-1: 2}, {"0": 2}, {True: 2}, {None: 2}, {}, [(0, 2)], None):
        with pytest.raises(InvalidInput):
            rate(session=session, participant_id=pid, step_id=step.id, ratings=bad)
        session.rollback()
    assert rows(session, step) == []


def test_closed_step_other_steps_and_people_not_checked_in_are_refused(session):
    _owner, workshop, step = room(session, state=StepState.CLOSED)
    pid = phone(session, workshop)
    with pytest.raises(StepClosed):
        rate(session=session, participant_id=pid, step_id=step.id, ratings={0: 3})
    session.rollback()
    poll = ws.list_steps(session=session, workshop_id=workshop.id)[0]
    make_current(session, workshop, poll)
    with pytest.raises(StepClosed):  # the poll is open, but it is no rating
        rate(session=session, participant_id=pid, step_id=poll.id, ratings={0: 3})
    session.rollback()
    make_current(session, workshop, step)
    stranger = make_phone(session, workshop, checked_in=False)[0].id
    with pytest.raises(NotCheckedIn):
        rate(session=session, participant_id=stranger, step_id=step.id, ratings={0: 3})
    session.rollback()
    other_owner_room = room(session)[1]
    outsider = phone(session, other_owner_room)
    with pytest.raises(StepClosed):  # a step of another workshop
        rate(session=session, participant_id=outsider, step_id=step.id, ratings={0: 3})
    session.rollback()
    assert rows(session, step) == []


def test_a_rating_changes_in_place_and_several_go_at_once(session):
    _owner, workshop, step = room(session)
    pid = phone(session, workshop)
    rate(session=session, participant_id=pid, step_id=step.id, ratings={0: 2, 1: None})
    session.commit()
    first = {r.statement: r.id for r in rows(session, step)}
    rate(session=session, participant_id=pid, step_id=step.id, ratings={0: 5, 1: 4, 2: None})
    session.commit()
    after = rows(session, step)
    assert len(after) == 3
    assert {r.statement: r.id for r in after if r.statement in first} == first
    assert my_ratings(session=session, participant_id=pid, step_id=step.id) == {
        0: 5,
        1: 4,
        2: None,
    }


# --- results ---------------------------------------------------------------------------


def fill(session, workshop, step, answers):
    """``answers``: (group, {statement: value}) per person."""
    for group, ratings in answers:
        pid = phone(session, workshop, group)
        rate(session=session, participant_id=pid, step_id=step.id, ratings=ratings)
        session.commit()


def test_dont_know_counts_apart_and_never_in_a_mean(session):
    _owner, workshop, step = room(session, "0-10")
    fill(
        session,
        workshop,
        step,
        [
            (G.SOCIAL_ECONOMY, {0: 2, 1: None}),
            (G.SOCIAL_ECONOMY, {0: 4, 1: None}),
            (G.PUBLIC_AUTHORITY, {0: 9}),
            (G.PUBLIC_AUTHORITY, {0: None, 1: 10}),
        ],
    )
    frame = summary(counts(session=session, step=step), steps.config(step)).set_index("statement")
    assert frame.loc[0, "n"] == 3 and frame.loc[0, "dont_know"] == 1
    assert frame.loc[0, "mean"] == pytest.approx(5.0) and frame.loc[0, "median"] == 4
    assert frame.loc[1, "n"] == 1 and frame.loc[1, "dont_know"] == 2
    assert frame.loc[1, "mean"] == 10
    assert frame.loc[2, "n"] == 0 and math.isnan(frame.loc[2, "mean"])
    groups = steps.get(StepKind.RATING).frames(session, step)["groups"]
    social = groups[(groups.statement == 0) & (groups.group == G.SOCIAL_ECONOMY.value)].iloc[0]
    assert (social.n, social.dont_know, social["median"]) == (2, 0, 3)


@pytest.mark.parametrize(
    "medians,low,high,expected",
    [
        ([4, 4, 4], 1, 5, 1.0),  # every group the same
        ([1, 5], 1, 5, 0.0),  # two camps at the two ends
        ([2, 4], 1, 5, 0.5),
        ([0, 0, 10, 10], 0, 10, 0.0),
        ([3, 4], 0, 10, 0.9),
        ([2, 3, 4], 1, 5, 0.5),  # pairs 1+2+1 = 4 of the widest 1*2*4 = 8
        ([4], 1, 5, float("nan")),  # one group: nothing to agree on
        ([], 1, 5, float("nan")),
    ],
)
def test_agreement_figure(medians, low, high, expected):
    got = agreement_score(medians, low, high)
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(expected)


def test_agreement_per_statement_and_the_sides_of_the_scale(session):
    _owner, workshop, step = room(session, "agree")
    fill(
        session,
        workshop,
        step,
        [
            (G.SOCIAL_ECONOMY, {0: 5, 1: 1}),
            (G.SOCIAL_ECONOMY, {0: 4, 1: 1}),
            (G.PUBLIC_AUTHORITY, {0: 4, 1: 5}),
            (G.PUBLIC_AUTHORITY, {0: 5, 1: 5}),
            (G.BUSINESS, {0: None, 1: 3}),
        ],
    )
    frame = steps.get(StepKind.RATING).frames(session, step)["summary"].set_index("statement")
    # Statement 0: both groups' medians 4.5 (business said "don't know": no median).
    assert frame.loc[0, "agreement"] == 1.0 and frame.loc[0, "groups"] == 2
    assert (frame.loc[0, "above"], frame.loc[0, "below"]) == (2, 0)
    # Statement 1: medians 1, 5 and 3: the widest split for three groups.
    assert frame.loc[1, "agreement"] == 0.0 and frame.loc[1, "groups"] == 3
    assert (frame.loc[1, "above"], frame.loc[1, "below"]) == (1, 1)
    assert math.isnan(frame.loc[2, "agreement"]) and frame.loc[2, "groups"] == 0


def test_small_groups_are_pooled_before_anything_is_derived(session):
    from pari.results import step_results

    _owner, workshop, step = room(session, "1-5", min_group_size=2)
    fill(
        session,
        workshop,
        step,
        [
            (G.SOCIAL_ECONOMY, {0: 5}),
            (G.SOCIAL_ECONOMY, {0: 5}),
            (G.BUSINESS, {0: 1}),  # alone in its group
            (G.KNOWLEDGE, {0: 3}),  # alone too
        ],
    )
    frames = step_results(session=session, workshop_id=workshop.id).frames
    groups = frames["groups"]
    assert set(groups.group) == {G.SOCIAL_ECONOMY.value, TOO_FEW}
    pooled = groups[groups.group == TOO_FEW].iloc[0]
    assert (pooled.n, pooled["median"]) == (2, 2)  # business and knowledge together
    assert set(frames["counts"].group) == {G.SOCIAL_ECONOMY.value, TOO_FEW}
    first = frames["summary"].set_index("statement").loc[0]
    # Medians 5 and 2 (the pool), not 5, 1 and 3.
    assert first.groups == 2 and first.agreement == pytest.approx(1 - 3 / 4)
    assert first.n == 4 and first["mean"] == pytest.approx(3.5)


# --- settings change once rated -----------------------------------------------------------


def test_settings_change_refused_once_rated_but_statements_may_be_added(session):
    owner, workshop, step = room(session)
    user = to_auth_user(owner)

    def change(**config):
        ws.update_step(session=session, user=user, step_id=step.id, config=config)
        session.commit()

    change(scale="1-5")  # nobody rated yet: anything goes
    change(scale="agree", statements=[STATEMENTS[1], STATEMENTS[0], STATEMENTS[2]])
    change(statements=STATEMENTS)
    pid = phone(session, workshop)
    rate(session=session, participant_id=pid, step_id=step.id, ratings={2: 4})
    session.commit()
    for refused in (
        {"scale": "0-10"},
        {"statements": [STATEMENTS[1], STATEMENTS[0], STATEMENTS[2]]},  # reordered
        {"statements": STATEMENTS[:2]},  # one removed
        {"statements": [STATEMENTS[0], STATEMENTS[1], "The region will back the plan"]},
    ):
        with pytest.raises(ws.StepHasInput) as err:
            change(**refused)
        assert "add statements at the end" in str(err.value.localized())
        session.rollback()
    change(statements=[*STATEMENTS, "We will meet again in spring"])
    assert steps.config(session.get(type(step), step.id)).statements[-1].startswith("We will")


# --- paper input -----------------------------------------------------------------------


def test_paper_ratings_go_through_the_rule_and_name_who_typed_them(session):
    from pari import moderation

    owner, workshop, step = room(session, "0-10")
    user = to_auth_user(owner)
    person = moderation.add_paper_participant(
        session=session, user=user, workshop_id=workshop.id, group=G.BUSINESS
    )
    rate_on_paper(
        session=session,
        user=user,
        participant_id=person.id,
        step_id=step.id,
        ratings={0: 7, 2: None},
    )
    session.commit()
    saved = rows(session, step)
    assert {(r.statement, r.value) for r in saved} == {(0, 7), (2, None)}
    assert {r.entered_by_user_id for r in saved} == {owner.id}
    with pytest.raises(InvalidInput):
        rate_on_paper(
            session=session, user=user, participant_id=person.id, step_id=step.id, ratings={0: 11}
        )
    session.rollback()
    phone_person = phone(session, workshop)
    with pytest.raises(InvalidInput):  # a phone's person is not typed in on paper
        rate_on_paper(
            session=session, user=user, participant_id=phone_person, step_id=step.id, ratings={0: 1}
        )
    session.rollback()


# --- export, report, comparisons, demo -----------------------------------------------------


def test_export_rows_name_the_statement_and_the_value(session):
    from pari import moderation
    from pari.reporting import exports

    owner, workshop, step = room(session, "agree")
    pid = phone(session, workshop, G.PUBLIC_AUTHORITY)
    rate(session=session, participant_id=pid, step_id=step.id, ratings={0: 4, 1: None})
    person = moderation.add_paper_participant(
        session=session, user=to_auth_user(owner), workshop_id=workshop.id, group=G.BUSINESS
    )
    rate_on_paper(
        session=session,
        user=to_auth_user(owner),
        participant_id=person.id,
        step_id=step.id,
        ratings={2: 1},
    )
    session.commit()
    export = exports.workshop_export_by_id(session=session, workshop_id=workshop.id)
    table = export.tables["ratings"]
    assert "ratings.csv" in exports.FILES
    assert list(table[0]) == list(exports.COLUMNS["ratings"])
    by = {(r["participant_id"], r["statement_index"]): r for r in table}
    agree = by[(pid, 0)]
    assert agree["statement"] == STATEMENTS[0] and agree["scale"] == "agree"
    assert (agree["value"], agree["value_label"], agree["dont_know"]) == (4, "Agree", False)
    assert agree["stakeholder_group"] == "public_authority"
    assert agree["workshop_code"] == workshop.code and agree["entered_by"] is None
    unknown = by[(pid, 1)]
    assert (unknown["value"], unknown["value_label"], unknown["dont_know"]) == (
        None,
        "Don't know",
        True,
    )
    paper = by[(person.id, 2)]
    assert paper["value_label"] == "Strongly disagree" and paper["entered_by"] == owner.username
    assert exports.SHEET_LABELS["ratings"] == "Ratings"


def test_report_section_holds_the_figures_per_statement(session):
    from pari.reporting import plan as plan_module

    _owner, workshop, step = room(session, "1-5", min_group_size=2)
    fill(
        session,
        workshop,
        step,
        [
            (G.SOCIAL_ECONOMY, {0: 4, 1: None}),
            (G.SOCIAL_ECONOMY, {0: 5, 1: 2}),
            (G.BUSINESS, {0: 1}),  # a small group: pooled
        ],
    )
    plan = plan_module.collect(session=session, workshop_id=workshop.id)
    (section,) = [s for s in plan.sections if s.kind == "rating"]
    assert set(section.groups.group) == {G.SOCIAL_ECONOMY.value, TOO_FEW}
    keys = [f.key for f in section.figures()]
    assert keys == [f"rating-{step.id}", f"rating-groups-{step.id}"]
    svgs = {k: "<svg></svg>" for k in keys}
    made = section.blocks(svgs)
    table = next(b for b in made if b["kind"] == "table")
    first = [cell[0].text for cell in table["rows"][0]]
    assert first[0] == STATEMENTS[0]
    assert first[1:4] == ["3", "3.3", "4"]  # n, mean, median
    assert first[4:6] == ["0", "12%"]  # medians 4.5 and 1 (pooled): 1 - 3.5 / 4
    assert first[6] == "1: 1 · 2: 0 · 3: 0 · 4: 1 · 5: 1"
    second = [cell[0].text for cell in table["rows"][1]]
    assert second[1] == "1" and second[4] == "1" and second[5] == "–"
    assert sum(b["kind"] == "chart" for b in made) == 2
    empty = room(session)[2]
    none = steps.get(StepKind.RATING).report_section(session, empty, None)
    assert [b["kind"] for b in none.blocks({})] == ["h2", "note"]


def test_charts_draw_with_and_without_answers(session):
    from pari.steps.rating.chart import distribution_chart, group_medians

    for scale in ("agree", "0-10", "1-5"):
        _owner, workshop, step = room(session, scale)
        cfg = steps.config(step)
        empty = steps.get(StepKind.RATING).frames(session, step)
        assert distribution_chart(empty["summary"], empty["counts"], cfg, big=True).layout
        fill(session, workshop, step, [(G.SOCIAL_ECONOMY, {0: 3}), (G.BUSINESS, {0: 4, 1: None})])
        frames = steps.get(StepKind.RATING).frames(session, step)
        fig = distribution_chart(frames["summary"], frames["counts"], cfg, big=True)
        texts = " ".join(a.text for a in fig.layout.annotations)
        assert "<b>3.5" in texts and "Don't<br>know" in texts and "Agreement" in texts
        assert "1. The cluster will have a coordinator by summer" in texts
        groups = group_medians(frames["summary"], frames["groups"], cfg, big=True)
        assert {t.name for t in groups.data} >= {"Social economy", "Business", "Everyone"}


def test_hostile_statements_stay_plain_in_charts(session):
    from pari.steps.rating.chart import distribution_chart

    _owner, workshop, step = room(session, statements=["<b>bold</b> & <script>x</script>"])
    fill(session, workshop, step, [(G.SOCIAL_ECONOMY, {0: 3})])
    frames = steps.get(StepKind.RATING).frames(session, step)
    fig = distribution_chart(frames["summary"], frames["counts"], steps.config(step), big=True)
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "&lt;script&gt;" in texts and "<script>" not in texts


def test_recurring_statements_compare_their_mean_per_workshop(session):
    from pari.steps.rating.compare import recurring_statements

    made = []
    for values in ([4, 5], [2, 2, 3]):
        _owner, workshop, step = room(session, "agree")
        fill(session, workshop, step, [(G.SOCIAL_ECONOMY, {0: v}) for v in values])
        made.append(workshop.id)
    _owner, other, step = room(session, "0-10")  # same text, another scale: not compared
    fill(session, other, step, [(G.SOCIAL_ECONOMY, {0: 9})])
    _owner, lone, step = room(session, statements=["Only here"])
    fill(session, lone, step, [(G.SOCIAL_ECONOMY, {0: 1})])
    frame = recurring_statements(session=session, workshop_ids=[*made, other.id, lone.id])
    assert set(frame.statement) == {STATEMENTS[0]}
    assert list(frame.workshop_id) == made
    assert list(frame["mean"]) == [pytest.approx(4.5), pytest.approx(7 / 3)]
    assert list(frame.n) == [2, 3]
    assert recurring_statements(session=session, workshop_ids=[]).empty


def test_demo_rates_the_confidence_check_with_a_spread(session):
    import random

    from pari.demo import Room

    owner, workshop, step = room(session)
    demo = steps.part(StepKind.RATING, "demo")
    people = Room(
        session, to_auth_user(owner), session.get(Workshop, workshop.id), random.Random(3)
    )
    people.join(18)
    demo.play(people, step)
    session.commit()
    frame = summary(counts(session=session, step=step), steps.config(step))
    assert (frame.n + frame.dont_know == 18).all()
    assert frame.dont_know.sum() > 0
    assert frame.agreement.notna().all() and frame.agreement.nunique() > 1
    values = {r.value for r in rows(session, step)}
    assert len(values - {None}) >= 3


def test_the_frames_are_what_the_wall_draws(session):
    _owner, _workshop, step = room(session)
    frames = steps.get(StepKind.RATING).frames(session, step)
    assert set(frames) == {"counts", "summary", "groups"}
    assert all(isinstance(f, pd.DataFrame) for f in frames.values())
    assert list(frames["summary"].statement) == [0, 1, 2]


def test_racing_taps_of_one_person_keep_one_row_per_statement(engine, session):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    _owner, workshop, step = room(session, "0-10")
    pid = phone(session, workshop)
    go = threading.Event()

    def tap(value):
        with Session(engine, expire_on_commit=False) as s:
            go.wait(timeout=30)
            rate(session=s, participant_id=pid, step_id=step.id, ratings={0: value, 1: value})
            s.commit()

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(tap, v) for v in range(11)]
        go.set()
        for f in futures:
            f.result(timeout=120)
    saved = rows(session, step)
    assert sorted(r.statement for r in saved) == [0, 1]
    assert len({r.value for r in saved}) == 1


# --- what a fresh-eyes test found (the wall's shapes, the mean in words, the editor) ------


def _bars_and_lines(fig):
    """Each bar's y extent (centre ± half its width) and the middle lines' y extents."""
    bars = [(y - t.width / 2, y + t.width / 2) for t in fig.data if t.type == "bar" for y in t.y]
    lines = [(s.y0, s.y1) for s in fig.layout.shapes if s.type == "line"]
    return bars, lines


@pytest.mark.parametrize("big", [True, False])
def test_the_middle_line_stays_within_its_bar_and_crosses_no_text(session, big):
    from pari.steps.rating.chart import distribution_chart

    _owner, workshop, step = room(session)
    people = [(G.SOCIAL_ECONOMY, {0: 3, 1: 2, 2: 3}), (G.BUSINESS, {0: 4, 1: 3, 2: 1})]
    fill(session, workshop, step, people)
    frames = steps.get(StepKind.RATING).frames(session, step)
    fig = distribution_chart(frames["summary"], frames["counts"], steps.config(step), big=big)
    bars, lines = _bars_and_lines(fig)
    assert len(lines) == 3
    for y0, y1 in lines:  # each line inside one bar's own height
        assert any(lo - 1e-9 <= y0 < y1 <= hi + 1e-9 for lo, hi in bars), (y0, y1, bars)
    # The statements sit wholly above their bar: anchored at its top edge, by their bottom.
    statements = [a for a in fig.layout.annotations if a.text.startswith(("1. ", "2. ", "3. "))]
    tops = sorted({round(lo, 6) for lo, _hi in bars})
    assert [(a.yanchor, round(a.y, 6)) for a in statements] == [("bottom", t) for t in tops]
    # No count label where the line is: every labelled segment lies wholly on one side of 0.
    for t in fig.data:
        for x, base, text in zip(t.x, t.base, t.text, strict=True):
            if text:
                assert base >= -1e-9 or base + x <= 1e-9, (t.name, base, x, text)


def test_the_mean_reads_in_words_on_the_agree_scale_and_a_missing_agreement_says_why(session):
    from pari.steps.rating.chart import distribution_chart, mean_words

    cfg = RatingConfig(("a",), "agree")
    assert mean_words(3.7, cfg) == "3.7 · agree"
    assert mean_words(1.2, cfg) == "1.2 · strongly disagree"
    assert mean_words(3.0, cfg) == "3.0 · neutral"
    assert mean_words(7.4, RatingConfig(("a",), "0-10")) == "7.4"
    assert mean_words(float("nan"), cfg) == "–"
    _owner, workshop, step = room(session)
    fill(session, workshop, step, [(G.SOCIAL_ECONOMY, {0: 4}), (G.SOCIAL_ECONOMY, {0: 4})])
    frames = steps.get(StepKind.RATING).frames(session, step)
    fig = distribution_chart(frames["summary"], frames["counts"], steps.config(step), big=True)
    texts = [a.text for a in fig.layout.annotations]
    assert "<b>4.0 · agree</b>" in texts
    # One group rated: agreement "–", and one note says why (once, not per statement).
    assert sum("fewer than two groups" in t for t in texts) == 1
    fill(session, workshop, step, [(G.BUSINESS, {0: 2})])
    frames = steps.get(StepKind.RATING).frames(session, step)
    fig = distribution_chart(frames["summary"], frames["counts"], steps.config(step), big=True)
    assert not any("fewer than two groups" in a.text for a in fig.layout.annotations)


def test_the_editor_names_the_long_statement_and_how_many_were_given():
    kind = steps.get(StepKind.RATING)
    with pytest.raises(InvalidConfig) as long:
        kind.validate({"statements": ["Short one", "", "x" * 400], "scale": "agree"}, dot_budget=5)
    assert long.value.localized() == "Statement 2 is too long: 400 characters (at most 200)."
    many = [f"Statement number {i} about cooperation" for i in range(1, 25)]
    with pytest.raises(InvalidConfig) as too_many:
        kind.validate({"statements": many, "scale": "agree"}, dot_budget=5)
    assert too_many.value.localized() == "Give at most 12 statements: you gave 24."
    assert kind.validate({"statements": many[:12], "scale": "agree"}, dot_budget=5).statements


def test_the_wall_key_names_every_answer_in_plain_text():
    from pari.steps.rating.wall import agree_key

    key = agree_key()
    for label in ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree"):
        assert f"</i>{label}</span>" in key
    assert key.count("<i style=") == 5 and "font-size: 24px" in key
