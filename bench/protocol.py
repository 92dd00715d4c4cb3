"""Streamlit's websocket protocol, as a phone's browser speaks it.

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

Here: what a tap or an element's event sends, which statuses end a run, and
``garbage``, for frames no browser sends. Everything goes to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from typing import Any

import websockets
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.page import Element

INTERNAL_KEY_PREFIX = "$$STREAMLIT_INTERNAL_KEY"  # streamlit.runtime.state.session_state
EVENT_DELIM = "__"  # streamlit.components.v2.bidi_component.constants
FINISHED_OK = (
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)
FINISHED_EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


class PhoneError(RuntimeError):
    pass


def stream_url(base_url: str) -> str:
    """The websocket a page at ``base_url`` opens; refused for anything but loopback."""
    parsed = urllib.parse.urlparse(base_url)
    if parsed.hostname not in ("127.0.0.1", "localhost"):
        raise PhoneError("load is only ever sent to 127.0.0.1")
    return "ws://" + parsed.netloc + "/_stcore/stream"


def click(button: Element) -> WidgetState:
    """A button's click: its trigger, sent once."""
    return WidgetState(id=button.widget_id, trigger_value=True)


def component_event(element: Element, event: str, value: Any) -> WidgetState:
    """What a components-v2 element's ``setTriggerValue(event, value)`` sends."""
    return WidgetState(
        id=f"{INTERNAL_KEY_PREFIX}_{element.widget_id}{EVENT_DELIM}events",
        json_trigger_value=json.dumps([{"event": event, "value": value}]),
    )


async def garbage(base_url: str, payloads: list[bytes | str], timeout: float = 5.0) -> list[str]:
    """Open a socket, send each payload, and say how the server answered each."""
    url = stream_url(base_url)
    outcomes = []
    for payload in payloads:
        try:
            async with websockets.connect(
                url,
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
