"""The ASGI entry point: Streamlit's app server with PARI's own HTTP pieces.

``streamlit run serve.py`` finds ``app`` here and serves ``app.py`` through it
(st.App, "App server" in Streamlit's API reference). It adds security headers:
``Referrer-Policy: no-referrer`` keeps a phone's ``?p=`` token out of other
sites' logs (DESIGN section 7). ``BrokenFrames`` closes a socket that sends garbage
without a traceback in the log (issue 10, bad input).
"""

from __future__ import annotations

import contextlib
import logging

import streamlit as st
from google.protobuf.message import DecodeError
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime.pages_manager import PagesManager

log = logging.getLogger("pari.serve")
STREAM_PATH = "/_stcore/stream"

SECURITY_HEADERS = [
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BrokenFrames:
    """A phone that sends what no browser sends on the websocket (a text frame, bytes
    that are not a ``BackMsg``) gets its socket closed, quietly.

    Streamlit 1.67 closes it too, but logs a traceback for each (a ``TypeError`` out of
    the ASGI app for a text frame, a warning with the decode error for garbage), so one
    broken phone could fill the log with errors and hide real ones. Here the frame is
    checked first: a bad one is answered with a close (1003 for text, 1002 for garbage,
    as Streamlit would) and the app sees a disconnect, its ordinary way out. Parsing a
    small ``BackMsg`` twice costs microseconds; everything else passes untouched.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket" or not scope.get("path", "").endswith(STREAM_PATH):
            await self.app(scope, receive, send)
            return

        async def checked_receive() -> Message:
            message = await receive()
            if message["type"] != "websocket.receive":
                return message
            data = message.get("bytes")
            if data is None:
                return await _refuse(send, 1003, "a text frame")
            try:
                BackMsg().ParseFromString(data)
            except (DecodeError, ValueError, RuntimeError):
                return await _refuse(send, 1002, "a frame that is not a BackMsg")
            return message

        await self.app(scope, checked_receive, send)


async def _refuse(send: Send, code: int, what: str) -> Message:
    log.info("websocket closed (%s): %s", code, what)
    with contextlib.suppress(Exception):  # the socket is already gone: nothing to tell
        await send({"type": "websocket.close", "code": code})
    return {"type": "websocket.disconnect", "code": code}


# app.py always draws its pages through st.navigation. Left unset, Streamlit decides
# per process from the mere existence of pages/ that the first run uses its legacy
# file-per-page mode: a page module served by URL without app.py's login gate
# (DESIGN section 7), and a "Page not found" dialog for the first visitor of a
# freshly started replica. Saying so up front closes both; tests/browser/test_login.py
# opens page URLs on a fresh server first. (A class attribute of Streamlit's
# pages manager: Streamlit is pinned.)
PagesManager.uses_pages_directory = False

app = st.App("app.py", middleware=[Middleware(SecurityHeaders), Middleware(BrokenFrames)])
