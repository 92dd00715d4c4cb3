"""Poll read: answers per option and stakeholder group."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from pari import steps
from pari.models import Participant, PollAnswer, Step
from pari.steps.common import group_value


def poll(*, session: Session, step: Step) -> pd.DataFrame:
    """Answers per option and group: option (index), label, group, answers."""
    options = steps.config(step).options
    rows = session.exec(
        select(PollAnswer.option, Participant.group, func.count())
        .join(Participant, Participant.id == PollAnswer.participant_id)
        .where(PollAnswer.step_id == step.id)
        .group_by(PollAnswer.option, Participant.group)
    ).all()
    return pd.DataFrame(
        [
            (opt, options[opt], group_value(g), int(n))
            for opt, g, n in rows
            if 0 <= opt < len(options)
        ],
        columns=["option", "label", "group", "answers"],
    ).astype({"answers": "int64"})
