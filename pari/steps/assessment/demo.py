"""The demo's assessments: everyone rates the step's dimensions, leaving a few out
(``python -m pari demo``, ``pari.demo``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pari import steps
from pari.models import Step
from pari.steps.assessment.rules import rate

if TYPE_CHECKING:
    from pari.demo import Room


def play(room: Room, step: Step) -> None:
    """One rating per person and dimension, some left blank."""
    dims = steps.config(step).dimensions
    for pid in room.people:
        ratings: dict[str, int | None] = {}
        for j, dim in enumerate(dims):
            ratings[dim] = None if (pid + j) % 7 == 0 else room.rng.randint(2, 5 + j % 5)
        rate(session=room.session, participant_id=pid, step_id=step.id, ratings=ratings)
