"""The demo's matrices: everyone scores every card of the step's ideas step on both
criteria (``python -m pari demo``, ``pari.demo``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pari.models import Step
from pari.steps.matrix.rules import score

if TYPE_CHECKING:
    from pari.demo import Room


def play(room: Room, step: Step) -> None:
    """Scores from 1 to 5 around a level that differs by card, so the cards spread out."""
    for pid in room.people:
        for card in room.source_cards(step):
            base = 2 + card % 3
            for criterion in (0, 1):
                value = max(1, min(5, base + room.rng.randint(-1, 1) + criterion * (pid % 2)))
                score(
                    session=room.session,
                    participant_id=pid,
                    step_id=step.id,
                    card_id=card,
                    criterion=criterion,
                    value=value,
                )
