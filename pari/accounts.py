"""Facilitator and coordinator accounts: creation, first-run setup, password checks.

Passwords are bcrypt hashes, the format streamlit-authenticator's Hasher writes,
so its controllers and ours read the same column.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Final

import bcrypt
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from pari import ratelimit, text
from pari.errors import PariError
from pari.i18n import N_
from pari.models import MAX_NAME, AppSecret, Role, User, utcnow

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
MIN_PASSWORD = 10
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further; bcrypt 5 refuses longer input
SETUP_LOCK = "setup.first_coordinator"
MANAGE_ONLY = N_("Only coordinators can manage accounts.")


class AccountError(PariError, ValueError):
    """An account could not be created or changed (pari.errors)."""


class SetupAlreadyDone(AccountError):
    pass


class LoginFailed(Exception):
    """Wrong username or password (deliberately not saying which)."""


class _Operator:
    """The person at the server's command line (``python -m pari``) or trusted code
    (setup, demo data): no account, and the database is theirs anyway."""

    def __repr__(self) -> str:
        return "OPERATOR"


OPERATOR: Final = _Operator()
# Who asks a service: an account id (web pages pass the signed-in person's), None for
# nobody signed in, or OPERATOR.
Actor = int | None | _Operator


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


@cache
def _unknown_name_hash() -> str:
    """A hash no password matches in practice, checked when the username is unknown."""
    return hash_password(secrets.token_urlsafe(32))


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
    acting_user_id: Actor = OPERATOR,
) -> User:
    """A new account. Web pages pass ``acting_user_id``: only an active coordinator,
    as the database says now, may create one."""
    require_coordinator(session=session, acting_user_id=acting_user_id, message=MANAGE_ONLY)
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
        session=session,
        username=username,
        name=name,
        password=password,
        role=Role.COORDINATOR,
        acting_user_id=OPERATOR,  # nobody to ask yet: the setup lock above decides
    )


def _login_buckets(username: str, address: str) -> tuple[str, str, str]:
    """(this username from this address, this username from anywhere, this address).

    A typed name no account can have counts as one name, so no typed text can
    make one bucket's key look like another's (usernames have no '@').
    """
    if not USERNAME_RE.fullmatch(username):
        username = "(invalid)"
    return f"login:{username}@{address}", f"login:{username}", f"login-address:{address}"


def authenticate(
    *, session: Session, username: str, password: str, address: str | None = None
) -> AuthUser:
    """Check a password; failed attempts are counted in the database, three ways.

    - Per username and address, strictly (``ratelimit.LOGIN_LIMIT``, 5 in 15 min):
      someone guessing one person's password from one place.
    - Per address, over all usernames (``LOGIN_ADDRESS_LIMIT``): one place trying
      many usernames once each. Generous, so an office behind one NAT is not locked
      out by its own typos.
    - Per username, over all addresses (``LOGIN_USERNAME_LIMIT``): a person attacked
      from many places. Past it, an address that already failed on this username is
      refused, while an address with no failure on it may still try: the real person
      at their own desk still gets in with the right password, while each attacking
      address has only its first guess. Failures alone never lock the real person
      out from an address the attacker did not use.

    Every limit is checked before the password, so a limited attempt says nothing
    about it; unknown usernames count like known ones, so the limits say nothing
    about which names exist. A success clears only its own username-and-address
    count. ``address`` is the client's (``pari.stakeholder.client_address``).
    Raises ratelimit.RateLimited or LoginFailed; the caller commits, so failures
    are recorded.
    """
    username = normalise_username(username)[:64]
    address = (address or "unknown")[:64]  # no address known: all such logins share one
    here, everywhere, from_address = _login_buckets(username, address)
    failed_here = ratelimit.check(session=session, bucket=here, limit=ratelimit.LOGIN_LIMIT)
    ratelimit.check(session=session, bucket=from_address, limit=ratelimit.LOGIN_ADDRESS_LIMIT)
    if failed_here:
        ratelimit.check(session=session, bucket=everywhere, limit=ratelimit.LOGIN_USERNAME_LIMIT)
    user = session.exec(select(User).where(User.username == username)).first()
    known = user is not None and user.active
    # An unknown or inactive name costs the same bcrypt check: the time a refusal takes
    # tells nobody which usernames exist.
    matches = check_password(password, user.password_hash if known else _unknown_name_hash())
    if not known or not matches:
        for bucket in (here, everywhere, from_address):
            ratelimit.record(session=session, bucket=bucket)
        raise LoginFailed()
    ratelimit.clear(session=session, bucket=here)
    return to_auth_user(user)


def to_auth_user(user: User) -> AuthUser:
    return AuthUser(
        id=user.id, username=user.username, name=user.name, role=user.role, language=user.language
    )


def get_active_user(*, session: Session, username: str) -> User | None:
    return session.exec(
        select(User).where(User.username == normalise_username(username), User.active)
    ).first()


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def session_user(*, session: Session, user_id: int, signed_in_at: datetime) -> AuthUser | None:
    """The account of a session that signed in at ``signed_in_at``, as it is now.

    None when the account was deleted or deactivated, or its logins were revoked
    (a logout anywhere, a deactivation) after that moment. One primary-key read:
    pari.web calls it on every run of a signed-in session, so a change of role or
    a revocation takes effect in the next run of every open tab.
    """
    user = session.get(User, user_id)
    if user is None or not user.active:
        return None
    revoked = user.tokens_valid_after
    if revoked is not None and _as_utc(revoked) >= _as_utc(signed_in_at):
        return None
    return to_auth_user(user)


def require_coordinator(
    *,
    session: Session,
    acting_user_id: Actor,
    message: str = N_("This page is for coordinators."),
) -> None:
    """Raise permissions.NotAllowed(``message``) unless the actor is an active coordinator now.

    The role is read from the database (one primary-key read), not from what a
    session kept: an account demoted or deactivated meanwhile is refused at once.
    OPERATOR (the command line) passes.
    """
    from pari.permissions import NotAllowed

    if acting_user_id is OPERATOR:
        return
    user = session.get(User, acting_user_id) if isinstance(acting_user_id, int) else None
    if user is None or not user.active or user.role is not Role.COORDINATOR:
        raise NotAllowed(message)


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


def set_active(*, session: Session, user_id: int, active: bool, acting_user_id: Actor) -> User:
    """Let an account log in again, or not: deactivating ends its open sessions too
    (their next run finds it inactive). Only an active coordinator may do this."""
    require_coordinator(session=session, acting_user_id=acting_user_id, message=MANAGE_ONLY)
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
