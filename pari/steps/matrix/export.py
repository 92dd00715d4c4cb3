"""Matrix in the data export: scores in scores.csv."""

from __future__ import annotations

from pari import steps
from pari.models import Score
from pari.reporting.export_data import (
    Data,
    Row,
    card_text,
    group_cell,
    option_label,
    serialize_each,
    step_cells,
    time_cell,
)


def serialize_score(data: Data, s: Score) -> Row:
    criteria = steps.config(data.steps[s.step_id]).criteria
    passed = s.value is None
    return {
        **step_cells(data, s.step_id),
        "score_id": s.id,
        "participant_id": s.participant_id,
        "stakeholder_group": group_cell(data, s.participant_id),
        "contribution_id": s.contribution_id,
        "contribution_text": card_text(data, s.contribution_id),
        # A pass is on the card, not on a criterion: its criterion and value are empty.
        "criterion_index": None if passed else s.criterion,
        "criterion": "" if passed else option_label(criteria, s.criterion),
        "value": s.value,
        "passed": passed,
        "created_at": time_cell(s.created_at),
    }


def rows(data: Data) -> dict[str, list[Row]]:
    """This kind's rows of the export."""
    return {"scores": serialize_each(data, data.scores, serialize_score)}
