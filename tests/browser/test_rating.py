"""Rating scale (issue 19, point 3) in a real browser: a phone (390x844) rates two
statements, one of them "don't know", each saved on its tap and still there after a
reload; the presenter (1920x1080, then 1280x720) shows the distribution, the mean and
the "don't know" count apart."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlmodel import Session, select

from pari.db import make_engine, migrate
from pari.models import Participant, StakeholderGroup, StepKind
from pari.steps.rating.models import Rating
from pari.steps.rating.rules import rate
from tests.browser.conftest import PHONE, PROJECTOR, shot, wait_idle
from tests.browser.test_facilitator import coordinator_and_maria, log_in
from tests.browser.test_phone import check_in
from tests.browser.test_reveal import open_page
from tests.factories import make_current, make_phone, make_workshop

CODE = "RT7QNG"
STATEMENTS = [
    "The cluster will have a coordinator by summer.",
    "We have the resources to start the first path.",
    "The municipality will back the plan.",
]
OTHERS = [  # (group, ratings) of people who rated before this phone
    (StakeholderGroup.PUBLIC_AUTHORITY, {0: 5, 1: 2, 2: 5}),
    (StakeholderGroup.PUBLIC_AUTHORITY, {0: 4, 1: 1, 2: 4}),
    (StakeholderGroup.BUSINESS, {0: 2, 1: None, 2: 2}),
    (StakeholderGroup.BUSINESS, {0: 3, 1: 2, 2: 1}),
    (StakeholderGroup.PUBLIC_AUTHORITY, {0: 4, 1: 3, 2: 5}),
    (StakeholderGroup.BUSINESS, {0: 2, 1: 2, 2: None}),
]  # three people a group: shown (the phone's group, alone, is pooled)


def rating_room(database_url: str) -> int:
    """Maria's live workshop on its open confidence check, four people rated; returns
    the step's id."""
    engine = make_engine(database_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        maria = coordinator_and_maria(s)
        workshop, (step,) = make_workshop(
            s,
            owner=maria,
            code=CODE,
            steps=[
                (
                    StepKind.RATING,
                    "Confidence check",
                    {"statements": STATEMENTS, "scale": "agree"},
                )
            ],
        )
        make_current(s, workshop, step)
        for group, ratings in OTHERS:
            person, _token = make_phone(s, workshop, group=group)
            rate(session=s, participant_id=person.id, step_id=step.id, ratings=ratings)
            s.commit()
    engine.dispose()
    return step.id


CHOSEN_STYLE = """e => { const p = e.querySelector('p'); const s = getComputedStyle(e);
    return {background: s.backgroundColor, color: getComputedStyle(p).color,
            check: getComputedStyle(p, '::before').content}; }"""


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(css: str) -> float:
        parts = [float(v) / 255 for v in css[css.index("(") + 1 : -1].split(",")[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def statement(page, index: int):
    return page.locator(f".st-key-pari_rate_agree_{index}")


def test_a_phone_rates_two_statements_and_the_wall_shows_the_distribution(server, browser):
    step_id = rating_room(server.database_url)
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.set_default_timeout(20_000)
    phone.goto(f"{server.url}/?join={CODE}")
    check_in(phone, "Social economy organisations")
    expect(phone.get_by_role("heading", name="Confidence check")).to_be_visible()
    expect(phone.get_by_text("0 of 3")).to_be_visible()
    wait_idle(phone)

    # The targets are large: at least 44 px high, the agree scale's answers in words.
    agree = statement(phone, 0).get_by_role("radio", name="Agree", exact=True)
    box = agree.bounding_box()
    assert box is not None and box["height"] >= 44, box
    agree.click()
    expect(statement(phone, 0).get_by_text("Saved: Agree")).to_be_visible()
    expect(agree).to_have_attribute("aria-checked", "true")
    wait_idle(phone)
    # The chosen answer is unmistakable in daylight: a strong fill, white bold text with a
    # check mark, contrast at least 4.5:1; the saved line readable (not small grey text).
    style = agree.evaluate(CHOSEN_STYLE)
    assert style["check"].startswith('"✓'), style
    assert contrast(style["background"], style["color"]) >= 4.5, style
    assert contrast(style["background"], "rgb(255, 255, 255)") >= 4.5, style
    saved = statement(phone, 0).get_by_text("Saved: Agree")
    line = saved.evaluate("e => [getComputedStyle(e).fontSize, getComputedStyle(e).color]")
    assert float(line[0].rstrip("px")) >= 16 and contrast(line[1], "rgb(255, 255, 255)") >= 4.5
    # The question is asked once (the step's prompt), not again in a caption.
    expect(phone.get_by_text("How much do you agree?")).to_have_count(0)
    statement(phone, 1).get_by_role("radio", name="Don't know", exact=True).click()
    expect(statement(phone, 1).get_by_text("Saved: Don't know")).to_be_visible()
    expect(phone.get_by_text("2 of 3")).to_be_visible()
    wait_idle(phone)
    # Just tapped (hovered, focused): still the strong fill.
    dont_know = statement(phone, 1).get_by_role("radio", name="Don't know", exact=True)
    tapped = dont_know.evaluate(CHOSEN_STYLE)
    assert contrast(tapped["background"], "rgb(255, 255, 255)") >= 4.5, tapped
    shot(phone, "rating-phone-rated")

    # Changeable while open: a second tap on another answer replaces the first.
    statement(phone, 0).get_by_role("radio", name="Strongly agree", exact=True).click()
    expect(statement(phone, 0).get_by_text("Saved: Strongly agree")).to_be_visible()
    wait_idle(phone)
    engine = make_engine(server.database_url)
    with Session(engine) as s:
        mine = s.exec(
            select(Rating.statement, Rating.value)
            .join(Participant, Participant.id == Rating.participant_id)
            .where(Rating.step_id == step_id, Participant.group == StakeholderGroup.SOCIAL_ECONOMY)
        ).all()
    engine.dispose()
    assert sorted(mine, key=lambda r: r[0]) == [(0, 5), (1, None)]
    # Kept across a reload (the same person, the same answers).
    phone.reload()
    expect(statement(phone, 0).get_by_text("Saved: Strongly agree")).to_be_visible()
    expect(statement(phone, 1).get_by_text("Saved: Don't know")).to_be_visible()

    desk = browser.new_context(viewport=PROJECTOR).new_page()
    desk.set_default_timeout(20_000)
    desk.goto(f"{server.url}/sign-in")  # the first page of a fresh server can be slow
    expect(desk.get_by_role("heading", name="Log in")).to_be_visible(timeout=30_000)
    log_in(desk, server.url, "maria")
    open_page(desk, f"{server.url}/screen?w={CODE}", lambda p: p.locator(".stPlotlyChart").first)
    chart = desk.locator(".stPlotlyChart").first
    expect(chart).to_contain_text("1. The cluster will have a coordinator by summer.")
    expect(chart).to_contain_text(re.compile(r"Don't\s*know"))  # its header on two lines
    # Statement 1: 5, 4, 2, 3, 4, 2 and this phone's 5: mean 3.6.
    expect(chart).to_contain_text("3.6")
    expect(chart).to_contain_text("Agreement")
    expect(desk.get_by_test_id("answer-count")).to_contain_text("7 answers")
    groups = desk.locator(".stPlotlyChart").nth(1)
    expect(groups).to_contain_text("Public authorities")
    expect(groups).to_contain_text("Everyone")
    expect(groups).to_contain_text("Too few to show")  # this phone's group, alone
    expect(groups).not_to_contain_text("Social economy")
    wait_idle(desk)
    # The charts end inside the 1080 px wall.
    bottom = desk.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.stPlotlyChart')]"
        ".map(e => e.getBoundingClientRect().bottom))"
    )
    assert bottom <= PROJECTOR["height"], bottom
    # The key names each answer beside its colour, at the chart's size.
    key = desk.get_by_test_id("rating-key")
    expect(key).to_contain_text("Strongly disagree")
    expect(key).to_contain_text("Neither agree nor disagree")
    assert key.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 24
    expect(chart).to_contain_text("· agree")  # the mean in words
    shot(desk, "rating-presenter-1080p")
    desk.set_viewport_size({"width": 1280, "height": 720})
    desk.wait_for_timeout(2_500)
    wait_idle(desk)
    first = desk.locator(".stPlotlyChart").first.bounding_box()
    assert first is not None and first["y"] + first["height"] <= 720, first
    shot(desk, "rating-presenter-720p")
