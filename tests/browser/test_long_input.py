"""Issue 16, point 6: a value longer than its field's limit, sent by a modified page over
Streamlit's websocket protocol (bench/client.py), is refused with the app's own "too
long" message, and nothing is stored cut.

Streamlit cuts a text widget's value to its ``max_chars`` on the server, in silence
(DESIGN section 8): the phone's text widgets have none, so the services see what the
browser sent. The name (check-in), a card and a pledge each carry 10,000 characters.
"""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest
from sqlmodel import Session, select

from bench.client import Phone
from pari.db import make_engine, migrate
from pari.models import (
    MAX_CARD_TEXT,
    MAX_NAME,
    Commitment,
    Contribution,
    Participant,
    StakeholderGroup,
    StepKind,
)
from tests.factories import make_current, make_workshop

LONG = "x" * 10_000


def in_own_loop(go) -> None:
    """Run the coroutine function ``go`` on a thread of its own: a Playwright test
    earlier in the session leaves an event loop running on this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(lambda: asyncio.run(go())).result()


TOO_LONG = "That is too long: at most {max} characters, you have 10000."


@pytest.fixture
def room(server):
    engine = make_engine(server.database_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        workshop, steps = make_workshop(
            s,
            steps=[
                (StepKind.CHECK_IN, "Welcome", {}),
                (StepKind.IDEAS, "Challenges", {}),
                (StepKind.COMMITMENTS, "Pledges", {}, 1),
            ],
            code="KX7P2M",
        )
    yield engine, workshop, steps
    engine.dispose()


def _count(engine, model, **where) -> int:
    with Session(engine) as s:
        query = select(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return len(s.exec(query).all())


async def _submit(phone: Phone, form_prefix: str, values: dict[str, str], timeout=20) -> None:
    """Fill the text widgets of the form whose id starts with ``form_prefix`` by label,
    then press its submit button; waits for the run it starts."""

    def form(p: Phone) -> list:
        ids = {e.form_id for e in p.widgets() if e.form_id.startswith(form_prefix)}
        widgets = [w for f in ids for w in p.form_widgets(f)]
        labels = {w.label for w in widgets}
        ready = all(label in labels for label in values) and any(
            w.is_form_submitter for w in widgets
        )
        return widgets if len(ids) == 1 and ready else []

    widgets = await phone.wait_for(form, timeout)
    assert widgets, phone.texts()
    filled = {w: values[w.label] for w in widgets if w.label in values}
    assert len(filled) == len(values), [w.label for w in widgets]
    submit = next(w for w in widgets if w.is_form_submitter)
    ack = await phone.wait_ack(await phone.submit(submit, filled), timeout)
    assert ack.status.startswith("FINISHED_") and "SUCCESSFULLY" in ack.status, ack.status


def test_ten_thousand_characters_are_refused_not_stored_cut(server, room):
    engine, workshop, steps = room

    async def go() -> None:
        phone = Phone(server.url, query=f"join={workshop.code}")
        await phone.open()
        assert await phone.wait_for(lambda p: p.find(kind="radio"), 20), phone.texts()
        group = phone.find(kind="radio")[0]
        phone.set_value(group, 0)
        await _submit(phone, "check_in", {"Your name": LONG})
        assert await phone.wait_for(lambda p: p.has_text(TOO_LONG.format(max=MAX_NAME)), 10), (
            phone.texts()
        )
        assert _count(engine, Participant, name=LONG[:MAX_NAME]) == 0
        assert _count(engine, Participant, group=StakeholderGroup.SOCIAL_ECONOMY) == 0
        await _submit(phone, "check_in", {"Your name": "Ana"})  # the group is still chosen
        assert await phone.wait_for(lambda p: p.has_text("Please wait"), 10), phone.texts()

        with Session(engine) as s:
            make_current(s, workshop, steps[1])
        assert await phone.wait_for(lambda p: p.find(kind="text_area"), 20), phone.texts()
        await _submit(phone, "card_", {"Your idea (one idea per card)": LONG})
        assert await phone.wait_for(lambda p: p.has_text(TOO_LONG.format(max=MAX_CARD_TEXT)), 10), (
            phone.texts()
        )
        assert not phone.has_text("Your card is on the wall.")
        assert _count(engine, Contribution) == 0

        with Session(engine) as s:
            make_current(s, workshop, steps[2])
        assert await phone.wait_for(lambda p: p.find(label="What exactly?"), 20), phone.texts()
        kind = phone.find(label="What do you offer?")[0]
        phone.set_value(kind, 0)
        await _submit(
            phone, "pledge_", {"Which priority?": "A bus after six", "What exactly?": LONG}
        )
        assert await phone.wait_for(lambda p: p.has_text(TOO_LONG.format(max=MAX_CARD_TEXT)), 10), (
            phone.texts()
        )
        assert not phone.has_text("Thank you! Your pledge is saved.")
        assert _count(engine, Commitment) == 0
        await phone.close()

    in_own_loop(go)
    assert "Traceback" not in server.log_text()
