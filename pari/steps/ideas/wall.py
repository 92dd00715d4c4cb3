"""Ideas on the presenter screen: the card wall, one column per category.

The wall fits the screen whatever the room writes (issue 18, point 4): each column
shows its newest cards, each card at most two lines, and says how many it leaves
out. How many fit depends on the screen's height, which only the browser knows, so
the page carries both counts and a media query picks one.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari import charts
from pari.i18n import _
from pari.labels import category_label

MAX_COLUMNS = 6
# Cards per column that fit under the step's title: on a screen 1000 px high or more
# (1920x1080), and on a shorter one (1280x720).
CARDS_TALL = 6
CARDS_SHORT = 3
SHORT_SCREEN = "(max-height: 999px)"
# The clamp is on the text, inside the card's padding, so no cut line peeks out.
CSS = f"""<style>
.pari-wall {{ display: grid; gap: 0 1.2rem; align-items: start; }}
.pari-wall .pari-card span {{ display: -webkit-box; -webkit-box-orient: vertical;
  -webkit-line-clamp: 2; line-clamp: 2; overflow: hidden; line-height: 1.25;
  white-space: normal; }}
.pari-more {{ font-size: 1.4rem; color: #333; margin-top: .3rem; }}
.pari-more-short {{ display: none; }}
@media {SHORT_SCREEN} {{
  .pari-wall .pari-older, .pari-more-tall {{ display: none; }}
  .pari-more-short {{ display: block; }}
}}
</style>"""


def _e(text: str) -> str:
    return html.escape(text or "", quote=False)


def _more(hidden: int, cls: str) -> str:
    if hidden <= 0:
        return ""
    return f'<div class="pari-more {cls}">{_e(charts.not_shown(hidden))}</div>'


def _column(name: str, part: pd.DataFrame) -> str:
    """A category's heading with its count, its newest cards first, and what is left out."""
    newest = part.iloc[::-1].head(CARDS_TALL)
    boxes = "".join(
        f'<div class="pari-card{" pari-older" if i >= CARDS_SHORT else ""}" '
        f'style="border-left-color:{charts.group_color(g)}"><span>{_e(t)}</span></div>'
        for i, (t, g) in enumerate(zip(newest.text, newest.group, strict=True))
    )
    return (
        f'<div><div class="pari-cat">{_e(name)} ({len(part)})</div>{boxes}'
        f"{_more(len(part) - CARDS_TALL, 'pari-more-tall')}"
        f"{_more(len(part) - CARDS_SHORT, 'pari-more-short')}</div>"
    )


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    del chart
    cards = frames["cards"]
    if cards.empty:
        st.html(f'<p class="pari-note">{_e(_("No cards yet."))}</p>')
        return
    # Every category of the step has its column, so the wall does not jump as cards arrive.
    present = list(dict.fromkeys(config.get("categories", [])))
    present += sorted(set(cards.category) - set(present))
    shown = present[:MAX_COLUMNS]
    columns = "".join(
        _column(category_label(c, present) if c else _("Cards"), cards[cards.category == c])
        for c in shown
    )
    rest = cards[~cards.category.isin(shown)]
    st.html(
        f'{CSS}<div class="pari-wall" style="grid-template-columns:repeat({len(shown)},1fr)">'
        f"{columns}</div>{_more(len(rest), '')}"
    )
