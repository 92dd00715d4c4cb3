"""Coordinators' view across workshops: the list, filters and comparisons of territories.

Plain queries in, pandas frames out (no Streamlit, no figures). Comparisons show
spread and change over time per territory, never a ranking of territories
(DESIGN section 2): frames are ordered by territory name and date, and no
function sums territories into a score.

Every workshop of every territory is for coordinators only: each service asks the
database whether ``acting_user_id`` is an active coordinator now (web pages pass
the signed-in person's id; the command line is ``accounts.OPERATOR``).

A territory typed two ways (capitals, accents, spaces) is one territory here, named
as it was first written (``pari.workshops.design.territory_key``); a breakdown by
stakeholder group follows the small-group rule (``pari.privacy``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from pari import steps
from pari.accounts import OPERATOR, Actor, require_coordinator
from pari.models import (
    Commitment,
    CommitmentStatus,
    Participant,
    Template,
    User,
    Workshop,
    WorkshopStatus,
)
from pari.privacy import group_rule
from pari.steps.assessment.results import assessment, assessment_steps
from pari.steps.dot_vote.results import step_priorities, vote_steps
from pari.steps.rating.compare import recurring_statements
from pari.workshops.design import territory_key, territory_names

OVERVIEW_COLUMNS = [
    "workshop_id",
    "code",
    "title",
    "territory",
    "held_on",
    "template",
    "status",
    "facilitator",
    "participants",
    "pledges",
    "done",
]


def _territory(session: Session) -> Callable[[str], str]:
    """A workshop's territory as comparisons name it: one spelling per territory."""
    names = territory_names(session)
    return lambda territory: names.get(territory_key(territory), territory)


def overview(*, session: Session, acting_user_id: Actor = OPERATOR) -> pd.DataFrame:
    """Every workshop with its counts, by territory then date (newest first)."""
    require_coordinator(session=session, acting_user_id=acting_user_id)
    return _overview(session)


def _overview(session: Session) -> pd.DataFrame:
    people = dict(
        session.exec(
            select(Participant.workshop_id, func.count())
            .where(Participant.checked_in_at.is_not(None))
            .group_by(Participant.workshop_id)
        ).all()
    )
    pledges: dict[int, int] = {}
    done: dict[int, int] = {}
    for wid, status, n in session.exec(
        select(Commitment.workshop_id, Commitment.status, func.count())
        .where(Commitment.withdrawn == False)  # noqa: E712 - SQL expression
        .group_by(Commitment.workshop_id, Commitment.status)
    ).all():
        pledges[wid] = pledges.get(wid, 0) + int(n)
        if status is CommitmentStatus.DONE:
            done[wid] = done.get(wid, 0) + int(n)
    rows = session.exec(
        select(Workshop, User.name).join(User, User.id == Workshop.owner_id, isouter=True)
    ).all()
    territory = _territory(session)
    frame = pd.DataFrame(
        [
            (
                w.id,
                w.code,
                w.title,
                territory(w.territory),
                w.held_on,
                w.template.value,
                w.status.value,
                owner or "",
                int(people.get(w.id, 0)),
                int(pledges.get(w.id, 0)),
                int(done.get(w.id, 0)),
            )
            for w, owner in rows
        ],
        columns=OVERVIEW_COLUMNS,
    )
    if frame.empty:
        return frame
    frame["_t"] = frame.territory.str.casefold()
    frame["_d"] = frame.held_on.map(lambda d: d.toordinal() if d else 0)
    frame = frame.sort_values(["_t", "_d", "workshop_id"], ascending=[True, False, False])
    return frame.drop(columns=["_t", "_d"]).reset_index(drop=True)


@dataclass
class Filters:
    """What a coordinator narrowed the list to; empty means no narrowing."""

    territories: Sequence[str] = ()
    start: date | None = None
    end: date | None = None
    templates: Sequence[Template | str] = ()
    statuses: Sequence[WorkshopStatus | str] = ()
    include_undated: bool = True


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of ``overview`` that match; a workshop without a date passes a date
    range only when ``include_undated`` (so nothing vanishes without a way back)."""
    if frame.empty:
        return frame
    keep = pd.Series(True, index=frame.index)
    if filters.territories:
        keep &= frame.territory.isin(list(filters.territories))
    if filters.templates:
        keep &= frame.template.isin([Template(t).value for t in filters.templates])
    if filters.statuses:
        keep &= frame.status.isin([WorkshopStatus(s).value for s in filters.statuses])
    if filters.start or filters.end:
        dated = frame.held_on.notna()
        in_range = pd.Series(True, index=frame.index)
        if filters.start:
            in_range &= frame.held_on.map(lambda d: d is not None and d >= filters.start)
        if filters.end:
            in_range &= frame.held_on.map(lambda d: d is not None and d <= filters.end)
        keep &= (dated & in_range) | (~dated & filters.include_undated)
    return frame[keep].reset_index(drop=True)


def _workshops(session: Session, workshop_ids: Iterable[int]) -> dict[int, Workshop]:
    ids = list(workshop_ids)
    if not ids:
        return {}
    return {w.id: w for w in session.exec(select(Workshop).where(Workshop.id.in_(ids)))}


READINESS_COLUMNS = [
    "territory",
    "workshop",
    "code",
    "held_on",
    "dimension",
    "median",
    "q1",
    "q3",
    "n",
]


@dataclass
class Readiness:
    frame: pd.DataFrame
    dimensions: list[str] = field(default_factory=list)


def readiness(
    *, session: Session, workshop_ids: Iterable[int], acting_user_id: Actor = OPERATOR
) -> Readiness:
    """Everyone's readiness per dimension, per workshop (its first assessment step)."""
    require_coordinator(session=session, acting_user_id=acting_user_id)
    workshops = _workshops(session, workshop_ids)
    territory = _territory(session)
    parts, dims = [], []
    seen: set[int] = set()
    for step in assessment_steps(session=session, workshop_ids=workshops):
        if step.workshop_id in seen:
            continue
        frame = assessment(session=session, step=step)
        frame = frame[frame.group == "*"] if not frame.empty else frame
        if frame.empty:
            continue
        seen.add(step.workshop_id)
        w = workshops[step.workshop_id]
        for d in steps.config(step).dimensions:
            if d not in dims:
                dims.append(d)
        parts.append(
            frame.drop(columns=["group"]).assign(
                territory=territory(w.territory), workshop=w.title, code=w.code, held_on=w.held_on
            )
        )
    if not parts:
        return Readiness(pd.DataFrame(columns=READINESS_COLUMNS), dims)
    return Readiness(pd.concat(parts, ignore_index=True)[READINESS_COLUMNS], dims)


def top_priorities(
    *,
    session: Session,
    workshop_ids: Iterable[int],
    top: int = 3,
    acting_user_id: Actor = OPERATOR,
) -> pd.DataFrame:
    """The most-dotted cards of each workshop's dot votes, with their agreement figure."""
    require_coordinator(session=session, acting_user_id=acting_user_id)
    return _top_priorities(session, workshop_ids, top)


def _top_priorities(session: Session, workshop_ids: Iterable[int], top: int) -> pd.DataFrame:
    workshops = _workshops(session, workshop_ids)
    territory = _territory(session)
    columns = ["territory", "workshop", "code", "step", "rank", "priority", "dots", "agreement"]
    out = []
    for step in vote_steps(session=session, workshop_ids=workshops):
        w = workshops[step.workshop_id]
        ranked = step_priorities(session=session, step_id=step.id)
        for rank, row in enumerate(ranked.head(top).itertuples(), 1):
            out.append(
                (
                    territory(w.territory),
                    w.title,
                    w.code,
                    step.title,
                    rank,
                    row.text,
                    int(row.dots),
                    row.agreement,
                )
            )
    frame = pd.DataFrame(out, columns=columns)
    return frame.astype({"agreement": float}) if not frame.empty else frame


def rating_statements(
    *, session: Session, workshop_ids: Iterable[int], acting_user_id: Actor = OPERATOR
) -> pd.DataFrame:
    """Rating statements asked in two or more of these workshops (a template's confidence
    check), everyone's mean and median per workshop: by statement, then date, so no
    territory is ranked against another."""
    require_coordinator(session=session, acting_user_id=acting_user_id)
    frame = recurring_statements(session=session, workshop_ids=list(workshop_ids))
    if frame.empty:
        return frame
    return frame.assign(territory=frame.territory.map(_territory(session)))


def commitments_by_kind(
    *, session: Session, workshop_ids: Iterable[int], acting_user_id: Actor = OPERATOR
) -> pd.DataFrame:
    """Pledges (not withdrawn) per territory and kind: territory, kind, pledges."""
    require_coordinator(session=session, acting_user_id=acting_user_id)
    ids = list(workshop_ids)
    columns = ["territory", "kind", "pledges"]
    if not ids:
        return pd.DataFrame(columns=columns)
    rows = session.exec(
        select(Workshop.territory, Commitment.kind, func.count())
        .join(Workshop, Workshop.id == Commitment.workshop_id)
        .where(Commitment.workshop_id.in_(ids), Commitment.withdrawn == False)  # noqa: E712
        .group_by(Workshop.territory, Commitment.kind)
    ).all()
    territory = _territory(session)
    frame = pd.DataFrame([(territory(t), k.value, int(n)) for t, k, n in rows], columns=columns)
    # Two spellings of one territory are one row.
    frame = frame.groupby(["territory", "kind"], as_index=False).pledges.sum()
    return frame.sort_values(["territory", "kind"], key=lambda s: s.str.casefold()).reset_index(
        drop=True
    )


@dataclass
class Summary:
    """One workshop in a few lines, for debriefs and local plans side by side."""

    workshop_id: int
    code: str
    title: str
    territory: str
    held_on: date | None
    template: str
    participants: int
    # (group, people) checked in, small groups pooled as privacy.TOO_FEW
    groups: list[tuple[str, int]]
    top: list[tuple[str, int]]  # (card, dots) of its dot votes, most dots first
    pledges: int


def summaries(
    *,
    session: Session,
    workshop_ids: Iterable[int],
    top: int = 3,
    acting_user_id: Actor = OPERATOR,
) -> list[Summary]:
    """Per workshop: who took part by group, its most-voted cards and pledge count (for
    side-by-side reading)."""
    require_coordinator(session=session, acting_user_id=acting_user_id)
    workshops = _workshops(session, workshop_ids)
    territory = _territory(session)
    votes = _top_priorities(session, workshops, top)
    over = _overview(session).set_index("workshop_id") if workshops else None
    out = []
    for wid, w in workshops.items():
        mine = votes[votes.code == w.code] if not votes.empty else votes
        people = group_rule(session=session, workshop_id=wid).room()
        out.append(
            Summary(
                workshop_id=wid,
                code=w.code,
                title=w.title,
                territory=territory(w.territory),
                held_on=w.held_on,
                template=w.template.value,
                participants=int(over.loc[wid, "participants"]),
                groups=[
                    (g, int(n)) for g, n in zip(people.group, people.participants, strict=True)
                ],
                top=[(r.priority, int(r.dots)) for r in mine.itertuples()],
                pledges=int(over.loc[wid, "pledges"]),
            )
        )
    return sorted(out, key=lambda s: (s.territory.casefold(), -(s.held_on or date.min).toordinal()))
