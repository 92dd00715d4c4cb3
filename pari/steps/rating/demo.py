"""The demo's rating scales: everyone rates every statement, each stakeholder group
leaning its own way, a few saying "don't know" (``python -m pari demo``, ``pari.demo``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pari import steps
from pari.models import Participant, StakeholderGroup, Step
from pari.steps.rating.rules import rate

if TYPE_CHECKING:
    from pari.demo import Room

# How far each group leans from the middle of the scale, per statement (cycled):
# authorities confident the municipality backs the plan, businesses doubtful about
# resources, and so on, so agreement differs from statement to statement.
LEAN: dict[StakeholderGroup, tuple[float, ...]] = {
    StakeholderGroup.SOCIAL_ECONOMY: (0.5, -0.5, 0.0),
    StakeholderGroup.PUBLIC_AUTHORITY: (0.5, 0.3, 0.9),
    StakeholderGroup.BUSINESS: (0.0, -0.8, -0.3),
    StakeholderGroup.KNOWLEDGE: (0.3, 0.0, 0.2),
    StakeholderGroup.CIVIL_SOCIETY: (0.4, -0.4, -0.6),
    StakeholderGroup.SUPPORT: (0.6, 0.4, 0.3),
}


def play(room: Room, step: Step) -> None:
    """Each person rates every statement; about one rating in eight is "don't know"."""
    cfg = steps.config(step)
    half = (cfg.high - cfg.low) / 2
    for pid in room.people:
        group = room.session.get(Participant, pid).group
        lean = LEAN.get(group, (0.0,))
        ratings: dict[int, int | None] = {}
        for i, text in enumerate(cfg.statements):
            if not text:
                continue
            if room.rng.random() < 0.12:
                ratings[i] = None
                continue
            centre = cfg.midpoint + lean[i % len(lean)] * half
            value = round(room.rng.gauss(centre, half * 0.45))
            ratings[i] = min(max(value, cfg.low), cfg.high)
        if ratings:
            rate(session=room.session, participant_id=pid, step_id=step.id, ratings=ratings)
