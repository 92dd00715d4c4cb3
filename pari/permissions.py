"""Who may do what with a workshop: named checks used by services and pages.

A facilitator sees and runs their own workshops and those shared with them; a
coordinator sees and runs every workshop. Services call ``require`` and raise
``NotAllowed``; pages call the same checks to hide or disable what a person
may not do.
"""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, select

from pari.accounts import AuthUser
from pari.errors import PariError
from pari.i18n import N_
from pari.models import Workshop, WorkshopShare


class NotAllowed(PariError, PermissionError):
    """The signed-in person may not do this (pari.errors)."""

    default = N_("You may not do this.")


def _is_shared_with(session: Session, workshop_id: int, user_id: int) -> bool:
    return (
        session.exec(
            select(WorkshopShare.user_id).where(
                WorkshopShare.workshop_id == workshop_id, WorkshopShare.user_id == user_id
            )
        ).first()
        is not None
    )


def can_view_workshop(*, session: Session, user: AuthUser | None, workshop: Workshop) -> bool:
    if user is None:
        return False
    if user.is_coordinator or workshop.owner_id == user.id:
        return True
    return _is_shared_with(session, workshop.id, user.id)


def can_run_workshop(*, session: Session, user: AuthUser | None, workshop: Workshop) -> bool:
    """Make steps current, open and close them, moderate, enter paper input."""
    return can_view_workshop(session=session, user=user, workshop=workshop)


def can_edit_workshop(*, session: Session, user: AuthUser | None, workshop: Workshop) -> bool:
    """Change details and steps (the service adds rules for live and closed workshops)."""
    return can_run_workshop(session=session, user=user, workshop=workshop)


def can_follow_up(*, session: Session, user: AuthUser | None, workshop: Workshop) -> bool:
    """Update pledges and next steps: facilitators of this workshop and coordinators."""
    return can_run_workshop(session=session, user=user, workshop=workshop)


def can_publish_results(*, session: Session, user: AuthUser | None, workshop: Workshop) -> bool:
    """Switch the workshop's public results page on or off: those who follow it up."""
    return can_follow_up(session=session, user=user, workshop=workshop)


def can_export(*, session: Session, user: AuthUser | None, workshop: Workshop) -> bool:
    """Download the workshop's data and report: its facilitators and coordinators.

    (Stakeholders have no account, so they never pass.)
    """
    return can_run_workshop(session=session, user=user, workshop=workshop)


def can_share_workshop(*, session: Session, user: AuthUser | None, workshop: Workshop) -> bool:
    """Only the owner (or a coordinator) decides who else may run a workshop."""
    return user is not None and (user.is_coordinator or workshop.owner_id == user.id)


def can_create_workshop(*, user: AuthUser | None) -> bool:
    return user is not None


def visible_workshops_query(user: AuthUser):
    """A select of the workshops ``user`` may see, newest first."""
    query = select(Workshop)
    if not user.is_coordinator:
        shared = select(WorkshopShare.workshop_id).where(WorkshopShare.user_id == user.id)
        query = query.where(or_(Workshop.owner_id == user.id, Workshop.id.in_(shared)))
    return query.order_by(Workshop.created_at.desc(), Workshop.id.desc())


def require(allowed: bool, message: str = N_("You may not change this workshop.")) -> None:
    """Raise NotAllowed with ``message``, an English message id marked with N_."""
    if not allowed:
        raise NotAllowed(message)
