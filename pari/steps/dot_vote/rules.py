"""The dot vote on the phone: put dots on the cards offered, within a budget and a cap."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from pari import steps
from pari.models import Ballot, Step, StepKind, Vote, Workshop, utcnow
from pari.phone.cards import votable_card
from pari.phone.errors import BudgetExceeded, CapExceeded, HiddenCard, InvalidInput
from pari.phone.guards import begin, open_step


@dataclass(frozen=True)
class Dots:
    """One participant's dots in one vote step."""

    budget: int
    cap: int
    by_card: dict[int, int] = field(default_factory=dict)

    @property
    def spent(self) -> int:
        return sum(self.by_card.values())

    @property
    def left(self) -> int:
        return max(self.budget - self.spent, 0)


def set_dots(
    *, session: Session, participant_id: int, step_id: int, card_id: int, dots: int
) -> Dots:
    """Put exactly ``dots`` dots on one card (0 takes them all off). Idempotent."""
    if isinstance(dots, bool) or not isinstance(dots, int) or dots < 0:
        raise InvalidInput()
    participant, workshop = begin(session, participant_id)
    step = open_step(session, participant, workshop, step_id, StepKind.DOT_VOTE)
    try:
        card_id = votable_card(session, step, card_id).id
    except HiddenCard:
        # A card hidden after this person put dots on it: they may take them back
        # (else they would count against the budget with no card to take them from).
        if dots != 0 or not _has_dots_on(session, step.id, participant.id, card_id):
            raise
    settings = steps.config(step, workshop)
    budget, cap = settings.budget, settings.per_card_cap
    ballot = session.exec(
        select(Ballot)
        .where(Ballot.step_id == step.id, Ballot.participant_id == participant.id)
        .with_for_update()
    ).first()
    if ballot is None:
        ballot = Ballot(step_id=step.id, participant_id=participant.id, budget=budget)
        session.add(ballot)
        session.flush()
    votes = {
        v.contribution_id: v
        for v in session.exec(
            select(Vote).where(Vote.step_id == step.id, Vote.participant_id == participant.id)
        ).all()
    }
    vote = votes.get(card_id)
    before = vote.dots if vote else 0
    if dots > cap and dots > before:
        raise CapExceeded(cap=cap)
    spent = sum(v.dots for cid, v in votes.items() if cid != card_id) + dots
    if spent > budget and dots > before:
        raise BudgetExceeded()
    if dots == 0:
        if vote is not None:
            session.delete(vote)
    elif vote is None:
        session.add(
            Vote(step_id=step.id, participant_id=participant.id, contribution_id=card_id, dots=dots)
        )
    else:
        vote.dots = dots
        session.add(vote)
    # A budget lowered mid-vote lets a phone take dots off, never add them.
    ballot.budget = max(budget, spent)
    ballot.spent = spent
    ballot.updated_at = utcnow()
    session.add(ballot)
    session.flush()
    by_card = {cid: v.dots for cid, v in votes.items() if cid != card_id}
    if dots:
        by_card[card_id] = dots
    return Dots(budget=budget, cap=cap, by_card=by_card)


def _has_dots_on(session: Session, step_id: int, participant_id: int, card_id: object) -> bool:
    if isinstance(card_id, bool) or not isinstance(card_id, int):
        return False
    return (
        session.exec(
            select(Vote.id).where(
                Vote.step_id == step_id,
                Vote.participant_id == participant_id,
                Vote.contribution_id == card_id,
            )
        ).first()
        is not None
    )


def my_dots(*, session: Session, participant_id: int, step: Step, workshop: Workshop) -> Dots:
    rows = session.exec(
        select(Vote.contribution_id, Vote.dots).where(
            Vote.step_id == step.id, Vote.participant_id == participant_id
        )
    ).all()
    settings = steps.config(step, workshop)
    return Dots(
        budget=settings.budget, cap=settings.per_card_cap, by_card={cid: d for cid, d in rows}
    )
