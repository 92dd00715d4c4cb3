"""What every phone rule checks before it writes: text as stored, a resend's nonce, the
workshop's write lock, a step that is current and open (its timer not ended, if that
closes input), a person checked in."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from pari import text as text_module
from pari.i18n import N_
from pari.models import Participant, Step, StepKind, StepState, Workshop, WorkshopStatus, utcnow
from pari.phone.errors import InvalidInput, NotCheckedIn, StepClosed, WorkshopEnded
from pari.timers import input_closed_by_timer

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
    """Start a write: take the workshop's write lock (the version bump), load who and where.

    Two statements: the bump finds the workshop through the participant, then one
    read loads both (a tap is the hot path of a room, DESIGN section 7)."""
    workshop_id = (
        select(Participant.workshop_id).where(Participant.id == participant_id).scalar_subquery()
    )
    # What pari.versioning.bump does, addressed through the participant.
    session.exec(
        update(Workshop)
        .where(Workshop.id == workshop_id)
        .values(version=Workshop.version + 1, updated_at=utcnow())
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
    if workshop.status is WorkshopStatus.CLOSED:
        raise WorkshopEnded()
    return participant, workshop


def is_open(workshop: Workshop, step: Step | None) -> bool:
    """Phones may write to a step only while it is current and open (DESIGN section 2),
    and, when its timer closes input, until the time is up (issue 18: nothing writes
    the end of a countdown, so it is read against the clock here)."""
    return (
        step is not None
        and workshop.status is WorkshopStatus.LIVE
        and workshop.current_step_id == step.id
        and step.state is StepState.OPEN
        and not input_closed_by_timer(step, utcnow())
    )


def open_step(
    session: Session, participant: Participant, workshop: Workshop, step_id: int, kind: StepKind
) -> Step:
    """The step a write goes to, if this person may write to it now: checked in, the
    step of this workshop, of the kind the rule is for, current and open."""
    if participant.checked_in_at is None or participant.group is None:
        raise NotCheckedIn()
    step = session.get(Step, step_id)
    if step is None or step.workshop_id != workshop.id:
        raise StepClosed()
    if step.kind is not kind:
        raise StepClosed()
    if not is_open(workshop, step):
        raise StepClosed()
    return step


def stamp(participant: Participant) -> None:
    participant.last_seen_at = utcnow()
