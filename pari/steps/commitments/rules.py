"""Commitments on the phone: pledge help to a priority (a card, or one's own words),
take a pledge back."""

from __future__ import annotations

import math
from datetime import date, timedelta

from sqlmodel import Session, select

from pari.i18n import N_
from pari.models import (
    MAX_CARD_TEXT,
    Commitment,
    CommitmentKind,
    CommitmentRole,
    StepKind,
    utcnow,
)
from pari.phone.cards import votable_card
from pari.phone.errors import InvalidInput, NotYours
from pari.phone.guards import add_once, begin, check_nonce, clean_text, open_step, sent_before

MAX_UNIT = 40
MAX_AMOUNT = 1e12
MAX_PLEDGE_YEARS = 20


def pledge(
    *,
    session: Session,
    participant_id: int,
    step_id: int,
    role: CommitmentRole | str,
    kind: CommitmentKind | str,
    what: str,
    contribution_id: int | None = None,
    priority_text: str | None = None,
    amount: float | None = None,
    unit: str | None = None,
    by_when: date | None = None,
    client_nonce: str | None = None,
    today: date | None = None,
) -> Commitment:
    """Pledge to a priority (a card of the source step, or free text). Idempotent by nonce."""
    nonce = check_nonce(client_nonce)
    existing = sent_before(session, Commitment, participant_id, nonce)
    if existing is not None:
        return existing
    try:
        role = CommitmentRole(role)
    except ValueError:
        raise InvalidInput(N_("Please say if you lead or support.")) from None
    try:
        kind = CommitmentKind(kind)
    except ValueError:
        raise InvalidInput(N_("Please choose what kind of help you offer.")) from None
    what = clean_text(what, max_len=MAX_CARD_TEXT)
    priority_text = clean_text(priority_text, max_len=MAX_CARD_TEXT, required=False)
    unit = clean_text(unit, max_len=MAX_UNIT, required=False, multiline=False)
    if amount is not None:
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            raise InvalidInput(N_("The amount must be a number."))
        amount = float(amount)
        if not math.isfinite(amount) or amount < 0:
            raise InvalidInput(N_("The amount cannot be negative."))
        if amount > MAX_AMOUNT:
            raise InvalidInput(N_("The amount is too large."))
    today = today or date.today()
    if by_when is not None:
        if not isinstance(by_when, date):
            raise InvalidInput(N_("Please choose a date."))
        if by_when < today:
            raise InvalidInput(N_("The date is in the past. Please choose today or later."))
        if by_when > today + timedelta(days=366 * MAX_PLEDGE_YEARS):
            raise InvalidInput(N_("The date is too far away."))
    participant, workshop = begin(session, participant_id)
    step = open_step(session, participant, workshop, step_id, StepKind.COMMITMENTS)
    if contribution_id is not None:
        votable_card(session, step, contribution_id)
        priority_text = ""
    elif not priority_text:
        raise InvalidInput(N_("Please choose the priority you pledge to, or write it."))
    commitment = Commitment(
        workshop_id=workshop.id,
        step_id=step.id,
        participant_id=participant.id,
        contribution_id=contribution_id,
        priority_text=priority_text,
        role=role,
        kind=kind,
        what=what,
        amount=amount,
        unit=unit,
        by_when=by_when,
        client_nonce=nonce,
    )
    return add_once(session, commitment)


def withdraw_pledge(*, session: Session, participant_id: int, commitment_id: int) -> Commitment:
    participant, workshop = begin(session, participant_id)
    commitment = session.get(Commitment, commitment_id)
    if commitment is None or commitment.participant_id != participant.id:
        raise NotYours()
    open_step(session, participant, workshop, commitment.step_id, StepKind.COMMITMENTS)
    commitment.withdrawn = True
    commitment.updated_at = utcnow()
    session.add(commitment)
    session.flush()
    return commitment


def my_pledges(*, session: Session, participant_id: int, step_id: int) -> list[Commitment]:
    return list(
        session.exec(
            select(Commitment)
            .where(
                Commitment.participant_id == participant_id,
                Commitment.step_id == step_id,
                Commitment.withdrawn == False,  # noqa: E712 - SQL expression
            )
            .order_by(Commitment.id)
        ).all()
    )
