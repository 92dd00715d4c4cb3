"""Assessment in the data export: ratings in assessments.csv."""

from __future__ import annotations

from pari.models import Assessment
from pari.reporting.export_data import (
    Data,
    Row,
    group_cell,
    serialize_each,
    step_cells,
    time_cell,
)


def serialize_assessment(data: Data, a: Assessment) -> Row:
    return {
        **step_cells(data, a.step_id),
        "assessment_id": a.id,
        "participant_id": a.participant_id,
        "stakeholder_group": group_cell(data, a.participant_id),
        "dimension": a.dimension,
        "value": a.value,
        "dont_know": a.value is None,
        "created_at": time_cell(a.created_at),
    }


def rows(data: Data) -> dict[str, list[Row]]:
    """This kind's rows of the export."""
    return {"assessments": serialize_each(data, data.assessments, serialize_assessment)}
