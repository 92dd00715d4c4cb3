"""The rows an export reads, and the cells every table shares.

``load`` reads every row the tables need in one place (one snapshot on
PostgreSQL); each table's rows are turned into plain dicts by a serializer:
participants in ``pari.reporting.exports``, the rest by the kind that owns the table
(``pari.steps.<kind>.export``), with the cells here (workshop, step, group, ...).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, select

from pari.models import (
    AnswerMode,
    Assessment,
    Ballot,
    Commitment,
    CommitmentUpdate,
    Contribution,
    Participant,
    PollAnswer,
    Score,
    Step,
    User,
    Vote,
    Workshop,
)
from pari.steps import KINDS

Row = dict[str, Any]


@dataclass
class Data:
    workshops: dict[int, Workshop]
    steps: dict[int, Step]
    step_numbers: dict[int, int]
    participants: list[Participant]
    participants_by_id: dict[int, Participant]
    contributions: list[Contribution]
    contributions_by_id: dict[int, Contribution]
    votes: list[Vote]
    budgets: dict[tuple[int, int], int]
    poll_answers: list[PollAnswer]
    scores: list[Score]
    assessments: list[Assessment]
    commitments: list[Commitment]
    updates: dict[int, list[CommitmentUpdate]]
    usernames: dict[int, str]
    # The rows of the tables kinds keep for themselves (``Kind.export_models``).
    rows: dict[Any, list[Any]]


def snapshot(session: Session) -> None:
    """On PostgreSQL, read every table from one snapshot when the session is fresh.

    Phones keep writing during a live workshop; REPEATABLE READ makes the six
    tables agree with each other. (SQLite: the top-ups in ``load`` cover it.)
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def load(session: Session, workshop_ids: Sequence[int] | None) -> Data:
    """Every row the export needs, for these workshops (None: all of them)."""
    snapshot(session)

    def rows(stmt) -> list:
        # populate_existing: a long-lived session must not serve stale cached rows.
        return list(session.exec(stmt.execution_options(populate_existing=True)).all())

    def only(stmt, column):
        return stmt if workshop_ids is None else stmt.where(column.in_(workshop_ids))

    def by_id(model, known: dict, wanted: Iterable[int | None]) -> dict:
        """``known`` plus any wanted row written after ``known`` was read."""
        missing = {i for i in wanted if i is not None} - known.keys()
        if missing:
            known.update((r.id, r) for r in rows(select(model).where(model.id.in_(missing))))
        return known

    workshops = {w.id: w for w in rows(only(select(Workshop), Workshop.id))}
    steps = {s.id: s for s in rows(only(select(Step), Step.workshop_id))}
    participants = rows(only(select(Participant), Participant.workshop_id).order_by(Participant.id))
    contributions = rows(
        only(select(Contribution), Contribution.workshop_id).order_by(Contribution.id)
    )

    def by_step(model):
        key = model.__table__.primary_key.columns  # "id", or a pair (a person's upvote)
        stmt = select(model).join(Step, Step.id == model.step_id).order_by(*key)
        return rows(only(stmt, Step.workshop_id))

    votes = by_step(Vote)
    ballots = by_step(Ballot)
    poll_answers = by_step(PollAnswer)
    scores = by_step(Score)
    assessments = by_step(Assessment)
    own = {model: by_step(model) for kind in KINDS.values() for model in kind.export_models}
    commitments = rows(only(select(Commitment), Commitment.workshop_id).order_by(Commitment.id))
    update_stmt = (
        select(CommitmentUpdate)
        .join(Commitment, Commitment.id == CommitmentUpdate.commitment_id)
        .order_by(CommitmentUpdate.created_at, CommitmentUpdate.id)
    )
    updates: dict[int, list[CommitmentUpdate]] = defaultdict(list)
    for update in rows(only(update_stmt, Commitment.workshop_id)):
        updates[update.commitment_id].append(update)

    # Rows written while the export ran may point at a step, person or card read
    # before they existed: fetch those too rather than fail or lose the row.
    children = [
        *contributions,
        *votes,
        *poll_answers,
        *scores,
        *assessments,
        *commitments,
        *(r for kept in own.values() for r in kept),
    ]
    steps = by_id(Step, steps, (r.step_id for r in children))
    workshops = by_id(
        Workshop,
        workshops,
        [*(s.workshop_id for s in steps.values()), *(p.workshop_id for p in participants)],
    )
    participants_by_id = by_id(
        Participant,
        {p.id: p for p in participants},
        (getattr(r, "participant_id", None) for r in children),
    )
    contributions_by_id = by_id(
        Contribution,
        {c.id: c for c in contributions},
        [
            *(r.contribution_id for r in (*votes, *scores, *commitments)),
            *(c.merged_into_id for c in contributions),
        ],
    )

    user_ids = {
        row.entered_by_user_id
        for group in (participants, contributions, votes, commitments, *own.values())
        for row in group
        if getattr(row, "entered_by_user_id", None) is not None
    } | {u.user_id for ups in updates.values() for u in ups if u.user_id is not None}
    usernames = {}
    if user_ids:
        for user_id, username in session.exec(
            select(User.id, User.username).where(User.id.in_(sorted(user_ids)))
        ).all():
            usernames[user_id] = username

    step_numbers: dict[int, int] = {}
    per_workshop: dict[int, list[Step]] = defaultdict(list)
    for step in steps.values():
        per_workshop[step.workshop_id].append(step)
    for ws_steps in per_workshop.values():
        for number, step in enumerate(sorted(ws_steps, key=lambda s: (s.position, s.id)), 1):
            step_numbers[step.id] = number

    return Data(
        workshops=workshops,
        steps=steps,
        step_numbers=step_numbers,
        participants=participants,
        participants_by_id=participants_by_id,
        contributions=contributions,
        contributions_by_id=contributions_by_id,
        votes=votes,
        budgets={(b.step_id, b.participant_id): b.budget for b in ballots},
        poll_answers=poll_answers,
        scores=scores,
        assessments=assessments,
        commitments=commitments,
        updates=updates,
        usernames=usernames,
        rows=own,
    )


# ---------------------------------------------------------------- cells


def serialize_each(data: Data, rows: Sequence[Any], serialize: Any) -> list[Row]:
    """``serialize(data, row)`` for each row whose step is still in the export (a row
    whose step was deleted mid-export went with it: ON DELETE CASCADE), with the mode
    the row was given in (``mode_cell``): every table of answers has it."""
    return [{**serialize(data, r), "mode": mode_cell(r)} for r in rows if r.step_id in data.steps]


def time_cell(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S")


def mode_cell(row: Any) -> str:
    """How a row was given (issue 21): "live" or "self-paced" (``AnswerMode``)."""
    return (AnswerMode.SELF_PACED if row.self_paced else AnswerMode.LIVE).value


def date_cell(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def number_cell(value: float | None) -> int | float | None:
    """A whole amount as an int (100, not 100.0); other numbers unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def value_cell(enum_value: Any) -> str | None:
    return enum_value.value if enum_value is not None else None


def workshop_cells(data: Data, workshop_id: int) -> Row:
    workshop = data.workshops[workshop_id]
    return {"workshop_code": workshop.code, "territory": workshop.territory}


def step_cells(data: Data, step_id: int) -> Row:
    step = data.steps[step_id]
    return {
        **workshop_cells(data, step.workshop_id),
        "step_id": step.id,
        "step_position": data.step_numbers[step.id],
        "step_title": step.title,
        "step_kind": value_cell(step.kind),
    }


def group_cell(data: Data, participant_id: int) -> str | None:
    participant = data.participants_by_id.get(participant_id)
    return value_cell(participant.group) if participant else None


def entered_by(data: Data, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return data.usernames.get(user_id, f"user {user_id}")


def card_text(data: Data, contribution_id: int | None) -> str | None:
    card = data.contributions_by_id.get(contribution_id) if contribution_id else None
    return card.text if card else None


def option_label(options: tuple[str, ...], index: int | None) -> str | None:
    """The label of option ``index`` of a step's settings (``pari.steps``), if it has one."""
    if index is None or not 0 <= index < len(options):
        return None
    return options[index] or None
