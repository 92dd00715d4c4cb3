"""The start page for stakeholders: type the workshop code (or scan the QR code)."""

from __future__ import annotations

import streamlit as st

from pari import stakeholder
from pari.i18n import _


def render() -> None:
    st.title(_("Join a workshop"))
    error = st.session_state.pop(stakeholder.JOIN_ERROR_KEY, None)
    if error:
        st.error(error)
    st.write(_("Type the code shown on the screen in the room."))
    with st.form("join", enter_to_submit=True):
        code = st.text_input(_("Workshop code"), max_chars=12, placeholder="ABC234")
        submitted = st.form_submit_button(_("Join"), type="primary", width="stretch")
    if submitted:
        st.query_params["join"] = code
        st.rerun()
    st.divider()
    st.caption(_("Facilitators and coordinators: use “Log in” at the top."))
