"""Assessment chart: the readiness radar, one line per group.

A Plotly figure from the kind's frames (``results.py``): no queries, no Streamlit;
stakeholder text escaped (``pari.charts.esc``), zero rows drawn as "No answers yet"."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pari import charts
from pari.i18n import _
from pari.labels import dimension_label
from pari.privacy import group_text

# px: the radar and its legend under it, on the wall (taller than the other charts: the
# legend takes two or three rows of the height)
RADAR_WALL_HEIGHT = 520


def assessment_radar(frame: pd.DataFrame, dimensions: list[str], *, big: bool = False) -> go.Figure:
    """Assessment: median 0-10 per dimension, one trace per group, everyone in black."""
    if frame.empty:
        return charts.empty(big=big)
    theta = [
        charts.wrap(dimension_label(d), 16, 3) if big else charts.esc(dimension_label(d), 32)
        for d in dimensions
    ]
    fig = go.Figure()
    groups = [g for g in charts.GROUP_ORDER if g in set(frame.group)] + ["*"]
    for g in groups:
        part = frame[frame.group == g].set_index("dimension").reindex(dimensions)
        if part["median"].isna().all():
            continue
        everyone = g == "*"
        fig.add_trace(
            go.Scatterpolar(
                r=[*part["median"], part["median"].iloc[0]],
                theta=[*theta, theta[0]],
                name=_("Everyone") if everyone else group_text(g, short=True),
                mode="lines+markers",
                line={
                    "color": charts.EVERYONE_COLOR if everyone else charts.group_color(g),
                    "width": 5 if everyone else 2,
                    "dash": "solid" if everyone else charts.GROUP_DASHES.get(g, "dot"),
                },
                marker={
                    "symbol": "circle" if everyone else charts.GROUP_SYMBOLS.get(g, "cross"),
                    "size": 9 if everyone else 8,
                },
                customdata=list(zip(part.q1, part.q3, part.n, strict=True)),
                hovertemplate="%{theta}: %{r} "
                "(%{customdata[0]}–%{customdata[1]}, n=%{customdata[2]})<extra></extra>",
                connectgaps=True,
            )
        )
    # The scale between the first two dimensions, clear of their names.
    radial = {"range": [0, 10], "dtick": 5 if big else 2, "angle": 180 / len(dimensions)}
    fig.update_layout(polar={"radialaxis": radial})
    charts.layout(fig, big=big, height=RADAR_WALL_HEIGHT if big else 460)
    # Below the radar, whose dimension names need the room on every side of it (beside
    # it on a 1280x720 wall the legend covers the names on the right; above it, the top
    # one). On the wall in rows across the whole figure.
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0.5, "xanchor": "center"}
        if big
        else {"yanchor": "top", "y": -0.05}
    )
    if big:
        fig.update_layout(margin={"l": 40, "r": 40, "t": 60, "b": 20})
    return fig
