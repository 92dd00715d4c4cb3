"""The run page's card work: moderating the cards of the step that matters now, and
entering answers on paper for someone without a phone (drawn by ``pages/run.py``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages.workshops import apply_change, show_error
from pari import moderation as mod
from pari import steps as step_kinds
from pari import web
from pari import workshops as ws
from pari.accounts import AuthUser
from pari.i18n import _
from pari.labels import category_label, group_label, text_label
from pari.models import StakeholderGroup, Step, StepState, Workshop
from pari.permissions import NotAllowed
from pari.phone.cards import step_cards
from pari.text import md_escape

# --- moderation -------------------------------------------------------------------------


def _card_step(current: Step, steps: list[Step]) -> Step | None:
    """The ideas step whose cards matter now: the current one, or the one it draws from."""
    if step_kinds.get(current.kind).writes_cards:
        return current
    if current.source_step_id:
        return next((s for s in steps if s.id == current.source_step_id), None)
    return None


def moderation(user: AuthUser, workshop: Workshop, current: Step, steps: list[Step]) -> None:
    source = _card_step(current, steps)
    if source is None:
        return
    st.subheader(_("Cards of “{step}”").format(step=md_escape(text_label(source.title))))
    _cards_panel(workshop.id, source.id)


@st.fragment(run_every=5)
def _cards_panel(workshop_id: int, step_id: int) -> None:
    # As the database has it at this tick, not at the page's run.
    user = web.fragment_user(workshop_id)
    try:
        with web.db() as session:
            cards = mod.list_cards(session=session, user=user, step_id=step_id)
            step = session.get(Step, step_id)
            categories = ws.step_config(step).get("categories", [])
            groups = mod.card_groups(session=session, cards=cards)
    except web.DB_BUSY:
        st.caption(_("One moment: the server is busy."))
        return
    if not cards:
        st.caption(_("No cards yet."))
        return
    rows = [
        {
            "#": c.id,
            _("Card"): c.text,
            _("Category"): category_label(c.category, categories) if c.category else "",
            _("Group"): group_label(groups.get(c.id), short=True),
            _("Shown"): not c.hidden and c.merged_into_id is None,
            _("Merged into"): c.merged_into_id,
            _("Paper"): c.entered_by_user_id is not None,
        }
        for c in cards
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    labels = {c.id: f"#{c.id} {c.text[:60]}" for c in cards}
    with st.form(f"moderate_{step_id}", enter_to_submit=False):
        card_id = st.selectbox(_("Card"), list(labels), format_func=labels.get)
        action = st.radio(
            _("Action"),
            ["hide", "restore", "category", "merge"],
            format_func={
                "hide": _("Hide"),
                "restore": _("Restore"),
                "category": _("Move to category"),
                "merge": _("Merge these duplicates into it"),
            }.get,
            horizontal=True,
        )
        category = (
            st.selectbox(
                _("Category"), categories, format_func=lambda c: category_label(c, categories)
            )
            if categories
            else None
        )
        duplicates = st.multiselect(_("Duplicates"), [i for i in labels], format_func=labels.get)
        if st.form_submit_button(_("Apply")):
            changes = {
                "hide": lambda s: mod.hide_card(session=s, user=user, card_id=card_id),
                "restore": lambda s: mod.restore_card(session=s, user=user, card_id=card_id),
                "category": lambda s: mod.set_category(
                    session=s, user=user, card_id=card_id, category=category or ""
                ),
                "merge": lambda s: mod.merge_cards(
                    session=s, user=user, keep_id=card_id, duplicate_ids=duplicates
                ),
            }
            try:
                with web.db() as session:
                    changes[action](session)
            except (ws.WorkshopError, NotAllowed) as exc:
                show_error(exc)
                return
            st.rerun()


# --- paper input ------------------------------------------------------------------------


def paper_input(user: AuthUser, workshop: Workshop, current: Step, steps: list[Step]) -> None:
    kind = step_kinds.get(current.kind)
    if not kind.has_paper_input:
        return
    with st.expander(_("Paper input: enter for someone without a phone")):
        with web.db() as session:
            people = mod.paper_participants(session=session, workshop_id=workshop.id)
            cards = step_cards(session=session, step=current) if kind.draws_on_ideas else []
        with st.form(f"paper_person_{workshop.id}", clear_on_submit=True, enter_to_submit=False):
            st.markdown(_("**A new person on paper**"))
            group = st.selectbox(
                _("Stakeholder group"), list(StakeholderGroup), format_func=group_label
            )
            name = st.text_input(_("Name (optional)"))
            consent = st.checkbox(_("They agreed to how answers are used"), value=False)
            if st.form_submit_button(_("Add person")):
                apply_change(
                    lambda s: mod.add_paper_participant(
                        session=s,
                        user=user,
                        workshop_id=workshop.id,
                        group=group,
                        name=name,
                        consent=consent,
                    ),
                    _("Person added."),
                )
        if not people:
            return
        names = {
            p.id: f"{p.name or _('Anonymous')} · {group_label(p.group, short=True)} (#{p.id})"
            for p in people
        }
        if current.state is not StepState.OPEN:
            st.caption(_("Paper input goes in while the step is open, as on phones."))
        with st.form(f"paper_entry_{current.id}", clear_on_submit=True, enter_to_submit=False):
            who = st.selectbox(_("For"), list(names), format_func=names.get)
            entry = step_kinds.ui(current.kind, "editor").paper_form(
                user=user,
                step=current,
                cfg=ws.step_config(current, dot_budget=workshop.dot_budget),
                participant_id=who,
                cards=cards,
            )
            if entry is not None:
                apply_change(*entry)
