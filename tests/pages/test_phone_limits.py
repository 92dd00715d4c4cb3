"""Every text field of the phone leaves the length check to the services (issue 16,
point 6): no field has a ``max_chars`` Streamlit would cut a longer value to on the
server in silence, one with no example to show says its limit as its placeholder, and a
value over it is refused with the "too long" message and stored nowhere, cut or whole
(tests/browser/test_long_input.py sends the same over the websocket to a real server)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from pari import live
from pari.models import MAX_CARD_TEXT, MAX_NAME, Contribution, Participant, StepKind
from pari.steps.ideas import rules as ideas_rules
from tests.factories import make_current, make_phone, make_workshop
from tests.pages.conftest import texts

STEPS = [
    (StepKind.CHECK_IN, "Welcome", {}),
    (StepKind.IDEAS, "Challenges", {}),
    (StepKind.COMMITMENTS, "Pledges", {}, 1),
]
LONG = "y" * 10_000


@pytest.fixture
def room(db_session, monkeypatch):
    monkeypatch.setattr(live, "follow", lambda *args, **kw: None)
    workshop, steps = make_workshop(db_session, steps=STEPS)
    me, token = make_phone(db_session, workshop)
    make_current(db_session, workshop, steps[1])
    card = ideas_rules.add_card(
        session=db_session, participant_id=me.id, step_id=steps[1].id, text="Bus"
    )
    db_session.commit()
    return workshop, steps, me, token, card


def _fields(at) -> list:
    return [*at.text_input, *at.text_area]


def test_no_phone_text_field_is_cut_by_streamlit(new_app, db_session, room):
    workshop, steps, _me, token, card = room
    seen = {}
    for step in steps:
        make_current(db_session, workshop, step)
        at = new_app(query={"p": token})
        at.session_state["my_details"] = True  # the check-in form, opened again
        at.session_state[f"edit_box_{card.id}"] = True  # a card's edit form
        at.run()
        assert not at.exception
        seen.update({f.label: f for f in _fields(at)})
    assert {
        "Your name",
        "Your organisation",
        "Your village or town",
        "Your idea (one idea per card)",
        "Your idea",
        "… or write another priority",
        "What exactly?",
        "Unit (optional)",
    } <= set(seen)
    for label, field in seen.items():
        assert field.proto.max_chars == 0, label
    for label, limit in (
        ("Your name", MAX_NAME),
        ("Your organisation", MAX_NAME),
        ("Your village or town", MAX_NAME),
        ("… or write another priority", MAX_CARD_TEXT),
    ):
        assert seen[label].proto.placeholder == f"At most {limit} characters.", label


def test_a_card_edit_over_the_limit_is_refused_and_the_card_kept(new_app, db_session, room):
    workshop, steps, _me, token, card = room
    make_current(db_session, workshop, steps[1])
    at = new_app(query={"p": token})
    at.session_state[f"edit_box_{card.id}"] = True
    at.run()
    at.text_area(key=f"edit_text_{card.id}").input(LONG)
    next(b for b in at.button if b.label == "Save").click().run()
    assert not at.exception
    assert f"at most {MAX_CARD_TEXT} characters, you have 10000" in texts(at)
    db_session.expire_all()
    assert db_session.get(Contribution, card.id).text == "Bus"


def test_check_in_details_over_the_limit_are_refused(new_app, db_session, room):
    _workshop, _steps, me, token, _card = room
    at = new_app(query={"p": token})
    at.session_state["my_details"] = True
    at.run()
    place = next(f for f in at.text_input if f.label == "Your village or town")
    place.input(LONG)
    next(b for b in at.button if b.label == "Save").click().run()
    assert "you have 10000" in texts(at)
    db_session.expire_all()
    assert db_session.exec(select(Participant.place).where(Participant.id == me.id)).one() == ""
