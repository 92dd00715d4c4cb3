"""The dot vote in the facilitator's forms: its budget and cap (workshop editor) and
one person's dots from paper (run page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from pari import moderation
from pari.i18n import _
from pari.models import MAX_DOT_BUDGET
from pari.text import md_escape

Change = tuple[Callable[[Any], Any], str]


def settings_fields(cfg: dict) -> dict:
    c1, c2 = st.columns(2)
    return {
        "budget": int(
            c1.number_input(
                _("Dots per person"), min_value=1, max_value=MAX_DOT_BUDGET, value=cfg["budget"]
            )
        ),
        "per_card_cap": int(
            c2.number_input(
                _("Most dots on one card"),
                min_value=1,
                max_value=MAX_DOT_BUDGET,
                value=cfg["per_card_cap"],
            )
        ),
    }


def paper_form(*, user, step, cfg: dict, participant_id: int, cards: list) -> Change | None:
    """A count per offered card and the button; the change to apply once it is pressed."""
    st.caption(
        _("{budget} dots, at most {cap} on one card.").format(
            budget=cfg["budget"], cap=cfg["per_card_cap"]
        )
    )
    dots = {
        c.id: st.number_input(
            # The card's number keeps two cards that start alike apart, without a key:
            # the run page's form then starts empty after each entry (pages/run_cards.py).
            f"{md_escape(c.text[:80])} · #{c.id}",
            min_value=0,
            max_value=cfg["per_card_cap"],
        )
        for c in cards
    }
    if not st.form_submit_button(_("Save dots")):
        return None
    return (
        lambda s: moderation.set_paper_dots(
            session=s,
            user=user,
            participant_id=participant_id,
            step_id=step.id,
            dots={k: int(v) for k, v in dots.items()},
        ),
        _("Dots saved."),
    )
