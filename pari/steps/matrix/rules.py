"""The matrix on the phone: score each offered card 1 to 5 on the step's two criteria."""

from __future__ import annotations

from sqlmodel import Session, select

from pari.i18n import N_
from pari.models import Score, StepKind
from pari.phone.cards import votable_card
from pari.phone.errors import InvalidInput
from pari.phone.guards import begin, open_step


def score(
    *,
    session: Session,
    participant_id: int,
    step_id: int,
    card_id: int,
    criterion: int,
    value: int | None,
) -> Score | None:
    """Score one card on one criterion 1-5 (``None`` takes the score back)."""
    if criterion not in (0, 1) or isinstance(criterion, bool):
        raise InvalidInput()
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5
    ):
        raise InvalidInput(N_("Please choose from 1 to 5."))
    participant, workshop = begin(session, participant_id)
    step = open_step(session, participant, workshop, step_id, StepKind.MATRIX)
    card = votable_card(session, step, card_id)
    row = session.exec(
        select(Score).where(
            Score.step_id == step.id,
            Score.participant_id == participant.id,
            Score.contribution_id == card.id,
            Score.criterion == criterion,
        )
    ).first()
    if value is None:
        if row is not None:
            session.delete(row)
        session.flush()
        return None
    if row is None:
        row = Score(
            step_id=step.id,
            participant_id=participant.id,
            contribution_id=card.id,
            criterion=criterion,
            value=value,
        )
    row.value = value
    session.add(row)
    session.flush()
    return row


def my_scores(*, session: Session, participant_id: int, step_id: int) -> dict[tuple[int, int], int]:
    rows = session.exec(
        select(Score.contribution_id, Score.criterion, Score.value).where(
            Score.step_id == step_id, Score.participant_id == participant_id
        )
    ).all()
    return {(cid, crit): value for cid, crit, value in rows}
