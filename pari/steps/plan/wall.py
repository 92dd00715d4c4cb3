"""The local plan on the presenter screen: the priorities and the pledges so far."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari.i18n import _, format_date
from pari.labels import COMMITMENT_KIND_LABELS, COMMITMENT_ROLE_LABELS, group_label
from pari.models import CommitmentKind, CommitmentRole


def _e(text: str) -> str:
    return html.escape(text or "", quote=False)


def _date(value) -> str:
    """A pledge's date in the reader's locale (frames may carry a date, a string or NaT)."""
    if isinstance(value, str) and value:
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date(value) if value else ""


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    del config, chart
    priorities = frames["priorities"]
    pledges = frames["pledges"]
    left, right = st.columns(2, gap="large")
    with left:
        items = "".join(
            f"<li>{_e(t)} · <b>{d}</b></li>"
            for t, d in zip(priorities.text, priorities.dots, strict=True)
        )
        st.html(
            f'<div class="pari-plan"><p class="pari-kicker">{_e(_("Priorities"))}</p>'
            f"<ol>{items or '<li>–</li>'}</ol></div>"
        )
    with right:
        rows = "".join(
            "<li>"
            + _e(
                f"{p.priority}: {p.what} ({_(COMMITMENT_ROLE_LABELS[CommitmentRole(p.role)])}, "
                f"{_(COMMITMENT_KIND_LABELS[CommitmentKind(p.kind)])}, "
                f"{group_label(p.group or None, short=True)}"
                + (f", {_date(p.by_when)}" if _date(p.by_when) else "")
                + ")"
            )
            + "</li>"
            for p in pledges.itertuples()
        )
        st.html(
            f'<div class="pari-plan"><p class="pari-kicker">{_e(_("Commitments"))}</p>'
            f"<ul>{rows or '<li>–</li>'}</ul></div>"
        )
