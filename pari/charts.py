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

from pari.i18n import N_, _, babel_locale
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
# Readable without colour (printed in black and white, or a colour-blind reader):
# each group also has its own bar pattern, marker symbol and line dash.
GROUP_PATTERNS: dict[str, str] = {
    StakeholderGroup.SOCIAL_ECONOMY.value: "",
    StakeholderGroup.PUBLIC_AUTHORITY.value: "/",
    StakeholderGroup.BUSINESS.value: ".",
    StakeholderGroup.KNOWLEDGE.value: "x",
    StakeholderGroup.CIVIL_SOCIETY.value: "-",
    StakeholderGroup.SUPPORT.value: "\\",
    "": "+",
}
GROUP_SYMBOLS: dict[str, str] = {
    StakeholderGroup.SOCIAL_ECONOMY.value: "circle",
    StakeholderGroup.PUBLIC_AUTHORITY.value: "square",
    StakeholderGroup.BUSINESS.value: "diamond",
    StakeholderGroup.KNOWLEDGE.value: "triangle-up",
    StakeholderGroup.CIVIL_SOCIETY.value: "star",
    StakeholderGroup.SUPPORT.value: "x",
    "": "cross",
}
GROUP_DASHES: dict[str, str] = {
    StakeholderGroup.SOCIAL_ECONOMY.value: "solid",
    StakeholderGroup.PUBLIC_AUTHORITY.value: "dash",
    StakeholderGroup.BUSINESS.value: "dot",
    StakeholderGroup.KNOWLEDGE.value: "dashdot",
    StakeholderGroup.CIVIL_SOCIETY.value: "longdash",
    StakeholderGroup.SUPPORT.value: "longdashdot",
    "": "dot",
}
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


def wrap(text: object, width: int = 16, lines: int = 3) -> str:
    """Escaped text broken over a few short lines (Plotly's <br>), for radar labels."""
    words, out, line = esc(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip() + "…"
    return "<br>".join(out)


def group_color(group: str) -> str:
    return GROUP_COLORS.get(group or "", GROUP_COLORS[""])


def group_marker(group: str) -> dict:
    """A bar's marker for ``group``: its colour with its pattern drawn over it."""
    return {
        "color": group_color(group),
        "pattern": {
            "shape": GROUP_PATTERNS.get(group or "", "+"),
            "fillmode": "overlay",
            "fgcolor": "rgba(0,0,0,0.55)",
            "size": 9,
            "solidity": 0.25,
        },
        "line": {"color": "white", "width": 1},
    }


def _segment_text(values) -> list[str]:
    """Direct labels on stacked segments (blank for zero), so no colour lookup is needed."""
    return [str(int(v)) if v else "" for v in values]


def number_separators() -> str:
    """Plotly's ``separators`` (decimal mark, then thousands) for the current language."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = babel_locale()
    return get_decimal_symbol(locale) + get_group_symbol(locale)


def _layout(fig: go.Figure, *, big: bool, height: int | None = None) -> go.Figure:
    size = 22 if big else 14
    fig.update_layout(
        template=TEMPLATE,
        font={"size": size, "color": "#111111"},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        separators=number_separators(),
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
            marker={
                "colors": [group_color(g) for g in ordered["group"]],
                "pattern": {
                    "shape": [GROUP_PATTERNS.get(g, "+") for g in ordered["group"]],
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
    _layout(fig, big=big, height=620 if big else 380)
    # Each slice is labelled with its group: no legend to look colours up in.
    fig.update_layout(showlegend=False, margin={"l": 40, "r": 40, "t": 50, "b": 50})
    return fig


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
            marker=group_marker(g),
            text=_segment_text(part.values),
            textposition="inside",
            insidetextanchor="middle",
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
            marker=group_marker(g),
            text=_segment_text(part.values),
            textposition="inside",
            insidetextanchor="middle",
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
            marker=group_marker(g),
            text=_segment_text(part.values),
            textposition="inside",
            insidetextanchor="middle",
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
                mode="lines+markers",
                line={
                    "color": EVERYONE_COLOR if everyone else group_color(g),
                    "width": 5 if everyone else 2,
                    "dash": "solid" if everyone else GROUP_DASHES.get(g, "dot"),
                },
                marker={
                    "symbol": "circle" if everyone else GROUP_SYMBOLS.get(g, "cross"),
                    "size": 9 if everyone else 8,
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


def agreement_dots(
    shares: pd.DataFrame, agreement: pd.DataFrame, *, big: bool = False, top: int = 10
) -> go.Figure:
    """Where groups converge and diverge: per card, each group's share of its dots.

    One row per card (most dots first), one marker per group at the share of its
    own dots that group gave the card; markers close together mean the groups
    agree. Each group has its colour and its symbol; the agreement figure is
    written at the right of each row.
    """
    if shares.empty or agreement.empty:
        return empty(big=big)
    ranked = list(agreement.card_id[:top])
    texts = agreement.set_index("card_id").text
    scores = agreement.set_index("card_id").agreement
    labels = [esc(texts[c], 44 if big else 38) for c in ranked]
    row_of = {c: i for i, c in enumerate(ranked)}
    fig = go.Figure()
    part = shares[shares.card_id.isin(ranked)]
    groups = _groups_in(part)
    for k, g in enumerate(groups):
        rows = part[part.group == g].set_index("card_id").reindex(ranked).dropna(subset=["share"])
        # Each group a little above or below the row's line, so equal shares stay visible.
        offset = (k - (len(groups) - 1) / 2) * (0.5 / max(len(groups), 1))
        fig.add_scatter(
            x=rows.share * 100,
            y=[row_of[c] + offset for c in rows.index],
            customdata=[labels[row_of[c]] for c in rows.index],
            mode="markers",
            name=group_label(g, short=True),
            marker={
                "color": group_color(g),
                "symbol": GROUP_SYMBOLS.get(g, "cross"),
                "size": 16 if big else 11,
                "line": {"color": "#111111", "width": 1},
            },
            hovertemplate="%{customdata}: %{x:.0f}%<extra>"
            + esc(group_label(g, short=True))
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
            font={"size": 20 if big else 13, "color": "#111111"},
        )
    fig.add_annotation(
        x=1.0,
        xref="paper",
        xanchor="left",
        y=-0.9,
        text=esc(_("Agreement")),
        showarrow=False,
        font={"size": 16 if big else 11, "color": "#444444"},
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
    _layout(fig, big=big, height=max(300, (60 if big else 34) * len(ranked) + 140))
    fig.update_layout(margin={"l": 10, "r": 110 if big else 80, "t": 30, "b": 10})
    return fig


def agreement_text(value: float | None) -> str:
    """An agreement figure as people read it: '72%', or '–' when it cannot be said."""
    if value is None or pd.isna(value):
        return "–"
    return f"{round(float(value) * 100)}%"


def agreement_bars(agreement: pd.DataFrame, *, big: bool = False, top: int = 12) -> go.Figure:
    """The agreement figure per card (0-100%), labelled with how many groups backed it."""
    if agreement.empty:
        return empty(big=big)
    part = agreement.head(top)
    labels = [esc(t, 48 if big else 40) for t in part.text]
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
    return _layout(fig, big=big, height=max(300, (60 if big else 34) * len(part) + 120))


# --- comparisons across workshops (coordinators) ----------------------------------------

TIME_DASHES = ["dot", "dash", "solid"]


def readiness_side_by_side(frame: pd.DataFrame, dimensions: list[str]) -> go.Figure:
    """Readiness radars side by side, one per territory, never ranked against each other.

    ``frame``: territory, workshop, held_on, dimension, median, q1, q3, n (everyone).
    Territories in alphabetical order. In each radar the band is the spread (first to
    third quartile) of the latest workshop and each workshop is a line, older ones
    dotted, so change over time shows without a league table.
    """
    from plotly.subplots import make_subplots

    if frame.empty or not dimensions:
        return empty()
    territories = sorted(frame.territory.unique(), key=str.casefold)
    cols = min(3, len(territories))
    rows = (len(territories) + cols - 1) // cols
    fig = make_subplots(
        rows=rows,
        cols=cols,
        specs=[[{"type": "polar"}] * cols for _ in range(rows)],
        subplot_titles=[esc(t or _("No territory"), 40) for t in territories],
        horizontal_spacing=0.12,
        vertical_spacing=0.18,
    )
    theta = [wrap(dimension_label(d), 14) for d in dimensions]
    for i, territory in enumerate(territories):
        row, col = i // cols + 1, i % cols + 1
        part = frame[frame.territory == territory]
        order = (
            part.drop_duplicates("workshop")
            .sort_values(["held_on", "workshop"], na_position="first")
            .workshop.tolist()
        )
        latest = part[part.workshop == order[-1]].set_index("dimension").reindex(dimensions)
        close = lambda values: [*values, values[0]]  # noqa: E731
        fig.add_trace(
            go.Scatterpolar(
                r=close(list(latest.q1)),
                theta=close(theta),
                mode="lines",
                line={"width": 0},
                showlegend=False,
                hoverinfo="skip",
                connectgaps=True,
            ),
            row=row,
            col=col,
        )
        fig.add_trace(
            go.Scatterpolar(
                r=close(list(latest.q3)),
                theta=close(theta),
                mode="lines",
                fill="tonext",
                fillcolor="rgba(27,107,58,0.18)",
                line={"width": 0},
                name=_("Spread (middle half of answers)"),
                showlegend=i == 0,
                hoverinfo="skip",
                connectgaps=True,
            ),
            row=row,
            col=col,
        )
        for j, workshop in enumerate(order):
            w = part[part.workshop == workshop].set_index("dimension").reindex(dimensions)
            newest = j == len(order) - 1
            held = w.held_on.dropna()
            name = f"{esc(workshop, 30)}" + (f" ({held.iloc[0]})" if not held.empty else "")
            fig.add_trace(
                go.Scatterpolar(
                    r=close(list(w["median"])),
                    theta=close(theta),
                    mode="lines+markers",
                    name=name,
                    line={
                        "color": "#1B6B3A" if newest else "#555555",
                        "width": 3 if newest else 2,
                        "dash": "solid" if newest else TIME_DASHES[j % 2],
                    },
                    marker={"size": 6},
                    connectgaps=True,
                    hovertemplate="%{theta}: %{r}<extra>" + name + "</extra>",
                ),
                row=row,
                col=col,
            )
    fig.update_polars(
        radialaxis={"range": [0, 10], "dtick": 2, "tickfont": {"size": 10}},
        angularaxis={"tickfont": {"size": 11}},
    )
    # Territory names above the radars, clear of the top dimension's label.
    fig.update_annotations(yshift=45, font={"size": 16, "color": "#111111"})
    _layout(fig, big=False, height=470 * rows + 120)
    fig.update_layout(
        legend={"yanchor": "top", "y": -0.04}, margin={"l": 60, "r": 60, "t": 110, "b": 10}
    )
    return fig


def kinds_by_territory(frame: pd.DataFrame) -> go.Figure:
    """Commitments by kind per territory: grouped bars with the count written on each."""
    if frame.empty:
        return empty()
    kinds = [k.value for k in CommitmentKind]
    territories = sorted(frame.territory.unique(), key=str.casefold)
    patterns = ["", "/", ".", "x", "-", "\\"]
    greys = ["#1B6B3A", "#7FB58F", "#0072B2", "#9BC7E6", "#555555", "#BBBBBB"]
    fig = go.Figure()
    for i, territory in enumerate(territories):
        part = (
            frame[frame.territory == territory]
            .set_index("kind")
            .pledges.reindex(kinds, fill_value=0)
        )
        fig.add_bar(
            x=[_(COMMITMENT_KIND_LABELS[CommitmentKind(k)]) for k in kinds],
            y=part.values,
            name=esc(territory or _("No territory"), 40),
            marker={
                "color": greys[i % len(greys)],
                "pattern": {
                    "shape": patterns[i % len(patterns)],
                    "fillmode": "overlay",
                    "fgcolor": "rgba(0,0,0,0.5)",
                    "solidity": 0.25,
                },
            },
            text=_segment_text(part.values),
            textposition="outside",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=_("Pledges"))
    return _layout(fig, big=False, height=380)


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
