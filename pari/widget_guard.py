"""A widget value of the wrong type from a phone is dropped, not a traceback (issue 15).

Streamlit 1.67 takes a widget's value in whatever field of the ``WidgetState`` the
browser filled. A page that sends a number where a radio or select box expects text
(a tampered page, or a script) makes the run fail on a ``TypeError`` deep in its
session state, with a traceback in the log for each message. Its own browser never
sends that, and Streamlit already drops a value sent for a disabled widget in the same
place (``SessionState.register_widget``). Here a value whose field is not the one the
widget is registered with is dropped the same way, as the message arrives (for widgets
an earlier run drew) or as the widget is drawn (in a new session): the widget keeps its
previous value (or its default), and the page draws as usual.

Installed once per process by ``serve.py``. It wraps two methods of Streamlit's session
state: Streamlit is pinned in requirements.txt and tests/browser/test_tamper.py sends
such values to a real server, so an upgrade that moves it fails the suite.
"""

from __future__ import annotations

import functools
import logging

log = logging.getLogger(__name__)
_installed = False


def _mistyped(sent: str | None, metadata: object) -> bool:
    """A phone filled another field than the one the widget takes."""
    expected = getattr(metadata, "value_type", None)
    return expected is not None and sent is not None and sent != expected


def install() -> None:
    global _installed
    if _installed:
        return
    from streamlit.runtime.state.session_state import Serialized, SessionState

    ingest = SessionState.set_widgets_from_proto
    register = SessionState.register_widget

    @functools.wraps(ingest)
    def checked_ingest(self, widget_states):
        """What a page sent for widgets an earlier run drew (before their callbacks)."""
        known = self._new_widget_state.widget_metadata
        bad = [
            state
            for state in widget_states.widgets
            if _mistyped(state.WhichOneof("value"), known.get(state.id))
        ]
        for state in bad:
            log.log(
                logging.INFO,
                "dropped a %s sent for another kind of widget",
                state.WhichOneof("value"),
            )
            widget_states.widgets.remove(state)
        return ingest(self, widget_states)

    @functools.wraps(register)
    def checked_register(self, metadata, user_key):
        """What a page sent for a widget this session has not drawn yet (a new session)."""
        states = self._new_widget_state.states
        item = states.get(metadata.id)
        if isinstance(item, Serialized) and _mistyped(item.value.WhichOneof("value"), metadata):
            del states[metadata.id]
            log.log(logging.INFO, "dropped a value sent for a widget of %s", metadata.value_type)
        return register(self, metadata, user_key)

    SessionState.set_widgets_from_proto = checked_ingest
    SessionState.register_widget = checked_register
    _installed = True
