from __future__ import annotations

import pytest

from pari.text import NotText, TextMissing, TextTooLong, clean, shorten


@pytest.mark.parametrize(
    "raw,multiline,expected",
    [
        ("  hello  ", True, "hello"),
        ("a\x00b\x07c\x1bd", True, "abcd"),
        ("price \u202e0001\u202c EUR", True, "price 0001 EUR"),
        ("Ze\u0301", True, "Zé"),
        ("one\r\ntwo\n\n\n\nthree", True, "one\ntwo\n\nthree"),
        ("one\r\ntwo\n\n\n\nthree", False, "one two three"),
        ("\t=1+1", True, "=1+1"),
        ("<b>kept</b> [as](written)", True, "<b>kept</b> [as](written)"),
        ("🌾 مرحبا", True, "🌾 مرحبا"),
    ],
)
def test_clean(raw, multiline, expected):
    assert clean(raw, max_len=100, multiline=multiline) == expected


def test_refusals():
    with pytest.raises(TextMissing):
        clean(" \x00 \n ", max_len=10)
    assert clean(None, max_len=10, required=False) == ""
    with pytest.raises(TextTooLong) as info:
        clean("x" * 11, max_len=10)
    assert (info.value.limit, info.value.length) == (10, 11)
    with pytest.raises(NotText):
        clean(42, max_len=10)


def test_shorten_keeps_short_text_and_cuts_long_text_to_the_limit():
    assert shorten("  Bus   twice\n a day ", 40) == "Bus twice a day"
    cut = shorten("A shop " * 20, 40)
    assert len(cut) == 40 and cut.endswith("…")
