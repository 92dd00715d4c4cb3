"""Rating scale charts: the distribution per statement, and each group's median.

Plotly figures from the kind's frames (``results.py``): no queries, no Streamlit;
statements escaped (``pari.charts.esc``), zero rows drawn as "No answers yet".

- ``distribution_chart``: one row per statement, its text on a line of its own above
  its bar. The agree scale is a diverging stacked bar (disagree left of the middle,
  agree right of it, the neutral answer across the middle, a colour key above); the
  1-5 and 0-10 scales a small histogram (a bar per value, as high as the number of
  people who chose it, the values above the chart) with the mean marked on it. Right
  of each bar, in columns: the mean, the "don't know" count (apart) and the agreement
  across groups.
- ``group_medians``: one row per statement, each group's median as a marker on the
  scale, everyone's as a black bar, the agreement figure at the right.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pari import charts
from pari.i18n import _, format_number
from pari.labels import text_label
from pari.privacy import group_text
from pari.steps.dot_vote.chart import agreement_text
from pari.steps.rating import AGREE_LABELS, SCALE_AGREE, RatingConfig
from pari.steps.rating.results import distribution

# Diverging, colour-blind safe (ColorBrewer PuOr, 5 classes): orange for disagree,
# purple for agree, light grey for the neutral middle; text dark on the light ones.
AGREE_COLORS = {1: "#B35806", 2: "#F1A340", 3: "#D4D4D4", 4: "#998EC3", 5: "#542788"}
AGREE_TEXT = {1: "#FFFFFF", 2: "#111111", 3: "#111111", 4: "#111111", 5: "#FFFFFF"}
HISTOGRAM_COLOR = "#0072B2"  # Okabe-Ito blue: 5.1:1 against the white wall
WALL_STATEMENTS = 6  # rows that fit the wall at 1280x720 (issue 19)
ROW_PX, WALL_ROW_PX = 46, 64  # one statement: its text line and its bar line
STATEMENT_CHARS, WALL_STATEMENT_CHARS = 95, 68
# The columns right of the bars (px from the plot's right edge: centres), and the margin.
COLUMNS, WALL_COLUMNS = (35, 105, 180), (62, 188, 325)
MARGIN, WALL_MARGIN = 220, 400
GROUPS_WALL_HEIGHT = 380


def mean_text(value: float) -> str:
    return "–" if pd.isna(value) else format_number(value, 1)


def median_text(value: float) -> str:
    return "–" if pd.isna(value) else format_number(value, 1 if value % 1 else 0)


def value_name(cfg: RatingConfig, value: int) -> str:
    return _(AGREE_LABELS[value]) if cfg.scale == SCALE_AGREE else str(value)


def _rows(summary: pd.DataFrame, big: bool) -> tuple[pd.DataFrame, int]:
    shown = summary.head(WALL_STATEMENTS) if big else summary
    return shown, len(summary) - len(shown)


def _statement(text: str, i: int, big: bool) -> str:
    limit = WALL_STATEMENT_CHARS if big else STATEMENT_CHARS
    return f"{i + 1}. " + charts.esc(text_label(text), limit)


def distribution_chart(
    summary: pd.DataFrame, counts: pd.DataFrame, cfg: RatingConfig, *, big: bool = False
) -> go.Figure:
    """Per statement: its distribution, mean, "don't know" apart, and agreement."""
    if summary.empty or (summary.n.sum() + summary.dont_know.sum()) == 0:
        return charts.empty(big=big)
    shown, hidden = _rows(summary, big)
    dist = distribution(counts, cfg)
    dist = dist[dist.statement.isin(list(shown.statement))]
    fig = go.Figure()
    if cfg.scale == SCALE_AGREE:
        _diverging(fig, shown, dist, cfg, big)
    else:
        _histograms(fig, shown, dist, cfg, big)
    font = {"size": charts.WALL_FONT if big else 12, "color": "#111111"}
    columns = WALL_COLUMNS if big else COLUMNS
    headers = [_("Mean"), _("Don't know"), _("Agreement")]
    for x, header in zip(columns, headers, strict=True):
        fig.add_annotation(
            x=1.0,
            xref="paper",
            xshift=x,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            text=charts.wrap(header, 11, 2),
            showarrow=False,
            font={**font, "color": "#444444"},
        )
    for row, r in enumerate(shown.itertuples()):
        fig.add_annotation(
            x=0,
            xref="paper",
            xanchor="left",
            y=row - 0.25,
            text=_statement(r.text, int(r.statement), big),
            showarrow=False,
            font=font,
        )
        cells = [f"<b>{mean_text(r.mean)}</b>", str(int(r.dont_know)), agreement_text(r.agreement)]
        for x, cell in zip(columns, cells, strict=True):
            fig.add_annotation(
                x=1.0, xref="paper", xshift=x, y=row + 0.2, text=cell, showarrow=False, font=font
            )
    fig.update_yaxes(range=[len(shown) - 0.5, -0.5], visible=False, fixedrange=True, zeroline=False)
    top = 64 if big else 44
    height = (WALL_ROW_PX if big else ROW_PX) * len(shown) + top + (34 if hidden else 12)
    charts.layout(fig, big=big, height=height)
    fig.update_layout(
        margin={"l": 10, "r": WALL_MARGIN if big else MARGIN, "t": top, "b": 34 if hidden else 12},
        showlegend=False,
    )
    if hidden:
        fig.add_annotation(
            x=0,
            xref="paper",
            xanchor="left",
            y=0,
            yref="paper",
            yanchor="top",
            yshift=-4,
            text=charts.esc(charts.not_shown(hidden)),
            showarrow=False,
            font={**font, "color": "#444444"},
        )
    return fig


def _diverging(
    fig: go.Figure, shown: pd.DataFrame, dist: pd.DataFrame, cfg: RatingConfig, big: bool
) -> None:
    """Shares of each answer (% of the people who rated, "don't know" apart), the
    neutral answer centred on 0: disagree to the left, agree to the right."""
    rows = list(shown.statement)
    table = dist.pivot_table(index="statement", columns="value", values="count", fill_value=0)
    table = table.reindex(index=rows, columns=list(cfg.values), fill_value=0)
    totals = table.sum(axis=1).replace(0, 1)
    shares = table.div(totals, axis=0) * 100
    base = -(shares[1] + shares[2] + shares[3] / 2)
    for value in cfg.values:
        width = shares[value]
        label = charts.esc(_(AGREE_LABELS[value]))
        fig.add_bar(
            y=[i + 0.2 for i in range(len(rows))],
            x=list(width),
            base=list(base),
            orientation="h",
            width=0.52,
            name=label,
            marker={"color": AGREE_COLORS[value], "line": {"color": "white", "width": 1}},
            text=[str(int(n)) if n else "" for n in table[value]],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            textfont={"color": AGREE_TEXT[value]},
            customdata=list(table[value]),
            hovertemplate="%{customdata} (%{x:.0f}%)<extra>" + label + "</extra>",
        )
        base = base + width
    fig.update_layout(barmode="overlay")
    for i in range(len(rows)):  # the middle of the scale, on each bar's line only
        fig.add_shape(
            type="line", x0=0, x1=0, y0=i - 0.08, y1=i + 0.48, line={"color": "#111111", "width": 2}
        )
    fig.update_xaxes(range=[-100, 100], visible=False, fixedrange=True)
    # The key above the bars: the colours from one end of the scale to the other.
    swatches = "".join(f'<span style="color:{AGREE_COLORS[v]}">■</span>' for v in cfg.values)
    fig.add_annotation(
        x=0,
        xref="paper",
        xanchor="left",
        y=1.0,
        yref="paper",
        yanchor="bottom",
        text=charts.esc(_(AGREE_LABELS[2])) + f" {swatches} " + charts.esc(_(AGREE_LABELS[4])),
        showarrow=False,
        font={"size": charts.WALL_FONT if big else 12, "color": "#111111"},
    )


def _histograms(
    fig: go.Figure, shown: pd.DataFrame, dist: pd.DataFrame, cfg: RatingConfig, big: bool
) -> None:
    """A bar per value, as high as its count (one scale for every statement), drawn up
    from each row's baseline; the mean a black diamond on the baseline; the values
    above the chart."""
    peak = max(int(dist["count"].max()), 1)
    values = list(cfg.values)
    for row, r in enumerate(shown.itertuples()):
        part = dist[dist.statement == r.statement].set_index("value")["count"]
        part = part.reindex(values, fill_value=0)
        baseline = row + 0.44
        fig.add_bar(
            x=values,
            y=[-0.44 * n / peak for n in part],
            base=baseline,
            width=0.8,
            marker={"color": HISTOGRAM_COLOR},
            customdata=list(part),
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
        fig.add_shape(
            type="line",
            x0=cfg.low - 0.5,
            x1=cfg.high + 0.5,
            y0=baseline,
            y1=baseline,
            line={"color": "#777777", "width": 1},
        )
        if r.n:
            fig.add_scatter(
                x=[r.mean],
                y=[baseline],
                mode="markers",
                marker={
                    "symbol": "diamond",
                    "size": 18 if big else 11,
                    "color": "#111111",
                    "line": {"color": "white", "width": 2},
                },
                hovertemplate=charts.esc(_("Mean")) + " %{x:.1f}<extra></extra>",
            )
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(
        range=[cfg.low - 0.6, cfg.high + 0.6],
        tickvals=values,
        side="top",
        showgrid=False,
        fixedrange=True,
        zeroline=False,
        ticks="",
    )


def group_medians(
    summary: pd.DataFrame, groups: pd.DataFrame, cfg: RatingConfig, *, big: bool = False
) -> go.Figure:
    """Per statement, each group's median on the scale (its colour and symbol; the
    small groups pooled as "Too few to show"), everyone's as a black bar, and the
    agreement figure at the right (``results.agreement_score``)."""
    if summary.empty or groups.empty or summary.n.sum() == 0:
        return charts.empty(big=big)
    shown, _hidden = _rows(summary, big)
    limit = charts.WALL_NAME if big else 38
    labels = [
        f"{int(r.statement) + 1}. " + charts.esc(text_label(r.text), limit)
        for r in shown.itertuples()
    ]
    fig = go.Figure()
    rated = groups[(groups.n > 0) & groups.statement.isin(list(shown.statement))]
    present = charts.groups_in(rated) if not rated.empty else []
    row_of = {int(s): i for i, s in enumerate(shown.statement)}
    for k, g in enumerate(present):
        part = rated[rated.group == g]
        offset = (k - (len(present) - 1) / 2) * (0.5 / max(len(present), 1))
        fig.add_scatter(
            x=list(part["median"]),
            y=[row_of[int(s)] + offset for s in part.statement],
            mode="markers",
            name=group_text(g, short=True),
            marker={
                "color": charts.group_color(g),
                "symbol": charts.GROUP_SYMBOLS.get(g, "cross"),
                "size": 16 if big else 11,
                "line": {"color": "#111111", "width": 1},
            },
            hovertemplate="%{x}<extra>" + charts.esc(group_text(g, short=True)) + "</extra>",
        )
    everyone = shown[shown.n > 0]
    fig.add_scatter(
        x=list(everyone["median"]),
        y=[row_of[int(s)] for s in everyone.statement],
        mode="markers",
        name=_("Everyone"),
        marker={
            "symbol": "line-ns",
            "size": 34 if big else 22,
            "color": charts.EVERYONE_COLOR,
            "line": {"width": 5, "color": charts.EVERYONE_COLOR},
        },
        hovertemplate="%{x}<extra>" + charts.esc(_("Everyone")) + "</extra>",
    )
    font = charts.WALL_FONT if big else 13
    for r in shown.itertuples():
        fig.add_annotation(
            x=1.0,
            xref="paper",
            xanchor="left",
            xshift=10,
            y=row_of[int(r.statement)],
            text="<b>" + agreement_text(r.agreement) + "</b>",
            showarrow=False,
            font={"size": font, "color": "#111111"},
        )
    fig.add_annotation(
        x=1.0,
        xref="paper",
        xanchor="left",
        xshift=10,
        y=-0.9,
        text=charts.esc(_("Agreement")),
        showarrow=False,
        font={"size": font, "color": "#444444"},
    )
    values = list(cfg.values)
    ticks = [charts.wrap(value_name(cfg, v), 9, 3) for v in values]
    fig.update_xaxes(
        range=[cfg.low - 0.4, cfg.high + 0.4],
        tickvals=values,
        ticktext=ticks,
        showgrid=True,
        fixedrange=True,
        tickangle=0,
    )
    fig.update_yaxes(
        tickvals=list(range(len(shown))),
        ticktext=labels,
        range=[len(shown) - 0.5, -1.2],
        automargin=True,
        showgrid=True,
        zeroline=False,
        fixedrange=True,
    )
    # On the wall under the distribution, at 1080p (the wall's pages hide it lower).
    height = GROUPS_WALL_HEIGHT if big else max(300, 40 * len(shown) + 150)
    charts.layout(fig, big=big, height=height)
    if big:  # the legend in a column at the right, past the agreement figures
        fig.update_layout(
            margin={"l": 10, "r": 390, "t": 30, "b": 10},
            legend={
                "orientation": "v",
                "xref": "container",
                "x": 1.0,
                "xanchor": "right",
                "y": 1.0,
                "yanchor": "top",
            },
        )
    else:
        fig.update_layout(
            margin={"l": 10, "r": 100, "t": 30, "b": 10},
            legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        )
    return fig
