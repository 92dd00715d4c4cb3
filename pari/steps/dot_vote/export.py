"""Dot vote in the data export: dots (``kind = dot``) in votes.csv."""

from __future__ import annotations

from pari.models import Vote
from pari.reporting.export_data import (
    Data,
    Row,
    card_text,
    entered_by,
    group_cell,
    serialize_each,
    step_cells,
    time_cell,
)


def serialize_vote(data: Data, v: Vote) -> Row:
    return {
        **step_cells(data, v.step_id),
        "kind": "dot",
        "vote_id": v.id,
        "poll_answer_id": None,
        "participant_id": v.participant_id,
        "stakeholder_group": group_cell(data, v.participant_id),
        "contribution_id": v.contribution_id,
        "contribution_text": card_text(data, v.contribution_id),
        "dots": v.dots,
        "dot_budget": data.budgets.get((v.step_id, v.participant_id)),
        "option_index": None,
        "option_label": None,
        "entered_by": entered_by(data, v.entered_by_user_id),
        "created_at": time_cell(v.created_at),
    }


def rows(data: Data) -> dict[str, list[Row]]:
    """This kind's rows of the export."""
    return {"votes": serialize_each(data, data.votes, serialize_vote)}
