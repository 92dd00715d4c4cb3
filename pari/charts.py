"""What every chart shares, and the coordinators' comparisons: no queries, no Streamlit.

Each kind draws its own figures (``pari.steps.<kind>.chart``) with the helpers here.
Each stakeholder group has one colour everywhere (Okabe-Ito, safe for the
common colour-vision deficiencies). Text written by stakeholders is escaped
before it reaches Plotly, which renders a subset of HTML in labels and hovers.
Every figure draws with zero rows too, saying "No answers yet".
"""

from __future__ import annotations

import html
from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go

from pari.i18n import N_, _, babel_locale, format_date, ngettext
from pari.labels import COMMITMENT_KIND_LABELS, COMMITMENT_ROLE_LABELS, dimension_label
from pari.models import CommitmentKind, CommitmentRole, CommitmentStatus, StakeholderGroup
from pari.privacy import ORDER, TOO_FEW
from pari.reporting.followup import status_label

# Okabe & Ito (2008), "Color Universal Design"; grey for "group not given", a lighter
# grey for the small groups pooled as "Too few to show" (``pari.privacy``).
GROUP_COLORS: dict[str, str] = {
    StakeholderGroup.SOCIAL_ECONOMY.value: "#E69F00",  # orange
    StakeholderGroup.PUBLIC_AUTHORITY.value: "#0072B2",  # blue
    StakeholderGroup.BUSINESS.value: "#009E73",  # bluish green
    StakeholderGroup.KNOWLEDGE.value: "#CC79A7",  # reddish purple
    StakeholderGroup.CIVIL_SOCIETY.value: "#56B4E9",  # sky blue
    StakeholderGroup.SUPPORT.value: "#D55E00",  # vermillion
    "": "#8C8C8C",
    TOO_FEW: "#C8C8C8",
}
GROUP_ORDER = ORDER  # the groups, then "group not given", then "Too few to show"
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
    TOO_FEW: "|",
}
GROUP_SYMBOLS: dict[str, str] = {
    StakeholderGroup.SOCIAL_ECONOMY.value: "circle",
    StakeholderGroup.PUBLIC_AUTHORITY.value: "square",
    StakeholderGroup.BUSINESS.value: "diamond",
    StakeholderGroup.KNOWLEDGE.value: "triangle-up",
    StakeholderGroup.CIVIL_SOCIETY.value: "star",
    StakeholderGroup.SUPPORT.value: "x",
    "": "cross",
    TOO_FEW: "hexagon",
}
GROUP_DASHES: dict[str, str] = {
    StakeholderGroup.SOCIAL_ECONOMY.value: "solid",
    StakeholderGroup.PUBLIC_AUTHORITY.value: "dash",
    StakeholderGroup.BUSINESS.value: "dot",
    StakeholderGroup.KNOWLEDGE.value: "dashdot",
    StakeholderGroup.CIVIL_SOCIETY.value: "longdash",
    StakeholderGroup.SUPPORT.value: "longdashdot",
    "": "dot",
    TOO_FEW: "dot",
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


def segment_text(values) -> list[str]:
    """Direct labels on stacked segments (blank for zero), so no colour lookup is needed."""
    return [str(int(v)) if v else "" for v in values]


def number_separators() -> str:
    """Plotly's ``separators`` (decimal mark, then thousands) for the current language."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = babel_locale()
    return get_decimal_symbol(locale) + get_group_symbol(locale)


# The presenter (``big``): text read from the back of a room, at least 24 px on a
# 1920x1080 wall, and charts no taller than the panel under the step's title at
# 1280x720 (DESIGN section 2; issue 18, point 4). A chart with more to show keeps its
# height and shows the first rows, saying how many more there are.
WALL_FONT = 24
WALL_HEIGHT = 460
WALL_ROWS = 8  # bars of a ranking that fit in WALL_HEIGHT at WALL_FONT
# A ranking whose bars are stacked by group shares the wall with its legend and, on a
# 1080p wall, with the agreement chart: fewer bars and shorter names, so that every bar
# keeps its name (Plotly leaves out names that would overlap).
WALL_STACKED_ROWS = 6
WALL_NAME = 26


def layout(fig: go.Figure, *, big: bool, height: int | None = None) -> go.Figure:
    size = WALL_FONT if big else 14
    fig.update_layout(
        template=TEMPLATE,
        font={"size": size, "color": "#111111"},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        separators=number_separators(),
    )
    if big:
        # Numbers inside bars keep the wall's size or are left out, never shrunk to fit.
        fig.update_layout(uniformtext={"minsize": WALL_FONT, "mode": "hide"})
        # The legend in one column right of the plot: above it, on a 1280x720 wall, it
        # wraps to one entry a row and takes the bars' height (names left out, bars
        # covered).
        fig.update_layout(
            legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"}
        )
    if height:
        fig.update_layout(height=height)
    return fig


def not_shown(hidden: int) -> str:
    """'12 more not shown': what a bounded list or chart of the wall leaves out."""
    return ngettext("{n} more not shown", "{n} more not shown", hidden).format(n=hidden)


def with_more(title: str, hidden: int, *, big: bool = False) -> str:
    """An axis title saying how many rows the chart leaves out (the wall shows the first;
    there on a line of its own, so a narrow chart does not cut it)."""
    if hidden <= 0:
        return title
    return title + ("<br>" if big else " · ") + not_shown(hidden)


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
    return layout(fig, big=big, height=300 if not big else WALL_HEIGHT)


def groups_in(frame: pd.DataFrame) -> list[str]:
    present = set(frame["group"])
    return [g for g in GROUP_ORDER if g in present]


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
        # Room between the radars for the dimension names around each (they were clipped).
        horizontal_spacing=0.2,
        vertical_spacing=0.22,
    )
    theta = [wrap(dimension_label(d), 12) for d in dimensions]
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
        # The scale between the first two dimensions, clear of their names.
        radialaxis={
            "range": [0, 10],
            "dtick": 2,
            "tickfont": {"size": 10},
            "angle": 180 / len(dimensions),
        },
        angularaxis={"tickfont": {"size": 11}},
    )
    # Territory names above the radars, clear of the top dimension's label.
    fig.update_annotations(yshift=45, font={"size": 16, "color": "#111111"})
    layout(fig, big=False, height=470 * rows + 120)
    fig.update_layout(
        legend={"yanchor": "top", "y": -0.06}, margin={"l": 110, "r": 110, "t": 120, "b": 40}
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
            text=segment_text(part.values),
            textposition="outside",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=_("Pledges"))
    return layout(fig, big=False, height=380)


def role_label(role: str) -> str:
    return _(COMMITMENT_ROLE_LABELS[CommitmentRole(role)])


# --- follow-up of pledges over time (issue 21) -------------------------------------------

# One colour, dash and marker per status (Okabe-Ito again): readable without colour,
# and the same wherever pledges' progress is drawn.
STATUS_STYLES: dict[str, tuple[str, str, str]] = {
    CommitmentStatus.PLANNED.value: ("#0072B2", "dot", "circle"),
    CommitmentStatus.IN_PROGRESS.value: ("#E69F00", "dash", "square"),
    CommitmentStatus.DONE.value: ("#009E73", "solid", "diamond"),
    CommitmentStatus.DROPPED.value: ("#8C8C8C", "dashdot", "x"),
}


def status_color(status: str) -> str:
    return STATUS_STYLES[CommitmentStatus(status).value][0]


def progress_over_time(frame: pd.DataFrame, *, big: bool = False) -> go.Figure:
    """Pledges by status over time: one stepped line per status, a point at each day
    counted (``pari.reporting.progress``: ``on`` and a column per status). The x axis is
    a date axis, which ``pari.chart_text`` reads back as one row per day."""
    if frame.empty:
        return empty(big=big, message=_("No pledges yet."))
    days = list(frame["on"])
    fig = go.Figure()
    for status, (color, dash, symbol) in STATUS_STYLES.items():
        values = [int(v) for v in frame[status]]
        fig.add_scatter(
            x=days,
            y=values,
            name=esc(status_label(status)),
            mode="lines+markers",
            line={"color": color, "dash": dash, "width": 3, "shape": "hv"},
            marker={"symbol": symbol, "size": 9, "color": color},
            customdata=[format_date(d) for d in days],
            hovertemplate="%{customdata}: %{y}<extra>%{fullData.name}</extra>",
        )
    top = max(int(frame[list(STATUS_STYLES)].to_numpy().max()), 1)
    # Whole pledges only: no tick at 0.5 (at most about six ticks, each a whole number).
    fig.update_yaxes(
        title=_("Pledges"), range=[0, top * 1.1 + 0.5], dtick=max(1, -(-top // 5)), tick0=0
    )
    fig.update_xaxes(type="date", tickformat="%Y-%m-%d")  # the same in every language
    if len(days) == 1:  # one day: a week either side, not a day cut into hours
        fig.update_xaxes(range=[days[0] - timedelta(days=7), days[0] + timedelta(days=7)])
    return layout(fig, big=big, height=WALL_HEIGHT if big else 380)
