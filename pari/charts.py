"""Plotly figures from the frames of ``pari.results``: no queries, no Streamlit.

Each stakeholder group has one colour everywhere (Okabe-Ito, safe for the
common colour-vision deficiencies). Text written by stakeholders is escaped
before it reaches Plotly, which renders a subset of HTML in labels and hovers.
Every figure draws with zero rows too, saying "No answers yet".
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from pari.i18n import N_, _
from pari.labels import COMMITMENT_KIND_LABELS, COMMITMENT_ROLE_LABELS, dimension_label, group_label
from pari.models import CommitmentKind, CommitmentRole, StakeholderGroup

# Okabe & Ito (2008), "Color Universal Design"; grey for "group not given".
GROUP_COLORS: dict[str, str] = {
    StakeholderGroup.SOCIAL_ECONOMY.value: "#E69F00",  # orange
    StakeholderGroup.PUBLIC_AUTHORITY.value: "#0072B2",  # blue
    StakeholderGroup.BUSINESS.value: "#009E73",  # bluish green
    StakeholderGroup.KNOWLEDGE.value: "#CC79A7",  # reddish purple
    StakeholderGroup.CIVIL_SOCIETY.value: "#56B4E9",  # sky blue
    StakeholderGroup.SUPPORT.value: "#D55E00",  # vermillion
    "": "#8C8C8C",
}
GROUP_ORDER = [g.value for g in StakeholderGroup] + [""]
EVERYONE_COLOR = "#222222"
NO_ANSWERS = N_("No answers yet")
TEMPLATE = "plotly_white"  # explicit: Streamlit's own template prints badly outside the browser


def esc(text: object, limit: int | None = None) -> str:
    """Stakeholder text made safe for Plotly labels (escaped, optionally shortened)."""
    value = "" if text is None else str(text)
    value = " ".join(value.split())
    if limit and len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return html.escape(value, quote=False)


def group_color(group: str) -> str:
    return GROUP_COLORS.get(group or "", GROUP_COLORS[""])


def _layout(fig: go.Figure, *, big: bool, height: int | None = None) -> go.Figure:
    size = 22 if big else 14
    fig.update_layout(
        template=TEMPLATE,
        font={"size": size, "color": "#111111"},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    if height:
        fig.update_layout(height=height)
    return fig


def empty(*, big: bool = False, message: str | None = None) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=esc(message or _(NO_ANSWERS)),
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        font={"size": 36 if big else 18, "color": "#555555"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, big=big, height=300 if not big else 500)


def _groups_in(frame: pd.DataFrame) -> list[str]:
    present = set(frame["group"])
    return [g for g in GROUP_ORDER if g in present]


def room_donut(room: pd.DataFrame, *, big: bool = False) -> go.Figure:
    """Check-in: the room by stakeholder group."""
    if room.empty or room.participants.sum() == 0:
        return empty(big=big)
    ordered = room.set_index("group").reindex(_groups_in(room)).reset_index()
    fig = go.Figure(
        go.Pie(
            labels=[group_label(g) for g in ordered["group"]],
            values=ordered.participants,
            hole=0.5,
            sort=False,
            marker={"colors": [group_color(g) for g in ordered["group"]]},
            textinfo="value+percent",
            hovertemplate="%{label}: %{value}<extra></extra>",
        )
    )
    fig.add_annotation(
        text=str(int(room.participants.sum())),
        showarrow=False,
        font={"size": 64 if big else 28},
    )
    return _layout(fig, big=big, height=620 if big else 380)


def category_bars(cards: pd.DataFrame, categories: list[str], *, big: bool = False) -> go.Figure:
    """Ideas: how many cards per category, stacked by group."""
    if cards.empty:
        return empty(big=big)
    cats = [c for c in categories if c in set(cards.category)] + sorted(
        set(cards.category) - set(categories)
    )
    fig = go.Figure()
    for g in _groups_in(cards):
        part = cards[cards.group == g].groupby("category").size().reindex(cats, fill_value=0)
        fig.add_bar(
            x=[esc(_(c) if c else _("Other"), 30) for c in cats],
            y=part.values,
            name=group_label(g, short=True),
            marker_color=group_color(g),
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=_("Cards"), dtick=1 if len(cards) < 12 else None)
    return _layout(fig, big=big, height=420 if big else 320)


def dot_bars(tally: pd.DataFrame, *, big: bool = False, top: int = 12) -> go.Figure:
    """Dot vote: cards ranked by dots, each bar stacked by stakeholder group."""
    if tally.empty:
        return empty(big=big)
    totals = tally.groupby("card_id").dots.sum().sort_values(ascending=False)
    ranked = list(totals.index[:top])
    texts = tally.drop_duplicates("card_id").set_index("card_id").text
    labels = [esc(texts[c], 48 if big else 40) for c in ranked]
    fig = go.Figure()
    for g in _groups_in(tally):
        part = tally[tally.group == g].groupby("card_id").dots.sum().reindex(ranked, fill_value=0)
        fig.add_bar(
            y=labels,
            x=part.values,
            orientation="h",
            name=group_label(g, short=True),
            marker_color=group_color(g),
            hovertemplate="%{y}: %{x}<extra>" + esc(group_label(g, short=True)) + "</extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=_("Dots"))
    return _layout(fig, big=big, height=max(320, 70 * len(ranked) + 120) if big else None)


def matrix_bubbles(frame: pd.DataFrame, criteria: list[str], *, big: bool = False) -> go.Figure:
    """Matrix: mean position per card on two criteria (1-5), size = raters, bars = spread."""
    x_name, y_name = (esc(_(c)) for c in [*criteria, "", ""][:2])
    if frame.empty:
        fig = empty(big=big)
        return fig
    sizes = frame.raters.astype(float)
    fig = go.Figure(
        go.Scatter(
            x=frame.x,
            y=frame.y,
            mode="markers+text",
            text=[esc(t, 28) for t in frame.text],
            textposition="top center",
            customdata=list(zip(frame.raters, [esc(t, 200) for t in frame.text], strict=True)),
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
    return _layout(fig, big=big, height=640 if big else 420)


def poll_bars(frame: pd.DataFrame, options: list[str], *, big: bool = False) -> go.Figure:
    """Poll: answers per option, stacked by group."""
    if frame.empty:
        return empty(big=big)
    labels = [esc(_(o), 40) for o in options]
    fig = go.Figure()
    for g in _groups_in(frame):
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
            name=group_label(g, short=True),
            marker_color=group_color(g),
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=_("Answers"), dtick=1 if frame.answers.sum() < 12 else None)
    return _layout(fig, big=big, height=max(320, 80 * len(options) + 120) if big else None)


def assessment_radar(frame: pd.DataFrame, dimensions: list[str], *, big: bool = False) -> go.Figure:
    """Assessment: median 0-10 per dimension, one trace per group, everyone in black."""
    if frame.empty:
        return empty(big=big)
    theta = [esc(dimension_label(d), 32) for d in dimensions]
    fig = go.Figure()
    groups = [g for g in GROUP_ORDER if g in set(frame.group)] + ["*"]
    for g in groups:
        part = frame[frame.group == g].set_index("dimension").reindex(dimensions)
        if part["median"].isna().all():
            continue
        everyone = g == "*"
        fig.add_trace(
            go.Scatterpolar(
                r=[*part["median"], part["median"].iloc[0]],
                theta=[*theta, theta[0]],
                name=_("Everyone") if everyone else group_label(g, short=True),
                line={
                    "color": EVERYONE_COLOR if everyone else group_color(g),
                    "width": 5 if everyone else 2,
                    "dash": "solid" if everyone else "dot",
                },
                customdata=list(zip(part.q1, part.q3, part.n, strict=True)),
                hovertemplate="%{theta}: %{r} "
                "(%{customdata[0]}–%{customdata[1]}, n=%{customdata[2]})<extra></extra>",
                connectgaps=True,
            )
        )
    fig.update_layout(polar={"radialaxis": {"range": [0, 10], "dtick": 2}})
    _layout(fig, big=big, height=680 if big else 460)
    # Below the radar: above it the legend would cover the top dimension's label.
    fig.update_layout(legend={"yanchor": "top", "y": -0.05})
    return fig


def commitments_sunburst(pledges: pd.DataFrame, *, big: bool = False) -> go.Figure:
    """Commitments: pledges by group, then priority, then kind."""
    if pledges.empty:
        return empty(big=big)
    ids, labels, parents, values, colors = [], [], [], [], []
    for g in _groups_in(pledges):
        by_group = pledges[pledges.group == g]
        gid = f"g:{g}"
        ids.append(gid)
        labels.append(esc(group_label(g, short=True)))
        parents.append("")
        values.append(len(by_group))
        colors.append(group_color(g))
        for priority, by_priority in by_group.groupby("priority", sort=False):
            pid = f"{gid}/p:{priority}"
            ids.append(pid)
            labels.append(esc(priority, 30))
            parents.append(gid)
            values.append(len(by_priority))
            colors.append(group_color(g))
            for kind, by_kind in by_priority.groupby("kind", sort=False):
                ids.append(f"{pid}/k:{kind}")
                labels.append(esc(_(COMMITMENT_KIND_LABELS[CommitmentKind(kind)])))
                parents.append(pid)
                values.append(len(by_kind))
                colors.append(group_color(g))
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
    return _layout(fig, big=big, height=680 if big else 460)


def role_label(role: str) -> str:
    return _(COMMITMENT_ROLE_LABELS[CommitmentRole(role)])


FIGURES: dict[str, Callable[..., go.Figure]] = {
    "room": room_donut,
    "dots": dot_bars,
    "matrix": matrix_bubbles,
    "poll": poll_bars,
    "assessment": assessment_radar,
    "commitments": commitments_sunburst,
}
