"""Ideas read: the cards on the wall."""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session, select

from pari.models import Contribution, Participant
from pari.steps.common import group_value, visible


def card_wall(*, session: Session, step_id: int) -> pd.DataFrame:
    """Visible cards of an ideas step: card_id, text, category, group (oldest first)."""
    rows = session.exec(
        visible(
            select(Contribution.id, Contribution.text, Contribution.category, Participant.group)
            .join(Participant, Participant.id == Contribution.participant_id)
            .where(Contribution.step_id == step_id)
        ).order_by(Contribution.id)
    ).all()
    return pd.DataFrame(
        [(cid, text, cat, group_value(g)) for cid, text, cat, g in rows],
        columns=["card_id", "text", "category", "group"],
    )
