"""The cards of a dot vote on a phone, as one element: data in, taps out.

A dot vote drawn with native rows cost the server about a millisecond per card on
every run (a fragment, two containers, two buttons and two texts a card): 25 ms a
phone with 20 cards, so 300 phones following the facilitator into the vote took
7-14 s. Drawn as one ``st.components.v2`` element (``components/dot_vote.js``) the
whole list is one delta, whatever the number of cards (issue 10, bench/README.md).

This module builds what the element is given (``vote_data``) and checks what comes
back from it (``parse_taps``): a phone is hostile until checked, so a tap is a
small dict of card ids and counts that the server bounds before any rule of
``pari.steps.dot_vote.rules.set_dots`` sees it. Only ``mount`` touches Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from threading import Lock
from typing import Any

from pari.i18n import _, ngettext
from pari.phone.cards import OfferedCard
from pari.phone.errors import BudgetExceeded
from pari.steps.dot_vote.rules import Dots

HERE = Path(__file__).resolve().parent / "components"
COMPONENT_NAME = "pari_dot_vote"
EVENT = "dots"  # the trigger the element sends: {"set": {card id: dots}, "seq": n}
MAX_TAP_ENTRIES = 64  # more cards changed in one tap than any person makes: refused


@dataclass(frozen=True)
class Taps:
    """What one tap asks for, checked: counts per card, decreases first."""

    counts: tuple[tuple[int, int], ...]
    seq: int


def vote_data(
    *,
    cards: Iterable[OfferedCard],
    dots: Dots,
    is_open: bool,
    ack: int,
    notice: tuple[int | None, str] | None,
) -> dict[str, Any]:
    """Everything the element draws, as JSON-ready values.

    ``ack`` is the last tap sequence number the server has answered (the element
    stops drawing those dots hollow); ``notice`` a message for one card (a refused
    tap). Texts are translated here, so the element holds no language of its own;
    the "dots left" line comes for every count it can show, plural forms included.
    """
    offered = list(cards)
    on_offer = {c.id for c in offered}
    other = sum(n for cid, n in dots.by_card.items() if cid not in on_offer)
    left_texts = [
        ngettext("{n} dot left", "{n} dots left", n).format(n=n)
        + " "
        + _("of {budget}").format(budget=dots.budget)
        for n in range(dots.budget + 1)
    ]
    return {
        "cards": [
            {
                "id": c.id,
                "text": c.text,
                "dots": dots.by_card.get(c.id, 0),
            }
            for c in offered
        ],
        "budget": dots.budget,
        "cap": dots.cap,
        "other": other,
        "open": bool(is_open),
        "ack": int(ack),
        "notice": None if notice is None else {"card": notice[0], "text": notice[1]},
        "text": {
            "left": left_texts,
            "count": [ngettext("{n} dot", "{n} dots", n).format(n=n) for n in range(dots.cap + 1)],
            "none": _("no dots"),
            "plus": _("Add a dot"),
            "minus": _("Take a dot off"),
            "spent": _(BudgetExceeded.default),
            "waiting": _("Waiting for the connection: this dot is not saved yet."),
        },
    }


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)  # JSON object keys arrive as strings
    return None


def parse_taps(payload: object) -> Taps | None:
    """A tap from the element, or None when it is not one (anything else a phone sends).

    Counts are bounded to 0..1000 here; the step's cap and budget are the service's
    to enforce. Decreases come first, so moving a dot from one card to another
    within a spent budget works in one tap.
    """
    if not isinstance(payload, Mapping):
        return None
    wanted = payload.get("set")
    seq = _as_int(payload.get("seq"))
    if not isinstance(wanted, Mapping) or not wanted or len(wanted) > MAX_TAP_ENTRIES:
        return None
    counts = []
    for key, value in wanted.items():
        card_id, dots = _as_int(key), _as_int(value)
        if card_id is None or dots is None or not 0 <= dots <= 1000:
            return None
        counts.append((card_id, dots))
    return Taps(counts=tuple(counts), seq=seq if seq is not None and seq >= 0 else 0)


def ordered(taps: Taps, dots: Dots | None) -> list[tuple[int, int]]:
    """The counts to set, those that take dots off first."""
    have = dots.by_card if dots is not None else {}
    return sorted(taps.counts, key=lambda c: (c[1] > have.get(c[0], 0), c[0]))


_component: Any = None
_component_lock = Lock()


def mount(*, key: str, data: dict[str, Any], on_tap: Callable[[], None]) -> Any:
    """Draw the element (registered on first use, so importing this draws nothing)."""
    global _component
    import streamlit as st

    with _component_lock:
        if _component is None:
            _component = st.components.v2.component(
                COMPONENT_NAME,
                js=(HERE / "dot_vote.js").read_text(encoding="utf-8"),
                css=(HERE / "dot_vote.css").read_text(encoding="utf-8"),
            )
    return _component(key=key, data=data, **{f"on_{EVENT}_change": on_tap})


def tap_value(key: str) -> object:
    """The payload of the tap being handled, read inside its callback."""
    import streamlit as st

    result = st.session_state.get(key)
    if result is None:
        return None
    try:
        return result[EVENT]
    except (KeyError, TypeError):
        return getattr(result, EVENT, None)
