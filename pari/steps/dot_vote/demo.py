"""The demo's dot votes: everyone spends their dots on the cards of the step's ideas
step (``python -m pari demo``, ``pari.demo``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pari import steps
from pari.models import Step
from pari.steps.dot_vote.rules import set_dots

if TYPE_CHECKING:
    from pari.demo import Room


def play(room: Room, step: Step) -> None:
    """Each person's dots on their favourite cards, up to the cap per card; some keep one."""
    cards = room.source_cards(step)
    settings = steps.config(step, room.workshop)
    budget, cap = settings.budget, settings.per_card_cap
    for pid in room.people:
        left = budget - room.rng.randint(0, 1)  # some keep a dot
        # Groups lean towards different cards, so agreement varies by card.
        favourites = sorted(cards, key=lambda c: room.rng.random() + (c * pid) % 3 * 0.2)
        for card in favourites:
            if left <= 0:
                break
            n = min(cap, left, room.rng.randint(1, cap))
            set_dots(
                session=room.session,
                participant_id=pid,
                step_id=step.id,
                card_id=card,
                dots=n,
            )
            left -= n
