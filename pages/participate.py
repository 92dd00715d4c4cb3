"""The stakeholder's phone: one page that follows the facilitator's current step.

Nothing is drawn at import (DESIGN section 7). The page draws what every step
shares (the top bar, the step's title, its state, "My details") and hands the step
to its kind's phone screen (``pari.steps.<kind>.phone``, through ``pari.steps.ui``);
every rule is checked again by the kinds' phone rules (``pari.steps.<kind>.rules``),
the widgets only make the rules easy to keep. Taps live inside ``@st.fragment`` so
a tap reruns a small part of the page; the page follows the step through
``pari.live.follow`` from the step's own fragment, which alone reruns when the step
changes (no polling). Text a person wrote (stakeholder or facilitator) is drawn
with ``st.text`` or through ``pari.text.md_escape``, never as HTML or Markdown.
"""

from __future__ import annotations

import streamlit as st

from pari import countdown, i18n, live, stakeholder, steps, web
from pari.i18n import _
from pari.labels import text_label
from pari.models import Step, StepState, WorkshopStatus
from pari.phone import ui
from pari.phone.joining import set_language
from pari.phone.view import PhoneView, phone_view
from pari.reveal import RANKED_KINDS, Ranked, Reveal, as_closed, revealed_ranking
from pari.text import md_escape, shorten

# Large touch targets and readable text on a 390 px phone; our own constant CSS.
PHONE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3rem; }
button[data-testid^="stBaseButton"] { min-height: 3rem; }
.st-key-pari_wake, [class*="st-key-pari_top_"] { display: none; }
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

DB_BUSY = ui.DB_BUSY  # what a phone treats as "the server is busy, tap again"
LANG_LOADED_KEY = "phone_lang_loaded"
TOP_BAR_KEY = "phone_top_bar"  # what the top bar was drawn with


def render() -> None:
    if stakeholder.PARTICIPANT_KEY not in st.session_state:
        st.error(_("This link is no longer valid. Please join again with the workshop code."))
        return
    with live.turn():  # a room of phones draws a few at a time (pari.live.turn)
        _page()


def _page() -> None:
    st.html(PHONE_CSS)
    with web.db() as session:
        view = phone_view(session=session, participant_id=ui.pid())
    live.mount_wake()
    _load_language(view)
    _top_bar(view)
    st.session_state[ui.RUN_VIEW_KEY] = view  # the step's fragment takes it: one read a run
    try:
        _step_area()
    finally:  # never left for a later fragment rerun, whatever stopped this run
        st.session_state.pop(ui.RUN_VIEW_KEY, None)
    if view.checked_in and view.workshop.status is not WorkshopStatus.CLOSED:
        # Under the step, outside its fragment: a step change does not draw it again.
        ui.my_details(view)


@st.fragment
def _step_area() -> None:
    """Everything under the top bar. The step is followed from here, so a step change
    reruns this fragment alone (``pari.live``); the top bar is drawn again only when
    what it shows has changed."""
    with live.turn():
        _step(ui.run_view())


def _step(view: PhoneView) -> None:
    live.follow(view.workshop.id, view.workshop.stage_version)
    if st.session_state.get(TOP_BAR_KEY) != _top_bar_shows(view):
        st.rerun(scope="app")
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
        ui.check_in(view)
        return
    if workshop.status is WorkshopStatus.DRAFT or view.step is None:
        _waiting(_("The workshop will start soon. This screen changes by itself."))
        return

    step = view.step  # a new step's heading is brought on screen by the wake element
    st.header(md_escape(text_label(step.title)), anchor=False)
    if step.prompt:
        st.markdown(md_escape(text_label(step.prompt)))
    _state_banner(view)
    countdown.draw(step, big=False)
    screen = steps.ui(step.kind, "phone")
    st.session_state[ui.RUN_VIEW_KEY] = view  # the kind's own fragment takes it
    try:
        screen.draw(view)
    finally:
        st.session_state.pop(ui.RUN_VIEW_KEY, None)


def _load_language(view: PhoneView) -> None:
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


def _on_language() -> None:
    lang = st.session_state["phone_lang"]
    st.session_state[i18n.SESSION_KEY] = lang
    ui.call(set_language, language=lang)


def _top_bar_shows(view: PhoneView) -> str:
    return shorten(view.workshop.title, 60)


def _top_bar(view: PhoneView) -> None:
    current = i18n.resolve_language(st.session_state.get(i18n.SESSION_KEY))
    st.session_state["phone_lang"] = current
    st.session_state[TOP_BAR_KEY] = _top_bar_shows(view)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.text(st.session_state[TOP_BAR_KEY], width="stretch")
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
    step = view.step
    state = as_closed(step.state)
    reveal = Reveal.of(step)
    if state is StepState.NOT_STARTED:
        if steps.get(step.kind).takes_input:  # the plan step only shows: it never opens
            st.info(_("Get ready: this step opens in a moment. This screen changes by itself."))
        return
    if reveal.hidden and reveal.visible:
        if step.kind in RANKED_KINDS:
            st.text(_revealed(step, view.workshop.stage_version), width="stretch")
        else:
            st.info(_("The results are on the screen in the room."))
    elif state is StepState.CLOSED:
        st.warning(_("This step is closed. Look at the screen in the room."))


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _revealed_lines(step_id: int, stage_version: int) -> list[Ranked]:
    """A revealed ranking as far as it is shown, read once per step version for every
    phone of this process (a reveal moves the stage version)."""
    del stage_version  # cache key only
    with web.db() as session:
        return revealed_ranking(session=session, step_id=step_id)


def _revealed(step: Step, stage_version: int) -> str:
    """The revealed ranking as plain text (stakeholder text is never Markdown here)."""
    kind = steps.get(step.kind)
    lines = [
        f"{line.rank}. {text_label(line.text)} · {kind.count_text(line.count)}"
        for line in _revealed_lines(step.id, stage_version)
    ]
    return "\n".join([_("Results"), *lines]) if lines else _("No answers yet")
