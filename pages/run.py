"""The facilitator's control panel for one workshop: steps, run controls, moderation, paper.

Phones follow the step made current here (the watcher in ``pari.live`` reruns
them when the stage version moves); the presenter screen refreshes on its own.
"""

from __future__ import annotations

import streamlit as st

from pages import run_cards, run_timer, run_window
from pages.workshops import (
    FLASH_KEY,
    apply_change,
    choose,
    chosen_code,
    presenter_url,
)
from pari import results as res
from pari import steps as step_kinds
from pari import web
from pari import workshops as ws
from pari.accounts import AuthUser
from pari.i18n import _, ngettext
from pari.labels import (
    kind_label,
    state_label,
    status_label,
    text_label,
)
from pari.models import (
    Step,
    StepKind,
    StepState,
    Workshop,
    WorkshopStatus,
)
from pari.permissions import can_run_workshop
from pari.reveal import MAX_TOP, RANKED_KINDS, Reveal, as_closed
from pari.text import md_escape
from pari.workshops import window
from pari.workshops.window import mode_text


def render() -> None:
    user = web.current_user()
    if user is None:
        return
    st.title(_("Run"), anchor=False)
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message)
    with web.db() as session:
        mine = ws.list_workshops(session=session, user=user)
        if not mine:
            st.info(_("No workshop yet. Create one on the Workshops page."))
            return
        code = chosen_code()
        by_code = {w.code: w for w in mine}
        if code not in by_code:
            code = mine[0].code
        workshop = by_code[code]
        if not can_run_workshop(session=session, user=user, workshop=workshop):
            st.error(_("You may not run this workshop."))
            return
        steps = ws.list_steps(session=session, workshop_id=workshop.id)
        modes = window.mode_counts(session=session, workshop_id=workshop.id)
    codes = list(by_code)
    picked = st.selectbox(
        _("Workshop"),
        codes,
        index=codes.index(code),
        format_func=lambda c: f"{by_code[c].title} · {c}",
        key="run_pick",
    )
    if picked != code:
        choose(picked)
        st.rerun()
    choose(code)
    _header(user, workshop)
    current = next((s for s in steps if s.id == workshop.current_step_id), None)
    _controls(user, workshop, steps, current)
    run_timer.controls(user, workshop, current)
    # What the current step needs comes before the list of every step, which is long.
    if current is not None:
        run_cards.moderation(user, workshop, current, steps)
        if step_kinds.get(current.kind).has_run_panel:
            step_kinds.ui(current.kind, "editor").run_panel(user, workshop, current)
        run_cards.paper_input(user, workshop, current, steps)
    _steps_list(user, workshop, steps, modes)
    run_window.controls(user, workshop, steps, current)


def _header(user: AuthUser, workshop: Workshop) -> None:
    c1, c2, c3 = st.columns([2, 1, 1])
    c1.markdown(
        f"### {_('Join code')}: `{workshop.code}`\n"
        f"{_('Status')}: **{status_label(workshop.status)}**"
    )
    c2.link_button(_("Presenter screen"), presenter_url(workshop.code), type="primary")
    if workshop.status is WorkshopStatus.CLOSED:
        if c3.button(_("Reopen the workshop")):
            apply_change(
                lambda s: ws.set_status(
                    session=s, user=user, workshop_id=workshop.id, status=WorkshopStatus.LIVE
                )
            )
    else:
        # Closing ends input on every phone: asked twice, never on one stray click.
        with c3.popover(_("Close the workshop"), help=_("Stops all input; phones say thank you.")):
            st.markdown(_("Close the workshop now? Every phone stops taking input."))
            if st.button(_("Yes, close the workshop"), type="primary", key="close_workshop"):
                apply_change(
                    lambda s: ws.set_status(
                        session=s, user=user, workshop_id=workshop.id, status=WorkshopStatus.CLOSED
                    )
                )


def _controls(user: AuthUser, workshop: Workshop, steps: list[Step], current: Step | None) -> None:
    st.header(_("Now"), anchor=False)
    if current is None:
        st.info(_("No step is current yet. Start with the first step."))
    else:
        st.markdown(
            f"**{current.position + 1}. {md_escape(text_label(current.title))}** · "
            f"{kind_label(current.kind)} · {state_label(as_closed(current.state))}"
            + (
                f" · {_shown_label(Reveal.of(current))}"
                if step_kinds.get(current.kind).takes_input
                else ""
            )
        )
    closed = workshop.status is WorkshopStatus.CLOSED
    cols = st.columns(5)
    if cols[0].button(
        _("◀ Back"), disabled=closed or current is None or current.position == 0, width="stretch"
    ):
        apply_change(lambda s: ws.go_back(session=s, user=user, workshop_id=workshop.id))
    takes_input = current is not None and step_kinds.get(current.kind).takes_input
    if current is not None and current.state is StepState.OPEN:
        if cols[1].button(_("Close input"), disabled=closed, width="stretch"):
            apply_change(lambda s: ws.close_step(session=s, user=user, step_id=current.id))
    elif cols[1].button(
        _("Open input"),
        type="primary",
        disabled=closed or not takes_input,
        width="stretch",
        help=None if takes_input or current is None else _("This step takes no input."),
    ):
        apply_change(lambda s: ws.open_step(session=s, user=user, step_id=current.id))
    if takes_input:
        _reveal_button(cols[2], user, current, closed)
    last = current is not None and current.position == len(steps) - 1
    if cols[3].button(_("Next ▶"), disabled=closed or last, width="stretch"):
        apply_change(lambda s: ws.go_next(session=s, user=user, workshop_id=workshop.id))
    if takes_input and current.kind in RANKED_KINDS:
        _top_reveal(user, current, closed)
    _live_counts(workshop.id)


def _shown_label(reveal: Reveal) -> str:
    """What the room sees of the step's results, in the facilitator's words."""
    if reveal.partial:
        return _("Top {n}: {shown} of {n} ranks revealed").format(n=reveal.top, shown=reveal.shown)
    if not reveal.hidden:
        return _("Results live")
    return _("Results revealed") if reveal.revealed else _("Results hidden")


def _reveal_button(column, user: AuthUser, step: Step, closed: bool) -> None:
    """Reveal the results, or hide them again; input stays as it is."""
    reveal = Reveal.of(step)
    if reveal.revealed or reveal.partial:
        if column.button(_("Hide results"), disabled=closed, width="stretch"):
            apply_change(lambda s: ws.hide_results(session=s, user=user, step_id=step.id))
    elif column.button(
        _("Reveal results"),
        type="primary",
        disabled=closed or not reveal.hidden,
        width="stretch",
        help=None if reveal.hidden else _("This step's results are live: the room sees them."),
    ):
        apply_change(lambda s: ws.reveal_results(session=s, user=user, step_id=step.id))


def _top_reveal(user: AuthUser, step: Step, closed: bool) -> None:
    """A dot vote or a poll revealed rank by rank: choose N, then one rank at a time from
    the last of the top N, then all."""
    reveal = Reveal.of(step)
    c1, c2, c3, c4 = st.columns([1, 2, 2, 2], vertical_alignment="bottom")
    top = c1.number_input(
        _("Top"), min_value=1, max_value=MAX_TOP, value=reveal.top or 3, key=f"top_{step.id}"
    )
    if c2.button(_("Start a top-N reveal"), disabled=closed, width="stretch"):
        apply_change(
            lambda s: ws.start_top_reveal(session=s, user=user, step_id=step.id, top=int(top))
        )
    if c3.button(
        _("Reveal next"),
        type="primary",
        disabled=closed or not reveal.partial or reveal.shown >= reveal.top,
        width="stretch",
    ):
        apply_change(lambda s: ws.reveal_next(session=s, user=user, step_id=step.id))
    if c4.button(_("Reveal all"), disabled=closed or not reveal.partial, width="stretch"):
        apply_change(lambda s: ws.reveal_results(session=s, user=user, step_id=step.id))


@st.fragment(run_every=5)
def _live_counts(workshop_id: int) -> None:
    web.fragment_user(workshop_id)
    try:
        with web.db() as session:
            r = res.step_results(session=session, workshop_id=workshop_id)
    except web.DB_BUSY:  # a long lock: the counts come back at the next tick
        st.caption(_("One moment: the server is busy."))
        return
    c1, c2, c3 = st.columns(3)
    c1.metric(_("Checked in"), r.participants)
    c2.metric(_("Joined"), r.joined)
    c3.metric(_("Answers in this step"), r.contributions)
    if r.modes.self_paced:
        st.caption(mode_text(r.modes))
    if r.shared:
        st.caption(
            ngettext(
                "{n} person joined on a shared phone.",
                "{n} people joined on a shared phone.",
                r.shared,
            ).format(n=r.shared)
        )


def _steps_list(
    user: AuthUser, workshop: Workshop, steps: list[Step], modes: dict[int, window.ModeCounts]
) -> None:
    st.header(_("Steps"), anchor=False)
    closed = workshop.status is WorkshopStatus.CLOSED
    has_window = workshop.self_paced_from is not None
    for step in steps:
        is_current = step.id == workshop.current_step_id
        c1, c2, c3 = st.columns([5, 2, 2], vertical_alignment="center")
        marker = "▶ " if is_current else ""
        shown = step_kinds.get(step.kind).takes_input
        c1.markdown(
            f"{marker}**{step.position + 1}. {md_escape(text_label(step.title))}** · "
            f"{kind_label(step.kind)}"
        )
        # Who answered, live and in the self-paced window (issue 21).
        answered = [mode_text(modes[step.id])] if shown and modes[step.id].total else []
        if has_window and window.in_window(step) and step.kind is not StepKind.CHECK_IN:
            answered.append(_("in the self-paced window"))
        if answered:
            c1.caption(" · ".join(answered))
        c2.caption(
            state_label(as_closed(step.state))
            + (f" · {_shown_label(Reveal.of(step))}" if shown else "")
        )
        if c3.button(
            _("Make current"),
            key=f"cur_{step.id}",
            disabled=closed or is_current,
            width="stretch",
        ):
            apply_change(lambda s, sid=step.id: ws.make_current(session=s, user=user, step_id=sid))
