"""A shared corpus of strings a phone (or a careless paste) can send (DESIGN section 6).

Each is either refused with a message or stored and shown as plain text, and
exported neutralised. Tests in several files draw on it.
"""

from __future__ import annotations

HOSTILE: dict[str, str] = {
    "very_long": "Lorem ipsum dolor sit amet " * 400,
    "emoji": "🌾🐄🚜 Cooperativa 👩🏽‍🌾 with ZWJ 👨‍👩‍👧",
    "combining": "Ze\u0301 Mari\u0301a Ñandu\u0301 e\u0300\u0301\u0302\u0303 Z̸̡̛a̶͉̓l̴g̵o̷",
    "rtl": "مرحبا بالتعاونية עמותה של הכפר",
    "bidi_override": "price \u202e0001\u202c EUR",
    "nul_and_controls": "Card\x00with\x01NUL\x07and\x1bcontrols\x7f",
    "html_script": "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "html_tags": "<b>bold</b> <a href='https://evil.example'>click</a>",
    "markdown_link": "[click me](https://evil.example) and ![img](https://evil.example/x.png)",
    "markdown_heading": "# BIG\n\n***bold italic*** `code` ~~strike~~ $x^2$",
    "formula_equals": '=HYPERLINK("https://evil.example","click")',
    "formula_plus": "+cmd|' /C calc'!A0",
    "formula_minus": "-2+3",
    "formula_at": "@SUM(A1:A9)",
    "formula_tab": "\t=1+1",
    "formula_cr": "\r=1+1",
    "sql": "'); DROP TABLE contribution; --",
    "newlines": "line one\r\nline two\n\n\n\nline three",
    "whitespace_only": " \t\n \u00a0 ",
    "lone_surrogate_like": "before \ufeff after",
}

FORMULA_KEYS = [k for k in HOSTILE if k.startswith("formula_")]
