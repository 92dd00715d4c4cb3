"""Commitments on the phone: a pledge form (a card of the source step, or one's own
priority) and one's pledges standing, each to take back."""

from __future__ import annotations

from datetime import date

import streamlit as st

from pari import web
from pari.i18n import _
from pari.labels import COMMITMENT_KIND_LABELS, COMMITMENT_ROLE_LABELS
from pari.models import MAX_CARD_TEXT, CommitmentKind, CommitmentRole
from pari.phone import ui
from pari.phone.cards import step_cards
from pari.phone.view import PhoneView
from pari.steps.commitments import rules
from pari.text import shorten


def draw(view: PhoneView) -> None:
    _commitments_fragment(view.step.id)


@st.fragment
def _commitments_fragment(step_id: int) -> None:
    step, is_open, _view = ui.step_and_open(step_id)
    if step is None:
        st.info(_(ui.MOVED_ON))
        return
    with web.db() as session:
        cards = step_cards(session=session, step=step)
        pledges = rules.my_pledges(session=session, participant_id=ui.pid(), step_id=step_id)
    ui.show_flash("pledge")
    if is_open:
        _pledge_form(step_id, cards)
    st.subheader(_("Your pledges ({n})").format(n=len(pledges)), anchor=False)
    if not pledges:
        st.caption(_("You have not pledged anything yet."))
    texts = {c.id: c.text for c in cards}
    for pledge in pledges:
        with st.container(border=True):
            st.text(ui.pledge_line(pledge, texts), width="stretch")
            if is_open:
                st.button(
                    _("Take this pledge back"),
                    key=f"unpledge_{pledge.id}",
                    width="stretch",
                    on_click=_withdraw_pledge,
                    args=(pledge.id,),
                )


def _pledge_form(step_id: int, cards) -> None:
    nonce = ui.nonce(f"pledge{step_id}")
    with st.form(f"pledge_{nonce}", border=True):
        if cards:
            st.selectbox(
                _("Which priority?"),
                options=[c.id for c in cards],
                index=None,
                format_func={c.id: shorten(c.text, 80) for c in cards}.get,
                placeholder=_("Choose a priority"),
                key=f"pl_card_{nonce}",
            )
            label = _("… or write another priority")
        else:
            label = _("Which priority?")
        st.text_input(label, placeholder=ui.limit_hint(MAX_CARD_TEXT), key=f"pl_text_{nonce}")
        st.radio(
            _("Your role"),
            options=list(CommitmentRole),
            index=1,
            format_func=lambda r: _(COMMITMENT_ROLE_LABELS[r]),
            horizontal=True,
            key=f"pl_role_{nonce}",
        )
        st.radio(
            _("What do you offer?"),
            options=list(CommitmentKind),
            index=None,
            format_func=lambda k: _(COMMITMENT_KIND_LABELS[k]),
            horizontal=True,
            key=f"pl_kind_{nonce}",
        )
        st.text_area(
            _("What exactly?"),
            height=90,
            key=f"pl_what_{nonce}",
            placeholder=_("For example: two days a month to help with the accounts"),
        )
        st.number_input(
            _("How much? (optional)"),
            min_value=0.0,
            value=None,
            step=1.0,
            key=f"pl_amount_{nonce}",
        )
        st.text_input(
            _("Unit (optional)"),
            key=f"pl_unit_{nonce}",
            placeholder=_("hours, days, euros …"),
        )
        st.date_input(
            _("By when? (optional)"),
            value=None,
            min_value=date.today(),
            format="DD/MM/YYYY",
            key=f"pl_when_{nonce}",
        )
        st.form_submit_button(
            _("Add my pledge"),
            type="primary",
            width="stretch",
            on_click=_add_pledge,
            args=(step_id, nonce, bool(cards)),
        )


def _add_pledge(step_id: int, nonce: str, has_cards: bool) -> None:
    get = st.session_state.get
    card_id = get(f"pl_card_{nonce}") if has_cards else None
    text = (get(f"pl_text_{nonce}") or "").strip()
    if card_id is not None and text:
        ui.flash("pledge", False, _("Please either choose a priority or write one, not both."))
        return
    kind = get(f"pl_kind_{nonce}")
    if kind is None:
        ui.flash("pledge", False, _("Please choose what kind of help you offer."))
        return
    ok, result = ui.call(
        rules.pledge,
        step_id=step_id,
        contribution_id=card_id,
        priority_text=text,
        role=get(f"pl_role_{nonce}") or CommitmentRole.SUPPORTING,
        kind=kind,
        what=get(f"pl_what_{nonce}") or "",
        amount=get(f"pl_amount_{nonce}"),
        unit=get(f"pl_unit_{nonce}") or "",
        by_when=get(f"pl_when_{nonce}"),
        client_nonce=nonce,
    )
    if ok:
        ui.rotate(f"pledge{step_id}")
        ui.flash("pledge", True, _("Thank you! Your pledge is saved."))
    else:
        ui.flash("pledge", False, result)


def _withdraw_pledge(commitment_id: int) -> None:
    ok, result = ui.call(rules.withdraw_pledge, commitment_id=commitment_id)
    ui.flash("pledge", ok, _("Your pledge is taken back.") if ok else result)
