"""Matrix chart: each card's mean position on the two criteria.

A Plotly figure from the kind's frames (``results.py``): no queries, no Streamlit;
stakeholder text escaped (``pari.charts.esc``), zero rows drawn as "No answers yet"."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pari import charts
from pari.i18n import _


def matrix_bubbles(frame: pd.DataFrame, criteria: list[str], *, big: bool = False) -> go.Figure:
    """Matrix: mean position per card on two criteria (1-5), size = raters, bars = spread."""
    x_name, y_name = (charts.esc(_(c)) for c in [*criteria, "", ""][:2])
    if frame.empty:
        fig = charts.empty(big=big)
        return fig
    sizes = frame.raters.astype(float)
    fig = go.Figure(
        go.Scatter(
            x=frame.x,
            y=frame.y,
            mode="markers+text",
            text=[charts.esc(t, 28) for t in frame.text],
            textposition="top center",
            customdata=list(
                zip(frame.raters, [charts.esc(t, 200) for t in frame.text], strict=True)
            ),
            hovertemplate="%{customdata[1]}<br>"
            + x_name
            + " %{x:.1f} · "
            + y_name
            + " %{y:.1f} · n=%{customdata[0]}<extra></extra>",
            error_x={"type": "data", "array": frame.x_sd, "thickness": 1, "color": "#999"},
            error_y={"type": "data", "array": frame.y_sd, "thickness": 1, "color": "#999"},
            marker={
                "size": 14 + 30 * sizes / max(sizes.max(), 1),
                "color": "#0072B2",
                "opacity": 0.75,
                "line": {"width": 1, "color": "white"},
            },
        )
    )
    for value in (3,):
        fig.add_hline(y=value, line={"color": "#bbbbbb", "dash": "dot"})
        fig.add_vline(x=value, line={"color": "#bbbbbb", "dash": "dot"})
    fig.update_xaxes(range=[0.5, 5.5], title=x_name, dtick=1)
    fig.update_yaxes(range=[0.5, 5.5], title=y_name, dtick=1)
    return charts.layout(fig, big=big, height=640 if big else 420)
