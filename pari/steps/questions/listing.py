"""The questions list a phone reads: the room's part read once and shared, one's own
read fresh.

Measured with 300 phones (bench/README.md, "The questions' list at 300 phones"): a
list read per phone per refresh, every question with its upvotes in one statement,
cost 50 ms of CPU a read and took 10 s behind the interpreter lock, and the server
fell behind. Every phone of a step lists the same questions, so the room's part (the
questions the room sees, with their upvotes and who gave them) is read once per step
and shared by every phone of the process (``room``), as ``pari.phone.cards`` shares a
vote's cards. It is read again:

- at once when the workshop's ``stage_version`` moves (a question hidden or shown
  again by the facilitator, the step opened or closed: ``pari.versioning``);
- when any other write moved the workshop's ``version`` (a question asked, an upvote,
  a withdrawal, through any replica), once the copy is ``max_age`` seconds old: others'
  new questions and upvotes reach a phone at most a second later than they would.

A phone's own part is read fresh each time (a few rows): its own questions in any
state, and its own upvotes, which correct the shared counts. What a person did shows at
once and exactly; only the others' last second may be missing.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, bindparam, cast, func
from sqlmodel import Session, select

from pari.engine_cache import EngineCache
from pari.models import Participant, Step, Workshop
from pari.steps.questions import VISIBLE
from pari.steps.questions.models import Question, QuestionStatus, QuestionUpvote

ROOM_MAX_AGE_SECONDS = 1.0  # how stale others' writes may be on a phone's list


@dataclass(frozen=True)
class PhoneQuestion:
    """One question as a phone lists it: no author but oneself, nothing to lazy-load."""

    id: int
    text: str
    status: QuestionStatus
    pinned: bool
    upvotes: int
    upvoted: bool  # this phone's person upvoted it
    mine: bool
    name: str  # the asker's name, where they chose to show it (and the step asks names)
    created_at: datetime


@dataclass(frozen=True)
class RoomQuestion:
    """A question the whole room sees, as shared by every phone of the process."""

    id: int
    text: str
    status: QuestionStatus
    pinned_at: datetime | None
    participant_id: int
    name: str  # the asker's name where they chose to show it, else ""
    created_at: datetime
    voters: frozenset[int]


@dataclass(frozen=True)
class Room:
    version: int
    stage_version: int
    read_at: float  # time.monotonic()
    questions: tuple[RoomQuestion, ...]


_Q, _U, _P = Question.__table__, QuestionUpvote.__table__, Participant.__table__
_W, _S = Workshop.__table__, Step.__table__
_COLUMNS = (
    _Q.c.id,
    _Q.c.text,
    _Q.c.status,
    _Q.c.pinned_at,
    _Q.c.show_name,
    _Q.c.participant_id,
    _Q.c.created_at,
    _P.c.name,
)
_WITH_UPVOTES = _Q.join(_P, _P.c.id == _Q.c.participant_id).outerjoin(
    _U, _U.c.question_id == _Q.c.id
)
# One row a question (not one an upvote: every row costs a turn of the interpreter
# lock, which 300 phones' threads share), its voters in one string.
_ROOM = (
    select(
        *_COLUMNS, func.aggregate_strings(cast(_U.c.participant_id, String), ",").label("voters")
    )
    .select_from(_WITH_UPVOTES)
    .where(_Q.c.step_id == bindparam("step_id"), _Q.c.status.in_([s.value for s in VISIBLE]))
    .group_by(*_COLUMNS)
)
_MINE = (
    select(*_COLUMNS, func.count(_U.c.participant_id).label("upvotes"))
    .select_from(_WITH_UPVOTES)
    .where(
        _Q.c.step_id == bindparam("step_id"),
        _Q.c.participant_id == bindparam("me"),
        _Q.c.status != QuestionStatus.WITHDRAWN.value,
    )
    .group_by(*_COLUMNS)
)
_MY_UPVOTES = select(_U.c.question_id).where(
    _U.c.step_id == bindparam("step_id"), _U.c.participant_id == bindparam("me")
)
_VERSIONS = (
    select(_W.c.version, _W.c.stage_version)
    .select_from(_W.join(_S, _S.c.workshop_id == _W.c.id))
    .where(_S.c.id == bindparam("step_id"))
)

_reading = threading.Lock()  # one read of a room at a time; the others use the last one
_rooms: EngineCache[Room] = EngineCache(limit=64)  # by step


def _shown_name(row: Any) -> str:
    return (row.name or "").strip() if row.show_name else ""


def _read_room(session: Session, step_id: int, version: int, stage_version: int) -> Room:
    rows = session.connection().execute(_ROOM, {"step_id": step_id})
    questions = tuple(
        RoomQuestion(
            id=r.id,
            text=r.text,
            status=QuestionStatus(r.status),
            pinned_at=r.pinned_at,
            participant_id=r.participant_id,
            name=_shown_name(r),
            created_at=r.created_at,
            voters=frozenset(int(v) for v in r.voters.split(",")) if r.voters else frozenset(),
        )
        for r in rows
    )
    return Room(version, stage_version, time.monotonic(), questions)


def _usable(room: Room | None, version: int, stage_version: int, max_age: float) -> bool:
    if room is None or room.stage_version != stage_version:
        return False
    return room.version == version or time.monotonic() - room.read_at < max_age


def room(*, session: Session, step_id: int, max_age: float | None = None) -> Room:
    """The room's part of a step's list: the shared copy while it is usable (see the
    module's note), else read again by one thread while the others keep the last copy.
    Kept per engine, so two databases never mix."""
    max_age = ROOM_MAX_AGE_SECONDS if max_age is None else max_age
    version, stage_version = session.connection().execute(_VERSIONS, {"step_id": step_id}).one()
    engine = session.get_bind()
    last = _rooms.get(engine, step_id)
    if _usable(last, version, stage_version, max_age):
        return last
    if not _reading.acquire(blocking=last is None or last.stage_version != stage_version):
        return last  # another thread is reading it now: the last copy a moment longer
    try:
        last = _rooms.get(engine, step_id)
        if _usable(last, version, stage_version, max_age):
            return last
        fresh = _read_room(session, step_id, version, stage_version)
        _rooms.put(engine, step_id, fresh)
    finally:
        _reading.release()
    return fresh


def phone_list(
    *,
    session: Session,
    participant_id: int,
    step_id: int,
    names: bool,
    order: str = "votes",
    max_age: float | None = None,
) -> list[PhoneQuestion]:
    """What one phone lists (``order``: "votes", most first, or "newest"): the room's
    questions, and one's own waiting or hidden ones, marked to oneself only. One's own
    questions and upvotes are as they are now; the others' as of at most ``max_age``
    seconds ago (None: ``ROOM_MAX_AGE_SECONDS``; 0: now)."""
    shared = room(session=session, step_id=step_id, max_age=max_age)
    params = {"step_id": step_id, "me": participant_id}
    conn = session.connection()
    own = list(conn.execute(_MINE, params))
    upvoted = set(conn.execute(_MY_UPVOTES, params).scalars())
    pinned_at = max(
        (
            q.pinned_at
            for q in (*shared.questions, *own)
            if q.pinned_at is not None and QuestionStatus(q.status) in VISIBLE
        ),
        default=None,
    )
    out = [
        PhoneQuestion(
            id=q.id,
            text=q.text,
            status=q.status,
            pinned=pinned_at is not None and q.pinned_at == pinned_at,
            # The shared count, with this person's own upvote as it is now.
            upvotes=len(q.voters - {participant_id}) + (q.id in upvoted),
            upvoted=q.id in upvoted,
            mine=False,
            name=q.name if names else "",
            created_at=q.created_at,
        )
        for q in shared.questions
        if q.participant_id != participant_id  # one's own come fresh, below
    ]
    out.extend(
        PhoneQuestion(
            id=r.id,
            text=r.text,
            status=QuestionStatus(r.status),
            pinned=pinned_at is not None and r.pinned_at == pinned_at,
            upvotes=int(r.upvotes),
            upvoted=r.id in upvoted,
            mine=True,
            name=_shown_name(r) if names else "",
            created_at=r.created_at,
        )
        for r in own
    )
    return sort_questions(out, order)


def sort_questions(questions: list[PhoneQuestion], order: str) -> list[PhoneQuestion]:
    """The pinned question first, then by upvotes (ties: the older first) or newest first;
    answered ones after those still open."""
    if order == "newest":
        key = lambda q: (not q.pinned, -q.id)  # noqa: E731
    else:
        key = lambda q: (  # noqa: E731
            not q.pinned,
            q.status is QuestionStatus.ANSWERED,
            -q.upvotes,
            q.id,
        )
    return sorted(questions, key=key)
