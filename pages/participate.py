"""The stakeholder's phone: one page that follows the facilitator's current step.

Nothing is drawn at import (DESIGN section 7). Every rule is checked again by
``pari.participation``; the widgets only make the rules easy to keep. Taps live
inside ``@st.fragment`` so a tap reruns a small part of the page, and the page
follows the step through ``pari.live.follow`` (a rerun when the step changes,
no polling). Text a person wrote (stakeholder or facilitator) is drawn with
``st.text`` or through ``pari.text.md_escape``, never as HTML or Markdown. Text
widgets carry no ``max_chars``: Streamlit would cut a longer value on the server in
silence (DESIGN section 8), so the services see what the browser sent and refuse
what is too long, naming the limit; a field with no example shows it as placeholder.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import streamlit as st

from pari import i18n, live, participation, stakeholder, steps, vote_cards, web
from pari.i18n import _
from pari.labels import (
    COMMITMENT_KIND_LABELS,
    COMMITMENT_ROLE_LABELS,
    dimension_label,
    group_label,
    text_label,
)
from pari.models import (
    MAX_CARD_TEXT,
    MAX_NAME,
    CommitmentKind,
    CommitmentRole,
    StakeholderGroup,
    Step,
    StepKind,
    StepState,
    WorkshopStatus,
)
from pari.participation import PhoneView
from pari.text import md_escape, shorten

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

# Large touch targets and readable text on a 390 px phone; our own constant CSS.
PHONE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3rem; }
button[data-testid^="stBaseButton"] { min-height: 3rem; }
.st-key-pari_wake { display: none; }
button[data-testid^="stBaseButton"] p { font-size: 1.15rem; }
[data-testid="stWidgetLabel"] p { font-size: 1.05rem; color: #111; }
[data-testid="stCaptionContainer"] { color: #333; font-size: 1rem; opacity: 1; }
div[role="radiogroup"] [data-testid="stCaptionContainer"] p { color: #333; }
div[role="radiogroup"] label { min-height: 2.6rem; padding: 0.25rem 0; }
div[role="radiogroup"] label p { font-size: 1.1rem; }
div[data-testid="stText"] { font-size: 1.1rem; line-height: 1.5; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.stTextArea textarea, .stTextInput input { font-size: 1.1rem; }
[data-testid="stSliderThumbValue"] { font-size: 1.3rem; font-weight: 700; }
</style>"""

FLASH_KEY = "phone_flash"
RUN_VIEW_KEY = "phone_run_view"  # the PhoneView of the full run being drawn
# A database that cannot answer in time (SQLite's lock held past its busy timeout, no
# free connection): the phone says so and nothing was stored (the transaction rolled
# back), so tapping again is safe.
DB_BUSY = web.DB_BUSY
BUSY = i18n.N_("The server is busy. Nothing was saved: please tap again.")
LANG_LOADED_KEY = "phone_lang_loaded"


# --- small helpers ------------------------------------------------------------


def _limit(n: int) -> str:
    """The placeholder of a text field that has no example to show: its length limit,
    which the service checks (and names in its refusal)."""
    return _("At most {n} characters.").format(n=n)


def _category(category: str) -> str:
    """A category as a radio option (options are drawn as Markdown)."""
    return md_escape(text_label(category))


def _pid() -> int:
    return st.session_state[stakeholder.PARTICIPANT_KEY]


def _call(fn: Callable[..., Any], **kwargs: Any) -> tuple[bool, Any]:
    """Run one service in one transaction; a refusal comes back as a message."""
    try:
        with web.writing() as session:
            return True, fn(session=session, participant_id=_pid(), **kwargs)
    except participation.ParticipationError as err:
        return False, err.localized()
    except DB_BUSY:
        return False, _(BUSY)


def _flash(where: str, ok: bool, message: str) -> None:
    st.session_state[FLASH_KEY] = (where, ok, message)


def _show_flash(where: str) -> bool:
    flash = st.session_state.get(FLASH_KEY)
    if flash and flash[0] == where:
        st.session_state.pop(FLASH_KEY, None)
        (st.success if flash[1] else st.error)(flash[2])
        return True
    return False


def _nonce(name: str) -> str:
    """One nonce per form drawn; a resend of the same form carries the same one.

    The form's widget keys include it, so a stale resend after the nonce moved on
    no longer matches any widget, and the database's unique nonce catches the rest.
    """
    key = f"nonce_{name}"
    if key not in st.session_state:
        st.session_state[key] = secrets.token_urlsafe(12)
    return st.session_state[key]


def _rotate(name: str) -> None:
    st.session_state.pop(f"nonce_{name}", None)


# --- the page -----------------------------------------------------------------


def render() -> None:
    if stakeholder.PARTICIPANT_KEY not in st.session_state:
        st.error(_("This link is no longer valid. Please join again with the workshop code."))
        return
    st.html(PHONE_CSS)
    with web.db() as session:
        view = participation.phone_view(session=session, participant_id=_pid())
    live.follow(view.workshop.id, view.workshop.stage_version)
    live.mount_wake()
    _load_language(view)
    _top_bar(view)
    if st.session_state.pop(stakeholder.RETURNING_KEY, False):
        st.success(
            _("Welcome back: this phone is already taking part. Everything you entered is kept.")
        )

    workshop = view.workshop
    if workshop.status is WorkshopStatus.CLOSED:
        st.header(_("Thank you!"), anchor=False)
        st.info(_("This workshop has ended. Thank you for taking part."))
        return
    if not view.checked_in:
        _check_in(view)
        return
    if workshop.status is WorkshopStatus.DRAFT or view.step is None:
        _waiting(_("The workshop will start soon. This screen changes by itself."))
        _my_details(view)
        return

    step = view.step
    st.header(md_escape(text_label(step.title)), anchor=False)
    if step.prompt:
        st.markdown(md_escape(text_label(step.prompt)))
    _state_banner(view)
    draw = {
        StepKind.CHECK_IN: _checked_in_step,
        StepKind.IDEAS: _ideas,
        StepKind.DOT_VOTE: _dot_vote,
        StepKind.MATRIX: _matrix,
        StepKind.POLL: _poll,
        StepKind.ASSESSMENT: _assessment,
        StepKind.COMMITMENTS: _commitments,
        StepKind.PLAN: _plan,
    }[step.kind]
    st.session_state[RUN_VIEW_KEY] = view  # the step's fragment takes it: one read a run
    try:
        draw(view)
    finally:  # never left for a later fragment rerun, whatever stopped this run
        st.session_state.pop(RUN_VIEW_KEY, None)
    _my_details(view)


def _load_language(view: PhoneView) -> None:
    """A new session (a reload) takes the language this person chose before, else the
    link's ?lang=, else the workshop's language (DESIGN section 1); unknown codes are
    passed over quietly."""
    if not st.session_state.get(LANG_LOADED_KEY):
        st.session_state[LANG_LOADED_KEY] = True
        st.session_state[i18n.SESSION_KEY] = i18n.resolve_language(
            view.participant.language, st.query_params.get("lang"), view.workshop.language
        )


def _on_language() -> None:
    lang = st.session_state["phone_lang"]
    st.session_state[i18n.SESSION_KEY] = lang
    _call(participation.set_language, language=lang)


def _top_bar(view: PhoneView) -> None:
    current = i18n.resolve_language(st.session_state.get(i18n.SESSION_KEY))
    st.session_state["phone_lang"] = current
    with st.container(horizontal=True, vertical_alignment="center"):
        st.text(shorten(view.workshop.title, 60), width="stretch")
        st.selectbox(
            _("Language"),
            options=list(i18n.LANGUAGE_NAMES),
            format_func=lambda code: "🌐 " + i18n.LANGUAGE_NAMES[code],
            key="phone_lang",
            on_change=_on_language,
            label_visibility="collapsed",
            width=150,
        )


def _waiting(message: str) -> None:
    st.header(_("Please wait"), anchor=False)
    st.info(message, icon="⏳")


def _state_banner(view: PhoneView) -> None:
    state = view.step.state
    if state is StepState.NOT_STARTED:
        st.info(_("Get ready: this step opens in a moment. This screen changes by itself."))
    elif state is StepState.CLOSED:
        st.warning(_("This step is closed. Look at the screen in the room."))
    elif state is StepState.RESULTS:
        st.info(_("The results are on the screen in the room."))


# --- check-in -----------------------------------------------------------------

CONSENT = i18n.N_(
    "What we keep: your group and what you enter here, for this workshop's local plan "
    "and PARI research. Everyone in the room sees cards and results, never who wrote "
    "them. Your name, organisation and place are optional; only the workshop's organisers "
    "see them."
)


def _check_in(view: PhoneView) -> None:
    st.header(_("Welcome!"), anchor=False)
    _details_form(view, first=True)


def _details_form(view: PhoneView, *, first: bool) -> None:
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
        name = st.text_input(_("Your name"), value=p.name, placeholder=_limit(MAX_NAME))
        organisation = st.text_input(
            _("Your organisation"), value=p.organisation, placeholder=_limit(MAX_NAME)
        )
        place = st.text_input(
            _("Your village or town"), value=p.place, placeholder=_limit(MAX_NAME)
        )
        st.caption(_(CONSENT))
        label = _("I agree, let's start") if first else _("Save")
        submitted = st.form_submit_button(label, type="primary", width="stretch")
    if submitted:
        if group is None:
            st.error(_("Please choose the group you speak for."))
            return
        ok, result = _call(
            participation.check_in,
            group=group,
            name=name,
            organisation=organisation,
            place=place,
            consent=True,
        )
        if ok:
            _flash("details", True, _("Thank you, you are checked in."))
            st.rerun()
        st.error(result)


def _my_details(view: PhoneView) -> None:
    """The check-in form again, drawn only while the person has it open: a closed
    expander costs one element on every run instead of a whole form (DESIGN section 7).
    Opening it reruns the page (rare), which then draws the form."""
    st.divider()
    _show_flash("details")
    with st.expander(
        _("My details: {group}").format(group=group_label(view.participant.group)),
        key="my_details",
        on_change="rerun",
    ) as box:
        if box.open:
            _details_form(view, first=False)
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
    _show_flash("shared")
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
        _flash("shared", False, error)


def _checked_in_step(view: PhoneView) -> None:
    st.success(
        _("You are checked in as: {group}. Look at the screen in the room.").format(
            group=group_label(view.participant.group)
        )
    )


# --- ideas --------------------------------------------------------------------


def _ideas(view: PhoneView) -> None:
    _ideas_fragment(view.step.id)


def _step_and_open(step_id: int) -> tuple[Step, bool, Any]:
    """Fresh state for a fragment: the view the full run has just read, or, on a
    fragment's own rerun (the full page may be older), one read now."""
    view = st.session_state.pop(RUN_VIEW_KEY, None)
    if view is None:
        with web.db() as session:
            view = participation.phone_view(session=session, participant_id=_pid())
    step = view.step if view.step is not None and view.step.id == step_id else None
    return step, step is not None and view.is_open, view


@st.fragment
def _ideas_fragment(step_id: int) -> None:
    step, is_open, _view = _step_and_open(step_id)
    if step is None:
        st.info(_("The facilitator has moved on. This screen changes by itself."))
        return
    cats = list(steps.config(step).categories)
    _show_flash("ideas")
    if is_open:
        nonce = _nonce(f"card{step_id}")
        with st.form(f"card_{nonce}", border=True):
            if cats:
                st.radio(
                    _("Category"),
                    options=cats,
                    index=None,
                    format_func=_category,
                    key=f"card_cat_{nonce}",
                )
            st.text_area(
                _("Your idea (one idea per card)"),
                height=110,
                key=f"card_text_{nonce}",
                placeholder=_("Write here"),
            )
            st.form_submit_button(
                _("Add card"),
                type="primary",
                width="stretch",
                on_click=_add_card,
                args=(step_id, nonce, bool(cats)),
            )
    with web.db() as session:
        cards = participation.my_cards(session=session, participant_id=_pid(), step_id=step_id)
    st.subheader(_("Your cards ({n})").format(n=len(cards)), anchor=False)
    if not cards:
        st.caption(_("You have not written a card yet."))
    for card in cards:
        with st.container(border=True):
            if card.category:
                st.caption(md_escape(text_label(card.category)))
            st.text(card.text, width="stretch")
            if card.hidden:
                st.caption(_("The facilitator has hidden this card."))
            elif is_open:
                _edit_card(card, cats)


def _add_card(step_id: int, nonce: str, has_categories: bool) -> None:
    text = st.session_state.get(f"card_text_{nonce}") or ""
    category = st.session_state.get(f"card_cat_{nonce}") if has_categories else None
    ok, result = _call(
        participation.add_card,
        step_id=step_id,
        text=text,
        category=category,
        client_nonce=nonce,
    )
    if ok:
        _rotate(f"card{step_id}")  # a fresh, empty form; the text stays only on a refusal
        _flash("ideas", True, _("Your card is on the wall."))
    else:
        _flash("ideas", False, result)


def _edit_card(card, cats: list[str]) -> None:
    """Drawn only while open (as "My details"): a closed expander is one element on
    every run instead of a form and a button per card."""
    with st.expander(_("Change or take back"), key=f"edit_box_{card.id}", on_change="rerun") as box:
        if not box.open:
            return
        with st.form(f"edit_{card.id}", border=False):
            if cats:
                st.radio(
                    _("Category"),
                    options=cats,
                    index=cats.index(card.category) if card.category in cats else None,
                    format_func=_category,
                    key=f"edit_cat_{card.id}",
                )
            st.text_area(
                _("Your idea"),
                value=card.text,
                key=f"edit_text_{card.id}",
            )
            st.form_submit_button(
                _("Save"), width="stretch", on_click=_save_card, args=(card.id, bool(cats))
            )
        st.button(
            _("Take this card back"),
            key=f"withdraw_{card.id}",
            width="stretch",
            on_click=_withdraw_card,
            args=(card.id,),
        )


def _save_card(card_id: int, has_categories: bool) -> None:
    ok, result = _call(
        participation.edit_card,
        card_id=card_id,
        text=st.session_state.get(f"edit_text_{card_id}") or "",
        category=st.session_state.get(f"edit_cat_{card_id}") if has_categories else None,
    )
    _flash("ideas", ok, _("Your card is changed.") if ok else result)


def _withdraw_card(card_id: int) -> None:
    ok, result = _call(participation.withdraw_card, card_id=card_id)
    _flash("ideas", ok, _("Your card is taken back.") if ok else result)


# --- dot vote -----------------------------------------------------------------
#
# The cards are one element (``pari.vote_cards``: native rows cost a millisecond a
# card on every run, and following the facilitator into a vote is 300 phones
# rerunning at once). It sits in a fragment with nothing else, so a tap reruns
# the fragment alone: the tap's callback stores the counts it asks for, the
# fragment draws the element again from what the database now holds. The cards
# themselves are read once per step version for all phones (``offered_cards``).

VOTE_KEY = "phone_vote"  # (step id, is open, Dots): this phone's vote as last read or written
VOTE_ACK_KEY = "phone_vote_ack"  # (step id, last tap seq answered, notice or None)
VOTE_ELEMENT_KEY = "vote_cards"


def _read_vote(
    step_id: int, view: PhoneView | None = None
) -> tuple[bool, participation.Dots | None]:
    """This phone's dots and whether the step is open, read now (one short read; the
    full run passes the view it has just read)."""
    try:
        with web.db() as session:
            if view is None:
                view = participation.phone_view(session=session, participant_id=_pid())
            step = view.step if view.step is not None and view.step.id == step_id else None
            if step is None:
                return False, None
            dots = participation.my_dots(
                session=session, participant_id=_pid(), step=step, workshop=view.workshop
            )
    except DB_BUSY:
        return False, None
    st.session_state[VOTE_KEY] = (step_id, view.is_open, dots)
    return view.is_open, dots


def _vote(step_id: int) -> tuple[bool, participation.Dots | None]:
    """The vote as the last full run or tap left it, or read now."""
    kept = st.session_state.get(VOTE_KEY)
    if kept is not None and kept[0] == step_id:
        return kept[1], kept[2]
    return _read_vote(step_id)


def _dot_vote(view: PhoneView) -> None:
    step = view.step
    try:
        with web.db() as session:
            cards = participation.offered_cards(
                session=session, step=step, stage_version=view.workshop.stage_version
            )
    except DB_BUSY:
        st.warning(_(BUSY))
        return
    _is_open, dots = _read_vote(step.id, view)
    if dots is not None and dots.cap < dots.budget:
        st.caption(_("At most {cap} dots on one card.").format(cap=dots.cap))
    if not cards:
        st.info(_("There are no cards to vote on yet."))
    else:
        _vote_cards(step.id, cards)
    offered = {c.id for c in cards}
    stranded = [cid for cid in (dots.by_card if dots is not None else {}) if cid not in offered]
    if stranded:
        n = sum(dots.by_card[cid] for cid in stranded)
        st.warning(
            i18n.ngettext(
                "{n} of your dots is on a card the facilitator took off the wall.",
                "{n} of your dots are on cards the facilitator took off the wall.",
                n,
            ).format(n=n)
        )
        st.button(
            _("Take them back"), key="take_back_dots", on_click=_take_back, args=(step.id, stranded)
        )
    _show_flash("take_back")


def _acked(step_id: int) -> tuple[int, tuple[int | None, str] | None]:
    """The last tap seq this session answered on this step, and a notice not yet shown."""
    acked = st.session_state.get(VOTE_ACK_KEY)
    return (acked[1], acked[2]) if acked is not None and acked[0] == step_id else (0, None)


@st.fragment
def _vote_cards(step_id: int, cards: tuple[participation.OfferedCard, ...]) -> None:
    is_open, dots = _vote(step_id)
    if dots is None:
        st.warning(_(BUSY))
        return
    ack, notice = _acked(step_id)
    if notice is not None:  # said once, with the redraw that answers the tap
        st.session_state[VOTE_ACK_KEY] = (step_id, ack, None)
    data = vote_cards.vote_data(
        cards=cards,
        dots=dots,
        is_open=is_open,
        ack=ack,
        notice=notice,
    )
    vote_cards.mount(key=VOTE_ELEMENT_KEY, data=data, on_tap=partial(_on_tap, step_id))


def _on_tap(step_id: int) -> None:
    """Store what one tap asks for: each card's count, in its own short transaction."""
    taps = vote_cards.parse_taps(vote_cards.tap_value(VOTE_ELEMENT_KEY))
    last, _notice = _acked(step_id)
    if taps is None:
        st.session_state[VOTE_ACK_KEY] = (step_id, last, None)
        return
    _is_open, before = _vote(step_id)
    notice = None
    for card_id, count in vote_cards.ordered(taps, before):
        ok, result = _call(participation.set_dots, step_id=step_id, card_id=card_id, dots=count)
        if not ok:
            notice = (card_id, result)
            st.session_state.pop(VOTE_KEY, None)  # read again: the step may have closed
            break
        st.session_state[VOTE_KEY] = (step_id, True, result)
    st.session_state[VOTE_ACK_KEY] = (step_id, max(last, taps.seq), notice)


def _take_back(step_id: int, card_ids: list[int]) -> None:
    for card_id in card_ids:
        ok, message = _call(participation.set_dots, step_id=step_id, card_id=card_id, dots=0)
        if not ok:
            _flash("take_back", False, message)
            break
    st.session_state.pop(VOTE_KEY, None)


# --- matrix -------------------------------------------------------------------


def _matrix(view: PhoneView) -> None:
    _matrix_fragment(view.step.id)


@st.fragment
def _matrix_fragment(step_id: int) -> None:
    step, is_open, _view = _step_and_open(step_id)
    if step is None:
        st.info(_("The facilitator has moved on. This screen changes by itself."))
        return
    names = [text_label(c) for c in steps.config(step).criteria]
    with web.db() as session:
        cards = participation.step_cards(session=session, step=step)
        mine = participation.my_scores(session=session, participant_id=_pid(), step_id=step_id)
    st.caption(_("1 = very low, 5 = very high. Your choice is saved when you tap."))
    if not cards:
        st.info(_("There are no cards to score yet."))
    done = sum(1 for c in cards if (c.id, 0) in mine and (c.id, 1) in mine)
    st.markdown(_("**{done} of {total}** cards scored").format(done=done, total=len(cards)))
    for card in cards:
        with st.container(border=True):
            st.text(card.text, width="stretch")
            for criterion, name in enumerate(names):
                st.segmented_control(
                    md_escape(name),
                    options=[1, 2, 3, 4, 5],
                    default=mine.get((card.id, criterion)),
                    key=f"score_{card.id}_{criterion}",
                    disabled=not is_open,
                    on_change=_save_score,
                    args=(step_id, card.id, criterion),
                    width="stretch",
                )
            _show_flash(f"score{card.id}")


def _save_score(step_id: int, card_id: int, criterion: int) -> None:
    value = st.session_state.get(f"score_{card_id}_{criterion}")
    ok, result = _call(
        participation.score, step_id=step_id, card_id=card_id, criterion=criterion, value=value
    )
    if not ok:
        _flash(f"score{card_id}", False, result)


# --- poll ---------------------------------------------------------------------


def _poll(view: PhoneView) -> None:
    step = view.step
    options = list(steps.config(step).options)
    with web.db() as session:
        mine = participation.my_poll_answer(session=session, participant_id=_pid(), step_id=step.id)
    flashed = _show_flash("poll")
    if not options:
        st.info(_("This poll has no answers to choose from yet."))
        return
    multiple = steps.config(step).multiple
    with st.form(f"poll_{step.id}", border=False):
        if multiple:
            st.markdown(_("Choose one or more answers."))
            chosen = [
                i
                for i, option in enumerate(options)
                if st.checkbox(
                    md_escape(text_label(option)),
                    value=i in mine,
                    key=f"poll_{step.id}_{i}",
                    disabled=not view.is_open,
                )
            ]
        else:
            pick = st.radio(
                _("Choose one answer"),
                options=list(range(len(options))),
                index=mine[0] if mine and mine[0] < len(options) else None,
                format_func=lambda i: md_escape(text_label(options[i])),
                key=f"poll_{step.id}",
                disabled=not view.is_open,
            )
            chosen = [] if pick is None else [pick]
        submitted = st.form_submit_button(
            _("Send my answer"), type="primary", width="stretch", disabled=not view.is_open
        )
    if submitted:
        if not chosen:
            st.error(_("Please choose an answer first."))
            return
        ok, result = _call(participation.answer_poll, step_id=step.id, options=chosen)
        _flash("poll", ok, _("Your answer is saved. You can still change it.") if ok else result)
        st.rerun()
    elif mine and not flashed:
        st.caption(_("Your answer is saved. You can still change it."))


# --- assessment ---------------------------------------------------------------

NOT_YET = "–"


def _assessment(view: PhoneView) -> None:
    _assessment_fragment(view.step.id)


@st.fragment
def _assessment_fragment(step_id: int) -> None:
    step, is_open, _view = _step_and_open(step_id)
    if step is None:
        st.info(_("The facilitator has moved on. This screen changes by itself."))
        return
    with web.db() as session:
        mine = participation.my_ratings(session=session, participant_id=_pid(), step_id=step_id)
    keys = list(steps.config(step).dimensions)
    st.caption(_("0 = not at all, 10 = fully. Your answer is saved when you let go of the slider."))
    st.markdown(
        _("**{done} of {total}** answered").format(
            done=sum(1 for k in keys if k in mine), total=len(keys)
        )
    )
    for index, key in enumerate(keys):
        with st.container(border=True):
            st.markdown("**" + md_escape(dimension_label(key)) + "**")
            dont_know = key in mine and mine[key] is None
            value = mine.get(key)
            st.select_slider(
                _("Your rating"),
                options=[NOT_YET, *range(11)],
                value=NOT_YET if value is None else value,
                key=f"rate_{step_id}_{index}",
                disabled=not is_open or dont_know,
                on_change=_save_rating,
                args=(step_id, index, key),
                label_visibility="collapsed",
            )
            st.toggle(
                _("I don't know"),
                value=dont_know,
                key=f"dk_{step_id}_{index}",
                disabled=not is_open,
                on_change=_save_dont_know,
                args=(step_id, index, key),
            )
            if key not in mine:
                st.caption(_("Not answered yet"))
            elif dont_know:
                st.caption(_("Saved: I don't know"))
            else:
                st.caption(_("Saved: {value}").format(value=value))
            _show_flash(f"rate{index}")


def _save_rating(step_id: int, index: int, key: str) -> None:
    value = st.session_state.get(f"rate_{step_id}_{index}")
    if value == NOT_YET:
        return
    ok, result = _call(participation.rate, step_id=step_id, ratings={key: value})
    if not ok:
        _flash(f"rate{index}", False, result)


def _save_dont_know(step_id: int, index: int, key: str) -> None:
    if st.session_state.get(f"dk_{step_id}_{index}"):
        ok, result = _call(participation.rate, step_id=step_id, ratings={key: None})
    else:
        value = st.session_state.get(f"rate_{step_id}_{index}")
        if value == NOT_YET:
            value = 5
            st.session_state[f"rate_{step_id}_{index}"] = value
        ok, result = _call(participation.rate, step_id=step_id, ratings={key: value})
    if not ok:
        _flash(f"rate{index}", False, result)


# --- commitments --------------------------------------------------------------


def _commitments(view: PhoneView) -> None:
    _commitments_fragment(view.step.id)


@st.fragment
def _commitments_fragment(step_id: int) -> None:
    step, is_open, _view = _step_and_open(step_id)
    if step is None:
        st.info(_("The facilitator has moved on. This screen changes by itself."))
        return
    with web.db() as session:
        cards = participation.step_cards(session=session, step=step)
        pledges = participation.my_pledges(session=session, participant_id=_pid(), step_id=step_id)
    _show_flash("pledge")
    if is_open:
        nonce = _nonce(f"pledge{step_id}")
        with st.form(f"pledge_{nonce}", border=True):
            if cards:
                st.selectbox(
                    _("Which priority?"),
                    options=[c.id for c in cards],
                    index=None,
                    format_func={c.id: shorten(c.text, 80) for c in cards}.get,
                    placeholder=_("Choose a priority"),
                    key=f"pl_card_{nonce}",
                )
                label = _("… or write another priority")
            else:
                label = _("Which priority?")
            st.text_input(label, placeholder=_limit(MAX_CARD_TEXT), key=f"pl_text_{nonce}")
            st.radio(
                _("Your role"),
                options=list(CommitmentRole),
                index=1,
                format_func=lambda r: _(COMMITMENT_ROLE_LABELS[r]),
                horizontal=True,
                key=f"pl_role_{nonce}",
            )
            st.radio(
                _("What do you offer?"),
                options=list(CommitmentKind),
                index=None,
                format_func=lambda k: _(COMMITMENT_KIND_LABELS[k]),
                horizontal=True,
                key=f"pl_kind_{nonce}",
            )
            st.text_area(
                _("What exactly?"),
                height=90,
                key=f"pl_what_{nonce}",
                placeholder=_("For example: two days a month to help with the accounts"),
            )
            st.number_input(
                _("How much? (optional)"),
                min_value=0.0,
                value=None,
                step=1.0,
                key=f"pl_amount_{nonce}",
            )
            st.text_input(
                _("Unit (optional)"),
                key=f"pl_unit_{nonce}",
                placeholder=_("hours, days, euros …"),
            )
            st.date_input(
                _("By when? (optional)"),
                value=None,
                min_value=date.today(),
                format="DD/MM/YYYY",
                key=f"pl_when_{nonce}",
            )
            st.form_submit_button(
                _("Add my pledge"),
                type="primary",
                width="stretch",
                on_click=_add_pledge,
                args=(step_id, nonce, bool(cards)),
            )
    st.subheader(_("Your pledges ({n})").format(n=len(pledges)), anchor=False)
    if not pledges:
        st.caption(_("You have not pledged anything yet."))
    texts = {c.id: c.text for c in cards}
    for pledge in pledges:
        with st.container(border=True):
            st.text(_pledge_line(pledge, texts), width="stretch")
            if is_open:
                st.button(
                    _("Take this pledge back"),
                    key=f"unpledge_{pledge.id}",
                    width="stretch",
                    on_click=_withdraw_pledge,
                    args=(pledge.id,),
                )


def _pledge_line(pledge, card_texts: dict[int, str]) -> str:
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


def _add_pledge(step_id: int, nonce: str, has_cards: bool) -> None:
    get = st.session_state.get
    card_id = get(f"pl_card_{nonce}") if has_cards else None
    text = (get(f"pl_text_{nonce}") or "").strip()
    if card_id is not None and text:
        _flash("pledge", False, _("Please either choose a priority or write one, not both."))
        return
    kind = get(f"pl_kind_{nonce}")
    if kind is None:
        _flash("pledge", False, _("Please choose what kind of help you offer."))
        return
    ok, result = _call(
        participation.pledge,
        step_id=step_id,
        contribution_id=card_id,
        priority_text=text,
        role=get(f"pl_role_{nonce}") or CommitmentRole.SUPPORTING,
        kind=kind,
        what=get(f"pl_what_{nonce}") or "",
        amount=get(f"pl_amount_{nonce}"),
        unit=get(f"pl_unit_{nonce}") or "",
        by_when=get(f"pl_when_{nonce}"),
        client_nonce=nonce,
    )
    if ok:
        _rotate(f"pledge{step_id}")
        _flash("pledge", True, _("Thank you! Your pledge is saved."))
    else:
        _flash("pledge", False, result)


def _withdraw_pledge(commitment_id: int) -> None:
    ok, result = _call(participation.withdraw_pledge, commitment_id=commitment_id)
    _flash("pledge", ok, _("Your pledge is taken back.") if ok else result)


# --- plan ---------------------------------------------------------------------


def _plan(view: PhoneView) -> None:
    with web.db() as session:
        plan = participation.plan_view(session=session, workshop_id=view.workshop.id)
    st.subheader(_("Top priorities"), anchor=False)
    if not plan.priorities:
        st.caption(_("No priorities have been voted yet."))
    for rank, priority in enumerate(plan.priorities, start=1):
        with st.container(border=True):
            st.markdown(
                f"**{rank}.** "
                + i18n.ngettext("{n} dot", "{n} dots", priority.dots).format(n=priority.dots)
            )
            st.text(priority.text, width="stretch")
    st.subheader(_("Commitments"), anchor=False)
    if not plan.pledges:
        st.caption(_("No pledges yet."))
    for pledge in plan.pledges:
        with st.container(border=True):
            st.caption(group_label(pledge.group))
            st.text(_pledge_line(pledge, {}), width="stretch")
    if plan.next_steps:
        st.subheader(_("Next steps"), anchor=False)
        st.text(plan.next_steps, width="stretch")
