"""What the other parts of ``pari.workshops`` share: the errors their rules raise, the
workshop and its steps looked up for a person who may see them, and the checks that
come before any change (may this person change it, is it still open).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from pari import accounts, steps
from pari.accounts import AuthUser
from pari.codes import normalise_join_code
from pari.errors import PariError
from pari.i18n import N_
from pari.models import (
    Assessment,
    Commitment,
    Contribution,
    PollAnswer,
    Score,
    Step,
    Vote,
    Workshop,
    WorkshopStatus,
)
from pari.permissions import (
    NotAllowed,
    can_edit_workshop,
    can_view_workshop,
    require,
    visible_workshops_query,
)

SOURCE_KINDS = tuple(k for k, kind in steps.KINDS.items() if kind.draws_on_ideas)
NEEDS_SOURCE = tuple(k for k, kind in steps.KINDS.items() if kind.needs_ideas)
INPUT_KINDS = tuple(k for k, kind in steps.KINDS.items() if kind.takes_input)


class WorkshopError(PariError, ValueError):
    """A rule refused the change to a workshop or its steps (pari.errors)."""


class InvalidInput(WorkshopError):
    pass


class StepHasInput(WorkshopError):
    """The change would lose or distort what stakeholders already entered."""


class WorkshopIsClosed(WorkshopError):
    pass


class NotFound(WorkshopError):
    pass


# --- lookups -----------------------------------------------------------------


def get_by_code(*, session: Session, code: str | None) -> Workshop | None:
    canonical = normalise_join_code(code)
    if canonical is None:
        return None
    return session.exec(select(Workshop).where(Workshop.code == canonical)).first()


def get_workshop(
    *, session: Session, user: AuthUser, workshop_id: int | None = None, code: str | None = None
) -> Workshop:
    """The workshop by id or join code, if ``user`` may see it (else NotFound/NotAllowed)."""
    workshop = (
        session.get(Workshop, workshop_id)
        if workshop_id is not None
        else get_by_code(session=session, code=code)
    )
    if workshop is None:
        raise NotFound(N_("No such workshop."))
    require(
        can_view_workshop(session=session, user=user, workshop=workshop),
        N_("You may not see this workshop."),
    )
    return workshop


def still_allowed(
    *, session: Session, user_id: int, signed_in_at: datetime, workshop_id: int | None = None
) -> bool:
    """Whether a session signed in at ``signed_in_at`` may still act now: its account
    active and not logged out since, and (``workshop_id``) still one that may see that
    workshop. For work done after the page's run, such as a download built on click."""
    user = accounts.session_user(session=session, user_id=user_id, signed_in_at=signed_in_at)
    if user is None:
        return False
    if workshop_id is None:
        return True
    try:
        get_workshop(session=session, user=user, workshop_id=workshop_id)
    except (WorkshopError, NotAllowed):
        return False
    return True


def list_workshops(*, session: Session, user: AuthUser) -> list[Workshop]:
    """Mine and those shared with me; a coordinator's list holds every workshop."""
    return list(session.exec(visible_workshops_query(user)))


def list_steps(*, session: Session, workshop_id: int) -> list[Step]:
    return list(
        session.exec(
            select(Step).where(Step.workshop_id == workshop_id).order_by(Step.position, Step.id)
        )
    )


def current_step(*, session: Session, workshop: Workshop) -> Step | None:
    if workshop.current_step_id is None:
        return None
    return session.get(Step, workshop.current_step_id)


def input_count(*, session: Session, step_id: int) -> int:
    """How many rows stakeholders (or paper input) entered in this step, the tables the
    newer kinds keep for themselves included."""
    own = (model for kind in steps.KINDS.values() for model in kind.export_models)
    total = 0
    for model in (Contribution, Vote, Score, PollAnswer, Assessment, Commitment, *own):
        total += session.exec(select(func.count()).where(model.step_id == step_id)).one()
    return total


# --- before a change -------------------------------------------------------------


def _editable(session: Session, user: AuthUser, workshop: Workshop) -> None:
    require(
        can_edit_workshop(session=session, user=user, workshop=workshop),
        N_("You may not change this workshop."),
    )
    if workshop.status is WorkshopStatus.CLOSED:
        raise WorkshopIsClosed(
            N_("This workshop is closed. Reopen it to change it, or duplicate it.")
        )


def _load_step(session: Session, step_id: int) -> tuple[Step, Workshop]:
    step = session.get(Step, step_id)
    if step is None:
        raise NotFound(N_("No such step."))
    return step, session.get(Workshop, step.workshop_id)
