"""The poll on the phone: one answer (a radio) or several (checkboxes), and a field for
one's own words where the last option is "Other", sent as a form."""

from __future__ import annotations

import streamlit as st

from pari import steps, web
from pari.i18n import _
from pari.labels import text_label
from pari.phone import ui
from pari.phone.view import PhoneView
from pari.steps.poll import NO_OPINION, NO_OPINION_TEXT, rules
from pari.text import md_escape


def draw(view: PhoneView) -> None:
    step = view.step
    cfg = steps.config(step)
    options = list(cfg.options)
    with web.db() as session:
        mine = rules.my_poll_answer(session=session, participant_id=ui.pid(), step_id=step.id)
        written = rules.my_other_text(session=session, participant_id=ui.pid(), step_id=step.id)
    flashed = ui.show_flash("poll")
    if not options:
        st.info(_("This poll has no answers to choose from yet."))
        return
    multiple, other = cfg.multiple, cfg.other_option
    # "No opinion" after the options, where the step offers it (counted apart).
    choices = [*range(len(options)), *([NO_OPINION] if cfg.no_opinion else [])]

    def label(i: int) -> str:
        return _(NO_OPINION_TEXT) if i == NO_OPINION else md_escape(text_label(options[i]))

    with st.form(f"poll_{step.id}", border=False):
        if multiple:
            st.markdown(_("Choose one or more answers."))
            chosen = [
                i
                for i in choices
                if st.checkbox(
                    label(i),
                    value=i in mine,
                    key=f"poll_{step.id}_{i}",
                    disabled=not view.is_open,
                )
            ]
        else:
            pick = st.radio(
                _("Choose one answer"),
                options=choices,
                index=choices.index(mine[0]) if mine and mine[0] in choices else None,
                format_func=label,
                key=f"poll_{step.id}",
                disabled=not view.is_open,
            )
            chosen = [] if pick is None else [pick]
        other_text = (
            st.text_input(
                _("If “{option}”: your answer").format(
                    option=md_escape(text_label(options[other]))
                ),
                value=written,
                key=f"poll_{step.id}_other",
                placeholder=ui.limit_hint(rules.MAX_OTHER),
                disabled=not view.is_open,
            )
            if other is not None
            else ""
        )
        submitted = st.form_submit_button(
            _("Send my answer"), type="primary", width="stretch", disabled=not view.is_open
        )
    if submitted:
        if not chosen:
            st.error(_("Please choose an answer first."))
            return
        if other_text.strip() and other not in chosen:
            st.error(
                _("Choose “{option}” to send your own answer.").format(
                    option=md_escape(text_label(options[other]))
                )
            )
            return
        ok, result = ui.call(
            rules.answer_poll, step_id=step.id, options=chosen, other_text=other_text
        )
        ui.flash("poll", ok, _("Your answer is saved. You can still change it.") if ok else result)
        st.rerun()
    elif mine and not flashed:
        st.caption(_("Your answer is saved. You can still change it."))
