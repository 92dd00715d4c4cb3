"""What every script run costs the server, cut where Streamlit repeats constant work.

When the facilitator changes step, every phone in the room runs its script once, all on
one core (DESIGN section 7): at 300 phones each millisecond of a run is 0.3 s of the
last phone's wait (issue 15). Streamlit rebuilds its ``new_session`` message at the
start of every run, and six of its parts are the theme sections of the configuration,
each found by walking all of Streamlit's ~200 options (``config.get_options_for_section``):
about 1 ms of a 12 ms run, measured with py-spy on the phone's ideas step. The theme
cannot change while the configuration stays the same, so ``install()`` keeps each
section's message, made once by Streamlit's own function, and merges it in afterwards.
A new parse of the configuration (a new options dict) makes them again.

Python's cyclic garbage collector is the other one: a full collection walks every
object the server holds, most of them modules and classes that live as long as the
process. ``install()`` freezes what the server has imported (``gc.freeze``: never
scanned again) and ``settle()`` once more after the first run, when the pages' modules
are in. Measured with ``bench.micro`` (150 runs a step, 20 phones): full collections
took 80 ms each, 29 ms frozen; all collections 5.5% of the server's CPU, 3.7% frozen.
(A larger young generation, 5,000 objects, cost more than it saved: 5.4%.)

This reaches into ``streamlit.runtime.app_session`` (a private function): Streamlit is
pinned in requirements.txt, and tests/test_run_costs.py checks that the message is byte
for byte what Streamlit makes, so an upgrade that changes it fails the suite.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

_lock = threading.Lock()
_installed = False
_settled = False


class _ThemeSections:
    """Each theme section's serialized message, for one parse of the configuration."""

    def __init__(self, make: Callable[..., None]) -> None:
        self._make = make  # Streamlit's own _populate_theme_msg
        self._options: object = None  # the options dict these messages were made from
        self._made: dict[str, bytes] = {}

    def __call__(self, msg: Any, section: str = "theme") -> None:
        from streamlit import config

        options = config._config_options
        with _lock:
            if options is not self._options:
                self._options, self._made = options, {}
            blob = self._made.get(section)
        if blob is None:
            scratch = type(msg)()
            self._make(scratch, section)
            blob = scratch.SerializeToString()
            with _lock:
                if options is self._options:
                    self._made[section] = blob
        if blob:  # an unset section leaves the message as Streamlit would: untouched
            msg.MergeFromString(blob)


def install() -> None:
    """Make Streamlit's per-run theme message from a cache (idempotent)."""
    global _installed
    from streamlit.runtime import app_session

    with _lock:
        if _installed:
            return
        app_session._populate_theme_msg = _ThemeSections(app_session._populate_theme_msg)
        gc.freeze()
        _installed = True


def settle() -> None:
    """After the first script run: freeze what importing the pages made (once)."""
    global _settled
    if _settled:
        return
    with _lock:
        if _settled or not _installed:
            return
        gc.freeze()
        _settled = True
