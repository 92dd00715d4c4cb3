"""Cross-workshop comparisons for coordinators, and the agreement figure per card."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from pari import accounts, charts
from pari import workshops as ws
from pari.demo import create_demo
from pari.models import (
    CommitmentKind,
    CommitmentRole,
    StakeholderGroup,
    StepKind,
    Template,
    Workshop,
    WorkshopStatus,
)
from pari.reporting import compare
from pari.steps.commitments import rules as pledge_rules
from pari.steps.dot_vote import chart as dot_vote_chart
from pari.steps.dot_vote import results as dot_vote
from pari.workshops.design import territories, territory_key
from tests.factories import make_current, make_participant, make_user, make_workshop


@pytest.mark.parametrize(
    "shares,expected",
    [
        ([0.2, 0.2, 0.2], 1.0),  # every group gave it the same share: converge
        ([0.5, 0.0, 0.0], 0.0),  # one group alone: diverge
        ([0.4, 0.2], 2 / 3),  # 1 - |0.4-0.2|*2 / (2*1*0.6)
        ([0.3], math.nan),  # one group cannot agree with itself
        ([0.0, 0.0], math.nan),  # nobody backed it
    ],
)
def test_agreement_score(shares, expected):
    got = dot_vote.agreement_score(shares)
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(expected)


def test_agreement_uses_each_groups_share_of_its_own_dots():
    tally = pd.DataFrame(
        [
            (1, "Bus", "social_economy", 6),  # 6 of social economy's 10 dots
            (1, "Bus", "public_authority", 3),  # 3 of authority's 5
            (2, "Soil", "social_economy", 4),
            (2, "Soil", "public_authority", 2),
            (3, "Hall", "", 9),  # no group given: counts in dots, not in agreement
        ],
        columns=["card_id", "text", "group", "dots"],
    )
    frame = dot_vote.agreement(tally).set_index("text")
    assert frame.loc["Bus", "dots"] == 9 and frame.loc["Hall", "dots"] == 9
    assert frame.loc["Bus", "agreement"] == pytest.approx(1.0)  # 60% and 60%
    assert frame.loc["Soil", "agreement"] == pytest.approx(1.0)
    assert math.isnan(frame.loc["Hall", "agreement"])
    assert frame.loc["Bus", "groups_voting"] == 2
    fig = dot_vote_chart.agreement_dots(dot_vote.group_shares(tally), dot_vote.agreement(tally))
    assert {t.name for t in fig.data} == {"Social economy", "Public authorities"}
    assert all(t.marker.symbol for t in fig.data)  # readable without colour
    assert dot_vote_chart.agreement_bars(dot_vote.agreement(tally)).data[0].x[0] == 100.0


def test_agreement_of_nothing_is_an_empty_frame_and_an_empty_chart():
    empty = pd.DataFrame(columns=["card_id", "text", "group", "dots"])
    assert dot_vote.agreement(empty).empty
    assert dot_vote_chart.agreement_dots(
        dot_vote.group_shares(empty), dot_vote.agreement(empty)
    ).layout.annotations


def test_demo_comparison_spans_territories_without_ranking(session):
    create_demo(session=session)
    session.commit()
    overview = compare.overview(session=session)
    assert len(overview) == 3
    assert list(overview.territory) == sorted(overview.territory, key=str.casefold)
    ids = overview.workshop_id.tolist()
    readiness = compare.readiness(session=session, workshop_ids=ids)
    assert readiness.frame.territory.nunique() >= 2
    assert "vision" in readiness.dimensions
    fig = charts.readiness_side_by_side(readiness.frame, readiness.dimensions)
    titles = [a.text for a in fig.layout.annotations]
    assert titles == sorted(titles, key=str.casefold)  # by name, not by score
    kinds = compare.commitments_by_kind(session=session, workshop_ids=ids)
    assert kinds.territory.nunique() >= 2
    top = compare.top_priorities(session=session, workshop_ids=ids)
    assert set(top["rank"]) == {1, 2, 3}
    summaries = compare.summaries(session=session, workshop_ids=ids)
    assert {s.template for s in summaries} == {
        Template.LOCAL_PLAN.value,
        Template.MISSION_DEBRIEF.value,
    }


def test_filters():
    frame = pd.DataFrame(
        {
            "workshop_id": [1, 2, 3],
            "territory": ["Navarra", "Östergötland", "Navarra"],
            "held_on": [date(2026, 3, 1), date(2026, 5, 1), None],
            "template": ["local_plan", "mission_debrief", "local_plan"],
            "status": ["closed", "live", "draft"],
        }
    )
    pick = lambda **kw: compare.apply_filters(frame, compare.Filters(**kw)).workshop_id.tolist()  # noqa: E731
    assert pick() == [1, 2, 3]
    assert pick(territories=["Navarra"]) == [1, 3]
    assert pick(start=date(2026, 4, 1)) == [2, 3]  # undated kept by default
    assert pick(start=date(2026, 4, 1), include_undated=False) == [2]
    assert pick(templates=[Template.MISSION_DEBRIEF]) == [2]
    assert pick(statuses=[WorkshopStatus.CLOSED, WorkshopStatus.DRAFT]) == [1, 3]


# --- one territory typed two ways ------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["Torres Vedras", "torres vedras", "  TORRES   Vedras ", "Tórres Védras", "Torres\u00a0Vedras"],
)
def test_territory_key_ignores_case_accents_and_spaces(typed):
    assert territory_key(typed) == "torres vedras"


def test_territories_are_picked_from_a_list_that_grows(session):
    owner = accounts.to_auth_user(make_user(session))
    first = ws.create_workshop(session=session, user=owner, title="A", territory="Torres Vedras")
    again = ws.create_workshop(session=session, user=owner, title="B", territory=" tórres  vedras")
    other = ws.create_workshop(session=session, user=owner, title="C", territory="Navarra")
    session.commit()
    assert again.territory == first.territory == "Torres Vedras"  # the known spelling
    assert territories(session) == ["Navarra", "Torres Vedras"]
    ws.update_workshop(session=session, user=owner, workshop_id=other.id, territory="NAVARRA ")
    session.commit()
    assert session.get(Workshop, other.id).territory == "Navarra"


def test_dashboard_counts_a_territory_typed_two_ways_once(session):
    # Written before territories were picked from a list: two spellings stored.
    a, steps = make_workshop(session, steps=[(StepKind.COMMITMENTS, "Pledges", {})])
    b, _steps = make_workshop(session)
    a.territory, b.territory = "Torres Vedras", "torres  védras"
    session.add_all([a, b])
    person = make_participant(session, a, group=StakeholderGroup.BUSINESS)
    session.commit()
    make_current(session, a, steps[0])
    pledge_rules.pledge(
        session=session,
        participant_id=person.id,
        step_id=steps[0].id,
        role=CommitmentRole.LEAD,
        kind=CommitmentKind.TIME,
        what="Hours",
        priority_text="Care",
    )
    session.commit()
    overview = compare.overview(session=session)
    assert set(overview.territory) == {"Torres Vedras"}
    kinds = compare.commitments_by_kind(session=session, workshop_ids=overview.workshop_id)
    assert kinds.to_dict("records") == [
        {"territory": "Torres Vedras", "kind": "time", "pledges": 1}
    ]
    summaries = compare.summaries(session=session, workshop_ids=overview.workshop_id)
    assert {s.territory for s in summaries} == {"Torres Vedras"}


def test_a_statement_rated_in_two_workshops_is_set_side_by_side_by_date(session):
    """The rating scale (issue 19): a template's confidence check read per workshop,
    territories by their names, in date order rather than by their mean."""
    from pari.steps.rating.models import Rating

    made = []
    for territory, held_on, values in (
        ("Navarra", date(2026, 5, 1), [5, 5]),
        ("Östergötland", date(2026, 3, 1), [1, 2, 3]),
    ):
        workshop, (step,) = make_workshop(
            session,
            steps=[(StepKind.RATING, "Confidence", {"statements": ["We can"], "scale": "1-5"})],
        )
        workshop.territory, workshop.held_on = territory, held_on
        for v in values:
            p = make_participant(session, workshop, group=StakeholderGroup.BUSINESS)
            session.add(Rating(step_id=step.id, participant_id=p.id, statement=0, value=v))
        session.commit()
        made.append(workshop.id)
    frame = compare.rating_statements(session=session, workshop_ids=made)
    assert list(frame.workshop_id) == made[::-1]  # by date, the low mean first
    assert list(frame["mean"]) == [pytest.approx(2.0), pytest.approx(5.0)]
    assert set(frame.territory) == {"Navarra", "Östergötland"}
