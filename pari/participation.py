"""What a stakeholder's phone may do: join a workshop and be recognised again.

A phone's identity is an opaque token in its link (``?p=``, 128 random bits,
stored only as a SHA-256 hash, valid for one workshop): it survives reloads,
locked screens and lost websockets (DESIGN section 7).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from pari import ratelimit
from pari.codes import hash_token, looks_like_token, new_participant_token, normalise_join_code
from pari.models import Participant, Workshop, WorkshopStatus
from pari.workshops import get_by_code


class JoinError(ValueError):
    """The code does not lead to an open workshop; the message is for the person."""


class UnknownCode(JoinError):
    pass


class WorkshopClosed(JoinError):
    pass


@dataclass(frozen=True)
class Joined:
    participant: Participant
    token: str  # shown once, in the phone's link; never stored


def join(*, session: Session, code: str | None, client_key: str) -> Joined:
    """A new participant for the workshop with this code.

    ``client_key`` identifies the asker for the wrong-code limit (an address or
    session id); wrong codes are counted in the database.
    """
    bucket = f"join:{client_key}"
    ratelimit.check(session=session, bucket=bucket, limit=ratelimit.JOIN_LIMIT)
    workshop = get_by_code(session=session, code=code)
    if workshop is None:
        if normalise_join_code(code) is not None or (code or "").strip():
            ratelimit.record_failure(session=session, bucket=bucket)
        raise UnknownCode("No workshop has this code. Please check it and try again.")
    if workshop.status is WorkshopStatus.CLOSED:
        raise WorkshopClosed("This workshop has ended. Thank you for taking part.")
    token = new_participant_token()
    participant = Participant(workshop_id=workshop.id, token_hash=hash_token(token))
    session.add(participant)
    session.flush()
    return Joined(participant=participant, token=token)


def participant_by_token(*, session: Session, token: str | None) -> Participant | None:
    if not looks_like_token(token):
        return None
    return session.exec(
        select(Participant).where(Participant.token_hash == hash_token(token))
    ).first()


def workshop_of(*, session: Session, participant: Participant) -> Workshop:
    return session.get(Workshop, participant.workshop_id)
