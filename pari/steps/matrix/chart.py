"""Matrix chart: each card's mean position on the two criteria.

A Plotly figure from the kind's frames (``results.py``): no queries, no Streamlit;
stakeholder text escaped (``pari.charts.esc``), zero rows drawn as "No answers yet".
Labels never overlap: a card is labelled only where its label has room, the most
promising cards (highest on both criteria) first. On the wall the labels are numbers
and the wall lists what each number stands for (``ranked``, ``labelled``).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pari import charts
from pari.i18n import _

# The plot area a label is placed in (px, about), and a label's box: a number on the
# wall, a short text elsewhere (font size 14: about 7 px a character).
WALL_AREA = (700, 300)
PAGE_AREA = (560, 320)
TEXT_LABEL = 28


def ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """The cards, most promising first (highest sum of the two means, then most raters)."""
    return (
        frame.assign(_sum=frame.x + frame.y)
        .sort_values(["_sum", "raters"], ascending=False, kind="stable")
        .drop(columns="_sum")
        .reset_index(drop=True)
    )


def labelled(frame: pd.DataFrame, *, big: bool, limit: int = charts.WALL_ROWS) -> list[int]:
    """Positions (in ``ranked`` order) of the cards that get a label: the first ones whose
    label box does not touch a label already placed, at most ``limit`` on the wall."""
    width, height = WALL_AREA if big else PAGE_AREA
    box_w, box_h = (34, 30) if big else (7 * (TEXT_LABEL // 2), 18)
    placed: list[tuple[float, float]] = []
    out = []
    for i, row in enumerate(ranked(frame).itertuples()):
        if big and len(out) == limit:
            break
        px, py = (row.x - 0.5) / 5 * width, (row.y - 0.5) / 5 * height
        if all(abs(px - qx) >= box_w or abs(py - qy) >= box_h for qx, qy in placed):
            placed.append((px, py))
            out.append(i)
    return out


def _quadrant_names(fig: go.Figure, x_name: str, y_name: str, *, big: bool) -> None:
    """The four corners named by the two criteria (high/low of each), in grey."""
    names = {
        (1, 1): _("High {x} · high {y}"),
        (0, 1): _("Low {x} · high {y}"),
        (1, 0): _("High {x} · low {y}"),
        (0, 0): _("Low {x} · low {y}"),
    }
    for (right, top), name in names.items():
        fig.add_annotation(
            text=name.format(x=x_name, y=y_name).replace(" · ", "<br>"),
            showarrow=False,
            x=right,
            y=top,
            xref="paper",
            yref="paper",
            xanchor="right" if right else "left",
            yanchor="top" if top else "bottom",
            align="right" if right else "left",
            font={"size": charts.WALL_FONT if big else 12, "color": "#767676"},
        )


def matrix_bubbles(frame: pd.DataFrame, criteria: list[str], *, big: bool = False) -> go.Figure:
    """Matrix: mean position per card on two criteria (1-5), size = raters, bars = spread."""
    x_name, y_name = (charts.esc(_(c)) for c in [*criteria, "", ""][:2])
    if frame.empty:
        fig = charts.empty(big=big)
        return fig
    frame = ranked(frame)
    marks = labelled(frame, big=big)
    texts = [""] * len(frame)
    for n, i in enumerate(marks, start=1):
        texts[i] = str(n) if big else charts.esc(frame.text[i], TEXT_LABEL)
    sizes = frame.raters.astype(float)
    fig = go.Figure(
        go.Scatter(
            x=frame.x,
            y=frame.y,
            mode="markers+text",
            text=texts,
            textposition="middle center" if big else "top center",
            textfont={"color": "white" if big else "#111111"},
            customdata=list(
                zip(frame.raters, [charts.esc(t, 200) for t in frame.text], strict=True)
            ),
            hovertemplate="%{customdata[1]}<br>"
            + x_name
            + " %{x:.1f} · "
            + y_name
            + " %{y:.1f} · n=%{customdata[0]}<extra></extra>",
            error_x={"type": "data", "array": frame.x_sd, "thickness": 1, "color": "#bbb"},
            error_y={"type": "data", "array": frame.y_sd, "thickness": 1, "color": "#bbb"},
            marker={
                # On the wall a bubble holds its number: never smaller than the text.
                "size": (30 if big else 14) + (18 if big else 30) * sizes / max(sizes.max(), 1),
                "color": "#0072B2",
                "opacity": 0.8,
                "line": {"width": 1, "color": "white"},
            },
            cliponaxis=False,
        )
    )
    fig.add_hline(y=3, line={"color": "#bbbbbb", "dash": "dot"})
    fig.add_vline(x=3, line={"color": "#bbbbbb", "dash": "dot"})
    _quadrant_names(fig, x_name, y_name, big=big)
    fig.update_xaxes(range=[0.5, 5.5], title=x_name, dtick=1)
    fig.update_yaxes(range=[0.5, 5.5], title=y_name, dtick=1)
    charts.layout(fig, big=big, height=charts.WALL_HEIGHT if big else 420)
    fig.update_layout(showlegend=False)
    return fig
