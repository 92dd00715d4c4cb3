"""What the reading side of several kinds shares: a person's group as the frames hold
it, and the cards people see. No Streamlit, no figures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, select

from pari.models import Step, StepKind
from pari.steps.ideas import on_the_wall


def group_value(value: Any) -> str:
    """A stored group as the frames hold it: its value, '' when a person gave none."""
    return value.value if value is not None else ""


def visible(query: Any) -> Any:
    """``query`` narrowed to the cards on the wall (not hidden, withdrawn or merged)."""
    return query.where(on_the_wall())


def steps_of(session: Session, workshop_ids: Iterable[int], kind: StepKind) -> list[Step]:
    """The steps of one kind in these workshops, by workshop then in each one's order."""
    ids = list(workshop_ids)
    if not ids:
        return []
    return list(
        session.exec(
            select(Step)
            .where(Step.workshop_id.in_(ids), Step.kind == kind)
            .order_by(Step.workshop_id, Step.position, Step.id)
        )
    )
