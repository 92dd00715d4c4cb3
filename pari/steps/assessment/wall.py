"""Assessment on screen: the readiness radar, on the presenter screen (``draw``) and on
the local plan page (``plan_panel``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari.i18n import _
from pari.labels import text_label
from pari.steps.assessment.chart import assessment_radar
from pari.steps.assessment.report import AssessmentSection
from pari.text import md_escape


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    chart(assessment_radar(frames["assessment"], config["dimensions"], big=True))


def plan_panel(section: AssessmentSection, *, chart: Callable) -> None:
    """The assessment's part of the local plan page (``report.AssessmentSection``)."""
    st.subheader(_("Readiness") + ": " + md_escape(text_label(section.title)), anchor=False)
    if section.frame.empty:
        st.info(_("Nobody rated the readiness dimensions."))
        return
    chart(assessment_radar(section.frame, section.dimensions))
