"""Privacy as promised (issue 18, points 9 and 10): names in a plan only with the
person's own consent; a stakeholder group of fewer people than the workshop's
smallest group shown is "Too few to show" in every breakdown, raw exports aside."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from pari import accounts, privacy, results
from pari import workshops as ws
from pari.labels import group_label
from pari.models import (
    CommitmentKind,
    CommitmentRole,
    Participant,
    StakeholderGroup,
    StepKind,
    Workshop,
)
from pari.phone import plan as phone_plan
from pari.reporting import compare, document, exports, tables
from pari.reporting import plan as local_plan
from pari.steps.assessment import rules as assessment_rules
from pari.steps.check_in.chart import room_donut
from pari.steps.commitments import results as commitments_results
from pari.steps.commitments import rules as pledge_rules
from pari.steps.dot_vote import chart as dot_vote_chart
from pari.steps.dot_vote import results as dot_vote
from pari.steps.dot_vote import rules as vote_rules
from pari.steps.dot_vote import wall as dot_vote_wall
from pari.steps.ideas import rules as ideas_rules
from pari.workshops.design import validate_min_group_size
from tests.factories import make_participant, make_user
from tests.test_report import pdf_text

G = StakeholderGroup
TOO_FEW = privacy.TOO_FEW
FEW = "Too few to show"
CHECK_IN, ASSESSMENT, CHALLENGES, VOTE, COMMITMENTS = 0, 4, 6, 7, 10  # the local plan's steps


class Room:
    """A local plan workshop: three social economy, three authorities, two businesses."""

    def __init__(self, session) -> None:
        self.session = session
        self.owner = accounts.to_auth_user(make_user(session, username="fac"))
        self.workshop = ws.create_workshop(session=session, user=self.owner, title="Kinda")
        self.steps = ws.list_steps(session=session, workshop_id=self.workshop.id)
        self.ana = make_participant(
            session,
            self.workshop,
            group=G.SOCIAL_ECONOMY,
            name="Ana Lopes",
            organisation="Coop Ana",
            name_in_plan=True,
        )
        self.others = [
            make_participant(session, self.workshop, group=g)
            for g in (G.SOCIAL_ECONOMY, G.SOCIAL_ECONOMY) + (G.PUBLIC_AUTHORITY,) * 3
        ]
        self.bruno = make_participant(
            session, self.workshop, group=G.BUSINESS, name="Bruno Segredo", organisation="Quinta"
        )
        self.carla = make_participant(session, self.workshop, group=G.BUSINESS, name="Carla Oculta")
        self.everyone = [self.ana, *self.others, self.bruno, self.carla]
        session.commit()

    def run(self, index: int):
        step = self.steps[index]
        ws.open_step(session=self.session, user=self.owner, step_id=step.id)
        self.session.commit()
        return step

    def pledge_each(self) -> None:
        step = self.run(COMMITMENTS)
        for person in (self.ana, self.bruno, self.carla):
            pledge_rules.pledge(
                session=self.session,
                participant_id=person.id,
                step_id=step.id,
                role=CommitmentRole.SUPPORTING,
                kind=CommitmentKind.TIME,
                what="Two afternoons",
                priority_text="Care cooperative",
            )
        self.session.commit()

    def plan(self) -> local_plan.Plan:
        return local_plan.collect(session=self.session, workshop_id=self.workshop.id)


@pytest.fixture
def room(session) -> Room:
    return Room(session)


# --- names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,organisation,consent,shown",
    [
        ("Ana", "Coop", True, "Ana, Coop"),
        ("Ana", "", True, "Ana"),
        ("Ana", "Coop", False, "Coop"),
        ("Ana", "", False, ""),  # the plan then shows the group
        ("", "", True, ""),
    ],
)
def test_who_names_a_person_only_with_their_consent(name, organisation, consent, shown):
    person = Participant(name=name, organisation=organisation, name_in_plan=consent)
    assert privacy.who(person) == shown


def test_plan_and_its_pdf_name_only_those_who_agreed(room, tmp_path):
    room.pledge_each()
    plan = room.plan()
    assert list(plan.pledges.owner) == ["Ana Lopes, Coop Ana", "Quinta", ""]
    business = group_label(G.BUSINESS, short=True)
    assert list(tables.pledges_table(plan.pledges)[tables._("Who")]) == [
        f"Ana Lopes, Coop Ana · {group_label(G.SOCIAL_ECONOMY, short=True)}",
        f"Quinta · {business}",
        business,
    ]
    html = document.html_report(plan, lang="en", draw_charts=False)
    text = " ".join(
        pdf_text(document.pdf_report(plan, lang="en", draw_charts=False), tmp_path).split()
    )
    for page in (html, text):
        assert "Ana Lopes" in page and "Quinta" in page
        assert "Segredo" not in page and "Oculta" not in page


def test_the_phones_plan_and_every_pledge_frame_name_only_those_who_agreed(room):
    """Every participant reads the plan on their phone: the same rule as the plan page."""
    room.pledge_each()
    plan = phone_plan.plan_view(session=room.session, workshop_id=room.workshop.id)
    assert [p.who for p in plan.pledges] == ["Ana Lopes, Coop Ana", "Quinta", ""]
    frame = commitments_results.pledges(session=room.session, workshop_id=room.workshop.id)
    assert list(frame.owner) == ["Ana Lopes, Coop Ana", "Quinta", ""]


def test_the_page_table_shows_no_none_and_an_amount_names_its_unit(room):
    step = room.run(COMMITMENTS)
    for unit in ("EUR", None):
        pledge_rules.pledge(
            session=room.session,
            participant_id=room.ana.id,
            step_id=step.id,
            role=CommitmentRole.LEAD,
            kind=CommitmentKind.MONEY,
            what="Seed money",
            priority_text="Care cooperative",
            amount=500.0,
            unit=unit,
        )
    room.session.commit()
    table = tables.pledges_table(room.plan().pledges)
    assert list(table[tables._("Amount")]) == ["500 EUR", "500 (no unit given)"]
    assert not table.isin(["None", "nan", "NaT"]).any().any()
    assert not table.isna().any().any()


# --- small groups ----------------------------------------------------------------


def test_a_group_of_two_is_too_few_to_show_on_the_wall_and_in_the_plan(room):
    room.run(CHECK_IN)
    frames = results.step_results(session=room.session, workshop_id=room.workshop.id).frames
    shown = frames["room"].set_index("group").participants.to_dict()
    assert shown == {"social_economy": 3, "public_authority": 3, TOO_FEW: 2}
    labels = list(room_donut(frames["room"], big=True).data[0].labels)
    assert labels[-1] == "Too few to show" and group_label(G.BUSINESS) not in labels

    plan = room.plan()
    assert plan.participants == 8
    assert list(tables.room_table(plan)[tables._("People")]) == [3, 3, 2]
    assert list(tables.room_table(plan)[tables._("Stakeholder group")])[-1] == "Too few to show"
    html = document.html_report(plan, lang="en", draw_charts=False)
    assert "Too few to show" in html


def test_small_groups_are_masked_in_breakdowns_but_kept_in_totals(room):
    step = room.run(ASSESSMENT)
    for person in room.everyone:
        assessment_rules.rate(
            session=room.session, participant_id=person.id, step_id=step.id, ratings={"vision": 7}
        )
    room.run(CHALLENGES)
    card = ideas_rules.add_card(
        session=room.session,
        participant_id=room.ana.id,
        step_id=room.steps[CHALLENGES].id,
        text="Bus",
        category=room.steps[CHALLENGES].config["categories"][0],
    )
    room.run(VOTE)
    for person in (room.ana, room.bruno):
        vote_rules.set_dots(
            session=room.session,
            participant_id=person.id,
            step_id=room.steps[VOTE].id,
            card_id=card.id,
            dots=2,
        )
    room.session.commit()

    plan = room.plan()
    (assessment,) = [s for s in plan.sections if s.kind == "assessment"]
    groups = set(assessment.frame.group)
    assert groups == {"*", "social_economy", "public_authority"}  # none for two people
    assert int(assessment.frame.loc[assessment.frame.group == "*", "n"].iloc[0]) == 8
    (vote,) = [s for s in plan.sections if s.kind == "dot_vote"]
    assert set(vote.tally.group) == {"social_economy", TOO_FEW}
    assert int(vote.tally.dots.sum()) == 4  # the business dots still count

    # At a smallest group of two, the businesses are shown.
    ws.update_workshop(
        session=room.session, user=room.owner, workshop_id=room.workshop.id, min_group_size=2
    )
    room.session.commit()
    (vote,) = [s for s in room.plan().sections if s.kind == "dot_vote"]
    assert set(vote.tally.group) == {"social_economy", "business"}


def vote_on_the_wall(room) -> dict[str, pd.DataFrame]:
    """The presenter's frames of a dot vote where the businesses (two people) gave a
    card all the dots it has, and the social economy gave dots to another card."""
    room.run(CHALLENGES)
    challenges = room.steps[CHALLENGES]
    bus, care = (
        ideas_rules.add_card(
            session=room.session,
            participant_id=room.ana.id,
            step_id=challenges.id,
            text=text,
            category=challenges.config["categories"][0],
        )
        for text in ("Bus", "Care")
    )
    room.run(VOTE)
    for person, card, dots in ((room.bruno, bus, 3), (room.carla, bus, 2), (room.ana, care, 1)):
        vote_rules.set_dots(
            session=room.session,
            participant_id=person.id,
            step_id=room.steps[VOTE].id,
            card_id=card.id,
            dots=dots,
        )
    room.session.commit()
    return results.step_results(session=room.session, workshop_id=room.workshop.id).frames


def test_the_wall_never_names_a_small_group_in_a_dot_vote(room):
    frames = vote_on_the_wall(room)
    tally, agree = frames["tally"], frames["agreement"]
    assert set(tally.group) == {"social_economy", TOO_FEW}
    assert int(tally.dots.sum()) == 6  # the business dots still count
    assert list(agree.text) == ["Bus", "Care"] and list(agree.dots) == [5, 1]
    assert list(agree.keenest_group) == [TOO_FEW, "social_economy"]
    assert list(agree.groups) == [0, 1]  # the pooled small groups are not one group
    for frame in frames.values():
        assert not frame.isin(["business"]).any().any()


def test_dot_vote_charts_and_wall_show_too_few_to_show(room):
    frames = vote_on_the_wall(room)
    bars = dot_vote_chart.dot_bars(frames["tally"], big=True)
    assert [t.name for t in bars.data] == [group_label(G.SOCIAL_ECONOMY, short=True), FEW]
    shares = dot_vote.group_shares(frames["tally"])
    dots = dot_vote_chart.agreement_dots(shares, frames["agreement"], big=True)
    assert FEW in [t.name for t in dots.data]
    drawn = []
    dot_vote_wall.draw(frames, {}, chart=drawn.append)
    assert len(drawn) == 2
    for figure in drawn:
        page = figure.to_json()
        assert FEW in page and group_label(G.BUSINESS, short=True) not in page
    section = SimpleNamespace(agreement=frames["agreement"].assign(x=None, y=None))
    table = dot_vote_wall.priorities_table(section)
    assert list(table[dot_vote_wall._("Most support from")]) == [
        FEW,
        group_label(G.SOCIAL_ECONOMY, short=True),
    ]


def two_small_groups_behind_one_card() -> tuple[privacy.GroupRule, pd.DataFrame]:
    """A rule (at least 3) and a dot tally where two small groups, business (2 people)
    and knowledge (1), gave "Bus" dots beside support (4), who also gave "Care" some."""
    rule = privacy.GroupRule(3, {"business": 2, "knowledge": 1, "support": 4})
    tally = pd.DataFrame(
        {
            "card_id": [1, 1, 1, 2],
            "text": ["Bus", "Bus", "Bus", "Care"],
            "group": ["business", "knowledge", "support", "support"],
            "dots": [2, 2, 1, 3],
        }
    )
    return rule, tally


def test_masking_a_pooled_shares_frame_draws_one_marker_per_row():
    """Two small groups masked in the same frame of shares (as the plan masks it) are
    one "Too few to show" marker per card, at their mean share."""
    rule, tally = two_small_groups_behind_one_card()
    agree = rule.mask(dot_vote.agreement(tally))
    assert list(agree.keenest_group) == [TOO_FEW, "support"]
    shares = rule.mask(dot_vote.group_shares(tally))
    figure = dot_vote_chart.agreement_dots(shares, agree)
    (pooled,) = [t for t in figure.data if t.name == FEW]
    assert list(pooled.x) == [100.0, 0.0]


def test_dashboard_data_pools_small_groups_and_raw_exports_keep_rows(room):
    (summary,) = compare.summaries(session=room.session, workshop_ids=[room.workshop.id])
    assert summary.groups == [("social_economy", 3), ("public_authority", 3), (TOO_FEW, 2)]
    rows = exports.workshop_export(session=room.session, workshop=room.workshop).tables
    groups = pd.Series([r["stakeholder_group"] for r in rows["participants"]])
    assert int((groups == "business").sum()) == 2


def test_group_rule_mask_keeps_everyone_and_is_idempotent():
    rule = privacy.GroupRule(3, {"business": 2, "knowledge": 5, "": 1})
    frame = pd.DataFrame({"group": ["business", "knowledge", "", "*"], "n": [1, 2, 3, 4]})
    masked = rule.mask(frame)
    assert list(masked.group) == [TOO_FEW, "knowledge", TOO_FEW, "*"]
    assert rule.mask(masked).equals(masked)
    derived = pd.DataFrame({"keenest_group": ["business", "", "knowledge"]})
    assert list(rule.mask(derived).keenest_group) == [TOO_FEW, "", "knowledge"]  # '': none
    assert privacy.group_text(TOO_FEW) == "Too few to show"


# --- the smallest group shown, per workshop --------------------------------------


@pytest.mark.parametrize("value", [0, 21, -3, "3", 3.0, True, None])
def test_smallest_group_shown_is_a_whole_number_from_1_to_20(value):
    with pytest.raises(ws.WorkshopError):
        validate_min_group_size(value)


def test_smallest_group_shown_is_set_at_creation_changed_and_copied(session):
    owner = accounts.to_auth_user(make_user(session))
    w = ws.create_workshop(session=session, user=owner, title="Small room", min_group_size=5)
    session.commit()
    assert w.min_group_size == 5
    with pytest.raises(ws.WorkshopError, match="between 1 and 20"):
        ws.update_workshop(session=session, user=owner, workshop_id=w.id, min_group_size=25)
    session.rollback()
    ws.update_workshop(session=session, user=owner, workshop_id=w.id, min_group_size=1)
    copy = ws.duplicate_workshop(session=session, user=owner, workshop_id=w.id)
    session.commit()
    assert session.get(Workshop, w.id).min_group_size == 1
    assert copy.min_group_size == 1
    with pytest.raises(ws.WorkshopError):
        ws.create_workshop(session=session, user=owner, title="Nobody", min_group_size=0)


def test_the_vote_agreement_does_not_count_small_groups_one_by_one():
    """Two small groups behind one card: the wall's agreement is read from the pooled
    tally, so it cannot say how many small groups backed the card."""
    from pari import steps

    rule, tally = two_small_groups_behind_one_card()
    unmasked = dot_vote.agreement(tally)
    assert list(unmasked.groups) == [3, 1]  # what the stored groups would tell
    frames = steps.get(StepKind.DOT_VOTE).masked({"tally": tally, "agreement": unmasked}, rule)
    assert list(frames["agreement"].groups) == [1, 1]
    pooled = frames["tally"]
    assert sorted(zip(pooled.card_id, pooled.group, pooled.dots, strict=True)) == [
        (1, "support", 1),
        (1, TOO_FEW, 4),  # one row for the pooled groups, their dots together
        (2, "support", 3),
    ]
