"""The assessment on the phone: rate each dimension 0 to 10, or "don't know"."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, select

from pari import steps
from pari.i18n import N_
from pari.models import Assessment, StepKind
from pari.phone.errors import InvalidInput
from pari.phone.guards import begin, open_step

UNRATED = object()  # a dimension with no row yet (as opposed to None, "don't know")


def rate(
    *,
    session: Session,
    participant_id: int,
    step_id: int,
    ratings: Mapping[str, int | None],
) -> dict[str, int | None]:
    """Rate readiness dimensions 0-10, or ``None`` for "don't know" (left out of averages)."""
    participant, workshop = begin(session, participant_id)
    step = open_step(session, participant, workshop, step_id, StepKind.ASSESSMENT)
    known = steps.config(step).dimensions
    for key, value in ratings.items():
        if key not in known:
            raise InvalidInput(N_("This question is not part of the assessment."))
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10
        ):
            raise InvalidInput(N_("Please choose from 0 to 10, or “don't know”."))
    rows = {
        a.dimension: a
        for a in session.exec(
            select(Assessment).where(
                Assessment.step_id == step.id, Assessment.participant_id == participant.id
            )
        ).all()
    }
    for key, value in ratings.items():
        row = rows.get(key) or Assessment(
            step_id=step.id, participant_id=participant.id, dimension=key
        )
        row.value = value
        session.add(row)
    session.flush()
    return dict(ratings)


def my_ratings(*, session: Session, participant_id: int, step_id: int) -> dict[str, int | None]:
    rows = session.exec(
        select(Assessment.dimension, Assessment.value).where(
            Assessment.step_id == step_id, Assessment.participant_id == participant_id
        )
    ).all()
    return {key: value for key, value in rows}
