"""The assessment in the workshop editor: built-in readiness dimensions and one's own."""

from __future__ import annotations

import streamlit as st

from pari.i18n import _
from pari.labels import READINESS_DIMENSIONS, dimension_label
from pari.steps.form_texts import lines


def settings_fields(cfg: dict) -> dict:
    builtin = [d for d in cfg["dimensions"] if d in READINESS_DIMENSIONS]
    custom = [d for d in cfg["dimensions"] if d not in READINESS_DIMENSIONS]
    chosen = st.multiselect(
        _("Readiness dimensions"),
        list(READINESS_DIMENSIONS),
        default=builtin,
        format_func=dimension_label,
        placeholder=_("Choose options"),
    )
    extra = st.text_area(_("Own dimensions (one a line)"), value="\n".join(custom), height=80)
    return {"dimensions": chosen + lines(extra)}
