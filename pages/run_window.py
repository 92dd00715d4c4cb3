"""The run page's self-paced window (issue 21): a period before or after the live
session in which phones answer the chosen steps at their own pace, given as local dates
and times in the workshop's time zone. The rules are ``pari.workshops.window``'s.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import streamlit as st

from pages import run_cards
from pages.workshops import apply_change
from pari import i18n
from pari import steps as step_kinds
from pari.accounts import AuthUser
from pari.i18n import _
from pari.labels import text_label
from pari.models import Step, StepKind, Workshop
from pari.text import md_escape
from pari.workshops import window

WINDOW_DAYS = 7  # a new window's length, as first offered


def controls(user: AuthUser, workshop: Workshop, steps: list[Step], current: Step | None) -> None:
    """The window's state, and its dates, time zone and steps to change; the cards
    written at one's own pace, to moderate whichever step is current."""
    state = window.window_state(workshop)
    st.header(_("Self-paced window"), anchor=False)
    st.markdown(_status(state))
    chosen = [s for s in steps if window.in_window(s) and s.kind is not StepKind.CHECK_IN]
    if state.status is not window.WindowStatus.NOT_SET:
        if chosen:
            st.caption(
                _("Steps in the window: {steps}").format(
                    steps=", ".join(md_escape(_step_label(s)) for s in chosen)
                )
            )
        else:
            st.warning(_("No step is chosen: phones have nothing to answer at their own pace."))
    with st.expander(
        _("Change the window")
        if state.status is not window.WindowStatus.NOT_SET
        else _("Open a self-paced window"),
        expanded=False,
    ):
        if state.status is not window.WindowStatus.NOT_SET:
            # Asked twice: phones answering at their own pace stop at once. Above the
            # form: at the page's foot the popover would open past the screen's edge.
            with st.popover(_("Remove the window")):
                st.markdown(_("Remove the window? Phones stop taking answers at their own pace."))
                if st.button(_("Yes, remove the window"), type="primary", key="window_clear"):
                    for name in FIELDS:  # the form offers a new window's defaults again
                        st.session_state.pop(f"window_{name}_{workshop.id}", None)
                    apply_change(
                        lambda s: window.clear_window(
                            session=s, user=user, workshop_id=workshop.id
                        ),
                        _("The self-paced window is removed."),
                    )
        _form(user, workshop, steps, state)
    if state.status is not window.WindowStatus.NOT_SET:
        _moderation(user, workshop, steps, current)


def _moderation(
    user: AuthUser, workshop: Workshop, steps: list[Step], current: Step | None
) -> None:
    """Cards keep coming in the window while no step is current, or another one is: the
    facilitator hides or merges them here, step by step (as for the current step)."""
    shown = run_cards.card_step(current, steps) if current is not None else None
    card_steps = [
        s
        for s in steps
        if step_kinds.get(s.kind).writes_cards and window.in_window(s) and s != shown
    ]
    if not card_steps:
        return
    picked = st.selectbox(
        _("Moderate the cards of a step in the window"),
        [s.id for s in card_steps],
        index=None,
        format_func=lambda sid: _step_label(next(s for s in card_steps if s.id == sid)),
        placeholder=_("Choose a step"),
        key=f"window_cards_{workshop.id}",
    )
    if picked is not None:
        run_cards.moderation(user, workshop, next(s for s in card_steps if s.id == picked), steps)


def _status(state: window.WindowState) -> str:
    when = {
        "opens": i18n.format_datetime(state.opens_local),
        "closes": i18n.format_datetime(state.closes_local),
        "zone": state.timezone,
    }
    if state.status is window.WindowStatus.NOT_SET:
        return _(
            "None. People who cannot come can answer chosen steps at their own pace, "
            "before or after the session, in a window you open here."
        )
    if state.status is window.WindowStatus.UPCOMING:
        return _("Opens {opens}, until {closes} ({zone}).").format(**when)
    if state.status is window.WindowStatus.ENDED:
        return _("Ended {closes} ({zone}).").format(**when)
    if state.room_live:
        return _(
            "Open until {closes} ({zone}), but you are running a step: phones follow the "
            "room. The window takes answers again when no step is current or the "
            "workshop is closed."
        ).format(**when)
    return _(
        "**Open** until {closes} ({zone}): phones answer the chosen steps at their own pace."
    ).format(**when)


def _local(value: datetime | None, fallback: datetime) -> datetime:
    return value.replace(tzinfo=None) if value is not None else fallback


def _form(user: AuthUser, workshop: Workshop, steps: list[Step], state: window.WindowState) -> None:
    zones = window.timezone_choices()
    # The check-in is where every phone starts, not a step to choose.
    answerable = [
        s for s in steps if step_kinds.get(s.kind).takes_input and s.kind is not StepKind.CHECK_IN
    ]
    keys = {name: f"window_{name}_{workshop.id}" for name in FIELDS}
    if keys["open_day"] not in st.session_state:
        # The form's values, set once (and again after a save): keyed widgets keep what
        # a facilitator types even if the defaults move meanwhile (the quarter hour
        # passing, another facilitator's change), where unkeyed ones would be new
        # widgets at the submit, their typed values lost.
        # A new window is first offered from now (to the quarter hour before) for a week.
        now = datetime.now(window.zone(workshop.timezone)).replace(
            tzinfo=None, second=0, microsecond=0
        )
        now -= timedelta(minutes=now.minute % 15)
        opens = _local(state.opens_local, now)
        closes = _local(state.closes_local, now + timedelta(days=WINDOW_DAYS))
        st.session_state.update(
            {
                keys["zone"]: workshop.timezone if workshop.timezone in zones else zones[0],
                keys["open_day"]: opens.date(),
                keys["open_time"]: opens.time(),
                keys["close_day"]: closes.date(),
                keys["close_time"]: closes.time(),
                keys["steps"]: [s.id for s in answerable if s.self_paced],
            }
        )
    offered = {s.id for s in answerable}  # a step deleted meanwhile leaves the choice
    st.session_state[keys["steps"]] = [i for i in st.session_state[keys["steps"]] if i in offered]
    with st.form(f"window_{workshop.id}", enter_to_submit=False):
        zone = st.selectbox(_("Time zone"), zones, key=keys["zone"])
        c1, c2 = st.columns(2)
        open_day = c1.date_input(
            _("Opens on"), format=i18n.date_input_format(), key=keys["open_day"]
        )
        open_time = c2.time_input(
            _("Opening time"), step=timedelta(minutes=15), key=keys["open_time"]
        )
        c3, c4 = st.columns(2)
        close_day = c3.date_input(
            _("Closes on"), format=i18n.date_input_format(), key=keys["close_day"]
        )
        close_time = c4.time_input(
            _("Closing time"), step=timedelta(minutes=15), key=keys["close_time"]
        )
        chosen = st.multiselect(
            _("Steps open at one's own pace"),
            [s.id for s in answerable],
            format_func=lambda sid: _step_label(next(s for s in answerable if s.id == sid)),
            placeholder=_("Choose the steps"),
            key=keys["steps"],
        )
        if st.form_submit_button(_("Save the window"), type="primary"):
            if not chosen:
                st.error(_("Choose at least one step to open at one's own pace."))
                return

            def save(session) -> None:
                _save(
                    session,
                    user,
                    workshop.id,
                    datetime.combine(open_day, open_time),
                    datetime.combine(close_day, close_time),
                    zone,
                    chosen,
                )
                for key in keys.values():  # saved: drawn again from what is stored
                    st.session_state.pop(key, None)

            apply_change(save, _("The self-paced window is saved."))


FIELDS = ("zone", "open_day", "open_time", "close_day", "close_time", "steps")


def _save(session, user, workshop_id, opens, closes, zone, chosen) -> None:
    window.set_window(
        session=session,
        user=user,
        workshop_id=workshop_id,
        opens=opens,
        closes=closes,
        timezone=zone,
    )
    window.choose_steps(session=session, user=user, workshop_id=workshop_id, step_ids=chosen)


def _step_label(step: Step) -> str:
    return f"{step.position + 1}. {text_label(step.title)}"  # an option: plain text
