"""The facilitator's side of a word cloud: hide a word from the cloud (its answers stay
stored and exported, flagged hidden) or show it again, and type in a paper answer.

As ``pari.moderation``: every service checks that the user may run the workshop and
moves the workshop's version in the same transaction, so the presenter (and a phone's
revealed ranking, keyed on the stage version) shows the change at its next tick."""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session

from pari import versioning
from pari.accounts import AuthUser
from pari.i18n import N_
from pari.models import Participant, Step, StepKind, Workshop
from pari.moderation import moderated_step
from pari.permissions import can_run_workshop, require
from pari.steps.word_cloud import results, rules
from pari.steps.word_cloud.models import MAX_WORDS_TEXT, HiddenWord, WordAnswer
from pari.workshops import InvalidInput


def _step(session: Session, user: AuthUser, step_id: int) -> Step:
    return moderated_step(session, user, step_id, StepKind.WORD_CLOUD)[0]


def word_list(*, session: Session, user: AuthUser, step_id: int) -> pd.DataFrame:
    """Every word of the step by answers, hidden ones too (``results.moderation_list``)."""
    _step(session, user, step_id)
    return results.moderation_list(session=session, step_id=step_id)


def hide_word(*, session: Session, user: AuthUser, step_id: int, key: str) -> None:
    """Take a word (its key) off the cloud; hiding it twice is once."""
    step = _step(session, user, step_id)
    if not isinstance(key, str) or not key or len(key) > MAX_WORDS_TEXT:
        raise InvalidInput(N_("No such word."))
    if session.get(HiddenWord, (step.id, key)) is None:
        session.add(HiddenWord(step_id=step.id, key=key, user_id=user.id))
        session.flush()
    versioning.bump(session, step.workshop_id, stage=True)


def show_word(*, session: Session, user: AuthUser, step_id: int, key: str) -> None:
    """Put a hidden word back on the cloud."""
    step = _step(session, user, step_id)
    hidden = session.get(HiddenWord, (step.id, key)) if isinstance(key, str) else None
    if hidden is not None:
        session.delete(hidden)
        session.flush()
    versioning.bump(session, step.workshop_id, stage=True)


def add_paper_word(
    *, session: Session, user: AuthUser, participant_id: int, step_id: int, text: str
) -> WordAnswer:
    """An answer written on paper, typed in by the facilitator: the phone's rules apply
    (open step, one to three words, the limit per person)."""
    participant = session.get(Participant, participant_id)
    if participant is None or participant.entered_by_user_id is None:
        raise InvalidInput(N_("Paper input is entered for a paper participant only."))
    workshop = session.get(Workshop, participant.workshop_id)
    require(can_run_workshop(session=session, user=user, workshop=workshop))
    answer = rules.send_word(
        session=session,
        participant_id=participant_id,
        step_id=step_id,
        text=text,
        on_paper=True,
    )
    answer.entered_by_user_id = user.id
    session.add(answer)
    session.flush()
    return answer
