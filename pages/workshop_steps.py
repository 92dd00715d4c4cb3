"""The workshop editor's steps: each step's form (title, prompt, settings, whether its
results are live or revealed), and adding a step. Drawn by ``pages/workshops.py``."""

from __future__ import annotations

import streamlit as st

from pages.workshops import apply_change
from pari import steps as step_kinds
from pari import workshops as ws
from pari.accounts import AuthUser
from pari.i18n import _
from pari.labels import (
    kind_label,
    state_label,
    text_label,
)
from pari.models import Step, Workshop
from pari.steps.base import SHUFFLE_FIELD
from pari.steps.form_texts import kept
from pari.text import md_escape


def step_editor(user: AuthUser, workshop: Workshop, step: Step, steps: list[Step]) -> None:
    label = (
        f"{step.position + 1}. {kind_label(step.kind)} · {md_escape(text_label(step.title))}"
        f" — {state_label(step.state)}"
    )
    with st.expander(label):
        cfg = ws.step_config(step, dot_budget=workshop.dot_budget)
        with st.form(f"step_{step.id}", enter_to_submit=False):
            title = kept(st.text_input(_("Title"), value=text_label(step.title)), step.title)
            prompt = kept(
                st.text_area(_("Prompt"), value=text_label(step.prompt), height=80),
                step.prompt,
            )
            config, source = _config_inputs(step, cfg, steps)
            hidden = _results_choice(step)
            saved = st.form_submit_button(_("Save step"), type="primary")
        if saved:
            changes = {
                "title": title,
                "prompt": prompt,
                "config": config,
                "results_hidden": hidden,
            }
            if step.kind in ws.SOURCE_KINDS:
                changes["source_step_id"] = source
            apply_change(
                lambda session: ws.update_step(
                    session=session, user=user, step_id=step.id, **changes
                ),
                _("Step saved."),
            )
        b1, b2, b3 = st.columns(3)
        if b1.button(_("Move up"), key=f"up_{step.id}", disabled=step.position == 0):
            apply_change(
                lambda s: ws.move_step(session=s, user=user, step_id=step.id, delta=-1),
                _("Step moved."),
            )
        if b2.button(
            _("Move down"), key=f"down_{step.id}", disabled=step.position == len(steps) - 1
        ):
            apply_change(
                lambda s: ws.move_step(session=s, user=user, step_id=step.id, delta=+1),
                _("Step moved."),
            )
        if b3.button(_("Remove step"), key=f"rm_{step.id}"):
            apply_change(
                lambda s: ws.remove_step(session=s, user=user, step_id=step.id),
                _("Step removed."),
            )


def _config_inputs(step: Step, cfg: dict, steps: list[Step]) -> tuple[dict, int | None]:
    """The kind's own fields of a step form (its ``editor.settings_fields``), then the
    ideas step it draws its cards from; returns (config, source step id)."""
    kind = step.kind
    config: dict = {}
    source = step.source_step_id
    if step_kinds.get(kind).has_settings_fields:
        config = step_kinds.ui(kind, "editor").settings_fields(cfg)
    if step_kinds.get(kind).orders_cards:
        config["shuffle"] = st.checkbox(
            _(SHUFFLE_FIELD),
            value=bool(cfg.get("shuffle", True)),
            key=f"shuffle_{step.id}",
            help=_(
                "Each phone lists the cards in its own order, the same every time, so the "
                "first cards of one list do not get more attention than the last."
            ),
        )
    if kind in ws.SOURCE_KINDS:
        earlier = [s for s in steps if _gives_cards(s) and s.position < step.position]
        options: list[int | None] = [s.id for s in earlier]
        if kind not in ws.NEEDS_SOURCE:
            options = [None, *options]
        names = {s.id: f"{s.position + 1}. {text_label(s.title)}" for s in earlier}
        names[None] = _("No cards: people write their priority")
        if not earlier:
            st.warning(_("Add an ideas step before this one: its cards are what this step uses."))
        else:
            source = st.selectbox(
                _("Cards from"),
                options,
                index=options.index(source) if source in options else 0,
                format_func=lambda i: names.get(i, "?"),
            )
    return config, source


def _results_choice(step: Step) -> bool | None:
    """Live results, or hidden until the facilitator reveals them (``pari.reveal``);
    None for a step that takes no input."""
    if not step_kinds.get(step.kind).takes_input:
        return None
    labels = {False: _("Live"), True: _("Hidden until I reveal them")}
    return st.radio(
        _("Results"),
        [False, True],
        index=int(step.results_hidden),
        format_func=labels.get,
        horizontal=True,
        key=f"hidden_{step.id}",
    )


def _gives_cards(step: Step) -> bool:
    """Whether steps that draw on ideas may take their cards from ``step``."""
    return step_kinds.get(step.kind).writes_cards


def add_step_form(user: AuthUser, workshop: Workshop, steps: list[Step]) -> None:
    with st.expander(_("Add a step")), st.form(f"add_step_{workshop.id}", enter_to_submit=False):
        kind = st.selectbox(_("Kind"), list(step_kinds.KINDS), format_func=kind_label)
        title = st.text_input(_("Title"))
        after = st.selectbox(
            _("Place after"),
            list(range(len(steps), -1, -1)),
            format_func=lambda i: (
                _("At the start") if i == 0 else f"{i}. {text_label(steps[i - 1].title)}"
            ),
        )
        st.caption(_("A vote or matrix step draws its cards from an ideas step before it."))
        if st.form_submit_button(_("Add step")):
            earlier = [s for s in steps[:after] if _gives_cards(s)]
            source = earlier[-1].id if earlier and kind in ws.SOURCE_KINDS else None
            apply_change(
                lambda s: ws.add_step(
                    session=s,
                    user=user,
                    workshop_id=workshop.id,
                    kind=kind,
                    title=title,
                    position=after,
                    source_step_id=source,
                ),
                _("Step added."),
            )
