"""Commitments in the data export: pledges with their latest status and note."""

from __future__ import annotations

from pari.models import Commitment
from pari.reporting.export_data import (
    Data,
    Row,
    card_text,
    date_cell,
    entered_by,
    group_cell,
    number_cell,
    serialize_each,
    step_cells,
    time_cell,
    value_cell,
)


def serialize_commitment(data: Data, c: Commitment) -> Row:
    updates = data.updates.get(c.id, [])
    latest = updates[-1] if updates else None
    noted = next((u for u in reversed(updates) if u.note.strip()), None)
    participant = data.participants_by_id.get(c.participant_id)
    return {
        **step_cells(data, c.step_id),
        "commitment_id": c.id,
        "participant_id": c.participant_id,
        "stakeholder_group": group_cell(data, c.participant_id),
        "participant_name": participant.name if participant else None,
        "organisation": participant.organisation if participant else None,
        "contribution_id": c.contribution_id,
        "priority": card_text(data, c.contribution_id) or c.priority_text,
        "role": value_cell(c.role),
        "kind": value_cell(c.kind),
        "what": c.what,
        "amount": number_cell(c.amount),
        "unit": c.unit,
        "by_when": date_cell(c.by_when),
        "status": value_cell(latest.status if latest else c.status),
        "status_updated_at": time_cell(latest.created_at) if latest else None,
        "latest_note": noted.note if noted else None,
        "latest_note_at": time_cell(noted.created_at) if noted else None,
        "latest_note_by": entered_by(data, noted.user_id) if noted else None,
        "updates_count": len(updates),
        "withdrawn": c.withdrawn,
        "entered_by": entered_by(data, c.entered_by_user_id),
        "created_at": time_cell(c.created_at),
        "updated_at": time_cell(c.updated_at),
    }


def rows(data: Data) -> dict[str, list[Row]]:
    """This kind's rows of the export."""
    return {"commitments": serialize_each(data, data.commitments, serialize_commitment)}
