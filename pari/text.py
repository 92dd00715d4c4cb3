"""Text as stored, from any input a person can send (DESIGN section 6).

One cleaner for every text field, phone or facilitator: NFC, control and
bidi-override characters removed, white space tidied, length checked. Anything
else (emoji, right-to-left script, HTML, Markdown, formulas) is kept as written;
pages show it as plain text and exports neutralise formulas.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 control characters except newline; bidi embeddings, overrides and
# isolates (they can make a card read backwards on the wall); lone surrogates;
# the byte-order mark.
_STRIP = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


class TextTooLong(ValueError):
    def __init__(self, *, limit: int, length: int) -> None:
        super().__init__(f"at most {limit} characters, got {length}")
        self.limit = limit
        self.length = length


class TextMissing(ValueError):
    pass


class NotText(ValueError):
    pass


def clean(raw: object, *, max_len: int, required: bool = True, multiline: bool = True) -> str:
    """The text to store. Raises NotText, TextMissing or TextTooLong; callers word the message."""
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise NotText()
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = unicodedata.normalize("NFC", _STRIP.sub("", text))
    if multiline:
        text = _MANY_BLANK_LINES.sub("\n\n", "\n".join(line.rstrip() for line in text.split("\n")))
    else:
        text = " ".join(text.split())
    text = text.strip()
    if required and not text:
        raise TextMissing()
    if len(text) > max_len:
        raise TextTooLong(limit=max_len, length=len(text))
    return text


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut with an ellipsis (menus, labels)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
