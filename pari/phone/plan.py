"""The draft local plan as a phone reads it (the plan step): the top voted priorities
and every pledge standing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from pari.models import (
    Commitment,
    CommitmentKind,
    CommitmentRole,
    Contribution,
    Participant,
    StakeholderGroup,
    Step,
    StepKind,
    Vote,
    Workshop,
)


@dataclass(frozen=True)
class Priority:
    card_id: int
    text: str
    dots: int


@dataclass(frozen=True)
class PlanPledge:
    priority: str
    group: StakeholderGroup | None
    role: CommitmentRole
    kind: CommitmentKind
    what: str
    amount: float | None
    unit: str
    by_when: date | None


@dataclass(frozen=True)
class PlanView:
    priorities: list[Priority]
    pledges: list[PlanPledge]
    next_steps: str


def plan_view(*, session: Session, workshop_id: int, top: int = 5) -> PlanView:
    """The draft local plan as a phone reads it: top voted priorities and every pledge."""
    workshop = session.get(Workshop, workshop_id)
    vote_steps = select(Step.id).where(
        Step.workshop_id == workshop_id, Step.kind == StepKind.DOT_VOTE
    )
    dots = func.sum(Vote.dots)
    rows = session.exec(
        select(Contribution.id, Contribution.text, dots)
        .join(Vote, Vote.contribution_id == Contribution.id)
        .where(
            Vote.step_id.in_(vote_steps),
            Contribution.hidden == False,  # noqa: E712
            Contribution.withdrawn == False,  # noqa: E712
        )
        .group_by(Contribution.id, Contribution.text)
        .order_by(dots.desc(), Contribution.id)
        .limit(top)
    ).all()
    priorities = [Priority(card_id=cid, text=text, dots=int(n)) for cid, text, n in rows]
    pledge_rows = session.exec(
        select(Commitment, Participant.group, Contribution.text)
        .join(Participant, Participant.id == Commitment.participant_id)
        .join(Contribution, Contribution.id == Commitment.contribution_id, isouter=True)
        .where(
            Commitment.workshop_id == workshop_id,
            Commitment.withdrawn == False,  # noqa: E712
        )
        .order_by(Commitment.by_when, Commitment.id)
    ).all()
    pledges = [
        PlanPledge(
            priority=card_text or c.priority_text,
            group=group,
            role=c.role,
            kind=c.kind,
            what=c.what,
            amount=c.amount,
            unit=c.unit,
            by_when=c.by_when,
        )
        for c, group, card_text in pledge_rows
    ]
    return PlanView(priorities=priorities, pledges=pledges, next_steps=workshop.next_steps or "")
