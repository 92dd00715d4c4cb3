"""Rating scale on screen: the distribution per statement with its mean, median and
"don't know", and each group's median with the agreement figure (presenter: ``draw``;
local plan page: ``plan_panel``)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari import steps
from pari.i18n import _
from pari.labels import text_label
from pari.models import StepKind
from pari.steps.rating import AGREE_LABELS, SCALE_AGREE
from pari.steps.rating.chart import AGREE_COLORS, distribution_chart, group_medians
from pari.steps.rating.report import AGREEMENT_NOTE, RatingSection
from pari.text import md_escape

# The agree scale's colour key on the wall: each colour as a large swatch with its answer
# beside it, dark text at the chart's size (24 px), wrapping on a narrow wall.
KEY_CSS = """<style>
.pari-rating-key { display: flex; flex-wrap: wrap; gap: 0 1.4rem; margin: 0 0 -0.9rem 10px;
  font-size: 24px; line-height: 1.15; color: #111111; }
.pari-rating-key span { display: inline-flex; align-items: center; gap: .45rem; }
.pari-rating-key i { display: inline-block; width: 26px; height: 26px; border-radius: 3px;
  border: 1px solid #777777; }
</style>"""

# px: the groups' medians under the distribution on a 1080p wall; a shorter wall shows
# the distribution alone (as the dot vote does with its agreement chart)
GROUPS_KEY = "pari_rating_groups"
SHORT_WALL_CSS = (
    f"<style>@media (max-height: 999px) {{ .st-key-{GROUPS_KEY} {{ display: none; }} }}</style>"
)


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    """The distribution per statement; under it, on a 1080p wall, each group's median
    and the agreement figure."""
    cfg = steps.get(StepKind.RATING).read(config, dot_budget=5)
    summary = frames.get("summary")
    if summary is None:
        return
    if cfg.scale == SCALE_AGREE and (summary.n.sum() + summary.dont_know.sum()) > 0:
        st.html(agree_key())
    chart(distribution_chart(summary, frames["counts"], cfg, big=True))
    if frames["groups"].empty or summary.n.sum() == 0:
        return
    st.html(SHORT_WALL_CSS)
    with st.container(key=GROUPS_KEY):
        chart(group_medians(summary, frames["groups"], cfg, big=True))


def plan_panel(section: RatingSection, *, chart: Callable) -> None:
    """The rating's part of the local plan page (``report.RatingSection``)."""
    st.subheader(md_escape(text_label(section.title)), anchor=False)
    if not section.rated():
        st.info(_("Nobody rated these statements."))
        return
    st.caption(_(AGREEMENT_NOTE))
    chart(distribution_chart(section.summary, section.counts, section.config))
    headers = [
        _("Statement"),
        _("Answers"),
        _("Mean"),
        _("Median"),
        _("Don't know"),
        _("Agreement"),
        _("Distribution"),
    ]
    st.dataframe(
        pd.DataFrame(section.table_rows(), columns=headers), hide_index=True, width="stretch"
    )
    st.markdown("**" + _("Each stakeholder group's median per statement") + "**")
    chart(group_medians(section.summary, section.groups, section.config))


def agree_key() -> str:
    """The colour key as HTML (answer labels escaped: translations are text too)."""
    items = "".join(
        f'<span><i style="background:{AGREE_COLORS[v]}"></i>{html.escape(_(label))}</span>'
        for v, label in AGREE_LABELS.items()
    )
    return KEY_CSS + f'<div class="pari-rating-key" data-testid="rating-key">{items}</div>'
