"""The facilitator's hand on a questions step (run page): approve, pin the question
being answered, unpin, mark answered, hide, show again; and a question from paper.

Each checks that the person may run the workshop (``pari.permissions``, as
``pari.moderation`` does) and moves the workshop's version, so the presenter shows
the change at its next tick. Hiding also moves the stage version: a hidden question
leaves every phone at once. Nothing is deleted: a hidden question stays stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, select

from pari import versioning
from pari.accounts import AuthUser
from pari.i18n import N_
from pari.models import Participant, Step, Workshop, utcnow
from pari.permissions import can_run_workshop, require
from pari.steps.questions.models import Question, QuestionStatus, QuestionUpvote
from pari.steps.questions.rules import ask
from pari.workshops import InvalidInput, NotFound


def _question(session: Session, user: AuthUser, question_id: int) -> Question:
    question = session.get(Question, question_id) if isinstance(question_id, int) else None
    if question is None:
        raise NotFound(N_("No such question."))
    workshop = session.get(Workshop, question.workshop_id)
    require(
        can_run_workshop(session=session, user=user, workshop=workshop),
        N_("You may not moderate this workshop."),
    )
    return question


def _save(session: Session, question: Question, *, stage: bool = False) -> Question:
    question.updated_at = utcnow()
    session.add(question)
    session.flush()
    versioning.bump(session, question.workshop_id, stage=stage)
    return question


def approve(*, session: Session, user: AuthUser, question_id: int) -> Question:
    """A waiting question goes on show."""
    question = _question(session, user, question_id)
    if question.status is not QuestionStatus.PENDING:
        raise InvalidInput(N_("This question is not waiting for approval."))
    question.status = QuestionStatus.SHOWN
    return _save(session, question)


def pin(*, session: Session, user: AuthUser, question_id: int) -> Question:
    """Pin as "now being answered": one at a time, so any other pinned question of the
    step is unpinned (and, should two pins race, the newest ``pinned_at`` wins)."""
    question = _question(session, user, question_id)
    if question.status is QuestionStatus.HIDDEN:
        raise InvalidInput(N_("A hidden question cannot be pinned: show it again first."))
    session.exec(
        update(Question)
        .where(
            Question.step_id == question.step_id,
            Question.id != question.id,
            Question.pinned_at.is_not(None),
        )
        .values(pinned_at=None, updated_at=utcnow())
    )
    question.status = QuestionStatus.SHOWN  # pinning approves a waiting one
    question.pinned_at = utcnow()
    return _save(session, question)


def unpin(*, session: Session, user: AuthUser, question_id: int) -> Question:
    question = _question(session, user, question_id)
    question.pinned_at = None
    return _save(session, question)


def mark_answered(*, session: Session, user: AuthUser, question_id: int) -> Question:
    """Answered: it stays on the list, marked, and is no longer pinned."""
    question = _question(session, user, question_id)
    if question.status is QuestionStatus.HIDDEN:
        raise InvalidInput(N_("A hidden question cannot be marked answered: show it again first."))
    question.status = QuestionStatus.ANSWERED
    question.pinned_at = None
    return _save(session, question)


def hide(*, session: Session, user: AuthUser, question_id: int) -> Question:
    """Off the wall and off every phone at once (its asker no longer sees it either);
    kept stored, with its upvotes, for ``show_again``."""
    question = _question(session, user, question_id)
    question.status = QuestionStatus.HIDDEN
    question.pinned_at = None
    return _save(session, question, stage=True)


def show_again(*, session: Session, user: AuthUser, question_id: int) -> Question:
    """A hidden (or answered) question back on the list, open."""
    question = _question(session, user, question_id)
    if question.status not in (QuestionStatus.HIDDEN, QuestionStatus.ANSWERED):
        raise InvalidInput(N_("This question is already on the list."))
    question.status = QuestionStatus.SHOWN
    return _save(session, question)


# --- the run page's list -------------------------------------------------------------------


@dataclass(frozen=True)
class RunQuestion:
    id: int
    number: int  # its place in the order the step's questions were asked: 1, 2, 3 ...
    text: str
    status: QuestionStatus
    pinned: bool
    upvotes: int
    group: str  # the asker's group value ('' if none given)
    name: str  # the asker's name where they chose to show it
    paper: bool
    created_at: datetime


def run_list(*, session: Session, user: AuthUser, step_id: int) -> list[RunQuestion]:
    """Every question of the step for the facilitator, in one query: waiting ones first
    (oldest first), then by upvotes, hidden ones last."""
    step = session.get(Step, step_id)
    if step is None:
        raise NotFound(N_("No such step."))
    workshop = session.get(Workshop, step.workshop_id)
    require(can_run_workshop(session=session, user=user, workshop=workshop))
    from pari import steps

    names = steps.config(step).names
    upvotes = (
        select(QuestionUpvote.question_id, func.count().label("n"))
        .where(QuestionUpvote.step_id == step_id)
        .group_by(QuestionUpvote.question_id)
        .subquery()
    )
    rows = session.exec(
        select(Question, Participant.group, Participant.name, upvotes.c.n)
        .join(Participant, Participant.id == Question.participant_id)
        .outerjoin(upvotes, upvotes.c.question_id == Question.id)
        .where(Question.step_id == step_id)
    ).all()
    # Numbered within the step by the order asked (taken-back ones keep their number, so
    # no number changes while the facilitator reads them out); then left out.
    number = {q.id: i for i, q in enumerate(sorted((q for q, *_ in rows), key=lambda q: q.id), 1)}
    rows = [r for r in rows if r[0].status is not QuestionStatus.WITHDRAWN]
    newest_pin = max((q.pinned_at for q, *_ in rows if q.pinned_at is not None), default=None)
    out = [
        RunQuestion(
            id=q.id,
            number=number[q.id],
            text=q.text,
            status=q.status,
            pinned=newest_pin is not None and q.pinned_at == newest_pin,
            upvotes=int(n or 0),
            group=g.value if g is not None else "",
            name=(name or "").strip() if names and q.show_name else "",
            paper=q.entered_by_user_id is not None,
            created_at=q.created_at,
        )
        for q, g, name, n in rows
    ]
    rank = {
        QuestionStatus.PENDING: 0,
        QuestionStatus.SHOWN: 1,
        QuestionStatus.ANSWERED: 2,
        QuestionStatus.HIDDEN: 3,
    }
    return sorted(
        out,
        key=lambda q: (
            not q.pinned,
            rank[q.status],
            q.id if q.status is QuestionStatus.PENDING else -q.upvotes,
            q.id,
        ),
    )


# --- paper ---------------------------------------------------------------------------------


def add_paper_question(
    *,
    session: Session,
    user: AuthUser,
    participant_id: int,
    step_id: int,
    text: str,
    show_name: bool = False,
) -> Question:
    """A question written on paper (or said aloud), typed in by the facilitator: held to
    the phone's rules (the step current and open, the text's limits); approved by
    being typed in, so it shows even on a moderated step."""
    participant = session.get(Participant, participant_id)
    if participant is None or participant.entered_by_user_id is None:
        raise InvalidInput(N_("Paper input is entered for a paper participant only."))
    workshop = session.get(Workshop, participant.workshop_id)
    require(can_run_workshop(session=session, user=user, workshop=workshop))
    question = ask(
        session=session,
        participant_id=participant_id,
        step_id=step_id,
        text=text,
        show_name=bool(show_name),
    )
    question.entered_by_user_id = user.id
    question.status = QuestionStatus.SHOWN
    session.add(question)
    session.flush()
    return question
