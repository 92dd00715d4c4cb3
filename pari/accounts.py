"""Facilitator and coordinator accounts: creation, first-run setup, password checks.

Passwords are bcrypt hashes, the format streamlit-authenticator's Hasher writes,
so its controllers and ours read the same column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import bcrypt
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from pari import ratelimit, text
from pari.i18n import N_, _
from pari.models import MAX_NAME, AppSecret, Role, User, utcnow

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
MIN_PASSWORD = 10
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further; bcrypt 5 refuses longer input
SETUP_LOCK = "setup.first_coordinator"


class AccountError(ValueError):
    """An account could not be created or changed; ``localized()`` is the message for the person.

    The message is an English message id (marked with ``N_``) with ``{name}``
    placeholders filled from ``params`` after translation; ``str(exc)`` is the
    English text, for the command line and logs.
    """

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(message.format(**params) if params else message)

    def localized(self) -> str:
        translated = _(self.message)
        return translated.format(**self.params) if self.params else translated


class SetupAlreadyDone(AccountError):
    pass


class LoginFailed(Exception):
    """Wrong username or password (deliberately not saying which)."""


@dataclass(frozen=True)
class AuthUser:
    """What the app keeps in a session about a logged-in person."""

    id: int
    username: str
    name: str
    role: Role
    language: str | None = None

    @property
    def is_coordinator(self) -> bool:
        return self.role is Role.COORDINATOR


def normalise_username(raw: str) -> str:
    return raw.strip().lower()


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def check_password(password: str, password_hash: str) -> bool:
    encoded = password.encode("utf-8")
    if len(encoded) > MAX_PASSWORD_BYTES:
        return False
    try:
        return bcrypt.checkpw(encoded, password_hash.encode("ascii"))
    except ValueError:
        return False


def validate_new_account(*, username: str, name: str, password: str) -> str:
    """Check the fields of a new account and return the normalised username."""
    username = normalise_username(username)
    if not USERNAME_RE.fullmatch(username):
        raise AccountError(
            N_(
                "The username must be 3 to 32 characters: "
                "lower-case letters, digits, '.', '_' or '-'."
            )
        )
    clean_display_name(name)
    if len(password) < MIN_PASSWORD:
        raise AccountError(N_("The password must be at least {n} characters."), n=MIN_PASSWORD)
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise AccountError(
            N_("The password is too long (at most {n} bytes)."), n=MAX_PASSWORD_BYTES
        )
    return username


def clean_display_name(name: object) -> str:
    try:
        return text.clean(name, max_len=MAX_NAME, multiline=False)
    except (text.TextMissing, text.NotText):
        raise AccountError(N_("Please give a display name.")) from None
    except text.TextTooLong:
        raise AccountError(
            N_("The display name must be at most {n} characters."), n=MAX_NAME
        ) from None


def user_count(*, session: Session) -> int:
    return session.exec(select(func.count(User.id))).one()


def create_user(
    *,
    session: Session,
    username: str,
    name: str,
    password: str,
    role: Role,
    email: str | None = None,
) -> User:
    username = validate_new_account(username=username, name=name, password=password)
    if session.exec(select(User.id).where(User.username == username)).first() is not None:
        raise AccountError(N_("The username “{username}” is taken."), username=username)
    user = User(
        username=username,
        name=clean_display_name(name),
        email=(email or "").strip() or None,
        password_hash=hash_password(password),
        role=role,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise AccountError(N_("The username “{username}” is taken."), username=username) from None
    return user


def create_first_coordinator(*, session: Session, username: str, name: str, password: str) -> User:
    """The setup screen's one job: allowed once, while no account exists.

    A row in app_secret acts as the lock: two setup screens submitting at once
    collide on its primary key and only one coordinator is made.
    """
    if user_count(session=session) > 0:
        raise SetupAlreadyDone(N_("Setup is already done: please log in."))
    validate_new_account(username=username, name=name, password=password)
    session.add(AppSecret(key=SETUP_LOCK, value=utcnow().isoformat()))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise SetupAlreadyDone(N_("Setup is already done: please log in.")) from None
    return create_user(
        session=session, username=username, name=name, password=password, role=Role.COORDINATOR
    )


def _login_bucket(username: str) -> str:
    return f"login:{username}"


def authenticate(*, session: Session, username: str, password: str) -> AuthUser:
    """Check a password, counting failures per username in the database.

    Raises ratelimit.RateLimited once too many failures happened recently (also
    for unknown usernames, so the limit says nothing about which names exist),
    or LoginFailed. The caller commits, so failures are recorded.
    """
    username = normalise_username(username)[:64]
    bucket = _login_bucket(username)
    ratelimit.check(session=session, bucket=bucket, limit=ratelimit.LOGIN_LIMIT)
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or not user.active or not check_password(password, user.password_hash):
        ratelimit.record(session=session, bucket=bucket)
        raise LoginFailed()
    ratelimit.clear(session=session, bucket=bucket)
    return to_auth_user(user)


def to_auth_user(user: User) -> AuthUser:
    return AuthUser(
        id=user.id, username=user.username, name=user.name, role=user.role, language=user.language
    )


def get_active_user(*, session: Session, username: str) -> User | None:
    return session.exec(
        select(User).where(User.username == normalise_username(username), User.active)
    ).first()


def revoke_tokens(*, session: Session, user_id: int) -> None:
    """Refuse every login cookie issued to this user until now (used on logout)."""
    user = session.get(User, user_id)
    if user is not None:
        user.tokens_valid_after = utcnow()
        session.add(user)


def set_language(*, session: Session, user_id: int, language: str) -> None:
    """Remember the language a person chose (an unknown code is refused)."""
    from pari.i18n import LANGUAGE_NAMES

    if language not in LANGUAGE_NAMES:
        raise AccountError(N_("This language is not available."))
    user = session.get(User, user_id)
    if user is not None:
        user.language = language
        session.add(user)


def list_users(*, session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.role, User.username)))


def set_active(*, session: Session, user_id: int, active: bool, acting_user_id: int) -> User:
    if user_id == acting_user_id and not active:
        raise AccountError(N_("You cannot deactivate your own account."))
    user = session.get(User, user_id)
    if user is None:
        raise AccountError(N_("No such account."))
    user.active = active
    if not active:
        user.tokens_valid_after = utcnow()
    session.add(user)
    return user
