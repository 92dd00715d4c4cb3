"""``web.act`` and ``web.feedback``: the staff's row buttons (cards, questions, words)
say what became of a tap under the row, with anyone's quoted text escaped."""

from __future__ import annotations

from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from sqlalchemy.exc import OperationalError

from pari import web
from pari.workshops.access import WorkshopError


@pytest.fixture
def page(monkeypatch):
    shown: list[tuple[str, str]] = []
    fake = SimpleNamespace(
        session_state={},
        success=lambda m: shown.append(("success", m)),
        error=lambda m: shown.append(("error", m)),
    )

    @contextmanager
    def db():
        yield "session"

    monkeypatch.setattr(web, "st", fake)
    monkeypatch.setattr(web, "db", db)
    return fake, shown


def test_a_done_change_says_so_under_its_own_row_only(page):
    fake, shown = page
    seen = []
    web.act("fb", 7, lambda session: seen.append(session), "Hidden.")
    assert seen == ["session"] and fake.session_state["fb"] == (7, True, "Hidden.")
    web.feedback("fb", 8)
    assert shown == []
    web.feedback("fb", 7)
    assert shown == [("success", "Hidden.")]


def test_a_refusal_is_shown_with_quoted_text_escaped(page):
    _fake, shown = page

    def refuse(session):
        raise WorkshopError("The step {title} is closed.", title="**Bold** [x](http://e.vil)")

    web.act("fb", "w1", refuse, "never")
    web.feedback("fb", "w1")
    assert shown[0][0] == "error"
    assert "**Bold**" not in shown[0][1] and "\\*\\*Bold\\*\\*" in shown[0][1]


def test_a_busy_database_says_so_and_nothing_else(page):
    fake, _shown = page

    def busy(session):
        raise OperationalError("UPDATE", {}, Exception("database is locked"))

    web.act("fb", 1, busy, "never")
    assert fake.session_state["fb"] == (1, False, "One moment: the server is busy.")


def test_an_unexpected_error_is_not_swallowed(page):
    def broken(session):
        raise KeyError("bug")

    with pytest.raises(KeyError):
        web.act("fb", 1, broken, "never")
