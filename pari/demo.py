"""``python -m pari demo``: workshops full of made-up answers from every stakeholder group.

Everything goes through the same services a facilitator's clicks and the phones'
taps use, so the demo obeys every rule (budgets, caps, open steps) and shows
what a real session leaves behind. Three workshops in three territories, so the
coordinators' comparisons have something to compare: a local plan left live on
its challenges step (its join code is printed), a finished local plan, and a
finished mission debrief. What people answer to each kind of step lives with the kind
(``pari/steps/<kind>/demo.py``, see ``_run``).
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from pari import accounts, steps, workshops
from pari.accounts import AuthUser
from pari.models import (
    Contribution,
    Role,
    StakeholderGroup,
    Step,
    Template,
    User,
    Workshop,
    WorkshopStatus,
)
from pari.phone.joining import join
from pari.steps.check_in.rules import check_in
from pari.steps.ideas import on_the_wall

NAMES = ["Anna", "Erik", "Maite", "Iñaki", "João", "Leonor", "Sofie", "Pierre", "Ane", "Lars"]
ORGS = {
    StakeholderGroup.SOCIAL_ECONOMY: "Coompanion",
    StakeholderGroup.PUBLIC_AUTHORITY: "Municipality",
    StakeholderGroup.BUSINESS: "Family farm",
    StakeholderGroup.KNOWLEDGE: "Agricultural school",
    StakeholderGroup.CIVIL_SOCIETY: "Village association",
    StakeholderGroup.SUPPORT: "LEADER group",
}


@dataclass(frozen=True)
class DemoResult:
    live_code: str
    codes: list[str]
    owner: str
    new_password: str | None  # set when the demo had to create its own account


def _owner(session: Session, username: str | None) -> tuple[AuthUser, str | None]:
    if username:
        user = accounts.get_active_user(session=session, username=username)
        if user is None:
            raise accounts.AccountError(f"No active account {username!r}.")
        return accounts.to_auth_user(user), None
    user = session.exec(
        select(User).where(User.role == Role.COORDINATOR, User.active).order_by(User.id)
    ).first()
    if user is not None:
        return accounts.to_auth_user(user), None
    password = secrets.token_urlsafe(12)
    user = accounts.create_user(
        session=session,
        username="demo",
        name="Demo coordinator",
        password=password,
        role=Role.COORDINATOR,
    )
    return accounts.to_auth_user(user), password


def _unique_title(session: Session, owner: AuthUser, title: str) -> str:
    existing = set(session.exec(select(Workshop.title).where(Workshop.owner_id == owner.id)))
    candidate, n = title, 2
    while candidate in existing:
        candidate, n = f"{title} ({n})", n + 1
    return candidate


class Room:
    """One workshop being run: the facilitator's clicks and the phones' taps. The kinds'
    demo parts answer through its ``session``, ``people`` and ``rng``."""

    def __init__(self, session: Session, owner: AuthUser, workshop: Workshop, rng: random.Random):
        self.session = session
        self.owner = owner
        self.workshop = workshop
        self.rng = rng
        self.people: list[int] = []
        self.steps = workshops.list_steps(session=session, workshop_id=workshop.id)

    def join(self, size: int) -> None:
        groups = list(StakeholderGroup)
        for i in range(size):
            joined = join(session=self.session, code=self.workshop.code, client_key=f"demo:{i}")
            pid = joined.participant.id
            group = groups[i % len(groups)]
            check_in(
                session=self.session,
                participant_id=pid,
                group=group,
                name=self.rng.choice(NAMES) if i % 3 else "",
                organisation=ORGS[group] if i % 2 else "",
                place=self.workshop.territory,
                consent=True,
            )
            self.people.append(pid)

    def open(self, step: Step) -> None:
        workshops.open_step(session=self.session, user=self.owner, step_id=step.id)

    def finish(self, step: Step) -> None:
        workshops.show_results(session=self.session, user=self.owner, step_id=step.id)

    def source_cards(self, step: Step) -> list[int]:
        """The cards on the wall of the ideas step ``step`` draws on."""
        return list(
            self.session.exec(
                select(Contribution.id).where(
                    Contribution.step_id == step.source_step_id, on_the_wall()
                )
            )
        )


def _run(room: Room, stop_at: int | None) -> None:
    """Walk the steps in order; stop with step ``stop_at`` open (None: run them all).

    A kind's demo part (``steps.part(kind, "demo")``) has the room answer its steps:
    ``play(room, step)`` for a step run to its end, and, when it defines one,
    ``start(room, step)`` for the step left open. A kind without one has nothing for
    the room to answer (people checked in when they joined; the plan only shows), so
    its results are shown straight away.
    """
    for step in room.steps:
        demo = steps.part(step.kind, "demo")
        if step.position == stop_at:
            room.open(step)
            if demo is not None and hasattr(demo, "start"):
                demo.start(room, step)
            return
        if demo is None:
            room.finish(step)
            continue
        room.open(step)
        demo.play(room, step)
        room.finish(step)


def create_demo(
    *, session: Session, owner_username: str | None = None, seed: int = 7
) -> DemoResult:
    owner, password = _owner(session, owner_username)
    rng = random.Random(seed)  # noqa: S311 - made-up demo data, not a secret
    plans = [
        ("Local plan: Kinda valley", "Östergötland", "sv", Template.LOCAL_PLAN, 18, 6),
        ("Plan local: Valle de Salazar", "Navarra", "es", Template.LOCAL_PLAN, 14, None),
        (
            "Mission debrief: Torres Vedras",
            "Torres Vedras",
            "pt",
            Template.MISSION_DEBRIEF,
            10,
            None,
        ),
    ]
    codes: list[str] = []
    live_code = ""
    for title, territory, language, template, size, stop_at in plans:
        workshop = workshops.create_workshop(
            session=session,
            user=owner,
            title=_unique_title(session, owner, title),
            territory=territory,
            held_on=date.today() - timedelta(days=0 if stop_at else 30),
            language=language,
            template=template,
            dot_budget=5,
        )
        session.flush()
        room = Room(session, owner, workshop, rng)
        room.join(size)
        _run(room, stop_at)
        if stop_at is None:
            workshops.set_status(
                session=session,
                user=owner,
                workshop_id=workshop.id,
                status=WorkshopStatus.CLOSED,
            )
        else:
            live_code = workshop.code
        codes.append(workshop.code)
        session.commit()
    return DemoResult(live_code=live_code, codes=codes, owner=owner.username, new_password=password)
