"""``python -m pari demo``: workshops full of made-up answers from every stakeholder group.

Everything goes through the same services a facilitator's clicks and the phones'
taps use, so the demo obeys every rule (budgets, caps, open steps) and shows
what a real session leaves behind. Three workshops in three territories, so the
coordinators' comparisons have something to compare: a local plan left live on
its challenges step (its join code is printed), a finished local plan, and a
finished mission debrief.
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
    CommitmentKind,
    CommitmentRole,
    Contribution,
    Role,
    StakeholderGroup,
    Step,
    StepKind,
    Template,
    User,
    Workshop,
    WorkshopStatus,
)
from pari.phone.joining import join
from pari.steps.assessment.rules import rate
from pari.steps.check_in.rules import check_in
from pari.steps.commitments.rules import pledge
from pari.steps.dot_vote.rules import set_dots
from pari.steps.ideas import on_the_wall
from pari.steps.ideas.rules import add_card
from pari.steps.matrix.rules import score
from pari.steps.poll.rules import answer_poll

# Cards in the languages of the territories, as people would write them.
CARDS = {
    "missing": [
        "Youth association of the valley",
        "Regional bank (finance)",
        "Sami reindeer herders' cooperative",
        "Escuela agraria de Iruñea",
        "Associação de pais",
        "LEADER local action group",
    ],
    "assets": [
        "Old dairy building, empty since 2019",
        "Volunteer fire brigade network",
        "Fondo de innovación social de Navarra",
        "Conhecimento dos agricultores mais velhos",
        "Herriko baso komunala (common forest)",
        "Weekly farmers' market",
    ],
    "challenges": [
        "Young people leave for the cities",
        "No bus after 18:00",
        "Despoblación en los valles del Pirineo",
        "Abandono das terras agrícolas",
        "Drought and forest fires",
        "Elderly care is far away",
        "Broadband is slow on the farms",
        "Small shops close one after another",
    ],
    "paths": [
        "Shared cooperative kitchen for school meals",
        "Car-sharing run by the village association",
        "Energy community on municipal roofs",
        "Cooperativa de cuidados a domicilio",
        "Mercado de produtores com entrega ao domicílio",
        "Co-working space in the old dairy",
    ],
    "observations": [
        "The municipality hosts the cluster's coordinator",
        "Farmers, the school and the care home buy together",
        "A social enterprise runs the village shop",
        "Decisions are taken in an open assembly every month",
    ],
    "success": [
        "A trusted local broker with time paid for",
        "Small first wins in the first six months",
        "Public procurement with social clauses",
        "Everyone brings something: time, space or money",
    ],
    "mission_challenges": [
        "Funding ends when the project ends",
        "Hard to involve young people",
        "Rules for public procurement are complex",
    ],
}
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


class _Room:
    """One workshop being run: the facilitator's clicks and the phones' taps."""

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

    def cards(self, step: Step, texts: list[str]) -> None:
        categories = list(steps.config(step).categories)
        for i, text in enumerate(texts):
            pid = self.people[i % len(self.people)]
            add_card(
                session=self.session,
                participant_id=pid,
                step_id=step.id,
                text=text,
                category=categories[i % len(categories)] if categories else None,
            )

    def source_cards(self, step: Step) -> list[int]:
        return list(
            self.session.exec(
                select(Contribution.id).where(
                    Contribution.step_id == step.source_step_id, on_the_wall()
                )
            )
        )

    def dots(self, step: Step) -> None:
        cards = self.source_cards(step)
        settings = steps.config(step, self.workshop)
        budget, cap = settings.budget, settings.per_card_cap
        for pid in self.people:
            left = budget - self.rng.randint(0, 1)  # some keep a dot
            # Groups lean towards different cards, so agreement varies by card.
            favourites = sorted(cards, key=lambda c: self.rng.random() + (c * pid) % 3 * 0.2)
            for card in favourites:
                if left <= 0:
                    break
                n = min(cap, left, self.rng.randint(1, cap))
                set_dots(
                    session=self.session,
                    participant_id=pid,
                    step_id=step.id,
                    card_id=card,
                    dots=n,
                )
                left -= n

    def matrix(self, step: Step) -> None:
        for pid in self.people:
            for card in self.source_cards(step):
                base = 2 + card % 3
                for criterion in (0, 1):
                    value = max(1, min(5, base + self.rng.randint(-1, 1) + criterion * (pid % 2)))
                    score(
                        session=self.session,
                        participant_id=pid,
                        step_id=step.id,
                        card_id=card,
                        criterion=criterion,
                        value=value,
                    )

    def assessment(self, step: Step) -> None:
        dims = steps.config(step).dimensions
        for pid in self.people:
            ratings: dict[str, int | None] = {}
            for j, dim in enumerate(dims):
                ratings[dim] = None if (pid + j) % 7 == 0 else self.rng.randint(2, 5 + j % 5)
            rate(session=self.session, participant_id=pid, step_id=step.id, ratings=ratings)

    def poll(self, step: Step) -> None:
        options = steps.config(step).options
        weights = [1, 3, 4, 2, 1][: len(options)] or [1] * len(options)
        for pid in self.people:
            choice = self.rng.choices(range(len(options)), weights=weights)[0]
            answer_poll(session=self.session, participant_id=pid, step_id=step.id, options=[choice])

    def pledges(self, step: Step) -> None:
        cards = self.source_cards(step)
        kinds = list(CommitmentKind)
        units = {
            CommitmentKind.TIME: "hours/month",
            CommitmentKind.MONEY: "EUR",
            CommitmentKind.SPACE: "m²",
        }
        for i, pid in enumerate(self.people[: max(6, len(self.people) * 2 // 3)]):
            kind = kinds[i % len(kinds)]
            pledge(
                session=self.session,
                participant_id=pid,
                step_id=step.id,
                role=CommitmentRole.LEAD if i % 4 == 0 else CommitmentRole.SUPPORTING,
                kind=kind,
                what=f"{kind.value.title()} for the first pilot",
                contribution_id=cards[i % len(cards)] if cards else None,
                priority_text=None if cards else "Our first pilot",
                amount=float(self.rng.choice([4, 8, 500, 1000, 40])) if kind in units else None,
                unit=units.get(kind, ""),
                by_when=date.today() + timedelta(days=30 * (1 + i % 6)),
            )


CARD_SETS = {
    Template.LOCAL_PLAN: {
        1: "missing",
        4: "assets",
        5: "challenges",
        7: "paths",
    },
    Template.MISSION_DEBRIEF: {
        1: "observations",
        2: "success",
        3: "mission_challenges",
    },
}


def _run(room: _Room, template: Template, stop_at: int | None) -> None:
    """Walk the steps in order; stop with step ``stop_at`` open (None: run them all)."""
    for step in room.steps:
        if stop_at is not None and step.position == stop_at:
            room.open(step)
            if step.kind is StepKind.IDEAS:
                room.cards(step, CARDS[CARD_SETS[template][step.position]][:3])
            return
        if step.kind is StepKind.CHECK_IN or step.kind is StepKind.PLAN:
            room.finish(step)
            continue
        room.open(step)
        if step.kind is StepKind.IDEAS:
            room.cards(step, CARDS[CARD_SETS[template][step.position]])
        elif step.kind is StepKind.DOT_VOTE:
            room.dots(step)
        elif step.kind is StepKind.MATRIX:
            room.matrix(step)
        elif step.kind is StepKind.ASSESSMENT:
            room.assessment(step)
        elif step.kind is StepKind.POLL:
            room.poll(step)
        elif step.kind is StepKind.COMMITMENTS:
            room.pledges(step)
        room.finish(step)


def create_demo(
    *, session: Session, owner_username: str | None = None, seed: int = 7
) -> DemoResult:
    owner, password = _owner(session, owner_username)
    rng = random.Random(seed)  # noqa: S311 - made-up demo data, not a secret
    plans = [
        ("Local plan: Kinda valley", "Östergötland", "sv", Template.LOCAL_PLAN, 18, 5),
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
        room = _Room(session, owner, workshop, rng)
        room.join(size)
        _run(room, template, stop_at)
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
