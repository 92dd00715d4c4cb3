"""What a stakeholder's phone may do: the rules phones are held to, checked on the server.

Every write is one short transaction: it checks the rules, writes, and moves the
workshop's ``version`` (``pari.versioning.bump``) so the presenter sees it. The
callers own the transaction (``pari.web.db()`` commits on success); a rule that
refuses raises a ``ParticipationError`` whose ``message`` is an English message
id the page translates (``err.text()``), so nothing here imports Streamlit.

Writes bump the version *before* their checks read what they guard: on SQLite
that UPDATE takes the database's write lock, so two taps of one phone are
serialised (the busy timeout waits); on PostgreSQL the ballot row is also locked
with ``SELECT ... FOR UPDATE``. The Ballot CHECK (spent <= budget) is the last
guard against racing taps either way.
"""

from __future__ import annotations

import math
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from pari import ratelimit, steps
from pari import text as text_module
from pari.codes import (
    device_participant_token,
    hash_token,
    looks_like_token,
    new_participant_token,
    normalise_join_code,
)
from pari.errors import PariError
from pari.i18n import N_
from pari.models import (
    LANGUAGES,
    MAX_CARD_TEXT,
    MAX_NAME,
    Assessment,
    Ballot,
    Commitment,
    CommitmentKind,
    CommitmentRole,
    Contribution,
    Participant,
    PollAnswer,
    Score,
    StakeholderGroup,
    Step,
    StepKind,
    StepState,
    Vote,
    Workshop,
    WorkshopStatus,
    utcnow,
)
from pari.steps.ideas import is_on_the_wall, on_the_wall
from pari.workshops import get_by_code

MAX_UNIT = 40
MAX_AMOUNT = 1e12
MAX_PLEDGE_YEARS = 20
_NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


# --- joining (DESIGN section 4 and 7) ----------------------------------------


class JoinError(PariError, ValueError):
    """The code does not lead to an open workshop, or this phone may not add a person."""


class UnknownCode(JoinError):
    default = N_("No workshop has this code. Please check it and try again.")


class WorkshopClosed(JoinError):
    default = N_("This workshop has ended. Thank you for taking part.")


@dataclass(frozen=True)
class Joined:
    participant: Participant
    token: str  # the phone's link; only its hash is stored
    returning: bool = False  # the same person again (this device joined before)


@dataclass(frozen=True)
class Device:
    """One browser, as its HttpOnly cookie names it, and the server's secret that
    derives its participants' tokens (``pari.codes.device_participant_token``)."""

    id: str
    key: str

    def token(self, workshop_id: int, seat: int) -> str:
        return device_participant_token(
            key=self.key, device=self.id, workshop_id=workshop_id, seat=seat
        )


MAX_SEATS = 6  # people who can take part from one shared phone in one workshop


class TooManyOnThisPhone(JoinError):
    default = N_("No more people can join on this phone.")


class JoinBurst(JoinError):
    """Too many new people from one browser session (or one address, without cookies)."""

    default = N_("Many people joined from this phone just now. Please wait a few minutes.")


def join(
    *,
    session: Session,
    code: str | None,
    client_key: str,
    address: str | None = None,
    device: Device | None = None,
) -> Joined:
    """The participant for this code and this phone: the one this device made before
    (its first person), or a new one.

    The code is looked up first: the right code is never refused by a wrong-code
    limit, so one person trying codes cannot lock a venue out (DESIGN section 4).
    Wrong codes are counted against ``client_key`` (the browser session) and, more
    loosely, ``address``. New participants are limited per browser session, and per
    address only for phones that carry no device cookie (a script, not a browser).
    """
    workshop = get_by_code(session=session, code=code)
    if workshop is None:
        buckets = [(f"join:{client_key}", ratelimit.JOIN_LIMIT)]
        if address:
            buckets.append((f"join-address:{address}", ratelimit.JOIN_ADDRESS_LIMIT))
        for bucket, limit in buckets:
            ratelimit.check(session=session, bucket=bucket, limit=limit)
        if normalise_join_code(code) is not None or (code or "").strip():
            for bucket, _limit in buckets:
                ratelimit.record(session=session, bucket=bucket)
        raise UnknownCode
    if workshop.status is WorkshopStatus.CLOSED:
        raise WorkshopClosed
    if device is not None:
        token = device.token(workshop.id, 0)
        known = participant_by_token(session=session, token=token)
        if known is not None:
            return Joined(participant=known, token=token, returning=True)
    return _new_participant(
        session=session,
        workshop_id=workshop.id,
        client_key=client_key,
        address=address,
        device=device,
        seat=0,
    )


def join_another(
    *,
    session: Session,
    participant_id: int,
    client_key: str,
    address: str | None = None,
    device: Device | None = None,
) -> Joined:
    """ "Someone else on this phone": the next person on a shared phone, by an explicit
    choice, counted apart for the facilitator (``Participant.seat``)."""
    me = _participant(session, participant_id)
    workshop = session.get(Workshop, me.workshop_id)
    if workshop is None or workshop.status is WorkshopStatus.CLOSED:
        raise WorkshopClosed
    if device is None:
        seat = me.seat + 1
    else:
        people = device_people(session=session, workshop_id=me.workshop_id, device=device)
        taken = {p.seat for p in people}
        seat = next((n for n in range(1, MAX_SEATS) if n not in taken), MAX_SEATS)
    if seat >= MAX_SEATS:
        raise TooManyOnThisPhone
    return _new_participant(
        session=session,
        workshop_id=me.workshop_id,
        client_key=client_key,
        address=address,
        device=device,
        seat=seat,
    )


def device_people(*, session: Session, workshop_id: int, device: Device) -> list[Participant]:
    """The people who took part from this device in this workshop, first person first."""
    hashes = {hash_token(device.token(workshop_id, seat)): seat for seat in range(MAX_SEATS)}
    found = session.exec(
        select(Participant).where(
            Participant.workshop_id == workshop_id, Participant.token_hash.in_(list(hashes))
        )
    ).all()
    return sorted(found, key=lambda p: hashes[p.token_hash])


def _new_participant(
    *,
    session: Session,
    workshop_id: int,
    client_key: str,
    address: str | None,
    device: Device | None,
    seat: int,
) -> Joined:
    buckets = [(f"new-person:{client_key}", ratelimit.NEW_PER_SESSION)]
    if device is None and address:
        buckets.append((f"new-person-nodevice:{address}", ratelimit.NEW_PER_ADDRESS_NO_DEVICE))
    try:
        for bucket, limit in buckets:
            ratelimit.check(session=session, bucket=bucket, limit=limit)
    except ratelimit.RateLimited as limited:
        raise JoinBurst from limited
    token = new_participant_token() if device is None else device.token(workshop_id, seat)
    participant = Participant(workshop_id=workshop_id, token_hash=hash_token(token), seat=seat)
    try:
        with session.begin_nested():  # the same phone joining twice at once: one person
            session.add(participant)
            session.flush()
    except IntegrityError:
        known = participant_by_token(session=session, token=token)
        if known is None:
            raise
        return Joined(participant=known, token=token, returning=True)
    for bucket, _limit in buckets:
        ratelimit.record(session=session, bucket=bucket)
    return Joined(participant=participant, token=token)


def participant_by_token(*, session: Session, token: str | None) -> Participant | None:
    if not looks_like_token(token):
        return None
    return session.exec(
        select(Participant).where(Participant.token_hash == hash_token(token))
    ).first()


def workshop_of(*, session: Session, participant: Participant) -> Workshop:
    return session.get(Workshop, participant.workshop_id)


# --- errors -------------------------------------------------------------------


class ParticipationError(PariError, ValueError):
    """A rule refused what the phone sent (pari.errors): a short message for the person."""

    default = N_("This could not be saved. Please try again.")


class StepClosed(ParticipationError):
    default = N_("This step is closed: the facilitator has moved on. Nothing was changed.")


class WorkshopEnded(ParticipationError):
    default = N_("This workshop has ended. Thank you for taking part.")


class NotCheckedIn(ParticipationError):
    default = N_("Please first say which group you speak for.")


class BudgetExceeded(ParticipationError):
    default = N_("You have no dots left. Take a dot from another card first.")


class CapExceeded(ParticipationError):
    default = N_("At most {cap} dots on one card.")


class HiddenCard(ParticipationError):
    default = N_("This card is no longer in the vote.")


class NotYours(ParticipationError):
    default = N_("You can only change what you wrote yourself.")


class InvalidInput(ParticipationError):
    default = N_("Please check what you entered.")


# --- text from a phone is hostile (DESIGN section 6) ----------------------------


def clean_text(
    raw: object,
    *,
    max_len: int,
    required: bool = True,
    multiline: bool = True,
) -> str:
    """Text as stored (``pari.text.clean``), its refusals worded for the phone.

    Anything but control and bidi-override characters (emoji, right-to-left
    script, HTML, Markdown, formulas) is kept as written and shown as plain text.
    """
    try:
        return text_module.clean(raw, max_len=max_len, required=required, multiline=multiline)
    except text_module.NotText:
        raise InvalidInput() from None
    except text_module.TextMissing:
        raise InvalidInput(N_("Please write something first.")) from None
    except text_module.TextTooLong as err:
        raise InvalidInput(
            N_("That is too long: at most {max} characters, you have {length}."),
            max=err.limit,
            length=err.length,
        ) from None


def check_nonce(nonce: str | None) -> str | None:
    if nonce is None:
        return None
    if not isinstance(nonce, str) or not _NONCE_RE.match(nonce):
        raise InvalidInput()
    return nonce


# --- loading and guarding -----------------------------------------------------


def _participant(session: Session, participant_id: int) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None:
        raise InvalidInput(N_("This link is no longer valid. Please join again."))
    return participant


def _begin(session: Session, participant_id: int) -> tuple[Participant, Workshop]:
    """Start a write: take the workshop's write lock (the version bump), load who and where.

    Two statements: the bump finds the workshop through the participant, then one
    read loads both (a tap is the hot path of a room, DESIGN section 7)."""
    workshop_id = (
        select(Participant.workshop_id).where(Participant.id == participant_id).scalar_subquery()
    )
    # What pari.versioning.bump does, addressed through the participant.
    session.exec(
        update(Workshop)
        .where(Workshop.id == workshop_id)
        .values(version=Workshop.version + 1, updated_at=utcnow())
    )
    session.expire_all()
    row = session.exec(
        select(Participant, Workshop)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(Participant.id == participant_id)
    ).first()
    if row is None:
        raise InvalidInput(N_("This link is no longer valid. Please join again."))
    participant, workshop = row
    if workshop.status is WorkshopStatus.CLOSED:
        raise WorkshopEnded()
    return participant, workshop


def is_open(workshop: Workshop, step: Step | None) -> bool:
    """Phones may write to a step only while it is current and open (DESIGN section 2)."""
    return (
        step is not None
        and workshop.status is WorkshopStatus.LIVE
        and workshop.current_step_id == step.id
        and step.state is StepState.OPEN
    )


def _open_step(
    session: Session, participant: Participant, workshop: Workshop, step_id: int, kind: StepKind
) -> Step:
    if participant.checked_in_at is None or participant.group is None:
        raise NotCheckedIn()
    step = session.get(Step, step_id)
    if step is None or step.workshop_id != workshop.id:
        raise StepClosed()
    if step.kind is not kind:
        raise StepClosed()
    if not is_open(workshop, step):
        raise StepClosed()
    return step


def _votable_card(session: Session, step: Step, card_id: object) -> Contribution:
    if isinstance(card_id, bool) or not isinstance(card_id, int):
        raise HiddenCard()
    card = session.get(Contribution, card_id)
    if card is None or not _in_pool(step, card):
        raise HiddenCard()
    return card


def _in_pool(step: Step, card: Contribution) -> bool:
    chosen = _chosen_ids(step)
    return (
        step.source_step_id is not None
        and card.step_id == step.source_step_id
        and is_on_the_wall(card)
        and (chosen is None or card.id in chosen)
    )


def _stamp(participant: Participant) -> None:
    participant.last_seen_at = utcnow()


# --- check-in and language ----------------------------------------------------


def check_in(
    *,
    session: Session,
    participant_id: int,
    group: StakeholderGroup | str,
    name: str | None = None,
    organisation: str | None = None,
    place: str | None = None,
    consent: bool,
) -> Participant:
    """Say which group one speaks for (again, to change it): one participant, edited."""
    try:
        group = StakeholderGroup(group)
    except ValueError:
        raise InvalidInput(N_("Please choose the group you speak for.")) from None
    if consent is not True:
        raise InvalidInput(N_("Please agree to how your answers are used, or ask the facilitator."))
    clean = {
        "name": clean_text(name, max_len=MAX_NAME, required=False, multiline=False),
        "organisation": clean_text(organisation, max_len=MAX_NAME, required=False, multiline=False),
        "place": clean_text(place, max_len=MAX_NAME, required=False, multiline=False),
    }
    participant, _workshop = _begin(session, participant_id)
    participant.group = group
    for key, value in clean.items():
        setattr(participant, key, value)
    participant.consented = True
    participant.checked_in_at = participant.checked_in_at or utcnow()
    _stamp(participant)
    session.add(participant)
    session.flush()
    return participant


def set_language(*, session: Session, participant_id: int, language: str) -> Participant:
    if language not in LANGUAGES:
        raise InvalidInput()
    participant = _participant(session, participant_id)
    participant.language = language
    session.add(participant)
    session.flush()
    return participant


# --- ideas: cards -------------------------------------------------------------


def add_card(
    *,
    session: Session,
    participant_id: int,
    step_id: int,
    text: str,
    category: str | None = None,
    client_nonce: str | None = None,
) -> Contribution:
    """Write a card. A resend with the same ``client_nonce`` returns the first card."""
    nonce = check_nonce(client_nonce)
    if nonce is not None:
        existing = _card_by_nonce(session, participant_id, nonce)
        if existing is not None:
            return existing
    text = clean_text(text, max_len=MAX_CARD_TEXT)
    participant, workshop = _begin(session, participant_id)
    step = _open_step(session, participant, workshop, step_id, StepKind.IDEAS)
    category = _check_category(step, category)
    card = Contribution(
        workshop_id=workshop.id,
        step_id=step.id,
        participant_id=participant.id,
        text=text,
        category=category,
        client_nonce=nonce,
    )
    session.add(card)
    try:
        session.flush()
    except IntegrityError:
        # The same nonce stored by a racing resend: that card is this card.
        session.rollback()
        existing = _card_by_nonce(session, participant_id, nonce) if nonce else None
        if existing is None:
            raise
        return existing
    return card


def _card_by_nonce(session: Session, participant_id: int, nonce: str) -> Contribution | None:
    return session.exec(
        select(Contribution).where(
            Contribution.participant_id == participant_id, Contribution.client_nonce == nonce
        )
    ).first()


def _check_category(step: Step, category: str | None) -> str:
    allowed = steps.config(step).categories
    if not allowed:
        return ""
    if category not in allowed:
        raise InvalidInput(N_("Please choose a category."))
    return category


def _own_open_card(session: Session, participant_id: int, card_id: int) -> Contribution:
    participant, workshop = _begin(session, participant_id)
    card = session.get(Contribution, card_id)
    if card is None or card.workshop_id != workshop.id:
        raise NotYours()
    if card.participant_id != participant.id or card.entered_by_user_id is not None:
        raise NotYours()
    _open_step(session, participant, workshop, card.step_id, StepKind.IDEAS)
    if card.withdrawn or card.merged_into_id is not None:
        raise InvalidInput(N_("This card was already taken off the wall."))
    return card


def edit_card(
    *,
    session: Session,
    participant_id: int,
    card_id: int,
    text: str,
    category: str | None = None,
) -> Contribution:
    text = clean_text(text, max_len=MAX_CARD_TEXT)
    card = _own_open_card(session, participant_id, card_id)
    if card.hidden:
        raise HiddenCard(N_("The facilitator has hidden this card; it cannot be changed."))
    step = session.get(Step, card.step_id)
    card.text = text
    card.category = _check_category(step, category)
    card.updated_at = utcnow()
    session.add(card)
    session.flush()
    return card


def withdraw_card(*, session: Session, participant_id: int, card_id: int) -> Contribution:
    card = _own_open_card(session, participant_id, card_id)
    card.withdrawn = True
    card.updated_at = utcnow()
    session.add(card)
    session.flush()
    return card


# --- dot vote -----------------------------------------------------------------


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
    participant, workshop = _begin(session, participant_id)
    step = _open_step(session, participant, workshop, step_id, StepKind.DOT_VOTE)
    try:
        card_id = _votable_card(session, step, card_id).id
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


# --- matrix -------------------------------------------------------------------


def score(
    *,
    session: Session,
    participant_id: int,
    step_id: int,
    card_id: int,
    criterion: int,
    value: int | None,
) -> Score | None:
    """Score one card on one criterion 1-5 (``None`` takes the score back)."""
    if criterion not in (0, 1) or isinstance(criterion, bool):
        raise InvalidInput()
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5
    ):
        raise InvalidInput(N_("Please choose from 1 to 5."))
    participant, workshop = _begin(session, participant_id)
    step = _open_step(session, participant, workshop, step_id, StepKind.MATRIX)
    card = _votable_card(session, step, card_id)
    row = session.exec(
        select(Score).where(
            Score.step_id == step.id,
            Score.participant_id == participant.id,
            Score.contribution_id == card.id,
            Score.criterion == criterion,
        )
    ).first()
    if value is None:
        if row is not None:
            session.delete(row)
        session.flush()
        return None
    if row is None:
        row = Score(
            step_id=step.id,
            participant_id=participant.id,
            contribution_id=card.id,
            criterion=criterion,
            value=value,
        )
    row.value = value
    session.add(row)
    session.flush()
    return row


def my_scores(*, session: Session, participant_id: int, step_id: int) -> dict[tuple[int, int], int]:
    rows = session.exec(
        select(Score.contribution_id, Score.criterion, Score.value).where(
            Score.step_id == step_id, Score.participant_id == participant_id
        )
    ).all()
    return {(cid, crit): value for cid, crit, value in rows}


# --- poll ---------------------------------------------------------------------


def answer_poll(
    *, session: Session, participant_id: int, step_id: int, options: Sequence[int]
) -> list[int]:
    """Replace one's answer: one option, or several if the step allows (empty clears)."""
    chosen = sorted(set(options))
    participant, workshop = _begin(session, participant_id)
    step = _open_step(session, participant, workshop, step_id, StepKind.POLL)
    settings = steps.config(step)
    count = len(settings.options)
    if any(isinstance(o, bool) or not isinstance(o, int) or not 0 <= o < count for o in chosen):
        raise InvalidInput(N_("This answer is not one of the options."))
    if len(chosen) > 1 and not settings.multiple:
        raise InvalidInput(N_("Please choose one answer."))
    old = session.exec(
        select(PollAnswer).where(
            PollAnswer.step_id == step.id, PollAnswer.participant_id == participant.id
        )
    ).all()
    keep = {a.option for a in old}
    for answer in old:
        if answer.option not in chosen:
            session.delete(answer)
    for option in chosen:
        if option not in keep:
            session.add(PollAnswer(step_id=step.id, participant_id=participant.id, option=option))
    session.flush()
    return chosen


def my_poll_answer(*, session: Session, participant_id: int, step_id: int) -> list[int]:
    return sorted(
        session.exec(
            select(PollAnswer.option).where(
                PollAnswer.step_id == step_id, PollAnswer.participant_id == participant_id
            )
        ).all()
    )


# --- assessment ---------------------------------------------------------------

UNRATED = object()  # a dimension with no row yet (as opposed to None, "don't know")


def rate(
    *,
    session: Session,
    participant_id: int,
    step_id: int,
    ratings: Mapping[str, int | None],
) -> dict[str, int | None]:
    """Rate readiness dimensions 0-10, or ``None`` for "don't know" (left out of averages)."""
    participant, workshop = _begin(session, participant_id)
    step = _open_step(session, participant, workshop, step_id, StepKind.ASSESSMENT)
    known = steps.config(step).dimensions
    for key, value in ratings.items():
        if key not in known:
            raise InvalidInput(N_("This question is not part of the assessment."))
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10
        ):
            raise InvalidInput(N_("Please choose from 0 to 10, or “don't know”."))
    rows = {
        a.dimension: a
        for a in session.exec(
            select(Assessment).where(
                Assessment.step_id == step.id, Assessment.participant_id == participant.id
            )
        ).all()
    }
    for key, value in ratings.items():
        row = rows.get(key) or Assessment(
            step_id=step.id, participant_id=participant.id, dimension=key
        )
        row.value = value
        session.add(row)
    session.flush()
    return dict(ratings)


def my_ratings(*, session: Session, participant_id: int, step_id: int) -> dict[str, int | None]:
    rows = session.exec(
        select(Assessment.dimension, Assessment.value).where(
            Assessment.step_id == step_id, Assessment.participant_id == participant_id
        )
    ).all()
    return {key: value for key, value in rows}


# --- commitments --------------------------------------------------------------


def pledge(
    *,
    session: Session,
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
    client_nonce: str | None = None,
    today: date | None = None,
) -> Commitment:
    """Pledge to a priority (a card of the source step, or free text). Idempotent by nonce."""
    nonce = check_nonce(client_nonce)
    if nonce is not None:
        existing = _pledge_by_nonce(session, participant_id, nonce)
        if existing is not None:
            return existing
    try:
        role = CommitmentRole(role)
    except ValueError:
        raise InvalidInput(N_("Please say if you lead or support.")) from None
    try:
        kind = CommitmentKind(kind)
    except ValueError:
        raise InvalidInput(N_("Please choose what kind of help you offer.")) from None
    what = clean_text(what, max_len=MAX_CARD_TEXT)
    priority_text = clean_text(priority_text, max_len=MAX_CARD_TEXT, required=False)
    unit = clean_text(unit, max_len=MAX_UNIT, required=False, multiline=False)
    if amount is not None:
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            raise InvalidInput(N_("The amount must be a number."))
        amount = float(amount)
        if not math.isfinite(amount) or amount < 0:
            raise InvalidInput(N_("The amount cannot be negative."))
        if amount > MAX_AMOUNT:
            raise InvalidInput(N_("The amount is too large."))
    today = today or date.today()
    if by_when is not None:
        if not isinstance(by_when, date):
            raise InvalidInput(N_("Please choose a date."))
        if by_when < today:
            raise InvalidInput(N_("The date is in the past. Please choose today or later."))
        if by_when > today + timedelta(days=366 * MAX_PLEDGE_YEARS):
            raise InvalidInput(N_("The date is too far away."))
    participant, workshop = _begin(session, participant_id)
    step = _open_step(session, participant, workshop, step_id, StepKind.COMMITMENTS)
    if contribution_id is not None:
        _votable_card(session, step, contribution_id)
        priority_text = ""
    elif not priority_text:
        raise InvalidInput(N_("Please choose the priority you pledge to, or write it."))
    commitment = Commitment(
        workshop_id=workshop.id,
        step_id=step.id,
        participant_id=participant.id,
        contribution_id=contribution_id,
        priority_text=priority_text,
        role=role,
        kind=kind,
        what=what,
        amount=amount,
        unit=unit,
        by_when=by_when,
        client_nonce=nonce,
    )
    session.add(commitment)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        existing = _pledge_by_nonce(session, participant_id, nonce) if nonce else None
        if existing is None:
            raise
        return existing
    return commitment


def _pledge_by_nonce(session: Session, participant_id: int, nonce: str) -> Commitment | None:
    return session.exec(
        select(Commitment).where(
            Commitment.participant_id == participant_id, Commitment.client_nonce == nonce
        )
    ).first()


def withdraw_pledge(*, session: Session, participant_id: int, commitment_id: int) -> Commitment:
    participant, workshop = _begin(session, participant_id)
    commitment = session.get(Commitment, commitment_id)
    if commitment is None or commitment.participant_id != participant.id:
        raise NotYours()
    _open_step(session, participant, workshop, commitment.step_id, StepKind.COMMITMENTS)
    commitment.withdrawn = True
    commitment.updated_at = utcnow()
    session.add(commitment)
    session.flush()
    return commitment


def my_pledges(*, session: Session, participant_id: int, step_id: int) -> list[Commitment]:
    return list(
        session.exec(
            select(Commitment)
            .where(
                Commitment.participant_id == participant_id,
                Commitment.step_id == step_id,
                Commitment.withdrawn == False,  # noqa: E712 - SQL expression
            )
            .order_by(Commitment.id)
        ).all()
    )


# --- what a phone reads -------------------------------------------------------


@dataclass(frozen=True)
class PhoneView:
    """What one phone draws: who, where, and the step it follows."""

    participant: Participant
    workshop: Workshop
    step: Step | None

    @property
    def checked_in(self) -> bool:
        return self.participant.checked_in_at is not None and self.participant.group is not None

    @property
    def is_open(self) -> bool:
        return is_open(self.workshop, self.step)


def phone_view(*, session: Session, participant_id: int) -> PhoneView:
    """One read of who, where and the current step. A single statement sees one
    snapshot, so the workshop's stage_version is never older than the step drawn
    (a change after it costs one more rerun, never a missed one)."""
    row = session.exec(
        select(Participant, Workshop, Step)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .outerjoin(Step, and_(Step.id == Workshop.current_step_id, Step.workshop_id == Workshop.id))
        .where(Participant.id == participant_id)
    ).first()
    if row is None:
        raise InvalidInput(N_("This link is no longer valid. Please join again."))
    participant, workshop, step = row
    return PhoneView(participant=participant, workshop=workshop, step=step)


def _chosen_ids(step: Step) -> tuple[int, ...] | None:
    """The facilitator's choice of cards for a step, or None for every visible card."""
    return getattr(steps.config(step), "card_ids", ()) or None


def step_cards(*, session: Session, step: Step) -> list[Contribution]:
    """The cards a vote, matrix or commitments step offers: visible cards of its source step.

    The whole pool rule of ``_in_pool`` is in the query (a chosen subset too), so a
    300-card wall is not loaded to offer 20 of them."""
    if step.source_step_id is None:
        return []
    query = select(Contribution).where(Contribution.step_id == step.source_step_id, on_the_wall())
    chosen = _chosen_ids(step)
    if chosen is not None:
        query = query.where(Contribution.id.in_(chosen))
    return list(session.exec(query.order_by(Contribution.category, Contribution.id)).all())


@dataclass(frozen=True)
class OfferedCard:
    """What a phone draws of a card it votes on: no author, nothing to lazy-load."""

    id: int
    text: str
    category: str | None


_OFFERED_LIMIT = 64  # (step, version) entries kept per database
_offered_lock = threading.Lock()
_offered: weakref.WeakKeyDictionary[Any, OrderedDict[tuple[int, int], tuple[OfferedCard, ...]]]
_offered = weakref.WeakKeyDictionary()


def offered_cards(*, session: Session, step: Step, stage_version: int) -> tuple[OfferedCard, ...]:
    """``step_cards`` as plain values, read once per (step, ``stage_version``) and shared.

    Every phone of a workshop draws the same cards: one read serves them all.
    ``stage_version`` moves with every change to what phones show (a card hidden,
    merged or restored, a step's card choice, a step opened; ``pari.versioning``),
    and a pool's cards cannot change otherwise: its source step is not the current
    one, so phones cannot write to it. Kept per engine, so two databases never mix.
    """
    engine = session.get_bind()
    key = (step.id, stage_version)
    with _offered_lock:
        per_db = _offered.get(engine)
        hit = per_db.get(key) if per_db is not None else None
    if hit is not None:
        return hit
    cards = tuple(
        OfferedCard(id=c.id, text=c.text, category=c.category)
        for c in step_cards(session=session, step=step)
    )
    with _offered_lock:
        per_db = _offered.setdefault(engine, OrderedDict())
        per_db[key] = cards
        while len(per_db) > _OFFERED_LIMIT:
            per_db.popitem(last=False)
    return cards


def my_cards(*, session: Session, participant_id: int, step_id: int) -> list[Contribution]:
    return list(
        session.exec(
            select(Contribution)
            .where(
                Contribution.participant_id == participant_id,
                Contribution.step_id == step_id,
                Contribution.withdrawn == False,  # noqa: E712
                Contribution.merged_into_id.is_(None),
            )
            .order_by(Contribution.id)
        ).all()
    )


def stage_version(*, session: Session, workshop_id: int) -> int:
    return session.exec(select(Workshop.stage_version).where(Workshop.id == workshop_id)).one()


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
