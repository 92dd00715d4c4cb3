"""AppTest of the foundation's screens: setup, login, join, accounts, logout, gating."""

from __future__ import annotations

from sqlmodel import select

from pari import urls
from pari.models import Role, User
from tests.factories import PASSWORD, make_user
from tests.pages.conftest import goto, texts


def test_first_start_shows_only_the_setup_screen(new_app):
    at = new_app().run()
    assert not at.exception
    assert at.title[0].value == "Welcome to PARI Workshop"


def test_setup_creates_the_first_coordinator(new_app, db_session):
    at = new_app().run()
    at.text_input[0].input("Ana Ruiz")
    at.text_input[1].input("ana")
    at.text_input[2].input(PASSWORD)
    at.text_input[3].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert "The coordinator account ana is ready" in texts(at)
    user = db_session.exec(select(User)).one()
    assert (user.username, user.role) == ("ana", Role.COORDINATOR)


def test_setup_refuses_mismatched_passwords(new_app, db_session):
    at = new_app().run()
    at.text_input[0].input("Ana")
    at.text_input[1].input("ana")
    at.text_input[2].input(PASSWORD)
    at.text_input[3].input(PASSWORD + "x")
    at.button[0].click().run()
    assert "The two passwords differ." in texts(at)
    assert db_session.exec(select(User)).all() == []


def test_anonymous_sees_join_page_by_default(new_app, db_session):
    make_user(db_session, role=Role.COORDINATOR)
    at = new_app().run()
    assert not at.exception
    assert at.title[0].value == "Join a workshop"


def test_join_with_unknown_code_says_so(new_app, db_session):
    make_user(db_session, role=Role.COORDINATOR)
    at = new_app(query={"join": "ZZZZZZ"}).run()
    assert not at.exception
    assert "No workshop has this code" in texts(at)
    assert "join" not in at.query_params


def test_login_right_and_wrong(new_app, db_session):
    make_user(db_session, username="erik")
    at = goto(new_app().run(), urls.SIGN_IN).run()
    assert at.title[0].value == "Log in"
    at.text_input[0].input("erik")
    at.text_input[1].input("not it")
    at.button[0].click().run()
    assert "Wrong username or password." in texts(at)
    assert "pari_user" not in at.session_state
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["pari_user"].username == "erik"


def test_accounts_page_is_for_coordinators_only(new_app, db_session):
    coordinator = make_user(db_session, role=Role.COORDINATOR)
    facilitator = make_user(db_session)
    at = goto(new_app(user=facilitator).run(), urls.ACCOUNTS).run()
    assert not at.exception
    assert "Accounts" not in [t.value for t in at.title]
    at = goto(new_app(user=coordinator).run(), urls.ACCOUNTS).run()
    assert not at.exception
    assert at.title[0].value == "Accounts"


def test_anonymous_cannot_reach_signed_in_pages(new_app, db_session):
    make_user(db_session, role=Role.COORDINATOR)
    for path in {*urls.ALL, "accounts", "workshops", "run", "presenter", "users"} - {
        urls.SIGN_IN,
        urls.ACCESSIBILITY,  # the statement is for everyone
    }:
        at = goto(new_app().run(), path).run()
        assert not at.exception
        titles = [t.value for t in at.title]
        if path in urls.SIGNED_IN:  # a bookmark of a signed-in page: the login form
            assert titles == ["Log in"], path
            assert [b.label for b in at.button] == ["Log in"], path
            continue
        # A module name as URL draws the bare module (nothing); anything else the join page.
        assert titles in ([], ["Join a workshop"]), path
        assert not at.button or at.button[0].label == "Join", path


def test_coordinator_creates_an_account_and_sees_clear_errors(new_app, db_session):
    coordinator = make_user(db_session, role=Role.COORDINATOR)
    at = goto(new_app(user=coordinator).run(), urls.ACCOUNTS).run()
    form_inputs = {t.label: t for t in at.text_input}
    form_inputs["Name"].input("Lena")
    form_inputs["Username"].input("lena")
    form_inputs["Temporary password"].input("short")
    at.button(key="FormSubmitter:new_account-Create account").click().run()
    assert "at least 10" in texts(at)
    form_inputs = {t.label: t for t in at.text_input}
    form_inputs["Name"].input("Lena")
    form_inputs["Username"].input("lena")
    form_inputs["Temporary password"].input(PASSWORD)
    at.button(key="FormSubmitter:new_account-Create account").click().run()
    assert not at.exception
    db_session.expire_all()
    assert (
        db_session.exec(select(User).where(User.username == "lena")).one().role is Role.FACILITATOR
    )


def test_logout_revokes_and_ends_the_session(new_app, db_session):
    user = make_user(db_session)
    at = goto(new_app(user=user).run(), urls.SIGN_OUT).run()
    assert at.title[0].value == "Your account"
    at.button[0].click().run()
    assert not at.exception
    assert "pari_user" not in at.session_state
    db_session.expire_all()
    assert db_session.get(User, user.id).tokens_valid_after is not None


def test_no_url_path_equals_a_page_module_name():
    """Else a restarted server answers that URL with the bare module: a blank page."""
    from pari.settings import ROOT

    stems = {p.stem for p in (ROOT / "pages").glob("*.py")}
    assert not stems & set(urls.ALL)


def test_malformed_database_url_gets_a_clear_message_on_screen(monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from pari.settings import get_settings
    from tests.pages.conftest import APP

    monkeypatch.setenv("DATABASE_URL", "mysql://someone@db/pari")
    get_settings.cache_clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=30).run()
        assert not at.exception
        assert "supports SQLite and PostgreSQL" in at.error[0].value
    finally:
        get_settings.cache_clear()


def test_unwritable_database_gets_a_clear_message_on_screen(monkeypatch, tmp_path):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from pari.settings import get_settings
    from tests.pages.conftest import APP

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{blocker / 'db' / 'x.sqlite3'}")
    get_settings.cache_clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=30).run()
        assert not at.exception
        assert "Cannot create the database folder" in at.error[0].value
    finally:
        get_settings.cache_clear()


def test_a_chosen_language_is_kept_for_the_next_login(new_app, db_session):
    user = make_user(db_session, username="maite")
    at = goto(new_app(user=user).run(), urls.SIGN_OUT).run()
    at.selectbox(key="account_language").select("es").run()
    assert not at.exception
    assert at.session_state["lang"] == "es"
    db_session.expire_all()
    assert db_session.get(User, user.id).language == "es"

    # A new session logs in and gets Spanish without asking.
    at = goto(new_app().run(), urls.SIGN_IN).run()
    at.text_input[0].input("maite")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert at.session_state["lang"] == "es"
