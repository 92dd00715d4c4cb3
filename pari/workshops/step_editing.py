"""A workshop's steps: added, edited, removed and put in order, within the rules that
protect what people already answered (``pari.workshops.checks``).
"""

from __future__ import annotations

from sqlmodel import Session

from pari import steps as step_kinds
from pari import versioning
from pari.accounts import AuthUser
from pari.i18n import N_
from pari.models import Step, StepKind
from pari.workshops.access import (
    SOURCE_KINDS,
    InvalidInput,
    StepHasInput,
    _editable,
    _load_step,
    get_workshop,
    input_count,
    list_steps,
)
from pari.workshops.checks import (
    _UNSET,
    MAX_PROMPT,
    MAX_STEPS,
    MAX_TITLE,
    _check_order,
    _check_source,
    _check_step_title_free,
    _clean_text,
    _guard_config_change,
    step_config,
    validate_config,
)


def _renumber(session: Session, steps: list[Step]) -> None:
    for i, s in enumerate(steps):
        if s.position != i:
            s.position = i
            session.add(s)


def add_step(
    *,
    session: Session,
    user: AuthUser,
    workshop_id: int,
    kind: StepKind,
    title: str,
    prompt: str = "",
    config: dict | None = None,
    source_step_id: int | None = None,
    position: int | None = None,
) -> Step:
    """A new step at ``position`` (default: at the end)."""
    workshop = get_workshop(session=session, user=user, workshop_id=workshop_id)
    _editable(session, user, workshop)
    kind = StepKind(kind)
    steps = list_steps(session=session, workshop_id=workshop.id)
    if len(steps) >= MAX_STEPS:
        raise InvalidInput(N_("A workshop has at most {n} steps."), n=MAX_STEPS)
    title = _clean_text(title, field=N_("Title"), limit=MAX_TITLE)
    _check_step_title_free(steps, title, None)
    prompt = _clean_text(
        prompt, field=N_("Prompt"), limit=MAX_PROMPT, required=False, multiline=True
    )
    if config is None:
        config = step_kinds.get(kind).default_config()
    config = validate_config(kind, config, dot_budget=workshop.dot_budget)
    position = len(steps) if position is None else max(0, min(position, len(steps)))
    source = _check_source(steps, kind=kind, position=position, source_step_id=source_step_id)
    step = Step(
        workshop_id=workshop.id,
        position=position,
        kind=kind,
        title=title,
        prompt=prompt,
        config=config,
        source_step_id=source,
    )
    session.add(step)
    session.flush()
    ordered = [*steps[:position], step, *steps[position:]]
    _renumber(session, ordered)
    session.flush()
    versioning.bump(session, workshop.id, stage=True)
    return step


def update_step(
    *,
    session: Session,
    user: AuthUser,
    step_id: int,
    title: str | None = None,
    prompt: str | None = None,
    config: dict | None = None,
    source_step_id: int | None = _UNSET,
    results_hidden: bool | None = None,
) -> Step:
    """Edit a step's title, prompt, settings, source, or whether its results are live
    or hidden until revealed (``pari.reveal``), within the rules of the package."""
    step, workshop = _load_step(session, step_id)
    get_workshop(session=session, user=user, workshop_id=workshop.id)
    _editable(session, user, workshop)
    steps = list_steps(session=session, workshop_id=workshop.id)
    if title is not None:
        title = _clean_text(title, field=N_("Title"), limit=MAX_TITLE)
        _check_step_title_free(steps, title, step.id)
        step.title = title
    if prompt is not None:
        step.prompt = _clean_text(
            prompt, field=N_("Prompt"), limit=MAX_PROMPT, required=False, multiline=True
        )
    if config is not None:
        old = step_config(step, dot_budget=workshop.dot_budget)
        new = validate_config(step.kind, {**old, **config}, dot_budget=workshop.dot_budget)
        _guard_config_change(session, step, old, new)
        step.config = new
    if source_step_id is not _UNSET and source_step_id != step.source_step_id:
        if step.kind in SOURCE_KINDS and input_count(session=session, step_id=step.id):
            raise StepHasInput(
                N_("People have already answered this step, so the cards it draws from stay.")
            )
        step.source_step_id = _check_source(
            steps, kind=step.kind, position=step.position, source_step_id=source_step_id
        )
    if results_hidden is not None:
        if not isinstance(results_hidden, bool):
            raise InvalidInput()
        step.results_hidden = results_hidden
    session.add(step)
    session.flush()
    versioning.bump(session, workshop.id, stage=True)
    return step


def remove_step(*, session: Session, user: AuthUser, step_id: int) -> None:
    """Delete a step that nobody has answered and no other step draws from."""
    step, workshop = _load_step(session, step_id)
    get_workshop(session=session, user=user, workshop_id=workshop.id)
    _editable(session, user, workshop)
    steps = list_steps(session=session, workshop_id=workshop.id)
    if len(steps) <= 1:
        raise InvalidInput(N_("A workshop needs at least one step."))
    if workshop.current_step_id == step.id:
        raise InvalidInput(N_("This is the current step: move to another step first."))
    n = input_count(session=session, step_id=step.id)
    if n:
        raise StepHasInput(
            N_("People have already answered this step ({n} entries), so it cannot be removed."),
            n=n,
        )
    for other in steps:
        if other.source_step_id == step.id:
            raise InvalidInput(
                N_("“{other}” draws its cards from this step: change or remove it first."),
                other=other.title,
            )
    session.delete(step)
    session.flush()
    _renumber(session, [s for s in steps if s.id != step.id])
    session.flush()
    versioning.bump(session, workshop.id, stage=True)


def reorder_steps(
    *, session: Session, user: AuthUser, workshop_id: int, step_ids: list[int]
) -> list[Step]:
    """Put the steps in the given order (every step exactly once)."""
    workshop = get_workshop(session=session, user=user, workshop_id=workshop_id)
    _editable(session, user, workshop)
    steps = list_steps(session=session, workshop_id=workshop.id)
    by_id = {s.id: s for s in steps}
    if sorted(step_ids) != sorted(by_id):
        raise InvalidInput(N_("The new order must list every step once."))
    ordered = [by_id[i] for i in step_ids]
    _check_order(ordered)
    _renumber(session, ordered)
    session.flush()
    versioning.bump(session, workshop.id, stage=True)
    return ordered


def move_step(*, session: Session, user: AuthUser, step_id: int, delta: int) -> list[Step]:
    """Move a step up (delta -1) or down (+1)."""
    step, workshop = _load_step(session, step_id)
    steps = list_steps(session=session, workshop_id=workshop.id)
    ids = [s.id for s in steps]
    i = ids.index(step.id)
    j = max(0, min(len(ids) - 1, i + delta))
    ids.insert(j, ids.pop(i))
    return reorder_steps(session=session, user=user, workshop_id=workshop.id, step_ids=ids)
