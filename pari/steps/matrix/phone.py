"""The matrix on the phone: each offered card scored 1 to 5 on the two criteria."""

from __future__ import annotations

import html

import streamlit as st

from pari import steps, web
from pari.i18n import _
from pari.labels import text_label
from pari.phone import ui
from pari.phone.cards import phone_order, step_cards
from pari.phone.view import PhoneView
from pari.steps.matrix import rules
from pari.text import shorten

LABEL_TEXT = 120  # how much of a card a screen reader hears with each criterion


def draw(view: PhoneView) -> None:
    _matrix_fragment(view.step.id)


@st.fragment
def _matrix_fragment(step_id: int) -> None:
    step, is_open, _view = ui.step_and_open(step_id)
    if step is None:
        st.info(_(ui.MOVED_ON))
        return
    cfg = steps.config(step)
    names = [text_label(c) for c in cfg.criteria]
    with web.db() as session:
        cards = phone_order(
            step_cards(session=session, step=step), step=step, participant_id=ui.pid()
        )
        mine = rules.my_scores(session=session, participant_id=ui.pid(), step_id=step_id)
    st.caption(_("1 = very low, 5 = very high. Your choice is saved when you tap."))
    if not cards:
        st.info(_("There are no cards to score yet."))
    passed = {cid for (cid, _criterion), value in mine.items() if value is None}
    done = sum(1 for c in cards if c.id in passed or ((c.id, 0) in mine and (c.id, 1) in mine))
    st.markdown(_("**{done} of {total}** cards scored").format(done=done, total=len(cards)))
    for card in cards:
        with st.container(border=True):
            st.text(card.text, width="stretch")
            if cfg.passes:
                st.checkbox(
                    _("I pass on this card"),
                    value=card.id in passed,
                    key=f"pass_{card.id}",
                    disabled=not is_open,
                    on_change=_save_pass,
                    args=(step_id, card.id),
                )
            if card.id in passed:
                ui.show_flash(f"score{card.id}")
                continue
            for criterion, name in enumerate(names):
                # Seen: the criterion's name. Heard: the criterion and the card it scores
                # (a screen reader takes the hidden label as written, not as Markdown).
                st.html(f'<p class="pari-criterion" aria-hidden="true">{html.escape(name)}</p>')
                st.segmented_control(
                    f"{name}: {shorten(card.text, LABEL_TEXT)}",
                    options=[1, 2, 3, 4, 5],
                    default=mine.get((card.id, criterion)),
                    key=f"score_{card.id}_{criterion}",
                    disabled=not is_open,
                    on_change=_save_score,
                    args=(step_id, card.id, criterion),
                    width="stretch",
                    label_visibility="collapsed",
                )
            ui.show_flash(f"score{card.id}")


def _save_score(step_id: int, card_id: int, criterion: int) -> None:
    value = st.session_state.get(f"score_{card_id}_{criterion}")
    ok, result = ui.call(
        rules.score, step_id=step_id, card_id=card_id, criterion=criterion, value=value
    )
    if not ok:
        ui.flash(f"score{card_id}", False, result)


def _save_pass(step_id: int, card_id: int) -> None:
    ok, result = ui.call(
        rules.pass_card,
        step_id=step_id,
        card_id=card_id,
        passing=st.session_state.get(f"pass_{card_id}"),
    )
    if not ok:
        ui.flash(f"score{card_id}", False, result)
