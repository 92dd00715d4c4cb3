"""The word cloud in the facilitator's forms: answers per person (workshop editor), an
answer written on paper (run page), and the words of the cloud with "Hide from the
cloud" / "Show again" (run page, ``run_panel``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from pari import web
from pari.i18n import _, ngettext
from pari.steps.word_cloud import DEFAULT_ANSWERS, MAX_ANSWERS
from pari.steps.word_cloud import moderation as mod
from pari.text import md_escape

Change = tuple[Callable[[Any], Any], str]
WORDS_SHOWN = 40  # words in the panel; a toggle shows the rest (each row is a button)
_FEEDBACK_KEY = "word_cloud_feedback"  # (word key, done, message) under the word acted on


def settings_fields(cfg: dict) -> dict:
    return {
        "max_answers": int(
            st.number_input(
                _("Answers per person"),
                min_value=1,
                max_value=MAX_ANSWERS,
                value=int(cfg.get("max_answers", DEFAULT_ANSWERS)),
                help=_("Each person sends up to this many answers of one to three words."),
            )
        )
    }


def paper_form(*, user, step, cfg: dict, participant_id: int, cards: list) -> Change | None:
    """The answer's field and its button; the change to apply once it is pressed."""
    del cards
    st.caption(_("One to three words; at most {n} answers a person.").format(n=cfg["max_answers"]))
    text = st.text_input(_("Answer"))
    if not st.form_submit_button(_("Add answer")):
        return None
    return (
        lambda s: mod.add_paper_word(
            session=s, user=user, participant_id=participant_id, step_id=step.id, text=text
        ),
        _("Answer added."),
    )


def run_panel(user, workshop, step) -> None:
    """The step's words by answers, each hidden from the cloud or shown again in one tap
    (its answers stay stored and exported)."""
    st.subheader(_("Words of the cloud"), anchor=False)
    _words_panel(workshop.id, step.id)


@st.fragment(run_every=5)
def _words_panel(workshop_id: int, step_id: int) -> None:
    # As the database has it at this tick, not at the page's run.
    user = web.fragment_user(workshop_id)
    try:
        with web.db() as session:
            words = mod.word_list(session=session, user=user, step_id=step_id)
    except web.DB_BUSY:
        st.caption(_("One moment: the server is busy."))
        return
    if words.empty:
        st.caption(_("No answers yet."))
        return
    hidden = int(words.hidden.sum())
    st.caption(
        _("{shown} words in the cloud · {hidden} hidden").format(
            shown=len(words) - hidden, hidden=hidden
        )
    )
    rows = list(words.itertuples())
    if len(rows) > WORDS_SHOWN and not st.toggle(
        _("Show all {n} words").format(n=len(rows)), key=f"words_all_{step_id}"
    ):
        rows = rows[:WORDS_SHOWN]
    for row in rows:
        with st.container(border=True, key=f"word_row_{step_id}_{row.word_id}"):
            text, action = st.columns([4, 1.4], vertical_alignment="center")
            facts = [
                ngettext("{n} answer", "{n} answers", int(row.answers)).format(n=int(row.answers))
            ]
            if row.hidden:
                facts.append(_("Hidden from the cloud"))
            text.text(row.text, width="stretch")
            text.caption(md_escape(" · ".join(facts)))
            service, label, done = (
                (mod.show_word, _("Show again"), _("The word is back in the cloud."))
                if row.hidden
                else (mod.hide_word, _("Hide from the cloud"), _("The word is hidden."))
            )
            action.button(
                label,
                key=f"word_toggle_{step_id}_{row.word_id}_{int(row.hidden)}",
                on_click=web.act,
                args=(
                    _FEEDBACK_KEY,
                    row.key,
                    partial(service, user=user, step_id=step_id, key=row.key),
                    done,
                ),
            )
            web.feedback(_FEEDBACK_KEY, row.key)
