"""The login cookie: its key, and checking the JWT that streamlit-authenticator writes.

streamlit-authenticator 0.4.2 writes an HS256 JWT ``{username, exp_date}``. We verify
it ourselves in ``app.py`` on every run (DESIGN section 7: its own cookie
check inside a sub-page iframe loses the page on reload, its issue #179), and
refuse tokens issued before the user's ``tokens_valid_after`` so that logout
really ends a cookie (its issue #91).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import jwt
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from pari.accounts import AuthUser, get_active_user, to_auth_user
from pari.models import AppSecret

COOKIE_KEY_NAME = "auth.cookie_key"


def cookie_key(*, session: Session, configured: str | None) -> str:
    """The configured key, or the one stored in the database (made on first start).

    Insert-if-absent, so replicas starting together agree on one key.
    """
    if configured:
        return configured
    row = session.get(AppSecret, COOKIE_KEY_NAME)
    if row is not None:
        return row.value
    try:
        with session.begin_nested():
            session.add(AppSecret(key=COOKIE_KEY_NAME, value=secrets.token_urlsafe(48)))
    except IntegrityError:
        pass  # another process made it first
    return session.get(AppSecret, COOKIE_KEY_NAME, populate_existing=True).value


def issue_token(*, username: str, key: str, expiry_days: float) -> str:
    """A token in streamlit-authenticator's format (tests and the CLI use it)."""
    exp = datetime.now(UTC) + timedelta(days=expiry_days)
    return jwt.encode({"username": username, "exp_date": exp.timestamp()}, key, algorithm="HS256")


def user_from_token(
    *, session: Session, token: str | None, key: str, expiry_days: float
) -> AuthUser | None:
    """The active user a login cookie names, or None if it is absent, forged, expired or revoked."""
    if not token:
        return None
    try:
        claims = jwt.decode(token, key, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    username = claims.get("username")
    exp = claims.get("exp_date")
    if not isinstance(username, str) or not isinstance(exp, (int, float)):
        return None
    now = datetime.now(UTC).timestamp()
    if exp <= now:
        return None
    user = get_active_user(session=session, username=username)
    if user is None:
        return None
    issued_at = exp - expiry_days * 86400
    if user.tokens_valid_after is not None and issued_at < user.tokens_valid_after.timestamp():
        return None
    return to_auth_user(user)
