"""Poll on screen: answers per option, on the presenter screen (``draw``) and on the
local plan page (``plan_panel``)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari.charts import not_shown
from pari.i18n import _, ngettext
from pari.labels import text_label
from pari.reveal import rank_frame
from pari.steps.poll.chart import poll_bars
from pari.steps.poll.report import PollSection
from pari.text import md_escape

OTHER_SHOWN = 4  # written "Other" answers beside the chart: the newest, so the wall fits


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    """The answers per option; in a top-N reveal only the ranks shown (``pari.reveal``);
    beside them the newest answers written for "Other", if any."""
    frame = frames["poll"]
    if "rank" in frame.columns:
        figure = poll_bars(*rank_frame(frame), big=True)
    else:
        figure = poll_bars(frame, config["options"], big=True)
    said = frames.get("no_opinion")
    if said is not None and not said.empty:
        n = int(said.answers.sum())
        said_text = ngettext("{n} with no opinion", "{n} with no opinion", n).format(n=n)
        # As large as the wall's other lines: read from the back of the room.
        st.html(f'<p class="pari-state">{html.escape(said_text, quote=False)}</p>')
    other = frames.get("other")
    if other is None or other.empty:
        chart(figure)
        return
    left, right = st.columns([2, 1], gap="medium")
    with left:
        chart(figure)
    with right:
        st.markdown(_("**In their own words**"))
        for text in list(other["text"])[-OTHER_SHOWN:]:
            st.text(text, width="stretch")
        if len(other) > OTHER_SHOWN:
            st.caption(not_shown(len(other) - OTHER_SHOWN))


def plan_panel(section: PollSection, *, chart: Callable) -> None:
    """The poll's part of the local plan page (``report.PollSection``)."""
    st.subheader(md_escape(text_label(section.title)), anchor=False)
    if section.frame.empty:
        st.info(_("Nobody answered this poll."))
        return
    chart(poll_bars(section.frame, [text_label(o) for o in section.options]))
