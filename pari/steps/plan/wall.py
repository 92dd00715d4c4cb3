"""The local plan on the presenter screen: the priorities and the pledges so far."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari import charts
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


# What fits under the step's title, each item clamped to two lines: on a screen 1000 px
# high or more (1920x1080), and on a shorter one (1280x720); the rest is counted.
ITEMS_TALL = 6
ITEMS_SHORT = 3
CSS = """<style>
.pari-plan li { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2;
  line-clamp: 2; overflow: hidden; }
.pari-plan .pari-more-short { display: none; }
@media (max-height: 999px) {
  .pari-plan .pari-older, .pari-plan .pari-more-tall { display: none; }
  .pari-plan .pari-more-short { display: block; }
}
</style>"""


def _bounded(kicker: str, tag: str, items: list[str]) -> str:
    """A titled list of at most ITEMS_TALL items (ITEMS_SHORT on a short screen), each
    already escaped, with the count of what is left out."""
    older = ' class="pari-older"'
    lis = (
        "".join(
            f"<li{older if i >= ITEMS_SHORT else ''}>{item}</li>"
            for i, item in enumerate(items[:ITEMS_TALL])
        )
        or "<li>–</li>"
    )
    more = "".join(
        f'<p class="pari-more {cls}">{_e(charts.not_shown(len(items) - n))}</p>'
        for n, cls in ((ITEMS_TALL, "pari-more-tall"), (ITEMS_SHORT, "pari-more-short"))
        if len(items) > n
    )
    return (
        f'<div class="pari-plan"><p class="pari-kicker">{_e(kicker)}</p>'
        f"<{tag}>{lis}</{tag}>{more}</div>"
    )


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    del config, chart
    priorities = frames["priorities"]
    pledges = frames["pledges"]
    st.html(CSS)
    left, right = st.columns(2, gap="large")
    with left:
        items = [
            f"{_e(t)} · <b>{d}</b>" for t, d in zip(priorities.text, priorities.dots, strict=True)
        ]
        st.html(_bounded(_("Priorities"), "ol", items))
    with right:
        newest_first = list(pledges.itertuples())[::-1]
        rows = [
            _e(
                f"{p.priority}: {p.what} ({_(COMMITMENT_ROLE_LABELS[CommitmentRole(p.role)])}, "
                f"{_(COMMITMENT_KIND_LABELS[CommitmentKind(p.kind)])}, "
                f"{group_label(p.group or None, short=True)}"
                + (f", {_date(p.by_when)}" if _date(p.by_when) else "")
                + ")"
            )
            for p in newest_first
        ]
        st.html(_bounded(_("Commitments"), "ul", rows))
