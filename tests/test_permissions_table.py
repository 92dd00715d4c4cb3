"""Who may use the services that change or export data, by role, as the database says now.

Every role against every such service (issue 16, point 1): the role is read from
the database when the service runs, so an account deactivated or demoted since its
session signed in is refused at once, whatever that session kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlmodel import Session

from pari import accounts, compare, exports, permissions
from pari.models import Role, User, utcnow
from tests.factories import PASSWORD, make_user, make_workshop

ROLES = ["anonymous", "facilitator", "other facilitator", "coordinator", "deactivated", "demoted"]


@dataclass
class World:
    ids: dict[str, int | None]  # role -> acting account id (None: nobody signed in)
    target: int  # an account to deactivate
    workshop_id: int
    signed_in_at: object  # when every session signed in, before the changes below


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Seven accounts a test: bcrypt's cheapest cost keeps the table quick (hashing is
    tested in test_accounts.py)."""
    import bcrypt

    gensalt = bcrypt.gensalt
    monkeypatch.setattr(bcrypt, "gensalt", lambda rounds=4, prefix=b"2b": gensalt(4, prefix))


@pytest.fixture
def world(session: Session) -> World:
    facilitator = make_user(session)
    other = make_user(session)
    coordinator = make_user(session, role=Role.COORDINATOR)
    deactivated = make_user(session, role=Role.COORDINATOR)
    demoted = make_user(session, role=Role.COORDINATOR)
    target = make_user(session)
    workshop, _steps = make_workshop(session, owner=facilitator)
    session.commit()
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
            "other facilitator": other.id,
            "coordinator": coordinator.id,
            "deactivated": deactivated.id,
            "demoted": demoted.id,
        },
        target=target.id,
        workshop_id=workshop.id,
        signed_in_at=signed_in_at,
    )


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
    from pari.models import Workshop

    user = (
        accounts.session_user(session=session, user_id=actor, signed_in_at=w.signed_in_at)
        if actor is not None
        else None
    )
    workshop = session.get(Workshop, w.workshop_id)
    permissions.require(
        permissions.can_export(session=session, user=user, workshop=workshop),
        "You may not see this workshop.",
    )
    exports.workshop_export(session=session, workshop=workshop)


# service, what it does, the roles it lets through
TABLE: list[tuple[str, Callable, set[str]]] = [
    ("create an account", _create_account, {"coordinator"}),
    ("deactivate an account", _deactivate_account, {"coordinator"}),
    ("compare: overview", _compare(compare.overview), {"coordinator"}),
    ("compare: readiness", _compare(compare.readiness), {"coordinator"}),
    ("compare: top priorities", _compare(compare.top_priorities), {"coordinator"}),
    ("compare: commitments by kind", _compare(compare.commitments_by_kind), {"coordinator"}),
    ("compare: summaries", _compare(compare.summaries), {"coordinator"}),
    ("export every workshop", _export_all, {"coordinator"}),
    ("export one workshop", _export_one_workshop, {"facilitator", "coordinator"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service,call,allowed", TABLE, ids=[row[0] for row in TABLE])
def test_who_may_use_each_service(session, world, service, call, allowed, role):
    actor = world.ids[role]
    if role in allowed:
        call(session, actor, world)
        return
    with pytest.raises(permissions.NotAllowed):
        call(session, actor, world)
    session.rollback()
    # Nothing was changed by a refused call.
    assert session.get(User, world.target).active
    assert accounts.get_active_user(session=session, username="newperson") is None


def test_the_command_line_operator_may_use_them_all(session, world):
    """``python -m pari`` has no account: the default actor is the operator."""
    compare.overview(session=session)
    exports.all_workshops_export(session=session)
    accounts.create_user(
        session=session, username="clinew", name="Cli", password=PASSWORD, role=Role.FACILITATOR
    )
