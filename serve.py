"""The ASGI entry point: Streamlit's app server with PARI's own HTTP pieces.

``streamlit run serve.py`` finds ``app`` here and serves ``app.py`` through it
(st.App, "App server" in Streamlit's API reference). It adds security headers to
every HTTP response: ``Referrer-Policy: no-referrer`` keeps a phone's ``?p=`` token
out of other sites' logs (DESIGN section 7); a Content-Security-Policy that lets the
page run only this server's own scripts and never be framed (``frame-ancestors
'none'``, and ``X-Frame-Options: DENY`` for older browsers; a component's page, framed
by our own, allows ``'self'``). ``LocalMetrics`` answers
``/_stcore/metrics`` only to a request made on this machine, not through a proxy.
``BrokenFrames`` closes a socket that sends garbage without a traceback in the log
(issue 10, bad input).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib.util
import ipaddress
import logging
import re
from pathlib import Path

import streamlit as st
from google.protobuf.message import DecodeError
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.runtime.pages_manager import PagesManager

from pari import run_costs, widget_guard
from pari.codes import DEVICE_COOKIE, looks_like_device, new_device_id
from pari.static_files import CompressedStatic

log = logging.getLogger("pari.serve")
run_costs.install()  # before the first session: every run then takes the cached theme
DEVICE_COOKIE_AGE = 365 * 24 * 3600  # seconds: a year, for the "what we decided" link too
STREAM_PATH = "/_stcore/stream"

METRICS_PATH = "/_stcore/metrics"
# What a proxy adds to a request it passes on (the shipped nginx sets X-Forwarded-For).
PROXY_HEADERS = (b"x-forwarded-for", b"x-real-ip", b"forwarded")


def _inline_script_hashes() -> list[str]:
    """CSP hashes of the inline scripts of the two pages this app serves that carry
    one: Streamlit's index.html and the cookie writer's iframe (streamlit-authenticator
    draws extra-streamlit-components' CookieManager). Read from the installed files,
    which requirements.txt pins, so the policy matches what is served."""
    from streamlit import file_util

    pages = [Path(file_util.get_static_dir()) / "index.html"]
    spec = importlib.util.find_spec("extra_streamlit_components")
    if spec is not None and spec.submodule_search_locations:
        root = Path(next(iter(spec.submodule_search_locations)))
        pages.append(root / "CookieManager" / "frontend" / "build" / "index.html")
    hashes = []
    for page in pages:
        for script in re.findall(r"<script>(.*?)</script>", page.read_text("utf-8"), re.S):
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest())
            hashes.append(f"'sha256-{digest.decode()}'")
    return hashes


# Checked in Chromium on the phone, presenter (Plotly), local plan and login pages with
# no violation reported: scripts only from this server (components v2 load theirs from
# blob: URLs the page makes itself; 'wasm-unsafe-eval' lets protobuf's long.js compile
# its small WebAssembly helper, no JavaScript eval), styles inline too (Streamlit's
# CSS-in-JS and the pages' own <style>), images from data: (the QR code), frames only
# our own (the cookie writer's iframe).
_POLICY = [
    "default-src 'self'",
    "script-src 'self' blob: 'wasm-unsafe-eval' " + " ".join(_inline_script_hashes()),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "worker-src 'self' blob:",
    "media-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
]
# No one may frame the app. A component's page (/component/..., the cookie writer)
# exists to be framed by our own page, so it allows that and nothing else.
CONTENT_SECURITY_POLICY = "; ".join([*_POLICY, "frame-ancestors 'none'"])
COMPONENT_POLICY = "; ".join([*_POLICY, "frame-ancestors 'self'"])
COMPONENT_PREFIX = "/component/"
_COMMON_HEADERS = [
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
]
SECURITY_HEADERS = [
    *_COMMON_HEADERS,
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode("ascii")),
    (b"x-frame-options", b"DENY"),
]
COMPONENT_HEADERS = [
    *_COMMON_HEADERS,
    (b"content-security-policy", COMPONENT_POLICY.encode("ascii")),
    (b"x-frame-options", b"SAMEORIGIN"),
]
# Streamlit's hashed script, style and font files: a policy on them protects nothing
# (it applies to documents) and would add about 0.5 KB to each of the ~100 a cold join
# fetches, 50 KB a phone (issue 15's 1.2 MB budget).
STATIC_HEADERS = list(_COMMON_HEADERS)
STATIC_PREFIX = "/static/"
_OURS = {name for name, _value in SECURITY_HEADERS}


class SecurityHeaders:
    """The headers above on every HTTP response (in place of any the app set)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path.startswith(COMPONENT_PREFIX):
            added = COMPONENT_HEADERS
        elif path.startswith(STATIC_PREFIX):
            added = STATIC_HEADERS
        else:
            added = SECURITY_HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
                message["headers"] = headers + added
            await send(message)

        await self.app(scope, receive, send_with_headers)


class LocalMetrics:
    """``/_stcore/metrics`` (sessions and their events) answers only a request made on
    this machine: its peer is a loopback address and it carries no header a proxy adds.
    Anything else, a phone or a request passed on by nginx (also on loopback), gets 404.
    bench/server.py reads it from 127.0.0.1 directly."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "").rstrip("/")
        if scope["type"] == "http" and path.endswith(METRICS_PATH) and not _local_request(scope):
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)


def _local_request(scope: Scope) -> bool:
    client = scope.get("client")
    try:
        loopback = client is not None and ipaddress.ip_address(client[0]).is_loopback
    except ValueError:
        return False
    return loopback and not any(k in PROXY_HEADERS for k, _v in scope.get("headers", []))


class DeviceCookie:
    """Every page sent to a browser without one names that browser: an HttpOnly,
    SameSite=Lax cookie of 128 random bits, kept a year (issue 15, one phone one voice).

    The websocket that follows carries it, so opening the join link or scanning the QR
    code again on the same phone finds the same person (``pari.phone.joining.join``).
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
        Middleware(LocalMetrics),
        Middleware(CompressedStatic),
        Middleware(DeviceCookie),
        Middleware(BrokenFrames),
    ],
)
