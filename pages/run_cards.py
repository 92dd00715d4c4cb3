"""The run page's card work: moderating the cards of the step that matters now, and
entering answers on paper for someone without a phone (drawn by ``pages/run.py``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from pages import run_themes
from pages.workshops import apply_change
from pari import duplicates, i18n, web
from pari import moderation as mod
from pari import steps as step_kinds
from pari import workshops as ws
from pari.accounts import AuthUser
from pari.i18n import N_, _
from pari.labels import category_label, group_label, text_label
from pari.models import Contribution, StakeholderGroup, Step, StepKind, StepState, Workshop
from pari.phone.cards import step_cards
from pari.phone.errors import StepClosed
from pari.steps.ideas import theming
from pari.text import md_escape, shorten

# --- moderation -------------------------------------------------------------------------


def card_step(current: Step, steps: list[Step]) -> Step | None:
    """The ideas step whose cards matter now: the current one, or the one it draws from."""
    if step_kinds.get(current.kind).writes_cards:
        return current
    if current.source_step_id:
        return next((s for s in steps if s.id == current.source_step_id), None)
    return None


def moderation(user: AuthUser, workshop: Workshop, current: Step, steps: list[Step]) -> None:
    source = card_step(current, steps)
    if source is None:
        return
    st.subheader(
        _("Cards of “{step}”").format(step=md_escape(text_label(source.title))), anchor=False
    )
    if source.kind is StepKind.IDEAS:
        run_themes.themes(user, source)
    _cards_panel(workshop.id, source.id)


@st.fragment(run_every=5)
def _cards_panel(workshop_id: int, step_id: int) -> None:
    """Each card with its actions where it is shown: one tap acts, and the card says so."""
    # As the database has it at this tick, not at the page's run.
    user = web.fragment_user(workshop_id)
    try:
        with web.db() as session:
            cards = mod.list_cards(session=session, user=user, step_id=step_id)
            step = session.get(Step, step_id)
            categories = ws.step_config(step).get("categories", [])
            groups = mod.card_groups(session=session, cards=cards)
        languages = theming.card_languages(cards)  # none on a wall of one language
    except web.DB_BUSY:
        st.caption(_("One moment: the server is busy."))
        return
    if not cards:
        st.caption(_("No cards yet."))
        return
    kept = [c for c in cards if c.merged_into_id is None]
    merged_here: dict[int, list[Contribution]] = {}
    for card in cards:
        if card.merged_into_id is not None:
            merged_here.setdefault(card.merged_into_id, []).append(card)
    on_wall = [c for c in kept if not c.hidden]
    st.caption(
        _("{shown} on the wall · {hidden} hidden · {merged} merged").format(
            shown=len(on_wall), hidden=len(kept) - len(on_wall), merged=len(cards) - len(kept)
        )
    )
    # Widget keys carry a generation that moves on with every action: stale choices go.
    generation = st.session_state.get(_GENERATION_KEY, 0)
    dismissed = st.session_state.setdefault(_DISMISSED_KEY, set())
    _suggestions(user, duplicates.suggestions(cards, dismissed=dismissed), generation)
    newest_first = kept[::-1]
    if len(newest_first) > CARDS_SHOWN and not st.toggle(
        _("Show all {n} cards").format(n=len(newest_first)), key=f"mod_all_{step_id}"
    ):
        newest_first = newest_first[:CARDS_SHOWN]
    for card in newest_first:
        _card_row(
            user,
            card,
            categories=categories,
            group=groups.get(card.id),
            language=languages.get(card.id),
            on_wall=on_wall,
            merged=merged_here.get(card.id, []),
            generation=generation,
        )


CARDS_SHOWN = 40  # the newest cards; a toggle shows the rest (each row is a few widgets)
_GENERATION_KEY = "moderation_generation"
# Duplicate suggestions this facilitator said are not the same: (keep id, duplicate id)
_DISMISSED_KEY = "moderation_not_duplicates"
# (card id, done, a message or a refusal) shown under the card acted on, until the next action
_FEEDBACK_KEY = "moderation_feedback"


def _act(card_id: int, change: Callable[..., object], done: str) -> None:
    """A card action's callback: one transaction, then a word under the card acted on."""
    web.act(_FEEDBACK_KEY, card_id, change, done)
    _bump(_GENERATION_KEY)


def _suggestions(user: AuthUser, found: list[duplicates.Suggestion], generation: int) -> None:
    if not found:
        return
    st.markdown(_("**Possible duplicates**"))
    for suggestion in found:
        keep, dup = suggestion.keep, suggestion.duplicate
        with st.container(border=True):
            text, action = st.columns([4, 1], vertical_alignment="center")
            text.text(f"“{dup.text}”\n→ “{keep.text}”", width="stretch")
            text.caption(_("{similarity} % alike").format(similarity=suggestion.similarity))
            action.button(
                _("Merge"),
                key=f"suggest_{dup.id}_{keep.id}_{generation}",
                help=_("Merge the newer card into the older one."),
                on_click=_act,
                args=(
                    keep.id,
                    partial(mod.merge_cards, user=user, keep_id=keep.id, duplicate_ids=[dup.id]),
                    _("Cards merged."),
                ),
            )
            action.button(
                _("Not the same"),
                key=f"not_same_{dup.id}_{keep.id}_{generation}",
                help=_("Keep both cards and stop suggesting this pair."),
                on_click=_not_the_same,
                args=(keep.id, dup.id),
            )


def _not_the_same(keep_id: int, duplicate_id: int) -> None:
    """A suggestion the facilitator turned down: not offered again in this session."""
    st.session_state.setdefault(_DISMISSED_KEY, set()).add((keep_id, duplicate_id))
    _bump(_GENERATION_KEY)


def _card_row(
    user: AuthUser,
    card: Contribution,
    *,
    categories: list[str],
    group: str | None,
    language: str | None,
    on_wall: list[Contribution],
    merged: list[Contribution],
    generation: int,
) -> None:
    """One card, its state, and its actions: hide or restore in one tap; move or merge
    from a popover drawn only while open."""
    with st.container(border=True, key=f"mod_card_{card.id}"):
        text, toggle, more = st.columns([4, 1.1, 2.1], vertical_alignment="center")
        facts = [f"#{card.id}", group_label(group, short=True)]
        if card.category:
            facts.insert(1, category_label(card.category, categories))
        if language:
            facts.append(i18n.language_name(language))
        if card.entered_by_user_id is not None:
            facts.append(_("Paper"))
        if card.hidden:
            facts.append(_("Hidden from the wall"))
        text.caption(md_escape(" · ".join(facts)))
        text.text(card.text, width="stretch")
        for other in merged:
            text.caption(_("Merged here: {text}").format(text=md_escape(other.text)))
        name, label, service, done = (
            ("restore", _("Restore"), mod.restore_card, _("Card back on the wall."))
            if card.hidden
            else ("hide", _("Hide"), mod.hide_card, _("Card hidden."))
        )
        toggle.button(
            label,
            key=f"{name}_{card.id}_{generation}",
            on_click=_act,
            args=(card.id, partial(service, user=user, card_id=card.id), done),
        )
        if not card.hidden:  # a hidden card is restored first, then moved or merged
            with more.popover(
                _("Move or merge"), key=f"more_{card.id}_{generation}", on_change="rerun"
            ) as box:
                if box.open:
                    _move_or_merge(user, card, categories, on_wall, generation)
        web.feedback(_FEEDBACK_KEY, card.id)


def _move_or_merge(
    user: AuthUser,
    card: Contribution,
    categories: list[str],
    on_wall: list[Contribution],
    generation: int,
) -> None:
    """A choice here acts at once (no apply button): the card moves, or merges into
    another card on the wall."""
    if categories:
        key = f"category_{card.id}_{generation}"
        st.selectbox(
            _("Move to category"),
            [c for c in categories if c != card.category],
            index=None,
            placeholder=_("Choose an option"),
            format_func=lambda c: category_label(c, categories),
            key=key,
            on_change=lambda: _act(
                card.id,
                partial(
                    mod.set_category, user=user, card_id=card.id, category=st.session_state[key]
                ),
                _("Category changed."),
            ),
        )
    labels = {c.id: f"#{c.id} {shorten(c.text, 60)}" for c in on_wall if c.id != card.id}
    merge_key = f"merge_{card.id}_{generation}"
    st.selectbox(
        _("Merge into"),
        list(labels),
        index=None,
        placeholder=_("Choose an option"),
        format_func=labels.get,
        key=merge_key,
        on_change=lambda: _act(
            st.session_state[merge_key],
            partial(
                mod.merge_cards,
                user=user,
                keep_id=st.session_state[merge_key],
                duplicate_ids=[card.id],
            ),
            _("Cards merged."),
        ),
    )


# --- paper input ------------------------------------------------------------------------


def paper_input(user: AuthUser, workshop: Workshop, current: Step, steps: list[Step]) -> None:
    kind = step_kinds.get(current.kind)
    if not kind.has_paper_input:
        return
    with st.expander(_("Paper input: enter for someone without a phone")):
        with web.db() as session:
            people = mod.paper_participants(session=session, workshop_id=workshop.id)
            cards = step_cards(session=session, step=current) if kind.draws_on_ideas else []
        # Not cleared on submit: a refused person keeps the group and name typed; the
        # form starts empty again (a new key) only once the person is added.
        form_key = f"paper_person_{workshop.id}_{st.session_state.get(_PERSON_FORM_KEY, 0)}"
        with st.form(form_key, enter_to_submit=False):
            st.markdown(_("**A new person on paper**"))
            group = st.selectbox(
                _("Stakeholder group"),
                list(StakeholderGroup),
                index=None,
                placeholder=_("Choose an option"),
                format_func=group_label,
                key=f"{form_key}_group",
            )
            name = st.text_input(_("Name (optional)"), key=f"{form_key}_name")
            consent = st.checkbox(
                _("They agreed to how answers are used"), value=False, key=f"{form_key}_consent"
            )
            if st.form_submit_button(_("Add person")):

                def add(session: Any) -> None:
                    mod.add_paper_participant(
                        session=session,
                        user=user,
                        workshop_id=workshop.id,
                        group=group or "",
                        name=name,
                        consent=consent,
                    )

                apply_change(partial(_then_a_new_form, add, _PERSON_FORM_KEY), _("Person added."))
        if not people:
            return
        names = {
            p.id: f"{p.name or _('Anonymous')} · {group_label(p.group, short=True)} (#{p.id})"
            for p in people
        }
        if current.state is not StepState.OPEN:
            st.caption(_("Paper input goes in while the step is open, as on phones."))
        # As the person's form: what was typed stays when it is refused, and an entry
        # that went in starts the next one empty (a new form key; the kinds' fields
        # have no keys of their own, so theirs are new too). The person stays chosen.
        entry_key = f"paper_entry_{current.id}_{st.session_state.get(_ENTRY_FORM_KEY, 0)}"
        with st.form(entry_key, enter_to_submit=False):
            who = st.selectbox(
                _("For"), list(names), format_func=names.get, key=f"paper_for_{current.id}"
            )
            entry = step_kinds.ui(current.kind, "editor").paper_form(
                user=user,
                step=current,
                cfg=ws.step_config(current, dot_budget=workshop.dot_budget),
                participant_id=who,
                cards=cards,
            )
            if entry is not None:
                change, message = entry
                apply_change(
                    partial(
                        _then_a_new_form, partial(_for_the_facilitator, change), _ENTRY_FORM_KEY
                    ),
                    message,
                )


_PERSON_FORM_KEY = "paper_person_form"
_ENTRY_FORM_KEY = "paper_entry_form"


def _for_the_facilitator(change: Any, session: Any) -> None:
    """``change``, with the phone's "the facilitator has moved on" said to the facilitator
    in their own terms."""
    try:
        change(session)
    except StepClosed:
        raise ws.InvalidInput(
            N_("This step is not open for input. Open its input first: paper goes in as phones do.")
        ) from None


def _then_a_new_form(change: Any, counter: str, session: Any) -> None:
    """``change`` (given the session of ``apply_change``), and once it went in, an
    empty form on the next run."""
    change(session)
    _bump(counter)


def _bump(counter: str) -> None:
    """Move a key's counter on: widgets keyed by it start afresh (stale choices go)."""
    st.session_state[counter] = st.session_state.get(counter, 0) + 1
