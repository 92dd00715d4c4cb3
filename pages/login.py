"""Facilitators and coordinators log in; the cookie keeps them in on reload."""

from __future__ import annotations

import streamlit as st

from pari import accounts, stakeholder, web
from pari.i18n import _
from pari.ratelimit import RateLimited


def render() -> None:
    st.title(_("Log in"), anchor=False)
    if st.session_state.pop(web.SESSION_ENDED_KEY, False):
        # This tab's account was deactivated, or logged out elsewhere (pari.web.current_user).
        st.warning(_("You are logged out."))
    with st.form("login", enter_to_submit=True):
        username = st.text_input(_("Username"), max_chars=64, autocomplete="username")
        password = st.text_input(_("Password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(_("Log in"), type="primary")
    if not submitted:
        return
    if not username.strip() or not password:
        st.error(_("Please enter your username and password."))
        return
    error = None
    with web.db() as session:
        try:
            user = accounts.authenticate(
                session=session,
                username=username,
                password=password,
                address=stakeholder.client_address(),
            )
        except accounts.LoginFailed:
            error = _("Wrong username or password.")
        except RateLimited as exc:
            minutes = max(1, round(exc.retry_after.total_seconds() / 60))
            error = _("Too many failed attempts. Please try again in {minutes} min.").format(
                minutes=minutes
            )
    if error:
        st.error(error)
        return
    web.sign_in(user)
    web.remember_login(user)  # app.py writes the cookie on the runs that follow
    st.rerun()
