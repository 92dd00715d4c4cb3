"""Matrix on screen: the cards placed on the two criteria, on the presenter screen
(``draw``) and on the local plan page (``plan_panel``)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari import charts
from pari.i18n import _
from pari.labels import text_label
from pari.steps.matrix.chart import labelled, matrix_bubbles, ranked
from pari.steps.matrix.report import MatrixSection, passed_text
from pari.text import md_escape

# The key beside the wall's chart: each numbered bubble's card, at most two lines (one
# on a screen under 1000 px high, such as 1280x720).
KEY_CSS = """<style>
.pari-key { font-size: 1.5rem; line-height: 1.25; color: #111; margin: 0; padding-left: 2.2rem; }
.pari-key li { margin: 0 0 .35rem 0; }
.pari-key li span { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2;
  line-clamp: 2; overflow: hidden; }
.pari-key-more { font-size: 1.4rem; color: #333; }
@media (max-height: 999px) {
  .pari-key { font-size: 1.3rem; }
  .pari-key li span { -webkit-line-clamp: 1; line-clamp: 1; }
}
</style>"""


def _e(text: str) -> str:
    return html.escape(text or "", quote=False)


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    frame = frames["matrix"]
    said = frames.get("passes")
    if said is not None and not said.empty:
        # As large as the wall's other lines: read from the back of the room.
        st.html(f'<p class="pari-state">{_e(passed_text(int(said.passes.sum())))}</p>')
    # The chart two thirds of the width: its four corners are named by the criteria.
    left, right = st.columns([2, 1], gap="medium")
    with left:
        chart(matrix_bubbles(frame, config["criteria"], big=True))
    if frame.empty:
        return
    cards = ranked(frame)
    marks = labelled(cards, big=True)
    items = "".join(f"<li><span>{_e(cards.text[i])}</span></li>" for i in marks)
    hidden = len(cards) - len(marks)
    more = f'<p class="pari-key-more">{_e(charts.not_shown(hidden))}</p>' if hidden else ""
    with right:
        st.html(f'{KEY_CSS}<ol class="pari-key">{items}</ol>{more}')


def plan_panel(section: MatrixSection, *, chart: Callable) -> None:
    """The matrix's part of the local plan page (``report.MatrixSection``)."""
    st.subheader(md_escape(text_label(section.title)), anchor=False)
    if section.passed():
        st.caption(section.passed())
    if section.frame.empty:
        st.info(_("Nobody scored in this step."))
        return
    frame = section.frame
    criteria = [text_label(c) for c in section.criteria]
    left, right = st.columns([3, 2])
    with left:
        chart(matrix_bubbles(frame, criteria))
    with right:
        st.dataframe(
            pd.DataFrame(
                {
                    _("Card"): frame.text,
                    criteria[0]: frame.x.round(1),
                    criteria[1]: frame.y.round(1),
                    _("Raters"): frame.raters,
                }
            ),
            hide_index=True,
            width="stretch",
        )
