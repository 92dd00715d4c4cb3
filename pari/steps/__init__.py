"""The step kinds of a workshop, registered once.

Each kind lives in its own module of this package and owns what is particular to it
(its settings and their defaults, the rules that protect answers already given);
code elsewhere asks the registry instead of branching on ``StepKind``. The model is
decidim's component registry (a participatory capability registers its settings
schema, permissions and serializers under one name).

Adding a kind: an entry in ``pari.models.StepKind``, a package here named after its
value with a ``Kind`` subclass and its ``KIND`` instance in ``__init__.py`` (and its
Streamlit parts in ``phone.py``, ``editor.py``, ``wall.py``: see ``ui``; what the demo
has people answer in ``demo.py``: see ``part``), and one line in ``_REGISTERED`` below.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from pari.models import Step, StepKind, Workshop
from pari.steps import (
    assessment,
    check_in,
    commitments,
    dot_vote,
    ideas,
    matrix,
    plan,
    poll,
    questions,
    rating,
    word_cloud,
)
from pari.steps.base import AnswersKept, Config, Kind
from pari.steps.fields import InvalidConfig

_REGISTERED: tuple[Kind, ...] = (
    check_in.KIND,
    ideas.KIND,
    dot_vote.KIND,
    matrix.KIND,
    poll.KIND,
    rating.KIND,
    assessment.KIND,
    word_cloud.KIND,
    questions.KIND,
    commitments.KIND,
    plan.KIND,
)
KINDS: Mapping[StepKind, Kind] = {k.kind: k for k in _REGISTERED}

__all__ = [
    "KINDS",
    "PARTS",
    "UI_PARTS",
    "AnswersKept",
    "Config",
    "InvalidConfig",
    "Kind",
    "config",
    "get",
    "part",
    "ui",
    "validate",
]


def ui(kind: StepKind | str, part: str) -> ModuleType:
    """A kind's Streamlit part, imported when a page first asks for it: ``"phone"`` (what
    a phone draws), ``"editor"`` (its settings in the workshop editor), ``"wall"`` (its
    panel on the presenter screen). The rest of a kind never imports Streamlit."""
    if part not in UI_PARTS:
        raise ValueError(f"unknown part {part!r}")
    return importlib.import_module(f"{__name__}.{StepKind(kind).value}.{part}")


UI_PARTS = ("phone", "editor", "wall")


def part(kind: StepKind | str, name: str) -> ModuleType | None:
    """A kind's optional part, imported when first asked for, or None when the kind has
    none: ``"demo"`` (``play(room, step)``: what the people of ``python -m pari demo``
    answer; see ``pari.demo``)."""
    if name not in PARTS:
        raise ValueError(f"unknown part {name!r}")
    module = f"{__name__}.{StepKind(kind).value}.{name}"
    if importlib.util.find_spec(module) is None:
        return None
    return importlib.import_module(module)


PARTS = ("demo",)


def get(kind: StepKind | str) -> Kind:
    """The registered kind (``ValueError`` for a name no kind has)."""
    return KINDS[StepKind(kind)]


def config(step: Step, workshop: Workshop | None = None, *, dot_budget: int | None = None) -> Any:
    """A stored step's settings, typed: the one reader for phones, editor, results and
    exports. A dot vote without its own budget takes the workshop's (``dot_budget``
    or ``workshop.dot_budget``; 5 when neither is known)."""
    if dot_budget is None:
        dot_budget = workshop.dot_budget if workshop is not None else 5
    return get(step.kind).read(step.config, dot_budget=dot_budget)


def validate(kind: StepKind | str, raw: Mapping[str, Any] | None, *, dot_budget: int = 5) -> Any:
    """Settings a facilitator gives, checked (``InvalidConfig``) and completed with defaults."""
    return get(kind).validate(raw, dot_budget=dot_budget)
