"""Per-workshop version numbers, moved in the same transaction as the write they announce.

``version`` moves on every write (the presenter's cached reads key on it);
``stage_version`` moves only when what phones show changes, and the watcher in
``pari.live`` reruns the phones of a workshop when it sees it move. Both live in
the database, so a write through any replica is seen by every replica.
"""

from __future__ import annotations

from sqlalchemy import event, update
from sqlmodel import Session, select

from pari.models import Workshop, utcnow


def current(session: Session, workshop_id: int) -> int:
    """The workshop's version now (the presenter's cache key)."""
    return session.exec(select(Workshop.version).where(Workshop.id == workshop_id)).one()


# session.info: this unit of work moved a stage itself (a facilitator's action, or the
# demo writing answers and moving on in one transaction). A phone's write checks its
# step again at its commit only when someone else moved the stage (pari.phone.guards).
MOVED_STAGE = "pari_moved_stage"


def bump(session: Session, workshop_id: int, *, stage: bool = False) -> None:
    values = {"version": Workshop.version + 1, "updated_at": utcnow()}
    if stage:
        values["stage_version"] = Workshop.stage_version + 1
        session.info[MOVED_STAGE] = True
    session.exec(update(Workshop).where(Workshop.id == workshop_id).values(**values))


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_moved_stage(session: Session) -> None:
    session.info.pop(MOVED_STAGE, None)
