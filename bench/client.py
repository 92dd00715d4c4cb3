"""A phone's browser, as far as the Streamlit server can tell: its websocket, speaking
Streamlit's protocol (``bench/protocol.py``).

A ``Phone`` is a ``bench.page.Page`` (what the page shows, rebuilt from the deltas as the
frontend does) with its socket: it sends what the page sends, keeps its fragment timers,
reconnects as the browser does, and tells each tap when the run answering it finished.
Everything is bounded: each wait has a timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.page import Element, Page
from bench.protocol import (
    FINISHED_EARLY,
    FINISHED_OK,
    PhoneError,
    click,
    component_event,
    stream_url,
)


@dataclass
class Ack:
    """What one tap or submit got back."""

    sent_at: float
    finished_at: float | None = None
    status: str = ""

    @property
    def seconds(self) -> float | None:
        return None if self.finished_at is None else self.finished_at - self.sent_at


@dataclass
class Counters:
    runs_finished: int = 0
    runs_early: int = 0
    fragment_ticks: int = 0
    reconnects: int = 0
    drops: int = 0
    messages: int = 0
    bytes_in: int = 0
    exceptions: int = 0  # st.exception elements the server drew


class Phone(Page):
    """One browser tab on one Streamlit page."""

    def __init__(
        self,
        base_url: str,
        path: str = "",
        query: str = "",
        *,
        name: str = "phone",
        cookies: dict[str, str] | None = None,
        locale: str = "en-GB",
        reconnect: bool = True,
        open_timeout: float = 30.0,
        on_message: Callable[[Phone, ForwardMsg, float], None] | None = None,
        on_reconnect: Callable[[Phone], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__()
        self.ws_url = stream_url(base_url)
        self.base_url = base_url.rstrip("/")
        self.path = path.strip("/")
        self.query = query
        self.name = name
        self.cookies = dict(cookies or {})
        self.locale = locale
        self.auto_reconnect = reconnect
        self.open_timeout = open_timeout
        self.on_message = on_message
        self.on_reconnect = on_reconnect  # what the page's own scripts do when it is back

        self.ws: Any = None
        self.session_id = ""
        self.page_hash = ""
        self.counters = Counters()
        self.closed = False
        self.connected = asyncio.Event()
        self._reader: asyncio.Task | None = None
        self._timers: dict[str, tuple[float, asyncio.Task]] = {}
        self._run_ids_seen: set[str] = set()
        self._pending: list[tuple[set[str], Ack, asyncio.Future]] = []
        self._last_run_id = ""
        self._running = False
        self.last_status = ""
        self.tick_times: list[float] = []
        self.finish_times: list[float] = []
        self.extra: dict[str, Any] = {}  # what the page's own scripts keep (bench/targets/)

    # --- connection -------------------------------------------------------------

    @property
    def url(self) -> str:
        q = f"?{self.query}" if self.query else ""
        return f"{self.base_url}/{self.path}{q}"

    def query_param(self, name: str) -> str | None:
        values = urllib.parse.parse_qs(self.query).get(name)
        return values[0] if values else None

    async def open(self, *, resume: bool = False, run: bool = True) -> Ack | None:
        """Connect (resuming the old session if ``resume``) and, like a page load, run."""
        protocols = ["streamlit"]
        if resume and self.session_id:
            protocols = ["streamlit", "bench", self.session_id]
        headers = {"Origin": self.base_url}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.ws = await websockets.connect(
            self.ws_url,
            subprotocols=protocols,
            additional_headers=headers,
            open_timeout=self.open_timeout,
            ping_interval=None,  # browsers answer pings, they do not send them
            max_size=None,
            close_timeout=2,
        )
        self.closed = False
        self.connected.set()
        self._reader = asyncio.create_task(self._read(self.ws), name=f"read-{self.name}")
        if run:
            return await self.send_rerun()
        return None

    async def close(self) -> None:
        """The tab is closed: no reconnect, timers stop."""
        self.closed = True
        self.auto_reconnect = False
        self._stop_timers()
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(BaseException):
                await self._reader
        self._fail_pending("closed")

    async def drop(self) -> None:
        """The network goes away under the page (no close handshake); the page stays."""
        self.counters.drops += 1
        self.connected.clear()
        if self.ws is not None and self.ws.transport is not None:
            self.ws.transport.abort()

    async def reconnect(self) -> None:
        """What the browser does after a drop: resume the session, rerun if it must."""
        self.counters.reconnects += 1
        had_work = bool(self._timers) or self._running or bool(self._pending)
        await self.open(resume=True, run=False)
        if had_work:
            await self.send_rerun()
        if self.on_reconnect is not None:
            await self.on_reconnect(self)

    async def reload(self) -> None:
        """A reload (or a tab the phone killed and reopened): a new session, same URL."""
        keep_query = self.query
        await self.close()
        self.elements.clear()
        self.values.clear()
        self.page_hash = ""
        self.session_id = ""
        self.query = keep_query
        self.auto_reconnect = True
        await self.open()

    async def _read(self, ws) -> None:
        try:
            async for raw in ws:
                now = time.monotonic()
                if isinstance(raw, str):
                    continue
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self.counters.messages += 1
                self.counters.bytes_in += len(raw)
                self._handle(msg, now)
                if self.on_message is not None:
                    self.on_message(self, msg, now)
        except (websockets.ConnectionClosed, OSError):
            pass
        except asyncio.CancelledError:
            raise
        finally:
            self.connected.clear()
        if not self.closed and self.auto_reconnect:
            asyncio.get_running_loop().create_task(self._reconnect_loop())

    async def _reconnect_loop(self) -> None:
        delay = 0.5
        for _attempt in range(12):
            if self.closed:
                return
            await asyncio.sleep(delay * (0.5 + random.random()))
            try:
                await self.reconnect()
                return
            except (OSError, websockets.WebSocketException, TimeoutError):
                delay = min(delay * 2, 8.0)
        self._fail_pending("reconnect failed")

    # --- what the server sends --------------------------------------------------

    def _handle(self, msg: ForwardMsg, now: float) -> None:
        kind = msg.WhichOneof("type")
        run_id = msg.metadata.run.script_run_id if msg.HasField("metadata") else ""
        if run_id:
            self._run_ids_seen.add(run_id)
            self._last_run_id = run_id
        if kind == "new_session":
            self._batch = []  # a full run starts: only what it draws stays
            if msg.new_session.initialize.session_id:
                self.session_id = msg.new_session.initialize.session_id
            self.page_hash = msg.new_session.page_script_hash or self.page_hash
        elif kind == "session_status_changed":
            self._running = msg.session_status_changed.script_is_running
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "navigation":
            nav = msg.navigation
            if nav.page_script_hash:
                self.page_hash = nav.page_script_hash
                for page in nav.app_pages:
                    if page.page_script_hash == nav.page_script_hash and page.url_pathname:
                        self.path = page.url_pathname.strip("/")
        elif kind == "delta":
            drawn = self._delta(msg, run_id)
            if drawn is not None and drawn.kind == "exception":
                self.counters.exceptions += 1
        elif kind == "auto_rerun":
            self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                self._stop_timer(fid)
        elif kind == "script_finished":
            self._finished(msg, run_id, now)
        self._changed.set()

    def _finished(self, msg: ForwardMsg, run_id: str, now: float) -> None:
        status = msg.script_finished
        self.last_status = ForwardMsg.ScriptFinishedStatus.Name(status)
        if status == FINISHED_EARLY:
            self.counters.runs_early += 1
            self._batch = []  # what an interrupted run drew goes unless the next run draws it
            return
        if status not in FINISHED_OK:
            self._fail_pending(self.last_status, now)
            return
        self.counters.runs_finished += 1
        self.finish_times.append(now)
        self._drawn(
            run_id,
            set(msg.metadata.run.fragment_ids),
            full_run=status == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
        )
        still = []
        for before, ack, fut in self._pending:
            if run_id and run_id not in before and not fut.done():
                ack.finished_at = now
                ack.status = self.last_status
                fut.set_result(ack)
            elif not fut.done():
                still.append((before, ack, fut))
        self._pending = still

    def _fail_pending(self, why: str, now: float | None = None) -> None:
        for _before, ack, fut in self._pending:
            if not fut.done():
                ack.status = why
                fut.set_result(ack)
        self._pending = []

    # --- fragment timers ----------------------------------------------------------

    def _start_timer(self, fragment_id: str, interval: float) -> None:
        if not fragment_id:
            return
        old = self._timers.get(fragment_id)
        if old and old[0] == interval:
            return
        self._stop_timer(fragment_id)
        task = asyncio.get_running_loop().create_task(self._tick(fragment_id, interval))
        self._timers[fragment_id] = (interval, task)

    def _stop_timer(self, fragment_id: str) -> None:
        old = self._timers.pop(fragment_id, None)
        if old:
            old[1].cancel()

    def _stop_timers(self) -> None:
        for fid in list(self._timers):
            self._stop_timer(fid)

    async def _tick(self, fragment_id: str, interval: float) -> None:
        while not self.closed:
            await asyncio.sleep(interval)
            if self.connected.is_set():
                self.counters.fragment_ticks += 1
                self.tick_times.append(time.monotonic())
                with contextlib.suppress(Exception):
                    await self.send_rerun(fragment_id=fragment_id, auto=True)

    # --- what the page sends --------------------------------------------------------

    def _client_state(self, msg: BackMsg, fragment_id: str, auto: bool, extra: list) -> None:
        cs = msg.rerun_script
        cs.query_string = self.query
        if self.page_hash:
            cs.page_script_hash = self.page_hash
        else:
            cs.page_name = self.path
        cs.widget_states.widgets.extend([*self._values_on_screen(), *extra])
        if fragment_id:
            cs.fragment_id = fragment_id
        cs.is_auto_rerun = auto
        ci = cs.context_info
        ci.timezone = "Europe/Stockholm"
        ci.timezone_offset = -60
        ci.locale = self.locale
        ci.url = self.url
        ci.is_embedded = False
        ci.color_scheme = "light"

    async def send_rerun(
        self, *, fragment_id: str = "", auto: bool = False, extra: list | None = None
    ) -> Ack:
        """Send one run request; returns an Ack whose future resolves on its script_finished."""
        msg = BackMsg()
        self._client_state(msg, fragment_id, auto, extra or [])
        ack = Ack(sent_at=time.monotonic())
        if not auto:
            fut = asyncio.get_running_loop().create_future()
            self._pending.append((set(self._run_ids_seen), ack, fut))
            ack.future = fut  # type: ignore[attr-defined]
        try:
            if self.ws is None:
                raise PhoneError("not connected")
            await self.ws.send(msg.SerializeToString())
        except (websockets.ConnectionClosed, PhoneError, OSError):
            # The browser logs "Cannot send rerun backMessage when disconnected" and drops it.
            ack.status = "send failed: disconnected"
            fut = getattr(ack, "future", None)
            if fut is not None and not fut.done():
                fut.set_result(ack)
        return ack

    async def wait_ack(self, ack: Ack, timeout: float) -> Ack:
        fut = getattr(ack, "future", None)
        if fut is None:
            return ack
        try:
            await asyncio.wait_for(asyncio.shield(fut), timeout)
        except TimeoutError:
            ack.status = ack.status or "timeout"
        return ack

    async def send_raw(self, data: bytes | str) -> None:
        await self.ws.send(data)

    # --- gestures ------------------------------------------------------------------

    async def tap(self, button: Element) -> Ack:
        """A click: the button's trigger, in its fragment if it has one."""
        return await self.send_rerun(fragment_id=button.fragment_id, extra=[click(button)])

    async def trigger(self, element: Element, event: str, value: Any) -> Ack:
        """What a components-v2 element's ``setTriggerValue(event, value)`` sends."""
        state = component_event(element, event, value)
        return await self.send_rerun(fragment_id=element.fragment_id, extra=[state])

    async def change(self, widget: Element, value: Any) -> Ack:
        """A widget outside a form changed: the browser runs at once."""
        self.set_value(widget, value)
        return await self.send_rerun(fragment_id=widget.fragment_id)

    async def submit(self, submit_button: Element, values: dict[str, Any]) -> Ack:
        """Fill a form's widgets (by Element) and press its submit button."""
        for widget, value in values.items():
            self.set_value(widget, value)  # type: ignore[arg-type]
        return await self.tap(submit_button)
