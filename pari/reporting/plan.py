"""The local plan: what a workshop produced, read in one go (``collect``).

The page and both files (``document``, ``pdf``) draw from one ``Plan``. Each step
that has a part in the plan gives it through its kind (``Kind.report_section``);
the room, the pledges with their follow-up and the next steps belong to the
workshop as a whole. What the plan holds is already as privacy allows it
(``pari.privacy``): names only with consent, small groups "Too few to show".
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

import pandas as pd
from sqlmodel import Session, select

from pari import steps
from pari.i18n import N_
from pari.models import (
    AnswerMode,
    CommitmentStatus,
    CommitmentUpdate,
    Contribution,
    Participant,
    StepKind,
    User,
    Workshop,
)
from pari.privacy import GroupRule, group_rule
from pari.reporting.blocks import Section
from pari.steps.base import answers_in_mode
from pari.steps.commitments.results import NO_LEAD_COLUMNS, workshop_without_lead
from pari.steps.commitments.results import pledges as standing_pledges
from pari.steps.ideas import on_the_wall
from pari.themes.language import language_counts
from pari.workshops import list_steps, shared_with

PLEDGE_COLUMNS = [
    "commitment_id",
    "priority",
    "owner",
    "group",
    "role",
    "kind",
    "what",
    "amount",
    "unit",
    "by_when",
    "status",
    "status_at",
    "note",
]


class PlanUnavailable(LookupError):
    """The workshop is gone (deleted meanwhile); the message is for people."""


class Totals:
    """The figures at the head of a plan, on the plan page and the public page alike
    (``room``, ``sections`` and ``pledges`` are the class's own fields)."""

    room: pd.DataFrame
    sections: list[Section]
    pledges: pd.DataFrame

    @property
    def participants(self) -> int:
        return int(self.room.participants.sum()) if not self.room.empty else 0

    @property
    def priorities_voted(self) -> int:
        return sum(s.priorities_voted for s in self.sections)

    @property
    def pledges_done(self) -> int:
        return int((self.pledges.status == CommitmentStatus.DONE.value).sum())


@dataclass
class Plan(Totals):
    """Everything the local plan shows, read in one go."""

    workshop_id: int
    code: str
    title: str
    territory: str
    held_on: date | None
    language: str
    template: str
    status: str
    facilitators: list[str]
    version: int
    next_steps: str
    joined: int
    room: pd.DataFrame  # group, participants: small groups pooled as ``TOO_FEW``
    rule: GroupRule  # which groups a breakdown may show
    # The steps' parts (votes, then matrices, assessments, polls), each from its kind.
    sections: list[Section] = field(default_factory=list)
    pledges: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PLEDGE_COLUMNS))
    no_lead: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NO_LEAD_COLUMNS))
    mode: AnswerMode | None = None  # the answers counted: live, self-paced, or all (None)
    # Cards on the walls by the language they are written in (detected; ISO 639-1 code,
    # most first); cards whose language cannot be told are not counted.
    card_languages: dict[str, int] = field(default_factory=dict)

    def people_by_group(self) -> pd.Series:
        """People per group (stored value, '' for none), in the charts' order of groups,
        then the small groups together (``TOO_FEW``)."""
        return self.room.set_index("group").participants


def pledges(*, session: Session, workshop_id: int) -> pd.DataFrame:
    """Pledges (not withdrawn) of every commitments step, with owner and latest status
    (``PLEDGE_COLUMNS``): owner as ``privacy.who`` names them, status_at the latest
    update's time, note the latest note."""
    frame = standing_pledges(session=session, workshop_id=workshop_id)
    latest: dict[int, CommitmentUpdate] = {}
    noted: dict[int, CommitmentUpdate] = {}
    ids = [int(i) for i in frame.commitment_id]
    if ids:
        for u in session.exec(
            select(CommitmentUpdate)
            .where(CommitmentUpdate.commitment_id.in_(ids))
            .order_by(CommitmentUpdate.created_at, CommitmentUpdate.id)
        ):
            latest[u.commitment_id] = u
            if u.note.strip():
                noted[u.commitment_id] = u
    frame = frame.assign(
        status=[
            latest[c].status.value if c in latest else s
            for c, s in zip(ids, frame.status, strict=True)
        ],
        status_at=[latest[c].created_at if c in latest else None for c in ids],
        note=[noted[c].note if c in noted else "" for c in ids],
    )
    return frame[PLEDGE_COLUMNS]


def collect(*, session: Session, workshop_id: int, mode: AnswerMode | None = None) -> Plan:
    """The plan of a workshop as it stands; PlanUnavailable if it no longer exists.
    With ``mode``, each step's part and the pledges count only the answers given in it
    (live, or in the self-paced window: ``steps.answers_in_mode``); who took part, and
    so which groups are small, stays the whole room's."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise PlanUnavailable(N_("This workshop no longer exists."))
    owner = session.get(User, workshop.owner_id)
    facilitators = [owner.name] if owner else []
    facilitators += [u.name for u in shared_with(session=session, workshop_id=workshop_id)]
    joined = len(
        session.exec(select(Participant.id).where(Participant.workshop_id == workshop_id)).all()
    )
    rule = group_rule(session=session, workshop_id=workshop_id)
    plan = Plan(
        workshop_id=workshop.id,
        code=workshop.code,
        title=workshop.title,
        territory=workshop.territory,
        held_on=workshop.held_on,
        language=workshop.language,
        template=workshop.template.value,
        status=workshop.status.value,
        facilitators=facilitators,
        version=workshop.version,
        next_steps=workshop.next_steps,
        joined=joined,
        room=rule.room(),
        rule=rule,
    )
    sections = []
    for step in list_steps(session=session, workshop_id=workshop_id):
        kind = steps.get(step.kind)
        with answers_in_mode(session, kind, mode):
            section = kind.report_section(session, step, workshop)
        if section is not None:
            sections.append(section)
    for section in sections:
        section.link(sections)
    for section in sections:
        _mask(section, rule)
    plan.sections = sorted(sections, key=lambda s: s.order)  # stable: steps keep their order
    with answers_in_mode(session, steps.get(StepKind.COMMITMENTS), mode):
        plan.pledges = pledges(session=session, workshop_id=workshop_id)
    plan.mode = mode
    plan.no_lead = workshop_without_lead(session=session, workshop_id=workshop_id)
    with answers_in_mode(session, steps.get(StepKind.IDEAS), mode):
        plan.card_languages = card_languages(session=session, workshop_id=workshop_id)
    return plan


def card_languages(*, session: Session, workshop_id: int) -> dict[str, int]:
    """How many cards on the walls of a workshop are written in each language."""
    texts = session.exec(
        select(Contribution.text).where(Contribution.workshop_id == workshop_id, on_the_wall())
    ).all()
    return dict(language_counts(texts).most_common())


def _mask(section: Section, rule: GroupRule) -> None:
    """Every breakdown by group a step's part holds, as the small-group rule allows."""
    for f in fields(section):
        value = getattr(section, f.name)
        if isinstance(value, pd.DataFrame):
            setattr(section, f.name, rule.mask(value))
