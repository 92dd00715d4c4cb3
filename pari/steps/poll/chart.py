"""Poll chart: answers per option, stacked by group.

A Plotly figure from the kind's frames (``results.py``): no queries, no Streamlit;
stakeholder text escaped (``pari.charts.esc``), zero rows drawn as "No answers yet"."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pari import charts
from pari.i18n import _
from pari.privacy import group_text


def poll_bars(frame: pd.DataFrame, options: list[str], *, big: bool = False) -> go.Figure:
    """Poll: answers per option, stacked by group."""
    if frame.empty:
        return charts.empty(big=big)
    labels = [charts.esc(_(o), 30 if big else 40) for o in options]
    fig = go.Figure()
    for g in charts.groups_in(frame):
        part = (
            frame[frame.group == g]
            .groupby("option")
            .answers.sum()
            .reindex(range(len(options)), fill_value=0)
        )
        fig.add_bar(
            y=labels,
            x=part.values,
            orientation="h",
            name=group_text(g, short=True),
            marker=charts.group_marker(g),
            text=charts.segment_text(part.values),
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,  # upright, or left out when the segment is too narrow
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=_("Answers"), dtick=1 if frame.answers.sum() < 12 else None)
    # A poll has a few options (the editor's limit): all of them fit the wall.
    return charts.layout(fig, big=big, height=charts.WALL_HEIGHT if big else None)
