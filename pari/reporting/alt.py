"""Each chart's text alternative: one sentence saying what it shows, for people who
cannot see it (WCAG 1.1.1; a PDF/UA Figure needs its ``/Alt``).

The sentence is read from the data the figure was drawn from (``pari.chart_text``,
which the pages' tables for screen readers read too). The leading
``TOP`` entries are named, the others counted. What the chart shows comes from its
key (``Figure.key``, "dots-12" for a dot vote's bars); a kind may give its own
sentence instead (``Figure.alt``).

``with_title`` puts the sentence into the chart's SVG as the first child of its root
``<svg>``: WeasyPrint takes a Figure's ``/Alt`` from there only, and a browser names
the image (``role="img"``, ``aria-labelledby``) from the same ``<title>``.
"""

from __future__ import annotations

import html
import logging
import re

from pari import chart_text
from pari.chart_text import label
from pari.i18n import N_, _, ngettext
from pari.reporting.blocks import Figure

log = logging.getLogger(__name__)

TOP = 10  # entries named in a sentence; the rest are counted ("and 4 more")

# What a chart shows, by the prefix of its key; "{items}" the entries it shows.
WHAT = {
    "room": N_("People who took part, by stakeholder group: {items}."),
    "dots": N_("Dots per card, each bar split by stakeholder group: {items}."),
    "agree": N_("Agreement across stakeholder groups per card: {items}."),
    "matrix": N_("Mean position of each card from 1 to 5 ({x} · {y}): {items}."),
    "radar": N_("Median readiness from 0 to 10 per dimension, everyone: {items}."),
    "poll": N_("Answers per option, each bar split by stakeholder group: {items}."),
    "rating": N_("Mean answer per statement: {items}."),
    "rating-groups": N_(
        "Each stakeholder group's median per statement; agreement across groups: {items}."
    ),
    "words": N_("Word cloud, answers per word: {items}."),
    "questions": N_("Upvotes per question, each bar split by stakeholder group: {items}."),
    "pledges": N_("Pledges per priority, each bar split by kind of pledge: {items}."),
}
OTHER = N_("Chart, {title}: {items}.")
NOTHING = N_("Chart, {title}: {message}")

# The root element of kaleido's SVG: `<svg class="main-svg" xmlns=... viewBox=...>`.
_ROOT = re.compile(r"\A(\s*<svg\b)([^>]*>)")
# Characters XML 1.0 does not allow (C0 controls but tab, newline and return).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def describe(fig: Figure) -> str:
    """The chart's sentence in the current language."""
    if fig.alt:
        return fig.alt
    entries = chart_text.entries(fig.figure)
    title = label(fig.title)
    if not entries:
        message = label(" ".join(str(a.text or "") for a in fig.figure.layout.annotations))
        return _(NOTHING).format(title=title, message=message or "–")
    items = _items(entries)
    prefix = _prefix(fig.key)
    if prefix not in WHAT:
        return _(OTHER).format(title=title, items=items)
    layout = fig.figure.layout
    x_name = label(layout.xaxis.title.text or "")
    y_name = label(layout.yaxis.title.text or "")
    return _(WHAT[prefix]).format(items=items, x=x_name, y=y_name)


def with_title(svg: str, text: str, ident: str) -> str:
    """``svg`` with ``text`` as its ``<title>`` (the root's first child), named by it."""
    match = _ROOT.match(svg)
    if match is None:
        log.warning("chart %s: no root <svg> to give a title", ident)
        return svg
    text = html.escape(_NOT_XML.sub("", text), quote=True)
    ident = html.escape(ident, quote=True)
    head = f'{match.group(1)} role="img" aria-labelledby="{ident}"{match.group(2)}'
    return f'{head}<title id="{ident}">{text}</title>{svg[match.end() :]}'


def _prefix(key: str) -> str:
    head, _sep, tail = key.rpartition("-")
    return head if head and tail.isdigit() else key


def _items(entries: list[tuple[str, str]]) -> str:
    shown = ", ".join(f"{name} ({value})" if value else name for name, value in entries[:TOP])
    more = len(entries) - TOP
    if more <= 0:
        return shown
    return ngettext("{items} and {n} more", "{items} and {n} more", more).format(
        items=shown, n=more
    )
