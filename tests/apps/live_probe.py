"""A tiny Streamlit script for tests/browser/test_live.py: it follows one workshop
through pari.live and shows the stage_version it drew, so a test can see a
change-driven rerun arrive without any polling in the page.

When ``PARI_LIVE_CYCLES_FILE`` is set, a reporter thread (one per server) writes the
watcher's ``cycles`` to that file ten times a second, so the test can wait on the
watcher thread's progress (it changes nothing on the page and asks for no rerun)."""

import os
import threading
import time
from pathlib import Path

import streamlit as st

from pari import live, web
from pari.models import Workshop


@st.cache_resource
def _report_cycles(path: str, _watcher: live.Watcher) -> threading.Thread:
    target = Path(path)
    scratch = target.with_name(target.name + ".tmp")

    def report() -> None:
        while True:
            scratch.write_text(str(_watcher.cycles), encoding="utf-8")
            scratch.replace(target)  # whole numbers only, never a half-written file
            time.sleep(0.1)

    thread = threading.Thread(target=report, name="live-probe-cycles", daemon=True)
    thread.start()
    return thread


workshop_id = int(st.query_params["w"])
live.follow(workshop_id)
if cycles_file := os.environ.get("PARI_LIVE_CYCLES_FILE"):
    _report_cycles(cycles_file, live.watcher(web.engine()))
with web.db() as session:
    version = session.get(Workshop, workshop_id).stage_version
st.session_state["runs"] = st.session_state.get("runs", 0) + 1
st.text(f"stage_version={version}")
st.text(f"runs={st.session_state['runs']}")
st.text_input("kept", key="kept")
