"""Results hidden until the facilitator reveals them (issue 18): what a step's results show now.

A step's state says only whether it takes input (not started, open, closed); what its
results show is apart. Results are live unless the step hides them
(``Step.results_hidden``); a hidden step shows them once revealed (``revealed``).
Dot votes and polls can also be revealed rank by rank: a top-N reveal
(``reveal_top`` = N) shows ``reveal_shown`` of those ranks, counted from the last.
The presenter's snapshot and the phones get their frames through ``trim``, so a
result not revealed never leaves the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlmodel import Session

from pari import steps
from pari.models import Step, StepKind, StepState
from pari.steps.base import Ranked

# The kinds whose results are a ranking, so a top-N reveal means something.
RANKED_KINDS = frozenset(k for k, kind in steps.KINDS.items() if kind.ranks_results)
MAX_TOP = 10


@dataclass(frozen=True)
class Reveal:
    """What a step's results show: everything, nothing, or some ranks of a top N."""

    hidden: bool  # the step hides its results until the facilitator reveals them
    revealed: bool
    top: int | None
    shown: int

    @classmethod
    def of(cls, step: Step) -> Reveal:
        return cls(
            hidden=bool(step.results_hidden),
            revealed=bool(step.revealed),
            top=step.reveal_top,
            shown=int(step.reveal_shown or 0),
        )

    @property
    def partial(self) -> bool:
        """A top-N reveal under way (ranks shown one at a time, from the last)."""
        return self.top is not None and not self.revealed

    @property
    def visible(self) -> bool:
        """Whether any result may be shown."""
        if self.partial:
            return self.shown > 0
        return not self.hidden or self.revealed

    @property
    def complete(self) -> bool:
        """Every result may be shown (a top-N reveal under way shows only some): what
        leaves the room after it, on a public page or a participant's own link."""
        return self.visible and not self.partial

    def ranks(self) -> range | None:
        """The ranks shown (1 is the first) in a top-N reveal; None when not partial."""
        if not self.partial:
            return None
        return range(self.top - min(self.shown, self.top) + 1, self.top + 1)


def as_closed(state: StepState) -> StepState:
    """Steps stored as "results shown" (before issue 18) read as closed for input."""
    return StepState.CLOSED if state is StepState.RESULTS else state


def ranked(kind: StepKind, frames: dict[str, Any]) -> list[Ranked]:
    """A ranked kind's results in rank order (``Kind.ranked``); none for another kind."""
    return steps.get(kind).ranked(frames) or []


def shown_lines(kind: StepKind, frames: dict[str, Any], reveal: Reveal) -> list[Ranked]:
    """The ranking lines that may be shown now (all of them unless a top-N reveal)."""
    if not reveal.visible:
        return []
    lines = ranked(kind, frames)
    ranks = reveal.ranks()
    return lines if ranks is None else [line for line in lines if line.rank in ranks]


def revealed_ranking(*, session: Session, step_id: int) -> list[Ranked]:
    """What a phone shows of a step's ranking now (nothing while hidden)."""
    step = session.get(Step, step_id)
    if step is None or step.kind not in RANKED_KINDS:
        return []
    return shown_lines(step.kind, steps.get(step.kind).frames(session, step), Reveal.of(step))


def trim(kind: StepKind, frames: dict[str, Any], reveal: Reveal) -> dict[str, Any]:
    """The frames that may leave the server now: none while hidden; in a top-N reveal
    only the ranks shown, their text led by the rank ("3. ..."), and no agreement
    chart (its shares would speak of the cards not shown)."""
    if not reveal.visible:
        return {}
    if not reveal.partial:
        return frames
    lines = {line.key: line.rank for line in shown_lines(kind, frames, reveal)}
    return steps.get(kind).keep_ranks(frames, lines)


def rank_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """A poll frame trimmed to revealed ranks, its options renumbered in rank order,
    and their labels (what the poll chart draws)."""
    order = frame.drop_duplicates("option").sort_values("rank")
    position = {opt: i for i, opt in enumerate(order.option)}
    return frame.assign(option=frame.option.map(position)), list(order.label)
