"""Check-in read: who is in the room, per stakeholder group."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from pari.models import Participant
from pari.steps.common import group_value


def room(*, session: Session, workshop_id: int) -> pd.DataFrame:
    """Checked-in participants per group: columns group, participants."""
    rows = session.exec(
        select(Participant.group, func.count())
        .where(Participant.workshop_id == workshop_id, Participant.checked_in_at.is_not(None))
        .group_by(Participant.group)
    ).all()
    return pd.DataFrame(
        [(group_value(g), int(n)) for g, n in rows], columns=["group", "participants"]
    ).astype({"participants": "int64"})
