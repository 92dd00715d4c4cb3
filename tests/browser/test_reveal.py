"""Issue 18, point 1, in a real browser: a dot vote whose results are hidden is not on the
presenter (1920x1080) until the facilitator reveals it; a top-N reveal shows one rank at
a time from the last; a phone (390x844) shows the revealed ranking on its own screen."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlmodel import Session

from pari.db import make_engine, migrate
from pari.models import Contribution, StakeholderGroup, StepKind
from pari.steps.dot_vote.rules import set_dots
from tests.browser.conftest import PHONE, PROJECTOR, Runs, shot, wait_idle
from tests.browser.test_facilitator import coordinator_and_maria, log_in, press
from tests.browser.test_phone import check_in
from tests.factories import make_current, make_phone, make_workshop

CODE = "RV4TQ9"
CARDS = {"Young people leave": 3, "Bus only twice a day": 2, "No broadband": 1, "Shops": 0}
STEPS = [
    (StepKind.IDEAS, "Challenges", {"categories": ["Social"]}),
    (StepKind.DOT_VOTE, "Challenge priorities", {"budget": 6, "per_card_cap": 3}, 0),
    # Long on a phone: where a step change must bring the heading back into view.
    (StepKind.POLL, "Governance", {"options": [f"Option {i}" for i in range(1, 13)]}),
]


def vote_with_hidden_results(database_url: str) -> None:
    """Maria's live workshop on its open vote, results hidden: three cards got dots."""
    engine = make_engine(database_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        maria = coordinator_and_maria(s)
        workshop, (ideas, vote, _poll) = make_workshop(s, owner=maria, steps=STEPS, code=CODE)
        voter, _token = make_phone(s, workshop, group=StakeholderGroup.BUSINESS)
        cards = [
            Contribution(
                workshop_id=workshop.id,
                step_id=ideas.id,
                participant_id=voter.id,
                text=text,
                category="Social",
            )
            for text in CARDS
        ]
        s.add_all(cards)
        vote.results_hidden = True
        s.add(vote)
        s.commit()
        make_current(s, workshop, vote)
        for card, dots in zip(cards, CARDS.values(), strict=True):
            if dots:
                set_dots(
                    session=s, participant_id=voter.id, step_id=vote.id, card_id=card.id, dots=dots
                )
                s.commit()
    engine.dispose()


def open_page(page, url: str, ready) -> None:
    """Open a signed-in page by URL; the login cookie is written just after the login
    run, so give it a moment and another try (as tests/browser/test_facilitator.py)."""
    for attempt in range(3):
        page.wait_for_timeout(1_500)
        page.goto(url)
        try:
            expect(ready(page)).to_be_visible(timeout=8_000)
            return
        except AssertionError:
            if attempt == 2:
                raise


def test_hidden_results_then_a_top_n_reveal_on_wall_and_phone(server, browser):
    vote_with_hidden_results(server.database_url)
    desk = browser.new_context(viewport=PROJECTOR).new_page()
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    desk.set_default_timeout(20_000)
    phone.set_default_timeout(20_000)
    desk_runs = Runs(desk)
    desk.goto(f"{server.url}/sign-in")  # the first page of a fresh server can be slow
    expect(desk.get_by_role("heading", name="Log in")).to_be_visible(timeout=30_000)
    log_in(desk, server.url, "maria")
    wall = desk.context.new_page()  # the presenter window, signed in by the same cookie
    wall.set_default_timeout(20_000)
    open_page(wall, f"{server.url}/screen?w={CODE}", lambda p: p.get_by_test_id("results-hidden"))
    expect(wall.get_by_test_id("answer-count")).to_contain_text("1 answer")
    wait_idle(wall)
    # Not drawn, and not in what the page holds either.
    assert not any(text in wall.content() for text in CARDS)
    shot(wall, "reveal-presenter-hidden")

    phone.goto(f"{server.url}/?join={CODE}")
    check_in(phone)
    expect(phone.get_by_role("heading", name="Challenge priorities")).to_be_visible()
    expect(phone.locator("[data-testid='stText']").filter(has_text="Results")).to_have_count(0)

    open_page(
        desk, f"{server.url}/control?w={CODE}", lambda p: p.get_by_role("heading", name="Run")
    )
    expect(desk.get_by_text("Open for input · Results hidden").first).to_be_visible()
    wait_idle(desk)
    desk.get_by_label("Top", exact=True).fill("3")
    desk.get_by_label("Top", exact=True).press("Enter")
    wait_idle(desk)
    press(desk_runs, "Start a top-N reveal")
    expect(desk.get_by_text("Top 3: 0 of 3 ranks revealed").first).to_be_visible()
    shot(desk, "reveal-run-page")

    # One rank at a time, from the last of the top 3.
    ranks = ["3. No broadband", "2. Bus only twice a day", "1. Young people leave"]
    for i, rank in enumerate(ranks):
        press(desk_runs, "Reveal next")
        expect(wall.get_by_test_id("reveal-ranks")).to_have_text(
            f"Top 3: ranks {3 - i} to 3", timeout=10_000
        )
        expect(wall.locator(".stPlotlyChart").first).to_contain_text(rank, timeout=15_000)
        wait_idle(wall)
        content = wall.content()
        for later in ranks[i + 1 :]:
            assert later.split(". ", 1)[1] not in content
        assert "Shops" not in content
        shot(wall, f"reveal-presenter-top3-{i + 1}")
    # Input stays open through the reveal.
    expect(desk.get_by_text("Open for input · Top 3: 3 of 3 ranks revealed").first).to_be_visible()

    # The phone shows the revealed ranking on its own screen, as plain text.
    results = phone.locator("[data-testid='stText']").filter(has_text="Results")
    expect(results).to_contain_text("1. Young people leave · 3 dots", timeout=10_000)
    expect(results).to_contain_text("3. No broadband · 1 dot")
    expect(results).not_to_contain_text("Shops")
    shot(phone, "reveal-phone-top3")

    press(desk_runs, "Reveal all")
    expect(wall.get_by_test_id("reveal-ranks")).to_have_count(0, timeout=10_000)
    chart = wall.locator(".stPlotlyChart").first
    expect(chart).not_to_contain_text("1. Young people leave", timeout=10_000)
    expect(chart).to_contain_text("Young people leave")
    shot(wall, "reveal-presenter-all")

    # A closed vote says what this phone placed, not the dots "left".
    press(desk_runs, "Close input")
    expect(phone.locator("p.left")).to_have_text(
        "Voting is closed: you placed 0 dots.", timeout=10_000
    )
    # A step change brings the new heading into view on a phone scrolled down.
    phone.mouse.wheel(0, 3_000)
    expect(phone.get_by_role("heading", name="Challenge priorities")).not_to_be_in_viewport()
    press(desk_runs, "Next ▶")
    press(desk_runs, "Open input")
    # While the phone redraws, the closed poll can stay on screen, faded, beside the open one
    # until the run ends: wait for one.
    expect(phone.get_by_text("Option 12")).to_have_count(1, timeout=10_000)
    expect(phone.get_by_text("Option 12")).to_be_visible()
    expect(phone.get_by_role("heading", name="Governance")).to_be_in_viewport()
    shot(phone, "reveal-phone-new-step-at-top")
