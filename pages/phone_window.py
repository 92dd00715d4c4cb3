"""The phone in the self-paced window (issue 21): the window's steps at the person's own
pace (where they are, the step, back and next, a progress line; after the last, what
they answered), and, before a window opens, when it does. Drawn inside the phone page's
step area (``pages.participate``); the kinds draw their steps as live, and every answer
is checked by the same rules, which mark it self-paced (``pari.phone.guards``).
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from pari import i18n, steps, web
from pari.i18n import _
from pari.labels import text_label
from pari.models import utcnow
from pari.phone import ui
from pari.phone.pace import Pace, paced_view
from pari.phone.view import PhoneView
from pari.text import md_escape, shorten
from pari.workshops import window


def _go(step_id: int) -> None:
    st.session_state[ui.PACED_STEP_KEY] = step_id


def draw(at_own_pace: Pace) -> None:
    """The window's steps at this person's own pace: where they are, the step, back and
    next; after the last, what they answered. Each answer is checked by the same rules
    as live (``pari.phone.guards``), which mark it self-paced."""
    place = st.session_state.get(ui.PACED_STEP_KEY)
    _window_clock(at_own_pace.window.closes_at)  # the page left open past the end
    if place is not None and place != ui.PACED_END and at_own_pace.index(place) is None:
        st.info(_("The step you were on is no longer open at your own pace."))
        place = None
    if place is None:
        start = at_own_pace.first_unanswered()  # a returning phone picks up where it was
        place = start.step.id if start is not None else ui.PACED_END
        st.session_state[ui.PACED_STEP_KEY] = place
    closes = at_own_pace.window.closes_local
    st.caption(_("Open at your own pace until {when}.").format(when=i18n.format_datetime(closes)))
    done, total = at_own_pace.answered, at_own_pace.total
    if place == ui.PACED_END:
        _paced_end(at_own_pace)
        return
    index = at_own_pace.index(place)
    st.progress(
        done / total,
        text=_("Step {n} of {total} · {done} answered").format(n=index + 1, total=total, done=done),
    )
    with web.db() as session:
        view = paced_view(session=session, participant_id=ui.pid(), step_id=place)
    step = view.step
    if step is None:  # taken out of the window a moment ago: the list is read again
        st.session_state.pop(ui.PACED_STEP_KEY, None)
        st.rerun(scope="fragment")
    st.header(md_escape(text_label(step.title)), anchor=False)
    if step.prompt:
        st.markdown(md_escape(text_label(step.prompt)))
    if not view.is_open:
        st.warning(_("This step takes no answers now."))
    screen = steps.ui(step.kind, "phone")
    st.session_state[ui.RUN_VIEW_KEY] = view  # the kind's own fragment takes it
    try:
        screen.draw(view)
    finally:
        st.session_state.pop(ui.RUN_VIEW_KEY, None)
    back, after = at_own_pace.previous(place), at_own_pace.next(place)
    with st.container(horizontal=True, key="paced_nav"):
        st.button(
            _("◀ Back"),
            key="paced_back",
            disabled=back is None,
            on_click=_go,
            args=(back.step.id if back is not None else place,),
            width="stretch",
        )
        st.button(
            _("Next ▶") if after is not None else _("Finish"),
            key="paced_next",
            type="primary",
            on_click=_go,
            args=(after.step.id if after is not None else ui.PACED_END,),
            width="stretch",
        )


def _paced_end(at_own_pace: Pace) -> None:
    """After the last step: what this person answered, and a way back to each step."""
    st.header(_("Thank you!"), anchor=False)
    st.success(
        i18n.ngettext(
            "You have answered {done} of {total} step. You can come back to this page "
            "and change your answers while it is open.",
            "You have answered {done} of {total} steps. You can come back to this page "
            "and change your answers while it is open.",
            at_own_pace.total,
        ).format(done=at_own_pace.answered, total=at_own_pace.total)
    )
    for paced in at_own_pace.steps:
        mark = "✓" if paced.answered else "○"
        st.button(
            f"{mark} {paced.number}. {md_escape(shorten(text_label(paced.step.title), 60))}",
            key=f"paced_to_{paced.step.id}",
            on_click=_go,
            args=(paced.step.id,),
            width="stretch",
            help=_("Answered") if paced.answered else _("Not answered yet"),
        )


def upcoming(view: PhoneView) -> None:
    """Before a window that has not opened, and the room not run: when it opens (the
    page, left open, turns to the window by itself then)."""
    state = window.window_state(view.workshop)
    if state.status is window.WindowStatus.UPCOMING and not state.room_live:
        st.caption(
            _("You can also answer at your own pace from {opens} until {closes}.").format(
                opens=i18n.format_datetime(state.opens_local),
                closes=i18n.format_datetime(state.closes_local),
            )
        )
        _window_clock(state.opens_at)


WINDOW_CLOCK_SECONDS = 20  # how soon a page left open notices the window open or end


def _window_clock(moment: datetime | None) -> None:
    """Draw the whole page again once ``moment`` (the window's start or end) has passed:
    nothing in the database moves then, so the watcher cannot tell the phones (the rules
    themselves read the clock, so nothing is taken outside the window meanwhile)."""
    if moment is None:
        return

    def tick() -> None:
        if utcnow() >= moment:
            st.rerun(scope="app")

    st.fragment(tick, run_every=WINDOW_CLOCK_SECONDS)()
