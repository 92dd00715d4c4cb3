"""The card pool of a step that draws on an ideas step (a vote, a matrix, commitments):
the visible cards of its source step, or the facilitator's choice of them."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlmodel import Session, select

from pari import steps
from pari.engine_cache import EngineCache
from pari.models import Contribution, Step
from pari.phone.errors import HiddenCard
from pari.steps.ideas import is_on_the_wall, on_the_wall

Card = TypeVar("Card")


def phone_order(cards: Sequence[Card], *, step: Step, participant_id: int) -> list[Card]:
    """The cards in the order this person gets them: their own shuffle, the same on
    every run and after a reload, when the step says so (``CardsConfig.shuffle``,
    issue 18's anti-herding); else the wall's order."""
    ordered = list(cards)
    if getattr(steps.config(step), "shuffle", False):
        random.Random(f"{step.id}:{participant_id}").shuffle(ordered)  # noqa: S311 (an order, no secret)
    return ordered


def _chosen_ids(step: Step) -> tuple[int, ...] | None:
    """The facilitator's choice of cards for a step, or None for every visible card."""
    return getattr(steps.config(step), "card_ids", ()) or None


def in_pool(step: Step, card: Contribution) -> bool:
    chosen = _chosen_ids(step)
    return (
        step.source_step_id is not None
        and card.step_id == step.source_step_id
        and is_on_the_wall(card)
        and (chosen is None or card.id in chosen)
    )


def votable_card(session: Session, step: Step, card_id: object) -> Contribution:
    """The card ``card_id`` if ``step`` offers it now (``HiddenCard`` otherwise)."""
    if isinstance(card_id, bool) or not isinstance(card_id, int):
        raise HiddenCard()
    card = session.get(Contribution, card_id)
    if card is None or not in_pool(step, card):
        raise HiddenCard()
    return card


def step_cards(*, session: Session, step: Step) -> list[Contribution]:
    """The cards a vote, matrix or commitments step offers: visible cards of its source step.

    The whole pool rule of ``in_pool`` is in the query (a chosen subset too), so a
    300-card wall is not loaded to offer 20 of them."""
    if step.source_step_id is None:
        return []
    query = select(Contribution).where(Contribution.step_id == step.source_step_id, on_the_wall())
    chosen = _chosen_ids(step)
    if chosen is not None:
        query = query.where(Contribution.id.in_(chosen))
    return list(session.exec(query.order_by(Contribution.category, Contribution.id)).all())


@dataclass(frozen=True)
class OfferedCard:
    """What a phone draws of a card it votes on: no author, nothing to lazy-load."""

    id: int
    text: str
    category: str | None


_offered: EngineCache[tuple[OfferedCard, ...]] = EngineCache(limit=64)  # (step, version)


def offered_cards(*, session: Session, step: Step, stage_version: int) -> tuple[OfferedCard, ...]:
    """``step_cards`` as plain values, read once per (step, ``stage_version``) and shared.

    Every phone of a workshop draws the same cards: one read serves them all.
    ``stage_version`` moves with every change to what phones show (a card hidden,
    merged or restored, a step's card choice, a step opened; ``pari.versioning``),
    and a pool's cards cannot change otherwise: its source step is not the current
    one, so phones cannot write to it. Kept per engine, so two databases never mix.
    """
    engine, key = session.get_bind(), (step.id, stage_version)
    hit = _offered.get(engine, key)
    if hit is not None:
        return hit
    cards = tuple(
        OfferedCard(id=c.id, text=c.text, category=c.category)
        for c in step_cards(session=session, step=step)
    )
    _offered.put(engine, key, cards)
    return cards
