"""Dot vote charts: dots per card by group, and where the groups agree.

A Plotly figure from the kind's frames (``results.py``): no queries, no Streamlit;
stakeholder text escaped (``pari.charts.esc``), zero rows drawn as "No answers yet"."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pari import charts
from pari.i18n import _
from pari.privacy import group_text


def dot_bars(tally: pd.DataFrame, *, big: bool = False, top: int = 12) -> go.Figure:
    """Dot vote: cards ranked by dots, each bar stacked by stakeholder group."""
    if tally.empty:
        return charts.empty(big=big)
    if big:
        top = min(top, charts.WALL_STACKED_ROWS)
    totals = tally.groupby("card_id").dots.sum().sort_values(ascending=False)
    ranked = list(totals.index[:top])
    texts = tally.drop_duplicates("card_id").set_index("card_id").text
    labels = [charts.esc(texts[c], charts.WALL_NAME if big else 40) for c in ranked]
    fig = go.Figure()
    for g in charts.groups_in(tally):
        part = tally[tally.group == g].groupby("card_id").dots.sum().reindex(ranked, fill_value=0)
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
            hovertemplate="%{y}: %{x}<extra>" + charts.esc(group_text(g, short=True)) + "</extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=charts.with_more(_("Dots"), len(totals) - len(ranked), big=big))
    return charts.layout(fig, big=big, height=charts.WALL_HEIGHT if big else None)


def agreement_dots(
    shares: pd.DataFrame, agreement: pd.DataFrame, *, big: bool = False, top: int = 10
) -> go.Figure:
    """Where groups converge and diverge: per card, each group's share of its dots.

    One row per card (most dots first), one marker per group at the share of its
    own dots that group gave the card; markers close together mean the groups
    agree. Each group has its colour and its symbol; the agreement figure is
    written at the right of each row. Small groups pooled as "Too few to show"
    (``pari.privacy``) get one marker per row, at their mean share.
    """
    if shares.empty or agreement.empty:
        return charts.empty(big=big)
    if big:
        top = min(top, charts.WALL_STACKED_ROWS)
    ranked = list(agreement.card_id[:top])
    texts = agreement.set_index("card_id").text
    scores = agreement.set_index("card_id").agreement
    labels = [charts.esc(texts[c], charts.WALL_NAME if big else 38) for c in ranked]
    row_of = {c: i for i, c in enumerate(ranked)}
    fig = go.Figure()
    part = shares[shares.card_id.isin(ranked)]
    groups = charts.groups_in(part)
    for k, g in enumerate(groups):
        rows = part[part.group == g].groupby("card_id").share.mean().reindex(ranked).dropna()
        # Each group a little above or below the row's line, so equal shares stay visible.
        offset = (k - (len(groups) - 1) / 2) * (0.5 / max(len(groups), 1))
        fig.add_scatter(
            x=rows * 100,
            y=[row_of[c] + offset for c in rows.index],
            customdata=[labels[row_of[c]] for c in rows.index],
            mode="markers",
            name=group_text(g, short=True),
            marker={
                "color": charts.group_color(g),
                "symbol": charts.GROUP_SYMBOLS.get(g, "cross"),
                "size": 16 if big else 11,
                "line": {"color": "#111111", "width": 1},
            },
            hovertemplate="%{customdata}: %{x:.0f}%<extra>"
            + charts.esc(group_text(g, short=True))
            + "</extra>",
        )
    x_max = max(10.0, float(part.share.max() * 100) * 1.1)
    for c in ranked:
        fig.add_annotation(
            x=1.0,
            xref="paper",
            xanchor="left",
            y=row_of[c],
            text="<b>" + agreement_text(scores[c]) + "</b>",
            showarrow=False,
            font={"size": charts.WALL_FONT if big else 13, "color": "#111111"},
        )
    fig.add_annotation(
        x=1.0,
        xref="paper",
        xanchor="left",
        y=-0.9,
        text=charts.esc(_("Agreement")),
        showarrow=False,
        font={"size": charts.WALL_FONT if big else 11, "color": "#444444"},
    )
    fig.update_yaxes(
        tickvals=list(range(len(ranked))),
        ticktext=labels,
        range=[len(ranked) - 0.5, -1.2],
        automargin=True,
        showgrid=True,
        zeroline=False,
    )
    fig.update_xaxes(title=_("Share of each group's dots (%)"), range=[-2, x_max], ticksuffix="%")
    height = charts.WALL_HEIGHT if big else max(300, 34 * len(ranked) + 140)
    charts.layout(fig, big=big, height=height)
    fig.update_layout(margin={"l": 10, "r": 130 if big else 80, "t": 30, "b": 10})
    if big:  # the right margin holds the agreement figures: the legend goes above
        fig.update_layout(
            legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"}
        )
    return fig


def agreement_text(value: float | None) -> str:
    """An agreement figure as people read it: '72%', or '–' when it cannot be said."""
    if value is None or pd.isna(value):
        return "–"
    return f"{round(float(value) * 100)}%"


def agreement_bars(agreement: pd.DataFrame, *, big: bool = False, top: int = 12) -> go.Figure:
    """The agreement figure per card (0-100%), labelled with how many groups backed it."""
    if agreement.empty:
        return charts.empty(big=big)
    part = agreement.head(top)
    labels = [charts.esc(t, 48 if big else 40) for t in part.text]
    values = [0 if pd.isna(v) else float(v) * 100 for v in part.agreement]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=values,
            orientation="h",
            marker={"color": "#1B6B3A"},
            text=[
                _("{agreement} · {groups} of {voting} groups").format(
                    agreement=agreement_text(a), groups=int(g), voting=int(v)
                )
                for a, g, v in zip(part.agreement, part.groups, part.groups_voting, strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.0f}%<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(
        title=_("Agreement across groups"),
        range=[0, 135],
        ticksuffix="%",
        tickvals=[0, 25, 50, 75, 100],
    )
    return charts.layout(fig, big=big, height=max(300, (60 if big else 34) * len(part) + 120))
