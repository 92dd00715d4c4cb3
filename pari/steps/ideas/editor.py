"""The ideas step in the facilitator's forms: its categories (workshop editor) and a
card written on paper (run page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from pari import moderation
from pari.i18n import _
from pari.labels import category_label, text_label
from pari.steps.form_texts import kept_lines, lines

Change = tuple[Callable[[Any], Any], str]


def settings_fields(cfg: dict) -> dict:
    text = st.text_area(
        _("Categories (one a line)"),
        value="\n".join(text_label(c, among=cfg["categories"]) for c in cfg["categories"]),
        height=120,
    )
    return {"categories": kept_lines(lines(text), cfg["categories"])}


def paper_form(*, user, step, cfg: dict, participant_id: int, cards: list) -> Change | None:
    """The card's fields and its button; the change to apply once it is pressed."""
    del cards
    text = st.text_area(_("Card"))
    cats = cfg.get("categories", [])
    category = (
        st.selectbox(_("Category"), cats, format_func=lambda c: category_label(c, cats))
        if cats
        else None
    )
    if not st.form_submit_button(_("Add card")):
        return None
    return (
        lambda s: moderation.add_paper_card(
            session=s,
            user=user,
            participant_id=participant_id,
            step_id=step.id,
            text=text,
            category=category,
        ),
        _("Card added."),
    )
