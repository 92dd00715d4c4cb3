"""Where each word of a cloud goes: the most sent word largest and in the middle, the
others as close to the middle as they fit, none overlapping, all upright.

The placing is wordcloud's (Andreas Mueller's ``wordcloud``): an occupancy grid and its
summed-area table tell in one numpy step every place a word's box fits; we take the
free place nearest the centre (wordcloud takes a random one), so the cloud stays
compact and the same words always land in the same places. The boxes are measured with
the font the figure asks for (DejaVu Sans Bold, Debian's ``fonts-dejavu-core``), a
little wider than measured, so a browser's Verdana or Arial fits in them too. No
Streamlit, no Plotly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
CELL = 4  # px of the occupancy grid
WIDTH_SLACK = 1.08  # another font's glyphs may be this much wider
PAD = 5  # px kept free around each word


@dataclass(frozen=True)
class Placed:
    text: str
    count: int
    size: int  # font size, px
    x: float  # centre, px from the left
    y: float  # centre, px from the bottom


@cache
def _font(size: int):
    try:
        from PIL import ImageFont

        return ImageFont.truetype(str(FONT_FILE), size)
    except (ImportError, OSError):
        return None


def text_width(text: str, size: int) -> float:
    """The width of ``text`` at ``size`` px, in px (an estimate without the font)."""
    font = _font(size)
    if font is None:
        return 0.68 * size * len(text) * WIDTH_SLACK
    return font.getlength(text) * WIDTH_SLACK


def font_sizes(counts: list[int], *, low: int, high: int) -> list[int]:
    """A size per count: ``high`` for the most sent, ``low`` for the least, the area of
    a word growing with its count (its size with the count's square root)."""
    if not counts:
        return []
    top, bottom = math.sqrt(max(counts)), math.sqrt(min(counts))
    if top == bottom:
        return [round((low + high) / 2) if len(counts) > 1 else high for _ in counts]
    return [round(low + (high - low) * (math.sqrt(c) - bottom) / (top - bottom)) for c in counts]


def place(
    words: list[tuple[str, int]], *, width: int, height: int, low: int, high: int
) -> list[Placed]:
    """``words`` (text, count; most sent first) placed in a ``width`` x ``height`` box;
    a word that fits nowhere, even a little smaller, is left out (the caller says how
    many)."""
    cols, rows = max(1, width // CELL), max(1, height // CELL)
    grid = np.zeros((rows, cols), dtype=np.int32)
    # Distance of each cell from the centre, the box's shape kept (an elliptic cloud).
    ys, xs = np.mgrid[0:rows, 0:cols]
    centre_dist = ((xs - cols / 2) / cols) ** 2 + ((ys - rows / 2) / rows) ** 2
    placed: list[Placed] = []
    for (text, count), size in zip(
        words, font_sizes([c for _t, c in words], low=low, high=high), strict=True
    ):
        spot = None
        for tried in dict.fromkeys((size, max(low, int(size * 0.8)), low)):
            w = math.ceil((text_width(text, tried) + 2 * PAD) / CELL)
            h = math.ceil((tried * 1.25 + 2 * PAD) / CELL)
            if w > cols or h > rows:
                continue
            spot = _free_spot(grid, centre_dist, w, h)
            if spot is not None:
                size = tried
                break
        if spot is None:
            continue
        top, left = spot
        grid[top : top + h, left : left + w] = 1
        placed.append(
            Placed(
                text=text,
                count=count,
                size=size,
                x=(left + w / 2) * CELL,
                y=height - (top + h / 2) * CELL,
            )
        )
    return placed


def _free_spot(grid: np.ndarray, dist: np.ndarray, w: int, h: int) -> tuple[int, int] | None:
    """The top-left cell of the free ``w`` x ``h`` box nearest the centre, if any."""
    rows, cols = grid.shape
    table = np.zeros((rows + 1, cols + 1), dtype=np.int32)
    table[1:, 1:] = grid.cumsum(0).cumsum(1)
    used = table[h:, w:] - table[:-h, w:] - table[h:, :-w] + table[:-h, :-w]
    free = used == 0
    if not free.any():
        return None
    # The distance of the box's centre, for every top-left corner.
    centres = dist[h // 2 : h // 2 + free.shape[0], w // 2 : w // 2 + free.shape[1]]
    scores = np.where(free, centres, np.inf)
    top, left = np.unravel_index(int(np.argmin(scores)), scores.shape)
    return int(top), int(left)
