"""Commitments chart: pledges by group, priority and kind.

A Plotly figure from the kind's frames (``results.py``): no queries, no Streamlit;
stakeholder text escaped (``pari.charts.esc``), zero rows drawn as "No answers yet"."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pari import charts
from pari.i18n import _
from pari.labels import COMMITMENT_KIND_LABELS, group_label
from pari.models import CommitmentKind


def commitments_sunburst(pledges: pd.DataFrame, *, big: bool = False) -> go.Figure:
    """Commitments: pledges by group, then priority, then kind."""
    if pledges.empty:
        return charts.empty(big=big)
    ids, labels, parents, values, colors = [], [], [], [], []
    for g in charts.groups_in(pledges):
        by_group = pledges[pledges.group == g]
        gid = f"g:{g}"
        ids.append(gid)
        labels.append(charts.esc(group_label(g, short=True)))
        parents.append("")
        values.append(len(by_group))
        colors.append(charts.group_color(g))
        for priority, by_priority in by_group.groupby("priority", sort=False):
            pid = f"{gid}/p:{priority}"
            ids.append(pid)
            labels.append(charts.esc(priority, 30))
            parents.append(gid)
            values.append(len(by_priority))
            colors.append(charts.group_color(g))
            for kind, by_kind in by_priority.groupby("kind", sort=False):
                ids.append(f"{pid}/k:{kind}")
                labels.append(charts.esc(_(COMMITMENT_KIND_LABELS[CommitmentKind(kind)])))
                parents.append(pid)
                values.append(len(by_kind))
                colors.append(charts.group_color(g))
    fig = go.Figure(
        go.Sunburst(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            marker={"colors": colors, "line": {"color": "white", "width": 2}},
            insidetextorientation="radial",
            hovertemplate="%{label}: %{value}<extra></extra>",
        )
    )
    return charts.layout(fig, big=big, height=680 if big else 460)
