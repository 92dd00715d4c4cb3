"""The phone in the self-paced window (issue 21): the steps it may move through at its
own pace, in order, with those this person has answered (its next, back and progress
line), and the view of the one it is on.

The window's rule is ``pari.workshops.window``; the writes are checked by the same
phone rules as live (``pari.phone.guards.open_step`` decides the mode). Nothing here
writes: a phone's place in the window is the page's, and a step id it sends is
checked again by every rule.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from pari.models import Step, StepKind
from pari.phone.view import PhoneView, phone_view
from pari.workshops.window import (
    WindowState,
    answered_steps,
    in_window,
    window_state,
    window_steps,
)


@dataclass(frozen=True)
class PacedStep:
    """One step of the window as a phone moves through it."""

    step: Step
    number: int  # 1 for the first step of the window
    answered: bool  # this person has an answer in it (either mode)


@dataclass(frozen=True)
class Pace:
    """Where one person stands in the window: its state, and its steps in order."""

    window: WindowState
    steps: tuple[PacedStep, ...]

    @property
    def accepting(self) -> bool:
        """Answers are taken now (the window open, the room not run live)."""
        return self.window.accepting

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def answered(self) -> int:
        """How many of the window's steps this person has answered (the progress line)."""
        return sum(1 for s in self.steps if s.answered)

    def index(self, step_id: int | None) -> int | None:
        """The place (0 first) of ``step_id`` in the window, None if it is not in it."""
        return next((i for i, s in enumerate(self.steps) if s.step.id == step_id), None)

    def previous(self, step_id: int | None) -> PacedStep | None:
        """The step before ``step_id`` ("back"), None on the first or outside."""
        i = self.index(step_id)
        return self.steps[i - 1] if i is not None and i > 0 else None

    def next(self, step_id: int | None) -> PacedStep | None:
        """The step after ``step_id`` ("next"); the first when ``step_id`` is None or
        not in the window; None after the last."""
        i = self.index(step_id)
        j = 0 if i is None else i + 1
        return self.steps[j] if j < len(self.steps) else None

    def first_unanswered(self) -> PacedStep | None:
        """Where a returning phone picks up: its first step without an answer."""
        return next((s for s in self.steps if not s.answered), None)


def pace(*, session: Session, participant_id: int, now: datetime | None = None) -> Pace:
    """The window as this person's phone moves through it. The steps are listed
    whatever the window's state (upcoming, ended, or the room run live), so a page can
    show them; ``accepting`` says whether they take answers now."""
    view = phone_view(session=session, participant_id=participant_id)
    # The check-in is where a phone starts (its form comes before any step), not a step
    # it moves through (the counts of who arrived how read every step, chosen or not).
    listed = [
        s
        for s in window_steps(session=session, workshop_id=view.workshop.id)
        if s.kind != StepKind.CHECK_IN
    ]
    done = answered_steps(session=session, participant_id=view.participant.id, steps=listed)
    return Pace(
        window=window_state(view.workshop, now),
        steps=tuple(
            PacedStep(step=s, number=n, answered=s.id in done) for n, s in enumerate(listed, 1)
        ),
    )


def paced_view(*, session: Session, participant_id: int, step_id: int) -> PhoneView:
    """What a phone draws for ``step_id`` in the window: the ``PhoneView`` of that step
    (its ``mode`` and ``is_open`` say whether it takes answers now), or of no step
    (``step`` None) when ``step_id`` is not one of the window's steps of this
    workshop. A kind's ``phone.draw`` reads it as it reads the live view."""
    view = phone_view(session=session, participant_id=participant_id)
    if isinstance(step_id, bool) or not isinstance(step_id, int):
        return dataclasses.replace(view, step=None)
    step = session.get(Step, step_id)
    if step is None or step.workshop_id != view.workshop.id or not in_window(step):
        step = None
    return dataclasses.replace(view, step=step)
