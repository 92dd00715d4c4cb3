"""A countdown on the current step (issue 18): the facilitator's changes, the time left,
input closed when the time is up, who may do it; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from pari import accounts, countdown, timers
from pari import workshops as ws
from pari.models import Step, StepKind, StepState, Workshop, WorkshopStatus, utcnow
from pari.permissions import NotAllowed
from pari.phone.errors import StepClosed
from pari.phone.guards import is_open
from pari.phone.view import phone_view
from pari.steps.ideas import rules as ideas_rules
from tests.factories import make_current, make_phone, make_user, make_workshop

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
STEPS = [
    (StepKind.CHECK_IN, "Check-in", {}),
    (StepKind.IDEAS, "Challenges", {"categories": ["Social"]}),
]


@pytest.fixture
def room(session):
    """A live workshop, its facilitator, a checked-in phone, the ideas step current and open."""
    owner = make_user(session)
    workshop, steps = make_workshop(session, owner=owner, steps=STEPS)
    phone, _token = make_phone(session, workshop)
    make_current(session, workshop, steps[1])
    return SimpleNamespace(
        user=accounts.to_auth_user(owner), workshop=workshop, step=steps[1], phone=phone
    )


def fresh(session, model, row_id):
    """The row as another request reads it, from the database."""
    session.expire_all()
    return session.get(model, row_id)


def do(session, fn, room, **kwargs):
    result = fn(session=session, user=room.user, step_id=room.step.id, **kwargs)
    session.commit()
    return fresh(session, Step, result.id)


def stage(session, room) -> int:
    return fresh(session, Workshop, room.workshop.id).stage_version


# --- the pure reads ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ends_at", "left", "closes", "expected_left", "expected_closed"),
    [
        (None, None, True, None, False),  # no timer
        (T0 + timedelta(seconds=90), None, True, 90.0, False),  # running
        (T0 + timedelta(seconds=90), None, False, 90.0, False),
        (T0, None, True, 0.0, True),  # up this instant
        (T0 - timedelta(minutes=5), None, True, 0.0, True),  # up a while ago
        (T0 - timedelta(minutes=5), None, False, 0.0, False),  # up, input stays open
        (None, 42.5, True, 42.5, False),  # paused
    ],
)
def test_time_left_and_input_closed(ends_at, left, closes, expected_left, expected_closed):
    step = SimpleNamespace(timer_ends_at=ends_at, timer_left=left, timer_closes_input=closes)
    assert timers.time_left(step, T0) == expected_left
    assert timers.input_closed_by_timer(step, T0) is expected_closed


# --- the facilitator's changes ---------------------------------------------------------


def test_start_pause_resume_add_and_stop(session, room):
    before = stage(session, room)
    step = do(session, timers.start, room, seconds=120, closes_input=True, now=T0)
    assert timers.time_left(step, T0) == 120
    assert timers.time_left(step, T0 + timedelta(seconds=30)) == 90
    assert timers.is_running(step) and step.timer_closes_input
    assert stage(session, room) == before + 1  # phones draw the countdown

    step = do(session, timers.pause, room, now=T0 + timedelta(seconds=30))
    assert not timers.is_running(step) and step.timer_left == 90
    assert timers.time_left(step, T0 + timedelta(hours=1)) == 90  # paused: time stands still
    assert not timers.input_closed_by_timer(step, T0 + timedelta(hours=1))
    with pytest.raises(ws.InvalidInput):
        timers.pause(session=session, user=room.user, step_id=room.step.id)
    session.rollback()

    step = do(session, timers.add_minute, room, now=T0 + timedelta(minutes=10))
    assert step.timer_left == 150

    step = do(session, timers.resume, room, now=T0 + timedelta(minutes=10))
    assert timers.time_left(step, T0 + timedelta(minutes=10)) == 150
    with pytest.raises(ws.InvalidInput):
        timers.resume(session=session, user=room.user, step_id=room.step.id)
    session.rollback()

    step = do(session, timers.add_minute, room, now=T0 + timedelta(minutes=11))
    assert timers.time_left(step, T0 + timedelta(minutes=11)) == 150  # 90 left + 60

    step = do(session, timers.stop, room, now=T0 + timedelta(minutes=12))
    assert not timers.has_timer(step) and not step.timer_closes_input
    assert step.state is StepState.OPEN  # stopped before the end: input stays open
    assert stage(session, room) == before + 6
    with pytest.raises(ws.InvalidInput):
        timers.add_minute(session=session, user=room.user, step_id=room.step.id)
    session.rollback()


def test_a_minute_added_after_the_end_runs_again_and_opens_input(session, room):
    do(session, timers.start, room, seconds=60, closes_input=True, now=T0)
    step = fresh(session, Step, room.step.id)
    assert timers.input_closed_by_timer(step, T0 + timedelta(minutes=5))
    with pytest.raises(ws.InvalidInput):  # nothing left to pause
        timers.pause(
            session=session, user=room.user, step_id=room.step.id, now=T0 + timedelta(minutes=5)
        )
    session.rollback()
    step = do(session, timers.add_minute, room, now=T0 + timedelta(minutes=5))
    assert timers.time_left(step, T0 + timedelta(minutes=5)) == 60
    assert not timers.input_closed_by_timer(step, T0 + timedelta(minutes=5))


def test_stopping_an_ended_timer_keeps_input_closed(session, room):
    do(
        session,
        timers.start,
        room,
        seconds=60,
        closes_input=True,
        now=utcnow() - timedelta(minutes=2),
    )
    step = do(session, timers.stop, room)
    assert not timers.has_timer(step)
    assert step.state is StepState.CLOSED  # "Open input" opens it again


@pytest.mark.parametrize("seconds", [0, 9, 3 * 60 * 60 + 1, -60, "60", None, True, float("nan")])
def test_a_timer_has_a_sensible_length(session, room, seconds):
    with pytest.raises(ws.InvalidInput):
        timers.start(
            session=session,
            user=room.user,
            step_id=room.step.id,
            seconds=seconds,
            closes_input=False,
        )


def test_a_timer_runs_on_the_current_step_only(session, room):
    check_in = ws.list_steps(session=session, workshop_id=room.workshop.id)[0]
    with pytest.raises(ws.InvalidInput):
        timers.start(
            session=session, user=room.user, step_id=check_in.id, seconds=60, closes_input=False
        )


def test_who_may_run_a_timer(session, room):
    stranger = accounts.to_auth_user(make_user(session))
    with pytest.raises(NotAllowed):
        timers.start(
            session=session, user=stranger, step_id=room.step.id, seconds=60, closes_input=False
        )
    session.rollback()
    do(session, timers.start, room, seconds=60, closes_input=False)
    for change in (timers.pause, timers.add_minute, timers.stop):
        with pytest.raises(NotAllowed):
            change(session=session, user=stranger, step_id=room.step.id)
        session.rollback()
    ws.share_workshop(
        session=session, user=room.user, workshop_id=room.workshop.id, username=stranger.username
    )
    session.commit()
    step = do(session, timers.pause, SimpleNamespace(user=stranger, step=room.step))
    assert step.timer_left is not None
    with pytest.raises(ws.NotFound):
        timers.stop(session=session, user=room.user, step_id=10**9)


def test_a_closed_workshop_runs_no_timer(session, room):
    workshop = fresh(session, Workshop, room.workshop.id)
    workshop.status = WorkshopStatus.CLOSED
    session.add(workshop)
    session.commit()
    with pytest.raises(ws.WorkshopIsClosed):
        timers.start(
            session=session, user=room.user, step_id=room.step.id, seconds=60, closes_input=False
        )


# --- phones after the end --------------------------------------------------------------


def _card(session, room, text):
    card = ideas_rules.add_card(
        session=session,
        participant_id=room.phone.id,
        step_id=room.step.id,
        text=text,
        category="Social",
    )
    session.commit()
    return card


@pytest.mark.parametrize("closes", [True, False])
def test_a_write_after_the_end_is_refused_only_when_the_timer_closes_input(session, room, closes):
    do(session, timers.start, room, seconds=60, closes_input=closes)
    assert _card(session, room, "Before the end").id  # running: open either way
    do(
        session,
        timers.start,
        room,
        seconds=60,
        closes_input=closes,
        now=utcnow() - timedelta(minutes=2),
    )
    view = phone_view(session=session, participant_id=room.phone.id)
    assert view.step.state is StepState.OPEN
    assert view.is_open is not closes
    assert is_open(view.workshop, view.step) is not closes
    if closes:
        with pytest.raises(StepClosed):
            _card(session, room, "After the end")
        session.rollback()
    else:
        assert _card(session, room, "After the end").id


# --- what the element is given ---------------------------------------------------------


def test_countdown_data_sends_seconds_left_not_a_clock_time(session, room):
    step = fresh(session, Step, room.step.id)
    assert countdown.countdown_data(step, now=T0, big=True) is None
    step = do(session, timers.start, room, seconds=300, closes_input=True, now=T0)
    data = countdown.countdown_data(step, now=T0 + timedelta(seconds=61.5), big=True)
    assert data["left_ms"] == 238_500 and data["running"] and data["closes"] and data["big"]
    assert set(data["text"]) == {"left", "paused", "up", "closed", "minute", "minute_closes"}
    step = do(session, timers.pause, room, now=T0 + timedelta(seconds=100))
    data = countdown.countdown_data(step, now=T0 + timedelta(hours=2), big=False)
    assert data["left_ms"] == 200_000 and not data["running"] and not data["big"]


def test_closing_input_takes_the_countdown_with_it(session, room):
    step = do(session, timers.start, room, seconds=300, closes_input=False)
    assert timers.is_running(step)
    step = do(session, ws.close_step, room)
    assert step.state is StepState.CLOSED
    assert not timers.has_timer(step) and not step.timer_closes_input
    # Opened again, the step has no countdown left over to close it.
    step = do(session, ws.open_step, room)
    assert step.state is StepState.OPEN and not timers.has_timer(step)
