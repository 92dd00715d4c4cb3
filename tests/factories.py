"""Small factories for tests: real rows through the real services."""

from __future__ import annotations

import itertools

from sqlmodel import Session

from pari import accounts
from pari.models import Role, User

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def make_user(
    session: Session, *, role: Role = Role.FACILITATOR, username: str | None = None
) -> User:
    username = username or f"user{next(_seq)}"
    user = accounts.create_user(
        session=session, username=username, name=username.title(), password=PASSWORD, role=role
    )
    session.commit()
    return user


def make_workshop(
    session: Session,
    *,
    owner: User | None = None,
    steps: list[tuple] | None = None,
    status=None,
    dot_budget: int = 5,
    code: str | None = None,
):
    """A workshop with the given steps, written directly (no template).

    ``steps`` is a list of ``(kind, title, config)`` or ``(kind, title, config, source_index)``
    where ``source_index`` points at an earlier step of the list.
    """
    from pari.codes import new_join_code
    from pari.models import Step, StepKind, Template, Workshop, WorkshopStatus

    owner = owner or make_user(session)
    workshop = Workshop(
        code=code or new_join_code(),
        title="Test workshop",
        territory="Östergötland",
        template=Template.BLANK,
        dot_budget=dot_budget,
        status=status or WorkshopStatus.LIVE,
        owner_id=owner.id,
    )
    session.add(workshop)
    session.flush()
    made: list[Step] = []
    for i, spec in enumerate(steps or [(StepKind.CHECK_IN, "Check-in", {})]):
        kind, title, config = spec[:3]
        source = made[spec[3]].id if len(spec) > 3 and spec[3] is not None else None
        step = Step(
            workshop_id=workshop.id,
            position=i,
            kind=kind,
            title=title,
            config=config,
            source_step_id=source,
        )
        session.add(step)
        session.flush()
        made.append(step)
    session.commit()
    return workshop, made


def make_participant(session: Session, workshop, *, group=None, name: str = "", **fields):
    """A participant of ``workshop`` with a random token (the token itself is not kept)."""
    from pari.codes import hash_token, new_participant_token
    from pari.models import Participant, utcnow

    participant = Participant(
        workshop_id=workshop.id,
        token_hash=hash_token(new_participant_token()),
        group=group,
        name=name,
        checked_in_at=utcnow() if group is not None else None,
        **fields,
    )
    session.add(participant)
    session.flush()
    return participant


def make_phone(session: Session, workshop, *, group=None, checked_in: bool = True):
    """A phone's participant of ``workshop`` (checked in as ``group``, default social economy).

    Returns ``(participant, token)``; the token is what the phone's ``?p=`` carries.
    """
    from pari.codes import hash_token, new_participant_token
    from pari.models import Participant, StakeholderGroup, utcnow

    token = new_participant_token()
    participant = Participant(workshop_id=workshop.id, token_hash=hash_token(token))
    if checked_in:
        participant.group = group or StakeholderGroup.SOCIAL_ECONOMY
        participant.consented = True
        participant.checked_in_at = utcnow()
    session.add(participant)
    session.commit()
    return participant, token


def make_current(session: Session, workshop, step, state=None) -> None:
    """Make ``step`` the workshop's current step in ``state`` (open by default), as the
    facilitator's run controls do: phones see it through the stage version."""
    from pari import versioning
    from pari.models import StepState, Workshop

    workshop = session.get(Workshop, workshop.id)
    workshop.current_step_id = step.id
    step.state = state or StepState.OPEN
    session.add(workshop)
    session.add(step)
    versioning.bump(session, workshop.id, stage=True)
    session.commit()
