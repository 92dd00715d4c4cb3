"""The dot vote on the phone.

The cards are one element (``pari.vote_cards``: native rows cost a millisecond a
card on every run, and following the facilitator into a vote is 300 phones
rerunning at once). It sits in a fragment with nothing else, so a tap reruns
the fragment alone: the tap's callback stores the counts it asks for, the
fragment draws the element again from what the database now holds. The cards
themselves are read once per step version for all phones (``offered_cards``).
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from pari import i18n, vote_cards, web
from pari.i18n import _
from pari.phone import ui
from pari.phone.cards import OfferedCard, offered_cards, phone_order
from pari.phone.view import PhoneView
from pari.steps.dot_vote.rules import Dots, my_dots, set_dots

VOTE_KEY = "phone_vote"  # (step id, is open, Dots): this phone's vote as last read or written
VOTE_ACK_KEY = "phone_vote_ack"  # (step id, last tap seq answered, notice or None)
VOTE_ELEMENT_KEY = "vote_cards"


def _read_vote(step_id: int, view: PhoneView | None = None) -> tuple[bool, Dots | None]:
    """This phone's dots and whether the step is open, read now (one short read; the
    full run passes the view it has just read)."""
    try:
        with web.db() as session:
            if view is None:
                view = ui.read_view(session)
            step = view.step if view.step is not None and view.step.id == step_id else None
            if step is None:
                return False, None
            dots = my_dots(
                session=session, participant_id=ui.pid(), step=step, workshop=view.workshop
            )
    except ui.DB_BUSY:
        return False, None
    st.session_state[VOTE_KEY] = (step_id, view.is_open, dots)
    return view.is_open, dots


def _vote(step_id: int) -> tuple[bool, Dots | None]:
    """The vote as the last full run or tap left it, or read now."""
    kept = st.session_state.get(VOTE_KEY)
    if kept is not None and kept[0] == step_id:
        return kept[1], kept[2]
    return _read_vote(step_id)


def draw(view: PhoneView) -> None:
    step = view.step
    try:
        with web.db() as session:
            cards = offered_cards(
                session=session, step=step, stage_version=view.workshop.stage_version
            )
    except ui.DB_BUSY:
        st.warning(_(ui.BUSY))
        return
    _is_open, dots = _read_vote(step.id, view)
    if dots is not None and dots.cap < dots.budget:
        st.caption(_("At most {cap} dots on one card.").format(cap=dots.cap))
    if not cards:
        st.info(_("There are no cards to vote on yet."))
    else:
        _vote_cards(step.id, tuple(phone_order(cards, step=step, participant_id=ui.pid())))
    offered = {c.id for c in cards}
    stranded = [cid for cid in (dots.by_card if dots is not None else {}) if cid not in offered]
    if stranded:
        n = sum(dots.by_card[cid] for cid in stranded)
        st.warning(
            i18n.ngettext(
                "{n} of your dots is on a card the facilitator took off the wall.",
                "{n} of your dots are on cards the facilitator took off the wall.",
                n,
            ).format(n=n)
        )
        st.button(
            _("Take them back"), key="take_back_dots", on_click=_take_back, args=(step.id, stranded)
        )
    ui.show_flash("take_back")


def _acked(step_id: int) -> tuple[int, tuple[int | None, str] | None]:
    """The last tap seq this session answered on this step, and a notice not yet shown."""
    acked = st.session_state.get(VOTE_ACK_KEY)
    return (acked[1], acked[2]) if acked is not None and acked[0] == step_id else (0, None)


@st.fragment
def _vote_cards(step_id: int, cards: tuple[OfferedCard, ...]) -> None:
    is_open, dots = _vote(step_id)
    if dots is None:
        st.warning(_(ui.BUSY))
        return
    ack, notice = _acked(step_id)
    if notice is not None:  # said once, with the redraw that answers the tap
        st.session_state[VOTE_ACK_KEY] = (step_id, ack, None)
    data = vote_cards.vote_data(
        cards=cards,
        dots=dots,
        is_open=is_open,
        ack=ack,
        notice=notice,
    )
    if not is_open:
        # A closed vote has no dots "left": say what this person placed.
        data["text"]["left"] = [
            i18n.ngettext(
                "Voting is closed: you placed {n} dot.",
                "Voting is closed: you placed {n} dots.",
                dots.budget - left,
            ).format(n=dots.budget - left)
            for left in range(dots.budget + 1)
        ]
    vote_cards.mount(key=VOTE_ELEMENT_KEY, data=data, on_tap=partial(_on_tap, step_id))


def _on_tap(step_id: int) -> None:
    """Store what one tap asks for: each card's count, in its own short transaction."""
    taps = vote_cards.parse_taps(vote_cards.tap_value(VOTE_ELEMENT_KEY))
    last, _notice = _acked(step_id)
    if taps is None:
        st.session_state[VOTE_ACK_KEY] = (step_id, last, None)
        return
    _is_open, before = _vote(step_id)
    notice = None
    for card_id, count in vote_cards.ordered(taps, before):
        ok, result = ui.call(set_dots, step_id=step_id, card_id=card_id, dots=count)
        if not ok:
            notice = (card_id, result)
            if result != _(ui.BUSY):
                # Refused: read again, the step may have closed. A busy database changed
                # nothing, and reading again would only wait on the same lock.
                st.session_state.pop(VOTE_KEY, None)
            break
        st.session_state[VOTE_KEY] = (step_id, True, result)
    st.session_state[VOTE_ACK_KEY] = (step_id, max(last, taps.seq), notice)


def _take_back(step_id: int, card_ids: list[int]) -> None:
    for card_id in card_ids:
        ok, message = ui.call(set_dots, step_id=step_id, card_id=card_id, dots=0)
        if not ok:
            ui.flash("take_back", False, message)
            break
    st.session_state.pop(VOTE_KEY, None)
