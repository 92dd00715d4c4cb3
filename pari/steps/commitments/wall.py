"""Commitments on the presenter screen: pledges per priority, the newest pledges, and
the priorities with no lead, each bounded so the panel fits the wall."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari import charts
from pari.i18n import _
from pari.labels import COMMITMENT_KIND_LABELS, COMMITMENT_ROLE_LABELS
from pari.models import CommitmentKind, CommitmentRole
from pari.steps.commitments.chart import pledges_by_priority

# The newest pledges shown beside the chart: on a screen 1000 px high or more
# (1920x1080), and on a shorter one (1280x720); a media query picks the count.
PLEDGES_TALL = 5
PLEDGES_SHORT = 3
OLDER = ' class="pari-older"'  # hidden on a short screen
CSS = """<style>
.pari-pledges { list-style: none; margin: 0; padding: 0; }
.pari-pledges li { font-size: 1.5rem; line-height: 1.25; color: #111; margin: 0 0 .5rem 0;
  border-left: 6px solid #1B6B3A; padding-left: .6rem; display: -webkit-box;
  -webkit-box-orient: vertical; -webkit-line-clamp: 2; line-clamp: 2; overflow: hidden; }
.pari-pledges-more { font-size: 1.4rem; color: #333; margin: 0; }
.pari-no-lead { font-size: 1.5rem; line-height: 1.3; color: #111; margin: .4rem 0 0 0;
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; line-clamp: 2;
  overflow: hidden; }
.pari-no-lead b { color: #B00020; }
.pari-pledges-short { display: none; }
@media (max-height: 999px) {
  .pari-no-lead { -webkit-line-clamp: 1; line-clamp: 1; }
  .pari-pledges .pari-older, .pari-pledges-tall { display: none; }
  .pari-pledges-short { display: block; }
}
</style>"""


def _e(text: str) -> str:
    return html.escape(text or "", quote=False)


def _more(hidden: int, cls: str) -> str:
    if hidden <= 0:
        return ""
    return f'<p class="pari-pledges-more {cls}">{_e(charts.not_shown(hidden))}</p>'


def _pledges(pledges: pd.DataFrame) -> str:
    """The newest pledges, as the room says them: priority, what, kind and role."""
    newest = pledges.iloc[::-1].head(PLEDGES_TALL)
    items = "".join(
        f"<li{OLDER if i >= PLEDGES_SHORT else ''}><b>{_e(p.priority)}</b>: "
        f"{_e(p.what)} ({_e(_(COMMITMENT_KIND_LABELS[CommitmentKind(p.kind)]))}, "
        f"{_e(_(COMMITMENT_ROLE_LABELS[CommitmentRole(p.role)]))})</li>"
        for i, p in enumerate(newest.itertuples())
    )
    return (
        f'<ul class="pari-pledges">{items}</ul>'
        f"{_more(len(pledges) - PLEDGES_TALL, 'pari-pledges-tall')}"
        f"{_more(len(pledges) - PLEDGES_SHORT, 'pari-pledges-short')}"
    )


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    del config
    pledges = frames["pledges"]
    left, right = st.columns([2, 1], gap="medium")  # the chart's names, bars and legend
    with left:
        chart(pledges_by_priority(pledges, big=True))
    style = CSS  # once on the page
    if not pledges.empty:
        with right:
            st.html(style + _pledges(pledges))
        style = ""
    no_lead = frames["no_lead"]
    if not no_lead.empty:
        # One or two lines, whatever their number: the run page lists them all.
        names = " · ".join(_e(t) for t in no_lead.priority)
        st.html(
            f'{style}<p class="pari-no-lead"><b>⚠ {_e(_("Priorities with no lead yet"))} '
            f"({len(no_lead)}):</b> {names}</p>"
        )
