"""Check-in on the presenter screen: the room by stakeholder group."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from pari.steps.check_in.chart import room_donut


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    """The panel under the step's title; ``chart`` shows a figure as the page does."""
    del config
    chart(room_donut(frames["room"], big=True))
