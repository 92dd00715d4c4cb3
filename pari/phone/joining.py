"""Joining a workshop from a phone (DESIGN section 4 and 7): the code, the device that
names a phone, the people who share one, and the language a person reads in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from pari import ratelimit
from pari.codes import (
    device_participant_token,
    hash_token,
    looks_like_token,
    new_participant_token,
    normalise_join_code,
)
from pari.errors import PariError
from pari.i18n import N_, format_datetime
from pari.models import LANGUAGES, Participant, Workshop, WorkshopStatus
from pari.phone.errors import InvalidInput
from pari.phone.guards import load_participant
from pari.workshops import get_by_code
from pari.workshops.window import WindowStatus, window_open, window_state


class JoinError(PariError, ValueError):
    """The code does not lead to an open workshop, or this phone may not add a person."""


class UnknownCode(JoinError):
    default = N_("No workshop has this code. Please check it and try again.")


class WorkshopClosed(JoinError):
    default = N_("This workshop has ended. Thank you for taking part.")


class WindowNotOpenYet(JoinError):
    """A closed workshop whose self-paced window opens later (issue 21)."""

    default = N_(
        "This workshop has ended, but you can answer at your own pace from {opens} until "
        "{closes}. Come back then with the same code."
    )


def _refuse_closed(workshop: Workshop) -> None:
    """Why a closed workshop lets nobody in now: ended, or its window not open yet."""
    state = window_state(workshop)
    if state.status is WindowStatus.UPCOMING:
        raise WindowNotOpenYet(
            opens=format_datetime(state.opens_local), closes=format_datetime(state.closes_local)
        )
    raise WorkshopClosed


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
    if workshop.status is WorkshopStatus.CLOSED and not window_open(workshop):
        _refuse_closed(workshop)  # a closed workshop lets people in during its window only
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
    me = load_participant(session, participant_id)
    workshop = session.get(Workshop, me.workshop_id)
    if workshop is None or (workshop.status is WorkshopStatus.CLOSED and not window_open(workshop)):
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


def set_language(*, session: Session, participant_id: int, language: str) -> Participant:
    if language not in LANGUAGES:
        raise InvalidInput()
    participant = load_participant(session, participant_id)
    participant.language = language
    session.add(participant)
    session.flush()
    return participant


def set_larger_text(*, session: Session, participant_id: int, on: bool) -> Participant:
    """The phone's larger text (issue 20), stored for this person: a reload or the link
    opened again keeps it, and another person on the same phone starts without it.
    Only a real yes or no is taken (a modified page could send anything)."""
    if type(on) is not bool:
        raise InvalidInput()
    participant = load_participant(session, participant_id)
    participant.larger_text = on
    session.add(participant)
    session.flush()
    return participant
