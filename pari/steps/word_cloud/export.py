"""Word clouds in the data export: every answer as typed, its grouping key, and whether
the facilitator hid its word from the cloud (hidden answers are kept and exported)."""

from __future__ import annotations

from sqlalchemy.orm import object_session
from sqlmodel import select

from pari.reporting.export_data import (
    Data,
    Row,
    entered_by,
    group_cell,
    serialize_each,
    step_cells,
    time_cell,
)
from pari.steps.word_cloud.models import HiddenWord, WordAnswer


def hidden_words(answers: list[WordAnswer]) -> set[tuple[int, str]]:
    """(step id, key) of the hidden words of these answers' steps.

    ``export_data.load`` reads the kinds' tables of answers (``export_models``), not a
    table without a person such as ``HiddenWord``: it is read here through the session
    that loaded the answers (the export's one snapshot on PostgreSQL)."""
    session = object_session(answers[0]) if answers else None
    if session is None:
        return set()
    step_ids = {a.step_id for a in answers}
    rows = session.exec(
        select(HiddenWord.step_id, HiddenWord.key).where(HiddenWord.step_id.in_(step_ids))
    ).all()
    return {(s, k) for s, k in rows}


def serialize_word_answer(data: Data, a: WordAnswer, hidden: set[tuple[int, str]]) -> Row:
    return {
        **step_cells(data, a.step_id),
        "word_answer_id": a.id,
        "participant_id": a.participant_id,
        "stakeholder_group": group_cell(data, a.participant_id),
        "text": a.text,
        "key": a.key,
        "hidden": (a.step_id, a.key) in hidden,
        "entered_by": entered_by(data, a.entered_by_user_id),
        "created_at": time_cell(a.created_at),
    }


def rows(data: Data) -> dict[str, list[Row]]:
    """This kind's rows of the export."""
    answers = data.rows.get(WordAnswer, []) if data.rows else []
    hidden = hidden_words(answers)
    return {
        "words": serialize_each(data, answers, lambda d, a: serialize_word_answer(d, a, hidden))
    }
