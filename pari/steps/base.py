"""What every step kind is: its settings (one typed reader), what it takes from phones,
and what a change of its settings may not undo once people have answered.

A kind is an instance of a ``Kind`` subclass in its own module of ``pari.steps``,
listed once in the registry (``pari.steps.KINDS``), as decidim registers a
participatory component with its settings schema. Nothing here imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from sqlalchemy import func
from sqlmodel import Session, select

from pari.errors import PariError
from pari.models import Step, StepKind


@dataclass(frozen=True)
class Config:
    """A kind's settings, typed; ``as_stored()`` is what ``Step.config`` keeps."""

    def as_stored(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class NoConfig(Config):
    pass


class Kind:
    """One step kind. Subclasses set the class attributes and override what they use."""

    kind: ClassVar[StepKind]
    label: ClassVar[str]  # N_ message id: the kind's name in the editor and lists
    config_type: ClassVar[type[Config]] = NoConfig
    takes_input: ClassVar[bool] = True  # phones answer it (the plan step only shows)
    draws_on_ideas: ClassVar[bool] = False  # may offer the cards of an earlier ideas step
    needs_ideas: ClassVar[bool] = False  # ... and cannot run without one
    # The table of one person's answers (with step_id and participant_id), if any.
    answer_model: ClassVar[Any] = None

    def validate(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> Config:
        """Settings a facilitator gives, checked (``InvalidConfig``) and completed with defaults."""
        del raw, dot_budget
        return self.config_type()

    def read(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> Config:
        """A stored row's settings, never refused: what is damaged falls back to defaults."""
        del raw, dot_budget
        return self.config_type()

    def answers(self, session: Session, step: Step) -> int:
        """What the run page and the presenter count as this step's answers: by default
        the people who answered (``answer_model`` rows), none for a kind without one."""
        model = self.answer_model
        if model is None:
            return 0
        query = select(func.count(func.distinct(model.participant_id))).where(
            model.step_id == step.id
        )
        return int(session.exec(query).one() or 0)

    def guard_change(self, session: Session, step: Step, old: Config, new: Config) -> None:
        """Raise ``AnswersKept`` when ``new`` would lose or distort what people already
        entered under ``old``."""
        del session, step, old, new

    # --- reading: results, charts, report --------------------------------------------

    # --- writing: the phone's rules, the editor ------------------------------------------


class AnswersKept(PariError, ValueError):
    """A settings change refused because people have answered under the old settings."""
