"""Questions read: the questions the room sees with their upvotes, and who upvoted
them by stakeholder group. Never a waiting or hidden question; a name only where the
asker chose to show it and the step asks for names."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from pari import steps
from pari.models import Participant, Step
from pari.steps.common import group_value
from pari.steps.questions import VISIBLE
from pari.steps.questions.models import Question, QuestionStatus, QuestionUpvote

QUESTION_COLUMNS = [
    "question_id",
    "text",
    "status",
    "pinned",
    "upvotes",
    "group",
    "name",
    "participant_id",
    "show_name",
]
UPVOTE_COLUMNS = ["question_id", "group", "upvotes"]


def shown_name(participant_name: str | None, organisation: str | None) -> str:
    """What the wall names an asker who chose to be named: their name, else their
    organisation, else nothing."""
    return (participant_name or "").strip() or (organisation or "").strip()


def question_list(*, session: Session, step: Step) -> pd.DataFrame:
    """The questions the room sees (shown or answered), in ranking order: the pinned one
    first, then open ones by upvotes, then answered ones (ties: the older first).

    Columns: question_id, text, status (value), pinned, upvotes, group (the asker's),
    name ('' unless shown), participant_id, show_name (as the asker chose)."""
    names = steps.config(step).names
    upvotes = (
        select(QuestionUpvote.question_id, func.count().label("n"))
        .where(QuestionUpvote.step_id == step.id)
        .group_by(QuestionUpvote.question_id)
        .subquery()
    )
    rows = session.exec(
        select(
            Question.id,
            Question.text,
            Question.status,
            Question.pinned_at,
            Question.show_name,
            Question.participant_id,
            Participant.group,
            Participant.name,
            Participant.organisation,
            upvotes.c.n,
        )
        .join(Participant, Participant.id == Question.participant_id)
        .outerjoin(upvotes, upvotes.c.question_id == Question.id)
        .where(Question.step_id == step.id, Question.status.in_(VISIBLE))
    ).all()
    newest_pin = max((r[3] for r in rows if r[3] is not None), default=None)
    frame = pd.DataFrame(
        [
            (
                qid,
                text,
                QuestionStatus(status).value,
                newest_pin is not None and pinned_at == newest_pin,
                int(n or 0),
                group_value(g),
                shown_name(name, org) if names and show else "",
                pid,
                bool(show),
            )
            for qid, text, status, pinned_at, show, pid, g, name, org, n in rows
        ],
        columns=QUESTION_COLUMNS,
    ).astype({"upvotes": "int64", "pinned": bool})
    return ranked(frame)


def ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` in ranking order: pinned first, open before answered, most upvotes first."""
    if frame.empty:
        return frame.reset_index(drop=True)
    order = frame.assign(
        _pin=~frame.pinned, _done=frame.status == QuestionStatus.ANSWERED.value
    ).sort_values(["_pin", "_done", "upvotes", "question_id"], ascending=[True, True, False, True])
    return order.drop(columns=["_pin", "_done"]).reset_index(drop=True)


def upvotes_by_group(*, session: Session, step_id: int) -> pd.DataFrame:
    """Upvotes of the questions the room sees, per question and upvoter's group:
    question_id, group, upvotes."""
    rows = session.exec(
        select(QuestionUpvote.question_id, Participant.group, func.count())
        .join(Participant, Participant.id == QuestionUpvote.participant_id)
        .join(Question, Question.id == QuestionUpvote.question_id)
        .where(QuestionUpvote.step_id == step_id, Question.status.in_(VISIBLE))
        .group_by(QuestionUpvote.question_id, Participant.group)
    ).all()
    return pd.DataFrame(
        [(qid, group_value(g), int(n)) for qid, g, n in rows], columns=UPVOTE_COLUMNS
    ).astype({"upvotes": "int64"})


def counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many questions the room sees, answered, and upvotes in all."""
    if frame.empty:
        return {"questions": 0, "answered": 0, "upvotes": 0}
    return {
        "questions": len(frame),
        "answered": int((frame.status == QuestionStatus.ANSWERED.value).sum()),
        "upvotes": int(frame.upvotes.sum()),
    }
