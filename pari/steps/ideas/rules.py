"""The ideas step on the phone: write a card, change it, take it back."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlmodel import Session, select

from pari import steps
from pari.db import read_only
from pari.i18n import N_
from pari.models import MAX_CARD_TEXT, Contribution, Step, StepKind, utcnow
from pari.phone.errors import HiddenCard, InvalidInput, NotYours
from pari.phone.guards import add_once, begin, check_nonce, clean_text, open_step, sent_before


def add_card(
    *,
    session: Session,
    participant_id: int,
    step_id: int,
    text: str,
    category: str | None = None,
    client_nonce: str | None = None,
) -> Contribution:
    """Write a card. A resend with the same ``client_nonce`` returns the first card."""
    nonce = check_nonce(client_nonce)
    existing = sent_before(session, Contribution, participant_id, nonce)
    if existing is not None:
        return existing
    text = clean_text(text, max_len=MAX_CARD_TEXT)
    participant, workshop = begin(session, participant_id)
    step = open_step(session, participant, workshop, step_id, StepKind.IDEAS)
    category = _check_category(step, category)
    card = Contribution(
        workshop_id=workshop.id,
        step_id=step.id,
        participant_id=participant.id,
        text=text,
        category=category,
        client_nonce=nonce,
    )
    return add_once(session, card)


def _check_category(step: Step, category: str | None) -> str:
    allowed = steps.config(step).categories
    if not allowed:
        return ""
    if category not in allowed:
        raise InvalidInput(N_("Please choose a category."))
    return category


def _own_open_card(session: Session, participant_id: int, card_id: int) -> Contribution:
    participant, workshop = begin(session, participant_id)
    card = session.get(Contribution, card_id)
    if card is None or card.workshop_id != workshop.id:
        raise NotYours()
    if card.participant_id != participant.id or card.entered_by_user_id is not None:
        raise NotYours()
    open_step(session, participant, workshop, card.step_id, StepKind.IDEAS)
    if card.withdrawn or card.merged_into_id is not None:
        raise InvalidInput(N_("This card was already taken off the wall."))
    return card


def edit_card(
    *,
    session: Session,
    participant_id: int,
    card_id: int,
    text: str,
    category: str | None = None,
) -> Contribution:
    text = clean_text(text, max_len=MAX_CARD_TEXT)
    card = _own_open_card(session, participant_id, card_id)
    if card.hidden:
        raise HiddenCard(N_("The facilitator has hidden this card; it cannot be changed."))
    step = session.get(Step, card.step_id)
    card.text = text
    card.category = _check_category(step, category)
    card.updated_at = utcnow()
    session.add(card)
    session.flush()
    return card


def withdraw_card(*, session: Session, participant_id: int, card_id: int) -> Contribution:
    card = _own_open_card(session, participant_id, card_id)
    card.withdrawn = True
    card.updated_at = utcnow()
    session.add(card)
    session.flush()
    return card


_CARDS = Contribution.__table__
_MY_CARDS = (
    select(_CARDS)
    .where(
        _CARDS.c.participant_id == bindparam("participant_id"),
        _CARDS.c.step_id == bindparam("step_id"),
        _CARDS.c.withdrawn == False,  # noqa: E712
    )
    .order_by(_CARDS.c.id)
)


def my_cards(*, session: Session, participant_id: int, step_id: int) -> list[Contribution]:
    """One's cards not taken back, merged ones too: a merged card stays its author's
    (``merged_into`` says where it went). Read-only models from one Core statement: the
    phone's ideas screen reads them on every run (as ORM entities, 10% of its CPU)."""
    rows = session.connection().execute(
        _MY_CARDS, {"participant_id": participant_id, "step_id": step_id}
    )
    return [read_only(Contribution, row._mapping) for row in rows]


def merged_into(*, session: Session, cards: list[Contribution]) -> dict[int, str]:
    """The text of the card each merged card went into, by merged card id (one query).

    A merge points earlier merges at the card kept (``pari.moderation.merge_cards``),
    so one step reaches it."""
    targets = {c.id: c.merged_into_id for c in cards if c.merged_into_id is not None}
    if not targets:
        return {}
    texts = dict(
        session.exec(
            select(Contribution.id, Contribution.text).where(
                Contribution.id.in_(set(targets.values()))
            )
        ).all()
    )
    return {card_id: texts.get(target, "") for card_id, target in targets.items()}
