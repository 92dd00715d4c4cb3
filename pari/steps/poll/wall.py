"""Poll on screen: answers per option, on the presenter screen (``draw``) and on the
local plan page (``plan_panel``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari.i18n import _
from pari.labels import text_label
from pari.steps.poll.chart import poll_bars
from pari.steps.poll.report import PollSection
from pari.text import md_escape


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    chart(poll_bars(frames["poll"], config["options"], big=True))


def plan_panel(section: PollSection, *, chart: Callable) -> None:
    """The poll's part of the local plan page (``report.PollSection``)."""
    st.subheader(md_escape(text_label(section.title)))
    if section.frame.empty:
        st.info(_("Nobody answered this poll."))
        return
    chart(poll_bars(section.frame, [text_label(o) for o in section.options]))
