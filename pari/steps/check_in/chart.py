"""Check-in chart: the room by stakeholder group.

A Plotly figure from the kind's frames (``results.py``): no queries, no Streamlit;
stakeholder text escaped (``pari.charts.esc``), zero rows drawn as "No answers yet"."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pari import charts
from pari.privacy import ORDER, group_text


def room_donut(room: pd.DataFrame, *, big: bool = False) -> go.Figure:
    """Check-in: the room by stakeholder group."""
    if room.empty or room.participants.sum() == 0:
        return charts.empty(big=big)
    # The groups too small to show (pari.privacy) are one slice, "Too few to show".
    ordered = room.set_index("group").reindex([g for g in ORDER if g in set(room.group)])
    ordered = ordered.reset_index()
    fig = go.Figure(
        go.Pie(
            # On the wall the short names: the long ones squeeze the ring to a dot.
            labels=[group_text(g, short=big) for g in ordered["group"]],
            values=ordered.participants,
            hole=0.5,
            sort=False,
            marker={
                "colors": [charts.group_color(g) for g in ordered["group"]],
                "pattern": {
                    "shape": [charts.GROUP_PATTERNS.get(g, "+") for g in ordered["group"]],
                    "fillmode": "overlay",
                    "fgcolor": "rgba(0,0,0,0.55)",
                    "solidity": 0.25,
                },
                "line": {"color": "white", "width": 2},
            },
            textinfo="label+value",
            texttemplate="%{label}<br>%{value}",
            textposition="outside",
            hovertemplate="%{label}: %{value}<extra></extra>",
        )
    )
    fig.add_annotation(
        text=str(int(room.participants.sum())),
        showarrow=False,
        font={"size": 64 if big else 28},
    )
    charts.layout(fig, big=big, height=charts.WALL_HEIGHT if big else 380)
    # Each slice is labelled with its group: no legend to look colours up in.
    fig.update_layout(showlegend=False, margin={"l": 40, "r": 40, "t": 50, "b": 50})
    return fig
