"""Questions on the phone: ask, upvote (a second tap takes it back), take one's own
question back. What a phone lists is read in ``listing``.

Every write starts with ``begin`` (the workshop's version bump): it serialises the
writes of one workshop (SQLite's write lock, PostgreSQL's row lock on the workshop),
and an upvote is a row whose primary key is (question, person), so counts are counted,
never kept, and stay exact however many phones tap at once."""

from __future__ import annotations

from sqlmodel import Session

from pari import steps
from pari.i18n import N_
from pari.models import MAX_CARD_TEXT, StepKind, utcnow
from pari.phone.errors import InvalidInput, NotYours
from pari.phone.guards import add_once, begin, check_nonce, clean_text, open_step, sent_before
from pari.steps.questions import VISIBLE
from pari.steps.questions.models import Question, QuestionStatus, QuestionUpvote

MAX_QUESTION = MAX_CARD_TEXT  # 500 characters, as a card


class NotOffered(InvalidInput):
    default = N_("This question is no longer on the list.")


def ask(
    *,
    session: Session,
    participant_id: int,
    step_id: int,
    text: str,
    show_name: bool = False,
    client_nonce: str | None = None,
) -> Question:
    """Send a question: waiting for approval where the step asks for it, else shown.
    A resend with the same ``client_nonce`` returns the first question."""
    nonce = check_nonce(client_nonce)
    existing = sent_before(session, Question, participant_id, nonce)
    if existing is not None:
        return existing
    if not isinstance(show_name, bool):
        raise InvalidInput()
    text = clean_text(text, max_len=MAX_QUESTION)
    participant, workshop = begin(session, participant_id)
    step = open_step(session, participant, workshop, step_id, StepKind.QUESTIONS)
    settings = steps.config(step)
    question = Question(
        workshop_id=workshop.id,
        step_id=step.id,
        participant_id=participant.id,
        text=text,
        show_name=show_name and settings.names,  # names off: every question anonymous
        status=QuestionStatus.PENDING if settings.moderated else QuestionStatus.SHOWN,
        client_nonce=nonce,
    )
    return add_once(session, question)


def upvote(
    *, session: Session, participant_id: int, question_id: int, on: bool | None = None
) -> bool:
    """Upvote a question (``on`` True), take the upvote back (False), or toggle (None);
    returns whether this person's upvote now stands. Setting the state rather than
    toggling makes a resent tap harmless: the phone sends the state it shows.

    Only a question the room sees (shown or answered), of the current open step, never
    one's own; an upvote may be taken back whatever became of the question."""
    if isinstance(question_id, bool) or not isinstance(question_id, int):
        raise NotOffered()
    if on is not None and not isinstance(on, bool):
        raise InvalidInput()
    participant, workshop = begin(session, participant_id)
    question = session.get(Question, question_id)
    if question is None or question.workshop_id != workshop.id:
        raise NotOffered()
    open_step(session, participant, workshop, question.step_id, StepKind.QUESTIONS)
    mine = session.get(QuestionUpvote, (question.id, participant.id))
    wanted = (mine is None) if on is None else on
    if not wanted:
        if mine is not None:
            session.delete(mine)
            session.flush()
        return False
    if question.participant_id == participant.id:
        raise InvalidInput(N_("This is your own question: upvote the others'."))
    if question.status not in VISIBLE:
        raise NotOffered()
    if mine is None:
        session.add(
            QuestionUpvote(
                question_id=question.id, participant_id=participant.id, step_id=question.step_id
            )
        )
        session.flush()
    return True


def withdraw(*, session: Session, participant_id: int, question_id: int) -> None:
    """Take one's own question back, unless the panel has taken it up already (pinned or
    answered): it leaves every list, and stays in the export marked withdrawn."""
    if isinstance(question_id, bool) or not isinstance(question_id, int):
        raise NotYours()
    participant, workshop = begin(session, participant_id)
    question = session.get(Question, question_id)
    if question is None or question.workshop_id != workshop.id:
        raise NotYours()
    if question.participant_id != participant.id or question.entered_by_user_id is not None:
        raise NotYours()
    open_step(session, participant, workshop, question.step_id, StepKind.QUESTIONS)
    if question.pinned_at is not None or question.status is QuestionStatus.ANSWERED:
        raise InvalidInput(N_("The panel has taken up this question: it stays."))
    question.status = QuestionStatus.WITHDRAWN
    question.updated_at = utcnow()
    session.add(question)
    session.flush()
