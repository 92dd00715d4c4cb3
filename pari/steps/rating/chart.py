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
from pari.i18n import N_, _, format_number
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
# The mean in words on the agree scale: the answer nearest to it, short enough for a cell.
MEAN_WORDS = {
    1: N_("strongly disagree"),
    2: N_("disagree"),
    3: N_("neutral"),
    4: N_("agree"),
    5: N_("strongly agree"),
}
NO_AGREEMENT = N_("Agreement “–”: fewer than two groups big enough to show rated it.")
WALL_STATEMENTS = 6  # rows that fit the wall at 1280x720 (issue 19)
ROW_PX, WALL_ROW_PX = 46, 60  # one statement: its text line and its bar line
STATEMENT_CHARS, WALL_STATEMENT_CHARS = 95, 68
# The columns right of the bars (px from the plot's right edge: the mean's left edge, then
# the centres of the others), and the margin.
COLUMNS, WALL_COLUMNS = (8, 165, 228), (10, 330, 442)
MARGIN, WALL_MARGIN = 275, 505
BAR_WIDTH = 0.56  # of a row; the bar sits on the row's lower part, its statement above it
BAR_OFFSET = 0.24  # the bar's centre below the row's
GROUPS_WALL_HEIGHT = 340


def mean_text(value: float) -> str:
    return "–" if pd.isna(value) else format_number(value, 1)


def median_text(value: float) -> str:
    return "–" if pd.isna(value) else format_number(value, 1 if value % 1 else 0)


def mean_words(value: float, cfg: RatingConfig) -> str:
    """The mean as people read it: "3.7 · agree" on the agree scale (the nearest
    answer), the number alone on the others."""
    if pd.isna(value) or cfg.scale != SCALE_AGREE:
        return mean_text(value)
    nearest = min(max(int(value + 0.5), 1), 5)
    return f"{mean_text(value)} · {_(MEAN_WORDS[nearest])}"


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
    for k, (x, header) in enumerate(zip(columns, headers, strict=True)):
        fig.add_annotation(
            x=1.0,
            xref="paper",
            xshift=x,
            xanchor="left" if k == 0 else "center",
            y=1.0,
            yref="paper",
            yanchor="bottom",
            text=charts.wrap(header, 6 if k == 1 else 11, 2),
            showarrow=False,
            font={**font, "color": "#444444"},
        )
    for row, r in enumerate(shown.itertuples()):
        # The statement on its own line, wholly above its bar (never under the bar's lines).
        fig.add_annotation(
            x=0,
            xref="paper",
            xanchor="left",
            y=row + BAR_OFFSET - BAR_WIDTH / 2,
            yanchor="bottom",
            yshift=2,
            text=_statement(r.text, int(r.statement), big),
            showarrow=False,
            font=font,
        )
        cells = [
            f"<b>{charts.esc(mean_words(r.mean, cfg))}</b>",
            str(int(r.dont_know)),
            agreement_text(r.agreement),
        ]
        for k, (x, cell) in enumerate(zip(columns, cells, strict=True)):
            fig.add_annotation(
                x=1.0,
                xref="paper",
                xshift=x,
                xanchor="left" if k == 0 else "center",
                y=row + BAR_OFFSET,
                text=cell,
                showarrow=False,
                font=font,
            )
    notes = []
    if hidden:
        notes.append(charts.esc(charts.not_shown(hidden)))
    if ((shown.n > 0) & shown.agreement.isna()).any():  # say once why "–"
        notes.append(charts.esc(_(NO_AGREEMENT)))
    fig.update_yaxes(
        range=[len(shown) - 0.46, -0.5], visible=False, fixedrange=True, zeroline=False
    )
    top = 58 if big else (62 if cfg.scale == SCALE_AGREE else 44)
    bottom = (34 if big else 20) * len(notes) + 12
    height = (WALL_ROW_PX if big else ROW_PX) * len(shown) + top + bottom
    charts.layout(fig, big=big, height=height)
    fig.update_layout(
        margin={"l": 10, "r": WALL_MARGIN if big else MARGIN, "t": top, "b": bottom},
        showlegend=False,
    )
    if notes:
        fig.add_annotation(
            x=0,
            xref="paper",
            xanchor="left",
            y=0,
            yref="paper",
            yanchor="top",
            yshift=-4,
            align="left",
            text="<br>".join(notes),
            showarrow=False,
            font={**font, "color": "#444444"},
        )
    return fig


def _diverging(
    fig: go.Figure, shown: pd.DataFrame, dist: pd.DataFrame, cfg: RatingConfig, big: bool
) -> None:
    """Shares of each answer (% of the people who rated, "don't know" apart), the
    neutral answer centred on 0: disagree to the left, agree to the right. The neutral
    answer is drawn as two halves, its count on the left one, so the middle line
    between them crosses no number."""
    rows = list(shown.statement)
    table = dist.pivot_table(index="statement", columns="value", values="count", fill_value=0)
    table = table.reindex(index=rows, columns=list(cfg.values), fill_value=0)
    totals = table.sum(axis=1).replace(0, 1)
    shares = table.div(totals, axis=0) * 100
    base = -(shares[1] + shares[2] + shares[3] / 2)
    ys = [i + BAR_OFFSET for i in range(len(rows))]
    for value in cfg.values:
        halves = [(shares[value] / 2, True), (shares[value] / 2, False)] if value == 3 else []
        label = charts.esc(_(AGREE_LABELS[value]))
        for width, labelled in halves or [(shares[value], True)]:
            fig.add_bar(
                y=ys,
                x=list(width),
                base=list(base),
                orientation="h",
                width=BAR_WIDTH,
                name=label,
                marker={"color": AGREE_COLORS[value], "line": {"color": "white", "width": 1}},
                text=[str(int(n)) if n and labelled else "" for n in table[value]],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"color": AGREE_TEXT[value]},
                customdata=list(table[value]),
                hovertemplate="%{customdata}<extra>" + label + "</extra>",
            )
            base = base + width
    fig.update_layout(barmode="overlay")
    for y in ys:  # the middle of the scale, within each bar's own height only
        fig.add_shape(
            type="line",
            x0=0,
            x1=0,
            y0=y - BAR_WIDTH / 2,
            y1=y + BAR_WIDTH / 2,
            line={"color": "#111111", "width": 2},
        )
    fig.update_xaxes(range=[-100, 100], visible=False, fixedrange=True)
    if big:  # on the wall the key is drawn above the chart, large (wall.agree_key)
        return
    swatches = " ".join(
        f'<span style="color:{AGREE_COLORS[v]}">■</span> ' + charts.esc(_(AGREE_LABELS[v]))
        for v in cfg.values
    )
    fig.add_annotation(
        x=0,
        xref="paper",
        xanchor="left",
        y=1.0,
        yref="paper",
        yanchor="bottom",
        yshift=18,  # a line of its own, above the columns' headers
        text=swatches,
        showarrow=False,
        font={"size": 12, "color": "#111111"},
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
                "maxheight": 1.0,  # every group and "Everyone", never a scrolled legend
            },
        )
    else:
        fig.update_layout(
            margin={"l": 10, "r": 100, "t": 30, "b": 10},
            legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        )
    return fig
