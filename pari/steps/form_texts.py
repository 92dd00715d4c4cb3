"""Texts of the workshop editor's forms, as typed and as stored (no Streamlit).

Texts from a template are stored as English message ids and shown translated, in the
forms too. A text left as shown keeps its message id, so it stays translated for
everyone; a text the facilitator changed is stored as typed.
"""

from __future__ import annotations

from pari.labels import text_label


def lines(text: str) -> list[str]:
    """The non-empty lines of a text area, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def kept(typed: str, stored: str) -> str:
    return stored if typed.strip() == text_label(stored).strip() else typed


def kept_lines(typed: list[str], stored: list[str]) -> list[str]:
    by_shown = {text_label(s, among=stored): s for s in stored}
    return [by_shown.get(line, line) for line in typed]
