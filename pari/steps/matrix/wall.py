"""Matrix on screen: the cards placed on the two criteria, on the presenter screen
(``draw``) and on the local plan page (``plan_panel``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari.i18n import _
from pari.labels import text_label
from pari.steps.matrix.chart import matrix_bubbles
from pari.steps.matrix.report import MatrixSection
from pari.text import md_escape


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    chart(matrix_bubbles(frames["matrix"], config["criteria"], big=True))


def plan_panel(section: MatrixSection, *, chart: Callable) -> None:
    """The matrix's part of the local plan page (``report.MatrixSection``)."""
    st.subheader(md_escape(text_label(section.title)))
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
