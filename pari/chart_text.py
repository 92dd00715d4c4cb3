"""What a chart shows, read back from its Plotly figure as text (issue 20, WCAG
1.1.1): the entries in the order the chart draws them, each with its figure.

The pages draw them as a table under each chart for screen readers
(``html_table``); the report turns them into one sentence per chart
(``pari.reporting.alt``). Read from the data the figure holds: a pie's slices, the
totals of stacked bars, a radar's "Everyone" line, a matrix's bubbles, a cloud's
words, lines over a date axis day by day, or the rows a chart names on its axis or
in its annotations.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Iterable

import plotly.graph_objects as go

from pari.i18n import _, format_date, format_number

MAX_LABEL = 80  # characters of one entry's label
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Visually hidden, read by screen readers (the usual "sr-only" rules, inline: the
# pages' CSP allows inline styles).
SR_ONLY = (
    "position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
    "clip:rect(0,0,0,0);white-space:nowrap;border:0"
)

SLOT = (
    '[data-testid="stElementContainer"]:has(.pari-chart-text) '
    "{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}"
)


def html_table(fig: go.Figure, caption: str) -> str:
    """The chart's entries as an HTML table only screen readers reach, with ``caption``
    (plain text, escaped here like every label): empty when the chart shows none."""
    rows = entries(fig)
    if not rows:
        return ""
    e = html.escape
    head = f'<tr><th scope="col">{e(_("Shown"))}</th><th scope="col">{e(_("Value"))}</th></tr>'
    body = "".join(
        f'<tr><th scope="row">{e(name)}</th><td>{e(value)}</td></tr>' for name, value in rows
    )
    # The hiding box is a <div>: a table takes its content's height whatever it is told.
    # Streamlit's slot for it is taken out of the flow too, so it adds no gap to a wall
    # that must fit its screen.
    return (
        f"<style>{SLOT}</style>"
        f'<div style="{SR_ONLY}"><table class="pari-chart-text">'
        f"<caption>{e(caption)}</caption><thead>{head}</thead><tbody>{body}</tbody></table></div>"
    )


def label(text: object) -> str:
    """A Plotly label as plain text: its markup (<br>, <b>, <span>) dropped, then the
    escaped text people typed (``pari.charts.esc``) read back."""
    value = _TAG.sub("", _BREAK.sub(" ", str(text)))
    value = " ".join(html.unescape(value).split())
    return value if len(value) <= MAX_LABEL else value[: MAX_LABEL - 1].rstrip() + "…"


def number(value: object, decimals: int = 1) -> str:
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number):
        return "–"
    return format_number(number, 0 if number.is_integer() else decimals)


def entries(fig: go.Figure) -> list[tuple[str, str]]:
    """(label, value) pairs in the order the chart shows them."""
    traces = list(fig.data)
    kinds = {t.type for t in traces}
    if "pie" in kinds:
        pie = next(t for t in traces if t.type == "pie")
        return [(label(k), number(v)) for k, v in zip(pie.labels, pie.values, strict=False)]
    if "scatterpolar" in kinds:
        return _polar([t for t in traces if t.type == "scatterpolar"])
    if fig.layout.xaxis.type == "date":
        return _over_time([t for t in traces if t.type == "scatter"])
    bars = _bar_totals([t for t in traces if t.type == "bar"])
    if bars:
        return bars
    for t in traces:
        if t.type == "scatter" and t.mode == "text" and t.hovertext is not None:
            # The word cloud: each word's hover text is "word: count".
            return [_split(h) for h in t.hovertext]
        if t.type == "scatter" and t.customdata is not None and t.x is not None:
            rows = list(t.customdata)
            first = rows[0] if rows else ""
            if not isinstance(first, str) and len(first) == 2:  # the matrix: (raters, text)
                return [
                    (label(row[1]), f"{number(x)} · {number(y)}")
                    for row, x, y in zip(rows, t.x, t.y, strict=False)
                ]
    return _rows(fig)


def _over_time(traces: list) -> list[tuple[str, str]]:
    """Lines over a date axis (pledges by status): one entry per day, every line's
    figure that day ("Planned 3 · Done 1")."""
    days: dict[object, list[str]] = {}
    for t in traces:
        for x, y in zip(
            t.x if t.x is not None else (), t.y if t.y is not None else (), strict=False
        ):
            days.setdefault(x, []).append(f"{label(t.name)} {number(y)}")
    return [
        (_day(x), " · ".join(values))
        for x, values in sorted(days.items(), key=lambda kv: str(kv[0]))
    ]


def _day(value: object) -> str:
    try:
        return format_date(dt.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return label(value)


def _split(text: str) -> tuple[str, str]:
    name, _sep, count = str(text).rpartition(": ")
    return (label(name), count) if name else (label(text), "")


def _polar(traces: list) -> list[tuple[str, str]]:
    everyone = _("Everyone")
    line = next((t for t in traces if t.name == everyone), traces[-1])
    theta, r = list(line.theta or []), list(line.r or [])
    if len(theta) > 1 and theta[0] == theta[-1]:  # the line closed on its first point
        theta, r = theta[:-1], r[:-1]
    return [(label(k), number(v)) for k, v in zip(theta, r, strict=False)]


def _bar_totals(traces: list) -> list[tuple[str, str]]:
    """Stacked bars with named categories: each category's total, in order."""
    totals: dict[str, float] = {}
    for t in traces:
        across = t.orientation == "h"
        names, values = (t.y, t.x) if across else (t.x, t.y)
        if names is None or values is None:
            return []
        for name, value in zip(names, values, strict=False):
            if not isinstance(name, str):
                return []  # bars on a numeric axis (a rating's rows): read by ``_rows``
            totals[name] = totals.get(name, 0.0) + float(value or 0)
    return [(label(k), number(v)) for k, v in totals.items()]


def _rows(fig: go.Figure) -> list[tuple[str, str]]:
    """Charts whose rows are named on the y axis (``ticktext``) or by an annotation at
    the left, each with its figure in an annotation right of the plot."""
    names: dict[int, str] = {}
    values: dict[int, str] = {}
    axis = fig.layout.yaxis
    if axis.ticktext is not None and axis.tickvals is not None:
        for v, text in zip(axis.tickvals, axis.ticktext, strict=False):
            names[round(float(v))] = label(text)
    for a in _annotations(fig.layout.annotations):
        row = round(float(a.y))
        if a.x == 0 and a.xanchor == "left":
            names.setdefault(row, label(a.text))
        elif a.x == 1 and a.xanchor == "left":
            values.setdefault(row, label(a.text))
    return [(names[row], values.get(row, "")) for row in sorted(names)]


def _annotations(annotations: Iterable) -> Iterable:
    """The annotations placed on a row (y in data units, x across the paper)."""
    for a in annotations:
        if a.xref == "paper" and a.yref in (None, "y") and a.y is not None and a.text:
            yield a
