"""Ideas in the data export: the cards, whatever became of them."""

from __future__ import annotations

from pari.models import Contribution
from pari.reporting.export_data import (
    Data,
    Row,
    entered_by,
    group_cell,
    serialize_each,
    step_cells,
    time_cell,
)
from pari.themes.language import detect


def serialize_contribution(data: Data, c: Contribution) -> Row:
    return {
        **step_cells(data, c.step_id),
        "contribution_id": c.id,
        "participant_id": c.participant_id,
        "stakeholder_group": group_cell(data, c.participant_id),
        "text": c.text,
        # Detected on the server (pari.themes.language); empty where it cannot be told.
        "text_language": detect(c.text),
        "category": c.category,
        "hidden": c.hidden,
        "withdrawn": c.withdrawn,
        "merged": c.merged_into_id is not None,
        "merged_into_id": c.merged_into_id,
        "entered_by": entered_by(data, c.entered_by_user_id),
        "created_at": time_cell(c.created_at),
        "updated_at": time_cell(c.updated_at),
    }


def rows(data: Data) -> dict[str, list[Row]]:
    """This kind's rows of the export."""
    return {"contributions": serialize_each(data, data.contributions, serialize_contribution)}
