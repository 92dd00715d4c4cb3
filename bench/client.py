"""A phone's browser, as far as the Streamlit server can tell: its websocket protocol.

Read from the Streamlit 1.67 frontend bundle (``static/js/index.*.js``) and the
server (``web/server/starlette/starlette_websocket.py``, ``runtime/app_session.py``):

- The page opens ``ws://HOST/_stcore/stream`` with the subprotocol list
  ``["streamlit", <xsrf token>, <session id to resume>]``; the server picks the first.
- Every run is a ``BackMsg.rerun_script`` carrying a ``ClientState``: the query string,
  every widget value the page holds, the ``page_script_hash`` (empty on first load, with
  ``page_name`` taken from the URL path), the ``context_info`` (timezone, locale, url),
  and for a fragment run its ``fragment_id`` (``is_auto_rerun`` for timer ticks).
- The server answers with ``new_session`` (full runs), ``delta`` messages whose
  ``metadata.delta_path`` places an element, ``page_info_changed`` (the query string the
  script wrote; the browser puts it in its address bar and sends it from then on),
  ``auto_rerun`` / ``stop_auto_rerun`` for ``st.fragment(run_every=)`` timers, which the
  browser fires every ``interval`` seconds without waiting for the previous run, and
  ``script_finished``.
- A button sends ``trigger_value=true`` for its widget id once (inside a fragment, with
  the fragment's id, taken from ``Delta.fragment_id``); a form submit sends the form's
  values and its submit button's trigger; a radio sends the formatted option as
  ``string_value``; text widgets send ``string_value``.
- An ``st.components.v2`` element (``Element.bidi_component``, its ``data`` as JSON)
  sends an event as ``json_trigger_value``: a JSON list of ``{"event", "value"}`` on the
  widget ``$$STREAMLIT_INTERNAL_KEY_<element id>__events``, with the fragment's id
  (``BidiComponent`` chunk of the bundle, ``setTriggerValue``; ``widgetMgr`` appends
  events of one flush to that list).
- After a dropped socket the browser reconnects with the old session id as the third
  subprotocol entry, and asks for a run if it was running or has fragment timers.

A ``Phone`` keeps a flat model of what the page shows (elements by delta path, stale ones
pruned when a run finishes, as the frontend does), so a scenario can find "the + button of
card X" by label, key or nearby text. Everything is bounded: each wait has a timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import re
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

INTERNAL_KEY_PREFIX = "$$STREAMLIT_INTERNAL_KEY"  # streamlit.runtime.state.session_state
EVENT_DELIM = "__"  # streamlit.components.v2.bidi_component.constants
FINISHED_OK = (
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)
FINISHED_EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
_MD_ESCAPE = re.compile(r"\\(.)")
TEXT_KINDS = {"markdown", "heading", "text", "alert", "code", "exception", "html"}


class PhoneError(RuntimeError):
    pass


@dataclass(eq=False)
class Element:
    path: tuple[int, ...]
    kind: str
    run_id: str
    fragment_id: str
    text: str = ""
    widget_id: str = ""
    label: str = ""
    form_id: str = ""
    disabled: bool = False
    options: list[str] = field(default_factory=list)
    is_form_submitter: bool = False
    proto: Any = None
    component: str = ""  # an st.components.v2 element: its name and its data
    data: Any = None

    @property
    def key(self) -> str:
        """The user key of a widget (``$$ID-<hash>-<key>``), or ''."""
        parts = self.widget_id.split("-", 2)
        return parts[2] if len(parts) == 3 and parts[2] != "None" else ""


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


class Phone:
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
        parsed = urllib.parse.urlparse(base_url)
        if parsed.hostname not in ("127.0.0.1", "localhost"):
            raise PhoneError("load is only ever sent to 127.0.0.1")
        self.base_url = base_url.rstrip("/")
        self.ws_url = "ws://" + parsed.netloc + "/_stcore/stream"
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
        self.elements: dict[tuple[int, ...], Element] = {}
        self.values: dict[str, WidgetState] = {}
        self.counters = Counters()
        self.closed = False
        self.connected = asyncio.Event()
        self._reader: asyncio.Task | None = None
        self._timers: dict[str, tuple[float, asyncio.Task]] = {}
        self._run_ids_seen: set[str] = set()
        self._pending: list[tuple[set[str], Ack, asyncio.Future]] = []
        self._changed = asyncio.Event()
        self._last_run_id = ""
        self._batch: list[tuple[int, ...]] = []
        self._running = False
        self.last_status = ""
        self.watched: dict[str, float | None] = {}  # text -> when it first arrived
        self.tick_times: list[float] = []
        self.finish_times: list[float] = []
        self.extra: dict[str, Any] = {}  # what a page's own scripts keep (bench/targets.py)

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
            self._delta(msg, run_id)
        elif kind == "auto_rerun":
            self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                self._stop_timer(fid)
        elif kind == "script_finished":
            self._finished(msg, run_id, now)
        self._changed.set()

    def _delta(self, msg: ForwardMsg, run_id: str) -> None:
        delta = msg.delta
        path = tuple(msg.metadata.delta_path)
        which = delta.WhichOneof("type")
        if which == "add_block":
            block = delta.add_block
            kind = "block:" + (block.WhichOneof("type") or "")
            el = Element(path, kind, run_id, delta.fragment_id)
            if block.WhichOneof("type") == "form":
                el.form_id = block.form.form_id
            if block.WhichOneof("type") == "expandable":
                el.label = block.expandable.label
            self.elements[path] = el
            self._batch.append(path)
            return
        if which != "new_element":
            return
        element = delta.new_element
        etype = element.WhichOneof("type") or ""
        inner = getattr(element, etype) if etype else None
        el = Element(path, etype, run_id, delta.fragment_id, proto=inner)
        if etype in TEXT_KINDS:
            raw = getattr(inner, "body", "") or getattr(inner, "message", "")
            el.text = _MD_ESCAPE.sub(r"\1", raw)  # what the person reads
            for needle, seen in self.watched.items():
                if seen is None and needle in el.text:
                    self.watched[needle] = time.monotonic()
            if etype == "exception":
                self.counters.exceptions += 1
        if etype == "bidi_component":
            el.component = inner.component_name
            kind = inner.WhichOneof("data")
            if kind == "json" and inner.json:
                el.data = json.loads(inner.json)
            elif kind == "mixed" and inner.mixed.json:
                el.data = json.loads(inner.mixed.json)
        if inner is not None and "id" in inner.DESCRIPTOR.fields_by_name and inner.id:
            el.widget_id = inner.id
            el.label = getattr(inner, "label", "")
            el.form_id = getattr(inner, "form_id", "")
            el.disabled = bool(getattr(inner, "disabled", False))
            el.is_form_submitter = bool(getattr(inner, "is_form_submitter", False))
            if "options" in inner.DESCRIPTOR.fields_by_name:
                el.options = [str(o) for o in inner.options]
        self.elements[path] = el
        self._batch.append(path)

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
        # Deltas carry no run id: what arrived since the last finish belongs to this run.
        for path in self._batch:
            if path in self.elements:
                self.elements[path].run_id = run_id
        self._batch = []
        fragment_ids = set(msg.metadata.run.fragment_ids)
        if status == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY and not fragment_ids:
            # A full run replaces the page: drop what this run did not draw.
            self.elements = {p: e for p, e in self.elements.items() if e.run_id == run_id}
        elif fragment_ids:
            # A fragment run replaces its own area, nested fragments' areas included
            # (they sit in blocks the fragment drew), as the browser does.
            owned = [p for p, e in self.elements.items() if e.fragment_id in fragment_ids]
            self.elements = {
                p: e
                for p, e in self.elements.items()
                if e.run_id == run_id
                or (
                    e.fragment_id not in fragment_ids
                    and not any(len(p) > len(r) and p[: len(r)] == r for r in owned)
                )
            }
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
        on_screen = {e.widget_id for e in self.elements.values() if e.widget_id}
        for wid, state in self.values.items():
            if wid in on_screen:
                cs.widget_states.widgets.append(state)
        for state in extra:
            cs.widget_states.widgets.append(state)
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

    # --- the page model -------------------------------------------------------------

    def widgets(self) -> list[Element]:
        return [e for e in self._ordered() if e.widget_id]

    def _ordered(self) -> list[Element]:
        return [self.elements[p] for p in sorted(self.elements)]

    def texts(self) -> list[str]:
        return [e.text for e in self._ordered() if e.text]

    def watch(self, needle: str) -> None:
        """Note the moment a text element containing ``needle`` first arrives."""
        self.watched[needle] = None

    def has_text(self, needle: str) -> bool:
        return any(needle in e.text for e in self.elements.values() if e.text)

    def find(
        self,
        *,
        kind: str | None = None,
        label: str | None = None,
        label_in: tuple[str, ...] = (),
        key_prefix: str | None = None,
        form_id: str | None = None,
        submitter: bool | None = None,
        enabled: bool | None = None,
    ) -> list[Element]:
        out = []
        for e in self.widgets():
            if kind is not None and e.kind != kind:
                continue
            if label is not None and e.label != label:
                continue
            if label_in and not any(s.lower() in e.label.lower() for s in label_in):
                continue
            if key_prefix is not None and not e.key.startswith(key_prefix):
                continue
            if form_id is not None and e.form_id != form_id:
                continue
            if submitter is not None and e.is_form_submitter != submitter:
                continue
            if enabled is not None and e.disabled == enabled:
                continue
            out.append(e)
        return out

    async def wait_for(self, predicate: Callable[[Phone], Any], timeout: float) -> Any:
        """Wait until ``predicate(self)`` is truthy (checked on every message)."""
        deadline = time.monotonic() + timeout
        while True:
            result = predicate(self)
            if result:
                return result
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, 1.0))

    # --- gestures ------------------------------------------------------------------

    async def tap(self, button: Element) -> Ack:
        """A click: the button's trigger, in its fragment if it has one."""
        trigger = WidgetState(id=button.widget_id, trigger_value=True)
        return await self.send_rerun(fragment_id=button.fragment_id, extra=[trigger])

    async def trigger(self, element: Element, event: str, value: Any) -> Ack:
        """What a components-v2 element's ``setTriggerValue(event, value)`` sends."""
        state = WidgetState(
            id=f"{INTERNAL_KEY_PREFIX}_{element.widget_id}{EVENT_DELIM}events",
            json_trigger_value=json.dumps([{"event": event, "value": value}]),
        )
        return await self.send_rerun(fragment_id=element.fragment_id, extra=[state])

    def component(self, name: str) -> Element | None:
        """The components-v2 element of that name on the page, if drawn."""
        for e in self._ordered():
            if e.component == name:
                return e
        return None

    def set_value(self, widget: Element, value: Any) -> None:
        """What typing or choosing does (form widgets keep it until submit)."""
        state = WidgetState(id=widget.widget_id)
        if widget.kind in ("radio", "selectbox"):
            state.string_value = value if isinstance(value, str) else widget.options[value]
        elif widget.kind in ("text_input", "text_area"):
            state.string_value = value
        elif widget.kind in ("checkbox", "toggle"):
            state.bool_value = bool(value)
        elif isinstance(value, float):
            state.double_value = value
        elif isinstance(value, int):
            state.int_value = value
        else:
            state.string_value = str(value)
        self.values[widget.widget_id] = state

    async def change(self, widget: Element, value: Any) -> Ack:
        """A widget outside a form changed: the browser runs at once."""
        self.set_value(widget, value)
        return await self.send_rerun(fragment_id=widget.fragment_id)

    async def submit(self, submit_button: Element, values: dict[str, Any]) -> Ack:
        """Fill a form's widgets (by Element) and press its submit button."""
        for widget, value in values.items():
            self.set_value(widget, value)  # type: ignore[arg-type]
        return await self.tap(submit_button)

    def form_widgets(self, form_id: str) -> list[Element]:
        return [e for e in self.widgets() if e.form_id == form_id]


def element_near(phone: Phone, widget: Element, depth: int = 1) -> list[str]:
    """Texts drawn in the same container as ``widget`` (its siblings up ``depth`` levels)."""
    prefix = widget.path[: -1 - depth] if len(widget.path) > depth else ()
    return [
        e.text for p, e in sorted(phone.elements.items()) if e.text and p[: len(prefix)] == prefix
    ]


async def garbage(base_url: str, payloads: list[bytes | str], timeout: float = 5.0) -> list[str]:
    """Open a socket, send each payload, and say how the server answered each."""
    parsed = urllib.parse.urlparse(base_url)
    if parsed.hostname not in ("127.0.0.1", "localhost"):
        raise PhoneError("load is only ever sent to 127.0.0.1")
    outcomes = []
    for payload in payloads:
        try:
            async with websockets.connect(
                "ws://" + parsed.netloc + "/_stcore/stream",
                subprotocols=["streamlit"],
                additional_headers={"Origin": base_url},
                open_timeout=timeout,
                ping_interval=None,
                close_timeout=2,
            ) as ws:
                await ws.send(payload)
                try:
                    while True:
                        await asyncio.wait_for(ws.recv(), timeout)
                except websockets.ConnectionClosed as closed:
                    code = closed.rcvd.code if closed.rcvd else None
                    outcomes.append(f"closed {code}")
                except TimeoutError:
                    outcomes.append("kept open")
        except (OSError, websockets.WebSocketException) as exc:
            outcomes.append(f"refused: {type(exc).__name__}")
    return outcomes
