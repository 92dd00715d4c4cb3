"""Commitments on the presenter screen: pledges by group, and priorities with no lead."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari.i18n import _
from pari.steps.commitments.chart import commitments_sunburst


def _e(text: str) -> str:
    return html.escape(text or "", quote=False)


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    del config
    chart(commitments_sunburst(frames["pledges"], big=True))
    no_lead = frames["no_lead"]
    if not no_lead.empty:
        items = "".join(f"<li>{_e(t)}</li>" for t in no_lead.priority)
        st.html(
            f'<div class="pari-plan"><p class="pari-prompt">⚠ '
            f"{_e(_('Priorities with no lead yet'))}</p><ul>{items}</ul></div>"
        )
