"""The ASGI entry point: Streamlit's app server with PARI's own HTTP pieces.

``streamlit run serve.py`` finds ``app`` here and serves ``app.py`` through it
(st.App, "App server" in Streamlit's API reference). It adds security headers:
``Referrer-Policy: no-referrer`` keeps a phone's ``?p=`` token out of other
sites' logs (DESIGN section 7).
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.runtime.pages_manager import PagesManager

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


# app.py always draws its pages through st.navigation. Left unset, Streamlit decides
# per process from the mere existence of pages/ that the first run uses its legacy
# file-per-page mode: a page module served by URL without app.py's login gate
# (DESIGN section 7), and a "Page not found" dialog for the first visitor of a
# freshly started replica. Saying so up front closes both; tests/browser/test_login.py
# opens page URLs on a fresh server first. (A class attribute of Streamlit's
# pages manager: Streamlit is pinned.)
PagesManager.uses_pages_directory = False

app = st.App("app.py", middleware=[Middleware(SecurityHeaders)])
