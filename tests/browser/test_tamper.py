"""Issue 15, item 5: a tampered widget value (a number where a radio or select box
takes text, an option that does not exist) gets a clear answer and no traceback.
Sent over Streamlit's websocket protocol (bench/client.py) to a real server."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.client import Phone
from pari.db import make_engine, migrate
from pari.models import StepKind
from tests.factories import make_workshop

CHOOSE = "Please choose the group you speak for."


def in_own_loop(go) -> None:
    """Its own thread and event loop: Playwright's sync API, used by the browser tests
    before this one in the same process, keeps an event loop running on this thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: asyncio.run(go())).result()


@pytest.fixture
def code(server) -> str:
    engine = make_engine(server.database_url)
    migrate(engine)
    with Session(engine) as s:
        workshop, _ = make_workshop(s, steps=[(StepKind.CHECK_IN, "Welcome", {})], code="KX7P2M")
        code = workshop.code
    engine.dispose()
    return code


async def _check_in_form(server, code: str) -> tuple[Phone, dict]:
    phone = Phone(server.url, query=f"join={code}")
    await phone.open()
    assert await phone.wait_for(lambda p: p.find(kind="radio") and p.find(submitter=True), 15)
    widgets = {
        "group": phone.find(kind="radio")[0],
        "language": phone.find(kind="selectbox")[0],
        "submit": phone.find(submitter=True)[0],
    }
    return phone, widgets


def _sent(phone: Phone, widget, **value) -> None:
    phone.values[widget.widget_id] = WidgetState(id=widget.widget_id, **value)


@pytest.mark.parametrize(
    "value",
    [{"int_value": 99}, {"double_value": 1.5}, {"string_value": "Martians"}, {"bool_value": True}],
)
def test_a_tampered_group_choice_is_refused_plainly(server, code, value):
    async def go() -> None:
        phone, w = await _check_in_form(server, code)
        _sent(phone, w["group"], **value)
        ack = await phone.wait_ack(await phone.tap(w["submit"]), 15)
        # The check-in form is in the step's fragment: its submit reruns that alone.
        assert ack.status == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
        assert await phone.wait_for(lambda p: p.has_text(CHOOSE), 10), phone.texts()
        assert not any("error" in t.lower() for t in phone.texts() if t != CHOOSE)
        await phone.close()

    in_own_loop(go)
    assert "Traceback" not in server.log_text()


@pytest.mark.parametrize("value", [{"int_value": 3}, {"string_value": "xx"}])
def test_a_tampered_language_keeps_the_page(server, code, value):
    async def go() -> None:
        phone, w = await _check_in_form(server, code)
        ack = await phone.wait_ack(
            await phone.send_rerun(extra=[WidgetState(id=w["language"].widget_id, **value)]), 15
        )
        assert ack.status == "FINISHED_SUCCESSFULLY"
        assert phone.find(kind="radio") and phone.has_text("Which group do you speak for?")
        await phone.close()

    in_own_loop(go)
    assert "Traceback" not in server.log_text()


def test_a_tampered_value_in_the_first_message_of_a_new_session(server, code):
    """The widget ids are stable: a script can send a wrong type before any run."""

    async def go() -> None:
        first, w = await _check_in_form(server, code)
        query = first.query
        await first.close()
        phone = Phone(server.url, query=query)
        phone.values[w["group"].widget_id] = WidgetState(id=w["group"].widget_id, int_value=7)
        phone.elements[w["group"].path] = w["group"]  # sent as if on screen
        await phone.open()
        assert await phone.wait_for(lambda p: p.find(kind="radio"), 15)
        await phone.close()

    in_own_loop(go)
    assert "Traceback" not in server.log_text()
