"""Ideas chart: cards per category, stacked by group.

A Plotly figure from the kind's frames (``results.py``): no queries, no Streamlit;
stakeholder text escaped (``pari.charts.esc``), zero rows drawn as "No answers yet"."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pari import charts
from pari.i18n import _
from pari.labels import category_label
from pari.privacy import group_text


def category_bars(cards: pd.DataFrame, categories: list[str], *, big: bool = False) -> go.Figure:
    """Ideas: how many cards per category, stacked by group."""
    if cards.empty:
        return charts.empty(big=big)
    cats = [c for c in categories if c in set(cards.category)] + sorted(
        set(cards.category) - set(categories)
    )
    fig = go.Figure()
    for g in charts.groups_in(cards):
        part = cards[cards.group == g].groupby("category").size().reindex(cats, fill_value=0)
        fig.add_bar(
            x=[charts.esc(category_label(c, categories) if c else _("Other"), 30) for c in cats],
            y=part.values,
            name=group_text(g, short=True),
            marker=charts.group_marker(g),
            text=charts.segment_text(part.values),
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,  # upright, or left out when the segment is too narrow
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=_("Cards"), dtick=1 if len(cards) < 12 else None)
    return charts.layout(fig, big=big, height=charts.WALL_HEIGHT if big else 320)
