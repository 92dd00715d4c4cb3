"""Follow-up in numbers (issue 21): how many pledges are planned, under way, done or
dropped, per workshop, per territory, per priority and over time.

Read from the commitments ledger (``pari.reporting.followup``): a pledge's status at a
moment is that of its latest update at or before it, else the status it was made
with (planned: only an update changes it), counted from the day it was made. Days
are the workshop's own (``Workshop.timezone``), so an update written at 23:30 in
Navarra counts on that day there. Withdrawn pledges are not counted.

What comes out is counts, priorities (the card's text, or the text typed) and
workshops: never a person, a pledge's own words or a note, so the public results page
may show it as it is. A priority whose card was taken off the wall (hidden or
withdrawn) is counted without its text (``priority`` empty, ``priority_hidden`` true).

Who may: ``coordinator_progress`` is for coordinators (every territory; the database
says whether ``acting_user_id`` is one now). ``public_progress`` asks nobody: its
caller shows it only while the workshop's public results page is switched on.
"""

from __future__ import annotations

import bisect
import csv
import enum
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

import pandas as pd
from sqlmodel import Session, select

from pari.accounts import OPERATOR, Actor, require_coordinator
from pari.i18n import N_, _, format_date
from pari.models import (
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Contribution,
    Workshop,
    utcnow,
)
from pari.reporting.exports import neutralise
from pari.reporting.followup import UnknownWorkshop, status_label
from pari.workshops.design import territory_key, territory_names
from pari.workshops.window import zone

# The statuses in the order every table, chart and file shows them.
STATUSES: tuple[str, ...] = tuple(s.value for s in CommitmentStatus)
COUNTS = [*STATUSES, "pledges"]  # each status, then all of them
BY_WORKSHOP_COLUMNS = ["workshop_id", "code", "workshop", "territory", "held_on", *COUNTS]
BY_TERRITORY_COLUMNS = ["territory", "workshops", *COUNTS]
BY_PRIORITY_COLUMNS = [
    "workshop_id",
    "code",
    "workshop",
    "territory",
    "priority",
    "priority_hidden",
    *COUNTS,
]
OVER_TIME_COLUMNS = ["on", *COUNTS]


class Every(enum.StrEnum):
    """Where the series over time takes its counts."""

    CHANGE = "change"  # at the end of each day a pledge was made or updated
    WEEK = "week"  # at the end of each week (Sunday), the current week up to today


@dataclass(frozen=True)
class Progress:
    """Pledges' follow-up in numbers: no person, no note, no pledge text."""

    by_status: dict[str, int]  # status value -> pledges now, every status (0 too)
    by_workshop: pd.DataFrame  # BY_WORKSHOP_COLUMNS: workshops with pledges
    by_territory: pd.DataFrame  # BY_TERRITORY_COLUMNS
    by_priority: pd.DataFrame  # BY_PRIORITY_COLUMNS, most pledges first in each workshop
    over_time: pd.DataFrame  # OVER_TIME_COLUMNS: counts at the end of each day ``on``
    every: Every = Every.CHANGE
    changes: int = 0  # status updates counted (every update, in the ledger's order)
    workshop_ids: list[int] = field(default_factory=list)

    @property
    def pledges(self) -> int:
        return sum(self.by_status.values())


class _Pledge(NamedTuple):
    workshop_id: int
    made_on: date  # the workshop's day it was made
    priority_key: tuple  # the workshop, then its card, its typed text or "off-wall"
    priority: str
    priority_hidden: bool
    days: list[date]  # the days of its changes, in order: made, then each update
    statuses: list[str]  # the status from each change on

    @property
    def status(self) -> str:
        return self.statuses[-1]

    def status_on(self, day: date) -> str | None:
        """Its status at the end of ``day``; None before it was made."""
        i = bisect.bisect_right(self.days, day)
        return self.statuses[i - 1] if i else None


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _day(moment: datetime, workshop: Workshop) -> date:
    """The day ``moment`` (UTC) falls on where the workshop is."""
    return _as_utc(moment).astimezone(zone(workshop.timezone)).date()


def _pledges(session: Session, workshops: dict[int, Workshop]) -> list[_Pledge]:
    """The standing pledges of ``workshops`` with their history, read in two queries."""
    if not workshops:
        return []
    rows = session.exec(
        select(
            Commitment.id,
            Commitment.workshop_id,
            Commitment.status,
            Commitment.created_at,
            Commitment.contribution_id,
            Commitment.priority_text,
            Contribution.text,
            Contribution.hidden,
            Contribution.withdrawn,
        )
        .join(Contribution, Contribution.id == Commitment.contribution_id, isouter=True)
        .where(
            Commitment.workshop_id.in_(list(workshops)),
            Commitment.withdrawn == False,  # noqa: E712 - SQL expression
        )
        .order_by(Commitment.id)
    ).all()
    updates: dict[int, list[tuple[datetime, CommitmentStatus]]] = {}
    for cid, status, at in session.exec(
        select(CommitmentUpdate.commitment_id, CommitmentUpdate.status, CommitmentUpdate.created_at)
        .join(Commitment, Commitment.id == CommitmentUpdate.commitment_id)
        .where(
            Commitment.workshop_id.in_(list(workshops)),
            Commitment.withdrawn == False,  # noqa: E712 - SQL expression
        )
        .order_by(CommitmentUpdate.created_at, CommitmentUpdate.id)
    ):
        updates.setdefault(cid, []).append((at, status))
    out = []
    for cid, wid, status, created, card_id, typed, card_text, hidden, withdrawn in rows:
        w = workshops[wid]
        made_on = _day(created, w)
        history = updates.get(cid, [])
        # Made planned (only an update changes a status); with no update, as stored.
        first = CommitmentStatus.PLANNED.value if history else CommitmentStatus(status).value
        # An update stamped before the pledge (clocks) counts from the day it was made.
        days = [made_on, *(max(_day(at, w), made_on) for at, _s in history)]
        statuses = [first, *(CommitmentStatus(s).value for _at, s in history)]
        typed = " ".join((typed or "").split())
        # Its card taken off the wall, or deleted (the pledge then has no text either).
        off_wall = bool(hidden or withdrawn) if card_id is not None else not typed
        if off_wall:  # counted together, without their text
            key: tuple = (wid, "off-wall")
            text = ""
        elif card_id is not None:
            key = (wid, "card", card_id)
            text = card_text or ""
        else:
            text = typed
            key = (wid, "typed", text.casefold())
        out.append(_Pledge(wid, made_on, key, text, off_wall, days, statuses))
    return out


def _counts(statuses: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for s in statuses:
        counts[s] += 1
    counts["pledges"] = sum(counts[s] for s in STATUSES)
    return counts


def _cuts(pledges: list[_Pledge], every: Every, today: date) -> list[date]:
    """The days the series counts at (the end of each)."""
    if not pledges:
        return []
    changed = sorted({d for p in pledges for d in p.days})
    last = max(changed[-1], today)
    if every is Every.WEEK:
        sunday = changed[0] + timedelta(days=6 - changed[0].weekday())
        cuts = []
        while True:
            cuts.append(min(sunday, last))
            if sunday >= last:
                return cuts
            sunday += timedelta(days=7)
    return changed if changed[-1] == last else [*changed, last]


def _today(workshops: Iterable[Workshop], now: datetime) -> date:
    """Today, as late as it is in any of the workshops' zones."""
    return max((_day(now, w) for w in workshops), default=_as_utc(now).date())


def _build(
    session: Session, workshops: dict[int, Workshop], every: Every, now: datetime | None
) -> Progress:
    every = Every(every)
    pledges = _pledges(session, workshops)
    names = territory_names(session)

    def territory(w: Workshop) -> str:
        return names.get(territory_key(w.territory), w.territory)

    per_workshop: dict[int, list[_Pledge]] = {}
    for p in pledges:
        per_workshop.setdefault(p.workshop_id, []).append(p)
    by_workshop = pd.DataFrame(
        [
            {
                "workshop_id": wid,
                "code": workshops[wid].code,
                "workshop": workshops[wid].title,
                "territory": territory(workshops[wid]),
                "held_on": workshops[wid].held_on,
                **_counts(p.status for p in mine),
            }
            for wid, mine in per_workshop.items()
        ],
        columns=BY_WORKSHOP_COLUMNS,
    )
    if not by_workshop.empty:
        by_workshop = (
            by_workshop.assign(
                _t=by_workshop.territory.map(territory_key),
                _d=by_workshop.held_on.map(lambda d: -d.toordinal() if d else 0),
            )
            .sort_values(["_t", "_d", "workshop_id"])
            .drop(columns=["_t", "_d"])
            .reset_index(drop=True)
        )
    by_territory = pd.DataFrame(
        [
            {
                "territory": name,
                "workshops": len(part),
                **{c: int(part[c].sum()) for c in COUNTS},
            }
            for name, part in by_workshop.groupby("territory", sort=False)
        ],
        columns=BY_TERRITORY_COLUMNS,
    )

    per_priority: dict[tuple, list[_Pledge]] = {}
    for p in pledges:
        per_priority.setdefault(p.priority_key, []).append(p)
    by_priority = pd.DataFrame(
        [
            {
                "workshop_id": mine[0].workshop_id,
                "code": workshops[mine[0].workshop_id].code,
                "workshop": workshops[mine[0].workshop_id].title,
                "territory": territory(workshops[mine[0].workshop_id]),
                "priority": mine[0].priority,
                "priority_hidden": mine[0].priority_hidden,
                **_counts(p.status for p in mine),
            }
            for mine in per_priority.values()
        ],
        columns=BY_PRIORITY_COLUMNS,
    )
    if not by_priority.empty:
        order = {wid: i for i, wid in enumerate(by_workshop.workshop_id)}
        by_priority = (
            by_priority.assign(
                _w=by_priority.workshop_id.map(order),
                _p=by_priority.priority.str.casefold(),
                _h=by_priority.priority_hidden,
            )
            .sort_values(["_w", "pledges", "_h", "_p"], ascending=[True, False, True, True])
            .drop(columns=["_w", "_p", "_h"])
            .reset_index(drop=True)
        )

    today = _today(workshops.values(), now or utcnow())
    over_time = pd.DataFrame(
        [
            {"on": day, **_counts(s for p in pledges if (s := p.status_on(day)) is not None)}
            for day in _cuts(pledges, every, today)
        ],
        columns=OVER_TIME_COLUMNS,
    )
    now_counts = _counts(p.status for p in pledges)
    return Progress(
        by_status={s: now_counts[s] for s in STATUSES},
        by_workshop=by_workshop,
        by_territory=by_territory,
        by_priority=by_priority,
        over_time=over_time,
        every=every,
        changes=sum(len(p.days) - 1 for p in pledges),
        workshop_ids=sorted(workshops),
    )


def coordinator_progress(
    *,
    session: Session,
    acting_user_id: Actor = OPERATOR,
    territory: str | None = None,
    workshop_ids: Iterable[int] | None = None,
    every: Every | str = Every.CHANGE,
    now: datetime | None = None,
) -> Progress:
    """Follow-up of every workshop (or of ``workshop_ids``) in ``territory`` (None: every
    territory; '' the workshops without one; spelled any way, ``territory_key``):
    coordinators only, as the database says now."""
    require_coordinator(session=session, acting_user_id=acting_user_id)
    query = select(Workshop)
    if workshop_ids is not None:
        ids = list(workshop_ids)
        if not ids:
            return _build(session, {}, Every(every), now)
        query = query.where(Workshop.id.in_(ids))
    chosen = {w.id: w for w in session.exec(query)}
    if territory is not None:
        key = territory_key(territory)
        chosen = {i: w for i, w in chosen.items() if territory_key(w.territory) == key}
    return _build(session, chosen, Every(every), now)


def public_progress(
    *,
    session: Session,
    workshop_id: int,
    every: Every | str = Every.CHANGE,
    now: datetime | None = None,
) -> Progress:
    """Follow-up of one workshop, for its public results page. Asks nobody: the CALLER
    shows it only while that workshop's public page is switched on (nothing here holds
    a person's name, a pledge's words or a note)."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise UnknownWorkshop(N_("This workshop no longer exists."))
    return _build(session, {workshop.id: workshop}, Every(every), now)


# --- the same, labelled for people (pages; the public page too) ------------------------

NOT_SHOWN = N_("A priority no longer shown")


def count_labels() -> dict[str, str]:
    """Each count's column heading in the reader's language."""
    return {**{s: status_label(s) for s in STATUSES}, "pledges": _("Pledges")}


def _counted(frame: pd.DataFrame) -> dict[str, list[int]]:
    return {label: [int(v) for v in frame[c]] for c, label in count_labels().items()}


def status_table(progress: Progress) -> pd.DataFrame:
    """Pledges now, per status."""
    return pd.DataFrame(
        {
            _("Status"): [status_label(s) for s in STATUSES],
            _("Pledges"): [progress.by_status[s] for s in STATUSES],
        }
    )


def workshop_table(progress: Progress) -> pd.DataFrame:
    """Pledges now, per workshop (by territory, newest first)."""
    frame = progress.by_workshop
    return pd.DataFrame(
        {
            _("Territory"): [t or _("No territory") for t in frame.territory],
            _("Workshop"): list(frame.workshop),
            _("Date"): [format_date(d) for d in frame.held_on],
            **_counted(frame),
        }
    )


def priority_table(progress: Progress, *, with_workshop: bool = True) -> pd.DataFrame:
    """Pledges now, per priority (most pledges first in each workshop)."""
    frame = progress.by_priority
    where = {_("Workshop"): list(frame.workshop)} if with_workshop else {}
    return pd.DataFrame(
        {
            **where,
            _("Priority"): [
                _(NOT_SHOWN) if hidden else text
                for text, hidden in zip(frame.priority, frame.priority_hidden, strict=True)
            ],
            **_counted(frame),
        }
    )


def over_time_table(progress: Progress) -> pd.DataFrame:
    """The counts of the chart over time, one row per day counted."""
    frame = progress.over_time
    return pd.DataFrame({_("Date"): [format_date(d) for d in frame["on"]], **_counted(frame)})


def csv_bytes(progress: Progress) -> bytes:
    """Pledges now per workshop and priority, then the series over time, as one CSV
    (UTF-8 with a byte-order mark, formula cells neutralised; machine column names as
    in ``exports``): ``table`` says which part a row belongs to."""
    columns = ["table", "on", "territory", "workshop_code", "workshop", "priority", *COUNTS]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for r in progress.by_priority.itertuples():
        priority = "" if r.priority_hidden else r.priority
        writer.writerow(
            [
                neutralise(v)
                for v in (
                    "by_priority",
                    "",
                    r.territory,
                    r.code,
                    r.workshop,
                    priority,
                    *(int(getattr(r, c)) for c in COUNTS),
                )
            ]
        )
    for r in progress.over_time.itertuples():
        writer.writerow(
            ["over_time", r.on.isoformat(), "", "", "", "", *(int(getattr(r, c)) for c in COUNTS)]
        )
    return buffer.getvalue().encode("utf-8-sig")


__all__ = [
    "BY_PRIORITY_COLUMNS",
    "BY_TERRITORY_COLUMNS",
    "BY_WORKSHOP_COLUMNS",
    "COUNTS",
    "NOT_SHOWN",
    "OVER_TIME_COLUMNS",
    "STATUSES",
    "Every",
    "Progress",
    "coordinator_progress",
    "count_labels",
    "csv_bytes",
    "over_time_table",
    "priority_table",
    "public_progress",
    "status_table",
    "workshop_table",
]
