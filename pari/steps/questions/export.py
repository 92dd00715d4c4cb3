"""Questions in the data export: every question, whatever became of it (waiting,
shown, answered, hidden), with its upvotes; and every upvote, with the group of the
person who gave it."""

from __future__ import annotations

from collections import Counter

from pari.reporting.export_data import (
    Data,
    Row,
    entered_by,
    group_cell,
    serialize_each,
    step_cells,
    time_cell,
    value_cell,
)
from pari.steps.questions.models import Question, QuestionUpvote


def serialize_question(data: Data, q: Question, upvotes: Counter) -> Row:
    return {
        **step_cells(data, q.step_id),
        "question_id": q.id,
        "participant_id": q.participant_id,
        "stakeholder_group": group_cell(data, q.participant_id),
        "text": q.text,
        "status": value_cell(q.status),
        "pinned": q.pinned_at is not None,
        "show_name": q.show_name,
        "upvotes": upvotes.get(q.id, 0),
        "entered_by": entered_by(data, q.entered_by_user_id),
        "created_at": time_cell(q.created_at),
        "updated_at": time_cell(q.updated_at),
    }


def serialize_upvote(data: Data, u: QuestionUpvote) -> Row:
    return {
        **step_cells(data, u.step_id),
        "question_id": u.question_id,
        "participant_id": u.participant_id,
        "stakeholder_group": group_cell(data, u.participant_id),
        "created_at": time_cell(u.created_at),
    }


def rows(data: Data) -> dict[str, list[Row]]:
    """This kind's rows of the export."""
    questions = data.rows.get(Question, [])
    upvotes = data.rows.get(QuestionUpvote, [])
    counted = Counter(u.question_id for u in upvotes)
    return {
        "questions": serialize_each(
            data, questions, lambda d, q: serialize_question(d, q, counted)
        ),
        "question_upvotes": serialize_each(data, upvotes, serialize_upvote),
    }
