"""Questions chart: upvotes of the top questions, stacked by the upvoters' group.

A Plotly figure from the kind's frames (``results.py``): no queries, no Streamlit;
question text escaped (``pari.charts.esc``), zero rows drawn as "No answers yet"."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pari import charts
from pari.i18n import _
from pari.privacy import group_text

TOP = 8  # the questions a chart shows: the most upvoted


def upvote_bars(
    questions: pd.DataFrame, upvotes: pd.DataFrame, *, big: bool = False, top: int = TOP
) -> go.Figure:
    """The ``top`` most upvoted questions, one bar each, stacked by upvoters' group."""
    if questions.empty or upvotes.empty:
        return charts.empty(big=big, message=_("No upvotes yet"))
    order = (
        questions[questions.upvotes > 0]
        .sort_values(["upvotes", "question_id"], ascending=[False, True])
        .head(top)
    )
    ids = list(order.question_id)
    labels = [f"{i}. {charts.esc(t, 40 if big else 60)}" for i, t in enumerate(order.text, 1)]
    fig = go.Figure()
    for g in charts.groups_in(upvotes):
        part = (
            upvotes[upvotes.group == g]
            .groupby("question_id")
            .upvotes.sum()
            .reindex(ids, fill_value=0)
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
            textangle=0,
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed", automargin=True)
    hidden = int((questions.upvotes > 0).sum()) - len(ids)
    fig.update_xaxes(title=charts.with_more(_("Upvotes"), hidden, big=big))
    return charts.layout(fig, big=big, height=charts.WALL_HEIGHT if big else 120 + 40 * len(ids))
