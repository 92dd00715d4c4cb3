"""The matrix in the workshop editor: its two criteria, and whether one may pass."""

from __future__ import annotations

import streamlit as st

from pari.i18n import _
from pari.labels import text_label
from pari.steps.form_texts import kept


def settings_fields(cfg: dict) -> dict:
    c1, c2 = st.columns(2)
    first, second = cfg["criteria"][0], cfg["criteria"][1]
    return {
        "criteria": [
            kept(
                c1.text_input(_("First criterion (across)"), value=text_label(first)),
                first,
            ),
            kept(
                c2.text_input(_("Second criterion (up)"), value=text_label(second)),
                second,
            ),
        ],
        "passes": st.checkbox(
            _("Phones also offer “I pass” on each card, counted apart from the scores"),
            value=bool(cfg.get("passes")),
        ),
    }
