"""AppTest fixtures: the real app.py on a fresh SQLite database per test."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
import streamlit as st
from sqlmodel import Session
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from pari.accounts import AuthUser, to_auth_user
from pari.db import make_engine
from pari.settings import ROOT, get_settings

APP = str(ROOT / "app.py")


@pytest.fixture
def app_db(sqlite_url, monkeypatch) -> Iterator[str]:
    """Point the app at a fresh migrated SQLite file for this test."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield sqlite_url
    get_settings.cache_clear()
    st.cache_resource.clear()


@pytest.fixture
def db_session(app_db) -> Iterator[Session]:
    engine = make_engine(app_db)
    with Session(engine, expire_on_commit=False) as s:
        yield s
    engine.dispose()


@pytest.fixture
def new_app(app_db) -> Callable[..., AppTest]:
    """An AppTest of app.py; ``user=`` signs a session in as that account."""

    def make(user=None, query: dict | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        if user is not None:
            at.session_state["pari_user"] = (
                user if isinstance(user, AuthUser) else to_auth_user(user)
            )
        for key, value in (query or {}).items():
            at.query_params[key] = value
        return at

    return make


def texts(at: AppTest) -> str:
    """Everything the run drew as text, for assertions."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "text",
        "caption",
        "info",
        "success",
        "warning",
        "error",
    ):
        parts.extend(str(el.value) for el in getattr(at, kind))
    data = vote_data(at)
    if data is not None:  # what the phone's vote element draws (pari/components/dot_vote.js)
        stored = sum(c["dots"] for c in data["cards"]) + data["other"]
        parts.append(data["text"]["left"][max(data["budget"] - stored, 0)])
        for card in data["cards"]:
            parts.append(card["text"])
            if not card["dots"]:
                parts.append(data["text"]["none"])
        if data["notice"]:
            parts.append(data["notice"]["text"])
    return "\n".join(parts)


def vote_element(at: AppTest):
    """The phone's dot-vote element (an st.components.v2 element, unknown to AppTest)."""
    for el in at.get("bidi_component"):
        if el.proto.component_name == "pari_dot_vote":
            return el
    return None


def vote_data(at: AppTest) -> dict | None:
    el = vote_element(at)
    return json.loads(el.proto.json) if el is not None else None


def tap_vote(at: AppTest, payload: object) -> AppTest:
    """What the vote element's JavaScript sends for a tap: a 'dots' trigger event.

    AppTest knows no components-v2 widgets, so the trigger is added to the widget
    states it would send (the ids as Streamlit 1.67 builds them; Streamlit is pinned).
    """
    el = vote_element(at)
    assert el is not None, "no vote element on the page"
    states = at._tree.get_widget_states()
    states.widgets.append(
        WidgetState(
            id=f"$$STREAMLIT_INTERNAL_KEY_{el.proto.id}__events",
            json_trigger_value=json.dumps([{"event": "dots", "value": payload}]),
        )
    )
    return at._run(states)


def goto(at: AppTest, url_path: str) -> AppTest:
    """Ask for the page registered under ``url_path``, as a browser URL would.

    st.Page hashes its url_path (streamlit.navigation.page.Page._script_hash); a
    page not registered for this person falls back to the default page.
    """
    from streamlit.util import calc_hash

    at._page_hash = calc_hash(url_path)
    return at
