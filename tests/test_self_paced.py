"""The self-paced window (issue 21): its rule, the mode every kind's rule stamps on what
it writes, the facilitator's services, the phone's read, the counts by mode, and the
migration; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import inspect, text, update
from sqlmodel import Session, select

from pari import accounts
from pari import workshops as ws
from pari.db import alembic_config, make_engine, migrate
from pari.models import (
    AnswerMode,
    Assessment,
    Commitment,
    Contribution,
    Participant,
    PollAnswer,
    Score,
    StakeholderGroup,
    Step,
    StepKind,
    StepState,
    Vote,
    Workshop,
    WorkshopStatus,
    utcnow,
)
from pari.permissions import NotAllowed
from pari.phone import joining
from pari.phone import pace as phone_pace
from pari.phone.errors import StepClosed, WorkshopEnded
from pari.phone.guards import writable_mode
from pari.phone.joining import WorkshopClosed
from pari.steps.assessment import rules as assessment_rules
from pari.steps.check_in import rules as check_in_rules
from pari.steps.commitments import rules as pledge_rules
from pari.steps.dot_vote import rules as vote_rules
from pari.steps.ideas import rules as ideas_rules
from pari.steps.matrix import rules as matrix_rules
from pari.steps.poll import rules as poll_rules
from pari.steps.questions import rules as question_rules
from pari.steps.questions.models import Question, QuestionStatus, QuestionUpvote
from pari.steps.rating import rules as rating_rules
from pari.steps.rating.models import Rating
from pari.steps.word_cloud import rules as word_rules
from pari.steps.word_cloud.models import WordAnswer
from pari.workshops import window
from pari.workshops.window import WindowStatus
from tests.factories import make_current, make_phone, make_user, make_workshop

STEPS = [
    (StepKind.CHECK_IN, "Check-in", {}),
    (StepKind.IDEAS, "Challenges", {}),
    (StepKind.DOT_VOTE, "Priorities", {"budget": 5, "per_card_cap": 3}, 1),
    (StepKind.MATRIX, "Paths", {"criteria": ["Impact", "Feasibility"]}, 1),
    (StepKind.POLL, "Governance", {"options": ["Network", "Association"]}),
    (StepKind.ASSESSMENT, "Readiness", {"dimensions": ["vision", "trust"]}),
    (StepKind.COMMITMENTS, "Commitments", {}, 1),
    (StepKind.QUESTIONS, "Questions", {}),
    (StepKind.WORD_CLOUD, "Words", {"max_answers": 3}),
    (StepKind.RATING, "Confidence", {"statements": ["We can"]}),
    (StepKind.PLAN, "Plan", {}),
]
CHECK_IN, IDEAS, VOTE, MATRIX, POLL, ASSESS, PLEDGE, ASK, WORDS, RATE, PLAN = range(11)
HOUR = timedelta(hours=1)
OPEN, BEFORE, AFTER = (-HOUR, HOUR), (HOUR, 2 * HOUR), (-2 * HOUR, -HOUR)


class Room:
    """A workshop with every kind, a phone (``me``), and another person's cards and
    question to vote on, upvote and pledge to (written live, before any window)."""

    def __init__(self, session: Session, status: WorkshopStatus = WorkshopStatus.DRAFT) -> None:
        self.session = session
        self.owner = make_user(session)
        self.workshop, self.steps = make_workshop(
            session, owner=self.owner, steps=STEPS, status=status
        )
        self.me, _ = make_phone(session, self.workshop)
        self.other, _ = make_phone(session, self.workshop, group=StakeholderGroup.BUSINESS)
        self.cards = [
            Contribution(
                workshop_id=self.workshop.id,
                step_id=self.steps[IDEAS].id,
                participant_id=self.other.id,
                text=f"Card {i}",
            )
            for i in range(2)
        ]
        self.question = Question(
            workshop_id=self.workshop.id,
            step_id=self.steps[ASK].id,
            participant_id=self.other.id,
            text="Who pays?",
            status=QuestionStatus.SHOWN,
        )
        session.add_all([*self.cards, self.question])
        session.commit()

    @property
    def user(self) -> accounts.AuthUser:
        return accounts.to_auth_user(self.owner)

    def window(self, offsets: tuple[timedelta, timedelta] | None) -> None:
        """The window set straight in the store, ``offsets`` from now (None: no window)."""
        w = self.session.get(Workshop, self.workshop.id)
        now = utcnow()
        w.self_paced_from, w.self_paced_until = (
            (now + offsets[0], now + offsets[1]) if offsets else (None, None)
        )
        self.session.add(w)
        self.session.commit()

    def status(self, status: WorkshopStatus, current: int | None = None) -> None:
        w = self.session.get(Workshop, self.workshop.id)
        w.status = status
        w.current_step_id = None if current is None else self.steps[current].id
        self.session.add(w)
        self.session.commit()

    def go(self, index: int, state: StepState = StepState.OPEN) -> Step:
        make_current(self.session, self.workshop, self.steps[index], state)
        self.status(WorkshopStatus.LIVE, index)
        return self.steps[index]

    def do(self, fn, **kwargs):
        """Call a rule as the page does: one transaction, committed on success."""
        kwargs.setdefault("participant_id", self.me.id)
        try:
            result = fn(session=self.session, **kwargs)
            self.session.commit()
            return result
        except BaseException:
            self.session.rollback()
            raise

    def mine(self, model, index: int) -> list:
        self.session.expire_all()
        return list(
            self.session.exec(
                select(model).where(
                    model.step_id == self.steps[index].id, model.participant_id == self.me.id
                )
            )
        )

    def fresh(self) -> Workshop:
        self.session.expire_all()
        return self.session.get(Workshop, self.workshop.id)


@pytest.fixture
def room(session) -> Room:
    return Room(session)


# One write per kind that takes input, and the table it writes: (step, write, model).
WRITES = {
    "ideas": (
        IDEAS,
        lambda r: r.do(ideas_rules.add_card, step_id=r.steps[IDEAS].id, text="A"),
        Contribution,
    ),
    "dot_vote": (
        VOTE,
        lambda r: r.do(
            vote_rules.set_dots, step_id=r.steps[VOTE].id, card_id=r.cards[0].id, dots=2
        ),
        Vote,
    ),
    "matrix": (
        MATRIX,
        lambda r: r.do(
            matrix_rules.score,
            step_id=r.steps[MATRIX].id,
            card_id=r.cards[0].id,
            criterion=0,
            value=4,
        ),
        Score,
    ),
    "poll": (
        POLL,
        lambda r: r.do(poll_rules.answer_poll, step_id=r.steps[POLL].id, options=[1]),
        PollAnswer,
    ),
    "assessment": (
        ASSESS,
        lambda r: r.do(assessment_rules.rate, step_id=r.steps[ASSESS].id, ratings={"vision": 6}),
        Assessment,
    ),
    "commitments": (
        PLEDGE,
        lambda r: r.do(
            pledge_rules.pledge,
            step_id=r.steps[PLEDGE].id,
            role="lead",
            kind="time",
            what="Two days a month",
            contribution_id=r.cards[0].id,
        ),
        Commitment,
    ),
    "questions": (
        ASK,
        lambda r: r.do(question_rules.ask, step_id=r.steps[ASK].id, text="When?"),
        Question,
    ),
    "upvote": (
        ASK,
        lambda r: r.do(question_rules.upvote, question_id=r.question.id, on=True),
        QuestionUpvote,
    ),
    "word_cloud": (
        WORDS,
        lambda r: r.do(word_rules.send_word, step_id=r.steps[WORDS].id, text="trust"),
        WordAnswer,
    ),
    "rating": (
        RATE,
        lambda r: r.do(rating_rules.rate, step_id=r.steps[RATE].id, ratings={0: 4}),
        Rating,
    ),
}


# --- the rule: what is written, and how it is marked ----------------------------------


@pytest.mark.parametrize(
    "status", [WorkshopStatus.DRAFT, WorkshopStatus.CLOSED, WorkshopStatus.LIVE]
)
@pytest.mark.parametrize("kind", list(WRITES))
def test_every_kind_takes_and_marks_self_paced_answers_in_the_window(session, status, kind):
    """Before the session (draft), after it (closed), or live with no step current:
    the room is not run live, so the window takes answers, marked self-paced."""
    room = Room(session, status)
    room.window(OPEN)
    index, write, model = WRITES[kind]
    write(room)
    rows = room.mine(model, index)
    assert rows and all(row.self_paced is True for row in rows)


@pytest.mark.parametrize("kind", list(WRITES))
def test_a_live_answer_is_marked_live_even_in_an_open_window(room, kind):
    index, write, model = WRITES[kind]
    room.window(OPEN)
    room.go(index)
    write(room)
    rows = room.mine(model, index)
    assert rows and all(row.self_paced is False for row in rows)


@pytest.mark.parametrize("kind", list(WRITES))
def test_a_room_run_live_takes_nothing_self_paced(room, kind):
    """The facilitator runs the room (live, a step current): phones follow it, and the
    window's other steps refuse, even a modified page sending their ids."""
    index, write, model = WRITES[kind]
    room.window(OPEN)
    room.go(CHECK_IN)
    with pytest.raises(StepClosed):
        write(room)
    assert room.mine(model, index) == []


@pytest.mark.parametrize("offsets", [None, BEFORE, AFTER], ids=["no window", "before", "after"])
@pytest.mark.parametrize("status", [WorkshopStatus.DRAFT, WorkshopStatus.LIVE])
@pytest.mark.parametrize("kind", list(WRITES))
def test_outside_the_window_nothing_is_accepted(session, offsets, status, kind):
    room = Room(session, status)
    room.window(offsets)
    index, write, model = WRITES[kind]
    with pytest.raises(StepClosed):
        write(room)
    assert room.mine(model, index) == []


@pytest.mark.parametrize("offsets", [None, BEFORE, AFTER], ids=["no window", "before", "after"])
def test_a_closed_workshop_outside_its_window_is_ended(session, offsets):
    room = Room(session, WorkshopStatus.CLOSED)
    room.window(offsets)
    for index, write, model in WRITES.values():
        with pytest.raises(WorkshopEnded):
            write(room)
        assert room.mine(model, index) == []


def test_a_step_not_chosen_is_refused(room):
    room.window(OPEN)
    chosen = [s.id for i, s in enumerate(room.steps) if i != POLL]
    window.choose_steps(
        session=room.session, user=room.user, workshop_id=room.workshop.id, step_ids=chosen
    )
    room.session.commit()
    with pytest.raises(StepClosed):
        room.do(poll_rules.answer_poll, step_id=room.steps[POLL].id, options=[0])
    assert room.mine(PollAnswer, POLL) == []
    room.do(rating_rules.rate, step_id=room.steps[RATE].id, ratings={0: 2})
    assert room.mine(Rating, RATE)[0].self_paced is True


def test_kinds_without_input_or_without_their_cards_are_never_in_the_window(room):
    room.window(OPEN)
    workshop = room.fresh()
    plan = room.steps[PLAN]
    assert plan.self_paced is True  # chosen by default, but it takes no input
    assert not window.in_window(plan)
    assert writable_mode(workshop, plan) is None
    vote = room.steps[VOTE]
    vote.source_step_id = None  # a vote whose ideas step is not chosen yet
    assert not window.in_window(vote)
    assert writable_mode(workshop, vote) is None
    room.session.rollback()


@pytest.mark.parametrize(
    "step_id",
    ["other workshop", "not an int", True, -1, 10**9],
)
def test_a_modified_page_sending_another_step_is_refused(room, step_id):
    """A step id from another workshop (whose window is open), a text, a bool, one
    that does not exist: refused, and nothing written."""
    room.window(OPEN)
    if step_id == "other workshop":
        _other, other_steps = make_workshop(room.session, steps=STEPS, status=WorkshopStatus.DRAFT)
        other = room.session.get(Workshop, _other.id)
        other.self_paced_from, other.self_paced_until = utcnow() - HOUR, utcnow() + HOUR
        room.session.add(other)
        room.session.commit()
        step_id = other_steps[IDEAS].id
    elif step_id == "not an int":
        step_id = str(room.steps[IDEAS].id)
    with pytest.raises(StepClosed):
        room.do(ideas_rules.add_card, step_id=step_id, text="Sneaked in")
    assert (
        room.session.exec(select(Contribution).where(Contribution.text == "Sneaked in")).all() == []
    )


def test_a_modified_page_cannot_change_an_answer_outside_the_window(room):
    room.window(OPEN)
    card = room.do(ideas_rules.add_card, step_id=room.steps[IDEAS].id, text="Mine")
    room.window(AFTER)
    with pytest.raises(StepClosed):
        room.do(ideas_rules.edit_card, card_id=card.id, text="Changed later")
    with pytest.raises(StepClosed):
        room.do(ideas_rules.withdraw_card, card_id=card.id)
    room.session.expire_all()
    assert room.session.get(Contribution, card.id).text == "Mine"


def test_the_mode_is_the_servers_whatever_the_phone_sends(room):
    """A rule takes no mode from the phone: an extra argument is refused outright."""
    room.window(OPEN)
    with pytest.raises(TypeError):
        room.do(ideas_rules.add_card, step_id=room.steps[IDEAS].id, text="A", self_paced=False)


def test_a_window_closed_during_a_tap_refuses_it_at_the_commit(room):
    """The facilitator ends the window (``set_window`` moves the stage) while a phone's
    write is under way: the write is after it, and refused at its commit."""
    room.window(OPEN)
    ideas_rules.add_card(
        session=room.session, participant_id=room.me.id, step_id=room.steps[IDEAS].id, text="Late"
    )
    room.session.execute(
        update(Workshop)
        .where(Workshop.id == room.workshop.id)
        .values(
            self_paced_until=utcnow() - timedelta(seconds=1),
            stage_version=Workshop.stage_version + 1,  # another unit of work's change
        )
    )
    with pytest.raises(StepClosed):
        room.session.commit()
    room.session.rollback()
    assert room.mine(Contribution, IDEAS) == []


def test_a_room_that_goes_live_during_a_tap_refuses_its_self_paced_write(room):
    room.window(OPEN)
    poll_rules.answer_poll(
        session=room.session, participant_id=room.me.id, step_id=room.steps[POLL].id, options=[0]
    )
    room.session.execute(
        update(Workshop)
        .where(Workshop.id == room.workshop.id)
        .values(
            status=WorkshopStatus.LIVE,
            current_step_id=room.steps[CHECK_IN].id,
            stage_version=Workshop.stage_version + 1,  # the facilitator's click moves it
        )
    )
    with pytest.raises(StepClosed):
        room.session.commit()
    room.session.rollback()
    assert room.mine(PollAnswer, POLL) == []


def test_a_row_carries_the_mode_of_the_write_that_last_changed_it(room):
    room.go(RATE)
    room.do(rating_rules.rate, step_id=room.steps[RATE].id, ratings={0: 2})
    assert room.mine(Rating, RATE)[0].self_paced is False
    room.status(WorkshopStatus.CLOSED)
    room.window(OPEN)
    room.do(rating_rules.rate, step_id=room.steps[RATE].id, ratings={0: 2})  # unchanged
    assert room.mine(Rating, RATE)[0].self_paced is False
    room.do(rating_rules.rate, step_id=room.steps[RATE].id, ratings={0: 5})
    [row] = room.mine(Rating, RATE)
    assert (row.value, row.self_paced) == (5, True)


def test_a_self_paced_card_moves_the_stage_version_for_the_steps_offering_cards(room):
    room.window(OPEN)
    before = room.fresh().stage_version
    room.do(ideas_rules.add_card, step_id=room.steps[IDEAS].id, text="New card")
    assert room.fresh().stage_version == before + 1
    room.do(poll_rules.answer_poll, step_id=room.steps[POLL].id, options=[0])
    assert room.fresh().stage_version == before + 1  # a poll answer offers no card


def test_budgets_hold_in_the_window_as_live(room):
    from pari.phone.errors import BudgetExceeded, CapExceeded

    room.window(OPEN)
    step_id = room.steps[VOTE].id
    with pytest.raises(CapExceeded):
        room.do(vote_rules.set_dots, step_id=step_id, card_id=room.cards[0].id, dots=4)
    room.do(vote_rules.set_dots, step_id=step_id, card_id=room.cards[0].id, dots=3)
    with pytest.raises(BudgetExceeded):
        room.do(vote_rules.set_dots, step_id=step_id, card_id=room.cards[1].id, dots=3)


# --- joining and checking in ---------------------------------------------------------


def test_a_closed_workshop_lets_people_join_and_check_in_during_its_window_only(session):
    room = Room(session, WorkshopStatus.CLOSED)
    code = room.workshop.code
    with pytest.raises(WorkshopClosed):
        joining.join(session=session, code=code, client_key="k")
    room.window(OPEN)
    joined = joining.join(session=session, code=code, client_key="k")
    session.commit()
    another = joining.join_another(
        session=session, participant_id=joined.participant.id, client_key="k"
    )
    session.commit()
    room.do(
        check_in_rules.check_in,
        participant_id=joined.participant.id,
        group="civil_society",
        consent=True,
    )
    person = session.get(Participant, joined.participant.id)
    assert person.checked_in_at is not None and person.self_paced is True
    room.window(AFTER)
    with pytest.raises(WorkshopClosed):
        joining.join(session=session, code=code, client_key="k2")
    with pytest.raises(WorkshopClosed):
        joining.join_another(session=session, participant_id=joined.participant.id, client_key="k")
    with pytest.raises(WorkshopEnded):
        room.do(
            check_in_rules.check_in,
            participant_id=another.participant.id,
            group="business",
            consent=True,
        )


@pytest.mark.parametrize(
    "status,offsets,current,self_paced",
    [
        (WorkshopStatus.DRAFT, None, None, False),  # before the session, as today
        (WorkshopStatus.DRAFT, BEFORE, None, False),
        (WorkshopStatus.DRAFT, OPEN, None, True),
        (WorkshopStatus.LIVE, OPEN, IDEAS, False),  # in the room
        (WorkshopStatus.LIVE, OPEN, None, True),
    ],
)
def test_a_check_in_is_marked_with_how_the_person_arrived(
    session, status, offsets, current, self_paced
):
    room = Room(session, status)
    room.window(offsets)
    if current is not None:
        room.go(current)
    fresh, _ = make_phone(session, room.workshop, checked_in=False)
    room.do(check_in_rules.check_in, participant_id=fresh.id, group="knowledge", consent=True)
    assert session.get(Participant, fresh.id).self_paced is self_paced
    room.window(None)  # a later change of details keeps how they arrived
    room.do(check_in_rules.check_in, participant_id=fresh.id, group="support", consent=True)
    assert session.get(Participant, fresh.id).self_paced is self_paced


# --- the facilitator's services -----------------------------------------------------


def test_set_window_converts_local_times_across_a_dst_change(room):
    """Brussels moves to summer time on 29 March 2026: 10:00 is 09:00 UTC the day
    before, 08:00 UTC the day after."""
    workshop = window.set_window(
        session=room.session,
        user=room.user,
        workshop_id=room.workshop.id,
        opens=datetime(2026, 3, 28, 10, 0),
        closes=datetime(2026, 3, 30, 10, 0),
        timezone="Europe/Brussels",
    )
    room.session.commit()
    stored = room.fresh()
    assert stored.self_paced_from == datetime(2026, 3, 28, 9, 0, tzinfo=UTC)
    assert stored.self_paced_until == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    state = window.window_state(stored, datetime(2026, 3, 29, 12, 0, tzinfo=UTC))
    assert state.status is WindowStatus.OPEN and state.accepting
    assert state.opens_local.strftime("%Y-%m-%d %H:%M %z") == "2026-03-28 10:00 +0100"
    assert state.closes_local.strftime("%Y-%m-%d %H:%M %z") == "2026-03-30 10:00 +0200"
    assert workshop.timezone == "Europe/Brussels"


def test_local_times_the_clocks_skip_are_refused_and_repeated_ones_are_the_first():
    with pytest.raises(ws.InvalidInput, match="does not exist"):
        window.to_utc(datetime(2026, 3, 29, 2, 30), "Europe/Brussels")
    # 25 October 2026: 02:30 happens twice in Stockholm; the first is summer time.
    assert window.to_utc(datetime(2026, 10, 25, 2, 30), "Europe/Stockholm") == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )
    assert window.to_utc(datetime(2026, 7, 1, 12, 0), "Europe/Lisbon") == datetime(
        2026, 7, 1, 11, 0, tzinfo=UTC
    )
    aware = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert window.to_utc(aware, "Europe/Madrid") == aware


def test_a_zone_given_with_the_window_becomes_the_workshops(room):
    window.set_window(
        session=room.session,
        user=room.user,
        workshop_id=room.workshop.id,
        opens=datetime(2026, 6, 1, 9, 0),
        closes=datetime(2026, 6, 8, 18, 0),
        timezone="Europe/Stockholm",
    )
    room.session.commit()
    stored = room.fresh()
    assert stored.timezone == "Europe/Stockholm"
    assert stored.self_paced_from == datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
    # Without a zone, the workshop's own is used.
    window.set_window(
        session=room.session,
        user=room.user,
        workshop_id=room.workshop.id,
        opens=datetime(2026, 12, 1, 9, 0),
        closes=datetime(2026, 12, 2, 9, 0),
    )
    assert room.fresh().self_paced_from == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "opens,closes,zone,fragment",
    [
        (datetime(2026, 6, 2), datetime(2026, 6, 1), None, "end after"),
        (datetime(2026, 6, 1), datetime(2026, 6, 1), None, "end after"),
        (datetime(2026, 6, 1), datetime(2026, 6, 2), "Mars/Olympus_Mons", "time zone"),
        (datetime(2026, 6, 1), datetime(2026, 6, 2), "../../etc/passwd", "time zone"),
        (datetime(2026, 6, 1), datetime(2026, 6, 2), "Europe/" + "x" * 80, "time zone"),
        (datetime(2026, 6, 1), datetime(2026, 6, 2), 3, "time zone"),
        (date(2026, 6, 1), datetime(2026, 6, 2), None, "date and a time"),
        ("2026-06-01 10:00", datetime(2026, 6, 2), None, "date and a time"),
        (datetime(2026, 6, 1), None, None, "date and a time"),
    ],
)
def test_set_window_refuses(room, opens, closes, zone, fragment):
    before = room.fresh().stage_version
    with pytest.raises(ws.InvalidInput, match=fragment):
        window.set_window(
            session=room.session,
            user=room.user,
            workshop_id=room.workshop.id,
            opens=opens,
            closes=closes,
            timezone=zone,
        )
    room.session.rollback()
    stored = room.fresh()
    assert stored.self_paced_from is None and stored.stage_version == before


def test_only_those_who_may_run_the_workshop_set_its_window(room):
    stranger = accounts.to_auth_user(make_user(room.session))
    for call, kwargs in (
        (window.set_window, {"opens": datetime(2026, 6, 1), "closes": datetime(2026, 6, 2)}),
        (window.clear_window, {}),
        (window.set_timezone, {"timezone": "Europe/Madrid"}),
        (window.choose_steps, {"step_ids": []}),
    ):
        with pytest.raises((NotAllowed, ws.NotFound)):
            call(session=room.session, user=stranger, workshop_id=room.workshop.id, **kwargs)
        room.session.rollback()
    assert room.fresh().self_paced_from is None
    assert all(s.self_paced for s in room.session.exec(select(Step)).all())


def test_a_closed_workshop_gets_a_window_and_phones_redraw(session):
    room = Room(session, WorkshopStatus.CLOSED)
    before = room.fresh().stage_version
    window.set_window(
        session=session,
        user=room.user,
        workshop_id=room.workshop.id,
        opens=datetime(2026, 6, 1, 9, 0),
        closes=datetime(2026, 6, 8, 18, 0),
    )
    session.commit()
    assert room.fresh().stage_version == before + 1
    window.clear_window(session=session, user=room.user, workshop_id=room.workshop.id)
    session.commit()
    stored = room.fresh()
    assert (stored.self_paced_from, stored.self_paced_until) == (None, None)
    assert stored.stage_version == before + 2
    assert window.window_state(stored).status is WindowStatus.NOT_SET


def test_set_timezone_keeps_the_moments_and_changes_how_they_read(room):
    window.set_window(
        session=room.session,
        user=room.user,
        workshop_id=room.workshop.id,
        opens=datetime(2026, 6, 1, 9, 0),
        closes=datetime(2026, 6, 2, 9, 0),
        timezone="Europe/Lisbon",
    )
    window.set_timezone(
        session=room.session, user=room.user, workshop_id=room.workshop.id, timezone="Europe/Madrid"
    )
    room.session.commit()
    state = window.window_state(room.fresh(), datetime(2026, 1, 1, tzinfo=UTC))
    assert state.opens_at == datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    assert state.opens_local.hour == 10 and state.timezone == "Europe/Madrid"
    with pytest.raises(ws.InvalidInput):
        window.set_timezone(
            session=room.session, user=room.user, workshop_id=room.workshop.id, timezone="Madrid"
        )


def test_choose_steps_picks_exactly_the_steps_in_the_window(room):
    wanted = [room.steps[i].id for i in (IDEAS, POLL, PLAN)]
    before = room.fresh().stage_version
    chosen = window.choose_steps(
        session=room.session, user=room.user, workshop_id=room.workshop.id, step_ids=wanted
    )
    room.session.commit()
    assert [s.id for s in chosen] == [room.steps[IDEAS].id, room.steps[POLL].id]  # no plan
    assert [
        s.id for s in window.window_steps(session=room.session, workshop_id=room.workshop.id)
    ] == [room.steps[IDEAS].id, room.steps[POLL].id]
    flags = {s.id: s.self_paced for s in room.session.exec(select(Step)).all()}
    assert {i for i, on in flags.items() if on} == set(wanted)
    assert room.fresh().stage_version == before + 1


@pytest.mark.parametrize("step_ids", [["1"], [True], "12", None, 5])
def test_choose_steps_refuses_what_a_form_would_not_send(room, step_ids):
    with pytest.raises(ws.InvalidInput):
        window.choose_steps(
            session=room.session, user=room.user, workshop_id=room.workshop.id, step_ids=step_ids
        )


def test_choose_steps_refuses_another_workshops_step(room):
    _other, other_steps = make_workshop(room.session, owner=room.owner, steps=STEPS)
    with pytest.raises(ws.NotFound):
        window.choose_steps(
            session=room.session,
            user=room.user,
            workshop_id=room.workshop.id,
            step_ids=[room.steps[IDEAS].id, other_steps[IDEAS].id],
        )
    room.session.rollback()
    assert all(s.self_paced for s in room.session.exec(select(Step)).all())


@pytest.mark.parametrize(
    "status,current,offsets,expected,accepting",
    [
        (WorkshopStatus.DRAFT, None, None, WindowStatus.NOT_SET, False),
        (WorkshopStatus.DRAFT, None, BEFORE, WindowStatus.UPCOMING, False),
        (WorkshopStatus.DRAFT, None, OPEN, WindowStatus.OPEN, True),
        (WorkshopStatus.CLOSED, None, OPEN, WindowStatus.OPEN, True),
        (WorkshopStatus.LIVE, None, OPEN, WindowStatus.OPEN, True),
        (WorkshopStatus.LIVE, IDEAS, OPEN, WindowStatus.OPEN, False),  # the room runs live
        (WorkshopStatus.CLOSED, None, AFTER, WindowStatus.ENDED, False),
    ],
)
def test_window_state(session, status, current, offsets, expected, accepting):
    room = Room(session, status)
    room.window(offsets)
    if current is not None:
        room.status(status, current)
    state = window.window_state(room.fresh())
    assert state.status is expected
    assert state.accepting is accepting
    assert state.room_live is (current is not None)


def test_window_state_edges_start_included_end_excluded(room):
    start = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    w = room.fresh()
    w.self_paced_from, w.self_paced_until = start, start + HOUR
    tick = timedelta(microseconds=1)
    assert window.window_state(w, start - tick).status is WindowStatus.UPCOMING
    assert window.window_state(w, start).status is WindowStatus.OPEN
    assert window.window_state(w, start + HOUR - tick).status is WindowStatus.OPEN
    assert window.window_state(w, start + HOUR).status is WindowStatus.ENDED


@pytest.mark.parametrize(
    "language,zone",
    [
        ("en", "Europe/Brussels"),
        ("fr", "Europe/Brussels"),
        ("sv", "Europe/Stockholm"),
        ("es", "Europe/Madrid"),
        ("eu", "Europe/Madrid"),
        ("pt", "Europe/Lisbon"),
    ],
)
def test_a_new_workshop_takes_its_zone_from_its_language(session, language, zone):
    user = accounts.to_auth_user(make_user(session))
    made = ws.create_workshop(session=session, user=user, title="Kinda", language=language)
    session.commit()
    assert made.timezone == zone and zone in window.timezones()
    assert window.window_state(made).status is WindowStatus.NOT_SET


def test_a_duplicate_keeps_the_zone_and_chosen_steps_not_the_window(room):
    window.set_window(
        session=room.session,
        user=room.user,
        workshop_id=room.workshop.id,
        opens=datetime(2026, 6, 1, 9, 0),
        closes=datetime(2026, 6, 2, 9, 0),
        timezone="Europe/Lisbon",
    )
    window.choose_steps(
        session=room.session,
        user=room.user,
        workshop_id=room.workshop.id,
        step_ids=[room.steps[POLL].id],
    )
    copy = ws.duplicate_workshop(session=room.session, user=room.user, workshop_id=room.workshop.id)
    room.session.commit()
    assert copy.timezone == "Europe/Lisbon" and copy.self_paced_from is None
    assert [s.title for s in window.window_steps(session=room.session, workshop_id=copy.id)] == [
        "Governance"
    ]


# --- the phone's read, and the counts by mode ----------------------------------------


def test_pace_lists_the_window_steps_in_order_with_what_this_person_answered(room):
    room.window(OPEN)
    room.do(ideas_rules.add_card, step_id=room.steps[IDEAS].id, text="Mine")
    room.do(poll_rules.answer_poll, step_id=room.steps[POLL].id, options=[0])
    p = phone_pace.pace(session=room.session, participant_id=room.me.id)
    assert p.accepting and p.window.status is WindowStatus.OPEN
    ids = [s.step.id for s in p.steps]
    # Every kind with input but the check-in (the phone's start) and the plan.
    assert ids == [room.steps[i].id for i in range(IDEAS, PLAN)]
    assert [s.number for s in p.steps] == list(range(1, PLAN))
    answered = {s.step.id for s in p.steps if s.answered}
    assert answered == {room.steps[i].id for i in (IDEAS, POLL)}
    assert (p.answered, p.total) == (2, PLAN - 1)
    assert p.first_unanswered().step.id == room.steps[VOTE].id
    assert p.next(room.steps[IDEAS].id).step.id == room.steps[VOTE].id
    assert p.previous(room.steps[VOTE].id).step.id == room.steps[IDEAS].id
    assert p.previous(room.steps[IDEAS].id) is None
    assert p.next(room.steps[RATE].id) is None
    assert p.next(None).step.id == room.steps[IDEAS].id
    assert p.index(room.steps[CHECK_IN].id) is None
    assert p.index(room.steps[PLAN].id) is None


def test_pace_shows_the_steps_but_takes_nothing_while_the_room_runs_live(room):
    room.window(OPEN)
    room.go(IDEAS)
    p = phone_pace.pace(session=room.session, participant_id=room.me.id)
    assert p.total == PLAN - 1 and not p.accepting and p.window.room_live


def test_paced_view_is_the_view_of_a_window_step_only(room):
    room.window(OPEN)
    view = phone_pace.paced_view(
        session=room.session, participant_id=room.me.id, step_id=room.steps[POLL].id
    )
    assert view.step.id == room.steps[POLL].id
    assert view.is_open and view.mode is AnswerMode.SELF_PACED
    for step_id in (room.steps[PLAN].id, "3", True, 10**9):
        assert (
            phone_pace.paced_view(
                session=room.session, participant_id=room.me.id, step_id=step_id
            ).step
            is None
        )
    _other, other_steps = make_workshop(room.session, steps=STEPS)
    assert (
        phone_pace.paced_view(
            session=room.session, participant_id=room.me.id, step_id=other_steps[POLL].id
        ).step
        is None
    )
    room.window(AFTER)
    view = phone_pace.paced_view(
        session=room.session, participant_id=room.me.id, step_id=room.steps[POLL].id
    )
    assert view.step is not None and not view.is_open and view.mode is None


def test_mode_counts_people_per_step_live_and_self_paced(room):
    third, _ = make_phone(room.session, room.workshop, group=StakeholderGroup.KNOWLEDGE)
    ideas = room.steps[IDEAS].id
    # Live: me, and the other person's cards of the setup.
    room.go(IDEAS)
    room.do(ideas_rules.add_card, step_id=ideas, text="Live card")
    room.status(WorkshopStatus.CLOSED)
    room.window(OPEN)
    # Self-paced: me again (still counted live, once), and a third person.
    room.do(ideas_rules.add_card, step_id=ideas, text="Later card")
    room.do(ideas_rules.add_card, participant_id=third.id, step_id=ideas, text="From home")
    room.do(
        poll_rules.answer_poll, participant_id=third.id, step_id=room.steps[POLL].id, options=[0]
    )
    withdrawn = room.do(
        word_rules.send_word, participant_id=third.id, step_id=room.steps[WORDS].id, text="harvest"
    )
    room.do(word_rules.remove_word, participant_id=third.id, answer_id=withdrawn.id)
    room.do(question_rules.upvote, participant_id=third.id, question_id=room.question.id, on=True)
    late, _ = make_phone(room.session, room.workshop, checked_in=False)
    room.do(check_in_rules.check_in, participant_id=late.id, group="support", consent=True)

    counts = window.mode_counts(session=room.session, workshop_id=room.workshop.id)
    assert set(counts) == {s.id for s in room.steps}
    assert counts[ideas] == window.ModeCounts(live=2, self_paced=1)
    assert counts[room.steps[POLL].id] == window.ModeCounts(live=0, self_paced=1)
    assert counts[room.steps[WORDS].id].total == 0  # taken back
    # The question was asked live by the other person; the third upvoted from home.
    assert counts[room.steps[ASK].id] == window.ModeCounts(live=1, self_paced=1)
    # Checked in: three in the room's way (made so), one in the window.
    assert counts[room.steps[CHECK_IN].id] == window.ModeCounts(live=3, self_paced=1)
    assert counts[room.steps[PLAN].id].total == 0
    only = window.mode_counts(
        session=room.session, workshop_id=room.workshop.id, step_ids=[room.steps[POLL].id]
    )
    assert only == {room.steps[POLL].id: window.ModeCounts(live=0, self_paced=1)}


def test_the_presenters_results_count_the_current_step_by_mode(room):
    from pari import results

    third, _ = make_phone(room.session, room.workshop, group=StakeholderGroup.KNOWLEDGE)
    room.window(OPEN)
    room.do(
        poll_rules.answer_poll, participant_id=third.id, step_id=room.steps[POLL].id, options=[1]
    )
    room.go(POLL)
    room.do(poll_rules.answer_poll, step_id=room.steps[POLL].id, options=[0])
    shown = results.step_results(session=room.session, workshop_id=room.workshop.id)
    assert shown.modes == window.ModeCounts(live=1, self_paced=1)
    assert shown.modes.total == 2


def test_timezone_choices_start_with_the_pilot_countries():
    choices = window.timezone_choices()
    assert choices[:4] == ["Europe/Brussels", "Europe/Lisbon", "Europe/Madrid", "Europe/Stockholm"]
    assert "America/New_York" in choices and len(choices) == len(set(choices))


def test_answered_steps_counts_what_still_stands(room):
    room.window(OPEN)
    card = room.do(ideas_rules.add_card, step_id=room.steps[IDEAS].id, text="Mine")
    listed = window.window_steps(session=room.session, workshop_id=room.workshop.id)
    done = window.answered_steps(session=room.session, participant_id=room.me.id, steps=listed)
    assert room.steps[IDEAS].id in done
    room.do(ideas_rules.withdraw_card, card_id=card.id)
    done = window.answered_steps(session=room.session, participant_id=room.me.id, steps=listed)
    assert done == {room.steps[CHECK_IN].id}


# --- the migration -----------------------------------------------------------------------


def test_the_migration_keeps_every_row_and_marks_it_live(tmp_path):
    """0009 on a database with answers: nothing lost (Alembic rebuilds SQLite tables
    for some changes; with foreign keys on, that once emptied the answer tables), the
    old rows given live, every step in the window, the zone Brussels."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate(engine, "0007")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO user (username, name, password_hash, role, active, created_at) "
                "VALUES ('u', 'U', 'x', 'facilitator', 1, '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO workshop (code, title, territory, language, template, dot_budget,"
                " status, owner_id, version, stage_version, next_steps, created_at, updated_at,"
                " min_group_size) VALUES ('ABCDEF', 'T', '', 'sv', 'blank', 5, 'closed', 1, 0,"
                " 0, '', '2026-01-01', '2026-01-01', 3)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO step (workshop_id, position, kind, title, prompt, state, config,"
                " results_hidden, revealed, reveal_shown, timer_closes_input)"
                " VALUES (1, 0, 'ideas', 'I', '', 'closed', '{}', 0, 0, 0, 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO participant (workshop_id, token_hash, seat, consented, created_at,"
                " name, organisation, place, name_in_plan)"
                " VALUES (1, :h, 0, 1, '2026-01-01', '', '', '', 0)"
            ),
            {"h": "a" * 64},
        )
        conn.execute(
            text(
                "INSERT INTO contribution (workshop_id, step_id, participant_id, text, category,"
                " hidden, withdrawn, created_at, updated_at)"
                " VALUES (1, 1, 1, 'x', '', 0, 0, '2026-01-01', '2026-01-01')"
            )
        )
    migrate(engine)
    with Session(engine) as session:
        workshop = session.exec(select(Workshop)).one()
        assert workshop.timezone == "Europe/Brussels"
        assert (workshop.self_paced_from, workshop.self_paced_until) == (None, None)
        assert session.exec(select(Step)).one().self_paced is True
        assert session.exec(select(Participant)).one().self_paced is False
        assert session.exec(select(Contribution)).one().self_paced is False
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_the_migration_downgrades_and_upgrades_again(engine, session):
    """On SQLite and PostgreSQL: 0009 goes back to 0008 keeping the rows, and again."""
    room = Room(session)
    session.close()
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
    with engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("workshop")}
        assert not {"timezone", "self_paced_from", "self_paced_until"} & columns
        assert "self_paced" not in {c["name"] for c in inspect(conn).get_columns("vote")}
        assert conn.execute(text("SELECT count(*) FROM contribution")).scalar() == 2
    migrate(engine)
    with Session(engine) as fresh:
        assert len(fresh.exec(select(Contribution)).all()) == 2
        assert fresh.get(Workshop, room.workshop.id).timezone == "Europe/Brussels"


# --- results read in one mode (every result can separate them) ----------------------


def test_the_plan_counts_the_answers_of_one_mode_or_both(room):
    """The other person votes and answers the poll live; this phone self-paced. The plan
    read live, self-paced or whole counts each answer where it was given, and the cards
    voted on are the same whichever mode the dots came in."""
    from pari.reporting import plan as local_plan

    vote, poll = room.steps[VOTE].id, room.steps[POLL].id
    room.go(VOTE)
    room.do(vote_rules.set_dots, participant_id=room.other.id, step_id=vote,
            card_id=room.cards[0].id, dots=2)  # fmt: skip
    room.go(POLL)
    room.do(poll_rules.answer_poll, participant_id=room.other.id, step_id=poll, options=[0])
    room.status(WorkshopStatus.CLOSED)
    room.window(OPEN)
    room.do(vote_rules.set_dots, step_id=vote, card_id=room.cards[1].id, dots=3)
    room.do(poll_rules.answer_poll, step_id=poll, options=[1])

    def read(mode):
        plan = local_plan.collect(session=room.session, workshop_id=room.workshop.id, mode=mode)
        by_kind = {type(s).__name__: s for s in plan.sections}
        tally = by_kind["VoteSection"].tally
        dots = dict(zip(tally.text, tally.dots, strict=True))
        polled = by_kind["PollSection"].frame.groupby("label").answers.sum()
        return plan.mode, dots, polled.to_dict()

    assert read(None) == (None, {"Card 0": 2, "Card 1": 3}, {"Network": 1, "Association": 1})
    live = read(AnswerMode.LIVE)
    assert live[1].get("Card 0") == 2 and not live[1].get("Card 1")
    assert {k: v for k, v in live[2].items() if v} == {"Network": 1}
    paced = read(AnswerMode.SELF_PACED)
    assert paced[1].get("Card 1") == 3 and not paced[1].get("Card 0")
    assert {k: v for k, v in paced[2].items() if v} == {"Association": 1}
    # The room's people stay everyone: which groups are small does not change by mode.
    whole = local_plan.collect(session=room.session, workshop_id=room.workshop.id)
    split = local_plan.collect(
        session=room.session, workshop_id=room.workshop.id, mode=AnswerMode.LIVE
    )
    assert split.participants == whole.participants == 2


def test_a_closed_workshop_whose_window_opens_later_says_when(session):
    room = Room(session, WorkshopStatus.CLOSED)
    room.window(BEFORE)
    with pytest.raises(joining.WindowNotOpenYet) as refused:
        joining.join(session=session, code=room.workshop.code, client_key="a-phone")
    session.rollback()
    assert "Come back then with the same code." in str(refused.value)
    room.window(AFTER)
    with pytest.raises(WorkshopClosed):
        joining.join(session=session, code=room.workshop.code, client_key="a-phone")
