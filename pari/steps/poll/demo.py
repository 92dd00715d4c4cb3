"""The demo's polls: everyone picks one option, the middle ones most often
(``python -m pari demo``, ``pari.demo``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pari import steps
from pari.models import Step
from pari.steps.poll.rules import answer_poll

if TYPE_CHECKING:
    from pari.demo import Room


def play(room: Room, step: Step) -> None:
    """One answer per person, drawn with weights so the chart has a shape."""
    options = steps.config(step).options
    weights = [1, 3, 4, 2, 1][: len(options)] or [1] * len(options)
    for pid in room.people:
        choice = room.rng.choices(range(len(options)), weights=weights)[0]
        answer_poll(session=room.session, participant_id=pid, step_id=step.id, options=[choice])
