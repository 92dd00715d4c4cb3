"""Coordinators manage accounts: create facilitators and coordinators, deactivate."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pari import accounts, web
from pari.i18n import N_, _
from pari.models import Role
from pari.permissions import NotAllowed

ROLE_LABELS = {Role.FACILITATOR: N_("Facilitator"), Role.COORDINATOR: N_("Coordinator")}


def render() -> None:
    user = web.current_user()
    if user is None or not user.is_coordinator:
        st.error(_("Only coordinators can manage accounts."))
        return
    st.title(_("Accounts"), anchor=False)
    with web.db() as session:
        all_users = accounts.list_users(session=session)
        rows = [
            {
                _("Username"): u.username,
                _("Name"): u.name,
                _("Role"): _(ROLE_LABELS[u.role]),
                _("Active"): u.active,
            }
            for u in all_users
        ]
        others = [(u.id, u.username, u.active) for u in all_users if u.id != user.id]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

    st.header(_("New account"), anchor=False)
    with st.form("new_account", clear_on_submit=True, enter_to_submit=False):
        name = st.text_input(_("Name"))
        username = st.text_input(_("Username"))
        email = st.text_input(_("E-mail (optional)"), max_chars=254)
        role = st.radio(
            _("Role"),
            [Role.FACILITATOR, Role.COORDINATOR],
            format_func=lambda r: _(ROLE_LABELS[r]),
            horizontal=True,
        )
        password = st.text_input(
            _("Temporary password"), type="password", help=_("At least 10 characters.")
        )
        submitted = st.form_submit_button(_("Create account"), type="primary")
    if submitted:
        try:
            with web.db() as session:
                accounts.create_user(
                    session=session,
                    username=username,
                    name=name,
                    password=password,
                    role=role,
                    email=email,
                    acting_user_id=user.id,
                )
        except (accounts.AccountError, NotAllowed) as exc:
            st.error(exc.localized())
        else:
            st.success(_("Account created."))
            st.rerun()

    if others:
        st.header(_("Activate or deactivate"), anchor=False)
        labels = {
            uid: f"{uname} ({_('active') if active else _('inactive')})"
            for uid, uname, active in others
        }
        chosen = st.selectbox(_("Account"), list(labels), format_func=labels.get)
        active = dict((uid, a) for uid, _u, a in others)[chosen]
        label = _("Deactivate") if active else _("Activate")
        if st.button(label):
            try:
                with web.db() as session:
                    accounts.set_active(
                        session=session, user_id=chosen, active=not active, acting_user_id=user.id
                    )
            except (accounts.AccountError, NotAllowed) as exc:
                st.error(exc.localized())
            else:
                st.rerun()
