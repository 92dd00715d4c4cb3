"""Sharing a workshop: the owner (or a coordinator) lets other facilitators see and run it."""

from __future__ import annotations

from sqlmodel import Session, select

from pari.accounts import AuthUser
from pari.i18n import N_
from pari.models import User, WorkshopShare
from pari.permissions import can_share_workshop, require
from pari.workshops.access import InvalidInput, get_workshop


def share_workshop(*, session: Session, user: AuthUser, workshop_id: int, username: str) -> User:
    """Let another facilitator see and run this workshop."""
    workshop = get_workshop(session=session, user=user, workshop_id=workshop_id)
    require(
        can_share_workshop(session=session, user=user, workshop=workshop),
        N_("Only the owner or a coordinator can share this workshop."),
    )
    other = session.exec(
        select(User).where(User.username == (username or "").strip().lower(), User.active)
    ).first()
    if other is None:
        raise InvalidInput(
            N_("No active account has the username “{username}”."), username=username
        )
    if other.id == workshop.owner_id:
        raise InvalidInput(N_("{name} owns this workshop already."), name=other.name)
    if session.get(WorkshopShare, (workshop.id, other.id)) is None:
        session.add(WorkshopShare(workshop_id=workshop.id, user_id=other.id))
        session.flush()
    return other


def unshare_workshop(*, session: Session, user: AuthUser, workshop_id: int, user_id: int) -> None:
    workshop = get_workshop(session=session, user=user, workshop_id=workshop_id)
    require(
        can_share_workshop(session=session, user=user, workshop=workshop),
        N_("Only the owner or a coordinator can share this workshop."),
    )
    share = session.get(WorkshopShare, (workshop.id, user_id))
    if share is not None:
        session.delete(share)
        session.flush()


def shared_with(*, session: Session, workshop_id: int) -> list[User]:
    return list(
        session.exec(
            select(User)
            .join(WorkshopShare, WorkshopShare.user_id == User.id)
            .where(WorkshopShare.workshop_id == workshop_id)
            .order_by(User.username)
        )
    )
