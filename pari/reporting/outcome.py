""" "What we decided": the outcome of a workshop as one participant's own link shows it
(issue 21, item 2).

What the whole room sees (the priorities as the local plan ranks them, the next
steps) read from the plan itself (``plan.collect``, its small groups already masked
by ``pari.privacy``), beside this person's own things: what became of each card they
wrote (kept, merged into another card, hidden; its rank in each dot vote) and their
pledges with the follow-up coordinators record (``followup``). Nothing here names
another person or carries anyone's token. Plain data: status, fate, role and kind are
enum values, titles and categories as stored; the page translates them
(``followup.status_label``, ``pari.labels``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from pari import steps
from pari.errors import PariError
from pari.models import (
    CommitmentKind,
    CommitmentRole,
    CommitmentStatus,
    Contribution,
    Participant,
    WorkshopStatus,
)
from pari.phone.guards import LINK_GONE
from pari.reporting.followup import history
from pari.reporting.plan import Plan, collect
from pari.reveal import Reveal
from pari.steps.commitments.results import standing
from pari.steps.dot_vote.report import VoteSection
from pari.steps.ideas.rules import merged_into, my_cards
from pari.workshops import list_steps


class OutcomeUnavailable(PariError, LookupError):
    """No such participant (the link is gone, or the workshop was deleted)."""

    default = LINK_GONE


class CardFate(enum.StrEnum):
    """What became of a card after moderation."""

    KEPT = "kept"  # on the wall, voted on as written
    MERGED = "merged"  # merged into another card that says the same; its dots went there
    HIDDEN = "hidden"  # taken off the wall by the facilitator; its dots stopped counting


@dataclass(frozen=True)
class RankedPriority:
    """One line of a dot vote's ranking, as the local plan numbers it."""

    rank: int  # 1 is the first (ties: the older card first, as the plan and reveal)
    card_id: int
    text: str
    dots: int
    yours: bool  # this person wrote the card, or wrote one merged into it


@dataclass(frozen=True)
class Ranking:
    """The priorities of one dot vote, as ranked."""

    step_id: int
    title: str  # as stored (``labels.text_label`` translates a template's)
    priorities: tuple[RankedPriority, ...]


@dataclass(frozen=True)
class CardRank:
    """Where a card (or the card it was merged into) stood in one dot vote."""

    step_id: int
    title: str
    rank: int
    of: int  # how many cards that vote ranked
    dots: int


@dataclass(frozen=True)
class OwnCard:
    """A card this person wrote (not taken back) and what became of it."""

    card_id: int
    step_id: int
    step_title: str
    text: str
    category: str  # as stored, '' when the step has none
    fate: CardFate
    merged_into: str | None  # the kept card's text, when merged
    ranks: tuple[CardRank, ...]  # in each dot vote that ranked it (the kept card, if merged)


@dataclass(frozen=True)
class FollowUp:
    """One dated status note on a pledge (who recorded it is not said)."""

    status: CommitmentStatus
    note: str
    at: datetime


@dataclass(frozen=True)
class OwnPledge:
    """A pledge this person made (not taken back), with its follow-up."""

    commitment_id: int
    priority: str  # the card's text (the kept card's after a merge), else the text typed
    card_id: int | None  # the priority's card, to find it in ``Outcome.rankings``
    role: CommitmentRole
    kind: CommitmentKind
    what: str
    amount: float | None
    unit: str
    by_when: date | None
    status: CommitmentStatus  # as of the latest follow-up (planned before any)
    status_at: datetime | None  # when the latest follow-up was recorded, None before any
    note: str  # the latest note given ('' when none)
    noted_at: datetime | None
    history: tuple[FollowUp, ...]  # every follow-up, oldest first


@dataclass(frozen=True)
class Outcome:
    """What one participant's link shows after the workshop."""

    workshop_id: int
    title: str
    territory: str
    held_on: date | None
    status: WorkshopStatus  # the page may wait for CLOSED
    language: str  # the person's language, else the workshop's
    rankings: tuple[Ranking, ...]  # each dot vote's priorities, in the plan's order
    next_steps: str  # the facilitators' next steps, as written
    cards: tuple[OwnCard, ...]  # step by step, oldest first
    pledges: tuple[OwnPledge, ...]  # oldest first


def outcome(*, session: Session, participant_id: int) -> Outcome:
    """The outcome of this participant's workshop as their link shows it; raises
    ``OutcomeUnavailable`` when there is no such participant."""
    person = session.get(Participant, participant_id)
    if person is None:
        raise OutcomeUnavailable()
    plan = collect(session=session, workshop_id=person.workshop_id)
    cards = _cards(session, person)
    # A vote whose results the room has not seen in full stays out (DESIGN section 2).
    shown = {
        s.id
        for s in list_steps(session=session, workshop_id=person.workshop_id)
        if Reveal.of(s).complete
    }
    rankings = tuple(r for r in _rankings(plan, cards) if r.step_id in shown)
    return Outcome(
        workshop_id=plan.workshop_id,
        title=plan.title,
        territory=plan.territory,
        held_on=plan.held_on,
        status=WorkshopStatus(plan.status),
        language=person.language or plan.language,
        rankings=rankings,
        next_steps=plan.next_steps,
        cards=_own_cards(session, cards, rankings),
        pledges=_pledges(session, person),
    )


def _cards(session: Session, person: Participant) -> list[tuple[str, Contribution]]:
    """This person's cards not taken back, with their step's title, step by step."""
    return [
        (step.title, card)
        for step in list_steps(session=session, workshop_id=person.workshop_id)
        if steps.get(step.kind).writes_cards
        for card in my_cards(session=session, participant_id=person.id, step_id=step.id)
    ]


def _rankings(plan: Plan, cards: list[tuple[str, Contribution]]) -> tuple[Ranking, ...]:
    """Each dot vote's part of the plan as a ranking, numbered as the plan's table."""
    # A hidden card is in no ranking; a merged one counts as the card kept.
    mine = {c.merged_into_id or c.id for _title, c in cards}
    return tuple(
        Ranking(
            step_id=section.step_id,
            title=section.title,
            priorities=tuple(
                RankedPriority(
                    rank=rank,
                    card_id=int(row.card_id),
                    text=str(row.text),
                    dots=int(row.dots),
                    yours=int(row.card_id) in mine,
                )
                for rank, row in enumerate(section.agreement.itertuples(), start=1)
            ),
        )
        for section in plan.sections
        if isinstance(section, VoteSection)
    )


def _own_cards(
    session: Session, cards: list[tuple[str, Contribution]], rankings: tuple[Ranking, ...]
) -> tuple[OwnCard, ...]:
    """Each card's fate (``merged_into``: where the phone shows a merged card went) and
    its ranks: a merged card's dots went to the card kept, so it stands where that one does."""
    into = merged_into(session=session, cards=[c for _title, c in cards])
    ranks: dict[int, list[CardRank]] = {}
    for ranking in rankings:
        for p in ranking.priorities:
            ranks.setdefault(p.card_id, []).append(
                CardRank(ranking.step_id, ranking.title, p.rank, len(ranking.priorities), p.dots)
            )
    out = []
    for title, card in cards:
        if card.merged_into_id is not None:
            fate, counted = CardFate.MERGED, card.merged_into_id
        elif card.hidden:
            fate, counted = CardFate.HIDDEN, None
        else:
            fate, counted = CardFate.KEPT, card.id
        out.append(
            OwnCard(
                card_id=card.id,
                step_id=card.step_id,
                step_title=title,
                text=card.text,
                category=card.category,
                fate=fate,
                merged_into=into.get(card.id) if fate is CardFate.MERGED else None,
                ranks=tuple(ranks.get(counted, ())) if counted is not None else (),
            )
        )
    return tuple(out)


def _pledges(session: Session, person: Participant) -> tuple[OwnPledge, ...]:
    out = []
    for pledge in standing(session=session, workshop_id=person.workshop_id):
        c = pledge.commitment
        if c.participant_id != person.id:
            continue
        updates = tuple(
            FollowUp(u.status, u.note, u.created_at)
            for u in history(session=session, commitment_id=c.id)
        )
        noted = [u for u in updates if u.note.strip()]
        out.append(
            OwnPledge(
                commitment_id=c.id,
                priority=pledge.priority,
                card_id=c.contribution_id,
                role=c.role,
                kind=c.kind,
                what=c.what,
                amount=c.amount,
                unit=c.unit,
                by_when=c.by_when,
                status=updates[-1].status if updates else c.status,
                status_at=updates[-1].at if updates else None,
                note=noted[-1].note if noted else "",
                noted_at=noted[-1].at if noted else None,
                history=updates,
            )
        )
    return tuple(out)
