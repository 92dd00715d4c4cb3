"""Workshops: create from a template, edit steps, duplicate, share, and run them live.

Each public function is one use case: it checks the person's rights
(``pari.permissions``) and the rules, then writes and moves the workshop's
version numbers (``pari.versioning.bump``) in the same transaction. The caller
commits (``pari.web.db`` does). Rules that protect what stakeholders entered:

- a step that has input (cards, dots, scores, answers, ratings, pledges) cannot
  be removed, and its source cannot change;
- a dot vote with ballots keeps its budget and per-card cap; a matrix with scores
  keeps its criteria; a poll with answers can only get options added at the end;
  an assessment keeps every dimension somebody rated; an ideas step keeps every
  category a card uses. Titles and prompts can always be fixed;
- a closed workshop is read-only (reopen it, or duplicate it).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from pari import accounts, steps, versioning
from pari.accounts import AuthUser
from pari.codes import new_join_code, normalise_join_code
from pari.errors import PariError
from pari.i18n import LANGUAGE_NAMES, N_, _
from pari.models import (
    Assessment,
    Ballot,
    Commitment,
    Contribution,
    Participant,
    PollAnswer,
    Score,
    Step,
    StepKind,
    StepState,
    Template,
    User,
    Vote,
    Workshop,
    WorkshopShare,
    WorkshopStatus,
    utcnow,
)
from pari.permissions import (
    NotAllowed as NotAllowed,
)
from pari.permissions import (
    can_create_workshop,
    can_edit_workshop,
    can_run_workshop,
    can_share_workshop,
    can_view_workshop,
    require,
    visible_workshops_query,
)
from pari.steps import dot_vote, fields
from pari.templates import steps_of

MAX_TITLE = 200
MAX_PROMPT = 2000
MAX_STEPS = 40
SOURCE_KINDS = tuple(k for k, kind in steps.KINDS.items() if kind.draws_on_ideas)
NEEDS_SOURCE = tuple(k for k, kind in steps.KINDS.items() if kind.needs_ideas)
INPUT_KINDS = tuple(k for k, kind in steps.KINDS.items() if kind.takes_input)
_UNSET: Any = object()


class WorkshopError(PariError, ValueError):
    """A rule refused the change to a workshop or its steps (pari.errors)."""


class InvalidInput(WorkshopError):
    pass


class StepHasInput(WorkshopError):
    """The change would lose or distort what stakeholders already entered."""


class WorkshopIsClosed(WorkshopError):
    pass


class NotFound(WorkshopError):
    pass


# --- lookups -----------------------------------------------------------------


def get_by_code(*, session: Session, code: str | None) -> Workshop | None:
    canonical = normalise_join_code(code)
    if canonical is None:
        return None
    return session.exec(select(Workshop).where(Workshop.code == canonical)).first()


def get_workshop(
    *, session: Session, user: AuthUser, workshop_id: int | None = None, code: str | None = None
) -> Workshop:
    """The workshop by id or join code, if ``user`` may see it (else NotFound/NotAllowed)."""
    workshop = (
        session.get(Workshop, workshop_id)
        if workshop_id is not None
        else get_by_code(session=session, code=code)
    )
    if workshop is None:
        raise NotFound(N_("No such workshop."))
    require(
        can_view_workshop(session=session, user=user, workshop=workshop),
        N_("You may not see this workshop."),
    )
    return workshop


def still_allowed(
    *, session: Session, user_id: int, signed_in_at: datetime, workshop_id: int | None = None
) -> bool:
    """Whether a session signed in at ``signed_in_at`` may still act now: its account
    active and not logged out since, and (``workshop_id``) still one that may see that
    workshop. For work done after the page's run, such as a download built on click."""
    user = accounts.session_user(session=session, user_id=user_id, signed_in_at=signed_in_at)
    if user is None:
        return False
    if workshop_id is None:
        return True
    try:
        get_workshop(session=session, user=user, workshop_id=workshop_id)
    except (WorkshopError, NotAllowed):
        return False
    return True


def list_workshops(*, session: Session, user: AuthUser) -> list[Workshop]:
    """Mine and those shared with me; a coordinator's list holds every workshop."""
    return list(session.exec(visible_workshops_query(user)))


def list_steps(*, session: Session, workshop_id: int) -> list[Step]:
    return list(
        session.exec(
            select(Step).where(Step.workshop_id == workshop_id).order_by(Step.position, Step.id)
        )
    )


def current_step(*, session: Session, workshop: Workshop) -> Step | None:
    if workshop.current_step_id is None:
        return None
    return session.get(Step, workshop.current_step_id)


def input_count(*, session: Session, step_id: int) -> int:
    """How many rows stakeholders (or paper input) entered in this step."""
    total = 0
    for model in (Contribution, Vote, Score, PollAnswer, Assessment, Commitment):
        total += session.exec(select(func.count()).where(model.step_id == step_id)).one()
    return total


def _has(session: Session, model: Any, *where: Any) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


# --- validation ----------------------------------------------------------------


def _checked(check: Any, *args: Any, **kwargs: Any) -> Any:
    """A pari.steps check, its refusal as this module's ``InvalidInput``."""
    try:
        return check(*args, **kwargs)
    except steps.InvalidConfig as refused:
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
    return _checked(steps.validate, kind, config, dot_budget=dot_budget).as_stored()


def step_config(step: Step, *, dot_budget: int = 5) -> dict:
    """A stored step's settings as ``pari.steps.config`` reads them, as a dict."""
    return steps.config(step, dot_budget=dot_budget).as_stored()


def _validate_language(language: str) -> str:
    if language not in LANGUAGE_NAMES:
        raise InvalidInput(N_("Unknown language {language}."), language=language)
    return language


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


def _new_code(session: Session, attempts: int = 20) -> str:
    for _i in range(attempts):
        code = new_join_code()
        if session.exec(select(Workshop.id).where(Workshop.code == code)).first() is None:
            return code
    raise WorkshopError(N_("Could not find a free join code. Please try again."))


def _editable(session: Session, user: AuthUser, workshop: Workshop) -> None:
    require(
        can_edit_workshop(session=session, user=user, workshop=workshop),
        N_("You may not change this workshop."),
    )
    if workshop.status is WorkshopStatus.CLOSED:
        raise WorkshopIsClosed(
            N_("This workshop is closed. Reopen it to change it, or duplicate it.")
        )


def _load_step(session: Session, step_id: int) -> tuple[Step, Workshop]:
    step = session.get(Step, step_id)
    if step is None:
        raise NotFound(N_("No such step."))
    return step, session.get(Workshop, step.workshop_id)


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
    if source is None or source.kind is not StepKind.IDEAS:
        raise InvalidInput(N_("A step can only draw its cards from an ideas step."))
    if source.position >= position:
        raise InvalidInput(
            N_("A step can only draw cards from a step before it; “{source}” comes after."),
            source=source.title,
        )
    return source.id


def kind_name(kind: StepKind) -> str:
    return steps.get(kind).label


def _renumber(session: Session, steps: list[Step]) -> None:
    for i, s in enumerate(steps):
        if s.position != i:
            s.position = i
            session.add(s)


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


# --- creating and editing ----------------------------------------------------------


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
) -> Workshop:
    """A draft workshop with its own join code and the template's steps copied in."""
    require(can_create_workshop(user=user), N_("You may not do this."))
    assert user is not None  # for the type checker: require() let only an account through
    title = _clean_text(title, field=N_("Title"), limit=MAX_TITLE)
    territory = _clean_text(territory, field=N_("Territory"), limit=120, required=False)
    dot_budget = validate_budget(dot_budget)
    language = _validate_language(language)
    template = Template(template)
    _check_title_free(session, owner_id=user.id, title=title, except_id=None)
    workshop = Workshop(
        code=_new_code(session),
        title=title,
        territory=territory,
        held_on=held_on,
        language=language,
        template=template,
        dot_budget=dot_budget,
        owner_id=user.id,
    )
    session.add(workshop)
    session.flush()
    made: list[Step] = []
    for i, spec in enumerate(steps_of(template)):
        config = dict(spec.config)
        if spec.kind is StepKind.DOT_VOTE:
            config = {
                "budget": dot_budget,
                "per_card_cap": min(config.get("per_card_cap", 3), dot_budget),
            }
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
        workshop.territory = _clean_text(
            territory, field=N_("Territory"), limit=120, required=False
        )
    if held_on is not _UNSET:
        workshop.held_on = held_on
    if language is not None:
        workshop.language = _validate_language(language)
    if dot_budget is not None:
        dot_budget = validate_budget(dot_budget)
        if dot_budget != workshop.dot_budget:
            for step in list_steps(session=session, workshop_id=workshop.id):
                if step.kind is StepKind.DOT_VOTE and not _has(
                    session, Ballot, Ballot.step_id == step.id
                ):
                    cfg = step_config(step, dot_budget=workshop.dot_budget)
                    step.config = {
                        "budget": dot_budget,
                        "per_card_cap": min(cfg["per_card_cap"], dot_budget),
                    }
                    session.add(step)
            workshop.dot_budget = dot_budget
    workshop.updated_at = utcnow()
    session.add(workshop)
    session.flush()
    versioning.bump(session, workshop.id, stage=True)
    session.refresh(workshop)
    return workshop


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
    if config is None and kind is StepKind.POLL:
        config = {"options": [N_("Yes"), N_("No")]}
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


def _guard_config_change(session: Session, step: Step, old: dict, new: dict) -> None:
    """The kind's own rule for what may not change once people have answered."""
    kind = steps.get(step.kind)
    try:
        kind.guard_change(
            session,
            step,
            kind.read(old, dot_budget=old.get("budget", 5)),
            kind.read(new, dot_budget=new.get("budget", 5)),
        )
    except steps.AnswersKept as refused:
        raise StepHasInput(refused.message, **refused.params) from None


def update_step(
    *,
    session: Session,
    user: AuthUser,
    step_id: int,
    title: str | None = None,
    prompt: str | None = None,
    config: dict | None = None,
    source_step_id: int | None = _UNSET,
) -> Step:
    """Edit a step's title, prompt, settings or source, within the rules of the module."""
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
    )
    copy.template = original.template
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
        )
        session.add(new)
        session.flush()
        mapping[s.id] = new.id
    session.add(copy)
    session.flush()
    return copy


# --- sharing ---------------------------------------------------------------------------


def share_workshop(*, session: Session, user: AuthUser, workshop_id: int, username: str) -> User:
    """Let another facilitator see and run this workshop."""
    workshop = get_workshop(session=session, user=user, workshop_id=workshop_id)
    require(
        can_share_workshop(session=session, user=user, workshop=workshop),
        N_("Only the owner or a coordinator can share this workshop."),
    )
    other = session.exec(
        select(User).where(User.username == (username or "").strip().lower(), User.active)
    ).first()
    if other is None:
        raise InvalidInput(
            N_("No active account has the username “{username}”."), username=username
        )
    if other.id == workshop.owner_id:
        raise InvalidInput(N_("{name} owns this workshop already."), name=other.name)
    if session.get(WorkshopShare, (workshop.id, other.id)) is None:
        session.add(WorkshopShare(workshop_id=workshop.id, user_id=other.id))
        session.flush()
    return other


def unshare_workshop(*, session: Session, user: AuthUser, workshop_id: int, user_id: int) -> None:
    workshop = get_workshop(session=session, user=user, workshop_id=workshop_id)
    require(
        can_share_workshop(session=session, user=user, workshop=workshop),
        N_("Only the owner or a coordinator can share this workshop."),
    )
    share = session.get(WorkshopShare, (workshop.id, user_id))
    if share is not None:
        session.delete(share)
        session.flush()


def shared_with(*, session: Session, workshop_id: int) -> list[User]:
    return list(
        session.exec(
            select(User)
            .join(WorkshopShare, WorkshopShare.user_id == User.id)
            .where(WorkshopShare.workshop_id == workshop_id)
            .order_by(User.username)
        )
    )


# --- running ------------------------------------------------------------------------------


def _runnable(session: Session, user: AuthUser, step_id: int) -> tuple[Step, Workshop]:
    step, workshop = _load_step(session, step_id)
    require(
        can_run_workshop(session=session, user=user, workshop=workshop),
        N_("You may not run this workshop."),
    )
    if workshop.status is WorkshopStatus.CLOSED:
        raise WorkshopIsClosed(N_("This workshop is closed. Reopen it to run it."))
    return step, workshop


def _make_current(session: Session, workshop: Workshop, step: Step) -> None:
    if workshop.current_step_id not in (None, step.id):
        previous = session.get(Step, workshop.current_step_id)
        # Phones follow the current step only, so the step they leave stops taking input.
        if previous is not None and previous.state is StepState.OPEN:
            previous.state = StepState.CLOSED
            session.add(previous)
    workshop.current_step_id = step.id
    if workshop.status is WorkshopStatus.DRAFT:
        workshop.status = WorkshopStatus.LIVE
    session.add(workshop)


def _finish(session: Session, workshop: Workshop, step: Step) -> Step:
    session.add(step)
    session.flush()
    versioning.bump(session, workshop.id, stage=True)
    session.refresh(workshop)
    return step


def make_current(*, session: Session, user: AuthUser, step_id: int) -> Step:
    """Every phone and the presenter move to this step (a draft workshop goes live)."""
    step, workshop = _runnable(session, user, step_id)
    _make_current(session, workshop, step)
    return _finish(session, workshop, step)


def open_step(*, session: Session, user: AuthUser, step_id: int) -> Step:
    """Make the step current and let phones answer it."""
    step, workshop = _runnable(session, user, step_id)
    if step.kind not in INPUT_KINDS:
        raise InvalidInput(N_("This step takes no input: show its results instead."))
    if step.kind in NEEDS_SOURCE and step.source_step_id is None:
        raise InvalidInput(N_("Choose the ideas step this step draws its cards from first."))
    _make_current(session, workshop, step)
    step.state = StepState.OPEN
    return _finish(session, workshop, step)


def close_step(*, session: Session, user: AuthUser, step_id: int) -> Step:
    """Stop input; what was entered stays."""
    step, workshop = _runnable(session, user, step_id)
    step.state = StepState.CLOSED
    return _finish(session, workshop, step)


def show_results(*, session: Session, user: AuthUser, step_id: int) -> Step:
    """Close input and show the results on the presenter screen and the phones."""
    step, workshop = _runnable(session, user, step_id)
    _make_current(session, workshop, step)
    step.state = StepState.RESULTS
    return _finish(session, workshop, step)


def hide_results(*, session: Session, user: AuthUser, step_id: int) -> Step:
    step, workshop = _runnable(session, user, step_id)
    if step.state is StepState.RESULTS:
        step.state = StepState.CLOSED
    return _finish(session, workshop, step)


def _neighbour(session: Session, user: AuthUser, workshop_id: int, delta: int) -> Step:
    workshop = get_workshop(session=session, user=user, workshop_id=workshop_id)
    steps = list_steps(session=session, workshop_id=workshop.id)
    ids = [s.id for s in steps]
    i = ids.index(workshop.current_step_id) + delta if workshop.current_step_id in ids else 0
    if not 0 <= i < len(steps):
        raise InvalidInput(
            N_("This is the first step.") if delta < 0 else N_("This is the last step.")
        )
    return make_current(session=session, user=user, step_id=steps[i].id)


def go_back(*, session: Session, user: AuthUser, workshop_id: int) -> Step:
    """Make the step before the current one current."""
    return _neighbour(session, user, workshop_id, -1)


def go_next(*, session: Session, user: AuthUser, workshop_id: int) -> Step:
    """Make the step after the current one current (the first, if none is)."""
    return _neighbour(session, user, workshop_id, +1)


def set_status(
    *, session: Session, user: AuthUser, workshop_id: int, status: WorkshopStatus
) -> Workshop:
    """Draft, live or closed. Closing stops input on every step; reopening makes it live."""
    workshop = get_workshop(session=session, user=user, workshop_id=workshop_id)
    require(
        can_run_workshop(session=session, user=user, workshop=workshop),
        N_("You may not run this workshop."),
    )
    status = WorkshopStatus(status)
    if status is WorkshopStatus.CLOSED:
        for step in list_steps(session=session, workshop_id=workshop.id):
            if step.state is StepState.OPEN:
                step.state = StepState.CLOSED
                session.add(step)
    workshop.status = status
    session.add(workshop)
    session.flush()
    versioning.bump(session, workshop.id, stage=True)
    session.refresh(workshop)
    return workshop


def participant_count(*, session: Session, workshop_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(Participant).where(Participant.workshop_id == workshop_id)
    ).one()
