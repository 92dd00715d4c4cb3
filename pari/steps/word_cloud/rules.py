"""The word cloud on the phone: send an answer of one to three words, remove one's own.

``begin`` takes the workshop's write lock first (its version bump: a row lock on
PostgreSQL, the one writer on SQLite), so the count of a person's answers read after
it is exact however many sends race from one phone, and a resend with the same nonce
finds the row the first send stored."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from pari import steps
from pari.i18n import N_, N_plural
from pari.models import StepKind
from pari.phone.errors import InvalidInput, NotYours
from pari.phone.guards import add_once, begin, check_nonce, clean_text, open_step, sent_before
from pari.steps.word_cloud import words
from pari.steps.word_cloud.models import MAX_WORDS_TEXT, WordAnswer

ONLY_SMALL_WORDS = N_(
    "Small words such as “the” or “and” are left out of the cloud: please write a word "
    "that says more."
)


def check_answer(text: object) -> tuple[str, str]:
    """The answer as stored and its key, or ``InvalidInput``: one to three words, at
    most ``MAX_WORDS_TEXT`` characters, not only stop words."""
    cleaned = clean_text(text, max_len=MAX_WORDS_TEXT, multiline=False)
    if len(cleaned.split()) > words.MAX_WORDS:
        raise InvalidInput(N_("Please write one to three words."))
    key = words.key(cleaned)[:MAX_WORDS_TEXT]
    if not key:
        raise InvalidInput(ONLY_SMALL_WORDS)
    return cleaned, key


def send_word(
    *,
    session: Session,
    participant_id: int,
    step_id: int,
    text: str,
    client_nonce: str | None = None,
    on_paper: bool = False,
) -> WordAnswer:
    """Send one answer. A resend with the same ``client_nonce`` returns the first row.
    ``on_paper``: the facilitator types it in, so a full quota is said to them."""
    nonce = check_nonce(client_nonce)
    participant, workshop = begin(session, participant_id)
    existing = sent_before(session, WordAnswer, participant.id, nonce)
    if existing is not None:
        return existing
    step = open_step(session, participant, workshop, step_id, StepKind.WORD_CLOUD)
    cleaned, key = check_answer(text)
    limit = steps.config(step, workshop).max_answers
    sent = session.exec(
        select(func.count(WordAnswer.id)).where(
            WordAnswer.step_id == step.id, WordAnswer.participant_id == participant.id
        )
    ).one()
    if sent >= limit:
        raise InvalidInput(
            N_plural(
                "This person has sent the {n} answer the step takes.",
                "This person has sent the {n} answers the step takes.",
                limit,
            )
            if on_paper
            else N_plural(
                "You have sent {n} answer, all this step takes. Remove it to send another.",
                "You have sent {n} answers, all this step takes. Remove one to send another.",
                limit,
            ),
            n=limit,
        )
    answer = WordAnswer(
        step_id=step.id, participant_id=participant.id, text=cleaned, key=key, client_nonce=nonce
    )
    return add_once(session, answer)


def remove_word(*, session: Session, participant_id: int, answer_id: int) -> None:
    """Take back one's own answer while the step is open."""
    participant, workshop = begin(session, participant_id)
    answer = session.get(WordAnswer, answer_id)
    if answer is None or answer.participant_id != participant.id:
        raise NotYours()
    if answer.entered_by_user_id is not None:
        raise NotYours()
    open_step(session, participant, workshop, answer.step_id, StepKind.WORD_CLOUD)
    session.delete(answer)
    session.flush()


def my_words(*, session: Session, participant_id: int, step_id: int) -> list[WordAnswer]:
    """One's answers in this step, oldest first."""
    return list(
        session.exec(
            select(WordAnswer)
            .where(WordAnswer.step_id == step_id, WordAnswer.participant_id == participant_id)
            .order_by(WordAnswer.id)
        )
    )
