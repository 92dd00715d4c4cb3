"""What the presenter (and the run page) shows of the current step, in one go.

Each kind reads its own frames (``pari.steps.<kind>.results``, through
``Kind.frames``); this module adds the room's counts. Plain queries in, pandas
frames out; no Streamlit, no figures. The ``group`` column holds the stored group
value ('' when a person gave none) so charts can colour and label it the same way
everywhere, but a group too small to show (``pari.privacy``) is ``TOO_FEW``. Cards
hidden, withdrawn or merged by moderation do not count (their rows stay stored).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from pari import steps
from pari.models import Participant, Step, StepKind, Workshop
from pari.privacy import group_rule
from pari.reveal import Reveal, as_closed, trim
from pari.workshops.window import ModeCounts, mode_counts


@dataclass
class StepResults:
    """Everything the presenter shows for one step, computed in one go (cacheable)."""

    kind: StepKind | None
    participants: int = 0
    joined: int = 0
    shared: int = 0  # joined as "someone else on this phone" (a shared phone)
    contributions: int = 0
    # People who answered the step, live and self-paced (issue 21: "12 live, 4 self-paced").
    modes: ModeCounts = field(default_factory=ModeCounts)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)


def contributions(*, session: Session, step: Step) -> int:
    """How many people or cards answered the step (what each kind counts: ``pari.steps``)."""
    return steps.get(step.kind).answers(session, step)


def step_results(*, session: Session, workshop_id: int) -> StepResults:
    """The current step's counts and frames (what the presenter caches per version)."""
    workshop, step = _current(session, workshop_id)
    return _results(session, workshop, step, frames=True)


def _current(session: Session, workshop_id: int) -> tuple[Workshop, Step | None]:
    workshop = session.get(Workshop, workshop_id)
    step = session.get(Step, workshop.current_step_id) if workshop.current_step_id else None
    return workshop, step


def _results(
    session: Session, workshop: Workshop, step: Step | None, *, frames: bool
) -> StepResults:
    """``step_results`` of a workshop and its current step as read; without the frames
    when nothing of them may be shown (results hidden: nobody reads them)."""
    workshop_id = workshop.id
    rule = group_rule(session=session, workshop_id=workshop_id)  # and the room's sizes
    joined, shared = session.exec(
        select(
            func.count(Participant.id), func.count(Participant.id).filter(Participant.seat > 0)
        ).where(Participant.workshop_id == workshop_id)
    ).one()
    result = StepResults(
        kind=step.kind if step else None,
        participants=sum(rule.sizes.values()),
        joined=int(joined or 0),
        shared=int(shared or 0),
    )
    if step is None:
        return result
    result.contributions = contributions(session=session, step=step)
    result.modes = mode_counts(session=session, workshop_id=workshop_id, step_ids=[step.id])[
        step.id
    ]
    if not frames:
        return result
    # Small groups pooled as "Too few to show" before anything can draw them (issue 18).
    kind = steps.get(step.kind)
    result.frames = kind.masked(kind.frames(session, step), rule)
    return result


def snapshot(*, session: Session, workshop_id: int) -> dict:
    """Everything one version of a workshop shows on the presenter screen: its title and
    status, the current step (title, prompt, kind, input state, settings as stored,
    whether it takes input, what its results show: ``pari.reveal``; None before the
    first step) and ``step_results``, whose frames hold only what may be shown now."""
    workshop, step = _current(session, workshop_id)
    reveal = Reveal.of(step) if step is not None else None
    results = _results(session, workshop, step, frames=reveal is None or reveal.visible)
    if step is None:
        return {
            "title": workshop.title,
            "status": workshop.status.value,
            "step": None,
            "results": results,
        }
    results.frames = trim(step.kind, results.frames, reveal)
    ranks = reveal.ranks()
    return {
        "title": workshop.title,
        "status": workshop.status.value,
        "step": {
            "title": step.title,
            "prompt": step.prompt,
            "kind": step.kind.value,
            "state": as_closed(step.state).value,
            "config": steps.config(step, workshop).as_stored(),
            "takes_input": steps.get(step.kind).takes_input,
            "visible": reveal.visible,
            "top": reveal.top if ranks is not None else None,
            "ranks": None if ranks is None else (ranks.start, ranks.stop - 1),
        },
        "results": results,
    }
