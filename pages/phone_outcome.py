""" "What we decided" on a participant's own link after the workshop (issue 21, item 2):
the priorities as the local plan ranks them, the next steps, what became of the
person's own cards and their pledges with the follow-up coordinators record.

The data is ``pari.reporting.outcome``'s; everything a person wrote is drawn as plain
text (``st.text``), never as Markdown or HTML.
"""

from __future__ import annotations

import streamlit as st

from pari import i18n, web
from pari.i18n import _
from pari.labels import text_label
from pari.phone import ui
from pari.reporting.followup import status_label
from pari.reporting.outcome import CardFate, Outcome, OwnCard, OwnPledge, outcome
from pari.text import md_escape

TOP = 10  # the priorities a phone lists of each vote


@st.cache_data(ttl=300, max_entries=256, show_spinner=False)
def _outcome(participant_id: int, version: int) -> Outcome:
    """One person's outcome per workshop version (a follow-up moves it)."""
    del version  # cache key only
    with web.db() as session:
        return outcome(session=session, participant_id=participant_id)


def draw(version: int) -> None:
    """The whole outcome, under the phone's "Thank you!"."""
    try:
        result = _outcome(ui.pid(), version)
    except web.DB_BUSY:
        st.warning(_(ui.BUSY))
        return
    st.header(_("What we decided"), anchor=False)
    if not result.rankings and not result.next_steps and not result.cards and not result.pledges:
        st.info(
            _("The results of this workshop are not written up yet. Come back to this link later.")
        )
        return
    for ranking in result.rankings:
        st.subheader(md_escape(text_label(ranking.title)), anchor=False)
        lines = [
            i18n.ngettext(
                "{rank}. {text} · {dots} dot", "{rank}. {text} · {dots} dots", p.dots
            ).format(rank=p.rank, text=text_label(p.text), dots=p.dots)
            + (" · " + _("your card") if p.yours else "")
            for p in ranking.priorities[:TOP]
        ]
        st.text("\n".join(lines) or _("No answers yet"), width="stretch")
    if result.next_steps:
        st.subheader(_("Next steps"), anchor=False)
        st.text(result.next_steps, width="stretch")
    if result.cards:
        st.subheader(_("Your cards"), anchor=False)
        for card in result.cards:
            with st.container(border=True):
                st.text(card.text, width="stretch")
                st.caption(md_escape(_card_fate(card)))
    if result.pledges:
        st.subheader(_("Your pledges"), anchor=False)
        for pledge in result.pledges:
            with st.container(border=True):
                st.text(_pledge(pledge), width="stretch")


def _card_fate(card: OwnCard) -> str:
    if card.fate is CardFate.HIDDEN:
        return _("Taken off the wall by the facilitator.")
    parts = (
        [_("Merged into: “{text}”").format(text=card.merged_into)]
        if card.fate is CardFate.MERGED
        else [_("Kept on the wall")]
    )
    parts += [
        _("ranked #{rank} of {of} in “{vote}”").format(
            rank=r.rank, of=r.of, vote=text_label(r.title)
        )
        for r in card.ranks
    ]
    return " · ".join(parts)


def _pledge(pledge: OwnPledge) -> str:
    lines = [ui.pledge_line(pledge, {})]  # as the phone showed it: what, how much, by when
    status = _("Follow-up: {status}").format(status=status_label(pledge.status))
    if pledge.status_at is not None:
        status += " · " + i18n.format_date(pledge.status_at)
    lines.append(status)
    # Not the staff's note: written for the organisers, it may name people (as on the
    # public page); the status and its date are the pledger's.
    return "\n".join(lines)
