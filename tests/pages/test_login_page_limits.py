"""The login page counts failures by the browser's address (issue 16, point 4)."""

from __future__ import annotations

from sqlmodel import select

from pari import ratelimit, urls
from pari.models import RateEvent
from tests.factories import PASSWORD, make_user
from tests.pages.conftest import goto, texts


def _try(at, username: str, password: str):
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert not at.exception
    return at


def test_the_login_page_counts_by_address_and_lets_the_real_person_in(
    new_app, db_session, monkeypatch
):
    from pari import stakeholder

    make_user(db_session, username="erik")
    address = {"now": "203.0.113.66"}
    monkeypatch.setattr(stakeholder, "client_address", lambda: address["now"])
    at = goto(new_app().run(), urls.SIGN_IN).run()
    for _ in range(ratelimit.LOGIN_LIMIT.attempts):
        _try(at, "erik", "guess")
    _try(at, "erik", PASSWORD)
    assert "Too many failed attempts" in texts(at)
    assert "pari_user" not in at.session_state
    buckets = set(db_session.exec(select(RateEvent.bucket)).all())
    assert "login-address:203.0.113.66" in buckets

    # The real person, from their own address, is not locked out by the attacker.
    address["now"] = "198.51.100.7"
    other = goto(new_app().run(), urls.SIGN_IN).run()
    _try(other, "erik", PASSWORD)
    assert other.session_state["pari_user"].username == "erik"
