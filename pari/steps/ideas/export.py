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
from pari.themes.language import languages


def serialize_contribution(data: Data, c: Contribution, language: str | None = None) -> Row:
    return {
        **step_cells(data, c.step_id),
        "contribution_id": c.id,
        "participant_id": c.participant_id,
        "stakeholder_group": group_cell(data, c.participant_id),
        "text": c.text,
        # Detected on the server, per wall (pari.themes.language); empty where it
        # cannot be told.
        "text_language": language,
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
    by_step: dict[int, list[Contribution]] = {}
    for c in data.contributions:
        by_step.setdefault(c.step_id, []).append(c)
    language = {
        c.id: lang
        for cards in by_step.values()
        for c, lang in zip(cards, languages([c.text for c in cards]), strict=True)
    }
    return {
        "contributions": serialize_each(
            data,
            data.contributions,
            lambda data, c: serialize_contribution(data, c, language.get(c.id)),
        )
    }
