"""First start: create the first coordinator account."""

from __future__ import annotations

import streamlit as st

from pari import accounts, web
from pari.i18n import _
from pari.text import md_escape


def render() -> None:
    st.title(_("Welcome to PARI Workshop"), anchor=False)
    st.write(
        _(
            "No account exists yet. Create the first coordinator account: "
            "coordinators see every workshop and create the other accounts."
        )
    )
    with st.form("setup", enter_to_submit=False):
        name = st.text_input(_("Your name"))
        username = st.text_input(
            _("Username"), help=_("Lower-case letters, digits, '.', '_' or '-'.")
        )
        password = st.text_input(_("Password"), type="password", help=_("At least 10 characters."))
        again = st.text_input(_("Password again"), type="password")
        submitted = st.form_submit_button(_("Create coordinator account"), type="primary")
    if not submitted:
        return
    if password != again:
        st.error(_("The two passwords differ."))
        return
    try:
        with web.db() as session:
            user = accounts.create_first_coordinator(
                session=session, username=username, name=name, password=password
            )
            created = accounts.to_auth_user(user)
    except accounts.SetupAlreadyDone:
        st.warning(_("Setup is already done: please log in."))
        st.button(_("Go to the login page"), on_click=web.go_to_login)
        return
    except accounts.AccountError as exc:
        st.error(exc.localized())
        return
    st.success(
        _("The coordinator account {username} is ready. Please log in with it.").format(
            username=md_escape(created.username)  # '_' and '.' are Markdown too
        )
    )
    st.button(_("Go to the login page"), type="primary", on_click=web.go_to_login)
