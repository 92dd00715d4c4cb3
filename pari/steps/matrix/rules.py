"""The matrix on the phone: score each offered card 1 to 5 on the step's two criteria."""

from __future__ import annotations

from sqlmodel import Session, select

from pari import steps
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
    _take_back_pass(session, step.id, participant.id, card.id)  # a score says one did not pass
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


def pass_card(
    *, session: Session, participant_id: int, step_id: int, card_id: int, passing: bool
) -> None:
    """ "I pass" on one card, where the step offers it (issue 18, anti-herding): the
    person's scores of that card go, and one row without a value says they passed.
    ``passing=False`` takes the pass back."""
    if not isinstance(passing, bool):  # a tampered checkbox sends anything
        raise InvalidInput()
    participant, workshop = begin(session, participant_id)
    step = open_step(session, participant, workshop, step_id, StepKind.MATRIX)
    if not steps.config(step, workshop).passes:
        raise InvalidInput()
    card = votable_card(session, step, card_id)
    for row in session.exec(
        select(Score).where(
            Score.step_id == step.id,
            Score.participant_id == participant.id,
            Score.contribution_id == card.id,
        )
    ).all():
        session.delete(row)
    session.flush()
    if passing:
        session.add(
            Score(
                step_id=step.id,
                participant_id=participant.id,
                contribution_id=card.id,
                criterion=0,
                value=None,
            )
        )
        session.flush()


def _take_back_pass(session: Session, step_id: int, participant_id: int, card_id: int) -> None:
    passed = session.exec(
        select(Score).where(
            Score.step_id == step_id,
            Score.participant_id == participant_id,
            Score.contribution_id == card_id,
            Score.value == None,  # noqa: E711 - SQL expression
        )
    ).first()
    if passed is not None:
        session.delete(passed)
        session.flush()


def my_scores(
    *, session: Session, participant_id: int, step_id: int
) -> dict[tuple[int, int], int | None]:
    """One's scores by (card, criterion); ``None`` at (card, 0): one passed on it."""
    rows = session.exec(
        select(Score.contribution_id, Score.criterion, Score.value).where(
            Score.step_id == step_id, Score.participant_id == participant_id
        )
    ).all()
    return {(cid, crit): value for cid, crit, value in rows}
