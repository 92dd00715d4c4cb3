"""The questions step in the facilitator's forms: its settings (workshop editor), a
question from paper, and the moderation panel (run page)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from pari import web
from pari.i18n import _
from pari.labels import group_label
from pari.steps.questions import MODERATED_FIELD, NAMES_FIELD, moderate
from pari.steps.questions.models import QuestionStatus

Change = tuple[Callable[[Any], Any], str]
REFRESH_SECONDS = 5
SHOWN_ON_PANEL = 40  # questions listed by upvotes; a toggle shows the rest
_FEEDBACK_KEY = "questions_feedback"  # (question id, done, message) under the one acted on
_GENERATION_KEY = "questions_generation"


def settings_fields(cfg: dict) -> dict:
    return {
        "moderated": st.checkbox(
            _(MODERATED_FIELD),
            value=bool(cfg.get("moderated")),
            help=_(
                "Questions wait on the run page until you approve them. Switching this on "
                "later keeps the questions already shown on show."
            ),
        ),
        "names": st.checkbox(
            _(NAMES_FIELD),
            value=bool(cfg.get("names")),
            help=_(
                "Off: every question is anonymous. On: each person chooses, question by "
                "question (unticked at first), whether their name shows with it."
            ),
        ),
    }


def paper_form(*, user, step, cfg: dict, participant_id: int, cards: list) -> Change | None:
    """A question written on paper or said aloud; the change to apply once sent."""
    del cards
    text = st.text_area(_("Question"))
    show_name = (
        st.checkbox(_("Show their name with this question"), value=False)
        if cfg.get("names")
        else False
    )
    if not st.form_submit_button(_("Add question")):
        return None
    return (
        lambda s: moderate.add_paper_question(
            session=s,
            user=user,
            participant_id=participant_id,
            step_id=step.id,
            text=text,
            show_name=bool(show_name),
        ),
        _("Question added."),
    )


# --- the run page: moderation ------------------------------------------------------------


def run_panel(user, workshop, step) -> None:
    st.subheader(_("Questions"), anchor=False)
    _panel(workshop.id, step.id)


@st.fragment(run_every=REFRESH_SECONDS)
def _panel(workshop_id: int, step_id: int) -> None:
    """Waiting questions first with Approve, then the list by upvotes with Pin, Answered
    and Hide; one tap acts, and the question says so."""
    user = web.fragment_user(workshop_id)  # as the database has it at this tick
    try:
        with web.db() as session:
            questions = moderate.run_list(session=session, user=user, step_id=step_id)
    except web.DB_BUSY:
        st.caption(_("One moment: the server is busy."))
        return
    if not questions:
        st.caption(_("No questions yet."))
        return
    waiting = [q for q in questions if q.status is QuestionStatus.PENDING]
    listed = [q for q in questions if q.status is not QuestionStatus.PENDING]
    hidden = sum(q.status is QuestionStatus.HIDDEN for q in questions)
    st.caption(
        _("{waiting} waiting · {shown} on the list · {hidden} hidden").format(
            waiting=len(waiting), shown=len(listed) - hidden, hidden=hidden
        )
    )
    generation = st.session_state.get(_GENERATION_KEY, 0)
    if waiting:
        st.markdown("**" + _("Waiting for approval") + "**")
        for q in waiting:
            _row(user, q, generation)
    if len(listed) > SHOWN_ON_PANEL and not st.toggle(
        _("Show all {n} questions").format(n=len(listed)), key=f"q_all_{step_id}"
    ):
        listed = listed[:SHOWN_ON_PANEL]
    for q in listed:
        _row(user, q, generation)


def _row(user, q: moderate.RunQuestion, generation: int) -> None:
    with st.container(border=True, key=f"q_row_{q.id}"):
        text, actions = st.columns([3, 2], vertical_alignment="center")
        facts = [f"#{q.number}", group_label(q.group or None, short=True), f"▲ {q.upvotes}"]
        if q.name:
            facts.append(q.name)
        if q.paper:
            facts.append(_("Paper"))
        facts.append(_STATUS[q.status]())
        if q.pinned:
            facts.insert(0, "📌 " + _("Now being answered"))
        text.text(" · ".join(facts))
        text.text(q.text, width="stretch")
        buttons = _buttons(q)
        with actions, st.container(horizontal=True):
            for name, label, service, done in buttons:
                st.button(
                    label,
                    key=f"q_{name}_{q.id}_{generation}",
                    type="primary" if name in ("approve", "pin") else "secondary",
                    on_click=_act,
                    args=(q.id, partial(service, user=user, question_id=q.id), done),
                )
        web.feedback(_FEEDBACK_KEY, q.id)


_STATUS = {
    QuestionStatus.PENDING: lambda: _("Waiting for approval"),
    QuestionStatus.SHOWN: lambda: _("On the list"),
    QuestionStatus.ANSWERED: lambda: _("Answered"),
    QuestionStatus.HIDDEN: lambda: _("Hidden"),
}


def _buttons(q: moderate.RunQuestion) -> list[tuple[str, str, Callable, str]]:
    hide = ("hide", _("Hide"), moderate.hide, _("Question hidden."))
    if q.status is QuestionStatus.PENDING:
        return [("approve", _("Approve"), moderate.approve, _("Question approved.")), hide]
    if q.status is QuestionStatus.HIDDEN:
        return [("show", _("Show again"), moderate.show_again, _("Question back on the list."))]
    pin = (
        ("unpin", _("Unpin"), moderate.unpin, _("Question unpinned."))
        if q.pinned
        else ("pin", _("Pin"), moderate.pin, _("Question pinned."))
    )
    if q.status is QuestionStatus.ANSWERED:
        return [
            ("show", _("Not answered"), moderate.show_again, _("Question back on the list.")),
            hide,
        ]
    return [pin, ("answered", _("Answered"), moderate.mark_answered, _("Marked answered.")), hide]


def _act(question_id: int, change: Callable[..., object], done: str) -> None:
    """A button's callback: one transaction, then a word under the question acted on."""
    web.act(_FEEDBACK_KEY, question_id, change, done)
    st.session_state[_GENERATION_KEY] = st.session_state.get(_GENERATION_KEY, 0) + 1
