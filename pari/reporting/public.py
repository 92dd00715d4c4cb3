"""A workshop's public results page (issue 21, point 3): read-only, for anyone with its
link, such as the readers of a municipal newsletter.

A facilitator switches it on per workshop (``set_public``); it is then at
``BASE_URL/results?r=KEY`` (``link``). The key is 128 random bits of its own, not the
join code: the join code lets a phone into the workshop (a self-paced window still
takes answers), is short enough to try, and is printed on the plan; a link pasted in
a newsletter must let nobody in. The key is made the first time the page is switched
on and kept, so a printed link works again when the page is switched back on; switched
off, the page says "not available" at once, as it does for a key that never existed,
so nothing can be probed.

What it shows is the local plan (``plan.collect``), small groups already pooled
(``pari.privacy``), with nothing that names a person: no facilitators, no join code,
no pledger's name or organisation (their stakeholder group, small groups pooled), no
follow-up notes (written by staff, they may name people), and no asker of a question.
A step whose results the facilitator keeps hidden (``pari.reveal``) is left out until
they are revealed in full: a result not revealed never leaves the server.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, fields, replace
from datetime import date

import pandas as pd
from sqlmodel import Session, select

from pari import urls, versioning
from pari.accounts import AuthUser
from pari.codes import looks_like_token
from pari.errors import PariError
from pari.i18n import N_, _
from pari.labels import text_label
from pari.models import Commitment, Contribution, Workshop
from pari.permissions import can_publish_results, require
from pari.reporting import plan as local_plan
from pari.reporting import tables
from pari.reporting.blocks import Section
from pari.reporting.progress import NOT_SHOWN
from pari.reveal import Reveal
from pari.steps.commitments.results import NO_LEAD_COLUMNS
from pari.workshops import list_steps

PARAM = "r"  # the query parameter holding the key: /results?r=KEY
# What the public sees of each pledge: no owner, no note, no ids.
PLEDGE_COLUMNS = [
    "priority",
    "group",
    "role",
    "kind",
    "what",
    "amount",
    "unit",
    "by_when",
    "status",
    "status_at",
]
# Columns of a step's part that may name a person (the questions' asker, as the plan
# may name them with their consent): emptied, so the part shows the group instead.
NAME_COLUMNS = ("who", "owner", "name", "organisation", "place")


class PublicResultsError(PariError, ValueError):
    """A change to the public page refused (pari.errors)."""


class UnknownWorkshop(PublicResultsError):
    default = N_("This workshop no longer exists.")


@dataclass(frozen=True)
class Published:
    """A workshop whose public page is on: what the page needs before reading it all."""

    workshop_id: int
    version: int  # the cache key of what is shown (``pari.versioning``)
    language: str  # the workshop's: the page's language when the reader's is unknown


@dataclass
class PublicResults(local_plan.Totals):
    """What the public page shows, and nothing more."""

    title: str
    territory: str
    held_on: date | None
    language: str
    template: str
    version: int
    min_group_size: int
    next_steps: str
    room: pd.DataFrame  # group, participants: small groups pooled as ``TOO_FEW``
    sections: list[Section] = field(default_factory=list)  # shown steps' parts, no names
    pledges: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PLEDGE_COLUMNS))
    no_lead: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NO_LEAD_COLUMNS))
    # Every commitments step's results may be shown: the pledges' follow-up with them.
    follow_up_shown: bool = True


@dataclass(frozen=True)
class PledgeFacts:
    """What the public page must know of one pledge beyond the plan's row."""

    step_id: int
    card_gone: bool  # its card was hidden or taken back: its words are not published


def new_key() -> str:
    """128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


def link(base_url: str, key: str) -> str:
    """The public page's address, as the plan page shows it to copy."""
    return f"{base_url.rstrip('/')}/{urls.PUBLIC_RESULTS}?{PARAM}={key}"


# --- writes --------------------------------------------------------------------------


def set_public(*, session: Session, user: AuthUser | None, workshop_id: int, on: bool) -> Workshop:
    """Switch the workshop's public page on or off; off takes it away at once.

    Its key is made the first time it is switched on and kept after. The workshop's
    version moves, so every cached read of it (the page's, the plan's) is read again."""
    if not isinstance(on, bool):
        raise PublicResultsError(N_("Unknown choice."))
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise UnknownWorkshop()
    require(can_publish_results(session=session, user=user, workshop=workshop))
    # Locked once allowed: two people switching it on at once make one key, not two.
    workshop = session.exec(
        select(Workshop)
        .where(Workshop.id == workshop_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if on and workshop.public_key is None:
        workshop.public_key = new_key()
    if workshop.public_results != on:
        workshop.public_results = on
        session.add(workshop)
        versioning.bump(session, workshop.id)
    session.flush()
    session.refresh(workshop)
    return workshop


# --- reads ---------------------------------------------------------------------------


def published(*, session: Session, key: object) -> Published | None:
    """The workshop whose public page is at ``key``, if it is on; None when it is off,
    unknown or not a key at all (one cheap indexed read: the page asks on every run)."""
    if not isinstance(key, str) or not looks_like_token(key):
        return None
    row = session.exec(
        select(Workshop.id, Workshop.version, Workshop.language).where(
            Workshop.public_key == key,
            Workshop.public_results == True,  # noqa: E712 - SQL expression
        )
    ).first()
    return Published(*row) if row is not None else None


def public_results(*, session: Session, key: object) -> PublicResults | None:
    """What the public page at ``key`` shows, or None when it is off or unknown."""
    found = published(session=session, key=key)
    if found is None:
        return None
    try:
        plan = local_plan.collect(session=session, workshop_id=found.workshop_id)
    except local_plan.PlanUnavailable:  # deleted meanwhile
        return None
    reveals = _reveals(session, found.workshop_id)
    return from_plan(plan, reveals, pledge_facts(session=session, plan=plan))


def pledge_facts(*, session: Session, plan: local_plan.Plan) -> dict[int, PledgeFacts]:
    """Each pledge's step, and whether the card it is for is off the wall (hidden or
    taken back): by commitment id."""
    if plan.pledges.empty:
        return {}
    ids = [int(i) for i in plan.pledges.commitment_id]
    rows = session.exec(
        select(Commitment.id, Commitment.step_id, Contribution.hidden, Contribution.withdrawn)
        .outerjoin(Contribution, Contribution.id == Commitment.contribution_id)
        .where(Commitment.id.in_(ids))
    ).all()
    return {
        cid: PledgeFacts(step_id, bool(hidden or withdrawn))
        for cid, step_id, hidden, withdrawn in rows
    }


def from_plan(
    plan: local_plan.Plan,
    reveals: dict[int, Reveal],
    facts: dict[int, PledgeFacts] | None = None,
) -> PublicResults:
    """The public part of a plan: ``reveals`` says which steps' results may be shown,
    ``facts`` (``pledge_facts``) which step each pledge belongs to and whether its card
    is off the wall. Pledges of a commitments step whose results are not shown are left
    out, with the follow-up; a card off the wall is not named."""
    facts = facts or {}
    pledges = plan.rule.mask(plan.pledges, "group")
    pledge_steps = {f.step_id for f in facts.values()}
    hidden_steps = {sid for sid in pledge_steps if not _shown(reveals.get(sid))}
    if pledges.empty:
        pledges = pd.DataFrame(columns=PLEDGE_COLUMNS)
    else:
        fact = [facts.get(int(c)) for c in pledges.commitment_id]
        pledges = pledges[[f is None or f.step_id not in hidden_steps for f in fact]]
        gone = [
            f is not None and f.card_gone
            for f in fact
            if f is None or f.step_id not in hidden_steps
        ]
        pledges = pledges.assign(
            priority=pledges.priority.where([not g for g in gone], _(NOT_SHOWN))
        )
        pledges = pledges[PLEDGE_COLUMNS].reset_index(drop=True)
    return PublicResults(
        title=plan.title,
        territory=plan.territory,
        held_on=plan.held_on,
        language=plan.language,
        template=plan.template,
        version=plan.version,
        min_group_size=plan.rule.minimum,
        next_steps=plan.next_steps,
        room=plan.room,
        sections=[_without_names(s) for s in plan.sections if _shown(reveals.get(s.step_id))],
        pledges=pledges,
        no_lead=plan.no_lead if not hidden_steps else plan.no_lead.iloc[0:0],
        follow_up_shown=not hidden_steps,
    )


def withheld(*, session: Session, plan: local_plan.Plan) -> list[str]:
    """The titles of the plan's steps that the public page leaves out for now: their
    results are hidden and not revealed in full (the plan page says so)."""
    reveals = _reveals(session, plan.workshop_id)
    titles = [text_label(s.title) for s in plan.sections if not _shown(reveals.get(s.step_id))]
    steps = {s.id: s for s in list_steps(session=session, workshop_id=plan.workshop_id)}
    pledged = {f.step_id for f in pledge_facts(session=session, plan=plan).values()}
    return titles + [
        text_label(steps[sid].title)
        for sid in sorted(pledged, key=lambda i: steps[i].position)
        if not _shown(reveals.get(sid))
    ]


def _reveals(session: Session, workshop_id: int) -> dict[int, Reveal]:
    return {s.id: Reveal.of(s) for s in list_steps(session=session, workshop_id=workshop_id)}


def _shown(reveal: Reveal | None) -> bool:
    """Whether every result of a step may be shown (``Reveal.complete``)."""
    return reveal is not None and reveal.complete


def _without_names(section: Section) -> Section:
    """A copy of a step's part with every column that may name a person emptied."""
    changes = {}
    for f in fields(section):
        value = getattr(section, f.name)
        if isinstance(value, pd.DataFrame):
            names = [c for c in NAME_COLUMNS if c in value.columns]
            if names:
                changes[f.name] = value.assign(**{c: "" for c in names})
    return replace(section, **changes) if changes else section


# --- the page's tables ---------------------------------------------------------------


def room_table(results: PublicResults) -> pd.DataFrame:
    """Who took part: people per stakeholder group, small groups pooled."""
    return tables.room_table(results)


def pledges_table(pledges: pd.DataFrame) -> pd.DataFrame:
    """The pledges (``PLEDGE_COLUMNS``) as the public reads them: every cell text."""
    return tables.pledges_table(pledges, public=True)


__all__ = [
    "PARAM",
    "PLEDGE_COLUMNS",
    "PublicResults",
    "PublicResultsError",
    "Published",
    "UnknownWorkshop",
    "can_publish_results",
    "from_plan",
    "link",
    "pledges_table",
    "public_results",
    "published",
    "room_table",
    "set_public",
    "withheld",
]
