"""Per-workshop version numbers, moved in the same transaction as the write they announce.

``version`` moves on every write (the presenter's cached reads key on it);
``stage_version`` moves only when what phones show changes, and the watcher in
``pari.live`` reruns the phones of a workshop when it sees it move. Both live in
the database, so a write through any replica is seen by every replica.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, select

from pari.models import Workshop, utcnow


def current(session: Session, workshop_id: int) -> int:
    """The workshop's version now (the presenter's cache key)."""
    return session.exec(select(Workshop.version).where(Workshop.id == workshop_id)).one()


def bump(session: Session, workshop_id: int, *, stage: bool = False) -> None:
    values = {"version": Workshop.version + 1, "updated_at": utcnow()}
    if stage:
        values["stage_version"] = Workshop.stage_version + 1
    session.exec(update(Workshop).where(Workshop.id == workshop_id).values(**values))
