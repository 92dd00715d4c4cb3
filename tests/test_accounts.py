from __future__ import annotations

import pytest
from sqlmodel import select

from pari import accounts, auth, ratelimit
from pari.models import AppSecret, Role, User
from tests.factories import PASSWORD, make_user


def test_first_coordinator_is_created_once(session):
    user = accounts.create_first_coordinator(
        session=session, username="Ana", name="Ana Ruiz", password="long enough pw"
    )
    session.commit()
    assert user.role is Role.COORDINATOR
    assert user.username == "ana"
    with pytest.raises(accounts.SetupAlreadyDone):
        accounts.create_first_coordinator(
            session=session, username="mallory", name="M", password="long enough pw"
        )
    session.rollback()
    assert session.exec(select(User.username)).all() == ["ana"]


def test_setup_lock_refuses_a_second_setup_even_if_users_vanished(session):
    accounts.create_first_coordinator(
        session=session, username="ana", name="Ana", password="x" * 12
    )
    session.commit()
    assert session.get(AppSecret, accounts.SETUP_LOCK) is not None


@pytest.mark.parametrize(
    "username,name,password,fragment",
    [
        ("ab", "Name", "x" * 12, "3 to 32"),
        ("has space", "Name", "x" * 12, "3 to 32"),
        ("<script>", "Name", "x" * 12, "3 to 32"),
        ("okname", "   ", "x" * 12, "display name"),
        ("okname", "Name", "short", "at least 10"),
        ("okname", "Name", "é" * 40, "too long"),
    ],
)
def test_bad_new_accounts_get_a_clear_message(session, username, name, password, fragment):
    with pytest.raises(accounts.AccountError, match=fragment):
        accounts.create_user(
            session=session, username=username, name=name, password=password, role=Role.FACILITATOR
        )


def test_duplicate_username_is_refused_case_insensitively(session):
    make_user(session, username="maria")
    with pytest.raises(accounts.AccountError, match="taken"):
        accounts.create_user(
            session=session,
            username="MARIA",
            name="Other",
            password=PASSWORD,
            role=Role.FACILITATOR,
        )


def test_password_is_stored_as_bcrypt_hash(session):
    user = make_user(session)
    assert user.password_hash.startswith("$2")
    assert PASSWORD not in user.password_hash


def test_authenticate_right_and_wrong(session):
    make_user(session, username="erik")
    assert (
        accounts.authenticate(session=session, username=" Erik ", password=PASSWORD).username
        == "erik"
    )
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate(session=session, username="erik", password="wrong password")
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate(session=session, username="nobody", password=PASSWORD)


def test_login_is_rate_limited_per_username_and_counted_in_the_database(session):
    make_user(session, username="erik")
    for _ in range(ratelimit.LOGIN_LIMIT.attempts):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(session=session, username="erik", password="guess")
        session.commit()
    # Even the right password is refused while the limit holds.
    with pytest.raises(ratelimit.RateLimited) as info:
        accounts.authenticate(session=session, username="erik", password=PASSWORD)
    assert info.value.retry_after.total_seconds() > 0


def test_inactive_user_cannot_log_in(session):
    admin = make_user(session, role=Role.COORDINATOR)
    user = make_user(session)
    accounts.set_active(session=session, user_id=user.id, active=False, acting_user_id=admin.id)
    session.commit()
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate(session=session, username=user.username, password=PASSWORD)
    with pytest.raises(accounts.AccountError):
        accounts.set_active(
            session=session, user_id=admin.id, active=False, acting_user_id=admin.id
        )


def test_cookie_key_is_generated_once_and_shared(session):
    key = auth.cookie_key(session=session, configured=None)
    session.commit()
    assert len(key) >= 48
    assert auth.cookie_key(session=session, configured=None) == key
    assert auth.cookie_key(session=session, configured="k" * 40) == "k" * 40


def test_login_token_round_trip_expiry_forgery_and_revocation(session):
    user = make_user(session, username="lena")
    key = auth.cookie_key(session=session, configured=None)
    token = auth.issue_token(username="lena", key=key, expiry_days=14)
    found = auth.user_from_token(session=session, token=token, key=key, expiry_days=14)
    assert found is not None and found.id == user.id
    assert auth.user_from_token(session=session, token=token, key="x" * 48, expiry_days=14) is None
    expired = auth.issue_token(username="lena", key=key, expiry_days=-1)
    assert auth.user_from_token(session=session, token=expired, key=key, expiry_days=14) is None
    assert auth.user_from_token(session=session, token="garbage", key=key, expiry_days=14) is None
    accounts.revoke_tokens(session=session, user_id=user.id)
    session.commit()
    assert auth.user_from_token(session=session, token=token, key=key, expiry_days=14) is None
    fresh = auth.issue_token(username="lena", key=key, expiry_days=14)
    assert auth.user_from_token(session=session, token=fresh, key=key, expiry_days=14) is not None
