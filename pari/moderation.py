"""Moderation of cards and paper input, both done by a facilitator who may run the workshop.

Moderation never deletes what a stakeholder wrote: a hidden card stays stored
(and can be restored), a merged card points at the card it was merged into and
its dots and pledges follow that card.

Paper input is entered for a person without a phone: a participant row made by
the facilitator (``entered_by_user_id``), named or anonymous, of a chosen group.
Cards, dots and pledges go through the phone-side rules of their kinds
(``pari.steps.<kind>.rules``), so paper is held to the same rules as phones (the
step must be current and open, budgets and caps hold), and are then stamped with
the facilitator who entered them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlmodel import Session, select

from pari import steps, versioning
from pari.accounts import AuthUser
from pari.codes import hash_token, new_participant_token
from pari.i18n import N_
from pari.models import (
    Ballot,
    Commitment,
    CommitmentKind,
    CommitmentRole,
    Contribution,
    Participant,
    Score,
    StakeholderGroup,
    Step,
    StepKind,
    Vote,
    Workshop,
    utcnow,
)
from pari.permissions import can_run_workshop, require
from pari.steps.check_in.rules import check_in
from pari.steps.commitments.rules import pledge
from pari.steps.dot_vote.rules import Dots, my_dots, set_dots
from pari.steps.ideas.rules import add_card
from pari.workshops import InvalidInput, NotFound


def _card(session: Session, user: AuthUser, card_id: int) -> tuple[Contribution, Workshop]:
    card = session.get(Contribution, card_id)
    if card is None:
        raise NotFound(N_("No such card."))
    workshop = session.get(Workshop, card.workshop_id)
    require(
        can_run_workshop(session=session, user=user, workshop=workshop),
        N_("You may not moderate this workshop."),
    )
    return card, workshop


def moderated_step(
    session: Session, user: AuthUser, step_id: int, kind: StepKind
) -> tuple[Step, Workshop]:
    """A step of ``kind`` whose answers ``user`` may moderate: NotFound for no such
    step (or one of another kind), NotAllowed for someone who may not run its workshop."""
    step = session.get(Step, step_id)
    if step is None or step.kind is not kind:
        raise NotFound(N_("No such step."))
    workshop = session.get(Workshop, step.workshop_id)
    require(
        can_run_workshop(session=session, user=user, workshop=workshop),
        N_("You may not moderate this workshop."),
    )
    return step, workshop


def _touch(session: Session, card: Contribution) -> None:
    card.updated_at = utcnow()
    session.add(card)
    session.flush()
    # Phones vote on and pledge to visible cards: what they show changes.
    versioning.bump(session, card.workshop_id, stage=True)


def card_groups(*, session: Session, cards: list[Contribution]) -> dict[int, str | None]:
    """The stakeholder group of each card's author, by card id (one query)."""
    ids = [c.participant_id for c in cards]
    if not ids:
        return {}
    by_person = dict(
        session.exec(select(Participant.id, Participant.group).where(Participant.id.in_(ids))).all()
    )
    return {c.id: by_person.get(c.participant_id) for c in cards}


def list_cards(*, session: Session, user: AuthUser, step_id: int) -> list[Contribution]:
    """Every card of an ideas step, hidden and merged ones too, oldest first."""
    step = session.get(Step, step_id)
    if step is None:
        raise NotFound(N_("No such step."))
    workshop = session.get(Workshop, step.workshop_id)
    require(can_run_workshop(session=session, user=user, workshop=workshop))
    return list(
        session.exec(
            select(Contribution)
            .where(Contribution.step_id == step_id, Contribution.withdrawn == False)  # noqa: E712
            .order_by(Contribution.id)
        )
    )


def hide_card(*, session: Session, user: AuthUser, card_id: int) -> Contribution:
    """Take a card off the wall and out of votes; its dots stay stored but stop counting."""
    card, _workshop = _card(session, user, card_id)
    card.hidden = True
    _touch(session, card)
    return card


def restore_card(*, session: Session, user: AuthUser, card_id: int) -> Contribution:
    card, _workshop = _card(session, user, card_id)
    if card.merged_into_id is not None:
        raise InvalidInput(
            N_("This card was merged into another card; its dots moved there and stay there.")
        )
    card.hidden = False
    _touch(session, card)
    return card


def set_category(*, session: Session, user: AuthUser, card_id: int, category: str) -> Contribution:
    """Move a card to another category of its step."""
    card, workshop = _card(session, user, card_id)
    step = session.get(Step, card.step_id)
    allowed = steps.config(step, workshop).categories
    if category not in allowed:
        raise InvalidInput(N_("“{category}” is not a category of this step."), category=category)
    card.category = category
    _touch(session, card)
    return card


def merge_cards(
    *, session: Session, user: AuthUser, keep_id: int, duplicate_ids: list[int]
) -> Contribution:
    """Merge duplicates into ``keep_id``: they leave the wall, their dots and pledges follow.

    A person who put dots on both cards keeps the sum on the kept card (their
    ballot total is unchanged, so the budget holds; the sum may pass the per-card
    cap, which is fair: they gave those dots to the same idea). Matrix scores move
    too, unless the person also scored the kept card: then their score of the kept
    card counts and the other stays stored on the merged card.
    """
    keep, _workshop = _card(session, user, keep_id)
    duplicates = [i for i in dict.fromkeys(duplicate_ids) if i != keep_id]
    if not duplicates:
        raise InvalidInput(N_("Choose at least one other card to merge into this one."))
    if keep.merged_into_id is not None:
        raise InvalidInput(N_("The card to keep was itself merged into another card."))
    for dup_id in duplicates:
        dup, _w = _card(session, user, dup_id)
        if dup.step_id != keep.step_id:
            raise InvalidInput(N_("Only cards of the same step can be merged."))
        _move_votes(session, dup.id, keep.id)
        _move_scores(session, dup.id, keep.id)
        for commitment in session.exec(
            select(Commitment).where(Commitment.contribution_id == dup.id)
        ):
            commitment.contribution_id = keep.id
            session.add(commitment)
        for earlier in session.exec(
            select(Contribution).where(Contribution.merged_into_id == dup.id)
        ):
            earlier.merged_into_id = keep.id
            session.add(earlier)
        dup.merged_into_id = keep.id
        dup.updated_at = utcnow()
        session.add(dup)
    session.flush()
    _touch(session, keep)
    return keep


def _move_votes(session: Session, from_id: int, to_id: int) -> None:
    for vote in session.exec(select(Vote).where(Vote.contribution_id == from_id)).all():
        target = session.exec(
            select(Vote).where(
                Vote.step_id == vote.step_id,
                Vote.participant_id == vote.participant_id,
                Vote.contribution_id == to_id,
            )
        ).first()
        if target is None:
            vote.contribution_id = to_id
            session.add(vote)
        else:
            target.dots += vote.dots
            session.add(target)
            session.delete(vote)
        session.flush()


def _move_scores(session: Session, from_id: int, to_id: int) -> None:
    for row in session.exec(select(Score).where(Score.contribution_id == from_id)).all():
        clash = session.exec(
            select(Score.id).where(
                Score.step_id == row.step_id,
                Score.participant_id == row.participant_id,
                Score.contribution_id == to_id,
                Score.criterion == row.criterion,
            )
        ).first()
        if clash is None:
            row.contribution_id = to_id
            session.add(row)
            session.flush()


# --- paper input -------------------------------------------------------------------


def add_paper_participant(
    *,
    session: Session,
    user: AuthUser,
    workshop_id: int,
    group: StakeholderGroup | str,
    name: str = "",
    organisation: str = "",
    consent: bool = True,
) -> Participant:
    """A stakeholder without a phone (named or anonymous), checked in to ``group``.

    Their token is random and never shown: only the facilitator writes for them. A
    refusal speaks to the facilitator (check-in's own messages speak to a phone user).
    """
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(N_("No such workshop."))
    require(can_run_workshop(session=session, user=user, workshop=workshop))
    if group not in set(StakeholderGroup):
        raise InvalidInput(N_("Choose the stakeholder group this person speaks for."))
    if consent is not True:
        raise InvalidInput(
            N_(
                "Nobody was added: ask the person whether they agree to how answers are "
                "used, then tick the box."
            )
        )
    participant = Participant(
        workshop_id=workshop.id,
        token_hash=hash_token(new_participant_token()),
        entered_by_user_id=user.id,
    )
    session.add(participant)
    session.flush()
    return check_in(
        session=session,
        participant_id=participant.id,
        group=group,
        name=name,
        organisation=organisation,
        consent=consent,
    )


def paper_participants(*, session: Session, workshop_id: int) -> list[Participant]:
    return list(
        session.exec(
            select(Participant)
            .where(
                Participant.workshop_id == workshop_id,
                Participant.entered_by_user_id.is_not(None),
            )
            .order_by(Participant.id)
        )
    )


def _paper_participant(session: Session, user: AuthUser, participant_id: int) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None or participant.entered_by_user_id is None:
        raise InvalidInput(N_("Paper input is entered for a paper participant only."))
    workshop = session.get(Workshop, participant.workshop_id)
    require(can_run_workshop(session=session, user=user, workshop=workshop))
    return participant


def add_paper_card(
    *,
    session: Session,
    user: AuthUser,
    participant_id: int,
    step_id: int,
    text: str,
    category: str | None = None,
) -> Contribution:
    """A card written on paper, typed in by the facilitator (phone rules apply)."""
    _paper_participant(session, user, participant_id)
    card = add_card(
        session=session,
        participant_id=participant_id,
        step_id=step_id,
        text=text,
        category=category or None,
    )
    card.entered_by_user_id = user.id
    session.add(card)
    session.flush()
    return card


def set_paper_dots(
    *, session: Session, user: AuthUser, participant_id: int, step_id: int, dots: Mapping[int, int]
) -> Dots:
    """Replace a paper participant's dots in a vote with ``dots`` ({card id: dots})."""
    _paper_participant(session, user, participant_id)
    current = {
        v.contribution_id: v.dots
        for v in session.exec(
            select(Vote).where(Vote.step_id == step_id, Vote.participant_id == participant_id)
        )
    }
    wanted = {int(k): int(v) for k, v in dots.items() if int(v) > 0}
    result = None
    # Take dots off first, so the budget never looks exceeded on the way.
    changes = sorted(
        set(current) | set(wanted), key=lambda cid: wanted.get(cid, 0) - current.get(cid, 0)
    )
    for card_id in changes:
        if wanted.get(card_id, 0) != current.get(card_id, 0):
            result = set_dots(
                session=session,
                participant_id=participant_id,
                step_id=step_id,
                card_id=card_id,
                dots=wanted.get(card_id, 0),
            )
    for vote in session.exec(
        select(Vote).where(Vote.step_id == step_id, Vote.participant_id == participant_id)
    ):
        vote.entered_by_user_id = user.id
        session.add(vote)
    session.flush()
    if result is None:
        step = session.get(Step, step_id)
        workshop = session.get(Workshop, step.workshop_id)
        result = my_dots(
            session=session, participant_id=participant_id, step=step, workshop=workshop
        )
    return result


def add_paper_pledge(
    *,
    session: Session,
    user: AuthUser,
    participant_id: int,
    step_id: int,
    role: CommitmentRole | str,
    kind: CommitmentKind | str,
    what: str,
    contribution_id: int | None = None,
    priority_text: str | None = None,
    amount: float | None = None,
    unit: str | None = None,
    by_when: date | None = None,
) -> Commitment:
    _paper_participant(session, user, participant_id)
    commitment = pledge(
        session=session,
        participant_id=participant_id,
        step_id=step_id,
        role=role,
        kind=kind,
        what=what,
        contribution_id=contribution_id,
        priority_text=priority_text,
        amount=amount,
        unit=unit,
        by_when=by_when,
    )
    commitment.entered_by_user_id = user.id
    session.add(commitment)
    session.flush()
    return commitment


def ballot_of(*, session: Session, participant_id: int, step_id: int) -> Ballot | None:
    return session.exec(
        select(Ballot).where(Ballot.step_id == step_id, Ballot.participant_id == participant_id)
    ).first()
