"""A screen left open loses its account at once (issue 16, point 1), in Chromium.

The presenter screen and the run page redraw themselves every few seconds without a
full run of the page. When the account behind them is deactivated, the next tick
must find out from the database and send the tab to the login page, instead of
showing the workshop until someone clicks.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from pari import accounts, urls
from pari import workshops as ws
from pari.db import make_engine, migrate
from pari.models import Role, User
from tests.browser.conftest import PROJECTOR, shot
from tests.browser.test_facilitator import PASSWORD, log_in
from tests.factories import make_workshop


@pytest.fixture
def maria_and_her_workshop(server):
    engine = make_engine(server.database_url)
    migrate(engine)
    with Session(engine) as s:
        coord = accounts.create_user(
            session=s, username="coord", name="Coord", password=PASSWORD, role=Role.COORDINATOR
        )
        maria = accounts.create_user(
            session=s, username="maria", name="Maria", password=PASSWORD, role=Role.FACILITATOR
        )
        s.commit()
        make_workshop(s, owner=maria, code="ENDS22")
        ids = coord.id, maria.id
    yield engine, ids, "ENDS22"
    engine.dispose()


@pytest.mark.parametrize("path", [urls.SCREEN, urls.CONTROL])
def test_an_open_screen_of_a_deactivated_facilitator_goes_to_the_login_page(
    server, browser, maria_and_her_workshop, path
):
    engine, (coord_id, maria_id), code = maria_and_her_workshop
    page = browser.new_context(viewport=PROJECTOR).new_page()
    page.set_default_timeout(20_000)
    log_in(page, server.url, "maria")
    # The next page load signs in from the cookie the browser writes just after login.
    page.wait_for_function("() => document.cookie.includes('pari_auth=')")
    page.goto(f"{server.url}/{path}?w={code}")
    # What the screen shows of the workshop: the join code on the wall, the run controls.
    shown = (
        page.get_by_test_id("join-code")
        if path == urls.SCREEN
        else page.get_by_role("button", name="Next ▶")
    )
    expect(shown).to_be_visible()

    with Session(engine) as s:
        accounts.set_active(session=s, user_id=maria_id, active=False, acting_user_id=coord_id)
        s.commit()
        assert s.get(User, maria_id).active is False

    # No click, no reload: the screen's own refresh (2 s presenter, 5 s run page).
    expect(page.get_by_role("heading", name="Log in")).to_be_visible(timeout=12_000)
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    expect(shown).to_have_count(0)
    shot(page, f"session-ends-{path}")


def test_an_open_presenter_of_an_unshared_facilitator_stops_showing_the_workshop(
    server, browser, maria_and_her_workshop
):
    """The account stays valid, but the workshop is no longer shared with it: the wall
    must stop showing it (and the cards phones add later) at its next tick."""
    engine, (_coord_id, maria_id), code = maria_and_her_workshop
    with Session(engine) as s:
        fred = accounts.create_user(
            session=s, username="fred", name="Fred", password=PASSWORD, role=Role.FACILITATOR
        )
        s.commit()
        maria = accounts.to_auth_user(s.get(User, maria_id))
        workshop = ws.get_by_code(session=s, code=code)
        ws.share_workshop(session=s, user=maria, workshop_id=workshop.id, username="fred")
        s.commit()
        fred_id, workshop_id = fred.id, workshop.id
    page = browser.new_context(viewport=PROJECTOR).new_page()
    page.set_default_timeout(20_000)
    log_in(page, server.url, "fred")
    page.wait_for_function("() => document.cookie.includes('pari_auth=')")
    page.goto(f"{server.url}/{urls.SCREEN}?w={code}")
    expect(page.get_by_test_id("join-code")).to_be_visible()

    with Session(engine) as s:
        ws.unshare_workshop(session=s, user=maria, workshop_id=workshop_id, user_id=fred_id)
        s.commit()

    expect(page.get_by_text("No workshop of yours has this code.")).to_be_visible(timeout=12_000)
    expect(page.get_by_test_id("join-code")).to_have_count(0)
    shot(page, "session-ends-unshared")
