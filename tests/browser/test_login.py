"""Issue 2's "Done when", as a new user would do it: first coordinator, log out,
log in again, refused with a wrong password; and no page is reachable unsigned."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_idle

PASSWORD = "a long enough secret"


def fill(page, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).fill(value)


def test_fresh_server_page_urls_show_nothing_protected(server, desk):
    """Before st.navigation first runs, a pages/ URL must not draw a page (DESIGN section 7)."""
    for path in [
        "admin",
        "users",
        "run",
        "presenter",
        "dashboard",
        "workshops",
        "participate",
        "accounts",
        "logout",
    ]:
        desk.goto(f"{server.url}/{path}")
        wait_idle(desk)
        body = desk.inner_text("body")
        assert "Accounts" not in body.replace("No account", "")
        assert "not ready" not in body
        assert "Log out" not in body


def test_first_coordinator_logout_login_and_wrong_password(server, desk):
    page = desk
    page.goto(server.url)
    expect(page.get_by_text("Welcome to PARI Workshop")).to_be_visible()
    shot(page, "setup-projector")
    fill(page, "Your name", "Ana Ruiz")
    fill(page, "Username", "ana")
    fill(page, "Password", PASSWORD)
    fill(page, "Password again", PASSWORD)
    page.get_by_role("button", name="Create coordinator account").click()
    expect(page.get_by_text("The coordinator account ana is ready")).to_be_visible()
    page.get_by_role("button", name="Go to the login page").click()

    # Log in.
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    fill(page, "Username", "ana")
    fill(page, "Password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Coordination")).to_be_visible()
    wait_idle(page)
    shot(page, "logged-in-projector")

    # A reload keeps the login (the cookie, written by the authenticator's component once
    # the page has drawn it: wait for the browser to hold it, not for a time), on a
    # sub-page too.
    page.wait_for_function("() => document.cookie.includes('pari_auth=')")
    page.goto(f"{server.url}/accounts")
    expect(page.get_by_role("heading", name="Accounts")).to_be_visible()

    # Log out.
    page.get_by_role("button", name="Ana Ruiz").click()
    shot(page, "account-menu-projector")
    page.get_by_text("Account and log out").last.click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Join a workshop")).to_be_visible()
    page.goto(f"{server.url}/accounts")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Accounts")).to_have_count(0)

    # A wrong password is refused.
    page.goto(f"{server.url}/sign-in")
    fill(page, "Username", "ana")
    fill(page, "Password", "not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Wrong username or password.")).to_be_visible()
    shot(page, "wrong-password-projector")

    # And the right one still works.
    fill(page, "Password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Coordination")).to_be_visible()


def test_second_setup_is_refused_once_a_coordinator_exists(server, desk, phone):
    for page in (desk, phone):
        page.goto(server.url)
        expect(page.get_by_text("Welcome to PARI Workshop")).to_be_visible()
    fill(desk, "Your name", "Ana")
    fill(desk, "Username", "ana")
    fill(desk, "Password", PASSWORD)
    fill(desk, "Password again", PASSWORD)
    desk.get_by_role("button", name="Create coordinator account").click()
    expect(desk.get_by_text("is ready")).to_be_visible()
    # The phone still shows the setup form it loaded before; submitting it now is refused.
    fill(phone, "Your name", "Mallory")
    fill(phone, "Username", "mallory")
    fill(phone, "Password", PASSWORD)
    fill(phone, "Password again", PASSWORD)
    phone.get_by_role("button", name="Create coordinator account").click()
    expect(phone.get_by_text("Setup is already done")).to_be_visible()


def test_fresh_server_opens_a_signed_in_sub_page_without_a_not_found_dialog(server, desk):
    """The first visitor of a fresh replica, arriving on a sub-page with a login cookie."""
    from sqlmodel import Session

    from pari import auth
    from pari.db import make_engine, migrate
    from tests.factories import make_user

    engine = make_engine(server.database_url)
    migrate(engine)
    with Session(engine) as s:
        user = make_user(s, username="fac")
        token = auth.issue_token(
            username=user.username, key=auth.cookie_key(session=s, configured=None), expiry_days=1
        )
        s.commit()
    engine.dispose()
    desk.context.add_cookies([{"name": "pari_auth", "value": token, "url": server.url}])
    desk.goto(f"{server.url}/sign-out")
    expect(desk.get_by_role("heading", name="Your account")).to_be_visible()
    wait_idle(desk)
    assert "Page not found" not in desk.inner_text("body")
