"""A countdown on a step (issue 18): started, paused, resumed, lengthened and stopped by a
facilitator, shown on the presenter and the phones, optionally closing input at zero.

The time lives on the step in the database (``Step.timer_ends_at`` while it runs,
``Step.timer_left`` while it is paused), so it survives a restart and every replica
agrees. Nothing runs on the server while a countdown does: ``time_left`` and
``input_closed_by_timer`` read the step against the clock whenever asked (the phone
rules ask through ``pari.phone.guards.is_open``), and the browsers count down by
themselves (``pari.countdown``).

Each change moves ``stage_version``, so phones redraw the countdown on a start, a
pause or a stop. The caller commits (``pari.web.db`` does).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from sqlmodel import Session

from pari import versioning
from pari import workshops as ws
from pari.accounts import AuthUser
from pari.i18n import N_
from pari.models import Step, StepState, Workshop, WorkshopStatus, utcnow
from pari.permissions import can_run_workshop, require

QUICK_MINUTES = (1, 2, 3, 5, 10)  # the run page's one-tap lengths
MIN_SECONDS = 10
MAX_SECONDS = 3 * 60 * 60
ADDED_SECONDS = 60


class HasTimer(Protocol):
    """What the reads below need of a step (a ``Step`` row has it)."""

    timer_ends_at: datetime | None
    timer_left: float | None
    timer_closes_input: bool


# --- reads (pure) -----------------------------------------------------------------


def has_timer(step: HasTimer) -> bool:
    return step.timer_ends_at is not None or step.timer_left is not None


def is_running(step: HasTimer) -> bool:
    return step.timer_ends_at is not None


def time_left(step: HasTimer, now: datetime) -> float | None:
    """Seconds left at ``now`` (0 once the time is up); None when the step has no timer."""
    if step.timer_ends_at is not None:
        return max(0.0, (step.timer_ends_at - now).total_seconds())
    return step.timer_left


def input_closed_by_timer(step: HasTimer, now: datetime) -> bool:
    """Whether the step's countdown has ended and was set to close input then."""
    return step.timer_closes_input and step.timer_ends_at is not None and step.timer_ends_at <= now


# --- the facilitator's changes ------------------------------------------------------


def _runnable(session: Session, user: AuthUser, step_id: int) -> tuple[Step, Workshop]:
    """The step, if ``user`` may run its workshop now (the run controls' check)."""
    step = session.get(Step, step_id)
    if step is None:
        raise ws.NotFound(N_("No such step."))
    workshop = ws.get_workshop(session=session, user=user, workshop_id=step.workshop_id)
    require(
        can_run_workshop(session=session, user=user, workshop=workshop),
        N_("You may not run this workshop."),
    )
    if workshop.status is WorkshopStatus.CLOSED:
        raise ws.WorkshopIsClosed(N_("This workshop is closed. Reopen it to run it."))
    return step, workshop


def _current(session: Session, user: AuthUser, step_id: int) -> Step:
    step, workshop = _runnable(session, user, step_id)
    if workshop.current_step_id != step.id:
        raise ws.InvalidInput(N_("A timer runs on the current step only."))
    return step


def _seconds(seconds: object) -> float:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise ws.InvalidInput(N_("Choose a length for the timer."))
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise ws.InvalidInput(
            N_("A timer lasts from {low} seconds to {high} minutes."),
            low=MIN_SECONDS,
            high=MAX_SECONDS // 60,
        )
    return float(seconds)


def _save(session: Session, step: Step) -> Step:
    session.add(step)
    session.flush()
    versioning.bump(session, step.workshop_id, stage=True)
    return step


def start(
    *,
    session: Session,
    user: AuthUser,
    step_id: int,
    seconds: float,
    closes_input: bool,
    now: datetime | None = None,
) -> Step:
    """Start a countdown of ``seconds`` on the current step (replacing any it had)."""
    seconds = _seconds(seconds)
    step = _current(session, user, step_id)
    step.timer_ends_at = (now or utcnow()) + timedelta(seconds=seconds)
    step.timer_left = None
    step.timer_closes_input = bool(closes_input)
    return _save(session, step)


def pause(*, session: Session, user: AuthUser, step_id: int, now: datetime | None = None) -> Step:
    """Hold the countdown where it is (a countdown already at zero stays ended)."""
    step, _workshop = _runnable(session, user, step_id)
    left = time_left(step, now or utcnow())
    if not is_running(step) or not left:
        raise ws.InvalidInput(N_("No timer is running on this step."))
    step.timer_ends_at = None
    step.timer_left = left
    return _save(session, step)


def resume(*, session: Session, user: AuthUser, step_id: int, now: datetime | None = None) -> Step:
    """Count down again from where the countdown was paused."""
    step = _current(session, user, step_id)
    if step.timer_left is None:
        raise ws.InvalidInput(N_("The timer is not paused."))
    step.timer_ends_at = (now or utcnow()) + timedelta(seconds=step.timer_left)
    step.timer_left = None
    return _save(session, step)


def add_minute(
    *, session: Session, user: AuthUser, step_id: int, now: datetime | None = None
) -> Step:
    """One more minute; a countdown that has ended runs again for that minute (and input it
    closed opens again)."""
    step = _current(session, user, step_id)
    left = time_left(step, now or utcnow())
    if left is None:
        raise ws.InvalidInput(N_("No timer is running on this step."))
    left = min(left + ADDED_SECONDS, MAX_SECONDS)
    if is_running(step):
        step.timer_ends_at = (now or utcnow()) + timedelta(seconds=left)
    else:
        step.timer_left = left
    return _save(session, step)


def clear(step: Step) -> None:
    """Take the countdown off ``step``, for a service that has made its checks (such as
    opening input again: an ended countdown would keep it closed)."""
    step.timer_ends_at = None
    step.timer_left = None
    step.timer_closes_input = False


def stop(*, session: Session, user: AuthUser, step_id: int, now: datetime | None = None) -> Step:
    """Take the countdown away. Input it has closed stays closed (the step is closed, so
    "Open input" opens it again); input it has not closed yet stays open."""
    step, _workshop = _runnable(session, user, step_id)
    if step.state is StepState.OPEN and input_closed_by_timer(step, now or utcnow()):
        step.state = StepState.CLOSED
    clear(step)
    return _save(session, step)
