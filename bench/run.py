"""The room benchmark (issue 10): N phones against the app and against the floor.

    .venv/bin/python -m bench.run --phones 300            # everything, both targets
    .venv/bin/python -m bench.run --phones 20 --quick     # short durations
    .venv/bin/python -m bench.run --scenario idle --target app --phones 100

Each scenario runs on a fresh server (``streamlit run``, open-files limit raised) on a
fresh SQLite database in a temporary folder: ``idle`` (phones sit on the current step while
the facilitator changes step twice), ``vote`` (a card each, then the dots within the
window, arrivals at random, a presenter screen open), ``stress`` (the same, all taps
within a few seconds) and ``bad`` (what broken phones send). The facilitator's clicks are
made in this process through the same services, against the same database.

Results: ``bench/results/<timestamp>.json`` and a markdown table on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets

from bench import server as srv
from bench.client import Ack, Phone, garbage
from bench.http import Browser, Fetched, load_capture
from bench.targets import (
    RELIES_ON,
    STEP_TITLES,
    VOTE_ELEMENT,
    FloorTarget,
    PariTarget,
    Target,
)

RESULTS = Path(__file__).resolve().parent / "results"
SCENARIOS = ("idle", "vote", "stress", "bad", "arrive", "locks")
TARGETS = {"app": PariTarget, "floor": FloorTarget}
ACK_TIMEOUT = 30.0


@dataclass
class Options:
    phones: int = 300
    idle_seconds: float = 60.0
    vote_window: float = 60.0
    stress_window: float = 5.0
    card_window: float = 20.0
    vanish_seconds: float = 300.0
    follow_timeout: float = 30.0
    join_concurrency: int = 25
    vote_cards: int = 20  # the facilitator offers 20 cards (0: every card of the ideas step)
    seed: int = 10
    http: bool = True  # phones fetch what Chromium fetches (bench/browser_requests.json)
    arrive_seconds: float = 60.0  # "the room arrives": cold joins spread over this
    lock_share: float = 1 / 3  # "screens lock": this share of the room drops ...
    lock_seconds: tuple[float, float] = (5.0, 60.0)  # ... for this long
    back_within: float = 10.0  # a returning phone not on the current step by then: stranded
    real: int = 0  # real Chromium phones beside the simulated ones (calibration, idle)


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return round(values[lo] + (values[hi] - values[lo]) * (k - lo), 3)


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": pct(values, 0.5),
        "p95": pct(values, 0.95),
        "max": round(max(values), 3) if values else None,
    }


@dataclass
class Action:
    """Latencies and CPU for one kind of action (join, check-in, card, vote)."""

    name: str
    latencies: list[float] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)  # answered "not saved"
    refused_latencies: list[float] = field(default_factory=list)
    cpu: float = 0.0
    wall: float = 0.0
    first_sent: float | None = None
    last_sent: float | None = None

    def record(self, ack: Ack, refused: str | None = None) -> bool:
        """One answer: acknowledged (True), or refused on screen, or failed."""
        self.first_sent = min(self.first_sent or ack.sent_at, ack.sent_at)
        self.last_sent = max(self.last_sent or ack.sent_at, ack.sent_at)
        if ack.seconds is not None and ack.status.startswith("FINISHED"):
            if refused:
                self.refused[refused] = self.refused.get(refused, 0) + 1
                self.refused_latencies.append(ack.seconds)
                return False
            self.latencies.append(ack.seconds)
            return True
        self.failures[ack.status or "no answer"] = self.failures.get(ack.status, 0) + 1
        return False

    def fail(self, why: str) -> None:
        self.failures[why] = self.failures.get(why, 0) + 1

    def report(self) -> dict:
        done = len(self.latencies)
        spread = (
            round(self.last_sent - self.first_sent, 2)
            if self.first_sent is not None and self.last_sent is not None
            else None
        )
        return {
            "ack_seconds": summary(self.latencies),
            "failures": self.failures,
            "refused": self.refused,
            "refused_answer_seconds": summary(self.refused_latencies),
            "server_cpu_seconds": round(self.cpu, 2),
            "cpu_seconds_per_action": round(self.cpu / done, 4) if done else None,
            "wall_seconds": round(self.wall, 2),
            "per_second": round(done / self.wall, 1) if self.wall else None,
            "sent_over_seconds": spread,
        }


class Measure:
    """CPU seconds of the server over a block."""

    def __init__(self, server: srv.Server) -> None:
        self.server = server

    def __enter__(self):
        self.cpu0 = self.server.cpu_seconds()
        self.t0 = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.cpu = self.server.cpu_seconds() - self.cpu0
        self.wall = time.monotonic() - self.t0


async def bounded(coros, limit: int):
    sem = asyncio.Semaphore(limit)

    async def one(c):
        async with sem:
            return await c

    return await asyncio.gather(*(one(c) for c in coros), return_exceptions=True)


# --- the room -------------------------------------------------------------------------


CAPTURED = load_capture()


def _http_paths(phone: Phone) -> tuple[str, list[str]]:
    return f"/?{phone.query}", list(CAPTURED["cold"]) if CAPTURED else []


async def cold_http(phone: Phone, opts: Options) -> Fetched | None:
    """What the browser fetches before its websocket: the page (which sets the device
    cookie the websocket then carries) and the files of a cold join."""
    if not (opts.http and CAPTURED):
        return None
    browser = Browser(phone.base_url, phone.cookies)
    phone.extra["http"] = browser
    phone.extra["kinds_seen"] = {"checkin"}
    document, files = _http_paths(phone)
    fetched = await browser.fetch_all([document])
    fetched.add(await browser.fetch_all(files))
    return fetched


async def lazy_http(phone: Phone, kind: str) -> Fetched | None:
    """The chunks of a step kind the phone shows for the first time."""
    browser = phone.extra.get("http")
    seen = phone.extra.setdefault("kinds_seen", set())
    if browser is None or kind in seen:
        return None
    seen.add(kind)
    return await browser.fetch_all(list(CAPTURED["kinds"].get(kind, [])))


async def open_cold(
    target: Target, base_url: str, i: int, action: Action, opts: Options, http: Fetched
) -> tuple[Phone, Ack] | None:
    """A phone opening the join link as a browser does: its HTTP, then its websocket;
    when its connection comes back it does what the page's own scripts do."""
    phone = Phone(
        base_url, query=target.join_query(), name=f"phone{i}", on_reconnect=target.on_reconnect
    )
    try:
        fetched = await cold_http(phone, opts)
        if fetched is not None:
            http.add(fetched)
        return phone, await phone.open()
    except Exception as exc:  # noqa: BLE001 - counted, the room goes on
        action.fail(f"connect: {type(exc).__name__}")
        return None


async def join_one(
    target: Target, base_url: str, i: int, action: Action, opts: Options, http: Fetched
) -> Phone | None:
    opened = await open_cold(target, base_url, i, action, opts, http)
    if opened is None:
        return None
    phone, ack = opened
    await phone.wait_ack(ack, ACK_TIMEOUT)
    if not action.record(ack):
        await phone.close()
        return None
    if not phone.query_param("p"):
        action.fail("no ?p= token")
    return phone


async def check_in_one(phone: Phone, i: int, action: Action) -> bool:
    form = await phone.wait_for(Target.check_in_form, 10)
    if not form:
        action.fail("no check-in form")
        return False
    radio, submit = form
    ack = await phone.submit(submit, {radio: i % len(radio.options)})
    await phone.wait_ack(ack, ACK_TIMEOUT)
    return action.record(ack)


async def gather_room(target: Target, server: srv.Server, opts: Options, result: dict):
    """Warm the server, join N phones, check them in; memory per connected phone."""
    warm = Phone(server.base_url, name="warm")
    ack = await warm.open()
    await warm.wait_ack(ack, 60)
    await warm.close()
    rss0 = server.rss_bytes()
    join = Action("join")
    http = Fetched()
    with Measure(server) as m:
        joined = await bounded(
            [join_one(target, server.base_url, i, join, opts, http) for i in range(opts.phones)],
            opts.join_concurrency,
        )
    join.cpu, join.wall = m.cpu, m.wall
    phones = [p for p in joined if isinstance(p, Phone)]
    for p in joined:
        if isinstance(p, BaseException):
            join.fail(f"error: {type(p).__name__}")
    checkin = Action("check_in")
    with Measure(server) as m:
        done = await bounded(
            [check_in_one(p, i, checkin) for i, p in enumerate(phones)], opts.join_concurrency
        )
    checkin.cpu, checkin.wall = m.cpu, m.wall
    await asyncio.sleep(1.0)
    rss1 = server.rss_bytes()
    result["actions"]["join"] = join.report()
    result["actions"]["check_in"] = checkin.report()
    if http.requests:
        result["http_cold_join"] = _http_report(http, len(phones))
    result["joined"] = len(phones)
    result["checked_in_ok"] = sum(1 for d in done if d is True)
    result["participants_stored"] = target.participants()
    result["checked_in_stored"] = target.checked_in()
    result["memory"] = {
        "rss_before_mb": round(rss0 / 2**20, 1),
        "rss_connected_mb": round(rss1 / 2**20, 1),
        "kb_per_phone": round((rss1 - rss0) / 1024 / max(len(phones), 1), 1),
        "open_fds": server.open_fds(),
        "fd_limit": server.fd_limit,
        "active_sessions": server.active_sessions(),
    }
    return phones


def _http_report(http: Fetched, phones: int) -> dict:
    return {
        "requests_per_phone": round(http.requests / max(phones, 1), 1),
        "kb_per_phone": round(http.bytes / 1024 / max(phones, 1), 1),
        "errors": http.errors,
    }


async def follow(
    target: Target, phones: list[Phone], kind: str, opts: Options, real: list | None = None
) -> dict:
    """The facilitator opens ``kind``; how long until each phone shows its title, and,
    on its first visit to that kind, has fetched the kind's chunks (as a browser must
    before it can draw them)."""
    title = STEP_TITLES[kind]
    for p in phones:
        p.watch(title)
    for page in real or []:
        await page.evaluate(WATCH_JS, title)
    t_commit = await asyncio.to_thread(target.change_step, kind)
    wall_commit = time.time() - (time.monotonic() - t_commit)
    deadline = t_commit + opts.follow_timeout

    message_times: list[float] = []

    async def shown(p: Phone) -> float | None:
        if not await p.wait_for(
            lambda ph: ph.watched.get(title) is not None, deadline - time.monotonic()
        ):
            return None
        message_times.append(p.watched[title] - t_commit)
        fetched = await lazy_http(p, kind)
        done = time.monotonic() if fetched is not None and fetched.requests else p.watched[title]
        return done - t_commit

    times = await asyncio.gather(*(shown(p) for p in phones))
    lat = [t for t in times if t is not None]
    missed = len(phones) - len(lat)
    # A phone that saw the text before the commit (impossible) would show a negative time.
    out = {"step": kind, **summary([max(x, 0.0) for x in lat]), "missed": missed}
    # The same phones' message alone, before the kind's chunks were fetched.
    out["message"] = summary([max(x, 0.0) for x in message_times])
    if real:
        seen = []
        while time.monotonic() < deadline:
            seen = [await page.evaluate("() => window.__pariSeen") for page in real]
            if all(seen):
                break
            await asyncio.sleep(0.1)
        visible = [ms / 1000 - wall_commit for ms in seen if ms]
        out["real_visible"] = {**summary(visible), "missed": len(real) - len(visible)}
    return out


# Installed in a real Chromium phone before a step change: the moment the new step's
# title is on its screen (text in the page's DOM, after React has drawn it).
WATCH_JS = """(title) => {
  window.__pariSeen = null;
  const look = () => {
    if (!window.__pariSeen && document.body.textContent.includes(title)) {
      window.__pariSeen = Date.now();
    }
  };
  if (window.__pariObserver) window.__pariObserver.disconnect();
  window.__pariObserver = new MutationObserver(look);
  window.__pariObserver.observe(
    document.body, {childList: true, subtree: true, characterData: true});
}"""


async def real_phones(server: srv.Server, target: Target, n: int, browser) -> list:
    """``n`` real Chromium phones (390 x 844) that join with the code and check in."""
    pages = []
    for i in range(n):
        ctx = await browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        page = await ctx.new_page()
        await page.goto(f"{server.base_url}/?{target.join_query()}")
        await page.get_by_text(REAL_GROUPS[i % len(REAL_GROUPS)]).first.click(timeout=30_000)
        await page.get_by_role("button", name="I agree, let's start").click()
        await page.get_by_text("Thank you, you are checked in.").wait_for(timeout=30_000)
        pages.append(page)
    return pages


REAL_GROUPS = ("Civil society and residents", "Social economy organisations")


# --- scenarios -------------------------------------------------------------------------


async def scenario_idle(target: Target, server: srv.Server, opts: Options, result: dict):
    phones = await gather_room(target, server, opts, result)
    async with contextlib.AsyncExitStack() as stack:
        real: list = []
        if opts.real and target.name == "app":
            from playwright.async_api import async_playwright

            pw = await stack.enter_async_context(async_playwright())
            browser = await pw.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            stack.push_async_callback(browser.close)
            real = await real_phones(server, target, opts.real, browser)
            result["real_phones"] = len(real)
        await _idle_follows(target, server, opts, result, phones, real)
    return phones


CHROMIUM = "/usr/bin/chromium"


async def _idle_follows(target, server, opts: Options, result: dict, phones, real) -> None:
    third = opts.idle_seconds / 3
    follows = []
    with Measure(server) as whole:
        with Measure(server) as quiet:
            await asyncio.sleep(third)
        follows.append(await follow(target, phones, "ideas", opts, real))
        left = 2 * third - (time.monotonic() - whole.t0)
        await asyncio.sleep(max(left, 0))
        follows.append(await follow(target, phones, "vote", opts, real))
        left = opts.idle_seconds - (time.monotonic() - whole.t0)
        await asyncio.sleep(max(left, 0))
    result["idle"] = {
        "seconds": round(whole.wall, 1),
        "cpu_share_quiet": round(quiet.cpu / quiet.wall, 3),
        "cpu_share_with_changes": round(whole.cpu / whole.wall, 3),
        "follow": follows,
    }


async def write_card(target: Target, phone: Phone, i: int, delay: float, action: Action):
    await asyncio.sleep(delay)
    form = await phone.wait_for(Target.card_form, 15)
    if not form:
        action.fail("no card form")
        return
    area, category, submit = form
    values = {area: f"Idea {i}: a shared workshop for repairs in village {i % 17}"}
    if category is not None:
        values[category] = i % len(category.options)
    ack = await phone.submit(submit, values)
    await phone.wait_ack(ack, ACK_TIMEOUT)
    action.record(ack)


async def spend_dots(
    target: Target,
    phone: Phone,
    delay: float,
    think: tuple[float, float],
    action: Action,
    rng: random.Random,
) -> int:
    """Tap '+' until the budget is spent (a person waits to see each dot land, and taps
    again when told a tap was not saved)."""
    await asyncio.sleep(delay)
    stored = 0
    sent = 0
    while stored < target.budget and sent < 3 * target.budget:
        buttons = await phone.wait_for(
            lambda p: [b for b in Target.plus_buttons(p) if not b.disabled], 15
        )
        if not buttons:
            action.fail("no enabled + button")
            break
        button = rng.choice(buttons)
        ack = await Target.press(phone, button)
        sent += 1
        await phone.wait_ack(ack, ACK_TIMEOUT)
        if action.record(ack, refused=Target.refusal(phone)):
            stored += 1
        if think[1]:
            await asyncio.sleep(rng.uniform(*think))
    return sent


async def scenario_vote(
    target: Target, server: srv.Server, opts: Options, result: dict, window: float, think
):
    rng = random.Random(opts.seed)
    phones = await gather_room(target, server, opts, result)
    result["follow"] = [await follow(target, phones, "ideas", opts)]
    cards = Action("card")
    with Measure(server) as m:
        await asyncio.gather(
            *(
                write_card(target, p, i, rng.uniform(0, opts.card_window), cards)
                for i, p in enumerate(phones)
            )
        )
    cards.cpu, cards.wall = m.cpu, m.wall
    result["actions"]["card"] = cards.report()
    result["cards_sent_ok"] = len(cards.latencies)
    result["cards_stored"] = target.cards()
    if opts.vote_cards:
        result["vote_cards_offered"] = await asyncio.to_thread(
            target.restrict_vote, opts.vote_cards
        )
    result["follow"].append(await follow(target, phones, "vote", opts))

    presenter = target.presenter(server.base_url)
    pres: dict = {"opened": False}
    if presenter is not None:
        try:
            ack = await presenter.open()
            await presenter.wait_ack(ack, 60)
            pres["opened"] = ack.status.startswith("FINISHED")
            pres["open_seconds"] = ack.seconds
            await asyncio.sleep(3)
            pres["has_timer"] = bool(presenter._timers)
        except (OSError, TimeoutError, websockets.WebSocketException) as exc:
            pres["error"] = f"presenter could not open: {type(exc).__name__}: {exc}"
            await presenter.close()
            presenter = None

    votes = Action("vote")
    # Arrivals at random over the window, leaving room for the taps themselves.
    start_span = max(window - target.budget * (think[1] + 0.3), window * 0.5)
    with Measure(server) as m:
        sent = await asyncio.gather(
            *(spend_dots(target, p, rng.uniform(0, start_span), think, votes, rng) for p in phones)
        )
    votes.cpu, votes.wall = m.cpu, m.wall
    t_last = max((t for t in [votes.last_sent] if t), default=time.monotonic())
    result["actions"]["vote"] = votes.report()
    result["votes_sent"] = sum(sent)
    result["votes_acknowledged"] = len(votes.latencies)
    result["votes_stored"] = target.dots()
    ok, detail = target.ballots_ok()
    result["ballots"] = {"ok": ok, "detail": detail}
    if presenter is not None:
        stored = result["votes_stored"]
        if isinstance(target, FloorTarget):
            presenter.watch(f"votes: {stored}")
        last_ack = max((p_fin for p_fin in _ack_times(votes)), default=t_last)
        await asyncio.sleep(6)
        after = [
            f
            for f in presenter.finish_times
            if any(last_ack <= t < f for t in presenter.tick_times)
        ]
        pres["ticks"] = presenter.counters.fragment_ticks
        pres["runs"] = presenter.counters.runs_finished
        pres["seconds_to_reflect_last_vote"] = round(after[0] - last_ack, 2) if after else None
        if isinstance(target, FloorTarget):
            seen = presenter.watched.get(f"votes: {stored}")
            pres["floor_text_seen_after_last_vote"] = (
                round(seen - last_ack, 2) if seen is not None else None
            )
        pres["exceptions_drawn"] = presenter.counters.exceptions
        await presenter.close()
    result["presenter"] = pres
    return phones


def _ack_times(action: Action):
    # Action keeps latencies only; the last acknowledgement is last_sent + its latency.
    if action.last_sent is not None and action.latencies:
        yield action.last_sent + action.latencies[-1]


async def scenario_bad(target: Target, server: srv.Server, opts: Options, result: dict):
    """What broken phones send: resends after drops, a vanished phone, racing taps,
    taps on a closed step, garbage bytes."""
    rng = random.Random(opts.seed + 1)
    phones = await gather_room(target, server, opts, result)
    result["follow"] = [await follow(target, phones, "ideas", opts)]
    bad: dict = {}
    # A phone vanishes now and comes back later (a reload of its ?p= link).
    vanisher = phones[-1]
    vanish_query = vanisher.query
    await vanisher.close()
    participants_before = target.participants()

    async def come_back() -> dict:
        await asyncio.sleep(opts.vanish_seconds)
        again = Phone(server.base_url, query=vanish_query, name="returned")
        again.watch(STEP_TITLES["vote"])
        again.watch(STEP_TITLES["ideas"])
        ack = await again.open()
        await again.wait_ack(ack, ACK_TIMEOUT)
        out = {
            "after_seconds": opts.vanish_seconds,
            "ack": ack.status,
            "same_token": again.query_param("p")
            == Phone("http://127.0.0.1", query=vanish_query).query_param("p"),
            "sees_current_step": any(
                again.watched.get(STEP_TITLES[k]) is not None for k in ("ideas", "vote")
            ),
            "participants_before": participants_before,
            "participants_after": target.participants() - extra["joins"],
            "asked_to_check_in_again": "Welcome!" in again.texts(),
        }
        await again.close()
        return out

    extra = {"joins": 0}  # phones joined since (the after-garbage check): not the vanisher
    vanish_task = asyncio.create_task(come_back())
    active = phones[:-1]

    # Resend after a dropped socket: submit a card, cut the network, resume, submit again.
    resend = []
    for j, phone in enumerate(active[: min(4, len(active))]):
        form = await phone.wait_for(Target.card_form, 15)
        if not form:
            resend.append("no card form")
            continue
        area, category, submit = form
        values = {area: f"Resent card {j}"}
        if category is not None:
            values[category] = 0
        await phone.submit(submit, values)
        await asyncio.sleep([0, 0.02, 0.1, 0.5][j])
        await phone.drop()
        await asyncio.sleep(0.3)
        phone.auto_reconnect = False
        await phone.open(resume=True, run=False)
        phone.auto_reconnect = True
        ack = await phone.submit(submit, values)
        await phone.wait_ack(ack, ACK_TIMEOUT)
        resend.append(ack.status)
    bad["resend_after_drop_acks"] = resend
    # Everyone else writes one card.
    cards = Action("card")
    await asyncio.gather(
        *(
            write_card(target, p, i, rng.uniform(0, 2), cards)
            for i, p in enumerate(active[4:], start=4)
        )
    )
    expected_cards = len(resend) + len(cards.latencies)
    bad["cards_expected"] = expected_cards
    bad["cards_stored"] = target.cards()
    result["follow"].append(await follow(target, active, "vote", opts))

    # Racing taps that would overspend: budget + 3 taps without waiting for answers.
    racing = Action("racing_vote")
    acks = []
    for phone in active:
        buttons = [b for b in Target.plus_buttons(phone) if not b.disabled]
        if not buttons:
            racing.fail("no + button")
            continue
        for k in range(target.budget + 3):
            acks.append((phone, await Target.press(phone, buttons[k % len(buttons)])))
    for phone, ack in acks:
        await phone.wait_ack(ack, ACK_TIMEOUT)
        racing.record(ack)  # answered; which of the racing taps were refused is not knowable
    ok, detail = target.ballots_ok()
    bad["overspend_race"] = {
        "taps": len(acks),
        "acks": racing.report()["ack_seconds"],
        "failures": racing.failures,
        "phones_told_why_a_tap_was_refused": sum(1 for p in active if Target.refusal(p)),
        "dots_stored": target.dots(),
        "max_possible": len(active) * target.budget,
        "ballots_ok": ok,
        "ballots": detail,
    }

    # A dot resent after a drop.
    phone = active[0]
    await phone.wait_for(lambda p: bool(Target.plus_buttons(p)), 10)
    minus = [b for b in Target.minus_buttons(phone) if not b.disabled]
    if minus:
        ack = await Target.press(phone, minus[0])
        await phone.wait_ack(ack, ACK_TIMEOUT)
    dots_before = target.dots()
    plus = [b for b in Target.plus_buttons(phone) if not b.disabled]
    if plus:
        await Target.press(phone, plus[0])
        await phone.drop()
        await asyncio.sleep(0.3)
        phone.auto_reconnect = False
        await phone.open(resume=True, run=False)
        phone.auto_reconnect = True
        ack = await Target.resend(phone, plus[0])
        await phone.wait_ack(ack, ACK_TIMEOUT)
        await asyncio.sleep(0.5)
        bad["vote_resend_after_drop"] = {
            "ack": ack.status,
            "dots_before": dots_before,
            "dots_after": target.dots(),
            "expected_after": dots_before + 1,
        }

    # Taps on a step the facilitator has just closed (the phones still show it).
    for p in active:
        m = [b for b in Target.minus_buttons(p) if not b.disabled]
        if m:
            await Target.press(p, m[0])
    await asyncio.sleep(2)
    await asyncio.to_thread(target.close_current)
    closed_dots = target.dots()
    late = []
    for p in active:
        plus = [b for b in Target.plus_buttons(p) if not b.disabled]
        if plus:
            late.append((p, await Target.press(p, plus[0])))
    for p, ack in late:
        await p.wait_ack(ack, ACK_TIMEOUT)
    await asyncio.sleep(1)
    bad["taps_on_closed_step"] = {
        "taps": len(late),
        "dots_at_close": closed_dots,
        "dots_after_taps": target.dots(),
        "phones_told_closed": sum(
            any(
                "closed" in t.lower() and "step" in t.lower()
                for t in [*p.texts(), Target.refusal(p) or ""]
            )
            for p in active
        ),
    }

    # Events no page sends: a vote element's trigger that is not a tap, counts for
    # cards of no vote, negative or huge counts, a flood of entries.
    hostile = [
        "not a dict",
        {"set": "all", "seq": 1},
        {"set": {"999999": 3}, "seq": 2},
        {"set": {"-1": 1, "abc": 2}, "seq": 3},
        {"set": {str(i): 1 for i in range(5000)}, "seq": 4},
        {"set": {"1": -5}, "seq": 5},
        {"set": {"1": 10**30}, "seq": 6},
        [1, 2, 3],
    ]
    await asyncio.to_thread(target.change_step, "vote")  # open again
    phone = active[1] if len(active) > 1 else active[0]
    await phone.wait_for(lambda p: any(not b.disabled for b in Target.plus_buttons(p)), 10)
    element = phone.component(VOTE_ELEMENT)
    dots_before = target.dots()
    answers = []
    if element is not None:
        for payload in hostile:
            ack = await phone.trigger(element, "dots", payload)
            await phone.wait_ack(ack, ACK_TIMEOUT)
            answers.append(ack.status)
    bad["hostile_vote_events"] = {
        "sent": len(answers),
        "answers": answers,
        "dots_before": dots_before,
        "dots_after": target.dots(),
        "ballots_ok": target.ballots_ok()[0],
    }

    # Garbage on the websocket.
    junk = [
        bytes(rng.getrandbits(8) for _ in range(64)),
        b"\xff" * 16,
        b"\x0a\x05\x12\x03abc",  # a truncated, wrong-typed field
        "not a protobuf, a text frame",
    ]
    bad["garbage"] = await garbage(server.base_url, junk)
    bad["garbage_payloads"] = ["random 64 bytes", "0xff * 16", "malformed protobuf", "text frame"]
    # The server still serves a phone.
    check = Phone(server.base_url, query=target.join_query(), name="after-garbage")
    extra["joins"] += 1
    ack = await check.open()
    await check.wait_ack(ack, ACK_TIMEOUT)
    bad["server_alive_after_garbage"] = ack.status
    await check.close()

    bad["vanished_phone"] = await vanish_task
    result["bad_input"] = bad
    result["exceptions_drawn_on_phones"] = sum(p.counters.exceptions for p in phones)
    return phones


async def scenario_arrive(target: Target, server: srv.Server, opts: Options, result: dict):
    """The room arrives: N people scan the code on the wall within ``arrive_seconds``, each
    a cold join (the browser's HTTP, then its websocket), while the facilitator moves to
    the next step half-way. Per phone: opening the link to the check-in form on screen.
    The yardstick for CPU is the first script run alone: joins whose files are cached."""
    warm = Phone(server.base_url, query=target.join_query(), name="warm")
    await warm.wait_ack(await warm.open(), 60)
    await warm.close()
    await _settle()
    alone = Action("script_alone")
    with Measure(server) as m:
        for i in range(ALONE_JOINS):
            phone = Phone(server.base_url, query=target.join_query(), name=f"alone{i}")
            ack = await phone.open()
            await phone.wait_ack(ack, ACK_TIMEOUT)
            await phone.wait_for(Target.check_in_form, 10)
            alone.record(ack)
            await phone.close()
        await _settle()
    alone.cpu, alone.wall = m.cpu, m.wall

    rng = random.Random(opts.seed)
    starts = sorted(rng.uniform(0, opts.arrive_seconds) for _ in range(opts.phones))
    arrive = Action("cold_join")
    http = Fetched()
    to_form: list[float] = []
    ws_bytes: list[int] = []
    t0 = time.monotonic()

    async def one(i: int, at: float) -> Phone | None:
        await asyncio.sleep(max(0.0, t0 + at - time.monotonic()))
        started = time.monotonic()
        opened = await open_cold(target, server.base_url, i, arrive, opts, http)
        if opened is None:
            return None
        phone, ack = opened
        if await phone.wait_for(Target.check_in_form, opts.follow_timeout):
            to_form.append(time.monotonic() - started)
            ws_bytes.append(phone.counters.bytes_in)
        else:
            arrive.fail("no check-in form")
        await phone.wait_ack(ack, ACK_TIMEOUT)
        arrive.record(ack)
        return phone

    change: dict = {}

    async def facilitator() -> None:
        await asyncio.sleep(opts.arrive_seconds / 2)
        change["at"] = round(await asyncio.to_thread(target.change_step, "ideas") - t0, 1)

    with Measure(server) as m:
        joined, _ = await asyncio.gather(
            asyncio.gather(*(one(i, at) for i, at in enumerate(starts))), facilitator()
        )
        await _settle()
    arrive.cpu, arrive.wall = m.cpu, m.wall
    phones = [p for p in joined if isinstance(p, Phone)]
    per_join = m.cpu / max(len(phones), 1)
    per_alone = alone.cpu / ALONE_JOINS
    wire = http.bytes + sum(ws_bytes)
    result["joined"] = len(phones)
    result["participants_stored"] = target.participants()
    result["actions"]["join"] = arrive.report()
    result["arrive"] = {
        "over_seconds": opts.arrive_seconds,
        "step_change_at": change.get("at"),
        "to_check_in_form": summary(to_form),
        "cpu_ms_per_cold_join": round(per_join * 1000, 1),
        "cpu_ms_script_alone": round(per_alone * 1000, 1),
        "cold_join_over_script_alone": round(per_join / per_alone, 2) if per_alone else None,
        "mb_per_cold_join": round(wire / 1e6 / max(len(to_form), 1), 3),
        "http": _http_report(http, len(phones)),
        "cpu_share": round(m.cpu / m.wall, 3),
    }
    return phones


ALONE_JOINS = 20


async def _settle(seconds: float = 1.0) -> None:
    """Let the server finish what it was asked before its CPU counter is read."""
    await asyncio.sleep(seconds)


async def scenario_locks(target: Target, server: srv.Server, opts: Options, result: dict):
    """Screens lock: a share of the room drops for 5-60 s, some across a step change,
    then comes back as a browser does (resume, and whatever the page's scripts do). Per
    returning phone: reconnected to the current step on its screen."""
    phones = await gather_room(target, server, opts, result)
    result["follow"] = [await follow(target, phones, "ideas", opts)]
    rng = random.Random(opts.seed + 1)
    away = rng.sample(phones, int(len(phones) * opts.lock_share))
    low, high = opts.lock_seconds
    change_after = low + (high - low) / 3
    current = {"title": STEP_TITLES["ideas"], "changed_at": None}
    returns: list[dict] = []
    t0 = time.monotonic()

    async def lock(p: Phone) -> None:
        p.auto_reconnect = False
        start = rng.uniform(0, 1.5 * change_after)  # some come back before it, some after
        length = rng.uniform(low, high)
        await asyncio.sleep(start)
        await p.drop()
        await asyncio.sleep(length)
        back = time.monotonic()
        try:
            await p.reconnect()
        except Exception as exc:  # noqa: BLE001 - a phone that cannot come back is counted
            returns.append({"failed": type(exc).__name__})
            return
        title = current["title"]
        ok = await p.wait_for(lambda ph: ph.has_text(title), opts.back_within)
        changed = current["changed_at"]
        returns.append(
            {
                "seconds": (time.monotonic() - back) if ok else None,
                "across_change": changed is not None and t0 + start < changed < back,
            }
        )
        p.auto_reconnect = True

    async def facilitator() -> None:
        await asyncio.sleep(change_after)
        for p in phones:
            if p not in away:
                p.watch(STEP_TITLES["vote"])
        current["changed_at"] = await asyncio.to_thread(target.change_step, "vote")
        current["title"] = STEP_TITLES["vote"]

    with Measure(server) as m:
        await asyncio.gather(*(lock(p) for p in away), facilitator())
    stranded = [r for r in returns if r.get("seconds") is None]
    across = [
        r["seconds"] for r in returns if r.get("across_change") and r.get("seconds") is not None
    ]
    result["locks"] = {
        "phones_away": len(away),
        "away_seconds": [low, high],
        "step_change_after": round(change_after, 1),
        "returned": len(returns),
        "stranded": len(stranded),
        "back_on_current_step": summary(
            [r["seconds"] for r in returns if r.get("seconds") is not None]
        ),
        "across_a_change": {
            **summary(across),
            "phones": sum(1 for r in returns if r.get("across_change")),
        },
        "cpu_share": round(m.cpu / m.wall, 3),
    }
    return phones


# --- driver ------------------------------------------------------------------------------


async def run_one(target_name: str, scenario: str, opts: Options, root: Path) -> dict:
    workdir = root / f"{scenario}-{target_name}"
    workdir.mkdir(parents=True, exist_ok=True)
    target = TARGETS[target_name](workdir)
    result: dict = {
        "target": target_name,
        "scenario": scenario,
        "phones": opts.phones,
        "actions": {},
    }
    target.prepare()
    server = srv.start(target.script, target.env(), workdir)
    phones: list[Phone] = []
    t0 = time.monotonic()
    try:
        if scenario == "idle":
            phones = await scenario_idle(target, server, opts, result)
        elif scenario == "vote":
            phones = await scenario_vote(
                target, server, opts, result, opts.vote_window, think=(0.3, 1.5)
            )
        elif scenario == "stress":
            phones = await scenario_vote(
                target, server, opts, result, opts.stress_window, think=(0.0, 0.0)
            )
        elif scenario == "bad":
            phones = await scenario_bad(target, server, opts, result)
        elif scenario == "arrive":
            phones = await scenario_arrive(target, server, opts, result)
        elif scenario == "locks":
            phones = await scenario_locks(target, server, opts, result)
        result["reconnects"] = sum(p.counters.reconnects for p in phones)
        result["exceptions_drawn_on_phones"] = sum(p.counters.exceptions for p in phones)
    except Exception as exc:  # noqa: BLE001 - a failed scenario is a result too
        import traceback

        result["error"] = f"{type(exc).__name__}: {exc}"
        result["traceback"] = traceback.format_exc()[-3000:]
    finally:
        await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)
        result["seconds"] = round(time.monotonic() - t0, 1)
        result["server_alive_at_end"] = server.process.poll() is None
        server.stop()
        problems = srv.log_problems(server.log_text())
        ours = [p for p in problems if any(k in p for k in srv.FROM_BAD_INPUT)]
        result["server_log"] = {
            "problems": len(problems) - (len(ours) if scenario == "bad" else 0),
            "from_bad_input": len(ours) if scenario == "bad" else 0,
            "lines": problems[:60],
        }
        target.dispose()
    return result


def table(results: list[dict]) -> str:
    """The short table: the app and the floor side by side, per scenario."""

    def get(r, *keys):
        for k in keys:
            if r is None or not isinstance(r, dict):
                return None
            r = r.get(k)
        return r

    def f(v, unit=""):
        return "–" if v is None else f"{v}{unit}"

    rows = []
    for r in results:
        a = r["actions"]
        follows = r.get("idle", {}).get("follow") or r.get("follow") or []
        f95 = max((x["p95"] for x in follows if x.get("p95") is not None), default=None)
        missed = sum(x.get("missed", 0) for x in follows)
        main = a.get("vote") or a.get("check_in") or {}
        rows.append(
            "| {sc} | {tg} | {n} | {jps} | {idle} | {f95} | {tap} | {cpu} | {votes} | {pres} "
            "| {mem} | {log} |".format(
                sc=r["scenario"],
                tg=r["target"],
                n=f"{r.get('joined', 0)}/{r['phones']}",
                jps=f(get(a, "join", "per_second")),
                idle=f(get(r, "idle", "cpu_share_quiet")),
                f95=f"{f(f95, ' s')}" + (f" ({missed} missed)" if missed else ""),
                tap=(
                    f"{f(get(main, 'ack_seconds', 'p50'))} / {f(get(main, 'ack_seconds', 'p95'))}"
                    + (
                        f" ({sum(main.get('failures', {}).values())} failed)"
                        if main.get("failures")
                        else ""
                    )
                ),
                cpu=f(get(main, "cpu_seconds_per_action")),
                votes=(
                    f"{r.get('votes_sent')}/{r.get('votes_stored')}" if "votes_sent" in r else "–"
                ),
                pres=f(get(r, "presenter", "seconds_to_reflect_last_vote"), " s"),
                mem=f(get(r, "memory", "kb_per_phone"), " KB"),
                log=r["server_log"]["problems"] if "error" not in r else "run failed",
            )
        )
    head = (
        "| scenario | target | phones | joins/s | idle CPU share | step follow p95 "
        "| tap ack p50 / p95 s (vote; else check-in) | CPU s / action | votes sent/stored "
        "| presenter lag | memory / phone | log problems |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    return head + "\n" + "\n".join(rows)


def table_real_room(results: list[dict]) -> str:
    """Issue 15's figures: the room arriving, screens locking, and the calibration of the
    simulated phones against real Chromium phones at the same step changes."""
    lines = []
    for r in results:
        a = r.get("arrive")
        if a:
            form = a["to_check_in_form"]
            lines.append(
                f"| arrive | {r['target']} | {r.get('joined', 0)}/{r['phones']} over "
                f"{a['over_seconds']:.0f} s | to check-in form p50 {form['p50']} / p95 "
                f"{form['p95']} s | {a['mb_per_cold_join']} MB a cold join "
                f"| CPU {a['cpu_ms_per_cold_join']} ms a cold join = "
                f"{a['cold_join_over_script_alone']}x its script alone "
                f"({a['cpu_ms_script_alone']} ms) |"
            )
        lk = r.get("locks")
        if lk:
            back = lk["back_on_current_step"]
            across = lk["across_a_change"]
            lines.append(
                f"| locks | {r['target']} | {lk['phones_away']} of {r['phones']} away "
                f"{lk['away_seconds'][0]:.0f}-{lk['away_seconds'][1]:.0f} s | stranded "
                f"{lk['stranded']} of {lk['returned']} | back on the current step p95 "
                f"{back['p95']} s | across a change: {across['phones']} phones, p95 "
                f"{across['p95']} s |"
            )
        for f in r.get("idle", {}).get("follow", []):
            rv = f.get("real_visible")
            if rv:
                lines.append(
                    f"| calibration | {r['target']} | step '{f['step']}' | simulated (message) "
                    f"p50 {f['p50']} / p95 {f['p95']} s | {r.get('real_phones')} real Chromium "
                    f"(visible) p50 {rv['p50']} / p95 {rv['p95']} s ({rv['missed']} missed) "
                    f"| gap p50 {_gap(rv['p50'], f['p50'])} / p95 {_gap(rv['p95'], f['p95'])} s |"
                )
    if not lines:
        return ""
    head = "| scenario | target | phones | | | |\n|---|---|---|---|---|---|"
    return head + "\n" + "\n".join(lines)


def _gap(real: float | None, simulated: float | None) -> str:
    return "–" if real is None or simulated is None else f"{real - simulated:+.2f}"


def machine() -> dict:
    import os

    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = 0
    with contextlib.suppress(OSError), open("/proc/meminfo") as fh:
        mem = int(fh.readline().split()[1]) // 1024
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_mb": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def parse(argv: list[str] | None = None) -> tuple[argparse.Namespace, Options]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--phones", type=int, nargs="+", default=[300])
    ap.add_argument("--scenario", choices=[*SCENARIOS, "all"], nargs="+", default=["all"])
    ap.add_argument("--target", choices=[*TARGETS, "both"], default="both")
    ap.add_argument("--quick", action="store_true", help="short durations (a smoke run)")
    ap.add_argument("--idle-seconds", type=float)
    ap.add_argument("--vote-window", type=float)
    ap.add_argument("--stress-window", type=float)
    ap.add_argument("--card-window", type=float)
    ap.add_argument("--vanish-seconds", type=float)
    ap.add_argument(
        "--vote-cards", type=int, default=20, help="cards offered in the vote (0: every card)"
    )
    ap.add_argument("--out", type=Path, default=None, help="JSON file (default: results/)")
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument(
        "--real", type=int, default=15, help="real Chromium phones beside them (idle; 0: none)"
    )
    ap.add_argument("--no-http", action="store_true", help="phones skip the browser's HTTP")
    args = ap.parse_args(argv)
    opts = Options(
        seed=args.seed, vote_cards=args.vote_cards, real=args.real, http=not args.no_http
    )
    if args.quick:
        opts.idle_seconds, opts.vote_window, opts.stress_window = 15, 15, 5
        opts.card_window, opts.vanish_seconds, opts.follow_timeout = 5, 10, 20
        opts.arrive_seconds, opts.lock_seconds = 10, (2.0, 12.0)
    for name in ("idle_seconds", "vote_window", "stress_window", "card_window", "vanish_seconds"):
        value = getattr(args, name)
        if value is not None:
            setattr(opts, name, value)
    return args, opts


async def main_async(args, opts: Options) -> list[dict]:
    scenarios = SCENARIOS if "all" in args.scenario else tuple(args.scenario)
    targets = list(TARGETS) if args.target == "both" else [args.target]
    results = []
    with tempfile.TemporaryDirectory(prefix="pari-bench-") as tmp:
        for n in args.phones:
            for scenario in scenarios:
                for target in targets:
                    if scenario == "bad" and target == "floor":
                        continue  # broken phones against the app only: the floor keeps no rules
                    o = Options(**{**opts.__dict__, "phones": n})
                    print(f"# {scenario} / {target} / {n} phones ...", file=sys.stderr)
                    r = await run_one(target, scenario, o, Path(tmp) / f"n{n}")
                    print(
                        f"  done in {r['seconds']} s"
                        + (f"; ERROR {r['error']}" if "error" in r else ""),
                        file=sys.stderr,
                    )
                    results.append(r)
    return results


def main(argv: list[str] | None = None) -> int:
    args, opts = parse(argv)
    srv.raise_fd_limit()
    started = time.strftime("%Y%m%d-%H%M%S")
    results = asyncio.run(main_async(args, opts))
    report = {
        "started": started,
        "machine": machine(),
        "options": {**opts.__dict__, "phones": args.phones},
        "relies_on": RELIES_ON,
        "results": results,
    }
    out = args.out or RESULTS / f"{started}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str))
    print(table(results))
    more = table_real_room(results)
    if more:
        print("\n" + more)
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["Options", "main", "pct", "run_one", "statistics"]
