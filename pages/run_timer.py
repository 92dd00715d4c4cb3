"""The run page's timer controls (issue 18): a countdown on the current step, started with
one tap (or a length of one's own), paused, resumed, lengthened by a minute, stopped;
optionally closing input when the time is up. The rules are ``pari.timers``'; the
countdown itself is ``pari.countdown``'s, counted in the browser.
"""

from __future__ import annotations

import streamlit as st

from pages.workshops import apply_change
from pari import countdown, timers
from pari import steps as step_kinds
from pari.accounts import AuthUser
from pari.i18n import _, ngettext
from pari.models import Step, Workshop, WorkshopStatus, utcnow


def controls(user: AuthUser, workshop: Workshop, step: Step | None) -> None:
    """The timer of ``step`` (the current step), with what may be done with it now."""
    # A countdown is for answering: a step that takes no input (the plan) has none.
    if step is None or not step_kinds.get(step.kind).takes_input:
        return
    st.subheader(_("Timer"), anchor=False)
    closed = workshop.status is WorkshopStatus.CLOSED
    if timers.has_timer(step):
        countdown.draw(step, big=False)
        _change(user, step, closed)
    else:
        _start(user, step, closed)


def _start(user: AuthUser, step: Step, closed: bool) -> None:
    closes = st.checkbox(
        _("Close input when the time is up"), key=f"timer_closes_{step.id}", disabled=closed
    )

    def start(seconds: float) -> None:
        apply_change(
            lambda s: timers.start(
                session=s, user=user, step_id=step.id, seconds=seconds, closes_input=closes
            )
        )

    with st.container(horizontal=True):
        for minutes in timers.QUICK_MINUTES:
            label = ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
            if st.button(label, key=f"timer_{minutes}_{step.id}", disabled=closed):
                start(minutes * 60)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        minutes = st.number_input(
            _("Other length, in minutes"),
            min_value=timers.MIN_SECONDS / 60,
            max_value=timers.MAX_SECONDS / 60,
            value=15.0,
            step=0.5,
            format="%.1f",
            key=f"timer_custom_{step.id}",
            disabled=closed,
            width=220,
        )
        if st.button(_("Start the timer"), key=f"timer_go_{step.id}", disabled=closed):
            start(round(minutes * 60))


def _change(user: AuthUser, step: Step, closed: bool) -> None:
    if step.timer_closes_input:
        st.caption(_("Input closes when the time is up."))
    running = timers.is_running(step)
    with st.container(horizontal=True):
        if not running and st.button(
            _("Resume"), key=f"timer_resume_{step.id}", type="primary", disabled=closed
        ):
            apply_change(lambda s: timers.resume(session=s, user=user, step_id=step.id))
        # A countdown at zero has nothing to pause.
        if (
            running
            and timers.time_left(step, utcnow())
            and st.button(_("Pause"), key=f"timer_pause_{step.id}", disabled=closed)
        ):
            apply_change(lambda s: timers.pause(session=s, user=user, step_id=step.id))
        if st.button(_("Add a minute"), key=f"timer_add_{step.id}", disabled=closed):
            apply_change(lambda s: timers.add_minute(session=s, user=user, step_id=step.id))
        if st.button(_("Stop the timer"), key=f"timer_stop_{step.id}", disabled=closed):
            apply_change(lambda s: timers.stop(session=s, user=user, step_id=step.id))
