"""The presenter screen for the projector: the current step, the join code and QR, live results.

It refreshes itself with ``st.fragment(run_every=2)``: each tick reads the
workshop's version (one primary-key read) and draws results cached by
(workshop, version, language), so a tick with nothing new costs no aggregation
and a busy room costs one aggregation per change, whatever the number of
presenter screens. Two seconds keep the chart within 3 s of a vote (issue 10:
a tick's wait plus its run); a room has one or two presenter screens, not the
300 pollers DESIGN section 7 warns of.
"""

from __future__ import annotations

import html

import segno
import streamlit as st

from pages.workshops import chosen_code
from pari import countdown, steps, versioning, web
from pari import results as res
from pari import workshops as ws
from pari.i18n import _, ngettext, resolve_language, using_language
from pari.labels import text_label
from pari.models import StepKind, StepState
from pari.permissions import NotAllowed

REFRESH_SECONDS = 2
WALL_SHOWN_KEY = "pari_wall_shown"  # ((workshop, language), snapshot) this screen last drew

CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"] { display: none !important; }
.block-container { padding-top: 1.2rem !important; padding-bottom: 1rem !important;
  max-width: 100% !important; }
h1.pari-step { font-size: 3.4rem; font-weight: 800; line-height: 1.1; color: #111; margin: 0;
  padding: 0; }
.pari-prompt { font-size: 2rem; line-height: 1.3; color: #222; margin: .6rem 0 1rem 0; }
.pari-kicker { font-size: 1.4rem; color: #1B6B3A; font-weight: 700; text-transform: uppercase;
  letter-spacing: .08em; }
.pari-code { font-family: ui-monospace, "DejaVu Sans Mono", monospace;
  font-size: min(5.5rem, 5.2vw); /* six letters fit the side column at 1280 px */
  font-weight: 800; letter-spacing: .12em; color: #111; text-align: center; line-height: 1; }
.pari-qr { display: block; width: 100%; height: auto; }
.pari-link { font-size: 1.35rem; text-align: center; color: #111; word-break: break-all; }
.pari-count { font-size: 2.2rem; text-align: center; color: #111; margin-top: .6rem; }
.pari-count b { font-size: 3.2rem; }
.pari-mode { font-size: 1.5rem; text-align: center; color: #333; }
.pari-note { font-size: 2rem; color: #333; padding: 2rem 0; }
.pari-state { font-size: 1.4rem; color: #333; margin: 0; }
.pari-cat { font-size: 1.6rem; font-weight: 800; border-bottom: 4px solid #1B6B3A;
  margin-bottom: .4rem; }
.pari-card { font-size: 1.6rem; background: #FFF6C7; border-left: 8px solid #888;
  padding: .45rem .7rem; margin: .35rem 0; border-radius: 4px; color: #111;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.pari-plan li { font-size: 1.6rem; margin: .3rem 0; }
/* A shorter wall (1280x720): a smaller title leaves the kind's panel its room. */
@media (max-height: 999px) {
  h1.pari-step { font-size: 2.4rem; }
  .pari-prompt { font-size: 1.5rem; margin: .3rem 0 .5rem 0; }
}
</style>
"""


def render() -> None:
    user = web.current_user()
    if user is None:
        return
    st.set_page_config(layout="wide", page_title="PARI · " + _("Presenter"))
    st.html(CSS)
    code = chosen_code()
    try:
        with web.db() as session:
            if code is None:
                mine = ws.list_workshops(session=session, user=user)
                if not mine:
                    st.info(_("No workshop yet."))
                    return
                code = mine[0].code
            workshop = ws.get_workshop(session=session, user=user, code=code)
    except (ws.WorkshopError, NotAllowed):
        st.error(_("No workshop of yours has this code."))
        return
    # The wall speaks the room's language: the workshop's, unless the link says ?lang=.
    lang = resolve_language(st.query_params.get("lang"), workshop.language)
    web.page_language(lang)
    _live(workshop.id, workshop.code, lang)


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _qr_src(url: str) -> str:
    """The join link's QR code as an image source (drawn as an <img> with a text
    alternative: Streamlit's st.image has none)."""
    return segno.make(url, error="m").svg_data_uri(scale=9, border=2, dark="#000", light="#fff")


@st.cache_data(ttl=60, max_entries=256, show_spinner=False)
def _snapshot(workshop_id: int, version: int, lang: str) -> dict:
    """Everything one version of a workshop shows (lang keys translated template texts)."""
    del version, lang  # cache keys only
    with web.db() as session:
        return res.snapshot(session=session, workshop_id=workshop_id)


def _version(workshop_id: int) -> int:
    with web.db() as session:
        return versioning.current(session, workshop_id)


@st.fragment(run_every=REFRESH_SECONDS)
def _live(workshop_id: int, code: str, lang: str) -> None:
    web.fragment_user(workshop_id)
    with using_language(lang):
        _draw(workshop_id, code, lang)


def _draw(workshop_id: int, code: str, lang: str) -> None:
    shown = st.session_state.get(WALL_SHOWN_KEY)
    try:
        snap = _snapshot(workshop_id, _version(workshop_id), lang)
    except web.DB_BUSY:
        # The database is busy (a long lock): the wall keeps what it showed, however
        # old, and the next tick tries again; a blank projector or an error box helps
        # nobody. (Not from the snapshot cache: its entry may have expired.)
        if shown is None or shown[0] != (workshop_id, lang):
            st.caption(_("One moment: the server is busy."))
            return
        snap = shown[1]
    st.session_state[WALL_SHOWN_KEY] = ((workshop_id, lang), snap)
    step = snap["step"]
    r: res.StepResults = snap["results"]
    main, side = st.columns([3, 1], gap="large")
    with side:
        _join_panel(code, r)
    with main:
        if step is None:
            st.html(
                f'<p class="pari-kicker">{html.escape(snap["title"])}</p>'
                f'<h1 class="pari-step">{_e(_("Welcome"))}</h1>'
                f'<p class="pari-prompt">{_e(_("Join with your phone: we start soon."))}</p>'
            )
            return
        st.html(
            f'<p class="pari-kicker">{_e(snap["title"])}</p>'
            f'<h1 class="pari-step">{_e(text_label(step["title"]))}</h1>'
            f'<p class="pari-prompt">{_e(text_label(step["prompt"]))}</p>'
        )
        countdown.draw_current(workshop_id, big=True)
        state = StepState(step["state"])
        if snap["status"] == "closed":
            st.html(f'<p class="pari-note">{_e(_("This workshop has ended. Thank you!"))}</p>')
        elif state is StepState.NOT_STARTED and step["takes_input"]:
            st.html(f'<p class="pari-note">{_e(_("Starting soon."))}</p>')
        else:
            _shown(step, r)


def _shown(step: dict, r: res.StepResults) -> None:
    """An open or closed step's results as far as they are revealed (``pari.reveal``):
    the snapshot holds nothing more, so nothing hidden reaches the browser."""
    if step["state"] == StepState.CLOSED.value:
        st.html(f'<p class="pari-state">{_e(_("Input is closed."))}</p>')
    if not step["visible"]:
        st.html(
            f'<p class="pari-note" data-testid="results-hidden">'
            f"{_e(_('The results will be revealed soon.'))}</p>"
        )
        return
    if step["ranks"] is not None:
        first, last = step["ranks"]
        ranks = _("Top {n}: ranks {first} to {last}").format(n=step["top"], first=first, last=last)
        st.html(f'<p class="pari-kicker" data-testid="reveal-ranks">{_e(ranks)}</p>')
    _results(StepKind(step["kind"]), step["config"], r)


def _e(text: str) -> str:
    return html.escape(text or "", quote=False)


def _join_panel(code: str, r: res.StepResults) -> None:
    answers = (
        ""
        if r.kind is None or not steps.get(r.kind).counts_answers
        else f'<div class="pari-count" data-testid="answer-count"><b>{r.contributions}</b> '
        f"{_e(ngettext('answer', 'answers', r.contributions))}</div>"
    )
    if answers and r.modes.self_paced:  # answers given in the self-paced window too
        modes = _("{live} live · {paced} self-paced").format(
            live=r.modes.live, paced=r.modes.self_paced
        )
        answers += f'<div class="pari-mode" data-testid="mode-count">{_e(modes)}</div>'

    url = f"{web.settings().base_url}/?join={code}"
    st.html(f'<div class="pari-code" data-testid="join-code">{_e(code)}</div>')
    alt = _("QR code: scan it with your phone's camera to join at {link}").format(link=url)
    st.html(f'<img class="pari-qr" src="{_qr_src(url)}" alt="{html.escape(alt)}">')
    st.html(
        f'<div class="pari-link">{_e(url)}</div>'
        f'<div class="pari-count" data-testid="people-count"><b>{r.participants}</b> '
        f"{_e(ngettext('person', 'people', r.participants))}</div>{answers}"
    )


def _results(kind: StepKind, config: dict, r: res.StepResults) -> None:
    """The step's own panel, drawn by its kind (``pari.steps.<kind>.wall``)."""
    steps.ui(kind, "wall").draw(r.frames, config, chart=web.chart)
