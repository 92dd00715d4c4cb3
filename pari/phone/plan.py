"""The draft local plan as a phone reads it (the plan step): the top voted priorities
and every pledge standing, read through the kinds' own reads (``dot_vote.results``,
``commitments.results``) so that the phone, the presenter and the report agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from pari.models import CommitmentKind, CommitmentRole, StakeholderGroup, Workshop
from pari.privacy import who
from pari.steps.commitments.results import standing
from pari.steps.dot_vote.results import priorities


@dataclass(frozen=True)
class Priority:
    card_id: int
    text: str
    dots: int


@dataclass(frozen=True)
class PlanPledge:
    priority: str
    who: str  # ``privacy.who``: a name only with the person's consent
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
    """The draft local plan as a phone reads it: top voted priorities and every pledge,
    soonest due first (those with no date last)."""
    workshop = session.get(Workshop, workshop_id)
    ranked = priorities(session=session, workshop_id=workshop_id, top=top)
    pledges = sorted(
        standing(session=session, workshop_id=workshop_id),
        key=lambda p: (p.commitment.by_when is None, p.commitment.by_when or date.min),
    )  # stable: pledges due the same day stay oldest first
    return PlanView(
        priorities=[
            Priority(card_id=int(r.card_id), text=r.text, dots=int(r.dots))
            for r in ranked.itertuples()
        ],
        pledges=[
            PlanPledge(
                priority=p.priority,
                who=who(p.person),
                group=p.person.group,
                role=p.commitment.role,
                kind=p.commitment.kind,
                what=p.commitment.what,
                amount=p.commitment.amount,
                unit=p.commitment.unit,
                by_when=p.commitment.by_when,
            )
            for p in pledges
        ],
        next_steps=workshop.next_steps or "",
    )
