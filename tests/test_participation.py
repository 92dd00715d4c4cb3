"""The rules phones are held to (issue 4), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, func, select

from pari import steps
from pari.models import (
    Assessment,
    Ballot,
    Commitment,
    Contribution,
    Participant,
    PollAnswer,
    Score,
    StakeholderGroup,
    StepKind,
    StepState,
    Vote,
    Workshop,
    WorkshopStatus,
)
from pari.phone import cards as phone_cards
from pari.phone import joining
from pari.phone import plan as phone_plan
from pari.phone import view as phone_view_
from pari.phone.errors import (
    BudgetExceeded,
    CapExceeded,
    HiddenCard,
    InvalidInput,
    NotCheckedIn,
    NotYours,
    ParticipationError,
    StepClosed,
    WorkshopEnded,
)
from pari.phone.joining import UnknownCode, WorkshopClosed
from pari.steps.assessment import rules as assessment_rules
from pari.steps.check_in import rules as check_in_rules
from pari.steps.commitments import rules as pledge_rules
from pari.steps.dot_vote import rules as vote_rules
from pari.steps.ideas import rules as ideas_rules
from pari.steps.matrix import rules as matrix_rules
from pari.steps.poll import rules as poll_rules
from tests.factories import make_current, make_phone, make_workshop

STEPS = [
    (StepKind.CHECK_IN, "Check-in", {}),
    (StepKind.IDEAS, "Challenges", {"categories": ["Social", "Ecological", "Economic"]}),
    (StepKind.DOT_VOTE, "Priorities", {"budget": 5, "per_card_cap": 3}, 1),
    (StepKind.MATRIX, "Paths", {"criteria": ["Impact", "Feasibility"]}, 1),
    (StepKind.POLL, "Governance", {"options": ["Network", "Association", "Cooperative"]}),
    (StepKind.POLL, "Several", {"options": ["A", "B", "C"], "multiple": True}),
    (StepKind.ASSESSMENT, "Readiness", {"dimensions": ["vision", "trust"]}),
    (StepKind.COMMITMENTS, "Commitments", {}, 1),
    (StepKind.PLAN, "Plan", {}),
    (StepKind.IDEAS, "Free ideas", {}),
]
CHECK_IN, IDEAS, VOTE, MATRIX, POLL, POLL_MULTI, ASSESS, PLEDGE, PLAN, FREE = range(10)


class Room:
    """A live workshop with every step kind, a phone, and cards on the ideas step."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.workshop, self.steps = make_workshop(session, steps=STEPS)
        self.me, self.token = make_phone(session, self.workshop)
        self.other, _ = make_phone(session, self.workshop, group=StakeholderGroup.BUSINESS)
        self.cards = [
            Contribution(
                workshop_id=self.workshop.id,
                step_id=self.steps[IDEAS].id,
                participant_id=self.other.id,
                text=f"Card {i}",
                category="Social",
            )
            for i in range(4)
        ]
        session.add_all(self.cards)
        session.commit()

    def go(self, index: int, state: StepState = StepState.OPEN):
        make_current(self.session, self.workshop, self.steps[index], state)
        return self.steps[index]

    def do(self, fn, **kwargs):
        """Call a service as the page does: one transaction, committed on success."""
        kwargs.setdefault("participant_id", self.me.id)
        try:
            result = fn(session=self.session, **kwargs)
            self.session.commit()
            return result
        except BaseException:
            self.session.rollback()
            raise

    def count(self, model, **where) -> int:
        query = select(func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return self.session.exec(query).one()


@pytest.fixture
def room(session) -> Room:
    return Room(session)


# --- joining ------------------------------------------------------------------


def test_join_accepts_lower_case_and_spaces_and_refuses_closed(session):
    workshop, _ = make_workshop(session, code="ABC234")
    joined = joining.join(session=session, code=" abc 234 ", client_key="t")
    session.commit()
    assert joined.participant.workshop_id == workshop.id
    assert (
        joining.participant_by_token(session=session, token=joined.token).id
        == joined.participant.id
    )
    with pytest.raises(UnknownCode):
        joining.join(session=session, code="ZZZZZZ", client_key="t")
    workshop.status = WorkshopStatus.CLOSED
    session.add(workshop)
    session.commit()
    with pytest.raises(WorkshopClosed):
        joining.join(session=session, code="abc234", client_key="t")


# --- check-in -----------------------------------------------------------------


def test_check_in_then_re_check_in_edits_the_same_participant(room):
    fresh, _ = make_phone(room.session, room.workshop, checked_in=False)
    before = room.session.get(Workshop, room.workshop.id).version
    room.do(
        check_in_rules.check_in,
        participant_id=fresh.id,
        group="public_authority",
        name="  Ana\tRuiz ",
        organisation="Kommun",
        place=None,
        consent=True,
    )
    room.do(
        check_in_rules.check_in,
        participant_id=fresh.id,
        group=StakeholderGroup.CIVIL_SOCIETY,
        name="Ana",
        consent=True,
    )
    again = room.session.get(Participant, fresh.id)
    assert (again.group, again.name, again.organisation) == (
        StakeholderGroup.CIVIL_SOCIETY,
        "Ana",
        "",
    )
    assert again.consented and again.checked_in_at is not None
    assert room.count(Participant, workshop_id=room.workshop.id) == 3
    assert room.session.get(Workshop, room.workshop.id).version > before


@pytest.mark.parametrize(
    "fields,fragment",
    [
        ({"group": "farmers"}, "group"),
        ({"group": None}, "group"),
        ({"group": "business", "consent": False}, "agree"),
        ({"group": "business", "name": "x" * 121}, "too long"),
        ({"group": "business", "name_in_plan": "yes"}, "local plan"),
        ({"group": "business", "name_in_plan": 1}, "local plan"),
    ],
)
def test_check_in_refuses_bad_input(room, fields, fragment):
    fields = {"consent": True, **fields}
    with pytest.raises(InvalidInput, match=fragment):
        room.do(check_in_rules.check_in, **fields)


def test_name_in_plan_is_a_separate_choice_that_defaults_to_no(room):
    fresh, _ = make_phone(room.session, room.workshop, checked_in=False)
    details = {"participant_id": fresh.id, "group": "business", "name": "Ana", "consent": True}
    room.do(check_in_rules.check_in, **details)
    assert room.session.get(Participant, fresh.id).name_in_plan is False
    room.do(check_in_rules.check_in, **details, name_in_plan=True)  # "My details", later
    assert room.session.get(Participant, fresh.id).name_in_plan is True
    room.do(check_in_rules.check_in, **details, name_in_plan=False)
    assert room.session.get(Participant, fresh.id).name_in_plan is False


def test_nothing_before_check_in(room):
    fresh, _ = make_phone(room.session, room.workshop, checked_in=False)
    step = room.go(IDEAS)
    with pytest.raises(NotCheckedIn):
        room.do(
            ideas_rules.add_card,
            participant_id=fresh.id,
            step_id=step.id,
            text="x",
            category="Social",
        )


def test_language_is_stored_and_checked(room):
    room.do(joining.set_language, language="eu")
    assert room.session.get(Participant, room.me.id).language == "eu"
    with pytest.raises(InvalidInput):
        room.do(joining.set_language, language="de")


# --- hostile text (DESIGN section 6) -------------------------------------------


@pytest.mark.parametrize(
    "raw,stored",
    [
        ("  plain  ", "plain"),
        ("emoji 🌱🚜 ok", "emoji 🌱🚜 ok"),
        ("שלום עולם", "שלום עולם"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("**bold** [x](javascript:1) :red[x]", "**bold** [x](javascript:1) :red[x]"),
        ('=HYPERLINK("http://x")', '=HYPERLINK("http://x")'),
        ("nul\x00 bell\x07 esc\x1b[31m", "nul bell esc[31m"),
        ("line one\r\nline two\n\n\n\nthree", "line one\nline two\n\nthree"),
        ("right\u202eleft", "rightleft"),
        ("e\u0301", "é"),
    ],
)
def test_card_text_is_cleaned_and_kept_as_written(room, raw, stored):
    step = room.go(IDEAS)
    card = room.do(ideas_rules.add_card, step_id=step.id, text=raw, category="Social")
    assert room.session.get(Contribution, card.id).text == stored


@pytest.mark.parametrize(
    "raw,fragment",
    [
        ("", "write something"),
        ("  \n\t ", "write something"),
        ("\x00\x01", "write something"),
        ("a" * 501, "at most 500"),
        (None, "write something"),
        (123, "check"),
    ],
)
def test_card_text_refused_with_a_clear_message(room, raw, fragment):
    step = room.go(IDEAS)
    with pytest.raises(InvalidInput, match=fragment):
        room.do(ideas_rules.add_card, step_id=step.id, text=raw, category="Social")
    assert room.count(Contribution, participant_id=room.me.id) == 0


def test_longest_card_fits(room):
    step = room.go(IDEAS)
    card = room.do(ideas_rules.add_card, step_id=step.id, text="é" * 500, category="Social")
    assert len(room.session.get(Contribution, card.id).text) == 500


# --- ideas ---------------------------------------------------------------------


def test_double_submit_with_the_same_nonce_stores_one_card(room):
    step = room.go(IDEAS)
    first = room.do(
        ideas_rules.add_card,
        step_id=step.id,
        text="Bus",
        category="Social",
        client_nonce="nonce-0001",
    )
    again = room.do(
        ideas_rules.add_card,
        step_id=step.id,
        text="Bus",
        category="Social",
        client_nonce="nonce-0001",
    )
    assert first.id == again.id
    room.do(
        ideas_rules.add_card,
        step_id=step.id,
        text="Bus",
        category="Social",
        client_nonce="nonce-0002",
    )
    assert room.count(Contribution, participant_id=room.me.id) == 2


def test_resend_after_the_step_closed_returns_the_stored_card(room):
    step = room.go(IDEAS)
    card = room.do(
        ideas_rules.add_card, step_id=step.id, text="x", category="Social", client_nonce="n" * 12
    )
    room.go(IDEAS, StepState.CLOSED)
    assert (
        room.do(
            ideas_rules.add_card,
            step_id=step.id,
            text="x",
            category="Social",
            client_nonce="n" * 12,
        ).id
        == card.id
    )


@pytest.mark.parametrize("nonce", ["short", "x" * 65, "bad nonce!", 42])
def test_malformed_nonce_is_refused(room, nonce):
    step = room.go(IDEAS)
    with pytest.raises(InvalidInput):
        room.do(
            ideas_rules.add_card, step_id=step.id, text="x", category="Social", client_nonce=nonce
        )


@pytest.mark.parametrize(
    "index,category,ok,stored",
    [
        (IDEAS, "Social", True, "Social"),
        (IDEAS, "Political", False, None),
        (IDEAS, None, False, None),
        (FREE, None, True, ""),
        (FREE, "anything", True, ""),
    ],
)
def test_category_comes_from_the_step(room, index, category, ok, stored):
    step = room.go(index)
    if ok:
        card = room.do(ideas_rules.add_card, step_id=step.id, text="x", category=category)
        assert card.category == stored
    else:
        with pytest.raises(InvalidInput, match="category"):
            room.do(ideas_rules.add_card, step_id=step.id, text="x", category=category)


@pytest.mark.parametrize(
    "situation",
    ["not_started", "closed", "results", "not_current", "draft", "wrong_kind", "other_workshop"],
)
def test_cards_only_on_the_current_open_step(room, situation):
    step = room.steps[IDEAS]
    if situation in ("not_started", "closed", "results"):
        room.go(IDEAS, StepState(situation))
    elif situation == "not_current":
        room.go(IDEAS)
        room.go(FREE)
    elif situation == "draft":
        room.go(IDEAS)
        workshop = room.session.get(Workshop, room.workshop.id)
        workshop.status = WorkshopStatus.DRAFT
        room.session.add(workshop)
        room.session.commit()
    elif situation == "wrong_kind":
        step = room.go(VOTE)
    else:
        _, (other_step, *_) = make_workshop(room.session, steps=[(StepKind.IDEAS, "X", {})])
        room.go(IDEAS)
        step = other_step
    with pytest.raises(StepClosed):
        room.do(ideas_rules.add_card, step_id=step.id, text="x", category="Social")


def test_ended_workshop_refuses_everything(room):
    step = room.go(IDEAS)
    workshop = room.session.get(Workshop, room.workshop.id)
    workshop.status = WorkshopStatus.CLOSED
    room.session.add(workshop)
    room.session.commit()
    with pytest.raises(WorkshopEnded):
        room.do(ideas_rules.add_card, step_id=step.id, text="x", category="Social")


def test_own_card_edited_and_withdrawn_while_open_only(room):
    step = room.go(IDEAS)
    card = room.do(ideas_rules.add_card, step_id=step.id, text="first", category="Social")
    room.do(ideas_rules.edit_card, card_id=card.id, text="second", category="Economic")
    assert [
        c.text
        for c in ideas_rules.my_cards(
            session=room.session, participant_id=room.me.id, step_id=step.id
        )
    ] == ["second"]
    room.go(IDEAS, StepState.CLOSED)
    with pytest.raises(StepClosed):
        room.do(ideas_rules.edit_card, card_id=card.id, text="third", category="Social")
    with pytest.raises(StepClosed):
        room.do(ideas_rules.withdraw_card, card_id=card.id)
    assert room.session.get(Contribution, card.id).text == "second"
    room.go(IDEAS)
    room.do(ideas_rules.withdraw_card, card_id=card.id)
    assert (
        ideas_rules.my_cards(session=room.session, participant_id=room.me.id, step_id=step.id) == []
    )
    with pytest.raises(InvalidInput):
        room.do(ideas_rules.edit_card, card_id=card.id, text="back", category="Social")


def test_another_participants_card_cannot_be_changed(room):
    room.go(IDEAS)
    theirs = room.cards[0]
    with pytest.raises(NotYours):
        room.do(ideas_rules.edit_card, card_id=theirs.id, text="mine now", category="Social")
    with pytest.raises(NotYours):
        room.do(ideas_rules.withdraw_card, card_id=theirs.id)
    with pytest.raises(NotYours):
        room.do(ideas_rules.withdraw_card, card_id=999_999)
    fresh = room.session.get(Contribution, theirs.id)
    assert (fresh.text, fresh.withdrawn) == ("Card 0", False)


def test_hidden_card_cannot_be_edited_by_its_author(room):
    step = room.go(IDEAS)
    card = room.do(ideas_rules.add_card, step_id=step.id, text="rude", category="Social")
    card.hidden = True
    room.session.add(card)
    room.session.commit()
    with pytest.raises(HiddenCard):
        room.do(ideas_rules.edit_card, card_id=card.id, text="still rude", category="Social")


# --- dot vote ------------------------------------------------------------------


def _ballot(room, step) -> Ballot:
    return room.session.exec(
        select(Ballot).where(Ballot.step_id == step.id, Ballot.participant_id == room.me.id)
    ).one()


def _dots_sum(room, step) -> int:
    return room.session.exec(
        select(func.coalesce(func.sum(Vote.dots), 0)).where(
            Vote.step_id == step.id, Vote.participant_id == room.me.id
        )
    ).one()


def test_dots_spread_within_budget_and_cap(room):
    step = room.go(VOTE)
    a, b, c, _d = room.cards
    dots = room.do(vote_rules.set_dots, step_id=step.id, card_id=a.id, dots=3)
    assert (dots.budget, dots.cap, dots.left) == (5, 3, 2)
    with pytest.raises(CapExceeded, match="3"):
        room.do(vote_rules.set_dots, step_id=step.id, card_id=a.id, dots=4)
    room.do(vote_rules.set_dots, step_id=step.id, card_id=b.id, dots=2)
    with pytest.raises(BudgetExceeded):
        room.do(vote_rules.set_dots, step_id=step.id, card_id=c.id, dots=1)
    room.do(vote_rules.set_dots, step_id=step.id, card_id=a.id, dots=1)
    room.do(vote_rules.set_dots, step_id=step.id, card_id=c.id, dots=2)
    room.do(vote_rules.set_dots, step_id=step.id, card_id=b.id, dots=0)
    mine = vote_rules.my_dots(
        session=room.session, participant_id=room.me.id, step=step, workshop=room.workshop
    )
    assert mine.by_card == {a.id: 1, c.id: 2}
    assert _ballot(room, step).spent == _dots_sum(room, step) == 3
    assert room.count(Vote, participant_id=room.me.id) == 2


def test_setting_the_same_dots_twice_is_idempotent(room):
    step = room.go(VOTE)
    for _ in range(3):
        room.do(vote_rules.set_dots, step_id=step.id, card_id=room.cards[0].id, dots=2)
    assert _ballot(room, step).spent == 2
    assert room.count(Vote, participant_id=room.me.id) == 1


@pytest.mark.parametrize("dots", [-1, True, 1.5, "2"])
def test_dots_must_be_a_whole_number(room, dots):
    step = room.go(VOTE)
    with pytest.raises(InvalidInput):
        room.do(vote_rules.set_dots, step_id=step.id, card_id=room.cards[0].id, dots=dots)


@pytest.mark.parametrize("change", ["hidden", "withdrawn", "merged", "other_step", "missing"])
def test_vote_for_a_hidden_card_is_refused(room, change):
    step = room.go(VOTE)
    card = room.cards[1]
    card_id = card.id
    if change == "hidden":
        card.hidden = True
    elif change == "withdrawn":
        card.withdrawn = True
    elif change == "merged":
        card.merged_into_id = room.cards[0].id
    elif change == "other_step":
        card.step_id = room.steps[FREE].id
    else:
        card_id = 999_999
    room.session.add(card)
    room.session.commit()
    with pytest.raises(HiddenCard):
        room.do(vote_rules.set_dots, step_id=step.id, card_id=card_id, dots=1)
    assert room.count(Vote, participant_id=room.me.id) == 0


def test_dots_on_a_card_hidden_later_can_be_taken_back_not_added(room):
    step = room.go(VOTE)
    card = room.cards[1]
    room.do(vote_rules.set_dots, step_id=step.id, card_id=card.id, dots=2)
    card.hidden = True
    room.session.add(card)
    room.session.commit()
    with pytest.raises(HiddenCard):
        room.do(vote_rules.set_dots, step_id=step.id, card_id=card.id, dots=3)
    with pytest.raises(HiddenCard):  # nothing on it: nothing to take back
        room.do(vote_rules.set_dots, step_id=step.id, card_id=999_999, dots=0)
    dots = room.do(vote_rules.set_dots, step_id=step.id, card_id=card.id, dots=0)
    assert dots.spent == 0 and dots.left == dots.budget
    assert room.count(Vote, participant_id=room.me.id) == 0


def test_vote_on_a_closed_step_keeps_the_dots(room):
    step = room.go(VOTE)
    room.do(vote_rules.set_dots, step_id=step.id, card_id=room.cards[0].id, dots=2)
    room.go(VOTE, StepState.CLOSED)
    with pytest.raises(StepClosed):
        room.do(vote_rules.set_dots, step_id=step.id, card_id=room.cards[0].id, dots=0)
    assert _dots_sum(room, step) == 2


def test_budget_defaults_to_the_workshop_and_lowered_budget_only_takes_dots_off(room):
    step = room.steps[VOTE]
    step.config = {}
    room.session.add(step)
    room.session.commit()
    room.go(VOTE)
    a, b = room.cards[:2]
    room.do(vote_rules.set_dots, step_id=step.id, card_id=a.id, dots=5)  # workshop budget 5, cap 5
    step.config = {"budget": 3}
    room.session.add(step)
    room.session.commit()
    with pytest.raises(BudgetExceeded):
        room.do(vote_rules.set_dots, step_id=step.id, card_id=b.id, dots=1)
    room.do(vote_rules.set_dots, step_id=step.id, card_id=a.id, dots=4)
    assert _ballot(room, step).spent == 4


def test_ballot_check_is_the_last_guard(room):
    step = room.go(VOTE)
    room.do(vote_rules.set_dots, step_id=step.id, card_id=room.cards[0].id, dots=2)
    ballot = _ballot(room, step)
    ballot.spent = ballot.budget + 1
    room.session.add(ballot)
    with pytest.raises(Exception):  # noqa: B017 - IntegrityError on both backends
        room.session.commit()
    room.session.rollback()


def test_votes_move_the_version_but_not_the_stage(room):
    step = room.go(VOTE)
    before = room.session.get(Workshop, room.workshop.id)
    version, stage = before.version, before.stage_version
    room.do(vote_rules.set_dots, step_id=step.id, card_id=room.cards[0].id, dots=1)
    room.session.expire_all()
    after = room.session.get(Workshop, room.workshop.id)
    assert after.version > version and after.stage_version == stage


# --- matrix --------------------------------------------------------------------


def test_matrix_scores_upsert_and_clear(room):
    step = room.go(MATRIX)
    card = room.cards[0]
    room.do(matrix_rules.score, step_id=step.id, card_id=card.id, criterion=0, value=4)
    room.do(matrix_rules.score, step_id=step.id, card_id=card.id, criterion=0, value=2)
    room.do(matrix_rules.score, step_id=step.id, card_id=card.id, criterion=1, value=5)
    mine = matrix_rules.my_scores(session=room.session, participant_id=room.me.id, step_id=step.id)
    assert mine == {(card.id, 0): 2, (card.id, 1): 5}
    room.do(matrix_rules.score, step_id=step.id, card_id=card.id, criterion=1, value=None)
    assert room.count(Score, participant_id=room.me.id) == 1


@pytest.mark.parametrize("criterion,value", [(0, 0), (0, 6), (2, 3), (-1, 3), (0, True)])
def test_matrix_refuses_out_of_range(room, criterion, value):
    step = room.go(MATRIX)
    with pytest.raises(InvalidInput):
        room.do(
            matrix_rules.score,
            step_id=step.id,
            card_id=room.cards[0].id,
            criterion=criterion,
            value=value,
        )


def test_matrix_default_criteria_and_hidden_cards(room):
    step = room.go(MATRIX)
    step.config = {}
    assert steps.config(step).criteria == ("Impact", "Feasibility")
    room.cards[2].hidden = True
    room.session.add(room.cards[2])
    room.session.commit()
    offered = phone_cards.step_cards(session=room.session, step=room.steps[MATRIX])
    assert room.cards[2].id not in [c.id for c in offered] and len(offered) == 3
    with pytest.raises(HiddenCard):
        room.do(matrix_rules.score, step_id=step.id, card_id=room.cards[2].id, criterion=0, value=3)


# --- poll ----------------------------------------------------------------------


def test_poll_single_answer_replaced(room):
    step = room.go(POLL)
    room.do(poll_rules.answer_poll, step_id=step.id, options=[1])
    room.do(poll_rules.answer_poll, step_id=step.id, options=[2])
    assert poll_rules.my_poll_answer(
        session=room.session, participant_id=room.me.id, step_id=step.id
    ) == [2]
    with pytest.raises(InvalidInput, match="one answer"):
        room.do(poll_rules.answer_poll, step_id=step.id, options=[0, 1])
    with pytest.raises(InvalidInput, match="not one of"):
        room.do(poll_rules.answer_poll, step_id=step.id, options=[3])
    assert room.count(PollAnswer, participant_id=room.me.id) == 1


def test_poll_multiple(room):
    step = room.go(POLL_MULTI)
    room.do(poll_rules.answer_poll, step_id=step.id, options=[0, 2, 2])
    room.do(poll_rules.answer_poll, step_id=step.id, options=[2, 1])
    assert poll_rules.my_poll_answer(
        session=room.session, participant_id=room.me.id, step_id=step.id
    ) == [
        1,
        2,
    ]


# --- assessment ----------------------------------------------------------------


def test_assessment_values_and_dont_know(room):
    step = room.go(ASSESS)
    room.do(assessment_rules.rate, step_id=step.id, ratings={"vision": 7})
    room.do(assessment_rules.rate, step_id=step.id, ratings={"vision": 0, "trust": None})
    assert assessment_rules.my_ratings(
        session=room.session, participant_id=room.me.id, step_id=step.id
    ) == {
        "vision": 0,
        "trust": None,
    }
    assert room.count(Assessment, participant_id=room.me.id) == 2


@pytest.mark.parametrize(
    "ratings", [{"vision": 11}, {"vision": -1}, {"unknown": 3}, {"vision": "7"}, {"vision": 2.5}]
)
def test_assessment_refuses_bad_ratings(room, ratings):
    step = room.go(ASSESS)
    with pytest.raises(InvalidInput):
        room.do(assessment_rules.rate, step_id=step.id, ratings=ratings)


def test_assessment_default_dimensions():
    from pari.labels import READINESS_DIMENSIONS
    from pari.models import Step

    assert steps.config(Step(kind=StepKind.ASSESSMENT, title="x", config={})).dimensions == tuple(
        READINESS_DIMENSIONS
    )
    custom = Step(kind=StepKind.ASSESSMENT, title="x", config={"dimensions": [{"key": "k"}, "j"]})
    assert steps.config(custom).dimensions == ("k", "j")


# --- commitments ---------------------------------------------------------------

TODAY = date(2026, 5, 4)


def _pledge(room, **fields):
    step = room.steps[PLEDGE]
    values = {
        "step_id": step.id,
        "role": "lead",
        "kind": "time",
        "what": "Two days a month",
        "contribution_id": room.cards[0].id,
        "amount": 2,
        "unit": "days",
        "by_when": TODAY + timedelta(days=30),
        "today": TODAY,
        **fields,
    }
    return room.do(pledge_rules.pledge, **values)


def test_pledge_to_a_card_or_free_text_and_withdraw(room):
    room.go(PLEDGE)
    first = _pledge(room)
    second = _pledge(
        room,
        contribution_id=None,
        priority_text="A cold store",
        amount=None,
        by_when=TODAY,
        role="supporting",
        kind="money",
    )
    mine = pledge_rules.my_pledges(
        session=room.session, participant_id=room.me.id, step_id=room.steps[PLEDGE].id
    )
    assert [c.id for c in mine] == [first.id, second.id]
    assert second.priority_text == "A cold store" and second.amount is None
    room.do(pledge_rules.withdraw_pledge, commitment_id=first.id)
    mine = pledge_rules.my_pledges(
        session=room.session, participant_id=room.me.id, step_id=room.steps[PLEDGE].id
    )
    assert [c.id for c in mine] == [second.id]


@pytest.mark.parametrize(
    "fields,error,fragment",
    [
        ({"amount": -1}, InvalidInput, "negative"),
        ({"amount": float("nan")}, InvalidInput, "negative"),
        ({"amount": float("inf")}, InvalidInput, "negative"),
        ({"amount": "ten"}, InvalidInput, "number"),
        ({"by_when": TODAY - timedelta(days=1)}, InvalidInput, "past"),
        ({"by_when": TODAY + timedelta(days=366 * 30)}, InvalidInput, "too far"),
        ({"role": "boss"}, InvalidInput, "lead or support"),
        ({"kind": "love"}, InvalidInput, "kind"),
        ({"what": "  "}, InvalidInput, "write something"),
        ({"unit": "u" * 41}, InvalidInput, "too long"),
        ({"contribution_id": None, "priority_text": ""}, InvalidInput, "priority"),
        ({"contribution_id": 999_999}, HiddenCard, "no longer"),
    ],
)
def test_pledge_refuses_bad_input(room, fields, error, fragment):
    room.go(PLEDGE)
    with pytest.raises(error, match=fragment):
        _pledge(room, **fields)
    assert room.count(Commitment, participant_id=room.me.id) == 0


def test_pledge_nonce_and_closed_step(room):
    room.go(PLEDGE)
    a = _pledge(room, client_nonce="pledge-nonce-1")
    b = _pledge(room, client_nonce="pledge-nonce-1")
    assert a.id == b.id and room.count(Commitment, participant_id=room.me.id) == 1
    room.go(PLEDGE, StepState.CLOSED)
    with pytest.raises(StepClosed):
        _pledge(room)
    with pytest.raises(StepClosed):
        room.do(pledge_rules.withdraw_pledge, commitment_id=a.id)
    assert room.count(Commitment, participant_id=room.me.id, withdrawn=False) == 1


def test_another_participants_pledge_cannot_be_withdrawn(room):
    room.go(PLEDGE)
    mine = _pledge(room)
    with pytest.raises(NotYours):
        room.do(pledge_rules.withdraw_pledge, participant_id=room.other.id, commitment_id=mine.id)


# --- what a phone reads --------------------------------------------------------


def test_phone_view_follows_the_current_step(room):
    view = phone_view_.phone_view(session=room.session, participant_id=room.me.id)
    assert view.step is None and view.checked_in and not view.is_open
    room.go(POLL, StepState.NOT_STARTED)
    view = phone_view_.phone_view(session=room.session, participant_id=room.me.id)
    assert view.step.id == room.steps[POLL].id and not view.is_open
    room.go(POLL)
    room.session.expire_all()
    assert phone_view_.phone_view(session=room.session, participant_id=room.me.id).is_open


def test_plan_lists_top_priorities_and_pledges(room):
    step = room.go(VOTE)
    room.do(vote_rules.set_dots, step_id=step.id, card_id=room.cards[2].id, dots=3)
    room.do(vote_rules.set_dots, step_id=step.id, card_id=room.cards[1].id, dots=1)
    room.go(PLEDGE)
    _pledge(room)
    plan = phone_plan.plan_view(session=room.session, workshop_id=room.workshop.id)
    assert [(x.text, x.dots) for x in plan.priorities] == [("Card 2", 3), ("Card 1", 1)]
    assert [(x.priority, x.group) for x in plan.pledges] == [
        ("Card 0", StakeholderGroup.SOCIAL_ECONOMY)
    ]


def test_racing_taps_never_overspend(room, engine):
    """Eight phones' worth of taps at once from one participant: the budget holds."""
    import threading

    step = room.go(VOTE)
    errors: list[Exception] = []
    barrier = threading.Barrier(8)

    def tap(card_id: int) -> None:
        with Session(engine, expire_on_commit=False) as s:
            barrier.wait()
            try:
                vote_rules.set_dots(
                    session=s, participant_id=room.me.id, step_id=step.id, card_id=card_id, dots=3
                )
                s.commit()
            except ParticipationError as err:
                s.rollback()
                errors.append(err)

    threads = [threading.Thread(target=tap, args=(room.cards[i % 4].id,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    room.session.expire_all()
    spent = _dots_sum(room, step)
    assert spent == _ballot(room, step).spent == 3  # one card got 3; the rest were refused
    assert all(isinstance(e, BudgetExceeded) for e in errors)


def test_wrong_codes_are_limited_per_session_and_loosely_per_address(session):
    from pari import ratelimit

    for _i in range(ratelimit.JOIN_LIMIT.attempts):
        with pytest.raises(UnknownCode):
            joining.join(session=session, code="ZZZZZZ", client_key="s1", address="10.0.0.9")
        session.commit()
    with pytest.raises(ratelimit.RateLimited):
        joining.join(session=session, code="ZZZZZZ", client_key="s1", address="10.0.0.9")
    # Another phone in the same hall still gets in, until the address limit.
    left = ratelimit.JOIN_ADDRESS_LIMIT.attempts - ratelimit.JOIN_LIMIT.attempts
    for i in range(left):
        with pytest.raises(UnknownCode):
            joining.join(
                session=session, code="ZZZZZZ", client_key=f"s-other-{i % 5}", address="10.0.0.9"
            )
        session.commit()
    with pytest.raises(ratelimit.RateLimited):
        joining.join(session=session, code="ZZZZZZ", client_key="s-fresh", address="10.0.0.9")
    with pytest.raises(UnknownCode):  # a different address is not affected
        joining.join(session=session, code="ZZZZZZ", client_key="s-fresh", address="10.0.0.10")
