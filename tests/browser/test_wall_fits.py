"""Issue 18, point 4: the presenter fits the wall, in Chromium against a real server.

A workshop with 300 people and 80 cards (long ones too) and answers for every step
kind; the presenter opened at 1920x1080 and at 1280x720 on each kind must show its
panel without a scroll bar, and at 1080p its chart text is at least 24 px.
Screenshots: artifacts/screenshots/wall-<kind>-<size>.png.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from pari.models import StepKind
from tests.browser.conftest import shot, start_server, stop_server, wait_idle
from tests.browser.crowd import STEPS, Crowd
from tests.browser.test_facilitator import log_in

pytestmark = pytest.mark.browser

SIZES = {"1080p": {"width": 1920, "height": 1080}, "720p": {"width": 1280, "height": 720}}
MIN_CHART_TEXT_PX = 24  # at 1080p, read from the back of the room


@pytest.fixture(scope="module")
def crowd(tmp_path_factory) -> Iterator[tuple[str, Crowd]]:
    """One server for the module: building the crowd takes a while."""
    server = start_server(tmp_path_factory.mktemp("wall"))
    crowd = Crowd(server.database_url)
    yield server.url, crowd
    crowd.engine.dispose()
    stop_server(server)


@pytest.fixture(scope="module", params=list(SIZES))
def wall(request, browser, crowd):
    """The presenter screen at one size, signed in once."""
    url, _crowd = crowd
    ctx = browser.new_context(viewport=SIZES[request.param])
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    # The server's first page load is slow (imports): wait for it before logging in.
    page.goto(f"{url}/sign-in")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible(timeout=60_000)
    log_in(page, url, "wall")
    page.wait_for_function("() => document.cookie.includes('pari_auth=')")
    # As in test_facilitator: the login cookie is written just after the login run.
    for attempt in range(3):
        page.wait_for_timeout(1_500)
        page.goto(f"{url}/screen?w=FXTW3K")
        try:
            expect(page.get_by_test_id("join-code")).to_have_text("FXTW3K", timeout=8_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    yield request.param, page
    ctx.close()


OVERFLOW = """() => {
    // Every element that scrolls (the document, Streamlit's main container) and by how
    // much its content passes its height.
    const out = [];
    for (const el of [document.scrollingElement, ...document.querySelectorAll('*')]) {
        const style = getComputedStyle(el);
        const scrolls = el === document.scrollingElement
            || ['auto', 'scroll'].includes(style.overflowY);
        if (scrolls && el.scrollHeight > el.clientHeight + 1) {
            out.push(`${el.tagName}.${el.className} ${el.scrollHeight}>${el.clientHeight}`);
        }
    }
    return out;
}"""
CHART_TEXT = """() => [...document.querySelectorAll('.stPlotlyChart svg text')]
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map(t => [t.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(t).fontSize)])"""


# What each kind's wall must show besides fitting (issue 18 points 4 and 5), as a list of
# what is wrong (empty when right), read from the page as drawn.
_IN_VIEW = """const inView = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight; };"""
SHOWN = {
    # The card wall in columns, long cards clamped, and how many are left out.
    StepKind.IDEAS: "() => {"
    + _IN_VIEW
    + """
        const out = [];
        const columns = [...document.querySelectorAll('.pari-cat')].filter(inView);
        if (columns.length < 4) out.push(`columns: ${columns.length}`);
        const texts = [...document.querySelectorAll('.pari-card span')].filter(inView);
        if (!texts.some(t => t.scrollHeight > t.clientHeight + 1)) out.push('no card clamped');
        if (texts.some(t => t.clientHeight > 2.6 * parseFloat(getComputedStyle(t).lineHeight)))
            out.push('a card over two lines');
        const more = [...document.querySelectorAll('.pari-more')].filter(inView);
        if (!more.some(m => /more not shown/.test(m.textContent))) out.push('no "more not shown"');
        return out; }""",
    # The ranking, every bar with its name (on a 1080p wall the agreement chart too, on
    # the same screen; a shorter wall shows the ranking alone).
    StepKind.DOT_VOTE: "() => {"
    + _IN_VIEW
    + """
        const out = [];
        const charts = [...document.querySelectorAll('.stPlotlyChart')].filter(inView);
        const want = innerHeight >= 1000 ? 2 : 1;
        if (charts.length !== want) out.push(`charts in view: ${charts.length}`);
        const bars = charts.length ? charts[0].querySelector('g.trace.bars') : null;
        const names = charts.length ? charts[0].querySelectorAll('g.ytick text') : [];
        const count = bars ? bars.querySelectorAll('g.point').length : 0;
        if (!count || names.length !== count) out.push(`${names.length} names, ${count} bars`);
        return out; }""",
    # Numbered bubbles whose labels never overlap, and the four quadrants named.
    StepKind.MATRIX: """() => {
        const out = [];
        const boxes = [...document.querySelectorAll('.stPlotlyChart g.textpoint text')]
            .filter(t => t.textContent.trim()).map(t => t.getBoundingClientRect());
        if (boxes.length < 5) out.push(`labels: ${boxes.length}`);
        boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
                out.push(`overlap at ${Math.round(a.left)},${Math.round(a.top)}`);
        }));
        const notes = [...document.querySelectorAll('.stPlotlyChart .annotation-text')]
            .map(t => t.textContent).join(' | ');
        for (const q of ['High Impact', 'Low Impact']) if (!notes.includes(q)) out.push(q);
        return out; }""",
    # The question being answered whole (500 characters at most), in view, and the list
    # by votes under it with how many are left out.
    StepKind.QUESTIONS: "() => {"
    + _IN_VIEW
    + """
        const out = [];
        const pin = document.querySelector('.pari-q-pin-text');
        if (!pin || !inView(pin)) out.push('no pinned question in view');
        else if (pin.scrollHeight > pin.clientHeight + 1 || /…$/.test(pin.textContent))
            out.push('the pinned question is cut');
        return out; }""",
    # The pledges themselves beside the chart, bounded, with how many are left out.
    StepKind.COMMITMENTS: "() => {"
    + _IN_VIEW
    + """
        const out = [];
        const items = [...document.querySelectorAll('.pari-pledges li')].filter(inView);
        if (items.length < 3) out.push(`pledges in view: ${items.length}`);
        const more = [...document.querySelectorAll('.pari-pledges-more')].filter(inView);
        if (!more.some(m => /more not shown/.test(m.textContent))) out.push('no "more not shown"');
        return out; }""",
}


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[k.value for k, *_ in STEPS])
def test_each_kind_fits_the_wall(crowd, wall, index):
    _url, room = crowd
    size, page = wall
    kind, title = STEPS[index][:2]
    room.show(index)
    expect(page.locator(".pari-step")).to_have_text(title, timeout=10_000)
    if kind is not StepKind.PLAN:
        # The panel is drawn: its chart, or the card wall.
        drawn = {StepKind.IDEAS: ".pari-card", StepKind.QUESTIONS: ".pari-q-pin-text"}.get(
            kind, ".stPlotlyChart svg.main-svg"
        )
        # A kind may draw a panel per wall size and hide the other (the word cloud).
        expect(page.locator(f"{drawn} >> visible=true").first).to_be_visible(timeout=20_000)
    wait_idle(page)
    shot(page, f"wall-{kind.value}-{size}")
    problems = {"scrolls": page.evaluate(OVERFLOW)}
    if size == "1080p":
        problems["text under 24 px"] = [
            (t, px) for t, px in page.evaluate(CHART_TEXT) if px < MIN_CHART_TEXT_PX
        ]
    problems["not shown as it should"] = page.evaluate(SHOWN[kind]) if kind in SHOWN else []
    assert problems == {key: [] for key in problems}
