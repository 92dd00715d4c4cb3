"""What every phone rule checks before it writes: text as stored, a resend's nonce, the
workshop's write lock, a step that takes answers now, a person checked in.

A step takes answers *live* (current and open, its timer not ended, the workshop LIVE)
or *self-paced* (in the workshop's open self-paced window while the room is not run
live: ``pari.workshops.window``). ``open_step`` decides which, on the server, and every
row the rule then writes to that step carries it (``self_paced``, stamped at the flush
by ``_stamp_mode``): one mechanism for every kind, never a value from the phone."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import event, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from pari import steps as step_kinds
from pari import text as text_module
from pari import versioning
from pari.db import read_only
from pari.i18n import N_
from pari.models import (
    AnswerMode,
    Participant,
    Step,
    StepKind,
    StepState,
    Workshop,
    WorkshopStatus,
    utcnow,
)
from pari.phone.errors import InvalidInput, NotCheckedIn, StepClosed, WorkshopEnded
from pari.timers import input_closed_by_timer
from pari.workshops.window import accepts_self_paced, in_window, window_open

T = TypeVar("T", bound=Any)

_NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
LINK_GONE = N_("This link is no longer valid. Please join again.")


# --- text from a phone is hostile (DESIGN section 6) ----------------------------


def clean_text(
    raw: object,
    *,
    max_len: int,
    required: bool = True,
    multiline: bool = True,
) -> str:
    """Text as stored (``pari.text.clean``), its refusals worded for the phone.

    Anything but control and bidi-override characters (emoji, right-to-left
    script, HTML, Markdown, formulas) is kept as written and shown as plain text.
    """
    try:
        return text_module.clean(raw, max_len=max_len, required=required, multiline=multiline)
    except text_module.NotText:
        raise InvalidInput() from None
    except text_module.TextMissing:
        raise InvalidInput(N_("Please write something first.")) from None
    except text_module.TextTooLong as err:
        raise InvalidInput(
            N_("That is too long: at most {max} characters, you have {length}."),
            max=err.limit,
            length=err.length,
        ) from None


def check_nonce(nonce: str | None) -> str | None:
    if nonce is None:
        return None
    if not isinstance(nonce, str) or not _NONCE_RE.match(nonce):
        raise InvalidInput()
    return nonce


def sent_before(
    session: Session, model: type[T], participant_id: int, nonce: str | None
) -> T | None:
    """The row this person already sent with this nonce (a card, a question, a word,
    a pledge), if any: a resend after a dropped connection gets it back."""
    if nonce is None:
        return None
    return session.exec(
        select(model).where(model.participant_id == participant_id, model.client_nonce == nonce)
    ).first()


def add_once(session: Session, row: T) -> T:
    """Store ``row`` (with ``participant_id`` and ``client_nonce``); when a racing resend
    stored the same nonce first, that row is returned instead (the unique constraint on
    the pair decides)."""
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        model = type(row)
        existing = sent_before(session, model, row.participant_id, row.client_nonce)
        if existing is None:
            raise
        return existing
    return row


# --- loading and guarding -----------------------------------------------------


def load_participant(session: Session, participant_id: int) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None:
        raise InvalidInput(LINK_GONE)
    return participant


def begin(session: Session, participant_id: int) -> tuple[Participant, Workshop]:
    """Start a write: lock this person's row, load who and where.

    One person's writes take turns (a budget, a cap, three words a phone hold across
    two tabs); different people's do not wait for each other. The workshop's version
    moves at the end, just before the commit (``_announce``): that row is the one
    every tap of a room writes, so it is locked for the commit alone, not for the
    whole tap (on PostgreSQL behind replicas, a lock held for the whole tap made the
    room's taps queue on it one by one: tap p95 3.3 s at 1,000 phones, issue 14).
    SQLite has one writer at a time anyway (``pari.db.one_writer``).

    Two statements: the lock, then one read loads both (a tap is the hot path of a
    room, DESIGN section 7)."""
    # A write to the person's own row: their lock on PostgreSQL, the database's write
    # lock from the start on SQLite (two of one person's taps never both read first).
    session.exec(
        update(Participant).where(Participant.id == participant_id).values(last_seen_at=utcnow())
    )
    session.expire_all()
    row = session.exec(
        select(Participant, Workshop)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(Participant.id == participant_id)
    ).first()
    if row is None:
        raise InvalidInput(LINK_GONE)
    participant, workshop = row
    if workshop.status is WorkshopStatus.CLOSED and not window_open(workshop):
        raise WorkshopEnded()  # a closed workshop takes answers in its window only
    session.info[_ANNOUNCE] = (workshop.id, workshop.stage_version)
    return participant, workshop


# session.info: the workshop whose version moves, and its stage version the write read
_ANNOUNCE = "pari_announce_workshop"
# session.info: the steps open_step let this write to, each with its mode (AnswerMode)
_WRITTEN_STEPS = "pari_written_steps"


@event.listens_for(Session, "before_commit")
def _announce(session: Session) -> None:
    """Move the version of the workshop a phone wrote to (what pari.versioning.bump
    does) as the last statement before the commit, then look again at the steps it
    wrote to: a step the facilitator closed while the tap was under way refuses it
    (their change committed first, so the tap is after it; both write the workshop's
    row, so one of them waits for the other and nothing lands after a close). A step
    must still take answers in the mode its rows were stamped with. Looked at again
    only when someone else moved the stage since the write read it (every change to
    what phones may write moves it); not when this unit of work moved it itself (the
    demo answers and moves on in one transaction: ``versioning.MOVED_STAGE``).

    A self-paced write to a step whose cards other steps offer (ideas) moves the
    stage version too: in the window those steps are answered at the same time, and
    the cards a phone is offered are read once per stage version (``pari.phone.cards``)."""
    announce = session.info.get(_ANNOUNCE)
    if announce is None:
        session.info.pop(_WRITTEN_STEPS, None)
        return
    workshop_id, stage_read = announce
    session.flush()  # rows stamped (``_stamp_mode``) while their steps' modes are known
    session.info.pop(_ANNOUNCE, None)
    modes: dict[int, AnswerMode] = session.info.pop(_WRITTEN_STEPS, {})
    values: dict[str, Any] = {"version": Workshop.version + 1, "updated_at": utcnow()}
    if any(mode is AnswerMode.SELF_PACED for mode in modes.values()):
        rows = session.execute(
            select(Step.__table__.c.kind).where(Step.__table__.c.id.in_(list(modes)))
        ).all()
        if any(step_kinds.get(kind).writes_cards for (kind,) in rows):
            values["stage_version"] = Workshop.stage_version + 1
    fresh = (
        session.execute(
            update(Workshop)
            .where(Workshop.id == workshop_id)
            .values(**values)
            .returning(*Workshop.__table__.c)
        )
        .mappings()
        .first()
    )
    if fresh is None:
        raise InvalidInput(LINK_GONE)
    if session.info.get(versioning.MOVED_STAGE):
        return  # this unit of work moved the stage itself, after its own writes
    if fresh["stage_version"] == stage_read + ("stage_version" in values):
        return  # nobody changed what phones may write since this write read it
    workshop = read_only(Workshop, fresh)
    now = utcnow()
    for step_id, mode in modes.items():
        row = (
            session.execute(select(Step.__table__).where(Step.__table__.c.id == step_id))
            .mappings()
            .first()
        )
        if row is None or writable_mode(workshop, read_only(Step, row), now) is not mode:
            raise StepClosed()


@event.listens_for(Session, "before_flush")
def _stamp_mode(session: Session, _context: Any, _instances: Any) -> None:
    """Stamp the mode ``open_step`` decided on every answer row this write adds or
    changes in a step it opened (a row with ``step_id`` and ``self_paced``): a row
    carries the mode of the write that last changed it."""
    modes = session.info.get(_WRITTEN_STEPS)
    if not modes:
        return
    for obj in (*session.new, *session.dirty):
        mode = modes.get(getattr(obj, "step_id", None))
        if mode is None or not hasattr(obj, "self_paced"):
            continue
        if obj not in session.new and not session.is_modified(obj):
            continue
        obj.self_paced = mode is AnswerMode.SELF_PACED


def is_open(workshop: Workshop, step: Step | None, now: datetime | None = None) -> bool:
    """The step takes answers live: current and open (DESIGN section 2), and, when its
    timer closes input, until the time is up (issue 18: nothing writes the end of a
    countdown, so it is read against the clock here)."""
    return (
        step is not None
        and workshop.status is WorkshopStatus.LIVE
        and workshop.current_step_id == step.id
        and step.state is StepState.OPEN
        and not input_closed_by_timer(step, now or utcnow())
    )


def writable_mode(
    workshop: Workshop, step: Step | None, now: datetime | None = None
) -> AnswerMode | None:
    """How a phone may answer ``step`` at ``now``, or None when it may not: live while
    the step is open in the room (``is_open``); else self-paced while the window is
    open, the room not run live and the step in the window (``pari.workshops.window``).
    The step's state and timer are the room's: they do not bind the window."""
    if step is None or step.workshop_id != workshop.id:
        return None
    now = now or utcnow()
    if is_open(workshop, step, now):
        return AnswerMode.LIVE
    if accepts_self_paced(workshop, now) and in_window(step):
        return AnswerMode.SELF_PACED
    return None


def arrival_mode(workshop: Workshop, now: datetime | None = None) -> AnswerMode:
    """The mode of a check-in (it belongs to no step): self-paced when the window takes
    answers now, else live (the room, or a draft before it starts)."""
    return AnswerMode.SELF_PACED if accepts_self_paced(workshop, now) else AnswerMode.LIVE


def open_step(
    session: Session, participant: Participant, workshop: Workshop, step_id: int, kind: StepKind
) -> Step:
    """The step a write goes to, if this person may write to it now: checked in, the
    step of this workshop, of the kind the rule is for, and taking answers live or
    self-paced (``writable_mode``). The mode is kept for the rows this write stores
    (``_stamp_mode``) and checked again at the commit (``_announce``)."""
    if participant.checked_in_at is None or participant.group is None:
        raise NotCheckedIn()
    if isinstance(step_id, bool) or not isinstance(step_id, int):
        raise StepClosed()
    step = session.get(Step, step_id)
    if step is None or step.workshop_id != workshop.id:
        raise StepClosed()
    if step.kind is not kind:
        raise StepClosed()
    mode = writable_mode(workshop, step)
    if mode is None:
        raise StepClosed()
    session.info.setdefault(_WRITTEN_STEPS, {})[step.id] = mode
    return step


def stamp(participant: Participant) -> None:
    participant.last_seen_at = utcnow()
