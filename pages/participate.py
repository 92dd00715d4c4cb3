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

from pages import accessibility, phone_outcome, phone_window
from pari import countdown, i18n, live, stakeholder, steps, urls, web
from pari.i18n import _
from pari.labels import text_label
from pari.models import Step, StepState, WorkshopStatus
from pari.phone import ui
from pari.phone.joining import set_language, set_larger_text
from pari.phone.pace import pace
from pari.phone.view import PhoneView, phone_view
from pari.reveal import RANKED_KINDS, Ranked, Reveal, as_closed, revealed_ranking
from pari.text import md_escape, shorten
from pari.workshops import window

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
.st-key-phone_tools { gap: 0.5rem 1.25rem; }
.st-key-phone_tools label, .st-key-phone_tools a { min-height: 2.75rem; align-items: center; }
.st-key-phone_tools a p { text-decoration: underline; }
.pari-criterion { font-size: 1.05rem; color: #111; margin: 0; }
[data-testid="stElementContainer"]:has(.pari-criterion) { margin-bottom: -0.6rem; }
/* Sliders (readiness): a thumb to hit and a track to see (WCAG 2.5.8, 1.4.11). */
[data-testid="stSlider"] div:has(> div > input[type="range"]) { width: 1.6rem; height: 1.6rem; }
[data-testid="stSlider"] [data-orientation] > [data-orientation] > div:first-child {
  box-shadow: 0 0 0 1px #767676; }
</style>"""

DB_BUSY = ui.DB_BUSY  # what a phone treats as "the server is busy, tap again"
TOP_BAR_KEY = "phone_top_bar"  # what the top bar was drawn with
LARGER_TEXT_KEY = "phone_larger_text"


def page() -> st.Page:
    """The phone's page as app.py registers it (the statement page links back to it)."""
    return st.Page(render, title=_("Workshop"), url_path=urls.TAKE_PART, default=True)


def render() -> None:
    if stakeholder.PARTICIPANT_KEY not in st.session_state:
        st.error(_("This link is no longer valid. Please join again with the workshop code."))
        return
    with live.turn():  # a room of phones draws a few at a time (pari.live.turn)
        _page()


def _page() -> None:
    with web.db() as session:
        view = phone_view(session=session, participant_id=ui.pid())
    st.html(PHONE_CSS + ui.text_size_css(view))
    live.mount_wake()
    ui.load_language(view)
    web.mark_page()
    _top_bar(view)
    st.session_state[ui.RUN_VIEW_KEY] = view  # the step's fragment takes it: one read a run
    try:
        _step_area()
    finally:  # never left for a later fragment rerun, whatever stopped this run
        st.session_state.pop(ui.RUN_VIEW_KEY, None)
    if view.checked_in and (
        view.workshop.status is not WorkshopStatus.CLOSED
        or window.accepts_self_paced(view.workshop)
    ):
        # Under the step, outside its fragment: a step change does not draw it again.
        ui.my_details(view)


@st.fragment
def _step_area() -> None:
    """Everything under the top bar. The step is followed from here, so a step change
    reruns this fragment alone (``pari.live``); the top bar is drawn again only when
    what it shows has changed."""
    with live.turn():
        _step(ui.run_view(room=True))


def _step(view: PhoneView) -> None:
    live.follow(view.workshop.id, view.workshop.stage_version)
    if st.session_state.get(TOP_BAR_KEY) != _top_bar_shows(view):
        st.rerun(scope="app")
    if st.session_state.pop(stakeholder.RETURNING_KEY, False):
        st.success(
            _("Welcome back: this phone is already taking part. Everything you entered is kept.")
        )

    workshop = view.workshop
    self_paced = window.accepts_self_paced(workshop)
    if workshop.status is WorkshopStatus.CLOSED and not self_paced:
        st.session_state.pop(ui.PACED_STEP_KEY, None)
        st.header(_("Thank you!"), anchor=False)
        st.info(_("This workshop has ended. Thank you for taking part."))
        phone_window.upcoming(view)
        if view.checked_in:
            phone_outcome.draw(view.workshop.version)
        return
    if not view.checked_in:
        ui.check_in(view)
        return
    if self_paced:
        with web.db() as session:
            at_own_pace = pace(session=session, participant_id=ui.pid())
        if at_own_pace.steps:
            phone_window.draw(at_own_pace)
            return
    st.session_state.pop(ui.PACED_STEP_KEY, None)  # following the room again
    if workshop.status is WorkshopStatus.DRAFT or view.step is None:
        _waiting(_("The workshop will start soon. This screen changes by itself."))
        phone_window.upcoming(view)
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


def _on_language() -> None:
    lang = st.session_state["phone_lang"]
    st.session_state[i18n.SESSION_KEY] = lang
    ui.call(set_language, language=lang)


def _on_larger_text() -> None:
    ok, message = ui.call(set_larger_text, on=bool(st.session_state[LARGER_TEXT_KEY]))
    if not ok:
        ui.flash("text_size", False, message)


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
            width=200 if view.participant.larger_text else 150,  # "🌐 Português" fits
        )
    # How this person reads the page: larger text (kept for them) and the statement.
    st.session_state[LARGER_TEXT_KEY] = view.participant.larger_text
    with st.container(horizontal=True, vertical_alignment="center", key="phone_tools"):
        st.toggle(_("Larger text"), key=LARGER_TEXT_KEY, on_change=_on_larger_text)
        accessibility.link()
    ui.show_flash("text_size")


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
