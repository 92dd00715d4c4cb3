"""The start page for stakeholders: type the workshop code (or scan the QR code).

Built for a first-time user on a small phone: one big field, one big button.
The code is case-insensitive and spaces or dashes are ignored
(``pari.codes.normalise_join_code``); ``pari.stakeholder`` swaps it for the
phone's own link in the next run and says clearly when a code is unknown or closed.
"""

from __future__ import annotations

import streamlit as st

from pari import stakeholder
from pari.i18n import _

# Our own constant CSS: a code field and button a thumb can hit.
JOIN_CSS = """<style>
.st-key-join_code input { font-size: 1.8rem; letter-spacing: 0.25em; text-transform: uppercase;
  text-align: center; min-height: 3.5rem; }
.st-key-join_code input::placeholder { letter-spacing: 0.25em; }
.st-key-join_code label p { font-size: 1.1rem; }
[data-testid="stForm"] button[data-testid^="stBaseButton"] { min-height: 3.5rem; }
[data-testid="stForm"] button[data-testid^="stBaseButton"] p { font-size: 1.3rem; }
</style>"""


def render() -> None:
    st.html(JOIN_CSS)
    st.title(_("Join a workshop"), anchor=False)
    error = st.session_state.pop(stakeholder.JOIN_ERROR_KEY, None)
    if error:
        st.error(error)
    st.markdown(_("Scan the QR code on the screen in the room, or type its code here."))
    with st.form("join", enter_to_submit=True):
        code = st.text_input(
            _("Workshop code (6 letters and digits)"),
            max_chars=12,
            placeholder="ABC234",
            key="join_code",
            autocomplete="off",
        )
        submitted = st.form_submit_button(_("Join"), type="primary", width="stretch")
    if submitted:
        if not (code or "").strip():
            st.error(_("Please type the code first."))
        else:
            st.query_params["join"] = code
            st.rerun()
    st.divider()
    st.caption(_("Facilitators and coordinators: use “Log in” at the top."))
