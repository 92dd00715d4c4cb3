"""Running a workshop live: which step is current, whether it takes input or shows its
results, moving back and forth, and the workshop's status (draft, live, closed).

Each change moves ``stage_version``, which every phone and the presenter follow.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from pari import versioning
from pari.accounts import AuthUser
from pari.i18n import N_
from pari.models import Participant, Step, StepState, Workshop, WorkshopStatus
from pari.permissions import can_run_workshop, require
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
    step.state = StepState.OPEN
    return _finish(session, workshop, step)


def close_step(*, session: Session, user: AuthUser, step_id: int) -> Step:
    """Stop input; what was entered stays."""
    step, workshop = _runnable(session, user, step_id)
    step.state = StepState.CLOSED
    return _finish(session, workshop, step)


def show_results(*, session: Session, user: AuthUser, step_id: int) -> Step:
    """Close input and show the results on the presenter screen and the phones."""
    step, workshop = _runnable(session, user, step_id)
    _make_current(session, workshop, step)
    step.state = StepState.RESULTS
    return _finish(session, workshop, step)


def hide_results(*, session: Session, user: AuthUser, step_id: int) -> Step:
    step, workshop = _runnable(session, user, step_id)
    if step.state is StepState.RESULTS:
        step.state = StepState.CLOSED
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
