"""A workshop's public results page (issue 21, point 3): ``/results?r=KEY``, for anyone.

No login, no menu, nothing to change: the plan, the ranked priorities, the charts by
stakeholder group (small groups pooled) and the commitments with their status, with no
person's name (``pari.reporting.public`` decides what is shown). app.py gives a run
with ``?r=`` this page alone. Every run asks the database whether the page is still
on (one indexed read), so a page switched off says "not available" on its next run,
exactly as for a key that never existed. What it shows is cached per (key, version,
language). In the reader's language, with a chooser; stakeholder text as plain text.
Nothing is drawn at import (DESIGN section 7).
"""

from __future__ import annotations

import streamlit as st

from pari import charts, i18n, steps, urls, web
from pari.i18n import _
from pari.labels import template_label
from pari.privacy import TOO_FEW_TEXT
from pari.reporting import followup, progress, public
from pari.steps.check_in.chart import room_donut
from pari.steps.commitments.chart import pledges_by_priority
from pari.text import md_escape

PARAM = public.PARAM  # app.py gives a run with it this page alone
LANG_KEY = "public_lang"
LANG_LOADED_KEY = "public_lang_loaded"
CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3rem; }
[data-testid="stMainBlockContainer"] h1 { overflow-wrap: anywhere; hyphens: auto; }
[data-testid="stPageLink"] a p { text-decoration: underline; }
</style>"""


def pages() -> list[st.Page]:
    """The page as ``st.navigation`` registers it (app.py): at ``/results``, and the same
    as the default page, which Streamlit serves at the root only (a link whose path was
    cut off still works; without an entry of its own, ``/results`` would open with
    Streamlit's "Page not found")."""
    title = _("Workshop results")
    return [
        st.Page(render, title=title, icon="", url_path=urls.START, default=True),
        st.Page(render, title=title, icon="", url_path=urls.PUBLIC_RESULTS),
    ]


def render() -> None:
    key = st.query_params.get(PARAM)
    with web.db() as session:
        found = public.published(session=session, key=key)
    if found is not None:
        _first_language(found.language)
    lang = i18n.current_language()
    results = _results(key, found.version, lang) if found is not None else None
    st.set_page_config(
        layout="wide" if results is not None else "centered",
        page_title="PARI · " + _("Workshop results"),
    )
    st.html(CSS)
    _language_chooser()
    if results is None:  # off, unknown, or switched off a moment ago: the same words
        st.title(_("Results not available"), anchor=False)
        st.info(
            _(
                "There are no results at this address. The link may be incomplete, or "
                "the workshop's facilitators have taken the page down."
            )
        )
        _footer()
        return
    _header(results)
    _room(results)
    for section in results.sections:  # each step's part, drawn by its kind
        steps.ui(section.kind, "wall").plan_panel(section, chart=web.chart)
    _commitments(results)
    if results.follow_up_shown:  # not while a commitments step's results are hidden
        _progress(_follow_up(found.workshop_id, found.version, lang))
    _next_steps(results)
    _footer()


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _results(key: str, version: int, lang: str) -> public.PublicResults | None:
    """What the page shows as of ``version`` (lang keys the labels drawn from it)."""
    del version, lang  # cache keys only
    with web.db() as session:
        return public.public_results(session=session, key=key)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _follow_up(workshop_id: int, version: int, lang: str) -> progress.Progress:
    """The pledges' follow-up as of ``version`` (a status recorded moves it); asked only
    while the page is on (``render`` has just checked)."""
    del version, lang  # cache keys only
    with web.db() as session:
        return progress.public_progress(session=session, workshop_id=workshop_id)


def _first_language(workshop_language: str) -> None:
    """A new session reads in the link's ?lang=, else the browser's language, else the
    workshop's (not English: a Swedish newsletter's reader with a German browser)."""
    if not st.session_state.get(LANG_LOADED_KEY):
        st.session_state[LANG_LOADED_KEY] = True
        st.session_state[i18n.SESSION_KEY] = i18n.resolve_language(
            st.query_params.get("lang"), web.browser_locale(), workshop_language
        )


def _on_language() -> None:
    st.session_state[i18n.SESSION_KEY] = i18n.resolve_language(st.session_state[LANG_KEY])


def _language_chooser() -> None:
    st.session_state[LANG_KEY] = i18n.current_language()
    with st.container(horizontal=True, horizontal_alignment="right"):
        st.selectbox(
            _("Language"),
            options=list(i18n.LANGUAGE_NAMES),
            format_func=lambda code: "🌐 " + i18n.LANGUAGE_NAMES[code],
            key=LANG_KEY,
            on_change=_on_language,
            label_visibility="collapsed",
            width=170,
        )


def _header(results: public.PublicResults) -> None:
    st.caption(_("Results of a participatory workshop"))
    st.title(md_escape(results.title), anchor=False)
    facts = [
        (_("Territory"), results.territory),
        (_("Date"), i18n.format_date(results.held_on)),
        (_("Template"), template_label(results.template)),
    ]
    st.text(" · ".join(f"{k}: {v}" for k, v in facts if v))
    st.markdown(
        md_escape(
            _(
                "Published by the workshop's facilitators. No one's name is shown; a "
                "stakeholder group of fewer than {n} people is shown with the other small "
                "groups as “{too_few}”."
            ).format(n=results.min_group_size, too_few=_(TOO_FEW_TEXT))
        )
    )
    with st.container(horizontal=True):  # side by side, wrapping on a phone
        st.metric(_("People"), results.participants)
        st.metric(_("Priorities voted"), results.priorities_voted)
        st.metric(_("Pledges"), len(results.pledges))
        st.metric(_("Pledges done"), results.pledges_done)


def _room(results: public.PublicResults) -> None:
    st.header(_("Who took part"), anchor=False)
    if results.participants == 0:
        st.info(_("Nobody checked in to this workshop."))
        return
    left, right = st.columns([2, 3])
    with left:
        st.dataframe(public.room_table(results), hide_index=True, width="stretch")
    with right:
        web.chart(room_donut(results.room))


def _commitments(results: public.PublicResults) -> None:
    st.header(_("Commitments"), anchor=False)
    if results.pledges.empty:
        st.info(_("No commitments were made."))
    else:
        st.dataframe(public.pledges_table(results.pledges), hide_index=True, width="stretch")
        web.chart(pledges_by_priority(results.pledges))
    if not results.no_lead.empty:
        st.warning(_("Priorities with no lead yet") + ": " + str(len(results.no_lead)))
        for text in results.no_lead.priority:
            st.text("• " + text)


def _progress(seen: progress.Progress) -> None:
    """How the pledges are getting on: by status now, over time, by priority."""
    if not seen.pledges:
        return
    st.header(_("Follow-up progress"), anchor=False)
    with st.container(horizontal=True):
        for status in progress.STATUSES:
            st.metric(followup.status_label(status), seen.by_status[status])
    web.chart(charts.progress_over_time(seen.over_time))
    st.dataframe(
        progress.priority_table(seen, with_workshop=False), hide_index=True, width="stretch"
    )


def _next_steps(results: public.PublicResults) -> None:
    st.header(_("Next steps"), anchor=False)
    if results.next_steps.strip():
        st.text(results.next_steps)
    else:
        st.info(_("The facilitator has not written the next steps yet."))


def _footer() -> None:
    from pages import accessibility

    st.divider()
    st.page_link(accessibility.page(visibility="hidden"), icon=accessibility.ICON)
