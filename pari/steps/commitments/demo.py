"""The demo's commitments: about two people in three pledge something to the priorities
of the step's ideas step (``python -m pari demo``, ``pari.demo``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from pari.models import CommitmentKind, CommitmentRole, Step
from pari.steps.commitments.rules import pledge

if TYPE_CHECKING:
    from pari.demo import Room

# The kinds of pledge that come with an amount, and its unit.
UNITS = {
    CommitmentKind.TIME: "hours/month",
    CommitmentKind.MONEY: "EUR",
    CommitmentKind.SPACE: "m²",
}


def play(room: Room, step: Step) -> None:
    """Pledges of every kind in turn, one in four leading, due within six months."""
    cards = room.source_cards(step)
    kinds = list(CommitmentKind)
    for i, pid in enumerate(room.people[: max(6, len(room.people) * 2 // 3)]):
        kind = kinds[i % len(kinds)]
        pledge(
            session=room.session,
            participant_id=pid,
            step_id=step.id,
            role=CommitmentRole.LEAD if i % 4 == 0 else CommitmentRole.SUPPORTING,
            kind=kind,
            what=f"{kind.value.title()} for the first pilot",
            contribution_id=cards[i % len(cards)] if cards else None,
            priority_text=None if cards else "Our first pilot",
            amount=float(room.rng.choice([4, 8, 500, 1000, 40])) if kind in UNITS else None,
            unit=UNITS.get(kind, ""),
            by_when=date.today() + timedelta(days=30 * (1 + i % 6)),
        )
