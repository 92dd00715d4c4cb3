"""The self-paced window (issue 21): a period before or after the live session in which
phones answer the chosen steps of a workshop at their own pace, and what each answer
was given in (live or self-paced).

The rule, in one place (``pari.phone.guards.writable_mode`` applies it to every write):

- **live**: the step is current and open, its timer not ended, and the workshop LIVE
  (as before the window existed);
- **self-paced**: otherwise, while the window is open by the server's clock
  (``self_paced_from <= now < self_paced_until``), for a step that is in the window
  (``in_window``: chosen, its kind takes input, its source step set if it needs one),
  and only while the room is not run live (``run_live``).

**Run live** means the workshop's status is LIVE *and* it has a current step: the
facilitator is running the room, and every phone follows the room's step as before,
window or not. So in the window a DRAFT workshop (before the session), a CLOSED one
(after it) and a LIVE one with no current step take self-paced answers; a CLOSED
workshop lets people join and check in during its window only (``window_open``).

The times are stored in UTC; the facilitator gives them as local dates and times in
the workshop's IANA time zone (``Workshop.timezone``), converted here with ``zoneinfo``.
Nothing runs when the window opens or ends: every rule reads it against the clock.
"""

from __future__ import annotations

import enum
import functools
import zoneinfo
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import case, func, union_all
from sqlalchemy import select as core_select
from sqlmodel import Session, select

from pari import steps as step_kinds
from pari import versioning
from pari.accounts import AuthUser
from pari.i18n import N_, ngettext
from pari.models import (
    DEFAULT_TIMEZONE,
    MAX_TIMEZONE,
    TIMEZONE_BY_LANGUAGE,
    Step,
    Workshop,
    WorkshopStatus,
    utcnow,
)
from pari.permissions import can_run_workshop, require
from pari.workshops.access import InvalidInput, NotFound, get_workshop, list_steps

RUN_BY_OTHERS = N_("You may not run this workshop.")


# --- the rule (pure: no database) ----------------------------------------------------


def run_live(workshop: Workshop) -> bool:
    """The facilitator is running the room: the workshop is LIVE with a current step.
    Phones then follow the room only; the window takes no self-paced answer."""
    return workshop.status is WorkshopStatus.LIVE and workshop.current_step_id is not None


def window_open(workshop: Workshop, now: datetime | None = None) -> bool:
    """The window is set and ``now`` is inside it (its start included, its end not)."""
    start, end = workshop.self_paced_from, workshop.self_paced_until
    if start is None or end is None:
        return False
    now = now or utcnow()
    return start <= now < end


def in_window(step: Step) -> bool:
    """The step is one a phone may answer in the window: chosen by the facilitator
    (``Step.self_paced``), of a kind that takes input, and not waiting for the ideas
    step it draws its cards from (the run page could not open it either)."""
    kind = step_kinds.get(step.kind)
    return (
        bool(step.self_paced)
        and kind.takes_input
        and not (kind.needs_ideas and step.source_step_id is None)
    )


def accepts_self_paced(workshop: Workshop, now: datetime | None = None) -> bool:
    """Self-paced answers are taken now: the window is open and the room not run live
    (what ``WindowState.accepting`` shows; the phone rules ask it too)."""
    return window_open(workshop, now) and not run_live(workshop)


# --- time zones ------------------------------------------------------------------------


@functools.cache
def timezones() -> frozenset[str]:
    """Every IANA zone name this server knows (the choice offered to a facilitator)."""
    return frozenset(zoneinfo.available_timezones())


def timezone_choices() -> list[str]:
    """The zones a facilitator picks from: the pilot countries' first, then every other
    zone in alphabetical order."""
    first = sorted(set(TIMEZONE_BY_LANGUAGE.values()) & timezones())
    return first + sorted(timezones() - set(first))


def default_timezone(language: str | None) -> str:
    """A new workshop's zone, from its language (sv: Stockholm, es and eu: Madrid, pt:
    Lisbon, fr and en: Brussels)."""
    return TIMEZONE_BY_LANGUAGE.get(language or "", DEFAULT_TIMEZONE)


def check_timezone(name: object) -> str:
    """``name`` if it is a zone this server knows (``InvalidInput`` otherwise)."""
    if not isinstance(name, str) or len(name) > MAX_TIMEZONE or name not in timezones():
        raise InvalidInput(N_("Choose a time zone from the list."))
    return name


def zone(name: str) -> zoneinfo.ZoneInfo:
    """The workshop's zone; UTC for a name this server does not know (never refused
    on a read: a stored row is shown, not judged)."""
    try:
        return zoneinfo.ZoneInfo(name) if name in timezones() else zoneinfo.ZoneInfo("UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def to_utc(local: object, zone_name: str) -> datetime:
    """A date and time as a facilitator gives it in ``zone_name`` (naive: wall-clock
    time there; aware: taken as it is), in UTC. A wall-clock time the clocks skip when
    they change (a spring-forward hour) does not exist there and is refused; one they
    go through twice (autumn) is the first of the two."""
    if not isinstance(local, datetime):
        raise InvalidInput(N_("Choose a date and a time."))
    if local.tzinfo is not None and local.utcoffset() is not None:
        return local.astimezone(UTC)
    tz = zone(check_timezone(zone_name))
    placed = local.replace(tzinfo=tz, fold=0)
    in_utc = placed.astimezone(UTC)
    if in_utc.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None, fold=0):
        raise InvalidInput(
            N_("{time} does not exist in {zone}: the clocks change then. Choose another time."),
            time=local.strftime("%Y-%m-%d %H:%M"),
            zone=zone_name,
        )
    return in_utc


# --- what the window is now ----------------------------------------------------------


class WindowStatus(enum.StrEnum):
    NOT_SET = "not_set"
    UPCOMING = "upcoming"
    OPEN = "open"
    ENDED = "ended"


@dataclass(frozen=True)
class WindowState:
    """The window of a workshop at one moment, for the run page, the presenter and
    the phone. ``opens_local``/``closes_local`` are the stored UTC times in the
    workshop's zone (aware datetimes), for display."""

    status: WindowStatus
    timezone: str
    opens_at: datetime | None = None  # UTC
    closes_at: datetime | None = None  # UTC
    opens_local: datetime | None = None
    closes_local: datetime | None = None
    # The facilitator is running the room (``run_live``): phones follow it, and the
    # window, even open, takes no self-paced answer until the room stops.
    room_live: bool = False

    @property
    def accepting(self) -> bool:
        """Self-paced answers are taken now."""
        return self.status is WindowStatus.OPEN and not self.room_live


def window_state(workshop: Workshop, now: datetime | None = None) -> WindowState:
    """Not set, upcoming, open or ended at ``now`` (the server's clock by default)."""
    now = now or utcnow()
    start, end = workshop.self_paced_from, workshop.self_paced_until
    live = run_live(workshop)
    if start is None or end is None:
        return WindowState(WindowStatus.NOT_SET, workshop.timezone, room_live=live)
    if now < start:
        status = WindowStatus.UPCOMING
    elif now < end:
        status = WindowStatus.OPEN
    else:
        status = WindowStatus.ENDED
    tz = zone(workshop.timezone)
    return WindowState(
        status=status,
        timezone=workshop.timezone,
        opens_at=start,
        closes_at=end,
        opens_local=start.astimezone(tz),
        closes_local=end.astimezone(tz),
        room_live=live,
    )


# --- the facilitator's changes ----------------------------------------------------


def _runnable_workshop(session: Session, user: AuthUser, workshop_id: int) -> Workshop:
    """The workshop, if ``user`` may run it. A closed workshop is accepted: a window
    after the session is set on a workshop that is closed."""
    workshop = get_workshop(session=session, user=user, workshop_id=workshop_id)
    require(can_run_workshop(session=session, user=user, workshop=workshop), RUN_BY_OTHERS)
    return workshop


def _announce(session: Session, workshop: Workshop) -> None:
    workshop.updated_at = utcnow()
    session.add(workshop)
    session.flush()
    # Phones and the presenter redraw (what a phone may answer changed).
    versioning.bump(session, workshop.id, stage=True)
    session.refresh(workshop)


def set_window(
    *,
    session: Session,
    user: AuthUser,
    workshop_id: int,
    opens: datetime,
    closes: datetime,
    timezone: str | None = None,
) -> Workshop:
    """Open the workshop's self-paced window from ``opens`` until ``closes``: local
    dates and times in ``timezone`` (the workshop's zone when None; a zone given
    becomes the workshop's). The end must come after the start; a start in the past
    opens the window at once."""
    workshop = _runnable_workshop(session, user, workshop_id)
    zone_name = check_timezone(workshop.timezone if timezone is None else timezone)
    start, end = to_utc(opens, zone_name), to_utc(closes, zone_name)
    if end <= start:
        raise InvalidInput(N_("The window must end after it opens."))
    workshop.timezone = zone_name
    workshop.self_paced_from, workshop.self_paced_until = start, end
    _announce(session, workshop)
    return workshop


def clear_window(*, session: Session, user: AuthUser, workshop_id: int) -> Workshop:
    """No window: from now on phones answer only the step the room runs."""
    workshop = _runnable_workshop(session, user, workshop_id)
    workshop.self_paced_from = workshop.self_paced_until = None
    _announce(session, workshop)
    return workshop


def set_timezone(*, session: Session, user: AuthUser, workshop_id: int, timezone: str) -> Workshop:
    """The zone the window's times are given and shown in. A window already set keeps
    its moments (UTC): only how they read changes."""
    workshop = _runnable_workshop(session, user, workshop_id)
    workshop.timezone = check_timezone(timezone)
    _announce(session, workshop)
    return workshop


def choose_steps(
    *, session: Session, user: AuthUser, workshop_id: int, step_ids: Collection[int]
) -> list[Step]:
    """The steps in the window: exactly those of ``step_ids`` (of this workshop); the
    others leave it. Returns the workshop's window steps, in order (``window_steps``).
    A step of a kind without input may be named but never takes answers."""
    if isinstance(step_ids, str | bytes) or not isinstance(step_ids, Iterable):
        raise InvalidInput()
    wanted = set(step_ids)
    if any(isinstance(i, bool) or not isinstance(i, int) for i in wanted):
        raise InvalidInput()
    workshop = _runnable_workshop(session, user, workshop_id)
    all_steps = list_steps(session=session, workshop_id=workshop.id)
    if wanted - {s.id for s in all_steps}:
        raise NotFound(N_("No such step."))
    for step in all_steps:
        chosen = step.id in wanted
        if step.self_paced != chosen:
            step.self_paced = chosen
            session.add(step)
    _announce(session, workshop)
    return [s for s in all_steps if in_window(s)]


def window_steps(*, session: Session, workshop_id: int) -> list[Step]:
    """The steps a phone moves through in the window, in the workshop's order (its
    next, back and progress line); the same whether the window is open or not."""
    return [s for s in list_steps(session=session, workshop_id=workshop_id) if in_window(s)]


# --- who answered, and how --------------------------------------------------------------


@dataclass(frozen=True)
class ModeCounts:
    """People who answered one step, by mode: a person who answered both live and
    self-paced counts once, as live (they were in the room)."""

    live: int = 0
    self_paced: int = 0

    @property
    def total(self) -> int:
        return self.live + self.self_paced


def mode_text(counts: ModeCounts) -> str:
    """ "12 people answered: 8 live, 4 self-paced", in the current language."""
    return ngettext(
        "{n} person answered: {live} live, {paced} self-paced",
        "{n} people answered: {live} live, {paced} self-paced",
        counts.total,
    ).format(n=counts.total, live=counts.live, paced=counts.self_paced)


def _answer_rows(steps: Iterable[Step]):
    """Every answer row of these steps as (step_id, participant_id, self_paced), from
    each kind's own tables (``Kind.answer_rows``), in one subquery; None if none."""
    by_kind: dict = defaultdict(list)
    for step in steps:
        by_kind[step.kind].append(step.id)
    selects = [
        query
        for kind, ids in by_kind.items()
        for query in step_kinds.get(kind).answer_rows(sorted(ids))
    ]
    if not selects:
        return None
    return (selects[0] if len(selects) == 1 else union_all(*selects)).subquery("answer_rows")


def _steps(session: Session, workshop_id: int, step_ids: Collection[int] | None) -> list[Step]:
    if step_ids is None:
        return list_steps(session=session, workshop_id=workshop_id)
    query = select(Step).where(Step.workshop_id == workshop_id, Step.id.in_(list(step_ids)))
    return list(session.exec(query.order_by(Step.position, Step.id)))


def mode_counts(
    *, session: Session, workshop_id: int, step_ids: Collection[int] | None = None
) -> dict[int, ModeCounts]:
    """People who answered each step of the workshop (or of ``step_ids``), live and
    self-paced: "12 live, 4 self-paced" on the run page and the presenter. Every step
    asked for is in the result (no answers: zeros). Cards hidden or merged by
    moderation still count their author; what a person took back does not."""
    wanted = _steps(session, workshop_id, step_ids)
    counts = {s.id: ModeCounts() for s in wanted}
    rows = _answer_rows(wanted)
    if rows is None:
        return counts
    person = (
        core_select(
            rows.c.step_id,
            func.max(case((rows.c.self_paced, 0), else_=1)).label("live"),
        )
        .group_by(rows.c.step_id, rows.c.participant_id)
        .subquery("person")
    )
    query = core_select(
        person.c.step_id, func.sum(person.c.live), func.count(person.c.step_id)
    ).group_by(person.c.step_id)
    for step_id, live, people in session.connection().execute(query):
        live = int(live or 0)
        counts[step_id] = ModeCounts(live=live, self_paced=int(people) - live)
    return counts


def answered_steps(*, session: Session, participant_id: int, steps: Iterable[Step]) -> set[int]:
    """The ids of ``steps`` this person has answered (in either mode): for check-in,
    being checked in; for the others, a row of theirs that still counts."""
    rows = _answer_rows(list(steps))
    if rows is None:
        return set()
    query = core_select(rows.c.step_id).where(rows.c.participant_id == participant_id).distinct()
    return {step_id for (step_id,) in session.connection().execute(query)}
