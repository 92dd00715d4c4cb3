"""The rating scale on the phone: rate one or more statements on the step's scale, or
"don't know" (``None``), each rating changeable while the step is open.

Everything a phone sends is checked here: the statement is one of the step's (by its
index), the value a whole number on the step's scale (never a bool or a text).
Paper input goes through the same rule (``rate_on_paper``)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, select

from pari import steps
from pari.accounts import AuthUser
from pari.i18n import N_
from pari.models import Participant, StepKind, Workshop, utcnow
from pari.permissions import can_run_workshop, require
from pari.phone.errors import InvalidInput
from pari.phone.guards import begin, open_step
from pari.steps.rating import RatingConfig
from pari.steps.rating.models import Rating

UNKNOWN_STATEMENT = N_("This statement is not part of the step.")
OUT_OF_SCALE = N_("Please choose from {low} to {high}, or “don't know”.")


def _checked(cfg: RatingConfig, ratings: object) -> dict[int, int | None]:
    if not isinstance(ratings, Mapping) or not ratings:
        raise InvalidInput()
    out: dict[int, int | None] = {}
    for key, value in ratings.items():
        if (
            isinstance(key, bool)
            or not isinstance(key, int)
            or not 0 <= key < len(cfg.statements)
            or not cfg.statements[key]
        ):
            raise InvalidInput(UNKNOWN_STATEMENT)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value not in cfg.values
        ):
            raise InvalidInput(OUT_OF_SCALE, low=cfg.low, high=cfg.high)
        out[key] = value
    return out


def rate(
    *,
    session: Session,
    participant_id: int,
    step_id: int,
    ratings: Mapping[int, int | None],
) -> dict[int, int | None]:
    """Rate statements (index -> value on the scale, or ``None`` for "don't know"); a
    statement rated before takes the new value (one row per person and statement)."""
    participant, workshop = begin(session, participant_id)
    step = open_step(session, participant, workshop, step_id, StepKind.RATING)
    wanted = _checked(steps.config(step), ratings)
    rows = {
        r.statement: r
        for r in session.exec(
            select(Rating).where(Rating.step_id == step.id, Rating.participant_id == participant.id)
        ).all()
    }
    now = utcnow()
    for statement, value in wanted.items():
        row = rows.get(statement)
        if row is None:
            row = Rating(step_id=step.id, participant_id=participant.id, statement=statement)
        elif row.value == value:
            continue
        row.value = value
        row.updated_at = now
        session.add(row)
    session.flush()
    return wanted


def my_ratings(*, session: Session, participant_id: int, step_id: int) -> dict[int, int | None]:
    """One's ratings: statement index -> value (``None``: "don't know"); a statement
    not rated yet is absent."""
    rows = session.exec(
        select(Rating.statement, Rating.value).where(
            Rating.step_id == step_id, Rating.participant_id == participant_id
        )
    ).all()
    return {statement: value for statement, value in rows}


def rate_on_paper(
    *,
    session: Session,
    user: AuthUser,
    participant_id: int,
    step_id: int,
    ratings: Mapping[int, int | None],
) -> dict[int, int | None]:
    """Ratings given on paper, typed in by a facilitator who may run the workshop, for a
    person entered on paper (``pari.moderation.add_paper_participant``): the phone's
    rule applies (the step current and open, values on the scale), then the rows are
    stamped with who typed them."""
    participant = session.get(Participant, participant_id)
    if participant is None or participant.entered_by_user_id is None:
        raise InvalidInput(N_("Paper input is entered for a paper participant only."))
    workshop = session.get(Workshop, participant.workshop_id)
    require(can_run_workshop(session=session, user=user, workshop=workshop))
    wanted = rate(session=session, participant_id=participant_id, step_id=step_id, ratings=ratings)
    for row in session.exec(
        select(Rating).where(
            Rating.step_id == step_id,
            Rating.participant_id == participant_id,
            Rating.statement.in_(list(wanted)),
        )
    ):
        row.entered_by_user_id = user.id
        session.add(row)
    session.flush()
    return wanted
