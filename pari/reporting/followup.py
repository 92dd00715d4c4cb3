"""After the workshop: pledges followed up with dated status notes, and the next steps.

Who may: the facilitators of that workshop (owner and those it is shared with)
and coordinators, the same people who may run it (``pari.permissions``). Each
update is a ``CommitmentUpdate`` row (kept, never edited: the history is the
record); ``Commitment.status`` always equals the latest update's status, written
in the same transaction under a row lock so two people updating at once cannot
leave it behind. Every write moves the workshop's version, so cached plans and
reports (keyed by version) are rebuilt.
"""

from __future__ import annotations

from sqlmodel import Session, select

from pari import versioning
from pari.accounts import AuthUser
from pari.errors import PariError
from pari.i18n import N_, _
from pari.models import Commitment, CommitmentStatus, CommitmentUpdate, Workshop, utcnow
from pari.permissions import NotAllowed, can_export, can_follow_up, require
from pari.text import NotText, TextMissing, TextTooLong, clean

MAX_NOTE = 2000
MAX_NEXT_STEPS = 5000

STATUS_LABELS: dict[CommitmentStatus, str] = {
    CommitmentStatus.PLANNED: N_("Planned"),
    CommitmentStatus.IN_PROGRESS: N_("In progress"),
    CommitmentStatus.DONE: N_("Done"),
    CommitmentStatus.DROPPED: N_("Dropped"),
}


def status_label(status: CommitmentStatus | str) -> str:
    return _(STATUS_LABELS[CommitmentStatus(status)])


class FollowUpError(PariError, ValueError):
    """A follow-up refused (pari.errors)."""


class UnknownCommitment(FollowUpError):
    pass


class UnknownWorkshop(FollowUpError):
    pass


class InvalidInput(FollowUpError):
    pass


# --- writes --------------------------------------------------------------------------


def _clean(raw: object, *, limit: int, field: str) -> str:
    try:
        return clean(raw, max_len=limit, required=False)
    except TextTooLong as exc:
        raise InvalidInput(
            N_("The {field} is too long: at most {limit} characters, it has {length}."),
            field=_(field),
            limit=exc.limit,
            length=exc.length,
        ) from exc
    except (NotText, TextMissing) as exc:
        raise InvalidInput(N_("The {field} must be text."), field=_(field)) from exc


def update_commitment(
    *,
    session: Session,
    user: AuthUser,
    commitment_id: int,
    status: CommitmentStatus | str,
    note: str = "",
) -> CommitmentUpdate:
    """Record a pledge's status as of now, with an optional note; it becomes the latest."""
    try:
        status = CommitmentStatus(status)
    except ValueError as exc:
        raise InvalidInput(N_("Unknown status.")) from exc
    note = _clean(note, limit=MAX_NOTE, field=N_("note"))
    # Lock the pledge: concurrent updates are applied one after the other, so the
    # status written last is the one of the latest update.
    commitment = session.exec(
        select(Commitment).where(Commitment.id == commitment_id).with_for_update()
    ).first()
    if commitment is None:
        raise UnknownCommitment(N_("This pledge no longer exists."))
    workshop = session.get(Workshop, commitment.workshop_id)
    if workshop is None:
        raise UnknownWorkshop(N_("This workshop no longer exists."))
    require(
        can_follow_up(session=session, user=user, workshop=workshop),
        N_("You may not follow up the pledges of this workshop."),
    )
    if commitment.withdrawn:
        raise InvalidInput(N_("This pledge was withdrawn by the person who made it."))
    now = utcnow()
    update = CommitmentUpdate(
        commitment_id=commitment.id, status=status, note=note, user_id=user.id, created_at=now
    )
    session.add(update)
    commitment.status = status
    commitment.updated_at = now
    session.add(commitment)
    versioning.bump(session, workshop.id)
    session.flush()
    return update


def history(*, session: Session, commitment_id: int) -> list[CommitmentUpdate]:
    """Every update of a pledge, oldest first (the last one is its current status)."""
    return list(
        session.exec(
            select(CommitmentUpdate)
            .where(CommitmentUpdate.commitment_id == commitment_id)
            .order_by(CommitmentUpdate.created_at, CommitmentUpdate.id)
        )
    )


def latest_updates(*, session: Session, workshop_id: int) -> dict[int, CommitmentUpdate]:
    """The latest update of each pledge of a workshop that has one."""
    rows = session.exec(
        select(CommitmentUpdate)
        .join(Commitment, Commitment.id == CommitmentUpdate.commitment_id)
        .where(Commitment.workshop_id == workshop_id)
        .order_by(CommitmentUpdate.created_at, CommitmentUpdate.id)
    )
    return {u.commitment_id: u for u in rows}


def set_next_steps(*, session: Session, user: AuthUser, workshop_id: int, text: str) -> Workshop:
    """The facilitator's next steps for the local plan (plain text, shown as written)."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise UnknownWorkshop(N_("This workshop no longer exists."))
    require(
        can_follow_up(session=session, user=user, workshop=workshop),
        N_("You may not change this workshop."),
    )
    workshop.next_steps = _clean(text, limit=MAX_NEXT_STEPS, field=N_("next steps"))
    session.add(workshop)
    versioning.bump(session, workshop.id)
    session.flush()
    session.refresh(workshop)
    return workshop


__all__ = [
    "STATUS_LABELS",
    "FollowUpError",
    "InvalidInput",
    "NotAllowed",
    "UnknownCommitment",
    "UnknownWorkshop",
    "can_export",
    "can_follow_up",
    "history",
    "latest_updates",
    "set_next_steps",
    "status_label",
    "update_commitment",
]
