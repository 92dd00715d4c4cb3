"""Rating scale in the data export: one row per person and statement in ratings.csv."""

from __future__ import annotations

from pari import steps
from pari.reporting.export_data import (
    Data,
    Row,
    entered_by,
    group_cell,
    option_label,
    serialize_each,
    step_cells,
    time_cell,
)
from pari.steps.rating import AGREE_LABELS, DONT_KNOW_TEXT, SCALE_AGREE
from pari.steps.rating.models import Rating


def value_text(scale: str, value: int | None) -> str:
    """The value as the phone offered it, in English (files keep machine-readable
    text; the value column holds the number)."""
    if value is None:
        return DONT_KNOW_TEXT
    if scale == SCALE_AGREE:
        return AGREE_LABELS.get(value, str(value))
    return str(value)


def serialize_rating(data: Data, r: Rating) -> Row:
    cfg = steps.config(data.steps[r.step_id])
    return {
        **step_cells(data, r.step_id),
        "rating_id": r.id,
        "participant_id": r.participant_id,
        "stakeholder_group": group_cell(data, r.participant_id),
        "statement_index": r.statement,
        "statement": option_label(cfg.statements, r.statement),
        "scale": cfg.scale,
        "value": r.value,
        "value_label": value_text(cfg.scale, r.value),
        "dont_know": r.value is None,
        "entered_by": entered_by(data, r.entered_by_user_id),
        "created_at": time_cell(r.created_at),
        "updated_at": time_cell(r.updated_at),
    }


def rows(data: Data) -> dict[str, list[Row]]:
    """This kind's rows of the export."""
    return {"ratings": serialize_each(data, data.rows.get(Rating, []), serialize_rating)}
