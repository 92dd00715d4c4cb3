"""Log out: end this session and revoke the login cookie everywhere."""

from __future__ import annotations

import streamlit as st

from pari import web
from pari.i18n import _


def render() -> None:
    user = web.current_user()
    st.title(_("Log out"))
    if user is None:
        st.info(_("You are logged out."))
        return
    st.write(_("Logged in as {name} ({username}).").format(name=user.name, username=user.username))
    if st.button(_("Log out"), type="primary"):
        authenticator = web.authenticator()
        authenticator.logout(location="unrendered")
        web.sign_out()
        st.success(_("You are logged out."))
        st.button(_("Log in again"), on_click=web.go_to_login)
