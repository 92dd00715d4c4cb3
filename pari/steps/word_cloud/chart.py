"""The word cloud as a Plotly figure: words placed by ``layout.place``, drawn as text.

A Plotly figure rather than ``wordcloud``'s picture (measured in /tmp/word_cloud and
reported on issue 19): the words stay text (sharp on any projector, in the report's
SVG, found by the browser), in the wall's own font and sizes, and a redraw of 150 words
costs a few milliseconds more than the placing. No queries, no Streamlit; stakeholder
text escaped (``pari.charts.esc``); zero rows drawn as "No answers yet"."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pari import charts
from pari.steps.word_cloud.layout import Placed, place

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
# Dark colours, each above 4.5:1 against the white wall (WCAG AA for text); a word's
# colour says nothing (its size does), it only tells neighbours apart.
COLOURS = ("#1B6B3A", "#0B4F8A", "#8A3B00", "#5B2A86", "#111111", "#7A1F3D")
# px: the presenter's cloud on a 1920x1080 wall and on a 1280x720 one (its column of
# the wall's main part, pages/presenter.py), and in the report (A4 width).
WALL_TALL = (960, 520)
WALL_SHORT = (600, 330)
PRINT = (680, 420)
# The smallest and largest words: the smallest still read from the back of a room
# (pari.charts.WALL_FONT).
# The sizes are shrunk to the box and the number of words (``fitted``): these are the
# largest, used when few words are sent; never below the floor.
FONTS_BIG = (charts.WALL_FONT + 6, 96)
FONTS_SHORT = (charts.WALL_FONT, 52)
FONTS_PRINT = (13, 48)
FLOOR = {FONTS_BIG: charts.WALL_FONT + 2, FONTS_SHORT: charts.WALL_FONT}
SHRINK = 0.88  # each try's largest word this much smaller than the last one's
MAX_WORDS = 60  # words offered to the layout; the table lists every one


def fitted(
    words: list[tuple[str, int]], *, size: tuple[int, int], fonts: tuple[int, int], floor: int
) -> list[Placed]:
    """``words`` placed with the largest sizes (down from ``fonts``) at which all fit; if
    none do, the smallest sizes tried (the smallest word ``floor`` px), some left out."""
    low, high = fonts
    best: list[Placed] = []
    while True:
        placed = place(words, width=size[0], height=size[1], low=low, high=high)
        if len(placed) > len(best):
            best = placed
        if len(placed) == len(words) or (high <= low + 4 and low <= floor):
            return best
        high = max(low + 4, round(high * SHRINK))
        if high < 2 * low:  # the largest words already small: the smallest give way too
            low = max(floor, low - 2)


def placed_words(
    frame: pd.DataFrame, *, size: tuple[int, int], fonts: tuple[int, int]
) -> list[Placed]:
    """The words of ``results.frames()["words"]`` placed (most sent first)."""
    words = list(zip(frame.text.astype(str), frame.answers.astype(int), strict=True))
    floor = FLOOR.get(fonts, fonts[0])
    return fitted(words[:MAX_WORDS], size=size, fonts=fonts, floor=floor)


def cloud(
    frame: pd.DataFrame,
    *,
    size: tuple[int, int] = PRINT,
    fonts: tuple[int, int] = FONTS_PRINT,
    big: bool = False,
) -> go.Figure:
    """The cloud in a ``size`` (width, height) figure; the words that did not fit are
    in the table beside it (the caller says how many)."""
    if frame.empty:
        return charts.empty(big=big)
    words = placed_words(frame, size=size, fonts=fonts)
    fig = go.Figure(
        go.Scatter(
            x=[w.x for w in words],
            y=[w.y for w in words],
            mode="text",
            text=[charts.esc(w.text) for w in words],
            textfont={
                "size": [w.size for w in words],
                "color": [COLOURS[i % len(COLOURS)] for i in range(len(words))],
                "family": FONT_FAMILY,
                "weight": "bold",
            },
            hovertext=[f"{charts.esc(w.text)}: {w.count}" for w in words],
            hoverinfo="text",
            showlegend=False,
        )
    )
    width, height = size
    fig.update_xaxes(visible=False, range=[0, width], fixedrange=True)
    fig.update_yaxes(visible=False, range=[0, height], fixedrange=True)
    charts.layout(fig, big=big)
    fig.update_layout(
        width=width, height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False
    )
    return fig


def shown_count(frame: pd.DataFrame, *, size: tuple[int, int], fonts: tuple[int, int]) -> int:
    """How many words the cloud of this size shows."""
    return len(placed_words(frame, size=size, fonts=fonts)) if not frame.empty else 0
