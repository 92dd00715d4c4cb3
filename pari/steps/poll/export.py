"""Poll in the data export: poll answers (``kind = poll``) in votes.csv."""

from __future__ import annotations

from pari import steps
from pari.models import PollAnswer
from pari.reporting.export_data import (
    Data,
    Row,
    group_cell,
    option_label,
    serialize_each,
    step_cells,
    time_cell,
)
from pari.steps.poll import NO_OPINION, NO_OPINION_TEXT


def serialize_poll_answer(data: Data, a: PollAnswer) -> Row:
    options = steps.config(data.steps[a.step_id]).options
    return {
        **step_cells(data, a.step_id),
        "kind": "poll",
        "vote_id": None,
        "poll_answer_id": a.id,
        "participant_id": a.participant_id,
        "stakeholder_group": group_cell(data, a.participant_id),
        "contribution_id": None,
        "contribution_text": None,
        "dots": None,
        "dot_budget": None,
        "option_index": a.option,
        "option_label": (
            NO_OPINION_TEXT if a.option == NO_OPINION else option_label(options, a.option)
        ),
        "entered_by": None,
        "created_at": time_cell(a.created_at),
    }


def rows(data: Data) -> dict[str, list[Row]]:
    """This kind's rows of the export."""
    return {"votes": serialize_each(data, data.poll_answers, serialize_poll_answer)}
