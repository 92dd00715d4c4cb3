"""What a Streamlit page shows, rebuilt from the server's messages as the frontend does.

Read from the Streamlit 1.67 frontend bundle (``static/js/index.*.js``):

- A ``delta`` message places an element at its ``metadata.delta_path``: a block
  (``add_block``: a form, an expander, a container) or an element (``new_element``).
  Deltas carry no run id: what arrived since the last ``script_finished`` belongs to
  that run.
- When a full run finishes, what it did not draw goes; when a fragment run finishes,
  what that fragment drew before goes; what a run cut short for a rerun drew stays only
  if the next run draws it again.
- A widget's id is ``$$ID-<hash>-<key>``; its label, form, options and disabled flag
  come with its element. An ``st.components.v2`` element (``Element.bidi_component``)
  carries its ``data`` as JSON.

A ``Page`` keeps that flat model (elements by delta path) and the values its widgets
hold (a form keeps them until its submit), so a scenario can find "the + button of card
X" by label, key or nearby text.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

_MD_ESCAPE = re.compile(r"\\(.)")
TEXT_KINDS = {"markdown", "heading", "text", "alert", "code", "exception", "html"}


@dataclass(eq=False)
class Element:
    path: tuple[int, ...]
    kind: str
    run_id: str
    fragment_id: str
    text: str = ""
    widget_id: str = ""
    label: str = ""
    form_id: str = ""
    disabled: bool = False
    options: list[str] = field(default_factory=list)
    is_form_submitter: bool = False
    proto: Any = None
    component: str = ""  # an st.components.v2 element: its name and its data
    data: Any = None

    @property
    def key(self) -> str:
        """The user key of a widget (``$$ID-<hash>-<key>``), or ''."""
        parts = self.widget_id.split("-", 2)
        return parts[2] if len(parts) == 3 and parts[2] != "None" else ""


class Page:
    """The elements one page shows and the values its widgets hold."""

    def __init__(self) -> None:
        self.elements: dict[tuple[int, ...], Element] = {}
        self.values: dict[str, WidgetState] = {}
        self.watched: dict[str, float | None] = {}  # text -> when it first arrived
        self._batch: list[tuple[int, ...]] = []  # paths drawn since the last finished run
        self._changed = asyncio.Event()

    # --- what the server draws --------------------------------------------------------

    def _delta(self, msg: ForwardMsg, run_id: str) -> Element | None:
        """Place what a delta draws; returns the element (not a block) it drew."""
        delta = msg.delta
        path = tuple(msg.metadata.delta_path)
        which = delta.WhichOneof("type")
        if which == "add_block":
            block = delta.add_block
            kind = "block:" + (block.WhichOneof("type") or "")
            el = Element(path, kind, run_id, delta.fragment_id)
            if block.WhichOneof("type") == "form":
                el.form_id = block.form.form_id
            if block.WhichOneof("type") == "expandable":
                el.label = block.expandable.label
            self.elements[path] = el
            self._batch.append(path)
            return None
        if which != "new_element":
            return None
        element = delta.new_element
        etype = element.WhichOneof("type") or ""
        inner = getattr(element, etype) if etype else None
        el = Element(path, etype, run_id, delta.fragment_id, proto=inner)
        if etype in TEXT_KINDS:
            raw = getattr(inner, "body", "") or getattr(inner, "message", "")
            el.text = _MD_ESCAPE.sub(r"\1", raw)  # what the person reads
            for needle, seen in self.watched.items():
                if seen is None and needle in el.text:
                    self.watched[needle] = time.monotonic()
        if etype == "bidi_component":
            el.component = inner.component_name
            kind = inner.WhichOneof("data")
            if kind == "json" and inner.json:
                el.data = json.loads(inner.json)
            elif kind == "mixed" and inner.mixed.json:
                el.data = json.loads(inner.mixed.json)
        if inner is not None and "id" in inner.DESCRIPTOR.fields_by_name and inner.id:
            el.widget_id = inner.id
            el.label = getattr(inner, "label", "")
            el.form_id = getattr(inner, "form_id", "")
            el.disabled = bool(getattr(inner, "disabled", False))
            el.is_form_submitter = bool(getattr(inner, "is_form_submitter", False))
            if "options" in inner.DESCRIPTOR.fields_by_name:
                el.options = [str(o) for o in inner.options]
        self.elements[path] = el
        self._batch.append(path)
        return el

    def _drawn(self, run_id: str, fragment_ids: set[str], full_run: bool) -> None:
        """A run finished: what arrived since the last finish is its; drop what it replaced."""
        for path in self._batch:
            if path in self.elements:
                self.elements[path].run_id = run_id
        self._batch = []
        if full_run and not fragment_ids:
            # A full run replaces the page: drop what this run did not draw.
            self.elements = {p: e for p, e in self.elements.items() if e.run_id == run_id}
        elif fragment_ids:
            # A fragment run replaces its own area, nested fragments' areas included
            # (they sit in blocks the fragment drew), as the browser does.
            owned = [p for p, e in self.elements.items() if e.fragment_id in fragment_ids]
            self.elements = {
                p: e
                for p, e in self.elements.items()
                if e.run_id == run_id
                or (
                    e.fragment_id not in fragment_ids
                    and not any(len(p) > len(r) and p[: len(r)] == r for r in owned)
                )
            }

    # --- reading the page -------------------------------------------------------------

    def widgets(self) -> list[Element]:
        return [e for e in self._ordered() if e.widget_id]

    def _ordered(self) -> list[Element]:
        return [self.elements[p] for p in sorted(self.elements)]

    def texts(self) -> list[str]:
        return [e.text for e in self._ordered() if e.text]

    def watch(self, needle: str) -> None:
        """Note the moment a text element containing ``needle`` first arrives."""
        self.watched[needle] = None

    def has_text(self, needle: str) -> bool:
        return any(needle in e.text for e in self.elements.values() if e.text)

    def find(
        self,
        *,
        kind: str | None = None,
        label: str | None = None,
        label_in: tuple[str, ...] = (),
        key_prefix: str | None = None,
        form_id: str | None = None,
        submitter: bool | None = None,
        enabled: bool | None = None,
    ) -> list[Element]:
        out = []
        for e in self.widgets():
            if kind is not None and e.kind != kind:
                continue
            if label is not None and e.label != label:
                continue
            if label_in and not any(s.lower() in e.label.lower() for s in label_in):
                continue
            if key_prefix is not None and not e.key.startswith(key_prefix):
                continue
            if form_id is not None and e.form_id != form_id:
                continue
            if submitter is not None and e.is_form_submitter != submitter:
                continue
            if enabled is not None and e.disabled == enabled:
                continue
            out.append(e)
        return out

    async def wait_for(self, predicate: Callable[[Self], Any], timeout: float) -> Any:
        """Wait until ``predicate(self)`` is truthy (checked on every message)."""
        deadline = time.monotonic() + timeout
        while True:
            result = predicate(self)
            if result:
                return result
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, 1.0))

    def component(self, name: str) -> Element | None:
        """The components-v2 element of that name on the page, if drawn."""
        for e in self._ordered():
            if e.component == name:
                return e
        return None

    def form_widgets(self, form_id: str) -> list[Element]:
        return [e for e in self.widgets() if e.form_id == form_id]

    # --- what the widgets hold --------------------------------------------------------

    def set_value(self, widget: Element, value: Any) -> None:
        """What typing or choosing does (form widgets keep it until submit)."""
        state = WidgetState(id=widget.widget_id)
        if widget.kind in ("radio", "selectbox"):
            state.string_value = value if isinstance(value, str) else widget.options[value]
        elif widget.kind in ("text_input", "text_area"):
            state.string_value = value
        elif widget.kind in ("checkbox", "toggle"):
            state.bool_value = bool(value)
        elif isinstance(value, float):
            state.double_value = value
        elif isinstance(value, int):
            state.int_value = value
        else:
            state.string_value = str(value)
        self.values[widget.widget_id] = state

    def _values_on_screen(self) -> list[WidgetState]:
        """What a run carries: the values of the widgets the page still shows."""
        on_screen = {e.widget_id for e in self.elements.values() if e.widget_id}
        return [state for wid, state in self.values.items() if wid in on_screen]


def element_near(page: Page, widget: Element, depth: int = 1) -> list[str]:
    """Texts drawn in the same container as ``widget`` (its siblings up ``depth`` levels)."""
    prefix = widget.path[: -1 - depth] if len(widget.path) > depth else ()
    return [
        e.text for p, e in sorted(page.elements.items()) if e.text and p[: len(prefix)] == prefix
    ]
