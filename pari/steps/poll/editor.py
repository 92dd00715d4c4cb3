"""The poll in the workshop editor: its options, and whether several may be chosen."""

from __future__ import annotations

import streamlit as st

from pari.i18n import _
from pari.labels import text_label
from pari.steps.form_texts import kept_lines, lines


def settings_fields(cfg: dict) -> dict:
    text = st.text_area(
        _("Options (one a line)"),
        value="\n".join(text_label(o) for o in cfg["options"]),
        height=120,
    )
    return {
        "options": kept_lines(lines(text), cfg["options"]),
        "multiple": st.checkbox(_("Several answers allowed"), value=cfg["multiple"]),
        "other": st.checkbox(
            _("The last option takes a written answer (“Other”)"), value=bool(cfg.get("other"))
        ),
        "no_opinion": st.checkbox(
            _("Phones also offer “No opinion”, counted apart from the options"),
            value=bool(cfg.get("no_opinion")),
        ),
    }
