"""Dot vote on screen: dots per card and where the groups agree on the presenter screen
(``draw``), its priorities on the local plan page (``plan_panel``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari.i18n import _, format_number
from pari.labels import text_label
from pari.privacy import group_text
from pari.steps.dot_vote.chart import agreement_dots, agreement_text, dot_bars
from pari.steps.dot_vote.report import VoteSection
from pari.steps.dot_vote.results import group_shares
from pari.text import md_escape

# px: the agreement under the ranking (charts.WALL_HEIGHT) on a 1080p wall; a shorter
# wall shows the ranking alone
AGREEMENT_HEIGHT = 360
AGREEMENT_KEY = "pari_agreement"
SHORT_WALL_CSS = (
    f"<style>@media (max-height: 999px) {{ .st-key-{AGREEMENT_KEY} {{ display: none; }} }}</style>"
)


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    """The dots per card, and where the groups agree unless a top-N reveal is under way
    (its frames hold only the ranks shown, led by their rank: ``pari.reveal``)."""
    del config
    ranking = dot_bars(frames["tally"], big=True)
    if "agreement" not in frames or frames["agreement"].empty:
        chart(ranking)
        return
    # Where stakeholder groups converge and where they diverge (DESIGN section 2), under
    # the ranking at full width (side by side, labels and legends crowd each other out);
    # the agreement a little lower so both fit a 1080p wall, and on a shorter wall the
    # ranking alone.
    agreement = agreement_dots(group_shares(frames["tally"]), frames["agreement"], big=True)
    agreement.update_layout(height=AGREEMENT_HEIGHT)
    chart(ranking)
    st.html(SHORT_WALL_CSS)
    with st.container(key=AGREEMENT_KEY):
        chart(agreement)


def plan_panel(section: VoteSection, *, chart: Callable) -> None:
    """The vote's part of the local plan page (``report.VoteSection``)."""
    st.subheader(_("Priorities") + ": " + md_escape(text_label(section.title)), anchor=False)
    if section.agreement.empty:
        st.info(_("Nobody voted in this step."))
        return
    st.caption(
        _(
            "Agreement: 100% when every stakeholder group gave the card the same share of "
            "its dots, 0% when one group alone backed it; “–” when fewer than two groups "
            "voted."
        )
    )
    st.dataframe(priorities_table(section), hide_index=True, width="stretch")
    left, right = st.columns(2)
    with left:
        st.markdown("**" + _("Dots by stakeholder group") + "**")
        chart(dot_bars(section.tally))
    with right:
        st.markdown("**" + _("Where the groups converge") + "**")
        chart(agreement_dots(section.shares, section.agreement))


def priorities_table(section: VoteSection) -> pd.DataFrame:
    frame = section.agreement
    table = {
        _("Priority"): frame.text,
        _("Dots"): frame.dots.astype(int),
        _("Groups"): [
            f"{int(g)}/{int(n)}" for g, n in zip(frame.groups, frame.groups_voting, strict=True)
        ],
        _("Agreement"): [agreement_text(a) for a in frame.agreement],
        _("Most support from"): [
            group_text(g, short=True) if g else "–" for g in frame.keenest_group
        ],
    }
    if frame.x.notna().any():
        table[_("Matrix position")] = [
            "" if pd.isna(x) else f"{format_number(x, 1)} · {format_number(y, 1)}"
            for x, y in zip(frame.x, frame.y, strict=True)
        ]
    return pd.DataFrame(table)
