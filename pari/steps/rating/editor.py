"""The rating scale in the facilitator's forms: its statements and scale (workshop
editor) and one person's ratings from paper (run page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from pari import steps
from pari.i18n import _
from pari.labels import text_label
from pari.models import StepKind
from pari.steps.form_texts import kept_lines, lines
from pari.steps.rating import DONT_KNOW_TEXT, SCALE_LABELS, SCALES
from pari.steps.rating.chart import value_name
from pari.steps.rating.models import MAX_STATEMENTS
from pari.steps.rating.rules import rate_on_paper
from pari.text import md_escape

Change = tuple[Callable[[Any], Any], str]
NOT_GIVEN = "–"


def settings_fields(cfg: dict) -> dict:
    text = st.text_area(
        _("Statements (one a line, at most {n})").format(n=MAX_STATEMENTS),
        value="\n".join(text_label(s) for s in cfg["statements"]),
        height=140,
        help=_(
            "Once someone has rated, statements can only be added at the end, and the scale stays."
        ),
    )
    scale = st.radio(
        _("Scale"),
        list(SCALES),
        index=list(SCALES).index(cfg["scale"]) if cfg["scale"] in SCALES else 0,
        format_func=lambda s: _(SCALE_LABELS[s]),
        horizontal=True,
    )
    return {"statements": kept_lines(lines(text), cfg["statements"]), "scale": scale}


def paper_form(*, user, step, cfg: dict, participant_id: int, cards: list) -> Change | None:
    """A choice per statement ("–" leaves it as it is) and the button; the change to
    apply once it is pressed."""
    del cards
    settings = steps.get(StepKind.RATING).read(cfg, dot_budget=5)
    options: list[Any] = [NOT_GIVEN, *settings.values, None]

    def label(option: Any) -> str:
        if option == NOT_GIVEN:
            return NOT_GIVEN
        return _(DONT_KNOW_TEXT) if option is None else value_name(settings, option)

    chosen = {
        i: st.selectbox(f"{i + 1}. " + md_escape(text_label(s)[:120]), options, format_func=label)
        for i, s in enumerate(settings.statements)
        if s
    }
    if not st.form_submit_button(_("Save ratings")):
        return None
    ratings = {i: v for i, v in chosen.items() if v != NOT_GIVEN}
    if not ratings:
        st.warning(_("Choose a rating for at least one statement."))
        return None
    return (
        lambda s: rate_on_paper(
            session=s,
            user=user,
            participant_id=participant_id,
            step_id=step.id,
            ratings=ratings,
        ),
        _("Ratings saved."),
    )
