"""Reading a step's settings: strictly when a facilitator saves them, leniently when a
stored row is read back.

``clean_*`` refuse what does not fit with ``InvalidConfig`` (a message for the
facilitator); ``read_*`` take what a stored row holds and keep what is usable, so a
damaged row never breaks a phone, a chart or an export, and every reader of the same
row sees the same settings.
"""

from __future__ import annotations

from typing import Any

from pari import text
from pari.errors import PariError
from pari.i18n import N_, _


class InvalidConfig(PariError, ValueError):
    """A step setting a facilitator gave does not fit (the message names the field)."""

    default = N_("Please check what you entered.")


# --- strict: what a facilitator saves -----------------------------------------------------


def clean_text(
    value: Any, *, field: str, limit: int, required: bool = True, multiline: bool = False
) -> str:
    """``pari.text.clean`` with the field's name in the message."""
    try:
        return text.clean(value, max_len=limit, required=required, multiline=multiline)
    except text.NotText:
        raise InvalidConfig(N_("{field} must be text."), field=_(field)) from None
    except text.TextMissing:
        raise InvalidConfig(N_("{field} cannot be empty."), field=_(field)) from None
    except text.TextTooLong:
        raise InvalidConfig(
            N_("{field} is too long (at most {limit} characters)."), field=_(field), limit=limit
        ) from None


def clean_list(values: Any, *, field: str, limit: int, min_items: int, max_items: int) -> list[str]:
    """Texts without blanks or repeats (case-insensitive), ``min_items`` to ``max_items``."""
    if values is None:
        values = []
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise InvalidConfig(N_("{field} must be a list."), field=_(field))
    cleaned: list[str] = []
    seen: set[str] = set()
    for raw in values:
        item = clean_text(raw, field=field, limit=limit, required=False)
        if not item:
            continue
        if item.casefold() in seen:
            raise InvalidConfig(N_("{field}: “{item}” is listed twice."), field=_(field), item=item)
        seen.add(item.casefold())
        cleaned.append(item)
    if not min_items <= len(cleaned) <= max_items:
        raise InvalidConfig(
            N_("{field}: give between {low} and {high}."),
            field=_(field),
            low=min_items,
            high=max_items,
        )
    return cleaned


def clean_int(value: Any, *, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise InvalidConfig(N_("{field} must be a whole number."), field=_(field))
    if not low <= value <= high:
        raise InvalidConfig(
            N_("{field} must be between {low} and {high}."), field=_(field), low=low, high=high
        )
    return value


def clean_bool(value: Any, *, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidConfig(N_("{field} must be yes or no."), field=_(field))
    return value


def clean_card_ids(value: Any) -> tuple[int, ...]:
    """The chosen cards of the source step (empty: all of them)."""
    if not value:
        return ()
    if not isinstance(value, list | tuple) or any(
        isinstance(i, bool) or not isinstance(i, int) for i in value
    ):
        raise InvalidConfig(N_("The chosen cards must be a list of card numbers."))
    return tuple(sorted(set(value)))


# --- lenient: what a stored row holds -----------------------------------------------------


def read_texts(value: Any, *, limit: int, max_items: int) -> tuple[str, ...]:
    """The usable texts of a stored list: strings (or numbers), stripped, no repeats."""
    if not isinstance(value, list | tuple):
        return ()
    out: list[str] = []
    seen: set[str] = set()
    for item in value:
        if isinstance(item, bool) or not isinstance(item, str | int):
            continue
        item = str(item).strip()[:limit]
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return tuple(out[:max_items])


def read_int(value: Any, *, default: int, low: int, high: int) -> int:
    """A stored whole number brought into ``low..high``; ``default`` if it is none."""
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return min(max(value, low), high)


def read_bool(value: Any, *, default: bool) -> bool:
    return value if isinstance(value, bool) else default


def read_card_ids(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(sorted({i for i in value if isinstance(i, int) and not isinstance(i, bool)}))
