"""A step's countdown on the presenter, the run page and the phones (issue 18).

The server draws it once, with the seconds left (``countdown_data``), and the element
(``components/countdown.js``) counts down in the browser: no run, no push and no
polling while it counts, whatever the number of phones. A start, a pause or a stop
moves ``stage_version``, so phones draw it again (``pari.live``); at zero on a step
whose timer closes input, the element asks for one run, which draws the step closed.
The time itself is the step's, in the database (``pari.timers``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from threading import Lock
from typing import Any

from pari import timers
from pari import workshops as ws
from pari.i18n import _
from pari.models import Step, Workshop, utcnow

JS = Path(__file__).resolve().parent / "components" / "countdown.js"
COMPONENT_NAME = "pari_countdown"
KEY = "pari_countdown"
EVENT = "ended"  # the element's one trigger: the time is up on a step it closes

# Our own constant CSS: large, high-contrast figures that do not jump as they change
# (presenter at 1080p: read from the back of a room, on one line so it takes little of
# the wall's height; phone: clear at 390 px).
CSS = """
.cd { font-family: var(--st-font); color: var(--st-text-color); margin: 0 0 0.5rem; }
.cd p { margin: 0; }
.cd .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.cd .label { font-size: 1.15rem; font-weight: 600; }
.cd .time { font-size: 3.2rem; font-weight: 800; line-height: 1.05;
  font-variant-numeric: tabular-nums; letter-spacing: 0.02em; }
.cd.big { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 2rem; }
.cd.big .label { font-size: 2.2rem; flex: 1 1 14rem; }
.cd.big .time { font-size: 8rem; line-height: 1; order: -1; }
.cd[data-state="paused"] .time { opacity: 0.55; }
.cd.low .time, .cd[data-state="up"] .time, .cd[data-state="up"] .label { color: #B3261E; }
/* A shorter wall (1280x720): the results keep their room under the step's title. */
@media (max-height: 999px) {
  .cd.big .time { font-size: 4.5rem; }
  .cd.big .label { font-size: 1.6rem; }
}
"""

_component: Any = None
_component_lock = Lock()


def countdown_data(step: Step, *, now: datetime, big: bool) -> dict[str, Any] | None:
    """What the element draws for ``step`` at ``now``: None when it has no timer.

    Seconds left, not the end's wall-clock time, so a browser's clock never matters.
    Texts are translated here; the element holds no language of its own."""
    left = timers.time_left(step, now)
    if left is None:
        return None
    return {
        "left_ms": round(left * 1000),
        "running": timers.is_running(step),
        "closes": bool(step.timer_closes_input),
        "big": big,
        # Which countdown this is: the element asks once for the end of each.
        "token": f"{step.id}:{step.timer_ends_at}",
        "text": {
            "left": _("Time left"),
            "paused": _("Timer paused"),
            "up": _("Time is up."),
            "closed": _("Time is up: input is closed."),
            "minute": _("One minute left."),
            "minute_closes": _("One minute left: then input closes. Send what you have written."),
        },
    }


def draw(step: Step | None, *, big: bool) -> None:
    """The step's countdown, if it has one (``big`` on the presenter screen)."""
    global _component
    import streamlit as st

    data = None if step is None else countdown_data(step, now=utcnow(), big=big)
    if data is None:
        return
    with _component_lock:
        if _component is None:
            _component = st.components.v2.component(
                COMPONENT_NAME, js=JS.read_text(encoding="utf-8"), css=CSS
            )
    _component(key=KEY, data=data, **{f"on_{EVENT}_change": _ended})


def draw_current(workshop_id: int, *, big: bool) -> None:
    """The countdown of the workshop's current step, read now: for a screen that holds
    no ``Step`` of its own (the presenter draws from a cached snapshot)."""
    from pari import web

    try:
        with web.db() as session:
            workshop = session.get(Workshop, workshop_id)
            step = None if workshop is None else ws.current_step(session=session, workshop=workshop)
    except web.DB_BUSY:  # a long lock: the screen's next run draws it
        return
    draw(step, big=big)


def _ended() -> None:
    """The end carries nothing to store: the run it causes draws the step closed."""
