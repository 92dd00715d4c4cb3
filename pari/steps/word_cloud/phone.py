"""The word cloud on the phone: a field for one to three words, one's answers with
"Remove", and how many of one's answers are sent ("2 of 3 sent"). Once the facilitator
reveals the results the phone's page lists the top words above this (``ranks_results``:
``pages/participate.py`` draws a revealed ranking for every kind that has one)."""

from __future__ import annotations

import streamlit as st

from pari import steps, web
from pari.i18n import _
from pari.phone import ui
from pari.phone.view import PhoneView
from pari.steps.word_cloud import rules

# Taps a thumb finds at 390x844: the field and buttons at least 48 px high.
CSS = """<style>
.st-key-word_cloud_phone input { font-size: 1.2rem; min-height: 48px; }
.st-key-word_cloud_phone button { min-height: 48px; }
</style>"""


def draw(view: PhoneView) -> None:
    _words_fragment(view.step.id)


@st.fragment
def _words_fragment(step_id: int) -> None:
    step, is_open, view = ui.step_and_open(step_id)
    if step is None:
        st.info(_(ui.MOVED_ON))
        return
    limit = steps.config(step, view.workshop).max_answers
    with web.db() as session:
        mine = rules.my_words(session=session, participant_id=ui.pid(), step_id=step_id)
    st.html(CSS)
    with st.container(key="word_cloud_phone"):
        if is_open and len(mine) < limit:
            nonce = ui.nonce(f"word{step_id}")
            with st.form(f"word_{nonce}", border=True):
                st.text_input(
                    _("Your answer"),
                    key=f"word_text_{nonce}",
                    placeholder=_("One to three words"),
                )
                st.form_submit_button(
                    _("Send"),
                    type="primary",
                    width="stretch",
                    on_click=_send,
                    args=(step_id, nonce),
                )
        elif is_open:
            st.info(_("You have sent all your answers. Remove one to send another."))
        # Under the button that was tapped: on a phone, a message above it is off screen.
        ui.show_flash("words")
        st.subheader(_("{sent} of {limit} sent").format(sent=len(mine), limit=limit), anchor=False)
        if not mine:
            st.caption(_("You have not sent an answer yet."))
        for answer in mine:
            with st.container(border=True, horizontal=True, vertical_alignment="center"):
                st.text(answer.text, width="stretch")
                if is_open and answer.entered_by_user_id is None:
                    st.button(
                        _("Remove"),
                        key=f"word_remove_{answer.id}",
                        on_click=_remove,
                        args=(answer.id,),
                    )


def _send(step_id: int, nonce: str) -> None:
    text = st.session_state.get(f"word_text_{nonce}") or ""
    ok, result = ui.call(rules.send_word, step_id=step_id, text=text, client_nonce=nonce)
    if ok:
        ui.rotate(f"word{step_id}")  # a fresh, empty field; the text stays only on a refusal
        ui.flash("words", True, _("Your answer is sent."))
    else:
        ui.flash("words", False, result)


def _remove(answer_id: int) -> None:
    ok, result = ui.call(rules.remove_word, answer_id=answer_id)
    ui.flash("words", ok, _("Your answer is removed.") if ok else result)
