"""Issue 20's axe check on the pages issue 21 added, in the six languages: a phone on a
step of the self-paced window (its progress line, back and next), a participant's
"what we decided" after the workshop, and the public results page on a phone, whose
every chart must also read as a table. (tests/browser/test_accessibility.py covers
the rest, with the same rules: no serious or critical finding.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from pari import urls
from pari.i18n import LANGUAGE_NAMES
from pari.models import StakeholderGroup, StepKind, User, Workshop, WorkshopStatus, utcnow
from pari.reporting import public
from tests.browser import axe
from tests.browser.conftest import PHONE, page_shown_on_failure, shot, start_server, stop_server
from tests.browser.test_accessibility import _charts_read_as_tables
from tests.browser.test_what_we_decided import held
from tests.factories import make_phone, make_workshop

pytestmark = pytest.mark.browser

LANGUAGES = list(LANGUAGE_NAMES)
WINDOW_STEPS = [
    (StepKind.CHECK_IN, "Who is in the room?", {}),
    (StepKind.POLL, "Which day suits you?", {"options": ["Monday", "Saturday"]}),
    (StepKind.RATING, "How ready are we?", {"statements": ["We can start this year"]}),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[SimpleNamespace]:
    server = start_server(tmp_path_factory.mktemp("a11y21"))
    decided = held(server.database_url)
    with Session(decided.engine, expire_on_commit=False) as s:
        maria = s.exec(select(User).where(User.username == "maria")).one()
        workshop, _steps = make_workshop(
            s, owner=maria, steps=WINDOW_STEPS, status=WorkshopStatus.CLOSED, code="WNDA11"
        )
        workshop = s.get(Workshop, workshop.id)
        workshop.self_paced_from = utcnow() - timedelta(hours=1)
        workshop.self_paced_until = utcnow() + timedelta(days=1)
        s.add(workshop)
        _person, paced_token = make_phone(s, workshop, group=StakeholderGroup.KNOWLEDGE)
        s.commit()
        published = public.set_public(
            session=s, user=decided.owner, workshop_id=decided.workshop_id, on=True
        )
        s.commit()
        key = published.public_key
    yield SimpleNamespace(
        url=server.url, paced_token=paced_token, decided_token=decided.token, key=key
    )
    decided.engine.dispose()
    stop_server(server)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_window_the_outcome_and_the_public_page_pass_axe(site, browser, lang):
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    problems: list[str] = []
    try:
        with page_shown_on_failure(page, f"a11y-window-{lang}"):
            page.goto(f"{site.url}/?p={site.paced_token}&lang={lang}")
            expect(page.get_by_test_id("stProgress")).to_be_visible(timeout=60_000)
            axe.wait_language(page, lang)
        problems += axe.check(page, f"phone-window-{lang}")

        with page_shown_on_failure(page, f"a11y-decided-{lang}"):
            page.goto(f"{site.url}/?p={site.decided_token}&lang={lang}")
            # Its headings: "Thank you!", "What we decided", the vote, the cards, pledges.
            expect(page.locator("h2")).to_have_count(2)
            expect(page.locator("h3")).to_have_count(3)
            axe.wait_language(page, lang)
        problems += axe.check(page, f"phone-what-we-decided-{lang}")

        with page_shown_on_failure(page, f"a11y-public-{lang}"):
            page.goto(f"{site.url}/{urls.PUBLIC_RESULTS}?r={site.key}&lang={lang}")
            expect(page.locator(".stPlotlyChart").first).to_be_visible()
            axe.wait_language(page, lang)
        problems += axe.check(page, f"phone-public-results-{lang}")
        problems += _charts_read_as_tables(page, f"phone-public-results-{lang}")
        if lang == "en":
            shot(page, "a11y-phone-public-results")
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)
