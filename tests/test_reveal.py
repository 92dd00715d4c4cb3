"""Results hidden until revealed (issue 18, point 1): the setting, the reveal actions,
a top-N reveal rank by rank from the last, what leaves the server, who may do it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command

from pari import accounts, reveal
from pari import results as res
from pari import workshops as ws
from pari.db import alembic_config
from pari.models import StakeholderGroup, StepKind, StepState, Workshop, WorkshopStatus
from pari.permissions import NotAllowed
from pari.steps.dot_vote import rules as vote_rules
from pari.steps.ideas import rules as ideas_rules
from pari.steps.poll import rules as poll_rules
from tests.factories import make_participant, make_user

CARDS = {"Roads": 3, "Broadband": 2, "Housing": 1, "Shops": 0}  # text: dots given


@pytest.fixture
def owner(session):
    return accounts.to_auth_user(make_user(session, username="fac"))


def stage(session, workshop_id: int) -> int:
    session.expire_all()
    return session.get(Workshop, workshop_id).stage_version


@pytest.fixture
def vote(session, owner):
    """A live workshop on its open challenges vote, results hidden: Roads 3 dots,
    Broadband 2, Housing 1, Shops none."""
    w = ws.create_workshop(session=session, user=owner, title="Kinda 2026", dot_budget=6)
    steps = ws.list_steps(session=session, workshop_id=w.id)
    challenges, vote = steps[6], steps[7]
    ws.open_step(session=session, user=owner, step_id=challenges.id)
    p = make_participant(session, w, group=StakeholderGroup.BUSINESS)
    p.consented = True
    session.commit()
    cards = {
        text: ideas_rules.add_card(
            session=session,
            participant_id=p.id,
            step_id=challenges.id,
            text=text,
            category="Social",
        ).id
        for text in CARDS
    }
    session.commit()
    ws.update_step(session=session, user=owner, step_id=vote.id, results_hidden=True)
    ws.open_step(session=session, user=owner, step_id=vote.id)
    session.commit()
    for text, dots in CARDS.items():
        if dots:
            vote_rules.set_dots(
                session=session,
                participant_id=p.id,
                step_id=vote.id,
                card_id=cards[text],
                dots=dots,
            )
    session.commit()
    return w, vote


def shown(session, w) -> tuple[dict, list[str]]:
    """The presenter's snapshot of the current step, and the card texts its frames hold."""
    snap = res.snapshot(session=session, workshop_id=w.id)
    tally = snap["results"].frames.get("tally")
    return snap["step"], [] if tally is None else sorted(set(tally.text))


def test_the_setting_is_saved_and_phones_follow_it(session, owner):
    w = ws.create_workshop(session=session, user=owner, title="Kinda 2026")
    poll = ws.list_steps(session=session, workshop_id=w.id)[11]
    assert not poll.results_hidden  # live, as before
    before = stage(session, w.id)
    ws.update_step(session=session, user=owner, step_id=poll.id, results_hidden=True)
    session.commit()
    assert poll.results_hidden and stage(session, w.id) == before + 1
    with pytest.raises(ws.InvalidInput):
        ws.update_step(session=session, user=owner, step_id=poll.id, results_hidden="yes")


def test_hidden_results_leave_the_server_only_once_revealed(session, owner, vote):
    w, step = vote
    step_shown, texts = shown(session, w)
    assert not step_shown["visible"] and texts == []
    assert res.snapshot(session=session, workshop_id=w.id)["results"].contributions == 1
    assert reveal.revealed_ranking(session=session, step_id=step.id) == []

    before = stage(session, w.id)
    ws.reveal_results(session=session, user=owner, step_id=step.id)
    session.commit()
    assert stage(session, w.id) == before + 1  # phones see a reveal
    step_shown, texts = shown(session, w)
    assert step_shown["visible"] and step_shown["ranks"] is None
    assert texts == ["Broadband", "Housing", "Roads"]
    # A reveal leaves input as it was: the vote is still open.
    assert step.state is StepState.OPEN and step_shown["state"] == "open"
    lines = reveal.revealed_ranking(session=session, step_id=step.id)
    assert [(x.rank, x.text, x.count) for x in lines] == [
        (1, "Roads", 3),
        (2, "Broadband", 2),
        (3, "Housing", 1),
    ]

    ws.hide_results(session=session, user=owner, step_id=step.id)
    session.commit()
    step_shown, texts = shown(session, w)
    assert not step_shown["visible"] and texts == []


def test_a_top_n_reveal_shows_one_rank_at_a_time_from_the_last(session, owner, vote):
    w, step = vote
    ws.start_top_reveal(session=session, user=owner, step_id=step.id, top=3)
    session.commit()
    assert shown(session, w)[1] == []
    seen = []
    for _ in range(3):
        ws.reveal_next(session=session, user=owner, step_id=step.id)
        session.commit()
        step_shown, texts = shown(session, w)
        seen.append((step_shown["ranks"], texts))
        lines = reveal.revealed_ranking(session=session, step_id=step.id)
        assert [x.rank for x in lines] == list(range(step_shown["ranks"][0], 4))
    assert seen == [
        ((3, 3), ["3. Housing"]),
        ((2, 3), ["2. Broadband", "3. Housing"]),
        ((1, 3), ["1. Roads", "2. Broadband", "3. Housing"]),
    ]
    # Only the ranks shown: no agreement chart speaking of the others.
    assert set(res.snapshot(session=session, workshop_id=w.id)["results"].frames) == {"tally"}
    with pytest.raises(ws.InvalidInput, match="Every rank of the top 3"):
        ws.reveal_next(session=session, user=owner, step_id=step.id)
    session.rollback()
    ws.reveal_results(session=session, user=owner, step_id=step.id)  # "Reveal all"
    session.commit()
    step_shown, texts = shown(session, w)
    assert step_shown["ranks"] is None and texts == ["Broadband", "Housing", "Roads"]


def test_a_poll_reveals_its_options_by_rank(session, owner):
    w = ws.create_workshop(session=session, user=owner, title="Kinda 2026")
    poll = ws.list_steps(session=session, workshop_id=w.id)[11]
    ws.update_step(session=session, user=owner, step_id=poll.id, results_hidden=True)
    ws.open_step(session=session, user=owner, step_id=poll.id)
    session.commit()
    for option, people in ((2, 3), (0, 1), (4, 2)):
        for _ in range(people):
            p = make_participant(session, w, group=StakeholderGroup.SUPPORT)
            session.commit()
            poll_rules.answer_poll(
                session=session, participant_id=p.id, step_id=poll.id, options=[option]
            )
            session.commit()
    ws.start_top_reveal(session=session, user=owner, step_id=poll.id, top=2)
    ws.reveal_next(session=session, user=owner, step_id=poll.id)
    session.commit()
    frame = res.snapshot(session=session, workshop_id=w.id)["results"].frames["poll"]
    options = poll.config["options"]
    assert list(frame.label) == [f"2. {options[4]}"] and list(frame["rank"]) == [2]
    ws.reveal_next(session=session, user=owner, step_id=poll.id)
    session.commit()
    frame = res.snapshot(session=session, workshop_id=w.id)["results"].frames["poll"]
    drawn, labels = reveal.rank_frame(frame)
    assert labels == [f"1. {options[2]}", f"2. {options[4]}"]
    assert drawn.groupby("option").answers.sum().to_dict() == {0: 3, 1: 2}


def test_who_may_reveal_and_what_is_refused(session, owner, vote):
    w, step = vote
    stranger = accounts.to_auth_user(make_user(session, username="other"))
    for action in (ws.reveal_results, ws.hide_results, ws.reveal_next):
        with pytest.raises(NotAllowed):
            action(session=session, user=stranger, step_id=step.id)
    with pytest.raises(NotAllowed):
        ws.start_top_reveal(session=session, user=stranger, step_id=step.id, top=3)
    with pytest.raises(NotAllowed):
        ws.update_step(session=session, user=stranger, step_id=step.id, results_hidden=False)
    with pytest.raises(ws.InvalidInput, match="Start a top-N reveal first"):
        ws.reveal_next(session=session, user=owner, step_id=step.id)
    for top in (0, 11, True, "3"):
        with pytest.raises(ws.InvalidInput, match="from 1 to 10"):
            ws.start_top_reveal(session=session, user=owner, step_id=step.id, top=top)
    ideas = ws.list_steps(session=session, workshop_id=w.id)[6]
    assert ideas.kind is StepKind.IDEAS
    with pytest.raises(ws.InvalidInput, match="rank by rank"):
        ws.start_top_reveal(session=session, user=owner, step_id=ideas.id, top=3)
    session.rollback()
    ws.set_status(session=session, user=owner, workshop_id=w.id, status=WorkshopStatus.CLOSED)
    session.commit()
    with pytest.raises(ws.WorkshopIsClosed):
        ws.reveal_results(session=session, user=owner, step_id=step.id)


def test_a_closed_step_with_live_results_shows_them(session, owner):
    w = ws.create_workshop(session=session, user=owner, title="Kinda 2026")
    steps = ws.list_steps(session=session, workshop_id=w.id)
    ws.open_step(session=session, user=owner, step_id=steps[6].id)
    ws.go_next(session=session, user=owner, workshop_id=w.id)
    ws.go_back(session=session, user=owner, workshop_id=w.id)
    session.commit()
    step_shown = res.snapshot(session=session, workshop_id=w.id)["step"]
    assert (step_shown["state"], step_shown["visible"]) == ("closed", True)


def test_migration_reads_results_shown_as_closed_and_revealed(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    cfg = alembic_config(url)
    command.upgrade(cfg, "0003")
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # foreign keys are not enforced on this bare engine
        for state in ("results", "closed", "open"):
            conn.exec_driver_sql(
                "INSERT INTO step (workshop_id, position, kind, title, prompt, state, config) "
                f"VALUES (1, 0, 'poll', '{state}', '', '{state}', '{{}}')"
            )
    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT title, state, revealed FROM step").all()
    assert sorted(rows) == [("closed", "closed", 0), ("open", "open", 0), ("results", "closed", 1)]
    engine.dispose()
