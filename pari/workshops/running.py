"""Running a workshop live: which step is current, whether it takes input, revealing its
results, moving back and forth, and the workshop's status (draft, live, closed).

Input (a step's state) and what its results show (``pari.reveal``) are apart: a
reveal leaves input as it is. Each change moves ``stage_version``, which every
phone and the presenter follow.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from pari import timers, versioning
from pari.accounts import AuthUser
from pari.i18n import N_
from pari.models import Participant, Step, StepState, Workshop, WorkshopStatus, utcnow
from pari.permissions import can_run_workshop, require
from pari.reveal import MAX_TOP, RANKED_KINDS
from pari.workshops.access import (
    INPUT_KINDS,
    NEEDS_SOURCE,
    InvalidInput,
    WorkshopIsClosed,
    _load_step,
    get_workshop,
    list_steps,
)


def _runnable(session: Session, user: AuthUser, step_id: int) -> tuple[Step, Workshop]:
    step, workshop = _load_step(session, step_id)
    require(
        can_run_workshop(session=session, user=user, workshop=workshop),
        N_("You may not run this workshop."),
    )
    if workshop.status is WorkshopStatus.CLOSED:
        raise WorkshopIsClosed(N_("This workshop is closed. Reopen it to run it."))
    return step, workshop


def _make_current(session: Session, workshop: Workshop, step: Step) -> None:
    if workshop.current_step_id not in (None, step.id):
        previous = session.get(Step, workshop.current_step_id)
        # Phones follow the current step only, so the step they leave stops taking input.
        if previous is not None and previous.state is StepState.OPEN:
            previous.state = StepState.CLOSED
            session.add(previous)
    workshop.current_step_id = step.id
    if workshop.status is WorkshopStatus.DRAFT:
        workshop.status = WorkshopStatus.LIVE
    session.add(workshop)


def _finish(session: Session, workshop: Workshop, step: Step) -> Step:
    session.add(step)
    session.flush()
    versioning.bump(session, workshop.id, stage=True)
    session.refresh(workshop)
    return step


def make_current(*, session: Session, user: AuthUser, step_id: int) -> Step:
    """Every phone and the presenter move to this step (a draft workshop goes live)."""
    step, workshop = _runnable(session, user, step_id)
    _make_current(session, workshop, step)
    return _finish(session, workshop, step)


def open_step(*, session: Session, user: AuthUser, step_id: int) -> Step:
    """Make the step current and let phones answer it."""
    step, workshop = _runnable(session, user, step_id)
    if step.kind not in INPUT_KINDS:
        raise InvalidInput(N_("This step takes no input: show its results instead."))
    if step.kind in NEEDS_SOURCE and step.source_step_id is None:
        raise InvalidInput(N_("Choose the ideas step this step draws its cards from first."))
    _make_current(session, workshop, step)
    if timers.input_closed_by_timer(step, utcnow()):  # reopening ends the spent countdown
        timers.clear(step)
    step.state = StepState.OPEN
    return _finish(session, workshop, step)


def close_step(*, session: Session, user: AuthUser, step_id: int) -> Step:
    """Stop input; what was entered stays. A countdown on the step goes with the input
    it counted down to (left running, it would tell the room to hurry for nothing)."""
    step, workshop = _runnable(session, user, step_id)
    step.state = StepState.CLOSED
    timers.clear(step)
    return _finish(session, workshop, step)


def show_results(*, session: Session, user: AuthUser, step_id: int) -> Step:
    """End a step: make it current, close its input and reveal all its results."""
    step, workshop = _runnable(session, user, step_id)
    _make_current(session, workshop, step)
    if step.kind in INPUT_KINDS:
        step.state = StepState.CLOSED
    step.revealed, step.reveal_top, step.reveal_shown = True, None, 0
    return _finish(session, workshop, step)


def reveal_results(*, session: Session, user: AuthUser, step_id: int) -> Step:
    """Show all the step's results on the presenter and the phones; input stays as it is."""
    step, workshop = _runnable(session, user, step_id)
    step.revealed, step.reveal_top, step.reveal_shown = True, None, 0
    return _finish(session, workshop, step)


def hide_results(*, session: Session, user: AuthUser, step_id: int) -> Step:
    """Hide what a reveal showed (a step with live results shows them anyway)."""
    step, workshop = _runnable(session, user, step_id)
    step.revealed, step.reveal_top, step.reveal_shown = False, None, 0
    return _finish(session, workshop, step)


def start_top_reveal(*, session: Session, user: AuthUser, step_id: int, top: int) -> Step:
    """Hide the results, ready to reveal the first ``top`` ranks one at a time."""
    step, workshop = _runnable(session, user, step_id)
    if step.kind not in RANKED_KINDS:
        raise InvalidInput(N_("Only dot votes and polls can be revealed rank by rank."))
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
        raise InvalidInput(N_("Choose from 1 to {max} ranks to reveal."), max=MAX_TOP)
    step.revealed, step.reveal_top, step.reveal_shown = False, top, 0
    return _finish(session, workshop, step)


def reveal_next(*, session: Session, user: AuthUser, step_id: int) -> Step:
    """Show one more rank of a top-N reveal, counting up from the last."""
    step, workshop = _runnable(session, user, step_id)
    if step.reveal_top is None or step.revealed:
        raise InvalidInput(N_("Start a top-N reveal first."))
    if step.reveal_shown >= step.reveal_top:
        raise InvalidInput(N_("Every rank of the top {n} is shown."), n=step.reveal_top)
    step.reveal_shown += 1
    return _finish(session, workshop, step)


def _neighbour(session: Session, user: AuthUser, workshop_id: int, delta: int) -> Step:
    workshop = get_workshop(session=session, user=user, workshop_id=workshop_id)
    steps = list_steps(session=session, workshop_id=workshop.id)
    ids = [s.id for s in steps]
    i = ids.index(workshop.current_step_id) + delta if workshop.current_step_id in ids else 0
    if not 0 <= i < len(steps):
        raise InvalidInput(
            N_("This is the first step.") if delta < 0 else N_("This is the last step.")
        )
    return make_current(session=session, user=user, step_id=steps[i].id)


def go_back(*, session: Session, user: AuthUser, workshop_id: int) -> Step:
    """Make the step before the current one current."""
    return _neighbour(session, user, workshop_id, -1)


def go_next(*, session: Session, user: AuthUser, workshop_id: int) -> Step:
    """Make the step after the current one current (the first, if none is)."""
    return _neighbour(session, user, workshop_id, +1)


def set_status(
    *, session: Session, user: AuthUser, workshop_id: int, status: WorkshopStatus
) -> Workshop:
    """Draft, live or closed. Closing stops input on every step; reopening makes it live."""
    workshop = get_workshop(session=session, user=user, workshop_id=workshop_id)
    require(
        can_run_workshop(session=session, user=user, workshop=workshop),
        N_("You may not run this workshop."),
    )
    status = WorkshopStatus(status)
    if status is WorkshopStatus.CLOSED:
        for step in list_steps(session=session, workshop_id=workshop.id):
            if step.state is StepState.OPEN:
                step.state = StepState.CLOSED
                session.add(step)
    workshop.status = status
    session.add(workshop)
    session.flush()
    versioning.bump(session, workshop.id, stage=True)
    session.refresh(workshop)
    return workshop


def participant_count(*, session: Session, workshop_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(Participant).where(Participant.workshop_id == workshop_id)
    ).one()
