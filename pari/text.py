"""Text as stored, from any input a person can send (DESIGN section 6).

One cleaner for every text field, phone or facilitator: NFC, control and
bidi-override characters removed, white space tidied, length checked. Anything
else (emoji, right-to-left script, HTML, Markdown, formulas) is kept as written;
pages show it as plain text and exports neutralise formulas.

``md_escape`` is the one rule for text that reaches a Streamlit call which draws
Markdown (headers, alerts, captions, widget labels, radio and segmented options,
expander, tab, button and metric labels): it comes out as written, never as a link,
bold, a heading, a colour directive, LaTeX or an auto-linked address.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

# C0 and C1 control characters except newline; bidi embeddings, overrides and
# isolates (they can make a card read backwards on the wall); lone surrogates;
# the byte-order mark.
_STRIP = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
# Every ASCII punctuation character: CommonMark lets each be escaped with a backslash
# and reads it back as itself, whatever the construct it could start.
_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Where md_escape puts a word joiner, and only there (so that text stays findable as
# typed): inside what an auto-link or an icon shortcode needs ("http:|//", "a@|b",
# "www|.", ":|material_x:"), and inside an arrow or dash Streamlit would rewrite.
WORD_JOINER = "\u2060"
_MD_AUTOLINK = re.compile(r"(?<=:)(?=//|[a-z])|(?<=@)(?=\w)|(?<=www)(?=\.)", re.IGNORECASE)
_MD_TYPOGRAPHY = re.compile(r"(?<!\S)(?=(?:<->|->|<-|--|>=|<=|~=)(?!\S))(.)")


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


def md_escape(text: str) -> str:
    """Text a person wrote (or a URL carried), for a Streamlit call that draws Markdown.

    Two steps, both needed (checked in Chromium against Streamlit 1.67's renderer):
    every ASCII punctuation character gets a backslash, which Markdown reads as the
    character itself, so no link, emphasis, heading, list, HTML, entity (``&amp;``),
    directive (``:red[...]``) or LaTeX (``$``) is parsed. But some rewrites run on the
    text after parsing, where the backslashes are gone: GitHub-style auto-links of
    ``http://``, ``www.`` and ``a@b.c``, Streamlit's ``:material_x:`` and ``:streamlit:``
    icons and its typographic arrows and dashes (`` -> ``, `` -- ``, `` >= ``...). An
    invisible word joiner (U+2060) breaks each of those patterns, and is put nowhere
    else. A line break stays a line break. Not for plain-text elements (``st.text``,
    select box and multiselect options, tables): they would show the backslashes.
    """
    text = _MD_TYPOGRAPHY.sub("\\1" + WORD_JOINER, _MD_AUTOLINK.sub(WORD_JOINER, text))
    return _MD_PUNCTUATION.sub(r"\\\1", text).replace("\n", "  \n")


def md_message(template: str, params: Mapping[str, object] | None = None) -> str:
    """One of our messages (already translated) for a call that draws Markdown, filled
    with ``params`` that may hold anyone's text (a title, a username, a ``?w=`` value):
    the text params go through ``md_escape``, the message's own words stay as written."""
    if not params:
        return template
    return template.format(
        **{k: md_escape(v) if isinstance(v, str) else v for k, v in params.items()}
    )
