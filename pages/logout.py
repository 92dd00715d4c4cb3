"""The signed-in person's account: the app's language, and logging out."""

from __future__ import annotations

import streamlit as st

from pari import i18n, web
from pari.i18n import _
from pari.text import md_escape


def render() -> None:
    user = web.current_user()
    st.title(_("Your account"), anchor=False)
    if user is None:
        st.info(_("You are logged out."))
        return
    signed_in = _("Logged in as {name} ({username}).")
    # A name is text someone typed: shown as written (pari.text.md_escape).
    st.markdown(md_escape(signed_in.format(name=user.name, username=user.username)))
    codes = list(i18n.LANGUAGE_NAMES)
    current = i18n.current_language()
    chosen = st.selectbox(
        _("Language"),
        codes,
        index=codes.index(current) if current in codes else 0,
        format_func=i18n.LANGUAGE_NAMES.get,
        key="account_language",
    )
    if chosen != current:
        web.choose_language(chosen)
        st.rerun()
    st.header(_("Log out"), anchor=False)
    if st.button(_("Log out"), type="primary"):
        authenticator = web.authenticator()
        authenticator.logout(location="unrendered")
        web.sign_out()
        st.success(_("You are logged out."))
        st.button(_("Log in again"), on_click=web.go_to_login)
