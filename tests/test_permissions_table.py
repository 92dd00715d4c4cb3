"""Who may use the services that change or export data, by role, as the database says now.

Every role against every such service (issue 16, point 1; issue 17): one row per
(role, service, allowed or refused). The role is read from the database when the
service runs, so an account deactivated or demoted since its session signed in is
refused at once, whatever that session kept. Services that take an account
(``user``) get it as a page does, re-read by ``accounts.session_user`` (what
``pari.web.current_user`` calls on every run); services that take
``acting_user_id`` read it themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from pari import accounts, moderation, permissions
from pari import workshops as ws
from pari.accounts import AuthUser
from pari.models import (
    Commitment,
    CommitmentKind,
    CommitmentRole,
    CommitmentStatus,
    CommitmentUpdate,
    Contribution,
    Participant,
    Role,
    StakeholderGroup,
    Step,
    StepKind,
    StepState,
    User,
    Vote,
    Workshop,
    WorkshopShare,
    WorkshopStatus,
    utcnow,
)
from pari.reporting import compare, exports, followup, public
from pari.steps.commitments import rules as pledge_rules
from pari.steps.ideas import rules as ideas_rules
from tests.factories import PASSWORD, make_current, make_participant, make_user, make_workshop

ROLES = [
    "anonymous",  # nobody signed in
    "facilitator",  # owns the workshop
    "shared facilitator",  # the owner shared the workshop with them
    "other facilitator",
    "coordinator",
    "deactivated",  # a coordinator, deactivated after their session signed in
    "demoted",  # a coordinator, made a facilitator after their session signed in
]
RUNS_IT = {"facilitator", "shared facilitator", "coordinator"}
OWNS_IT = {"facilitator", "coordinator"}  # who decides who else runs it
SIGNED_IN = {"facilitator", "shared facilitator", "other facilitator", "coordinator", "demoted"}


@dataclass
class World:
    ids: dict[str, int | None]  # role -> acting account id (None: nobody signed in)
    target: int  # an account to deactivate
    workshop_id: int
    signed_in_at: object  # when every session signed in, before the changes below
    steps: dict[str, int]  # ideas, vote, pledges, spare -> step id
    cards: list[int]  # three cards of the ideas step: keep, duplicate, hidden
    paper_id: int  # a paper participant (entered by the owner)
    pledge_id: int
    target_username: str


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Eight accounts a test: bcrypt's cheapest cost keeps the table quick (hashing is
    tested in test_accounts.py)."""
    import bcrypt

    gensalt = bcrypt.gensalt
    monkeypatch.setattr(bcrypt, "gensalt", lambda rounds=4, prefix=b"2b": gensalt(4, prefix))


@pytest.fixture
def world(session: Session) -> World:
    facilitator = make_user(session)
    shared = make_user(session)
    other = make_user(session)
    coordinator = make_user(session, role=Role.COORDINATOR)
    deactivated = make_user(session, role=Role.COORDINATOR)
    demoted = make_user(session, role=Role.COORDINATOR)
    target = make_user(session)
    workshop, (ideas, vote, pledges, spare) = make_workshop(
        session,
        owner=facilitator,
        steps=[
            (StepKind.IDEAS, "Ideas", {"categories": ["Social", "Economy"]}),
            (StepKind.DOT_VOTE, "Vote", {"budget": 5, "per_card_cap": 3}, 0),
            (StepKind.COMMITMENTS, "Pledges", {}, 0),
            (StepKind.IDEAS, "Spare", {}),  # nobody answers it: it may be removed
        ],
    )
    session.add(WorkshopShare(workshop_id=workshop.id, user_id=shared.id))
    owner = accounts.to_auth_user(facilitator)
    person = make_participant(session, workshop, group=StakeholderGroup.BUSINESS)
    session.commit()
    make_current(session, workshop, ideas)
    cards = [
        ideas_rules.add_card(
            session=session,
            participant_id=person.id,
            step_id=ideas.id,
            text=text,
            category="Social",
        ).id
        for text in ("Young people leave", "Youth leaving", "Spam")
    ]
    moderation.hide_card(session=session, user=owner, card_id=cards[2])
    paper = moderation.add_paper_participant(
        session=session, user=owner, workshop_id=workshop.id, group=StakeholderGroup.KNOWLEDGE
    )
    session.commit()
    make_current(session, workshop, pledges)
    pledge = pledge_rules.pledge(
        session=session,
        participant_id=person.id,
        step_id=pledges.id,
        role=CommitmentRole.LEAD,
        kind=CommitmentKind.SPACE,
        what="The village hall",
        contribution_id=cards[0],
    )
    session.commit()
    # The vote is current and open, between two steps: back and next both exist.
    make_current(session, workshop, vote)
    signed_in_at = utcnow() - timedelta(seconds=1)
    accounts.set_active(
        session=session, user_id=deactivated.id, active=False, acting_user_id=coordinator.id
    )
    demoted.role = Role.FACILITATOR
    session.add(demoted)
    session.commit()
    return World(
        ids={
            "anonymous": None,
            "facilitator": facilitator.id,
            "shared facilitator": shared.id,
            "other facilitator": other.id,
            "coordinator": coordinator.id,
            "deactivated": deactivated.id,
            "demoted": demoted.id,
        },
        target=target.id,
        workshop_id=workshop.id,
        signed_in_at=signed_in_at,
        steps={"ideas": ideas.id, "vote": vote.id, "pledges": pledges.id, "spare": spare.id},
        cards=cards,
        paper_id=paper.id,
        pledge_id=pledge.id,
        target_username=target.username,
    )


def _page_user(session: Session, actor: int | None, w: World) -> AuthUser | None:
    """The account a page hands to a service: re-read now (pari.web.current_user)."""
    if actor is None:
        return None
    return accounts.session_user(session=session, user_id=actor, signed_in_at=w.signed_in_at)


def _open_now(session: Session, w: World, step: str) -> None:
    """Make ``step`` current and open, as the run controls would (not committed)."""
    workshop = session.get(Workshop, w.workshop_id)
    row = session.get(Step, w.steps[step])
    workshop.current_step_id = row.id
    row.state = StepState.OPEN
    session.add_all([workshop, row])
    session.flush()


def _fingerprint(session: Session, w: World) -> tuple:
    """What a refused call must leave as it was."""
    workshop = session.get(Workshop, w.workshop_id)
    session.refresh(workshop)

    def count(model) -> int:
        return session.exec(select(func.count()).select_from(model)).one()

    return (
        (workshop.title, workshop.status, workshop.current_step_id, workshop.next_steps),
        (workshop.public_results, workshop.public_key),
        (workshop.version, workshop.stage_version),
        tuple(
            session.exec(
                select(Step.id, Step.position, Step.title, Step.state).order_by(Step.id)
            ).all()
        ),
        tuple(
            session.exec(
                select(
                    Contribution.id,
                    Contribution.hidden,
                    Contribution.category,
                    Contribution.merged_into_id,
                ).order_by(Contribution.id)
            ).all()
        ),
        tuple(session.exec(select(Commitment.id, Commitment.status).order_by(Commitment.id))),
        tuple(session.exec(select(User.id, User.active, User.role).order_by(User.id))),
        tuple(
            session.exec(
                select(WorkshopShare.workshop_id, WorkshopShare.user_id).order_by(
                    WorkshopShare.user_id
                )
            )
        ),
        count(Workshop),
        count(Participant),
        count(Vote),
        count(CommitmentUpdate),
    )


# --- accounts, compare, exports: the services read the actor's role themselves ---------


def _create_account(session: Session, actor: int | None, w: World) -> None:
    accounts.create_user(
        session=session,
        username="newperson",
        name="New Person",
        password=PASSWORD,
        role=Role.FACILITATOR,
        acting_user_id=actor,
    )


def _deactivate_account(session: Session, actor: int | None, w: World) -> None:
    accounts.set_active(session=session, user_id=w.target, active=False, acting_user_id=actor)


def _compare(fn: Callable) -> Callable[[Session, int | None, World], None]:
    def call(session: Session, actor: int | None, w: World) -> None:
        if fn is compare.overview:
            fn(session=session, acting_user_id=actor)
        else:
            fn(session=session, workshop_ids=[w.workshop_id], acting_user_id=actor)

    return call


def _export_all(session: Session, actor: int | None, w: World) -> None:
    exports.all_workshops_export(session=session, acting_user_id=actor)


def _export_one_workshop(session: Session, actor: int | None, w: World) -> None:
    """As a page does it: the session's account re-read (pari.web.current_user), then
    the named check, then the service."""
    user = _page_user(session, actor, w)
    workshop = session.get(Workshop, w.workshop_id)
    permissions.require(
        permissions.can_export(session=session, user=user, workshop=workshop),
        "You may not see this workshop.",
    )
    exports.workshop_export(session=session, workshop=workshop)


# --- workshops, moderation, follow-up: the page passes the account it re-read ----------


def _as_page(fn: Callable, **kwargs) -> Callable[[Session, int | None, World], None]:
    """Call ``fn(session=, user=, **kwargs)``; a callable kwarg is given the World."""

    def call(session: Session, actor: int | None, w: World) -> None:
        user = _page_user(session, actor, w)
        args = {k: v(w) if callable(v) else v for k, v in kwargs.items()}
        fn(session=session, user=user, **args)

    return call


def _step(name: str) -> Callable[[World], int]:
    return lambda w: w.steps[name]


def _workshop(w: World) -> int:
    return w.workshop_id


def _reorder(session: Session, actor: int | None, w: World) -> None:
    order = [w.steps[s] for s in ("ideas", "vote", "spare", "pledges")]
    ws.reorder_steps(
        session=session,
        user=_page_user(session, actor, w),
        workshop_id=w.workshop_id,
        step_ids=order,
    )


def _unshare(session: Session, actor: int | None, w: World) -> None:
    shared = w.ids["shared facilitator"]
    ws.unshare_workshop(
        session=session,
        user=_page_user(session, actor, w),
        workshop_id=w.workshop_id,
        user_id=shared,
    )


def _paper_card(session: Session, actor: int | None, w: World) -> None:
    _open_now(session, w, "ideas")
    moderation.add_paper_card(
        session=session,
        user=_page_user(session, actor, w),
        participant_id=w.paper_id,
        step_id=w.steps["ideas"],
        text="Written on paper",
        category="Social",
    )


def _paper_dots(session: Session, actor: int | None, w: World) -> None:
    moderation.set_paper_dots(
        session=session,
        user=_page_user(session, actor, w),
        participant_id=w.paper_id,
        step_id=w.steps["vote"],
        dots={w.cards[0]: 2},
    )


def _paper_pledge(session: Session, actor: int | None, w: World) -> None:
    _open_now(session, w, "pledges")
    moderation.add_paper_pledge(
        session=session,
        user=_page_user(session, actor, w),
        participant_id=w.paper_id,
        step_id=w.steps["pledges"],
        role=CommitmentRole.SUPPORTING,
        kind=CommitmentKind.TIME,
        what="Two afternoons",
        priority_text="A youth club",
    )


# service, what it does, the roles it lets through, {role: mark} for known gaps
TABLE: list[tuple[str, Callable, set[str], dict]] = [
    ("create an account", _create_account, {"coordinator"}, {}),
    ("deactivate an account", _deactivate_account, {"coordinator"}, {}),
    ("compare: overview", _compare(compare.overview), {"coordinator"}, {}),
    ("compare: readiness", _compare(compare.readiness), {"coordinator"}, {}),
    ("compare: top priorities", _compare(compare.top_priorities), {"coordinator"}, {}),
    ("compare: commitments by kind", _compare(compare.commitments_by_kind), {"coordinator"}, {}),
    ("compare: summaries", _compare(compare.summaries), {"coordinator"}, {}),
    ("compare: rating statements", _compare(compare.rating_statements), {"coordinator"}, {}),
    ("export every workshop", _export_all, {"coordinator"}, {}),
    ("export one workshop", _export_one_workshop, RUNS_IT, {}),
    # pari/workshops.py
    (
        "create a workshop",
        _as_page(ws.create_workshop, title="A new workshop"),
        SIGNED_IN,
        {},
    ),
    (
        "change details",
        _as_page(ws.update_workshop, workshop_id=_workshop, title="Renamed"),
        RUNS_IT,
        {},
    ),
    (
        "add a step",
        _as_page(ws.add_step, workshop_id=_workshop, kind=StepKind.IDEAS, title="More ideas"),
        RUNS_IT,
        {},
    ),
    (
        "change a step",
        _as_page(ws.update_step, step_id=_step("ideas"), title="Ideas, renamed"),
        RUNS_IT,
        {},
    ),
    ("remove a step", _as_page(ws.remove_step, step_id=_step("spare")), RUNS_IT, {}),
    ("reorder steps", _reorder, RUNS_IT, {}),
    ("move a step", _as_page(ws.move_step, step_id=_step("spare"), delta=-1), RUNS_IT, {}),
    ("duplicate a workshop", _as_page(ws.duplicate_workshop, workshop_id=_workshop), RUNS_IT, {}),
    (
        "share a workshop",
        _as_page(ws.share_workshop, workshop_id=_workshop, username=lambda w: w.target_username),
        OWNS_IT,
        {},
    ),
    ("unshare a workshop", _unshare, OWNS_IT, {}),
    ("make a step current", _as_page(ws.make_current, step_id=_step("ideas")), RUNS_IT, {}),
    ("open a step", _as_page(ws.open_step, step_id=_step("ideas")), RUNS_IT, {}),
    ("close a step", _as_page(ws.close_step, step_id=_step("vote")), RUNS_IT, {}),
    ("show results", _as_page(ws.show_results, step_id=_step("vote")), RUNS_IT, {}),
    ("hide results", _as_page(ws.hide_results, step_id=_step("vote")), RUNS_IT, {}),
    ("go back a step", _as_page(ws.go_back, workshop_id=_workshop), RUNS_IT, {}),
    ("go to the next step", _as_page(ws.go_next, workshop_id=_workshop), RUNS_IT, {}),
    (
        "close the workshop",
        _as_page(ws.set_status, workshop_id=_workshop, status=WorkshopStatus.CLOSED),
        RUNS_IT,
        {},
    ),
    # pari/moderation.py
    ("hide a card", _as_page(moderation.hide_card, card_id=lambda w: w.cards[1]), RUNS_IT, {}),
    (
        "restore a card",
        _as_page(moderation.restore_card, card_id=lambda w: w.cards[2]),
        RUNS_IT,
        {},
    ),
    (
        "recategorise a card",
        _as_page(moderation.set_category, card_id=lambda w: w.cards[0], category="Economy"),
        RUNS_IT,
        {},
    ),
    (
        "merge cards",
        _as_page(
            moderation.merge_cards,
            keep_id=lambda w: w.cards[0],
            duplicate_ids=lambda w: [w.cards[1]],
        ),
        RUNS_IT,
        {},
    ),
    (
        "add a paper participant",
        _as_page(
            moderation.add_paper_participant,
            workshop_id=_workshop,
            group=StakeholderGroup.CIVIL_SOCIETY,
        ),
        RUNS_IT,
        {},
    ),
    ("add a paper card", _paper_card, RUNS_IT, {}),
    ("set paper dots", _paper_dots, RUNS_IT, {}),
    ("add a paper pledge", _paper_pledge, RUNS_IT, {}),
    # pari/reporting/followup.py
    (
        "follow up a pledge",
        _as_page(
            followup.update_commitment,
            commitment_id=lambda w: w.pledge_id,
            status=CommitmentStatus.IN_PROGRESS,
            note="Booked",
        ),
        RUNS_IT,
        {},
    ),
    (
        "write next steps",
        _as_page(followup.set_next_steps, workshop_id=_workshop, text="Meet in May"),
        RUNS_IT,
        {},
    ),
    # pari/reporting/public.py
    (
        "switch the public results page on",
        _as_page(public.set_public, workshop_id=_workshop, on=True),
        RUNS_IT,
        {},
    ),
]

CASES = [
    pytest.param(
        role,
        service,
        call,
        role in allowed,
        id=f"{service} | {role}",
        marks=gaps.get(role, ()),
    )
    for service, call, allowed, gaps in TABLE
    for role in ROLES
]


def test_the_table_covers_every_role_and_names_each_service_once():
    services = [row[0] for row in TABLE]
    assert len(services) == len(set(services))
    assert len(CASES) == len(TABLE) * len(ROLES)
    for _service, _call, allowed, gaps in TABLE:
        assert allowed <= set(ROLES) and set(gaps) <= set(ROLES)


@pytest.mark.parametrize("role,service,call,allowed", CASES)
def test_who_may_use_each_service(session, world, role, service, call, allowed):
    actor = world.ids[role]
    if allowed:
        call(session, actor, world)
        session.flush()
        return
    before = _fingerprint(session, world)
    with pytest.raises(permissions.NotAllowed):
        call(session, actor, world)
    session.rollback()
    # Nothing was changed by a refused call.
    assert session.get(User, world.target).active
    assert accounts.get_active_user(session=session, username="newperson") is None
    assert _fingerprint(session, world) == before


def test_the_command_line_operator_may_use_them_all(session, world):
    """``python -m pari`` has no account: the default actor is the operator."""
    compare.overview(session=session)
    exports.all_workshops_export(session=session)
    accounts.create_user(
        session=session, username="clinew", name="Cli", password=PASSWORD, role=Role.FACILITATOR
    )
