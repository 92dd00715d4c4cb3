"""A tiny Streamlit script for tests/browser/test_live.py: it follows one workshop
through pari.live and shows the stage_version it drew, so a test can see a
change-driven rerun arrive without any polling in the page."""

import streamlit as st

from pari import live, web
from pari.models import Workshop

workshop_id = int(st.query_params["w"])
live.follow(workshop_id)
with web.db() as session:
    version = session.get(Workshop, workshop_id).stage_version
st.session_state["runs"] = st.session_state.get("runs", 0) + 1
st.text(f"stage_version={version}")
st.text(f"runs={st.session_state['runs']}")
st.text_input("kept", key="kept")
