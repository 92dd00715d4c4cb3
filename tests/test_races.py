"""Races (issue 8): many phones at once, double taps, two facilitators at once.

Real threads, each with its own session and connection, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from pari import workshops
from pari.accounts import to_auth_user
from pari.models import Ballot, Contribution, Role, StepKind, Vote, Workshop
from pari.phone.errors import ParticipationError
from pari.steps.dot_vote import rules as vote_rules
from pari.steps.ideas import rules as ideas_rules
from tests.factories import make_current, make_phone, make_user, make_workshop

PHONES = 50


@pytest.fixture
def vote_room(engine, session):
    owner = make_user(session, role=Role.FACILITATOR)
    workshop, steps = make_workshop(
        session,
        owner=owner,
        steps=[
            (StepKind.IDEAS, "Challenges", {}),
            (StepKind.DOT_VOTE, "Priorities", {"budget": 3, "per_card_cap": 3}, 0),
        ],
    )
    writer, _ = make_phone(session, workshop)
    make_current(session, workshop, steps[0])
    cards = [
        ideas_rules.add_card(
            session=session, participant_id=writer.id, step_id=steps[0].id, text=f"Card {i}"
        ).id
        for i in range(3)
    ]
    session.commit()
    make_current(session, workshop, steps[1])
    phones = [make_phone(session, workshop)[0].id for _ in range(PHONES)]
    return engine, workshop, steps, cards, phones, owner


def _in_threads(engine, jobs, workers=16):
    """Run each job(session) on its own thread and session, released together.

    Returns each job's result or the exception it raised.
    """
    go = threading.Event()

    def run(job):
        with Session(engine, expire_on_commit=False) as s:
            go.wait(timeout=30)
            try:
                result = job(s)
                s.commit()
                return result
            except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
                s.rollback()
                return exc

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        go.set()
        return [f.result(timeout=120) for f in futures]


def test_fifty_phones_voting_on_one_card_at_once_count_exactly(vote_room):
    engine, _workshop, steps, cards, phones, _owner = vote_room
    jobs = [
        (
            lambda s, pid=pid: vote_rules.set_dots(
                session=s, participant_id=pid, step_id=steps[1].id, card_id=cards[0], dots=2
            )
        )
        for pid in phones
    ]
    outcomes = _in_threads(engine, jobs)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    with Session(engine) as s:
        assert s.exec(
            select(func.sum(Vote.dots)).where(Vote.contribution_id == cards[0])
        ).one() == (2 * PHONES)
        assert s.exec(select(func.count()).select_from(Vote)).one() == PHONES


def test_racing_taps_of_one_phone_never_overspend(vote_room):
    """One phone fires many taps at once on three cards: the budget of 3 holds."""
    engine, _workshop, steps, cards, phones, _owner = vote_room
    pid = phones[0]
    jobs = [
        (
            lambda s, card=card, n=n: vote_rules.set_dots(
                session=s, participant_id=pid, step_id=steps[1].id, card_id=card, dots=n
            )
        )
        for card in cards
        for n in (1, 2, 3)
    ] * 2
    outcomes = _in_threads(engine, jobs)
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(o, ParticipationError) for o in refused), refused
    with Session(engine) as s:
        spent = s.exec(select(func.sum(Vote.dots)).where(Vote.participant_id == pid)).one()
        ballot = s.exec(select(Ballot).where(Ballot.participant_id == pid)).one()
        assert spent == ballot.spent <= 3


def test_double_tap_on_add_card_stores_one_card(vote_room):
    engine, workshop, steps, _cards, phones, _owner = vote_room
    with Session(engine) as s:
        make_current(s, s.get(Workshop, workshop.id), s.get(type(steps[0]), steps[0].id))
    pid = phones[1]
    jobs = [
        (
            lambda s: ideas_rules.add_card(
                session=s,
                participant_id=pid,
                step_id=steps[0].id,
                text="Same card",
                client_nonce="tap-tap-nonce-1",
            )
        )
    ] * 8
    outcomes = _in_threads(engine, jobs, workers=8)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    with Session(engine) as s:
        mine = s.exec(select(Contribution).where(Contribution.participant_id == pid)).all()
        assert len(mine) == 1


def test_the_database_itself_refuses_an_overspent_ballot(vote_room):
    """Not only the code: the CHECK constraint holds for any writer."""
    engine, _workshop, steps, cards, phones, _owner = vote_room
    with Session(engine) as s:
        vote_rules.set_dots(
            session=s, participant_id=phones[2], step_id=steps[1].id, card_id=cards[1], dots=1
        )
        s.commit()
    with Session(engine) as s, pytest.raises(IntegrityError):
        s.exec(update(Ballot).where(Ballot.participant_id == phones[2]).values(spent=4))
        s.commit()
    with engine.connect() as conn, pytest.raises(IntegrityError):
        conn.execute(text("UPDATE vote SET dots = 0"))
        conn.commit()


def test_two_facilitators_moving_steps_at_once(vote_room, session):
    engine, workshop, steps, _cards, _phones, owner = vote_room
    co = make_user(session, role=Role.COORDINATOR)
    users = [to_auth_user(owner), to_auth_user(co)]
    before = session.get(Workshop, workshop.id).stage_version
    jobs = [
        (
            lambda s, u=users[i % 2], step=steps[i % 2]: workshops.make_current(
                session=s, user=u, step_id=step.id
            )
        )
        for i in range(10)
    ]
    outcomes = _in_threads(engine, jobs, workers=10)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    with Session(engine) as s:
        w = s.get(Workshop, workshop.id)
        assert w.current_step_id in {steps[0].id, steps[1].id}
        assert w.stage_version == before + 10  # every move announced, none lost


def test_a_tap_under_way_when_the_step_closes_is_refused(vote_room, session):
    """A tap checks the step at its start and again at its commit, after the workshop's
    row: the facilitator's close committed in between wins, nothing lands after it."""
    engine, _workshop, steps, cards, phones, owner = vote_room
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite has one writer: the close waits for the tap (the next test)")
    with Session(engine, expire_on_commit=False) as tap:
        vote_rules.set_dots(
            session=tap, participant_id=phones[0], step_id=steps[1].id, card_id=cards[0], dots=1
        )
        with Session(engine) as desk:  # committed while the tap is still open
            workshops.close_step(session=desk, user=to_auth_user(owner), step_id=steps[1].id)
            desk.commit()
        with pytest.raises(ParticipationError):
            tap.commit()
    with Session(engine) as s:
        assert s.exec(select(Vote).where(Vote.participant_id == phones[0])).all() == []


def test_a_tap_committed_before_the_close_is_kept(vote_room):
    engine, workshop, steps, cards, phones, owner = vote_room
    with Session(engine, expire_on_commit=False) as tap:
        vote_rules.set_dots(
            session=tap, participant_id=phones[0], step_id=steps[1].id, card_id=cards[0], dots=1
        )
        tap.commit()
    with Session(engine) as desk:
        workshops.close_step(session=desk, user=to_auth_user(owner), step_id=steps[1].id)
        desk.commit()
    with Session(engine) as s:
        assert s.exec(select(Vote.dots).where(Vote.participant_id == phones[0])).all() == [1]
        assert s.get(Workshop, workshop.id).version > workshop.version


def test_taps_of_different_people_do_not_wait_for_each_other(vote_room):
    """On PostgreSQL two people's taps run side by side: the workshop's row is locked
    for the commit alone (issue 14), so an open tap does not hold up another."""
    engine, _workshop, steps, cards, phones, _owner = vote_room
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite has one writer at a time by design")
    with Session(engine, expire_on_commit=False) as first:
        vote_rules.set_dots(
            session=first, participant_id=phones[0], step_id=steps[1].id, card_id=cards[0], dots=1
        )
        with Session(engine, expire_on_commit=False) as second:
            second.connection().exec_driver_sql("SET LOCAL lock_timeout = '2s'")
            vote_rules.set_dots(
                session=second,
                participant_id=phones[1],
                step_id=steps[1].id,
                card_id=cards[0],
                dots=1,
            )
            second.commit()  # while the first is still open
        first.commit()
    with Session(engine) as s:
        assert s.exec(select(func.sum(Vote.dots))).one() == 2
