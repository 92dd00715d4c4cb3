"""A countdown on the current step (issue 18), on a real server: started from the run
controls, counted down in the browser on a phone (390x844) and on the presenter
(1920x1080), paused, lengthened, and at zero closing input with one run of the phone.

The first test draws them with tests/apps/timer_probe.py (the run page's controls, the
phone's and the presenter's countdown alone), where it can count the phone's runs; the
second goes through the real run page, phone page and presenter."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from pari import accounts, timers
from pari.db import make_engine, migrate
from pari.models import Step, StepKind, StepState, utcnow
from tests.browser.conftest import PHONE, PROJECTOR, ROOT, _free_port, shot, wait_idle
from tests.browser.test_facilitator import coordinator_and_maria, log_in
from tests.browser.test_reveal import open_page
from tests.factories import make_current, make_phone, make_user, make_workshop

pytestmark = pytest.mark.browser
CLOCK = re.compile(r"^\d+:\d\d$")
DESK = {"width": 1280, "height": 720}
REAL_CODE = "TMRQ7K"


def _clock(page) -> str:
    return page.locator(".cd .time").inner_text()


def _wait_for_another_value(page, seen: str) -> str:
    """Wait until the countdown shows something other than ``seen`` (it counts by itself)."""
    expect(page.locator(".cd .time")).not_to_have_text(seen, timeout=5000)
    return _clock(page)


def _open(page, url: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            page.goto(url)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_a_countdown_runs_on_phone_and_wall_and_closes_input(tmp_path, phone, desk):
    url = f"sqlite:///{tmp_path / 'timer.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        owner = make_user(s)
        workshop, steps = make_workshop(
            s,
            owner=owner,
            steps=[(StepKind.CHECK_IN, "Check-in", {}), (StepKind.IDEAS, "Ideas", {})],
        )
        make_current(s, workshop, steps[1])
        wid, uid, sid = workshop.id, owner.id, steps[1].id
        user = accounts.to_auth_user(owner)
    port = _free_port()
    log = tmp_path / "timer.log"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "tests/apps/timer_probe.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/?w={wid}"
    try:
        # The facilitator starts two minutes from the run controls; the phone follows.
        _open(phone, f"{base}&view=phone")
        expect(phone.get_by_text("open=True")).to_be_visible(timeout=30_000)  # a cold start
        expect(phone.locator(".cd")).to_have_count(0)  # no timer, no element
        desk.set_viewport_size(PROJECTOR)
        _open(desk, f"{base}&u={uid}&view=run")
        expect(desk.get_by_role("button", name="2 minutes")).to_be_visible()
        shot(desk, "timer-run-start-1920")
        desk.get_by_role("button", name="2 minutes").click()
        expect(desk.get_by_role("button", name="Pause")).to_be_visible()

        expect(phone.locator(".cd .time")).to_have_text(CLOCK)
        first = _clock(phone)
        second = _wait_for_another_value(phone, first)
        assert first.startswith(("2:00", "1:5")) and second < first, (first, second)
        expect(phone.locator(".cd .label")).to_have_text("Time left")
        shot(phone, "timer-phone-running-390")
        assert phone.viewport_size == PHONE

        # The presenter counts on its own, large, refreshed every 2 s without a jump back.
        wall = desk.context.new_page()
        wall.set_viewport_size(PROJECTOR)
        _open(wall, f"{base}&view=wall")
        expect(wall.locator(".cd.big .time")).to_have_text(CLOCK)
        shown = _clock(wall)
        assert _wait_for_another_value(wall, shown) < shown
        size = wall.locator(".cd .time").evaluate("n => parseFloat(getComputedStyle(n).fontSize)")
        assert size >= 96, size  # read from the back of a room
        shot(wall, "timer-wall-running-1920")

        # Pause holds the count everywhere; resume, add a minute.
        desk.get_by_role("button", name="Pause").click()
        expect(phone.locator(".cd .label")).to_have_text("Timer paused")
        held = _clock(phone)
        wait_idle(phone)
        assert _clock(phone) == held
        expect(desk.locator(".cd .label")).to_have_text("Timer paused")
        shot(desk, "timer-run-paused-1920")
        desk.get_by_role("button", name="Add a minute").click()
        expect(desk.get_by_role("button", name="Resume")).to_be_visible()
        desk.get_by_role("button", name="Resume").click()
        expect(phone.locator(".cd .label")).to_have_text("Time left")
        assert _clock(phone) > held  # a minute more, at least while held minutes < 9
        desk.get_by_role("button", name="Stop the timer").click()
        expect(phone.locator(".cd")).to_have_count(0)
        expect(desk.get_by_role("button", name="1 minute", exact=True)).to_be_visible()

        # A countdown that closes input, three seconds from its end.
        with Session(engine, expire_on_commit=False) as s:
            timers.start(
                session=s,
                user=user,
                step_id=sid,
                seconds=10,
                closes_input=True,
                now=utcnow() - timedelta(seconds=7),
            )
            s.commit()
        expect(phone.locator(".cd .time")).to_have_text(re.compile(r"^0:0[1-3]$"))
        expect(phone.get_by_text("open=True")).to_be_visible()
        runs = int(phone.get_by_text(re.compile(r"^runs=")).inner_text().split("=")[1])
        expect(phone.locator(".cd .time")).to_have_text("0:00", timeout=8000)
        expect(phone.locator(".cd .label")).to_have_text("Time is up: input is closed.")
        expect(phone.get_by_text("open=False")).to_be_visible(timeout=8000)  # the one run
        wait_idle(phone)
        expect(phone.get_by_text(f"runs={runs + 1}", exact=True)).to_be_visible()
        shot(phone, "timer-phone-ended-390")
        expect(wall.locator(".cd .label")).to_have_text("Time is up: input is closed.")
        shot(wall, "timer-wall-ended-1920")
        with Session(engine) as s:
            assert s.get(Step, sid).state is StepState.OPEN  # closed by the clock alone
        assert "Traceback" not in log.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        engine.dispose()


def test_the_real_pages_count_down_and_close_input(server, browser):
    """The same countdown through the pages people use (issue 18 point 2): started on the
    run page at 1280x720, counted down on a checked-in phone at 390x844 and on the
    presenter at 1920x1080, and at zero closing the phone's card form."""
    engine = make_engine(server.database_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        maria = coordinator_and_maria(s)
        workshop, (ideas,) = make_workshop(
            s, owner=maria, code=REAL_CODE, steps=[(StepKind.IDEAS, "Ideas for the valley", {})]
        )
        make_current(s, workshop, ideas)
        _me, token = make_phone(s, workshop)
        user = accounts.to_auth_user(maria)
    desk = browser.new_context(viewport=DESK).new_page()
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    for page in (desk, phone):
        page.set_default_timeout(20_000)
    try:
        desk.goto(f"{server.url}/sign-in")  # the first page of a fresh server can be slow
        expect(desk.get_by_role("heading", name="Log in")).to_be_visible(timeout=30_000)
        log_in(desk, server.url, "maria")
        wall = desk.context.new_page()  # the presenter window, signed in by the same cookie
        wall.set_viewport_size(PROJECTOR)
        wall.set_default_timeout(20_000)
        open_page(
            wall,
            f"{server.url}/screen?w={REAL_CODE}",
            lambda p: p.get_by_text("Ideas for the valley").first,
        )
        phone.goto(f"{server.url}/?p={token}")
        expect(phone.get_by_role("button", name="Add card")).to_be_visible(timeout=30_000)
        expect(phone.locator(".cd")).to_have_count(0)  # no timer, no element
        open_page(
            desk,
            f"{server.url}/control?w={REAL_CODE}",
            lambda p: p.get_by_role("heading", name="Run"),
        )
        wait_idle(desk)
        desk.get_by_role("button", name="2 minutes").click()
        expect(desk.get_by_role("button", name="Pause")).to_be_visible()
        shot(desk, "timer-real-run-1280")

        expect(phone.locator(".cd .time")).to_have_text(CLOCK)
        first = _clock(phone)
        assert _wait_for_another_value(phone, first) < first
        expect(phone.locator(".cd .label")).to_have_text("Time left")
        shot(phone, "timer-real-phone-390")
        expect(wall.locator(".cd.big .time")).to_have_text(CLOCK)
        shown = _clock(wall)
        assert _wait_for_another_value(wall, shown) < shown
        shot(wall, "timer-real-wall-1920")

        # A countdown that closes input, three seconds from its end: the card form goes.
        with Session(engine, expire_on_commit=False) as s:
            timers.start(
                session=s,
                user=user,
                step_id=ideas.id,
                seconds=10,
                closes_input=True,
                now=utcnow() - timedelta(seconds=7),
            )
            s.commit()
        expect(phone.locator(".cd .label")).to_have_text(
            "Time is up: input is closed.", timeout=15_000
        )
        expect(phone.get_by_role("button", name="Add card")).to_have_count(0, timeout=15_000)
        expect(wall.locator(".cd .label")).to_have_text("Time is up: input is closed.")
        wait_idle(phone)
        shot(phone, "timer-real-phone-ended-390")
        shot(wall, "timer-real-wall-ended-1920")
    finally:
        for page in (desk, phone):
            page.context.close()
        engine.dispose()
