"""A workshop as a whole: created from a template with its own join code, its details
changed (title, territory, date, language, dot budget, smallest group shown), or
duplicated as a new draft.

Territories are chosen from a list that grows with each new one: a territory typed
again with other capitals, accents or spaces is the one already known
(``territory_key``), so the coordinators' comparisons never split it in two.

The steps inside it are added and edited in ``pari.workshops.step_editing``.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from sqlmodel import Session, select

from pari import steps as step_kinds
from pari import versioning
from pari.accounts import AuthUser
from pari.codes import new_join_code
from pari.i18n import N_
from pari.models import Step, Template, Workshop, utcnow
from pari.permissions import can_create_workshop, require
from pari.privacy import MAX_GROUP_SIZE, MIN_GROUP_SIZE
from pari.templates import steps_of
from pari.workshops.access import (
    StepHasInput,
    WorkshopError,
    _editable,
    get_workshop,
    list_steps,
)
from pari.workshops.checks import (
    _UNSET,
    MAX_TITLE,
    _check_title_free,
    _clean_text,
    _guard_config_change,
    _validate_language,
    step_config,
    validate_budget,
    validate_config,
)
from pari.workshops.window import default_timezone

MAX_TERRITORY = 120


def territory_key(territory: str) -> str:
    """What tells territories apart: case, accents and extra spaces ignored."""
    decomposed = unicodedata.normalize("NFKD", territory.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


def territory_names(session: Session) -> dict[str, str]:
    """Each territory by its key, as it was first written (the oldest workshop's)."""
    names: dict[str, str] = {}
    for territory in session.exec(select(Workshop.territory).order_by(Workshop.id)):
        if territory.strip():
            names.setdefault(territory_key(territory), territory)
    return names


def territories(session: Session) -> list[str]:
    """The territories to choose from, one spelling each, in alphabetical order."""
    return sorted(territory_names(session).values(), key=territory_key)


def _territory(session: Session, territory: str) -> str:
    """A territory as stored: cleaned, and spelled as the known one it matches."""
    territory = _clean_text(territory, field=N_("Territory"), limit=MAX_TERRITORY, required=False)
    if not territory:
        return ""
    return territory_names(session).get(territory_key(territory), " ".join(territory.split()))


def validate_min_group_size(value: Any) -> int:
    """The smallest stakeholder group a breakdown shows (``pari.privacy``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WorkshopError(N_("The smallest group shown must be a whole number."))
    if not MIN_GROUP_SIZE <= value <= MAX_GROUP_SIZE:
        raise WorkshopError(
            N_("The smallest group shown must be between {low} and {high} people."),
            low=MIN_GROUP_SIZE,
            high=MAX_GROUP_SIZE,
        )
    return value


def _new_code(session: Session, attempts: int = 20) -> str:
    for _i in range(attempts):
        code = new_join_code()
        if session.exec(select(Workshop.id).where(Workshop.code == code)).first() is None:
            return code
    raise WorkshopError(N_("Could not find a free join code. Please try again."))


def create_workshop(
    *,
    session: Session,
    user: AuthUser | None,
    title: str,
    territory: str = "",
    held_on: date | None = None,
    language: str = "en",
    template: Template = Template.LOCAL_PLAN,
    dot_budget: int = 5,
    min_group_size: int = 3,
) -> Workshop:
    """A draft workshop with its own join code and the template's steps copied in."""
    require(can_create_workshop(user=user), N_("You may not do this."))
    assert user is not None  # for the type checker: require() let only an account through
    title = _clean_text(title, field=N_("Title"), limit=MAX_TITLE)
    territory = _territory(session, territory)
    dot_budget = validate_budget(dot_budget)
    min_group_size = validate_min_group_size(min_group_size)
    language = _validate_language(language)
    template = Template(template)
    _check_title_free(session, owner_id=user.id, title=title, except_id=None)
    workshop = Workshop(
        code=_new_code(session),
        title=title,
        territory=territory,
        held_on=held_on,
        language=language,
        # The self-paced window's dates and times are given in it (issue 21).
        timezone=default_timezone(language),
        template=template,
        dot_budget=dot_budget,
        min_group_size=min_group_size,
        owner_id=user.id,
    )
    session.add(workshop)
    session.flush()
    made: list[Step] = []
    for i, spec in enumerate(steps_of(template)):
        config = step_kinds.get(spec.kind).with_dot_budget(spec.config, dot_budget)
        step = Step(
            workshop_id=workshop.id,
            position=i,
            kind=spec.kind,
            title=spec.title,
            prompt=spec.prompt,
            config=validate_config(spec.kind, config, dot_budget=dot_budget),
            source_step_id=made[spec.source].id if spec.source is not None else None,
        )
        session.add(step)
        session.flush()
        made.append(step)
    versioning.bump(session, workshop.id, stage=False)
    return workshop


def update_workshop(
    *,
    session: Session,
    user: AuthUser,
    workshop_id: int,
    title: str | None = None,
    territory: str | None = None,
    held_on: date | None = _UNSET,
    language: str | None = None,
    dot_budget: int | None = None,
    min_group_size: int | None = None,
) -> Workshop:
    """Change a workshop's details. A new dot budget applies to the vote steps that
    have no ballots yet; votes already cast keep the budget they were cast with."""
    workshop = get_workshop(session=session, user=user, workshop_id=workshop_id)
    _editable(session, user, workshop)
    if title is not None:
        title = _clean_text(title, field=N_("Title"), limit=MAX_TITLE)
        _check_title_free(session, owner_id=workshop.owner_id, title=title, except_id=workshop.id)
        workshop.title = title
    if territory is not None:
        workshop.territory = _territory(session, territory)
    if held_on is not _UNSET:
        workshop.held_on = held_on
    if language is not None:
        workshop.language = _validate_language(language)
    if dot_budget is not None:
        dot_budget = validate_budget(dot_budget)
        if dot_budget != workshop.dot_budget:
            _spread_budget(session, workshop, dot_budget)
            workshop.dot_budget = dot_budget
    if min_group_size is not None:
        workshop.min_group_size = validate_min_group_size(min_group_size)
    workshop.updated_at = utcnow()
    session.add(workshop)
    session.flush()
    versioning.bump(session, workshop.id, stage=True)
    session.refresh(workshop)
    return workshop


def _spread_budget(session: Session, workshop: Workshop, budget: int) -> None:
    """The new budget into every step whose kind takes it, where the kind's own rule
    lets the settings change (a vote with ballots keeps the budget they were cast with)."""
    for step in list_steps(session=session, workshop_id=workshop.id):
        kind = step_kinds.get(step.kind)
        if not kind.uses_dot_budget:
            continue
        old = step_config(step, dot_budget=workshop.dot_budget)
        new = kind.with_dot_budget(old, budget)
        try:
            _guard_config_change(session, step, old, new)
        except StepHasInput:
            continue
        step.config = new
        session.add(step)


def duplicate_workshop(
    *, session: Session, user: AuthUser, workshop_id: int, title: str | None = None
) -> Workshop:
    """A new draft with the same details and steps (no participants, no answers)."""
    original = get_workshop(session=session, user=user, workshop_id=workshop_id)
    if title is None:
        base = f"{original.title} (copy)"
        title, n = base, 2
        taken = {
            t.casefold()
            for t in session.exec(select(Workshop.title).where(Workshop.owner_id == user.id))
        }
        while title.casefold() in taken:
            title, n = f"{base} {n}", n + 1
    copy = create_workshop(
        session=session,
        user=user,
        title=title[:MAX_TITLE],
        territory=original.territory,
        held_on=original.held_on,
        language=original.language,
        template=Template.BLANK,
        dot_budget=original.dot_budget,
        min_group_size=original.min_group_size,
    )
    copy.template = original.template
    copy.timezone = original.timezone  # not its window: its dates were the original's
    for s in list_steps(session=session, workshop_id=copy.id):
        session.delete(s)
    session.flush()
    mapping: dict[int, int] = {}
    for s in list_steps(session=session, workshop_id=original.id):
        new = Step(
            workshop_id=copy.id,
            position=s.position,
            kind=s.kind,
            title=s.title,
            prompt=s.prompt,
            config=step_config(s, dot_budget=original.dot_budget),
            source_step_id=mapping.get(s.source_step_id) if s.source_step_id else None,
            self_paced=s.self_paced,
        )
        session.add(new)
        session.flush()
        mapping[s.id] = new.id
    session.add(copy)
    session.flush()
    return copy
