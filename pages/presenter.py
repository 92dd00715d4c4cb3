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
from pari import charts, versioning, web
from pari import results as res
from pari import workshops as ws
from pari.i18n import _, format_date, ngettext, resolve_language, using_language
from pari.labels import COMMITMENT_KIND_LABELS, COMMITMENT_ROLE_LABELS, group_label, text_label
from pari.models import CommitmentKind, CommitmentRole, StepKind, StepState, Workshop
from pari.permissions import NotAllowed

REFRESH_SECONDS = 2
MAX_CARDS_PER_CATEGORY = 24

CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"] { display: none !important; }
.block-container { padding-top: 1.2rem !important; max-width: 100% !important; }
.pari-step { font-size: 3.4rem; font-weight: 800; line-height: 1.1; color: #111; margin: 0; }
.pari-prompt { font-size: 2rem; line-height: 1.3; color: #222; margin: .6rem 0 1rem 0; }
.pari-kicker { font-size: 1.4rem; color: #1B6B3A; font-weight: 700; text-transform: uppercase;
  letter-spacing: .08em; }
.pari-code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 5.5rem;
  font-weight: 800; letter-spacing: .12em; color: #111; text-align: center; line-height: 1; }
.pari-link { font-size: 1.35rem; text-align: center; color: #111; word-break: break-all; }
.pari-count { font-size: 2.2rem; text-align: center; color: #111; margin-top: .6rem; }
.pari-count b { font-size: 3.2rem; }
.pari-note { font-size: 2rem; color: #333; padding: 2rem 0; }
.pari-cat { font-size: 1.6rem; font-weight: 800; border-bottom: 4px solid #1B6B3A;
  margin-bottom: .4rem; }
.pari-card { font-size: 1.6rem; background: #FFF6C7; border-left: 8px solid #888;
  padding: .45rem .7rem; margin: .35rem 0; border-radius: 4px; color: #111;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.pari-plan li { font-size: 1.6rem; margin: .3rem 0; }
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
    _live(
        workshop.id, workshop.code, resolve_language(st.query_params.get("lang"), workshop.language)
    )


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=9, border=2, dark="#000", light="#fff")


@st.cache_data(ttl=60, max_entries=256, show_spinner=False)
def _snapshot(workshop_id: int, version: int, lang: str) -> dict:
    """Everything one version of a workshop shows (lang keys translated template texts)."""
    del version, lang  # cache keys only
    with web.db() as session:
        workshop = session.get(Workshop, workshop_id)
        step = ws.current_step(session=session, workshop=workshop)
        results = res.step_results(session=session, workshop_id=workshop_id)
        return {
            "title": workshop.title,
            "status": workshop.status.value,
            "step": None
            if step is None
            else {
                "title": step.title,
                "prompt": step.prompt,
                "kind": step.kind.value,
                "state": step.state.value,
                "config": ws.step_config(step, dot_budget=workshop.dot_budget),
            },
            "results": results,
        }


def _version(workshop_id: int) -> int:
    with web.db() as session:
        return versioning.current(session, workshop_id)


@st.fragment(run_every=REFRESH_SECONDS)
def _live(workshop_id: int, code: str, lang: str) -> None:
    web.fragment_user()
    with using_language(lang):
        _draw(workshop_id, code, lang)


def _draw(workshop_id: int, code: str, lang: str) -> None:
    snap = _snapshot(workshop_id, _version(workshop_id), lang)
    step = snap["step"]
    r: res.StepResults = snap["results"]
    main, side = st.columns([3, 1], gap="large")
    with side:
        _join_panel(code, r)
    with main:
        if step is None:
            st.html(
                f'<p class="pari-kicker">{html.escape(snap["title"])}</p>'
                f'<p class="pari-step">{_e(_("Welcome"))}</p>'
                f'<p class="pari-prompt">{_e(_("Join with your phone: we start soon."))}</p>'
            )
            return
        st.html(
            f'<p class="pari-kicker">{_e(snap["title"])}</p>'
            f'<p class="pari-step">{_e(text_label(step["title"]))}</p>'
            f'<p class="pari-prompt">{_e(text_label(step["prompt"]))}</p>'
        )
        state = StepState(step["state"])
        if snap["status"] == "closed":
            st.html(f'<p class="pari-note">{_e(_("This workshop has ended. Thank you!"))}</p>')
        elif state is StepState.NOT_STARTED:
            st.html(f'<p class="pari-note">{_e(_("Starting soon."))}</p>')
        elif state is StepState.CLOSED:
            st.html(f'<p class="pari-note">{_e(_("Input is closed."))}</p>')
        else:
            _results(StepKind(step["kind"]), step["config"], r)


def _date(value) -> str:
    """A pledge's date in the reader's locale (frames may carry a date, a string or NaT)."""
    import datetime as dt

    if isinstance(value, str) and value:
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date(value) if value else ""


def _e(text: str) -> str:
    return html.escape(text or "", quote=False)


def _join_panel(code: str, r: res.StepResults) -> None:
    answers = (
        ""
        if r.kind in (None, StepKind.PLAN, StepKind.CHECK_IN)
        else f'<div class="pari-count" data-testid="answer-count"><b>{r.contributions}</b> '
        f"{_e(ngettext('answer', 'answers', r.contributions))}</div>"
    )
    url = f"{web.settings().base_url}/?join={code}"
    st.html(f'<div class="pari-code" data-testid="join-code">{_e(code)}</div>')
    st.image(_qr_svg(url), width="stretch")
    st.html(
        f'<div class="pari-link">{_e(url)}</div>'
        f'<div class="pari-count" data-testid="people-count"><b>{r.participants}</b> '
        f"{_e(ngettext('person', 'people', r.participants))}</div>{answers}"
    )


def _chart(fig) -> None:
    # theme=None: the figure's own large, high-contrast layout, not Streamlit's theme.
    st.plotly_chart(fig, width="stretch", theme=None, config={"displayModeBar": False})


def _results(kind: StepKind, config: dict, r: res.StepResults) -> None:
    frames = r.frames
    if kind is StepKind.CHECK_IN:
        _chart(charts.room_donut(frames["room"], big=True))
    elif kind is StepKind.IDEAS:
        _card_wall(frames["cards"], config.get("categories", []))
    elif kind is StepKind.DOT_VOTE:
        _chart(charts.dot_bars(frames["tally"], big=True))
        if "agreement" in frames and not frames["agreement"].empty:
            # Where stakeholder groups converge and where they diverge (DESIGN section 2).
            _chart(
                charts.agreement_dots(
                    res.group_shares(frames["tally"]), frames["agreement"], big=True
                )
            )
    elif kind is StepKind.MATRIX:
        _chart(charts.matrix_bubbles(frames["matrix"], config["criteria"], big=True))
    elif kind is StepKind.POLL:
        _chart(charts.poll_bars(frames["poll"], config["options"], big=True))
    elif kind is StepKind.ASSESSMENT:
        _chart(charts.assessment_radar(frames["assessment"], config["dimensions"], big=True))
    elif kind is StepKind.COMMITMENTS:
        _chart(charts.commitments_sunburst(frames["pledges"], big=True))
        no_lead = frames["no_lead"]
        if not no_lead.empty:
            items = "".join(f"<li>{_e(t)}</li>" for t in no_lead.priority)
            st.html(
                f'<div class="pari-plan"><p class="pari-prompt">⚠ '
                f"{_e(_('Priorities with no lead yet'))}</p><ul>{items}</ul></div>"
            )
    elif kind is StepKind.PLAN:
        _plan(frames)


def _card_wall(cards, categories: list[str]) -> None:
    if cards.empty:
        st.html(f'<p class="pari-note">{_e(_("No cards yet."))}</p>')
        return
    # Every category of the step has its column, so the wall does not jump as cards arrive.
    present = list(dict.fromkeys(categories))
    present += sorted(set(cards.category) - set(present))
    columns = st.columns(max(1, min(len(present), 4)), gap="medium")
    for i, category in enumerate(present):
        part = cards[cards.category == category]
        name = text_label(category) if category else _("Cards")
        boxes = "".join(
            f'<div class="pari-card" style="border-left-color:{charts.group_color(g)}">'
            f"{_e(t)}</div>"
            for t, g in zip(
                part.text.tail(MAX_CARDS_PER_CATEGORY),
                part.group.tail(MAX_CARDS_PER_CATEGORY),
                strict=True,
            )
        )
        with columns[i % len(columns)]:
            st.html(f'<div class="pari-cat">{_e(name)} ({len(part)})</div>{boxes}')


def _plan(frames) -> None:
    priorities = frames["priorities"]
    pledges = frames["pledges"]
    left, right = st.columns(2, gap="large")
    with left:
        items = "".join(
            f"<li>{_e(t)} · <b>{d}</b></li>"
            for t, d in zip(priorities.text, priorities.dots, strict=True)
        )
        st.html(
            f'<div class="pari-plan"><p class="pari-kicker">{_e(_("Priorities"))}</p>'
            f"<ol>{items or '<li>–</li>'}</ol></div>"
        )
    with right:
        rows = "".join(
            "<li>"
            + _e(
                f"{p.priority}: {p.what} ({_(COMMITMENT_ROLE_LABELS[CommitmentRole(p.role)])}, "
                f"{_(COMMITMENT_KIND_LABELS[CommitmentKind(p.kind)])}, "
                f"{group_label(p.group or None, short=True)}"
                + (f", {_date(p.by_when)}" if _date(p.by_when) else "")
                + ")"
            )
            + "</li>"
            for p in pledges.itertuples()
        )
        st.html(
            f'<div class="pari-plan"><p class="pari-kicker">{_e(_("Commitments"))}</p>'
            f"<ul>{rows or '<li>–</li>'}</ul></div>"
        )
