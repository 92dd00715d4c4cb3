"""The assessment on the phone: a 0-10 slider and "I don't know" per dimension, each
saved as it is let go."""

from __future__ import annotations

import streamlit as st

from pari import steps, web
from pari.i18n import _
from pari.labels import dimension_label
from pari.phone import ui
from pari.phone.view import PhoneView
from pari.steps.assessment import rules
from pari.text import md_escape

NOT_YET = "–"


def draw(view: PhoneView) -> None:
    _assessment_fragment(view.step.id)


@st.fragment
def _assessment_fragment(step_id: int) -> None:
    step, is_open, _view = ui.step_and_open(step_id)
    if step is None:
        st.info(_(ui.MOVED_ON))
        return
    with web.db() as session:
        mine = rules.my_ratings(session=session, participant_id=ui.pid(), step_id=step_id)
    keys = list(steps.config(step).dimensions)
    st.caption(_("0 = not at all, 10 = fully. Your answer is saved when you let go of the slider."))
    st.markdown(
        _("**{done} of {total}** answered").format(
            done=sum(1 for k in keys if k in mine), total=len(keys)
        )
    )
    for index, key in enumerate(keys):
        with st.container(border=True):
            st.markdown("**" + md_escape(dimension_label(key)) + "**")
            dont_know = key in mine and mine[key] is None
            value = mine.get(key)
            st.select_slider(
                # A screen reader names the slider by this, as written (not Markdown).
                dimension_label(key),
                options=[NOT_YET, *range(11)],
                value=NOT_YET if value is None else value,
                key=f"rate_{step_id}_{index}",
                disabled=not is_open or dont_know,
                on_change=_save_rating,
                args=(step_id, index, key),
                label_visibility="collapsed",
            )
            st.toggle(
                _("I don't know"),
                value=dont_know,
                key=f"dk_{step_id}_{index}",
                disabled=not is_open,
                on_change=_save_dont_know,
                args=(step_id, index, key),
            )
            if key not in mine:
                st.caption(_("Not answered yet"))
            elif dont_know:
                st.caption(_("Saved: I don't know"))
            else:
                st.caption(_("Saved: {value}").format(value=value))
            ui.show_flash(f"rate{index}")


def _save_rating(step_id: int, index: int, key: str) -> None:
    value = st.session_state.get(f"rate_{step_id}_{index}")
    if value == NOT_YET:
        return
    ok, result = ui.call(rules.rate, step_id=step_id, ratings={key: value})
    if not ok:
        ui.flash(f"rate{index}", False, result)


def _save_dont_know(step_id: int, index: int, key: str) -> None:
    if st.session_state.get(f"dk_{step_id}_{index}"):
        ok, result = ui.call(rules.rate, step_id=step_id, ratings={key: None})
    else:
        value = st.session_state.get(f"rate_{step_id}_{index}")
        if value == NOT_YET:
            value = 5
            st.session_state[f"rate_{step_id}_{index}"] = value
        ok, result = ui.call(rules.rate, step_id=step_id, ratings={key: value})
    if not ok:
        ui.flash(f"rate{index}", False, result)
