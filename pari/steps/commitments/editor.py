"""Commitments in the facilitator's forms: a pledge made on paper (run page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from pari import moderation
from pari.i18n import _, date_input_format
from pari.labels import COMMITMENT_KIND_LABELS, COMMITMENT_ROLE_LABELS
from pari.models import CommitmentKind, CommitmentRole

Change = tuple[Callable[[Any], Any], str]


def paper_form(*, user, step, cfg: dict, participant_id: int, cards: list) -> Change | None:
    """The pledge's fields and its button; the change to apply once it is pressed."""
    del cfg
    options = [None, *[c.id for c in cards]]
    texts = {c.id: c.text[:80] for c in cards}
    card = st.selectbox(
        _("Priority"),
        options,
        format_func=lambda i: texts.get(i, _("Other (write it below)")),
    )
    priority_text = st.text_input(_("Priority, if not in the list"))
    role = st.radio(
        _("Role"),
        list(CommitmentRole),
        format_func=lambda r: _(COMMITMENT_ROLE_LABELS[r]),
        horizontal=True,
    )
    kind = st.selectbox(
        _("Kind"),
        list(CommitmentKind),
        format_func=lambda k: _(COMMITMENT_KIND_LABELS[k]),
    )
    what = st.text_input(_("What"))
    by_when = st.date_input(_("By when"), value=None, format=date_input_format())
    if not st.form_submit_button(_("Add pledge")):
        return None
    return (
        lambda s: moderation.add_paper_pledge(
            session=s,
            user=user,
            participant_id=participant_id,
            step_id=step.id,
            role=role,
            kind=kind,
            what=what,
            contribution_id=card,
            priority_text=priority_text,
            by_when=by_when,
        ),
        _("Pledge added."),
    )
