"""The checks a workshop's design goes through: texts and titles, the languages, the
dot budget and each kind's settings (their schema is the kind's, in ``pari.steps``),
which step a step may draw its cards from, and what an answered step keeps.

Each refusal is an ``InvalidInput`` or ``StepHasInput`` (``pari.workshops.access``).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from pari import steps as step_kinds
from pari.i18n import LANGUAGE_NAMES, N_, _
from pari.models import Step, StepKind, Workshop
from pari.steps import dot_vote, fields
from pari.workshops.access import NEEDS_SOURCE, SOURCE_KINDS, InvalidInput, StepHasInput

MAX_TITLE = 200
MAX_PROMPT = 2000
MAX_STEPS = 40
_UNSET: Any = object()  # a keyword left out, where None is a value (no date, no source)


def _checked(check: Any, *args: Any, **kwargs: Any) -> Any:
    """A pari.steps check, its refusal as this package's ``InvalidInput``."""
    try:
        return check(*args, **kwargs)
    except step_kinds.InvalidConfig as refused:
        raise InvalidInput(refused.message, **refused.params) from None


def _clean_text(
    value: Any, *, field: str, limit: int, required: bool = True, multiline: bool = False
) -> str:
    return _checked(
        fields.clean_text, value, field=field, limit=limit, required=required, multiline=multiline
    )


def validate_budget(value: Any) -> int:
    return _checked(dot_vote.validate_budget, value)


def validate_config(kind: StepKind, config: dict | None, *, dot_budget: int = 5) -> dict:
    """A kind's settings checked and completed with defaults, as ``Step.config`` keeps
    them (each kind's schema is in its module of ``pari.steps``); unknown keys dropped."""
    return _checked(step_kinds.validate, kind, config, dot_budget=dot_budget).as_stored()


def step_config(step: Step, *, dot_budget: int = 5) -> dict:
    """A stored step's settings as ``pari.steps.config`` reads them, as a dict."""
    return step_kinds.config(step, dot_budget=dot_budget).as_stored()


def _guard_config_change(session: Session, step: Step, old: dict, new: dict) -> None:
    """The kind's own rule for what may not change once people have answered."""
    kind = step_kinds.get(step.kind)
    try:
        kind.guard_change(
            session,
            step,
            kind.read(old, dot_budget=old.get("budget", 5)),
            kind.read(new, dot_budget=new.get("budget", 5)),
        )
    except step_kinds.AnswersKept as refused:
        raise StepHasInput(refused.message, **refused.params) from None


def _validate_language(language: str) -> str:
    if language not in LANGUAGE_NAMES:
        raise InvalidInput(N_("Unknown language {language}."), language=language)
    return language


def kind_name(kind: StepKind) -> str:
    return step_kinds.get(kind).label


def _check_title_free(session: Session, *, owner_id: int, title: str, except_id: int | None):
    titles = session.exec(
        select(Workshop.id, Workshop.title).where(Workshop.owner_id == owner_id)
    ).all()
    for wid, existing in titles:
        if wid != except_id and existing.casefold() == title.casefold():
            raise InvalidInput(
                N_("You already have a workshop called “{title}”. Please choose another title."),
                title=title,
            )


def _check_step_title_free(steps: list[Step], title: str, except_id: int | None) -> None:
    for s in steps:
        if s.id != except_id and s.title.casefold() == title.casefold():
            raise InvalidInput(
                N_("This workshop already has a step called “{title}”."), title=title
            )


def _check_source(
    steps: list[Step], *, kind: StepKind, position: int, source_step_id: int | None
) -> int | None:
    if kind not in SOURCE_KINDS:
        return None
    if source_step_id is None:
        if kind in NEEDS_SOURCE:
            raise InvalidInput(
                N_("A {kind} step needs an earlier ideas step to draw its cards from."),
                kind=_(kind_name(kind)),
            )
        return None
    by_id = {s.id: s for s in steps}
    source = by_id.get(source_step_id)
    if source is None or not step_kinds.get(source.kind).writes_cards:
        raise InvalidInput(N_("A step can only draw its cards from an ideas step."))
    if source.position >= position:
        raise InvalidInput(
            N_("A step can only draw cards from a step before it; “{source}” comes after."),
            source=source.title,
        )
    return source.id


def _check_order(steps: list[Step]) -> None:
    """Every step that draws cards must come after its source."""
    index = {s.id: i for i, s in enumerate(steps)}
    for i, s in enumerate(steps):
        if s.source_step_id is not None and index.get(s.source_step_id, -1) >= i:
            source = next(x for x in steps if x.id == s.source_step_id)
            raise InvalidInput(
                N_("“{step}” draws its cards from “{source}”, which would come after it."),
                step=s.title,
                source=source.title,
            )
