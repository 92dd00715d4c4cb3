"""A facilitator's workshops: list, create from a template, edit steps, duplicate, share.

Thin: reads what the person chose, calls ``pari.workshops``, draws. The chosen
workshop travels between pages as ``?w=CODE`` and in ``st.session_state``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from pari import urls, web
from pari import workshops as ws
from pari.accounts import AuthUser
from pari.i18n import LANGUAGE_NAMES, _, date_input_format, format_date, ngettext
from pari.labels import (
    status_label,
    template_label,
)
from pari.models import MAX_DOT_BUDGET, Template, Workshop
from pari.permissions import NotAllowed, can_share_workshop
from pari.privacy import MAX_GROUP_SIZE, MIN_GROUP_SIZE
from pari.text import md_message
from pari.workshops.design import territories

CHOSEN_KEY = "pari_workshop_code"
FLASH_KEY = "pari_workshops_flash"
PICK_GENERATION = "pari_workshops_pick_generation"


def chosen_code() -> str | None:
    """The workshop this session works on: ``?w=`` first, else the last one chosen."""
    code = st.query_params.get("w") or st.session_state.get(CHOSEN_KEY)
    if code:
        st.session_state[CHOSEN_KEY] = code
        if st.query_params.get("w") != code:
            st.query_params["w"] = code
    return code


def choose(code: str, *, made: bool = False) -> None:
    """Work on ``code`` from now on; ``made``: a workshop just created or copied, which
    the picker on this page must show although it still holds the earlier choice."""
    st.session_state[CHOSEN_KEY] = code
    st.query_params["w"] = code
    if made:  # a new key: the picker starts again from the chosen workshop
        st.session_state[PICK_GENERATION] = st.session_state.get(PICK_GENERATION, 0) + 1


def go_to_run(code: str) -> None:
    from pages import run

    choose(code)
    st.switch_page(
        st.Page(run.render, title=_("Run"), url_path=urls.CONTROL), query_params={"w": code}
    )


def presenter_url(code: str) -> str:
    return f"{web.settings().base_url}/{urls.SCREEN}?w={code}"


def show_error(exc: Exception) -> None:
    """A refused change as a message in the person's language."""
    if isinstance(exc, NotAllowed):
        st.error(exc.localized())
    elif hasattr(exc, "message") and hasattr(exc, "params"):
        # The message may quote a title, a category or a username: those are escaped.
        st.error(md_message(_(exc.message), exc.params))
    else:
        raise exc


def _flash() -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message)


def render() -> None:
    user = web.current_user()
    if user is None:
        return
    st.title(_("Workshops"), anchor=False)
    _flash()
    with web.db() as session:
        mine = ws.list_workshops(session=session, user=user)
    # The form sits above the list, so a workshop just made shows right below it.
    with st.expander(_("New workshop"), expanded=not mine, icon=":material/add:"):
        _create_form(user)
    if not mine:
        st.info(_("No workshop yet. Create one with “New workshop”."))
        return
    st.header(_("My workshops"), anchor=False)
    _workshop_table(mine)
    codes = [w.code for w in mine]
    by_code = {w.code: w for w in mine}
    current = chosen_code()
    index = codes.index(current) if current in codes else 0
    code = st.selectbox(
        _("Workshop"),
        codes,
        index=index,
        format_func=lambda c: f"{by_code[c].title} · {c}",
        key=f"ws_pick_{st.session_state.get(PICK_GENERATION, 0)}",
    )
    if code != current:
        choose(code)
    _workshop_detail(user, by_code[code])


def _workshop_table(mine: list[Workshop]) -> None:
    rows = [
        {
            _("Title"): w.title,
            _("Territory"): w.territory,
            _("Date"): format_date(w.held_on),
            _("Status"): status_label(w.status),
            _("Code"): w.code,
        }
        for w in mine
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _create_form(user: AuthUser) -> None:
    with st.form("new_workshop", clear_on_submit=True, enter_to_submit=False):
        title = st.text_input(_("Title"), placeholder=_("Kinda local plan, May"))
        territory = _territory_input(None)
        held_on = st.date_input(_("Date"), value=date.today(), format=date_input_format())
        language = st.selectbox(
            _("Default language"), list(LANGUAGE_NAMES), format_func=LANGUAGE_NAMES.get
        )
        template = st.radio(
            _("Template"),
            list(Template),
            format_func=template_label,
            horizontal=True,
        )
        budget = st.number_input(
            _("Dots per person in a vote"), min_value=1, max_value=MAX_DOT_BUDGET, value=5, step=1
        )
        smallest = _smallest_group_input(3)
        submitted = st.form_submit_button(_("Create workshop"), type="primary")
    if not submitted:
        return
    try:
        with web.db() as session:
            workshop = ws.create_workshop(
                session=session,
                user=user,
                title=title,
                territory=territory,
                held_on=held_on,
                language=language,
                template=template,
                dot_budget=int(budget),
                min_group_size=int(smallest),
            )
            code = workshop.code
    except (ws.WorkshopError, NotAllowed) as exc:
        show_error(exc)
        return
    choose(code, made=True)
    st.session_state[FLASH_KEY] = _("Workshop created. Its join code is {code}.").format(code=code)
    st.rerun()


def _workshop_detail(user: AuthUser, workshop: Workshop) -> None:
    with web.db() as session:
        steps = ws.list_steps(session=session, workshop_id=workshop.id)
        shares = ws.shared_with(session=session, workshop_id=workshop.id)
        may_share = can_share_workshop(session=session, user=user, workshop=workshop)
    c1, c2, c3 = st.columns([2, 1, 1])
    c1.markdown(
        f"**{_('Join code')}:** `{workshop.code}` · **{_('Status')}:** "
        f"{status_label(workshop.status)} · "
        + ngettext("{n} step", "{n} steps", len(steps)).format(n=len(steps))
    )
    if c2.button(_("Run this workshop"), type="primary", key=f"run_{workshop.id}"):
        go_to_run(workshop.code)
    c3.link_button(_("Presenter screen"), presenter_url(workshop.code))

    with st.expander(_("Details"), expanded=False):
        _details_form(user, workshop)
    from pages import workshop_steps  # it uses this page's helpers

    st.header(_("Steps"), anchor=False)
    for step in steps:
        workshop_steps.step_editor(user, workshop, step, steps)
    workshop_steps.add_step_form(user, workshop, steps)
    st.header(_("Copy and share"), anchor=False)
    _duplicate_form(user, workshop)
    if may_share:
        _share_form(user, workshop, shares)


def _details_form(user: AuthUser, workshop: Workshop) -> None:
    with st.form(f"details_{workshop.id}", enter_to_submit=False):
        title = st.text_input(_("Title"), value=workshop.title)
        territory = _territory_input(workshop.territory)
        held_on = st.date_input(_("Date"), value=workshop.held_on, format=date_input_format())
        langs = list(LANGUAGE_NAMES)
        language = st.selectbox(
            _("Default language"),
            langs,
            index=langs.index(workshop.language) if workshop.language in langs else 0,
            format_func=LANGUAGE_NAMES.get,
        )
        budget = st.number_input(
            _("Dots per person in a vote"),
            min_value=1,
            max_value=MAX_DOT_BUDGET,
            value=workshop.dot_budget,
            help=_("Applies to vote steps where nobody has voted yet."),
        )
        smallest = _smallest_group_input(workshop.min_group_size)
        if st.form_submit_button(_("Save details")):
            apply_change(
                lambda session: ws.update_workshop(
                    session=session,
                    user=user,
                    workshop_id=workshop.id,
                    title=title,
                    territory=territory,
                    held_on=held_on,
                    language=language,
                    dot_budget=int(budget),
                    min_group_size=int(smallest),
                ),
                _("Details saved."),
            )


def _territory_input(current: str | None) -> str:
    """A territory picked from those known, or a new one typed (the list grows)."""
    with web.db() as session:
        known = territories(session)
    if current and current not in known:
        known.append(current)
    chosen = st.selectbox(
        _("Territory"),
        known,
        index=known.index(current) if current else None,
        placeholder=_("Choose or type a territory"),
        accept_new_options=True,
    )
    return chosen or ""


def _smallest_group_input(value: int) -> int:
    return st.number_input(
        _("Smallest group shown"),
        min_value=MIN_GROUP_SIZE,
        max_value=MAX_GROUP_SIZE,
        value=value,
        step=1,
        help=_(
            "A breakdown by stakeholder group shows a group only if at least this many "
            "people checked in for it; smaller ones are “too few to show”."
        ),
    )


def apply_change(change, message: str | None = None) -> None:
    """Run one change in one transaction; show a refusal, or flash and rerun.

    Shared by the workshops and run pages. A ValueError that is no domain refusal
    is raised again by show_error.
    """
    try:
        with web.db() as session:
            change(session)
    except (ws.WorkshopError, NotAllowed, ValueError) as exc:
        show_error(exc)
        return
    if message:
        st.session_state[FLASH_KEY] = message
    st.rerun()


def _duplicate_form(user: AuthUser, workshop: Workshop) -> None:
    with st.form(f"dup_{workshop.id}", enter_to_submit=False):
        title = st.text_input(
            _("Title of the copy"),
            value=_("{title} (copy)").format(title=workshop.title),
        )
        if st.form_submit_button(_("Duplicate as a new workshop")):
            try:
                with web.db() as session:
                    copy = ws.duplicate_workshop(
                        session=session, user=user, workshop_id=workshop.id, title=title
                    )
                    code = copy.code
            except (ws.WorkshopError, NotAllowed) as exc:
                show_error(exc)
                return
            choose(code, made=True)
            st.session_state[FLASH_KEY] = _("Copy created. Its join code is {code}.").format(
                code=code
            )
            st.rerun()


def _share_form(user: AuthUser, workshop: Workshop, shares) -> None:
    with st.form(f"share_{workshop.id}", clear_on_submit=True, enter_to_submit=False):
        username = st.text_input(_("Share with (username of another facilitator)"), max_chars=64)
        if st.form_submit_button(_("Share")):
            apply_change(
                lambda s: ws.share_workshop(
                    session=s, user=user, workshop_id=workshop.id, username=username
                ),
                _("Shared."),
            )
    for other in shares:
        c1, c2 = st.columns([3, 1])
        c1.text(f"{other.name} ({other.username})")
        if c2.button(_("Stop sharing"), key=f"unshare_{workshop.id}_{other.id}"):
            apply_change(
                lambda s, uid=other.id: ws.unshare_workshop(
                    session=s, user=user, workshop_id=workshop.id, user_id=uid
                ),
                _("Sharing stopped."),
            )
