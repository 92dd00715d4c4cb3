"""PARI Workshop: the frame. Page config, who is asking, and the pages they may see.

Every page module only defines ``render()``; this file registers them with
``st.navigation``, rebuilt each run from the person's role, so a page that is
not registered for someone cannot be reached by URL (DESIGN section 7).
"""

from __future__ import annotations

import streamlit as st

from pari import i18n, run_costs, urls
from pari.db import DatabaseUnavailable
from pari.i18n import _
from pari.settings import SettingsError
from pari.text import md_escape

st.set_page_config(
    page_title="PARI Workshop",
    page_icon="🌱",
    layout="centered",
    initial_sidebar_state="collapsed",
)


def _boot() -> None:
    """Open the database (migrating it) or say clearly why not, and stop."""
    from pari import web

    try:
        web.engine()
    except (SettingsError, DatabaseUnavailable) as exc:
        st.error(_("PARI Workshop cannot start: {error}").format(error=exc))
        st.stop()


def main() -> None:
    from pages import (
        accessibility,
        dashboard,
        join,
        login,
        logout,
        participate,
        plan,
        presenter,
        public,
        run,
        setup,
        users,
        workshops,
    )
    from pari import stakeholder, web

    if i18n.SESSION_KEY not in st.session_state:
        st.session_state[i18n.SESSION_KEY] = i18n.resolve_language(
            st.query_params.get("lang"), web.browser_locale()
        )
    _boot()

    # A phone: ?join=CODE or ?p=TOKEN. It sees its workshop's page, whatever it asks
    # for, and the accessibility statement, which its top bar links to.
    if stakeholder.resolve_phone():
        nav = st.navigation(
            [participate.page(), accessibility.page(visibility="hidden")], position="hidden"
        )
        nav.run()
        return

    # A workshop's public results (?r=KEY): the page alone, for anyone, signed in or not,
    # as a newsletter's reader sees it: no menu, nothing of the staff's (issue 21).
    if public.PARAM in st.query_params:
        nav = st.navigation(
            [*public.pages(), accessibility.page(visibility="hidden")],
            position="hidden",
        )
        nav.run()
        web.mark_page()
        return

    user = web.current_user()
    if user is None:
        with web.db() as session:
            from pari.accounts import user_count

            first_start = user_count(session=session) == 0
        # A setup form loaded before someone else finished setup still reaches the
        # setup page, which then says so, instead of vanishing into the join page.
        first_start = first_start or st.session_state.get(web.IN_SETUP_KEY, False)
        st.session_state[web.IN_SETUP_KEY] = first_start
        if first_start:
            pages = [st.Page(setup.render, title=_("Set up"), url_path=urls.WELCOME, default=True)]
        else:
            login_page = st.Page(login.render, title=_("Log in"), url_path=urls.SIGN_IN)
            pages = [
                st.Page(join.render, title=_("Join a workshop"), url_path=urls.START, default=True),
                login_page,
                *(
                    st.Page(login.render, title=_("Log in"), url_path=path, visibility="hidden")
                    for path in urls.SIGNED_IN
                ),
                st.Page(join.render, url_path=urls.SIGN_OUT, visibility="hidden"),
                accessibility.page(),
            ]
        nav = st.navigation(pages, position="top")
        if not first_start and st.session_state.pop(web.GOTO_LOGIN_KEY, False):
            st.switch_page(login_page)
        nav.run()
        web.mark_page()
        return

    facilitator_pages = [
        st.Page(workshops.render, title=_("Workshops"), url_path=urls.MY_WORKSHOPS, default=True),
        st.Page(run.render, title=_("Run"), url_path=urls.CONTROL),
        st.Page(presenter.render, title=_("Presenter"), url_path=urls.SCREEN),
        st.Page(plan.render, title=_("Local plan"), url_path=urls.LOCAL_PLAN),
    ]
    account_pages = [
        st.Page(logout.render, title=_("Account and log out"), url_path=urls.SIGN_OUT),
        accessibility.page(),
    ]
    sections: dict[str, list] = {_("Workshops"): facilitator_pages}
    if user.is_coordinator:
        sections[_("Coordination")] = [
            st.Page(dashboard.render, title=_("All workshops"), url_path=urls.OVERVIEW),
            st.Page(users.render, title=_("Accounts"), url_path=urls.ACCOUNTS),
        ]
    sections[md_escape(user.name)] = account_pages  # section titles are drawn as Markdown
    nav = st.navigation(sections, position="top")
    web.write_pending_cookie()
    nav.run()
    web.mark_page()


main()
run_costs.settle()  # once, after the first run has imported the pages
