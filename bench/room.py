"""The room every scenario starts from: phones that open the join link as a browser does
(its HTTP, then its websocket), join, check in, and follow the facilitator's step changes.

``Options`` is what a run is told: how many phones, and how long each scenario's windows
last. ``follow`` times a step change on every phone (and on real Chromium phones beside
them, when a scenario opens some).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import websockets

from bench import server as srv
from bench.client import Ack, Phone
from bench.http import Browser, Fetched, load_capture
from bench.measures import Action, Measure, http_report, summary
from bench.targets.base import STEP_TITLES, Target

ACK_TIMEOUT = 30.0


@dataclass
class Options:
    """What a run is told: the room's size and each scenario's windows."""

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
    questions_window: float = 60.0  # "questions": each phone asks and upvotes within this
    upvotes_each: int = 3
    words_window: float = 30.0  # "words": each phone sends its three words within this
    replicas: int = 0  # app replicas behind nginx on PostgreSQL (0: one process, SQLite)


async def bounded(coros, limit: int):
    sem = asyncio.Semaphore(limit)

    async def one(c):
        async with sem:
            return await c

    return await asyncio.gather(*(one(c) for c in coros), return_exceptions=True)


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
    """Warm the server (each replica), join N phones, check them in; memory per
    connected phone."""
    for route in getattr(server, "routes", None) or [None]:
        warm = Phone(server.base_url, name="warm", cookies={"pari_route": route} if route else {})
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
        result["http_cold_join"] = http_report(http, len(phones))
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


async def open_presenter(
    target: Target, server: srv.Server, route: str | None = None
) -> tuple[Phone | None, dict]:
    """A presenter screen opened on the target (None where it has none or could not);
    behind nginx, on the replica that ``route`` (a route cookie) reaches."""
    presenter = target.presenter(server.base_url)
    pres: dict = {"opened": False}
    if presenter is None:
        return None, pres
    if route is not None:
        presenter.cookies["pari_route"] = route
        pres["replica"] = 1 + server.routes.index(route)
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
        return None, pres
    return presenter, pres


def _last_ack(action: Action) -> float:
    # Action keeps latencies only; the last acknowledgement is last_sent + its latency.
    if action.last_sent is not None and action.latencies:
        return action.last_sent + action.latencies[-1]
    return time.monotonic()


async def presenter_lag(
    presenter: Phone, pres: dict, action: Action, name: str, floor_text: str | None = None
) -> None:
    """How long after the last acknowledged ``action`` the presenter drew a run that
    started after it (``seconds_to_reflect_last_<name>``); the floor's presenter, which
    shows the count as ``floor_text``, also when that text arrived. Closes the presenter."""
    if floor_text:
        presenter.watch(floor_text)
    last_ack = _last_ack(action)
    await asyncio.sleep(6)
    after = [
        f for f in presenter.finish_times if any(last_ack <= t < f for t in presenter.tick_times)
    ]
    pres["ticks"] = presenter.counters.fragment_ticks
    pres["runs"] = presenter.counters.runs_finished
    pres[f"seconds_to_reflect_last_{name}"] = round(after[0] - last_ack, 2) if after else None
    if floor_text:
        seen = presenter.watched.get(floor_text)
        pres[f"floor_text_seen_after_last_{name}"] = (
            round(seen - last_ack, 2) if seen is not None else None
        )
    pres["exceptions_drawn"] = presenter.counters.exceptions
    await presenter.close()


async def presenters_lag(
    presenters: list[tuple[Phone | None, dict]], action: Action, name: str, result: dict
) -> None:
    """``presenter_lag`` on every presenter at once. Behind nginx there is one on each
    replica, so the room's last action reached one of them through another replica:
    ``result["presenter"]`` is the slowest, ``result["presenters"]`` each."""
    await asyncio.gather(
        *(presenter_lag(p, pres, action, name) for p, pres in presenters if p is not None)
    )
    every = [pres for _p, pres in presenters]
    key = f"seconds_to_reflect_last_{name}"
    result["presenter"] = max(every, key=lambda pres: pres.get(key) or float("inf"))
    if len(every) > 1:
        result["presenters"] = every


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
