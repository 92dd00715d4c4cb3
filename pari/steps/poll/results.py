"""Poll read: answers per option and stakeholder group, and the written "Other" answers."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from pari import steps
from pari.models import Contribution, Participant, PollAnswer, Step
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


def no_opinion(*, session: Session, step: Step) -> pd.DataFrame:
    """Who said "No opinion" (``NO_OPINION``), per group: group, answers. Counted apart
    from the options, so it never ranks among them."""
    from pari.steps.poll import NO_OPINION

    rows = session.exec(
        select(Participant.group, func.count())
        .join(PollAnswer, PollAnswer.participant_id == Participant.id)
        .where(PollAnswer.step_id == step.id, PollAnswer.option == NO_OPINION)
        .group_by(Participant.group)
    ).all()
    return pd.DataFrame(
        [(group_value(g), int(n)) for g, n in rows], columns=["group", "answers"]
    ).astype({"answers": "int64"})


def other_answers(*, session: Session, step: Step) -> pd.DataFrame:
    """The written answers of the option "Other" (``rules.answer_poll``): text, group,
    oldest first; none when the poll has no such option."""
    if steps.config(step).other_option is None:
        rows = []
    else:
        rows = session.exec(
            select(Contribution.text, Participant.group)
            .join(Participant, Participant.id == Contribution.participant_id)
            .where(Contribution.step_id == step.id)
            .order_by(Contribution.id)
        ).all()
    return pd.DataFrame([(text, group_value(g)) for text, g in rows], columns=["text", "group"])
