"""Ideas on the presenter screen: the card wall, one column per category."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari import charts
from pari.i18n import _
from pari.labels import category_label

MAX_CARDS_PER_CATEGORY = 24


def _e(text: str) -> str:
    return html.escape(text or "", quote=False)


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    del chart
    cards = frames["cards"]
    if cards.empty:
        st.html(f'<p class="pari-note">{_e(_("No cards yet."))}</p>')
        return
    # Every category of the step has its column, so the wall does not jump as cards arrive.
    present = list(dict.fromkeys(config.get("categories", [])))
    present += sorted(set(cards.category) - set(present))
    columns = st.columns(max(1, min(len(present), 4)), gap="medium")
    for i, category in enumerate(present):
        part = cards[cards.category == category]
        name = category_label(category, present) if category else _("Cards")
        boxes = "".join(
            f'<div class="pari-card" style="border-left-color:{charts.group_color(g)}">'
            f"{_e(t)}</div>"
            for t, g in zip(
                part.text.tail(MAX_CARDS_PER_CATEGORY),
                part.group.tail(MAX_CARDS_PER_CATEGORY),
                strict=True,
            )
        )
        with columns[i % len(columns)]:
            st.html(f'<div class="pari-cat">{_e(name)} ({len(part)})</div>{boxes}')
