"""AppTest of the phone: join, check-in, and the screen of every step kind (issue 4)."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from pari import i18n, live
from pari import steps as steps_registry
from pari.models import (
    Contribution,
    Participant,
    StakeholderGroup,
    StepKind,
    StepState,
    Vote,
    Workshop,
    WorkshopStatus,
)
from tests.factories import make_current, make_phone, make_workshop
from tests.pages.conftest import tap_vote, texts, vote_data

STEPS = [
    (StepKind.CHECK_IN, "Welcome", {}),
    (StepKind.IDEAS, "Challenges", {"categories": ["Social", "Economic"]}),
    (StepKind.DOT_VOTE, "Priorities", {"budget": 3, "per_card_cap": 2}, 1),
    (StepKind.MATRIX, "Paths", {"criteria": ["Impact", "Feasibility"]}, 1),
    (StepKind.POLL, "Governance", {"options": ["Network", "Cooperative"]}),
    (StepKind.ASSESSMENT, "Readiness", {"dimensions": ["vision", "trust"]}),
    (StepKind.COMMITMENTS, "Commitments", {}, 1),
    (StepKind.PLAN, "Our plan", {}),
]
HOSTILE = "<b>bold</b> **stars** :red[x] =SUM(A1) 🌱 مرحبا"


@pytest.fixture
def followed(monkeypatch) -> list:
    """Record live.follow calls instead of starting the process's watcher thread."""
    calls: list = []
    monkeypatch.setattr(live, "follow", lambda *args, **kw: calls.append(args))
    return calls


@pytest.fixture
def room(db_session, followed):
    workshop, steps = make_workshop(db_session, steps=STEPS, code="ABC234")
    other, _ = make_phone(db_session, workshop, group=StakeholderGroup.BUSINESS)
    cards = [
        Contribution(
            workshop_id=workshop.id,
            step_id=steps[1].id,
            participant_id=other.id,
            text=text,
            category="Social",
        )
        for text in (HOSTILE, "Bus twice a day")
    ]
    db_session.add_all(cards)
    db_session.commit()
    me, token = make_phone(db_session, workshop)
    return workshop, steps, me, token, cards


def button(at, label):
    return next(b for b in at.button if b.label == label)


def count(session, model, **where) -> int:
    session.expire_all()
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return session.exec(query).one()


def test_join_link_swaps_for_a_token_and_shows_check_in(new_app, db_session, followed):
    workshop, _ = make_workshop(db_session, code="ABC234")
    at = new_app(query={"join": "abc 234"}).run()
    assert not at.exception
    assert "join" not in at.query_params and at.query_params["p"]
    assert "Which group do you speak for?" in at.radio[0].label
    assert count(db_session, Participant, workshop_id=workshop.id) == 1
    at.run()  # a rerun (like a reload keeping ?p=) makes no second participant
    assert count(db_session, Participant, workshop_id=workshop.id) == 1
    assert followed and followed[-1][0] == workshop.id


def test_check_in_stores_group_and_then_waits(new_app, db_session, followed):
    workshop, _ = make_workshop(db_session)
    fresh, token = make_phone(db_session, workshop, checked_in=False)
    at = new_app(query={"p": token}).run()
    button(at, "I agree, let's start").click().run()
    assert "Please choose the group you speak for." in texts(at)
    at.radio[0].set_value(StakeholderGroup.KNOWLEDGE)
    at.text_input[0].input("Maria <i>")
    button(at, "I agree, let's start").click().run()
    assert not at.exception
    db_session.expire_all()
    stored = db_session.get(Participant, fresh.id)
    assert stored.group is StakeholderGroup.KNOWLEDGE and stored.name == "Maria <i>"
    assert "Please wait" in texts(at)


def test_unknown_token_goes_back_to_the_join_page(new_app, db_session, followed):
    make_workshop(db_session)
    at = new_app(query={"p": "x" * 22}).run()
    assert not at.exception
    assert "This link is no longer valid" in texts(at)
    assert at.title[0].value == "Join a workshop"


def test_typed_code_in_lower_case_with_spaces_joins(new_app, db_session, followed):
    workshop, _ = make_workshop(db_session, code="ABC234")
    at = new_app().run()
    at.text_input[0].input(" abc 234 ")
    button(at, "Join").click().run()
    assert not at.exception
    assert at.query_params["p"]
    assert count(db_session, Participant, workshop_id=workshop.id) == 1


@pytest.mark.parametrize(
    "code,message",
    [("ZZZZZZ", "No workshop has this code"), ("abc234", "This workshop has ended")],
)
def test_typed_code_unknown_or_closed(new_app, db_session, followed, code, message):
    make_workshop(db_session, code="ABC234", status=WorkshopStatus.CLOSED)
    at = new_app().run()
    at.text_input[0].input(code)
    button(at, "Join").click().run()
    assert message in texts(at)
    assert "p" not in at.query_params


@pytest.mark.parametrize("index", range(len(STEPS)))
@pytest.mark.parametrize("state", [StepState.OPEN, StepState.CLOSED, StepState.NOT_STARTED])
def test_every_step_kind_draws(new_app, db_session, room, index, state):
    workshop, steps, _me, token, _cards = room
    make_current(db_session, workshop, steps[index], state)
    at = new_app(query={"p": token}).run()
    assert not at.exception
    shown = texts(at)
    assert STEPS[index][1] in shown
    takes_input = steps_registry.get(steps[index].kind).takes_input
    if state is StepState.CLOSED and takes_input:
        assert "This step is closed" in shown
    if state is StepState.NOT_STARTED:
        # A step that takes no input (the local plan) shows what it shows at once.
        assert ("opens in a moment" in shown) is takes_input


def test_ideas_add_card_once_and_show_it_as_plain_text(new_app, db_session, room):
    workshop, steps, me, token, _cards = room
    make_current(db_session, workshop, steps[1])
    at = new_app(query={"p": token}).run()
    at.text_area[0].input(HOSTILE)
    button(at, "Add card").click().run()
    assert "Please choose a category." in texts(at)
    assert at.text_area[0].value == HOSTILE  # a refusal keeps what was typed
    at.radio[0].set_value("Economic")
    button(at, "Add card").click().run()
    assert not at.exception
    assert count(db_session, Contribution, participant_id=me.id) == 1
    assert "Your card is on the wall." in texts(at)
    assert HOSTILE in [t.value for t in at.text]
    assert at.text_area[0].value == ""  # a fresh form
    assert all(HOSTILE not in m.value for m in at.markdown)


def test_a_card_is_changed_and_taken_back_from_its_closed_box(new_app, db_session, room):
    workshop, steps, me, token, _cards = room
    make_current(db_session, workshop, steps[1])
    at = new_app(query={"p": token}).run()
    at.radio[0].set_value("Social")
    at.text_area[0].input("Bus twice a day")
    button(at, "Add card").click().run()
    card = db_session.exec(select(Contribution).where(Contribution.participant_id == me.id)).one()
    # Closed, the box draws no form (one element a card on every run).
    assert [e.label for e in at.expander if e.label == "Change or take back"]
    assert len(at.text_area) == 1 and not any(b.label == "Take this card back" for b in at.button)
    at.session_state[f"edit_box_{card.id}"] = True  # the person opens it
    at.run()
    at.text_area(key=f"edit_text_{card.id}").input("A bus every hour")
    button(at, "Save").click().run()
    assert "Your card is changed." in texts(at)
    db_session.refresh(card)
    assert card.text == "A bus every hour"
    button(at, "Take this card back").click().run()
    assert "Your card is taken back." in texts(at)
    db_session.refresh(card)
    assert card.withdrawn
    assert not at.exception


def test_dot_vote_plus_and_minus(new_app, db_session, room):
    workshop, steps, me, token, cards = room
    make_current(db_session, workshop, steps[2])
    at = new_app(query={"p": token}).run()
    assert "3 dots left of 3" in texts(at)
    data = vote_data(at)
    assert [c["id"] for c in data["cards"]] == [cards[0].id, cards[1].id]
    assert (data["budget"], data["cap"], data["open"]) == (3, 2, True)
    first = str(cards[0].id)
    tap_vote(at, {"set": {first: 1}, "seq": 1})
    tap_vote(at, {"set": {first: 2}, "seq": 2})
    data = vote_data(at)
    assert data["cards"][0]["dots"] == 2 and data["ack"] == 2
    assert "1 dot left of 3" in texts(at)
    tap_vote(at, {"set": {first: 3}, "seq": 3})  # past the cap of 2: refused, said
    assert "At most 2 dots on one card" in vote_data(at)["notice"]["text"]
    tap_vote(at, {"set": {first: 1}, "seq": 4})
    assert not at.exception
    assert db_session.exec(select(Vote.dots).where(Vote.participant_id == me.id)).all() == [1]


def test_one_tap_can_move_a_dot_and_a_resend_adds_nothing(new_app, db_session, room):
    workshop, steps, me, token, cards = room
    make_current(db_session, workshop, steps[2])
    at = new_app(query={"p": token}).run()
    a, b = str(cards[0].id), str(cards[1].id)
    tap_vote(at, {"set": {a: 2}, "seq": 1})
    tap_vote(at, {"set": {b: 1}, "seq": 2})  # budget of 3 spent
    tap_vote(at, {"set": {a: 1, b: 2}, "seq": 3})  # taken off first, then added
    tap_vote(at, {"set": {a: 1, b: 2}, "seq": 3})  # the same tap again
    rows = db_session.exec(
        select(Vote.contribution_id, Vote.dots).where(Vote.participant_id == me.id)
    ).all()
    votes = {card_id: dots for card_id, dots in rows}
    assert votes == {cards[0].id: 1, cards[1].id: 2}
    assert vote_data(at)["notice"] is None


@pytest.mark.parametrize(
    "payload",
    [
        "a string",
        [1, 2],
        {"set": "all"},
        {"set": {}},
        {"set": {"abc": 1}},
        {"set": {"1": -1}},
        {"set": {"1": True}},
        {"set": {"1": 10**30}},
        {"set": {str(i): 1 for i in range(1000)}},
    ],
)
def test_a_vote_event_no_page_sends_stores_nothing(new_app, db_session, room, payload):
    workshop, steps, me, token, _cards = room
    make_current(db_session, workshop, steps[2])
    at = new_app(query={"p": token}).run()
    tap_vote(at, payload)
    assert not at.exception
    assert count(db_session, Vote, participant_id=me.id) == 0
    assert "3 dots left of 3" in texts(at)


def test_tap_on_a_step_closed_meanwhile_says_so_and_loses_nothing(new_app, db_session, room):
    workshop, steps, me, token, cards = room
    make_current(db_session, workshop, steps[2])
    at = new_app(query={"p": token}).run()
    tap_vote(at, {"set": {str(cards[0].id): 1}, "seq": 1})
    make_current(db_session, workshop, steps[2], StepState.CLOSED)
    # The page was drawn while open; its tap reaches the server after the close.
    tap_vote(at, {"set": {str(cards[1].id): 1}, "seq": 2})
    assert not at.exception
    notice = vote_data(at)["notice"]
    assert notice["card"] == cards[1].id
    assert "This step is closed" in notice["text"]
    assert "Nothing was changed" in notice["text"]  # the tap itself was answered
    assert vote_data(at)["open"] is False
    assert count(db_session, Vote, participant_id=me.id) == 1


def test_matrix_poll_assessment_store(new_app, db_session, room):
    workshop, steps, me, token, cards = room
    make_current(db_session, workshop, steps[3])
    at = new_app(query={"p": token}).run()
    at.segmented_control(key=f"score_{cards[1].id}_0").set_value(4).run()
    assert not at.exception
    from pari.models import Assessment, PollAnswer, Score

    assert db_session.exec(select(Score.value).where(Score.participant_id == me.id)).all() == [4]

    make_current(db_session, workshop, steps[4])
    at.run()
    at.radio[0].set_value(1)
    button(at, "Send my answer").click().run()
    assert db_session.exec(
        select(PollAnswer.option).where(PollAnswer.participant_id == me.id)
    ).all() == [1]

    make_current(db_session, workshop, steps[5])
    at.run()
    at.select_slider(key=f"rate_{steps[5].id}_0").set_value(7).run()
    at.toggle(key=f"dk_{steps[5].id}_1").set_value(True).run()
    assert not at.exception
    db_session.expire_all()
    rows = db_session.exec(
        select(Assessment.dimension, Assessment.value).where(Assessment.participant_id == me.id)
    ).all()
    assert sorted(rows, key=lambda r: r[0]) == [("trust", None), ("vision", 7)]


def test_commitments_form_and_withdraw(new_app, db_session, room):
    from pari.models import Commitment

    workshop, steps, me, token, cards = room
    make_current(db_session, workshop, steps[6])
    at = new_app(query={"p": token}).run()
    at.selectbox[1].set_value(cards[1].id)  # [0] is the language
    at.radio(key=next(r.key for r in at.radio if r.key.startswith("pl_kind_"))).set_value("time")
    at.text_area[0].input("Two days a month")
    at.number_input[0].set_value(2.0)
    button(at, "Add my pledge").click().run()
    assert not at.exception, at.exception
    assert "Thank you! Your pledge is saved." in texts(at)
    assert count(db_session, Commitment, participant_id=me.id, withdrawn=False) == 1
    button(at, "Take this pledge back").click().run()
    assert count(db_session, Commitment, participant_id=me.id, withdrawn=False) == 0


def test_workshop_ended_and_language_switch(new_app, db_session, room):
    workshop, _steps, me, token, _cards = room
    at = new_app(query={"p": token}).run()
    assert "Please wait" in texts(at)
    at.selectbox[0].set_value("sv").run()
    assert not at.exception
    assert at.session_state["lang"] == "sv"
    db_session.expire_all()
    assert db_session.get(Participant, me.id).language == "sv"
    stored = db_session.get(Workshop, workshop.id)
    stored.status = WorkshopStatus.CLOSED
    db_session.add(stored)
    db_session.commit()
    at.run()
    # In the language the person chose (the catalogs translate it).
    ended = i18n.translation("sv").gettext("This workshop has ended. Thank you for taking part.")
    assert ended != "This workshop has ended. Thank you for taking part."
    assert ended in texts(at)
