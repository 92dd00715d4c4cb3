"""The accessibility statement (issue 20), for everyone: phones, the start and login
pages, and the staff's menus.

The text lives in ``pari.accessibility``; this page only draws it. On a phone the page
keeps the phone's identity (its ``?p=`` goes with every link, and the session keeps
it anyway, ``pari.stakeholder``), reads in the person's language and text size, and
links back to the workshop. Nothing is drawn at import (DESIGN section 7).
"""

from __future__ import annotations

import html

import streamlit as st

from pari import accessibility, stakeholder, urls, web
from pari.i18n import _
from pari.phone import ui
from pari.phone.errors import ParticipationError
from pari.phone.view import PhoneView, phone_view
from pari.text import md_escape, shorten

ICON = ":material/accessibility_new:"
# Our own constant CSS: headings that leave room for the text on a 390 px phone (long
# words such as "Tillgänglighetsredogörelse" fit), lists as our paragraphs, and links
# that look like links.
STATEMENT_CSS = """<style>
[data-testid="stMainBlockContainer"] :is(h1, h2) { hyphens: auto; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.1rem; }
[data-testid="stMainBlockContainer"] h2 { font-size: 1.5rem; padding-top: 1.25rem; }
.pari-statement { margin: 0 0 1rem; padding-left: 1.5rem; }
.pari-statement li { margin: 0 0 0.5rem; line-height: 1.6; }
[data-testid="stPageLink"] a p { text-decoration: underline; }
</style>"""
PHONE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3rem; }
</style>"""


def page(*, visibility: str = "visible") -> st.Page:
    """The statement as a page of ``st.navigation`` (app.py), or as a link's target."""
    return st.Page(
        render,
        title=_(accessibility.LINK),
        icon="",  # the menus' other entries have none
        url_path=urls.ACCESSIBILITY,
        visibility=visibility,
    )


def _phone_link() -> dict[str, str]:
    """The phone's identity for a link's query string: a link opened in a new tab or
    a reload there is still this person (``pari.stakeholder.resolve_phone``)."""
    token = st.session_state.get(stakeholder.TOKEN_KEY)
    return {"p": token} if token else {}


def link() -> None:
    """The phone's link to the statement (its top bar)."""
    st.page_link(page(visibility="hidden"), icon=ICON, query_params=_phone_link())


def render() -> None:
    view = _phone() if stakeholder.PARTICIPANT_KEY in st.session_state else None
    if view is not None:
        _back(view)
    _statement()
    if view is not None:
        st.divider()
        _back(view)


def _phone() -> PhoneView | None:
    """On a phone: the person's language and text size, as on the workshop page."""
    try:
        with web.db() as session:
            view = phone_view(session=session, participant_id=ui.pid())
    except ParticipationError:  # the link is gone: the statement still reads
        web.mark_page()
        return None
    ui.load_language(view)
    st.html(PHONE_CSS + ui.text_size_css(view))
    web.mark_page()  # app.py marks the staff's and the start page's
    return view


def _back(view: PhoneView) -> None:
    from pages import participate  # the phone's page links here too

    st.page_link(
        participate.page(),
        label=_("Back to the workshop: {title}").format(
            title=md_escape(shorten(view.workshop.title, 60))
        ),
        icon=":material/arrow_back:",
        query_params=_phone_link(),
    )


def _statement() -> None:
    text = accessibility.statement()
    st.html(STATEMENT_CSS)
    st.title(text.title, anchor=False)
    for block in text.intro:
        _block(block)
    for part in text.parts:
        st.header(part.heading, anchor=False)
        for block in part.blocks:
            _block(block)


def _block(block: accessibility.Block) -> None:
    if block.text:
        st.markdown(md_escape(block.text))
    if block.items:
        lang = f' lang="{html.escape(block.lang)}"' if block.lang else ""
        items = "".join(f"<li>{html.escape(item)}</li>" for item in block.items)
        st.html(f'<ul class="pari-statement"{lang}>{items}</ul>')
