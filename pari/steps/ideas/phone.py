"""The ideas step on the phone: a card form, and one's own cards to change or take back."""

from __future__ import annotations

import streamlit as st

from pari import steps, web
from pari.i18n import _
from pari.labels import category_label
from pari.phone import ui
from pari.phone.view import PhoneView
from pari.steps.ideas import rules
from pari.text import md_escape


def draw(view: PhoneView) -> None:
    _ideas_fragment(view.step.id)


@st.fragment
def _ideas_fragment(step_id: int) -> None:
    step, is_open, _view = ui.step_and_open(step_id)
    if step is None:
        st.info(_(ui.MOVED_ON))
        return
    cats = list(steps.config(step).categories)
    if is_open:
        nonce = ui.nonce(f"card{step_id}")
        # The category of one's last card stays chosen: cards often come in a row.
        last = st.session_state.get(f"card_cat_last_{step_id}")
        with st.form(f"card_{nonce}", border=True):
            if cats:
                st.radio(
                    _("Category"),
                    options=cats,
                    index=cats.index(last) if last in cats else None,
                    format_func=lambda c: ui.category_option(c, cats),
                    key=f"card_cat_{nonce}",
                )
            st.text_area(
                _("Your idea (one idea per card)"),
                height=110,
                key=f"card_text_{nonce}",
                placeholder=_("Write here"),
            )
            st.form_submit_button(
                _("Add card"),
                type="primary",
                width="stretch",
                on_click=_add_card,
                args=(step_id, nonce, bool(cats)),
            )
    # Under the button that was tapped: on a phone, a message above the form is off screen.
    ui.show_flash("ideas")
    with web.db() as session:
        cards = rules.my_cards(session=session, participant_id=ui.pid(), step_id=step_id)
        merged = rules.merged_into(session=session, cards=cards)
    st.subheader(_("Your cards ({n})").format(n=len(cards)), anchor=False)
    if not cards:
        st.caption(_("You have not written a card yet."))
    for card in cards:
        with st.container(border=True):
            if card.category:
                st.caption(md_escape(category_label(card.category, cats)))
            st.text(card.text, width="stretch")
            if card.id in merged:
                st.caption(_("The facilitator merged this card into a card that says the same:"))
                st.text(merged[card.id], width="stretch")
            elif card.hidden:
                st.caption(_("The facilitator has hidden this card."))
            elif is_open:
                _edit_card(card, cats)


def _add_card(step_id: int, nonce: str, has_categories: bool) -> None:
    text = st.session_state.get(f"card_text_{nonce}") or ""
    category = st.session_state.get(f"card_cat_{nonce}") if has_categories else None
    ok, result = ui.call(
        rules.add_card,
        step_id=step_id,
        text=text,
        category=category,
        client_nonce=nonce,
    )
    if ok:
        ui.rotate(f"card{step_id}")  # a fresh, empty form; the text stays only on a refusal
        st.session_state[f"card_cat_last_{step_id}"] = category
        ui.flash("ideas", True, _("Your card is on the wall."))
    else:
        ui.flash("ideas", False, result)


def _edit_card(card, cats: list[str]) -> None:
    """Drawn only while open (as "My details"): a closed expander is one element on
    every run instead of a form and a button per card."""
    with st.expander(_("Change or take back"), key=f"edit_box_{card.id}", on_change="rerun") as box:
        if not box.open:
            return
        with st.form(f"edit_{card.id}", border=False):
            if cats:
                st.radio(
                    _("Category"),
                    options=cats,
                    index=cats.index(card.category) if card.category in cats else None,
                    format_func=lambda c: ui.category_option(c, cats),
                    key=f"edit_cat_{card.id}",
                )
            st.text_area(
                _("Your idea"),
                value=card.text,
                key=f"edit_text_{card.id}",
            )
            st.form_submit_button(
                _("Save"), width="stretch", on_click=_save_card, args=(card.id, bool(cats))
            )
        st.button(
            _("Take this card back"),
            key=f"withdraw_{card.id}",
            width="stretch",
            on_click=_withdraw_card,
            args=(card.id,),
        )


def _save_card(card_id: int, has_categories: bool) -> None:
    ok, result = ui.call(
        rules.edit_card,
        card_id=card_id,
        text=st.session_state.get(f"edit_text_{card_id}") or "",
        category=st.session_state.get(f"edit_cat_{card_id}") if has_categories else None,
    )
    ui.flash("ideas", ok, _("Your card is changed.") if ok else result)


def _withdraw_card(card_id: int) -> None:
    ok, result = ui.call(rules.withdraw_card, card_id=card_id)
    ui.flash("ideas", ok, _("Your card is taken back.") if ok else result)
