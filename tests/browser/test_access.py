"""Access (issue 8), as a person with a browser would try it: a phone typing staff URLs
or another workshop's code, made-up tokens, and guessing join codes."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlmodel import Session

from pari import urls
from pari.db import make_engine, migrate
from pari.models import Role, StepKind
from pari.ratelimit import JOIN_LIMIT
from tests.browser.conftest import Runs, shot, wait_idle
from tests.factories import make_phone, make_user, make_workshop


def _two_workshops(server):
    engine = make_engine(server.database_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        make_user(s, role=Role.COORDINATOR)
        mine, _ = make_workshop(s, steps=[(StepKind.CHECK_IN, "Welcome to ours", {})])
        theirs, _ = make_workshop(s, steps=[(StepKind.CHECK_IN, "Their secret step", {})])
        _, token = make_phone(s, mine)
    engine.dispose()
    return mine, theirs, token


def test_a_phone_sees_only_its_own_page_whatever_url_it_types(server, phone):
    mine, theirs, token = _two_workshops(server)
    for path in [*urls.ALL, "admin", "control"]:
        phone.goto(f"{server.url}/{path}?p={token}&w={theirs.code}")
        expect(phone.get_by_text(mine.title).first).to_be_visible()
        wait_idle(phone)
        body = phone.inner_text("body")
        assert theirs.code not in body and "Their secret step" not in body, path
        for staff in ("Accounts", "Run", "Presenter", "Log out", "New workshop", "Workshops"):
            for role in ("link", "button", "heading", "tab"):
                assert phone.get_by_role(role, name=staff, exact=True).count() == 0, (path, staff)
    shot(phone, "access-phone-typed-staff-url")


def test_a_made_up_token_gets_the_join_page_with_a_message(server, phone):
    _two_workshops(server)
    phone.goto(f"{server.url}/?p=AAAAAAAAAAAAAAAAAAAAAA")
    expect(phone.get_by_text("This link is no longer valid")).to_be_visible()
    assert "p=" not in phone.url


def test_guessing_join_codes_is_rate_limited_but_the_right_code_still_joins(server, phone):
    mine, _, _ = _two_workshops(server)
    runs = Runs(phone)
    phone.goto(server.url)

    def try_code(code: str) -> None:
        wait_idle(phone)
        field = phone.get_by_label("Workshop code", exact=False)
        expect(field).to_have_count(1)
        field.fill(code)
        # The same error follows each wrong code: wait for this click's own run to end,
        # not for the message (the last one's may still be on the page).
        runs.click(phone.get_by_role("button", name="Join"))

    for i in range(JOIN_LIMIT.attempts):
        try_code(f"ZZZZZ{'23456789'[i % 8]}")
        expect(phone.get_by_text("No workshop has this code")).to_be_visible()
    try_code("ZZZZZZ")
    expect(phone.get_by_text("Too many wrong codes")).to_be_visible()
    wait_idle(phone)
    expect(phone.get_by_label("Workshop code", exact=False)).to_have_count(1)
    shot(phone, "access-join-rate-limited")
    # A wrong-code limit never refuses the right code (DESIGN section 4).
    try_code(mine.code.lower())
    expect(phone.get_by_role("heading", name="Welcome!")).to_be_visible()
