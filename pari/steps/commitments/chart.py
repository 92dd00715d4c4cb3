"""Commitments chart: pledges per priority, stacked by kind, priorities with no lead
flagged, readable from the back of a room and on paper (a sunburst was not: issue 18,
point 5).

A Plotly figure from the kind's frames (``results.py``): no queries, no Streamlit;
stakeholder text escaped (``pari.charts.esc``), zero rows drawn as "No answers yet"."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pari import charts
from pari.i18n import _
from pari.labels import COMMITMENT_KIND_LABELS
from pari.models import CommitmentKind, CommitmentRole

# One colour and one pattern per kind of pledge (Okabe-Ito again, in another order
# than the groups', which this chart does not show).
KIND_STYLES: dict[str, tuple[str, str]] = {
    CommitmentKind.TIME.value: ("#0072B2", ""),
    CommitmentKind.MONEY.value: ("#E69F00", "/"),
    CommitmentKind.SPACE.value: ("#009E73", "."),
    CommitmentKind.EXPERTISE.value: ("#CC79A7", "x"),
    CommitmentKind.NETWORK.value: ("#56B4E9", "-"),
    CommitmentKind.OTHER.value: ("#8C8C8C", "+"),
}
NO_LEAD_COLOR = "#B00020"
PRINT_ROWS = 15  # priorities drawn on paper; the plan's table lists every pledge
ROW_PX = 34  # a priority's row on paper


def ranked_priorities(pledges: pd.DataFrame) -> pd.DataFrame:
    """Per priority: pledges, and whether anyone leads it; most pledges first."""
    led = set(pledges.loc[pledges.role == CommitmentRole.LEAD.value, "priority"])
    counts = pledges.groupby("priority", sort=False).size()
    counts = counts.sort_values(ascending=False, kind="stable")  # ties: first pledged first
    return pd.DataFrame(
        {"priority": counts.index, "pledges": counts.values, "led": counts.index.isin(led)}
    )


def pledges_by_priority(pledges: pd.DataFrame, *, big: bool = False) -> go.Figure:
    """Commitments: one bar per priority (most pledges first), stacked by kind, the count
    on each segment; a priority nobody leads is marked in red."""
    if pledges.empty:
        return charts.empty(big=big)
    priorities = ranked_priorities(pledges)
    shown = priorities.head(charts.WALL_ROWS if big else PRINT_ROWS)
    labels = [
        charts.esc(p, 18 if big else 30)
        if led
        else f'<span style="color:{NO_LEAD_COLOR}">⚠ {charts.esc(p, 16 if big else 28)}</span>'
        for p, led in zip(shown.priority, shown.led, strict=True)
    ]
    fig = go.Figure()
    for kind, (color, pattern) in KIND_STYLES.items():
        part = (
            pledges[pledges.kind == kind].groupby("priority").size().reindex(shown.priority)
        ).fillna(0)
        if not part.any():
            continue
        name = charts.esc(_(COMMITMENT_KIND_LABELS[CommitmentKind(kind)]))
        fig.add_bar(
            y=labels,
            x=part.values,
            orientation="h",
            name=name,
            marker={
                "color": color,
                "pattern": {
                    "shape": pattern,
                    "fillmode": "overlay",
                    "fgcolor": "rgba(0,0,0,0.5)",
                    "solidity": 0.25,
                },
                "line": {"color": "white", "width": 1},
            },
            text=charts.segment_text(part.values),
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,  # upright, or left out when the segment is too narrow
            hovertemplate="%{y}: %{x}<extra>" + name + "</extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed", automargin=True)
    title = _("Pledges")
    if not big and not shown.led.all():
        # On the wall the list of priorities with no lead, under the chart, says it.
        title += " · ⚠ " + _("no lead yet")
    fig.update_xaxes(
        title=charts.with_more(title, len(priorities) - len(shown), big=big),
        dtick=1 if shown.pledges.max() < 12 else None,
    )
    height = charts.WALL_HEIGHT if big else max(260, ROW_PX * len(shown) + 150)
    return charts.layout(fig, big=big, height=height)
