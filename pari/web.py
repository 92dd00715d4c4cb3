"""Streamlit wiring shared by app.py and the pages: the engine, the signed-in user.

This is the one module of ``pari`` (with ``pari.live``) that imports Streamlit;
business rules stay in the service modules, which tests reach without a browser.
"""

from __future__ import annotations

import hmac
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from pari import accounts, auth, chart_text, i18n
from pari.accounts import AuthUser
from pari.db import BUSY_ERRORS, make_engine, migrate, one_writer, session_scope
from pari.errors import PariError
from pari.i18n import N_, _
from pari.models import utcnow
from pari.settings import Settings, get_settings
from pari.text import md_message

DB_BUSY = BUSY_ERRORS  # for pages: a write met a busy database, nothing was saved
USER_KEY = "pari_user"
SIGNED_IN_AT_KEY = "pari_signed_in_at"
SESSION_ENDED_KEY = "pari_session_ended"  # the login page says so once
LOGGED_OUT_KEY = "pari_logged_out"
GOTO_LOGIN_KEY = "pari_goto_login"
IN_SETUP_KEY = "pari_in_setup"
PENDING_COOKIE_KEY = "pari_cookie_pending"
COOKIE_WRITER_KEY = "pari_cookie_writer"


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    engine = make_engine(url)
    migrate(engine)
    return engine


def settings() -> Settings:
    return get_settings()


def engine() -> Engine:
    """The process's engine, migrated on first use (shared, never mutated)."""
    return _engine(settings().database_url)


@contextmanager
def db() -> Iterator[Session]:
    with session_scope(engine()) as session:
        yield session


@contextmanager
def writing() -> Iterator[Session]:
    """A session for a phone's write: one writer at a time on SQLite (``pari.db.one_writer``)."""
    with one_writer(engine()), db() as session:
        yield session


def later_db() -> Callable[[], AbstractContextManager[Session]]:
    """Sessions for work done after this run, on a thread of its own (a download built
    when it is clicked): the engine is taken now, while the run can reach it."""
    bound = engine()
    return lambda: session_scope(bound)


def _session_language() -> str | None:
    """The language this browser session chose (pari.i18n asks it, when inside a run)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return None
    try:
        return ctx.session_state[i18n.SESSION_KEY]
    except (KeyError, AttributeError):
        return None


i18n.read_session_language_with(_session_language)

PAGE_JS = Path(__file__).resolve().parent / "components" / "page.js"
PAGE_LANGUAGE_KEY = "pari_page_lang"
_page_component = None
_page_lock = threading.Lock()


def chart(fig, *, width: str = "stretch") -> None:
    """A Plotly chart as the walls and plans draw it (the figure's own large,
    high-contrast layout, no toolbar), then what it shows as a table that screen
    readers reach (``pari.chart_text``, WCAG 1.1.1)."""
    st.plotly_chart(fig, width=width, theme=None, config={"displayModeBar": False})
    table = chart_text.html_table(fig, _("The chart above, as a table"))
    if table:
        st.html(table)


def page_language(lang: str) -> None:
    """Say that this run's page speaks ``lang``, not the person's own language (the
    presenter speaks the room's): ``mark_page`` then marks the page with it."""
    st.session_state[PAGE_LANGUAGE_KEY] = lang


def mark_page() -> None:
    """What every page needs for people who read it differently
    (``components/page.js``): its ``lang`` set to the language it is drawn in, so a
    screen reader reads Swedish as Swedish (WCAG 3.1.1; Streamlit marks every page
    English, streamlit#15726), and the page-wide focus and menu styles. Call it once a
    run, after the page has drawn."""
    global _page_component
    with _page_lock:
        if _page_component is None:
            _page_component = st.components.v2.component(
                "pari_page", js=PAGE_JS.read_text(encoding="utf-8")
            )
    lang = st.session_state.pop(PAGE_LANGUAGE_KEY, None) or i18n.current_language()
    _page_component(key="pari_page", data={"lang": lang})


@st.cache_resource(show_spinner=False)
def _cookie_key(url: str, configured: str | None) -> str:
    with session_scope(_engine(url)) as session:
        return auth.cookie_key(session=session, configured=configured)


def cookie_key() -> str:
    s = settings()
    return _cookie_key(s.database_url, s.cookie_key)


def device_key() -> str:
    """The secret phones' device tokens derive from (``pari.codes``): the stored cookie
    key, so every replica has the same, narrowed to this one use."""
    return hmac.new(cookie_key().encode("utf-8"), b"pari-device-tokens", "sha256").hexdigest()


def read_cookie(name: str) -> str | None:
    """The browser's cookie (read at the websocket handshake). Tests replace this."""
    try:
        return st.context.cookies.get(name)
    except Exception:  # noqa: BLE001 - no browser context (AppTest, bare mode)
        return None


_NOT_READ = object()
_run_users: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_run_users_lock = threading.Lock()


def _this_run() -> object | None:
    """An object that lives exactly as long as this script run (a fragment run too).

    Streamlit 1.67 (pinned) makes a new ``parallel_coordinator`` in ``reset()`` at the
    start of every run; keyed weakly on it, what a run learnt goes with the run.
    """
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return getattr(ctx, "parallel_coordinator", None) if ctx is not None else None


def _remember_for_run(user: AuthUser | None) -> None:
    run = _this_run()
    if run is not None:
        with _run_users_lock:
            _run_users[run] = user


def current_user() -> AuthUser | None:
    """The signed-in account of this session, as the database has it now.

    Read once a run (one primary-key read, however many callers ask): a session
    whose account was deactivated or deleted, or whose logins were revoked since
    it signed in (a logout in another tab, a deactivation), is signed out at once
    and sent to the login page; a changed role or name takes effect in this run.
    Without a signed-in account, the login cookie is tried (issue 16).
    """
    run = _this_run()
    if run is not None:
        with _run_users_lock:
            known = _run_users.get(run, _NOT_READ)
        if known is not _NOT_READ:
            return known  # type: ignore[return-value]
    user = _read_current_user()
    _remember_for_run(user)
    return user


def fragment_user(workshop_id: int | None = None) -> AuthUser:
    """For a fragment that refreshes itself (presenter, run page): the account as the
    database has it at this tick (one primary-key read), and its right to see
    ``workshop_id`` now. When either is gone (deactivated, logged out elsewhere,
    demoted, the workshop no longer shared with it), the whole page runs again, which
    signs the tab out or says the workshop is not theirs: a tab left on the projector
    does not keep showing a workshop to an account that lost it (issue 16, point 1)."""
    from pari import workshops

    user = current_user()
    allowed = user is not None
    if allowed and workshop_id is not None:
        try:
            with db() as session:
                workshops.get_workshop(session=session, user=user, workshop_id=workshop_id)
        except PariError:  # not found, or not theirs any more
            allowed = False
    if not allowed:
        st.rerun(scope="app")
    return user


# A download clicked after the account lost it (``still_allowed_later``).
NOT_YOURS_NOW = N_("You may no longer download this: please log in again.")


def still_allowed_later(workshop_id: int | None = None) -> Callable[[Session], bool]:
    """For a download built when it is clicked (on a thread of its own, after this run):
    asks the database then whether this session's account may still have it: not
    deactivated, not logged out elsewhere since, and (``workshop_id``) still a person
    who may see that workshop (issue 16, point 1)."""
    from pari import workshops

    user = current_user()
    signed_in_at = st.session_state.get(SIGNED_IN_AT_KEY)

    def check(session: Session) -> bool:
        if user is None or not isinstance(signed_in_at, datetime):
            return False
        return workshops.still_allowed(
            session=session, user_id=user.id, signed_in_at=signed_in_at, workshop_id=workshop_id
        )

    return check


def _read_current_user() -> AuthUser | None:
    kept = st.session_state.get(USER_KEY)
    if kept is not None:
        signed_in_at = st.session_state.get(SIGNED_IN_AT_KEY)
        if not isinstance(signed_in_at, datetime):
            # Signed in without a moment (a test seeding session_state): from now on.
            signed_in_at = st.session_state[SIGNED_IN_AT_KEY] = utcnow()
        with db() as session:
            user = accounts.session_user(
                session=session, user_id=kept.id, signed_in_at=signed_in_at
            )
        if user is None:
            _end_session()
            return None
        if user != kept:
            st.session_state[USER_KEY] = user
            _mirror_for_authenticator(user)
        return user
    if st.session_state.get(LOGGED_OUT_KEY):
        # The cookie this session was opened with is revoked, but st.context still shows it.
        return None
    s = settings()
    token = read_cookie(s.cookie_name)
    if not token:
        return None
    with db() as session:
        user = auth.user_from_token(
            session=session, token=token, key=cookie_key(), expiry_days=s.cookie_expiry_days
        )
    if user is not None:
        sign_in(user)
    return user


def _end_session() -> None:
    """This session's account may no longer be used: forget it, and go to the login page."""
    for key in (USER_KEY, SIGNED_IN_AT_KEY, PENDING_COOKIE_KEY):
        st.session_state.pop(key, None)
    st.session_state[LOGGED_OUT_KEY] = True
    st.session_state[GOTO_LOGIN_KEY] = True
    st.session_state[SESSION_ENDED_KEY] = True
    st.session_state["authentication_status"] = None
    st.session_state["roles"] = None


def sign_in(user: AuthUser) -> None:
    st.session_state[USER_KEY] = user
    st.session_state[SIGNED_IN_AT_KEY] = utcnow()
    st.session_state.pop(LOGGED_OUT_KEY, None)
    st.session_state.pop(SESSION_ENDED_KEY, None)
    _remember_for_run(user)
    if user.language and not st.query_params.get("lang"):
        st.session_state[i18n.SESSION_KEY] = i18n.resolve_language(user.language)
    _mirror_for_authenticator(user)


def browser_locale() -> str | None:
    """The browser's first language (its Accept-Language), if it said one."""
    try:
        return st.context.locale
    except Exception:  # noqa: BLE001 - no browser context
        return None


def choose_language(language: str) -> None:
    """This session's language, remembered for the signed-in person's next logins."""
    language = i18n.resolve_language(language)
    st.session_state[i18n.SESSION_KEY] = language
    user = st.session_state.get(USER_KEY)
    if user is not None:
        with db() as session:
            accounts.set_language(session=session, user_id=user.id, language=language)
        st.session_state[USER_KEY] = replace(user, language=language)
        _remember_for_run(st.session_state[USER_KEY])


def _mirror_for_authenticator(user: AuthUser) -> None:
    """streamlit-authenticator's own session keys, so its cookie and logout code agree."""
    st.session_state["authentication_status"] = True
    st.session_state["username"] = user.username
    st.session_state["name"] = user.name
    st.session_state["roles"] = [user.role.value]
    st.session_state["logout"] = False


def remember_login(user: AuthUser) -> None:
    """Queue the login cookie (streamlit-authenticator's JWT format) for this browser."""
    s = settings()
    st.session_state[PENDING_COOKIE_KEY] = auth.issue_token(
        username=user.username, key=cookie_key(), expiry_days=s.cookie_expiry_days
    )


def write_pending_cookie() -> None:
    """Draw the cookie writer on every run until the browser says the cookie is set.

    The cookie is written by a component's iframe. Drawn once, the rerun that
    follows a login removes the iframe before its script has loaded, and the
    cookie is lost (DESIGN section 7, seen here as a login that did not survive
    a new window). Kept on screen with the same key, the iframe stays; its
    "set" answers True once the cookie is in the browser, and then it goes.
    """
    token = st.session_state.get(PENDING_COOKIE_KEY)
    if not token:
        return
    from datetime import datetime, timedelta

    from extra_streamlit_components.CookieManager import _component_func as cookie_component

    s = settings()
    # The component reads a browser-local date: a naive local time is what it expects.
    expires = datetime.now() + timedelta(days=s.cookie_expiry_days)
    done = cookie_component(
        method="set",
        cookie=s.cookie_name,
        value=token,
        options={"path": "/", "expires": expires.isoformat(), "sameSite": "strict"},
        key=COOKIE_WRITER_KEY,
        default=False,
    )
    if done is True:
        st.session_state.pop(PENDING_COOKIE_KEY, None)


def sign_out() -> None:
    """Log out here, and end every other session and cookie of this account."""
    st.session_state.pop(PENDING_COOKIE_KEY, None)
    st.session_state.pop(SIGNED_IN_AT_KEY, None)
    user = st.session_state.pop(USER_KEY, None)
    st.session_state[LOGGED_OUT_KEY] = True
    _remember_for_run(None)
    if user is not None:
        with db() as session:
            accounts.revoke_tokens(session=session, user_id=user.id)


def authenticator():
    """streamlit-authenticator, built only on the login and logout pages (once a run).

    Building it draws its CookieManager iframe; doing that on every page loses the
    page on reload (its issue #179), and building it twice in a run fails.
    """
    import streamlit_authenticator as stauth

    s = settings()
    user = st.session_state.get(USER_KEY)
    credentials: dict = {"usernames": {}}
    if user is not None:
        _mirror_for_authenticator(user)
        credentials["usernames"][user.username] = {
            "name": user.name,
            "password": "",  # never read: we check passwords ourselves
            "roles": [user.role.value],
        }
    return stauth.Authenticate(
        credentials,
        cookie_name=s.cookie_name,
        cookie_key=cookie_key(),
        cookie_expiry_days=s.cookie_expiry_days,
        auto_hash=False,
        login_sleep_time=0,
    )


def go_to_login() -> None:
    """Button callback: the next run opens the login page."""
    st.session_state[GOTO_LOGIN_KEY] = True
    st.session_state[IN_SETUP_KEY] = False


BUSY_NOW = N_("One moment: the server is busy.")


def act(feedback_key: str, target: object, change: Callable[..., object], done: str) -> None:
    """A staff button's callback on one row (a card, a question, a word): ``change`` in
    one transaction, then what came of it kept under ``feedback_key`` for ``feedback``
    to show under the row ``target``: ``done``, the refusal in the person's language
    (any text it quotes escaped), or that the server was busy."""
    try:
        with db() as session:
            change(session=session)
    except PariError as exc:
        outcome = (False, md_message(i18n._(exc.message), exc.params))
    except DB_BUSY:
        outcome = (False, i18n._(BUSY_NOW))
    else:
        outcome = (True, done)
    st.session_state[feedback_key] = (target, *outcome)


def feedback(feedback_key: str, target: object) -> None:
    """Under a row: what became of the last action on it (``act``), if it was this one."""
    acted_on, done, message = st.session_state.get(feedback_key, (None, False, ""))
    if acted_on == target:
        (st.success if done else st.error)(message)
