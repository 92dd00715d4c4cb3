"""Rating scale on screen: the distribution per statement with its mean, median and
"don't know", and each group's median with the agreement figure (presenter: ``draw``;
local plan page: ``plan_panel``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari import steps
from pari.i18n import _
from pari.labels import text_label
from pari.models import StepKind
from pari.steps.rating.chart import distribution_chart, group_medians
from pari.steps.rating.report import AGREEMENT_NOTE, RatingSection
from pari.text import md_escape

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
    chart(distribution_chart(summary, frames["counts"], cfg, big=True))
    if frames["groups"].empty or summary.n.sum() == 0:
        return
    st.html(SHORT_WALL_CSS)
    with st.container(key=GROUPS_KEY):
        chart(group_medians(summary, frames["groups"], cfg, big=True))


def plan_panel(section: RatingSection, *, chart: Callable) -> None:
    """The rating's part of the local plan page (``report.RatingSection``)."""
    st.subheader(md_escape(text_label(section.title)))
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
