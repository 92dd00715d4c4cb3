"""A tiny Streamlit script for tests/browser/test_timer.py: the run page's timer controls
(``pages.run_timer``) and a step's countdown as a phone and the presenter draw it
(``pari.countdown``), without the pages they are wired into.

``?w=`` the workshop, ``?u=`` the facilitator (view ``run``), ``?view=`` run, phone or
wall. The phone view follows the workshop (``pari.live``) from a fragment, as the phone
page does, and shows how many runs it had and whether its step takes input, so a test
can see the one run asked for at zero."""

import streamlit as st

from pages import run_timer
from pari import accounts, countdown, live, web
from pari.models import Step, User, Workshop
from pari.phone.guards import is_open

workshop_id = int(st.query_params["w"])
view = st.query_params.get("view", "phone")


@st.fragment(run_every=2)  # as the presenter's screen refreshes
def wall() -> None:
    countdown.draw_current(workshop_id, big=True)


@st.fragment  # as the phone's step area: followed from inside, so only it reruns
def phone() -> None:
    live.follow(workshop_id)
    with web.db() as session:
        workshop = session.get(Workshop, workshop_id)
        step = session.get(Step, workshop.current_step_id)
    countdown.draw(step, big=False)
    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    st.text(f"open={is_open(workshop, step)}")
    st.text(f"runs={st.session_state['runs']}")


if view == "wall":
    wall()
elif view == "phone":
    phone()
else:
    with web.db() as session:
        workshop = session.get(Workshop, workshop_id)
        step = session.get(Step, workshop.current_step_id)
        user = accounts.to_auth_user(session.get(User, int(st.query_params["u"])))
    run_timer.controls(user, workshop, step)
