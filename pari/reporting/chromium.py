"""The resident Chromium that draws the plan's charts as SVG (through kaleido).

Kaleido drives one resident Chromium (DESIGN section 7): it is not thread-safe, so
every figure goes through ``_KALEIDO_LOCK``; a failed browser is stopped and
started again once, and if charts still cannot be drawn ``ChartsUnavailable`` says
why (the report then says so and keeps its tables).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from pathlib import Path

import plotly.graph_objects as go

from pari.i18n import N_, _
from pari.reporting import alt
from pari.reporting.blocks import Figure
from pari.reporting.figures import for_print

log = logging.getLogger(__name__)

CHROMIUM = "/usr/lib/chromium/chromium"
NO_CHARTS = N_("The charts could not be drawn here ({error}); the tables hold the same figures.")

_KALEIDO_LOCK = threading.Lock()
_kaleido_started = False


class ChartsUnavailable(RuntimeError):
    pass


def _start_kaleido() -> None:
    global _kaleido_started
    import kaleido

    if not os.environ.get("BROWSER_PATH") and Path(CHROMIUM).exists():
        os.environ["BROWSER_PATH"] = CHROMIUM
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    _kaleido_started = True


def _stop_kaleido() -> None:
    global _kaleido_started
    import kaleido

    try:
        kaleido.stop_sync_server(silence_warnings=True)
    except Exception:
        log.debug("kaleido stop failed", exc_info=True)
    _kaleido_started = False


def svg(fig: go.Figure) -> str:
    """One figure as an SVG string (one browser, one figure at a time)."""
    import kaleido

    opts = {"format": "svg", "width": fig.layout.width, "height": fig.layout.height}
    with _KALEIDO_LOCK:
        for attempt in (1, 2):
            try:
                if not _kaleido_started:
                    _start_kaleido()
                data = kaleido.calc_fig_sync(fig, opts=opts)
                break
            except Exception as exc:
                _stop_kaleido()
                if attempt == 2:
                    raise ChartsUnavailable(str(exc) or type(exc).__name__) from exc
    text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
    return re.sub(r"^<\?xml[^>]*>\s*", "", text)


def charts_svg(figs: list[Figure], draw: bool) -> tuple[dict[str, str], str | None]:
    """SVG per figure key (drawn for print, titled with its text alternative), and a
    message when charts could not be drawn."""
    if not draw:
        return {}, None
    out: dict[str, str] = {}
    for f in figs:
        try:
            drawn = svg(for_print(f.figure, f.height))
        except ChartsUnavailable as exc:
            return {}, _(NO_CHARTS).format(error=str(exc)[:200])
        out[f.key] = alt.with_title(drawn, alt.describe(f), f"chart-{f.key}")
    return out, None
