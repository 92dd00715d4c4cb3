"""What the kinds' phone screens share (``pari.steps.<kind>.phone``), in Streamlit: the
person's id, one service call per transaction, flash messages, form nonces, the fresh
state a fragment reads, and the check-in form ("My details", "Someone else on this
phone?"). Loaded only by the phone's page and the kinds' phone screens; the rules
never import it.

Text a person wrote is drawn with ``st.text`` or through ``pari.text.md_escape``,
never as HTML or Markdown. Text widgets carry no ``max_chars``: Streamlit would cut a
longer value on the server in silence (DESIGN section 8), so the services see what
the browser sent and refuse what is too long, naming the limit; a field with no
example shows it as placeholder.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import streamlit as st

from pari import i18n, stakeholder, web
from pari.i18n import _
from pari.labels import (
    COMMITMENT_KIND_LABELS,
    COMMITMENT_ROLE_LABELS,
    category_label,
    group_label,
)
from pari.models import MAX_NAME, StakeholderGroup, Step, StepKind
from pari.phone.errors import ParticipationError
from pari.phone.pace import paced_view
from pari.phone.view import PhoneView, phone_view
from pari.text import md_escape, shorten

FLASH_KEY = "phone_flash"
RUN_VIEW_KEY = "phone_run_view"  # the PhoneView of the full run being drawn
# In the self-paced window (issue 21), the window's step this phone is on (its own
# place, not the room's); PACED_END for the page after the last step; absent while the
# phone follows the room.
PACED_STEP_KEY = "phone_paced_step"
PACED_END = 0
# A database that cannot answer in time (SQLite's lock held past its busy timeout, no
# free connection): the phone says so and nothing was stored (the transaction rolled
# back), so tapping again is safe.
DB_BUSY = web.DB_BUSY
BUSY = i18n.N_("The server is busy. Nothing was saved: please tap again.")
MOVED_ON = i18n.N_("The facilitator has moved on. This screen changes by itself.")
LANG_LOADED_KEY = "phone_lang_loaded"
# The phone's larger text (issue 20): Streamlit sizes text, controls and spacing in rem,
# so a larger root font size (the theme's 17 px base, times 1.25) enlarges the whole
# page as a browser's text zoom would, the vote cards' own element too.
LARGER_TEXT_CSS = "<style>:root { font-size: 21.25px; }</style>"


# --- small helpers ------------------------------------------------------------


def limit_hint(n: int) -> str:
    """The placeholder of a text field that has no example to show: its length limit,
    which the service checks (and names in its refusal)."""
    return _("At most {n} characters.").format(n=n)


def category_option(category: str, categories: list[str]) -> str:
    """A category as a radio option (options are drawn as Markdown); ``categories``: all
    the categories of its step (pari.labels.category_label)."""
    return md_escape(category_label(category, categories))


def pid() -> int:
    return st.session_state[stakeholder.PARTICIPANT_KEY]


def call(fn: Callable[..., Any], **kwargs: Any) -> tuple[bool, Any]:
    """Run one service in one transaction; a refusal comes back as a message."""
    try:
        with web.writing() as session:
            return True, fn(session=session, participant_id=pid(), **kwargs)
    except ParticipationError as err:
        return False, err.localized()
    except DB_BUSY:
        return False, _(BUSY)


def flash(where: str, ok: bool, message: str) -> None:
    st.session_state[FLASH_KEY] = (where, ok, message)


def show_flash(where: str) -> bool:
    flashed = st.session_state.get(FLASH_KEY)
    if flashed and flashed[0] == where:
        st.session_state.pop(FLASH_KEY, None)
        (st.success if flashed[1] else st.error)(flashed[2])
        return True
    return False


def nonce(name: str) -> str:
    """One nonce per form drawn; a resend of the same form carries the same one.

    The form's widget keys include it, so a stale resend after the nonce moved on
    no longer matches any widget, and the database's unique nonce catches the rest.
    """
    key = f"nonce_{name}"
    if key not in st.session_state:
        st.session_state[key] = secrets.token_urlsafe(12)
    return st.session_state[key]


def rotate(name: str) -> None:
    st.session_state.pop(f"nonce_{name}", None)


def load_language(view: PhoneView) -> None:
    """A new session (a reload) takes the language this person chose before, else the
    link's ?lang=, else their browser's language if we have it (the start page they
    typed the code on was in it), else the workshop's (DESIGN section 1); unknown codes
    are passed over quietly."""
    if not st.session_state.get(LANG_LOADED_KEY):
        st.session_state[LANG_LOADED_KEY] = True
        st.session_state[i18n.SESSION_KEY] = i18n.resolve_language(
            view.participant.language,
            st.query_params.get("lang"),
            web.browser_locale(),
            view.workshop.language,
        )


def text_size_css(view: PhoneView) -> str:
    """The CSS of the text size this person chose (``set_larger_text``), or none."""
    return LARGER_TEXT_CSS if view.participant.larger_text else ""


def read_view(session) -> PhoneView:
    """The view a fragment draws, read now: the room's step, or in the self-paced
    window the step this phone is on (``PACED_STEP_KEY``; the rules check it again)."""
    paced = st.session_state.get(PACED_STEP_KEY)
    if paced:
        return paced_view(session=session, participant_id=pid(), step_id=paced)
    return phone_view(session=session, participant_id=pid())


def run_view(*, room: bool = False) -> PhoneView:
    """Fresh state for a fragment: the view the enclosing run has just read, or, on a
    fragment's own rerun (the full page may be older), one read now: the paced step's
    (``read_view``), or with ``room`` the room's, which the page's step area follows to
    decide between the room and the window."""
    view = st.session_state.pop(RUN_VIEW_KEY, None)
    if view is None:
        with web.db() as session:
            view = phone_view(session=session, participant_id=pid()) if room else read_view(session)
    return view


def step_and_open(step_id: int) -> tuple[Step | None, bool, PhoneView]:
    """A kind's fragment's step (None if the step has moved on), whether it is open, and
    the view (``run_view``)."""
    view = run_view()
    step = view.step if view.step is not None and view.step.id == step_id else None
    return step, step is not None and view.is_open, view


def pledge_line(pledge, card_texts: dict[int, str]) -> str:
    """One pledge as plain lines (a Commitment row or a plan's PlanPledge)."""
    priority = (
        getattr(pledge, "priority", "")
        or card_texts.get(getattr(pledge, "contribution_id", None), "")
        or getattr(pledge, "priority_text", "")
    )
    parts = [
        _(COMMITMENT_ROLE_LABELS[pledge.role]) + " · " + _(COMMITMENT_KIND_LABELS[pledge.kind]),
        pledge.what,
    ]
    if pledge.amount is not None:
        parts.append(f"{pledge.amount:g} {pledge.unit}".strip())
    if pledge.by_when:
        parts.append(_("By {date}").format(date=i18n.format_date(pledge.by_when)))
    if priority:
        parts.append(_("For: {priority}").format(priority=shorten(priority, 80)))
    return "\n".join(parts)


# --- check-in: the person's details -------------------------------------------

# What each group covers (DESIGN section 1), so a person finds theirs.
GROUP_EXAMPLES: dict[StakeholderGroup, str] = {
    StakeholderGroup.SOCIAL_ECONOMY: i18n.N_(
        "Cooperatives, associations, foundations, mutuals, social enterprises"
    ),
    StakeholderGroup.PUBLIC_AUTHORITY: i18n.N_("Municipality, region, public services"),
    StakeholderGroup.BUSINESS: i18n.N_("Companies, entrepreneurs, farmers"),
    StakeholderGroup.KNOWLEDGE: i18n.N_("Schools, universities, research, training"),
    StakeholderGroup.CIVIL_SOCIETY: i18n.N_("Residents, citizens' groups, volunteers"),
    StakeholderGroup.SUPPORT: i18n.N_("Development agencies, LEADER groups, finance providers"),
}

CONSENT = i18n.N_(
    "What we keep: your group and what you enter here, for this workshop's local plan "
    "and PARI research. Everyone in the room sees cards and results, never who wrote "
    "them. Your name, organisation and place are optional; only the workshop's organisers "
    "see them."
)
NAME_IN_PLAN = i18n.N_("Show my name in the local plan")
NAME_IN_PLAN_HELP = i18n.N_(
    "Ticked: your name is shown beside your pledges in the local plan and its report. "
    "Not ticked: your organisation is shown instead, or your group if you gave none."
)


def check_in(view: PhoneView) -> None:
    st.header(_("Welcome!"), anchor=False)
    details_form(view, first=True)


def details_form(view: PhoneView, *, first: bool) -> None:
    # The check-in kind's rule, loaded when a person sends the form (pari.phone never
    # imports a kind's rules at import: the kinds' rules build on pari.phone).
    from pari.steps.check_in.rules import check_in as check_in_rule

    p = view.participant
    groups = list(StakeholderGroup)
    with st.form("check_in", border=False):
        st.subheader(_("Which group do you speak for?"), anchor=False)
        group = st.radio(
            _("Which group do you speak for?"),
            label_visibility="collapsed",
            options=groups,
            index=groups.index(p.group) if p.group else None,
            format_func=lambda g: group_label(g),
            captions=[_(GROUP_EXAMPLES[g]) for g in groups],
        )
        st.markdown(_("**Optional**: you can leave these empty."))
        name = st.text_input(_("Your name"), value=p.name, placeholder=limit_hint(MAX_NAME))
        organisation = st.text_input(
            _("Your organisation"), value=p.organisation, placeholder=limit_hint(MAX_NAME)
        )
        place = st.text_input(
            _("Your village or town"), value=p.place, placeholder=limit_hint(MAX_NAME)
        )
        st.caption(_(CONSENT))
        name_in_plan = st.checkbox(_(NAME_IN_PLAN), value=p.name_in_plan)
        st.caption(_(NAME_IN_PLAN_HELP))
        label = _("I agree, let's start") if first else _("Save")
        submitted = st.form_submit_button(label, type="primary", width="stretch")
    if submitted:
        if group is None:
            st.error(_("Please choose the group you speak for."))
            return
        ok, result = call(
            check_in_rule,
            group=group,
            name=name,
            organisation=organisation,
            place=place,
            consent=True,
            name_in_plan=bool(name_in_plan),
        )
        if ok:
            # On the check-in step its own screen says so: a first check-in there is
            # confirmed once, not twice.
            at_check_in = view.step is not None and view.step.kind is StepKind.CHECK_IN
            if not (first and at_check_in):
                flash("details", True, _("Thank you, you are checked in."))
            st.rerun()
        st.error(result)


def my_details(view: PhoneView) -> None:
    """The check-in form again, drawn only while the person has it open: a closed
    expander costs one element on every run instead of a whole form (DESIGN section 7).
    Opening it reruns the page (rare), which then draws the form."""
    st.divider()
    show_flash("details")
    with st.expander(
        _("My details: {group}").format(group=group_label(view.participant.group)),
        key="my_details",
        on_change="rerun",
    ) as box:
        if box.open:
            details_form(view, first=False)
            _shared_phone(view)


def _shared_phone(view: PhoneView) -> None:
    """A couple with one phone: the second person joins by an explicit choice, which
    the facilitator sees counted; the phone can then speak for either of them."""
    st.subheader(_("Someone else on this phone?"), anchor=False)
    st.caption(
        _(
            "If another person wants to take part with this phone, add them: that person "
            "then answers for themselves. The facilitator sees how many people share a phone."
        )
    )
    show_flash("shared")
    people = stakeholder.people_on_this_phone()
    for number, person in enumerate(people, start=1):
        if person.id == view.participant.id:
            continue
        st.button(
            _("Switch to person {n}: {group}").format(n=number, group=group_label(person.group)),
            key=f"switch_{person.seat}",
            on_click=stakeholder.switch_to,
            args=(person.seat,),
            width="stretch",
        )
    st.button(
        _("Add another person on this phone"),
        key="add_person",
        on_click=_add_person,
        width="stretch",
    )


def _add_person() -> None:
    error = stakeholder.add_person()
    if error:
        flash("shared", False, error)
