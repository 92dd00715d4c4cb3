"""What a part of the local plan is made of: figures, and blocks of the document.

A ``Section`` is one step's part of the plan, made by its kind
(``Kind.report_section``, in ``pari.steps.<kind>.report``): the charts it adds
(``figures``), its blocks of the HTML document (``blocks``) and, on screen, its
panel (``plan_panel`` in the kind's ``wall.py``). Blocks are plain dicts the Jinja2
template draws with autoescaping (``pari/reporting/templates/``): the code only
gathers text. A table cell is a list of lines (``Line``), so bold, a status or a
group's colour swatch are markup of the template, never strings built here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, ClassVar

import markupsafe
import pandas as pd
import plotly.graph_objects as go

from pari import charts
from pari.i18n import _, format_date, format_number
from pari.privacy import group_text


@dataclass
class Figure:
    """One chart of the plan: its heading, the Plotly figure, a size for print, and
    the sentence that says what it shows to people who cannot see it (empty: read
    from the figure's data, ``pari.reporting.alt``)."""

    key: str
    title: str
    figure: go.Figure
    height: int = 420
    alt: str = ""


@dataclass
class Section:
    """One step's part of the local plan (a kind subclasses it)."""

    kind: str  # the step's kind (``StepKind`` value): which ``wall.plan_panel`` draws it
    step_id: int
    title: str
    # Where the kind's parts stand in the plan (steps keep their order within a kind).
    order: ClassVar[int] = 50

    def link(self, sections: list[Section]) -> None:
        """Take what this part shows from the plan's other parts (all are made first)."""
        del sections

    def figures(self) -> list[Figure]:
        return []

    def blocks(self, svgs: dict[str, str]) -> list[dict]:
        """Its blocks of the document; ``svgs`` holds the drawn charts by figure key."""
        del svgs
        return []

    @property
    def priorities_voted(self) -> int:
        return 0


@dataclass(frozen=True)
class Line:
    """One line of a table cell: plain, bold or a status, after an optional swatch."""

    text: str
    style: str = "plain"  # "plain", "bold" or "status"
    swatch: str | None = None  # a group's colour (pari.charts), never people's text


@dataclass(frozen=True)
class Column:
    text: str
    cls: str  # "num" (right-aligned), "txt" (wraps) or "nowrap"


def plain(value: object) -> list[Line]:
    return [Line("" if value is None else str(value))]


def amount(value: Any) -> str:
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    return format_number(value, 0 if value.is_integer() else 2)


def amount_text(value: Any, unit: str | None) -> str:
    """An amount with its unit; one pledged without a unit says so rather than show
    a bare number."""
    number = amount(value)
    if not number:
        return ""
    unit = (unit or "").strip()
    return f"{number} {unit}" if unit else _("{amount} (no unit given)").format(amount=number)


def date_text(value: Any) -> str:
    """A date as readers of the report's language write it (the report is drawn inside
    ``using_language``)."""
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(UTC).date() if value.tzinfo else value.date()
    return format_date(value)


def columns(headers: list[tuple[str, bool | str]]) -> list[Column]:
    """(text, kind) pairs: True (or "num") right-aligns a column, "nowrap" keeps it on
    one line, False wraps text."""
    return [
        Column(text, {True: "num", False: "txt"}[kind] if isinstance(kind, bool) else kind)
        for text, kind in headers
    ]


def table(headers: list[tuple[str, bool | str]], rows: list[list[list[Line]]]) -> dict:
    return {"kind": "table", "headers": columns(headers), "rows": rows}


def block(kind: str, value: str) -> dict:
    return {"kind": kind, "text": value}


def group_line(group: str) -> Line:
    return Line(group_text(group, short=True), swatch=charts.group_color(group))


def chart(svgs: dict[str, str], key: str, caption: str = "") -> list[dict]:
    """The chart's block, or none if it was not drawn. Its SVG is kaleido's serialisation
    of a Plotly figure whose labels pari.charts escaped: markup we made, kept as is."""
    if key not in svgs:
        return []
    svg = markupsafe.Markup(svgs[key])  # noqa: S704 (kaleido's SVG, labels escaped)
    return [{"kind": "chart", "caption": caption, "svg": svg}]
