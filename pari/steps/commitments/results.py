"""Commitments reads: the pledges with their group (the one read of them: presenter,
local plan, report, follow-up and the phones' draft plan), and the priorities nobody
leads yet."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
from sqlmodel import Session, select

from pari.models import Commitment, CommitmentRole, Contribution, Participant, Step, StepKind
from pari.privacy import who
from pari.steps.common import group_value, visible

PLEDGE_COLUMNS = [
    "commitment_id",
    "step_id",
    "priority",
    "owner",
    "group",
    "role",
    "kind",
    "what",
    "amount",
    "unit",
    "by_when",
    "status",
]
# What the presenter's frames hold of a pledge.
STEP_COLUMNS = [
    "commitment_id",
    "priority",
    "group",
    "role",
    "kind",
    "what",
    "amount",
    "unit",
    "by_when",
]
NO_LEAD_COLUMNS = ["priority", "pledges"]


class Pledge(NamedTuple):
    """A pledge standing, with who made it and the priority it is for."""

    commitment: Commitment
    person: Participant
    priority: str  # the card's text, else the text typed


def standing(
    *, session: Session, workshop_id: int | None = None, step_id: int | None = None
) -> list[Pledge]:
    """Pledges standing (not withdrawn) of a workshop or of one commitments step, oldest
    first."""
    query = (
        select(Commitment, Participant, Contribution.text)
        .join(Participant, Participant.id == Commitment.participant_id)
        .join(Contribution, Contribution.id == Commitment.contribution_id, isouter=True)
        .where(Commitment.withdrawn == False)  # noqa: E712 - SQL expression
        .order_by(Commitment.id)
    )
    if workshop_id is not None:
        query = query.where(Commitment.workshop_id == workshop_id)
    if step_id is not None:
        query = query.where(Commitment.step_id == step_id)
    return [Pledge(c, p, card_text or c.priority_text) for c, p, card_text in session.exec(query)]


def pledges(
    *, session: Session, workshop_id: int | None = None, step_id: int | None = None
) -> pd.DataFrame:
    """``standing`` as a frame: ``PLEDGE_COLUMNS`` (group the stored value, '' when none;
    status as stored on the pledge)."""
    return pd.DataFrame(
        [
            (
                c.id,
                c.step_id,
                priority,
                who(p),  # a name only with the person's consent
                group_value(p.group),
                c.role.value,
                c.kind.value,
                c.what,
                c.amount,
                c.unit,
                c.by_when,
                c.status.value,
            )
            for c, p, priority in standing(
                session=session, workshop_id=workshop_id, step_id=step_id
            )
        ],
        columns=PLEDGE_COLUMNS,
    )


def commitments(*, session: Session, step_id: int) -> pd.DataFrame:
    """Pledges of a commitments step: commitment_id, priority, group, role, kind, what,
    amount, unit, by_when."""
    return pledges(session=session, step_id=step_id)[STEP_COLUMNS]


def workshop_commitments(*, session: Session, workshop_id: int) -> pd.DataFrame:
    """``commitments`` of every commitments step of a workshop, step after step."""
    frame = pledges(session=session, workshop_id=workshop_id)
    return frame.sort_values("step_id", kind="stable", ignore_index=True)[STEP_COLUMNS]


def priorities_without_lead(*, session: Session, step: Step, pledges: pd.DataFrame) -> pd.DataFrame:
    """The priorities (visible cards of the source step) nobody leads yet: priority, pledges."""
    if step.source_step_id is None:
        return pd.DataFrame(columns=NO_LEAD_COLUMNS)
    cards = session.exec(
        visible(select(Contribution.text).where(Contribution.step_id == step.source_step_id))
    ).all()
    led = set(pledges.loc[pledges.role == CommitmentRole.LEAD.value, "priority"])
    counts = pledges.priority.value_counts() if not pledges.empty else pd.Series(dtype=int)
    return pd.DataFrame(
        [(text, int(counts.get(text, 0))) for text in dict.fromkeys(cards) if text not in led],
        columns=NO_LEAD_COLUMNS,
    )


def workshop_without_lead(*, session: Session, workshop_id: int) -> pd.DataFrame:
    """``priorities_without_lead`` over a workshop's commitments steps, each priority once."""
    found = []
    for step in session.exec(
        select(Step)
        .where(Step.workshop_id == workshop_id, Step.kind == StepKind.COMMITMENTS)
        .order_by(Step.position, Step.id)
    ):
        frame = commitments(session=session, step_id=step.id)
        found.append(priorities_without_lead(session=session, step=step, pledges=frame))
    found = [f for f in found if not f.empty]
    if not found:
        return pd.DataFrame(columns=NO_LEAD_COLUMNS)
    return pd.concat(found, ignore_index=True).drop_duplicates("priority")
