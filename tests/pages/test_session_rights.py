"""An open tab loses an account's rights at once (issue 16, point 1).

A coordinator's tab on the Accounts page, then, in the database or in another
session: a deactivation, a demotion, a logout. The next run of the tab must know.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event
from streamlit.testing.v1 import AppTest

from pari import accounts, urls
from pari.models import Role, User
from tests.factories import PASSWORD, make_user
from tests.pages.conftest import goto, texts


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def log_in(at: AppTest, username: str) -> AppTest:
    at = goto(at.run(), urls.SIGN_IN).run()
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["pari_user"].username == username
    return at


@pytest.fixture
def accounts_tab(new_app, db_session):
    """Coordinator ana, logged in through the login page, looking at Accounts; and bea."""
    ana = make_user(db_session, role=Role.COORDINATOR, username="ana")
    bea = make_user(db_session, role=Role.COORDINATOR, username="bea")
    at = goto(log_in(new_app(), "ana"), urls.ACCOUNTS).run()
    assert not at.exception
    assert "Accounts" in titles(at)
    return at, ana, bea


def assert_signed_out_to_login(at: AppTest) -> None:
    assert not at.exception
    assert "Accounts" not in titles(at)
    assert "pari_user" not in at.session_state
    assert titles(at) == ["Log in"]
    assert "You are logged out." in texts(at)


def test_a_deactivated_coordinator_loses_the_accounts_page_at_once(accounts_tab, db_session):
    at, ana, bea = accounts_tab
    accounts.set_active(session=db_session, user_id=ana.id, active=False, acting_user_id=bea.id)
    db_session.commit()
    at.run()
    assert_signed_out_to_login(at)
    # Nor can the tab come back by asking for the page again.
    goto(at, urls.ACCOUNTS).run()
    assert "Accounts" not in titles(at)
    assert "pari_user" not in at.session_state


def test_a_deleted_account_is_signed_out(accounts_tab, db_session):
    at, ana, _bea = accounts_tab
    db_session.delete(db_session.get(User, ana.id))
    db_session.commit()
    at.run()
    assert_signed_out_to_login(at)


def test_a_demoted_coordinator_loses_the_accounts_page_in_the_same_run(accounts_tab, db_session):
    at, ana, _bea = accounts_tab
    row = db_session.get(User, ana.id)
    row.role = Role.FACILITATOR
    db_session.add(row)
    db_session.commit()
    at.run()
    assert not at.exception
    assert "Accounts" not in titles(at)
    assert "Only coordinators can manage accounts." not in texts(at)  # the page is gone
    assert at.session_state["pari_user"].role is Role.FACILITATOR  # still signed in
    goto(at, urls.ACCOUNTS).run()
    assert "Accounts" not in titles(at)


def test_logging_out_in_another_session_ends_this_one(accounts_tab, new_app):
    at, _ana, _bea = accounts_tab
    other = goto(log_in(new_app(), "ana"), urls.SIGN_OUT).run()
    assert titles(other) == ["Your account"]
    other.button[0].click().run()
    assert not other.exception
    assert "pari_user" not in other.session_state
    at.run()
    assert_signed_out_to_login(at)
    # Logging in again in this tab works, and is not undone by the old logout.
    goto(at, urls.SIGN_IN)  # the browser's address after switch_page (AppTest keeps the old)
    at.text_input[0].input("ana")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["pari_user"].username == "ana"
    goto(at, urls.ACCOUNTS).run()
    assert "Accounts" in titles(at)


def test_a_signed_in_run_reads_the_account_once_by_primary_key(new_app, db_session, app_db):
    """The check costs one primary-key read a run, however many callers ask."""
    from pari import web

    user = make_user(db_session, role=Role.COORDINATOR)
    at = goto(new_app(user=user).run(), urls.SIGN_OUT).run()
    assert titles(at) == ["Your account"]
    engine = web._engine(app_db)  # the app's engine (st.cache_resource, this process)
    by_pk = re.compile(r'FROM "?user"?\s+WHERE "?user"?\.id = ', re.IGNORECASE)
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if by_pk.search(statement):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        for _ in range(3):
            at.run()
            assert not at.exception
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(seen) == 3, seen
