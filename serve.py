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

from pari import widget_guard
from pari.codes import DEVICE_COOKIE, looks_like_device, new_device_id
from pari.static_files import CompressedStatic

log = logging.getLogger("pari.serve")
DEVICE_COOKIE_AGE = 365 * 24 * 3600  # seconds: a year, for the "what we decided" link too
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


class DeviceCookie:
    """Every page sent to a browser without one names that browser: an HttpOnly,
    SameSite=Lax cookie of 128 random bits, kept a year (issue 15, one phone one voice).

    The websocket that follows carries it, so opening the join link or scanning the QR
    code again on the same phone finds the same person (``pari.participation.join``).
    Set by the server, not by page script: no script in the page can read or copy it,
    and a browser that clears its cookies simply becomes a new phone. Only HTML
    responses carry it, so static files stay cacheable by anyone.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _has_device(scope):
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if any(k == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                    headers.append((b"set-cookie", _device_cookie(scope)))
                    message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _has_device(scope: Scope) -> bool:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                name, _sep, raw = part.strip().partition("=")
                if name == DEVICE_COOKIE and looks_like_device(raw):
                    return True
    return False


def _device_cookie(scope: Scope) -> bytes:
    forwarded = dict(scope.get("headers", [])).get(b"x-forwarded-proto", b"")
    secure = scope.get("scheme") == "https" or forwarded == b"https"
    cookie = f"{DEVICE_COOKIE}={new_device_id()}; Path=/; Max-Age={DEVICE_COOKIE_AGE}; HttpOnly"
    return (cookie + "; SameSite=Lax" + ("; Secure" if secure else "")).encode("latin-1")


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
widget_guard.install()

app = st.App(
    "app.py",
    middleware=[
        Middleware(SecurityHeaders),
        Middleware(CompressedStatic),
        Middleware(DeviceCookie),
        Middleware(BrokenFrames),
    ],
)
