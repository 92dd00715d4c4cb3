"""Issue 20: every page a person can reach passes axe-core's WCAG 2.2 A and AA rules
(no serious or critical finding) in each of the six languages, in Chromium against a
real server: the start page, check-in and every step kind on a 390x844 phone, the
presenter at 1920x1080 on every kind, and the staff pages. The page's ``lang`` follows
the language it is drawn in. Every finding, minor ones too, is kept in artifacts/axe/
(docs/accessibility-checklist.md lists the ones that stay, and why).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from pari.i18n import LANGUAGE_NAMES, using_language
from pari.labels import text_label
from pari.models import Step, StepKind, utcnow
from tests.browser import axe
from tests.browser.conftest import (
    PHONE,
    PROJECTOR,
    choose,
    page_shown_on_failure,
    shot,
    start_server,
    stop_server,
)
from tests.browser.crowd import STEPS, Crowd
from tests.browser.test_facilitator import coordinator_and_maria, log_in
from tests.factories import make_phone

pytestmark = pytest.mark.browser

LANGUAGES = list(LANGUAGE_NAMES)
CODE = "FXTW3K"


class Site:
    def __init__(self, url: str, crowd: Crowd, staff_state: dict) -> None:
        self.url = url
        self.crowd = crowd
        self.staff_state = staff_state


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser) -> Iterator[Site]:
    """One server and one crowd for the module, and a coordinator's login kept as
    cookies, so each language opens the staff pages in a fresh session."""
    server = start_server(tmp_path_factory.mktemp("a11y"))
    crowd = Crowd(server.database_url)
    with Session(crowd.engine) as s:
        coordinator_and_maria(s)
    ctx = browser.new_context(viewport=PROJECTOR)
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server.url}/sign-in")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible(timeout=60_000)
    log_in(page, server.url, "coord")
    page.wait_for_function("() => document.cookie.includes('pari_auth=')")
    page.wait_for_timeout(1_500)  # the cookie writer finishes just after its run
    state = ctx.storage_state()
    ctx.close()
    yield Site(server.url, crowd, state)
    crowd.engine.dispose()
    stop_server(server)


def _settle(page, lang: str) -> None:
    axe.wait_language(page, lang)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _timer(site: Site, index: int, *, running: bool = False, paused: bool = False) -> None:
    """Give step ``index`` a countdown (running with 25 s left and closing input, or
    paused at five minutes), or none."""
    with site.crowd.session() as s:
        step = s.get(Step, site.crowd.steps[index].id)
        step.timer_ends_at = utcnow() + timedelta(seconds=25) if running else None
        step.timer_left = 300.0 if paused else None
        step.timer_closes_input = running
        s.add(step)
        s.commit()


def _charts_read_as_tables(page, where: str) -> list[str]:
    """Every chart on the page has its table for screen readers, with a row per entry,
    in the accessibility tree (hidden from sight, not from assistive technology)."""
    charts = page.locator(".stPlotlyChart").filter(visible=True).count()
    tables = page.get_by_role("table")  # the accessibility tree's, so hidden ones are not
    read = sum(
        1
        for i in range(tables.count())
        if "pari-chart-text" in (tables.nth(i).get_attribute("class") or "")
        and tables.nth(i).get_by_role("rowheader").count() > 0
    )
    return [] if read >= charts else [f"{where}: {charts} charts, {read} tables read"]


def _dot_buttons_name_their_whole_card(page) -> None:
    """A screen reader hears what a dot button does and the whole card it is for, not
    the first words of it (two cards may start alike)."""
    for card in page.locator("li.card").all()[:3]:
        text = " ".join(card.locator("p.text").inner_text().split())
        for sign in ("plus", "minus"):
            name = card.locator(f"button.{sign}").evaluate(
                "b => [...b.getAttribute('aria-labelledby').split(' ')]"
                ".map(id => b.getRootNode().getElementById(id).textContent).join(' ')"
            )
            assert " ".join(name.split()).endswith(text), (name, text)
            expect(card.locator(f"button.{sign}")).to_have_accessible_name(
                re.compile(re.escape(text[-30:]) + "$")
            )


def _open(page, url: str, ready) -> None:
    """Open ``url`` and wait for ``ready``; a page still blank after 30 s is reloaded
    once, as a person would. On a busy CI machine the first page a new session asks for
    stayed blank past 20 s (in this test only, four runs out of about ten; the server's
    log showed no error); the check is of the page drawn, not of that wait."""
    page.goto(url)
    try:
        expect(ready).to_be_visible(timeout=30_000)
    except AssertionError:
        page.reload()
        expect(ready).to_be_visible(timeout=30_000)


def _title(title: str, lang: str) -> str:
    """A step's title as a page in ``lang`` shows it (the template's are translated)."""
    with using_language(lang):
        return text_label(title)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_phone_pages_pass_axe(site, browser, lang):
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    try:
        _open(page, f"{site.url}/?lang={lang}", page.get_by_test_id("stTextInput"))
        _settle(page, lang)
        problems += axe.check(page, f"phone-start-{lang}")

        with site.crowd.session() as s:
            _newcomer, token = make_phone(s, site.crowd.workshop, checked_in=False)
            _person, person_token = make_phone(s, site.crowd.workshop)
        _open(page, f"{site.url}/?p={token}&lang={lang}", page.get_by_role("radiogroup").first)
        _settle(page, lang)
        problems += axe.check(page, f"phone-check-in-{lang}")

        page.goto(f"{site.url}/?p={person_token}&lang={lang}")
        for index, (kind, title, *_rest) in enumerate(STEPS):
            # The ideas step with its countdown in the last half minute, input closing.
            _timer(site, index, running=kind is StepKind.IDEAS)
            site.crowd.show(index)
            with page_shown_on_failure(page, f"phone-{kind.value}-{lang}"):
                # The page just opened draws its first run from a new session: on a
                # busy CI machine that took over 15 s, three runs in a row, in this
                # one place (a blank page then; 2 s on a quiet one).
                expect(
                    page.get_by_role("heading", name=_title(title, lang), exact=True)
                ).to_be_visible(timeout=60_000 if index == 0 else 15_000)
                _settle(page, lang)
                if kind is StepKind.IDEAS:
                    expect(page.locator(".cd.low")).to_be_visible()
            problems += axe.check(page, f"phone-{kind.value}-{lang}")
            if kind is StepKind.DOT_VOTE:
                _dot_buttons_name_their_whole_card(page)
            if lang == "en":
                shot(page, f"a11y-phone-{kind.value}")
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_presenter_passes_axe_on_every_kind(site, browser, lang):
    ctx = browser.new_context(viewport=PROJECTOR, storage_state=site.staff_state)
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    try:
        site.crowd.show(0)
        page.goto(f"{site.url}/screen?w={CODE}&lang={lang}")
        expect(page.get_by_test_id("join-code")).to_have_text(CODE)
        for index, (kind, title, *_rest) in enumerate(STEPS):
            _timer(site, index, paused=kind is StepKind.IDEAS)  # the wall's paused timer
            site.crowd.show(index)
            expect(page.locator(".pari-step")).to_have_text(_title(title, lang))
            _settle(page, lang)
            if kind is StepKind.IDEAS:
                expect(page.locator(".cd[data-state='paused']")).to_be_visible()
            problems += axe.check(page, f"presenter-{kind.value}-{lang}")
            problems += _charts_read_as_tables(page, f"presenter-{kind.value}-{lang}")
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)


STAFF_PAGES = {
    False: [("sign-in", None)],
    True: [
        ("my-workshops", f"w={CODE}"),
        ("control", f"w={CODE}"),
        ("local-plan", f"w={CODE}"),
        ("overview", None),
        ("accounts", None),
        ("sign-out", None),
    ],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_staff_pages_pass_axe(site, browser, lang):
    problems: list[str] = []
    for signed_in in (False, True):
        state = site.staff_state if signed_in else None
        ctx = browser.new_context(viewport=PROJECTOR, storage_state=state)
        page = ctx.new_page()
        page.set_default_timeout(20_000)
        try:
            for path, query in STAFF_PAGES[signed_in]:
                # Each visit is a new session, which takes the link's language.
                page.goto(f"{site.url}/{path}?lang={lang}" + (f"&{query}" if query else ""))
                _settle(page, lang)  # marked at the end of the page's run
                problems += axe.check(page, f"staff-{path}-{lang}")
                problems += _charts_read_as_tables(page, f"staff-{path}-{lang}")
                if lang == "en":
                    shot(page, f"a11y-staff-{path}")
        finally:
            ctx.close()
    assert not problems, "\n".join(problems)


def test_the_check_can_fail_and_lang_follows_a_change(site, browser):
    """axe here does find a real barrier (an image with no text alternative), and a
    phone that switches language marks its page in the new one."""
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    try:
        with site.crowd.session() as s:
            _person, token = make_phone(s, site.crowd.workshop)
        site.crowd.show(1)
        page.goto(f"{site.url}/?p={token}&lang=en")
        _settle(page, "en")
        page.evaluate(
            """() => document.querySelector("[data-testid='stMain']")
                .appendChild(document.createElement('img')).src = 'data:,'"""
        )
        problems = axe.check(page, "control-missing-alt")
        assert any("image-alt (critical)" in line for line in problems), problems
        page.reload()
        _settle(page, "en")
        choose(page, "Language", "🌐 Euskara")
        _settle(page, "eu")
        assert axe.check(page, "phone-after-switch-eu") == []
    finally:
        ctx.close()
