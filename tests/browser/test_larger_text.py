"""Issue 20 on a 390 px phone and a staff screen: the phone's larger text (kept for the
person across a reload, no sideways scrolling on any kind of screen it enlarges) and the
accessibility statement, opened from the phone, the start page and a staff menu, and
left again."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from pari import accessibility
from pari.db import make_engine, migrate
from pari.models import Contribution, Participant, StakeholderGroup, StepKind, StepState
from tests.browser.conftest import PHONE, shot, wait_idle
from tests.browser.test_facilitator import coordinator_and_maria, log_in
from tests.factories import make_current, make_phone, make_workshop

FOLLOW_TIMEOUT = 8_000
STEPS = [
    (StepKind.CHECK_IN, "Who is in the room?", {}),
    (StepKind.IDEAS, "Challenges", {"categories": ["Social", "Ecological", "Economic"]}),
    (StepKind.DOT_VOTE, "Challenge priorities", {"budget": 5, "per_card_cap": 3}, 1),
]
CHECK_IN, IDEAS, VOTE = range(len(STEPS))
CODE = "KX7P2M"
BASE_PX = 17.0  # the theme's baseFontSize (.streamlit/config.toml)
STATEMENT_LINK = 'a[href*="accessibility-statement"]'


class Room:
    def __init__(self, database_url: str) -> None:
        self.engine = make_engine(database_url)
        migrate(self.engine)
        with self.session() as s:
            coordinator_and_maria(s)
            self.workshop, self.steps = make_workshop(s, steps=STEPS, code=CODE)
            other, _ = make_phone(s, self.workshop, group=StakeholderGroup.BUSINESS)
            self.other_id = other.id
            s.add_all(
                Contribution(
                    workshop_id=self.workshop.id,
                    step_id=self.steps[IDEAS].id,
                    participant_id=other.id,
                    text=text,
                    category="Social",
                )
                for text in (
                    "Young people leave because there is no bus after six in the evening",
                    "Bygdegårdsföreningensverksamhetsberättelse",  # one very long word
                )
            )
            s.commit()

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def go(self, index: int) -> None:
        with self.session() as s:
            make_current(s, self.workshop, self.steps[index], StepState.OPEN)

    def larger_text(self) -> list[bool]:
        """The stored choice of each person who joined by phone in this test."""
        with self.session() as s:
            rows = s.exec(
                select(Participant).where(
                    Participant.workshop_id == self.workshop.id, Participant.id != self.other_id
                )
            ).all()
            return [p.larger_text for p in rows]


@pytest.fixture
def room(server) -> Iterator[Room]:
    r = Room(server.database_url)
    yield r
    r.engine.dispose()


def root_px(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def wait_root_px(page, *, above: bool) -> None:
    """Wait until the page's root font size is above the theme's base (or back at it)."""
    page.wait_for_function(
        "([base, above]) => { const px = parseFloat(getComputedStyle("
        "document.documentElement).fontSize); return above ? px > base : px === base; }",
        arg=[BASE_PX, above],
    )


def px_of(locator) -> float:
    return locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def assert_no_sideways_scroll(page, where: str) -> None:
    wait_idle(page)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{where}: the page scrolls sideways ({width} px)"


def token_of(page) -> str:
    match = re.search(r"[?&]p=([A-Za-z0-9_-]+)", page.url)
    assert match, page.url
    return match.group(1)


def headings(page) -> list[str]:
    """The page's h1-h6 levels in document order ("h1", "h2" ...)."""
    return page.evaluate(
        "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
        ".filter(h => h.offsetParent !== null).map(h => h.tagName.toLowerCase())"
    )


def test_larger_text_grows_fits_and_is_kept_for_the_person(server, room, phone):
    phone.goto(f"{server.url}/?join={CODE}")
    expect(phone.get_by_role("heading", name="Welcome!")).to_be_visible()
    wait_idle(phone)
    toggle = phone.get_by_role("switch", name="Larger text")
    expect(toggle).not_to_be_checked()
    assert root_px(phone) == BASE_PX
    caption = phone.get_by_text("Companies, entrepreneurs, farmers")
    before = px_of(caption)

    # A target a thumb hits (WCAG 2.5.8: at least 24 x 24 px), then on.
    box = phone.locator(".st-key-phone_tools label").first.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24, box
    phone.get_by_text("Larger text", exact=True).click()  # what a thumb taps: the label
    expect(toggle).to_be_checked()
    wait_root_px(phone, above=True)
    wait_idle(phone)
    assert root_px(phone) >= 1.25 * BASE_PX
    assert px_of(caption) >= 1.2 * before
    assert room.larger_text() == [True]
    assert_no_sideways_scroll(phone, "check-in")
    shot(phone, "phone-larger-text-check-in")

    # Checked in, the kinds' screens enlarge and still fit: radios, a text area, vote cards.
    phone.get_by_text("Civil society and residents").click()
    phone.get_by_role("button", name="I agree, let's start").click()
    expect(phone.get_by_text("Thank you, you are checked in.")).to_be_visible()
    room.go(IDEAS)
    expect(phone.get_by_role("heading", name="Challenges")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    assert_no_sideways_scroll(phone, "ideas")
    shot(phone, "phone-larger-text-ideas")
    room.go(VOTE)
    expect(phone.get_by_text("5 dots left of 5")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    assert_no_sideways_scroll(phone, "dot vote")
    shot(phone, "phone-larger-text-dot-vote")

    # A reload is the same person, with the same text size.
    token = token_of(phone)
    phone.reload()
    expect(phone.get_by_text("5 dots left of 5")).to_be_visible()
    wait_idle(phone)
    assert token_of(phone) == token
    expect(phone.get_by_role("switch", name="Larger text")).to_be_checked()
    assert root_px(phone) >= 1.25 * BASE_PX

    # The keyboard alone turns it off again.
    toggle = phone.get_by_role("switch", name="Larger text")
    toggle.focus()
    phone.keyboard.press("Space")
    expect(toggle).not_to_be_checked()
    wait_root_px(phone, above=False)
    wait_idle(phone)
    assert room.larger_text() == [False]


def test_a_new_person_on_the_same_phone_starts_with_the_usual_size(server, room, phone):
    phone.goto(f"{server.url}/?join={CODE}")
    expect(phone.get_by_role("heading", name="Welcome!")).to_be_visible()
    wait_idle(phone)
    phone.get_by_text("Larger text", exact=True).click()
    wait_root_px(phone, above=True)
    phone.get_by_text("Civil society and residents").click()
    phone.get_by_role("button", name="I agree, let's start").click()
    expect(phone.get_by_text("Thank you, you are checked in.")).to_be_visible()
    wait_idle(phone)
    phone.get_by_text("My details").click()
    add = phone.get_by_role("button", name="Add another person on this phone")
    expect(add).to_be_visible()
    wait_idle(phone)
    add.click()
    expect(phone.get_by_role("heading", name="Welcome!")).to_be_visible()
    wait_idle(phone)
    expect(phone.get_by_role("switch", name="Larger text")).not_to_be_checked()
    assert root_px(phone) == BASE_PX
    assert sorted(room.larger_text()) == [False, True]


def test_the_statement_from_the_phone_keeps_the_phone_and_comes_back(server, room, phone):
    room.go(IDEAS)
    phone.goto(f"{server.url}/?join={CODE}")
    expect(phone.get_by_role("heading", name="Welcome!")).to_be_visible()
    wait_idle(phone)
    token = token_of(phone)
    phone.get_by_text("Larger text", exact=True).click()
    wait_root_px(phone, above=True)
    wait_idle(phone)

    phone.get_by_role("link", name="Accessibility").click()
    expect(phone.get_by_role("heading", name="Accessibility statement", level=1)).to_be_visible()
    wait_idle(phone)
    assert "/accessibility-statement" in phone.url and token_of(phone) == token
    assert headings(phone)[0] == "h1" and set(headings(phone)[1:]) == {"h2"}
    assert root_px(phone) >= 1.25 * BASE_PX  # the person's text size here too
    # Streamlit's English labels, marked English inside the page's own language.
    assert phone.locator("ul[lang='en'] li").count() == len(accessibility.STREAMLIT_LABELS)
    assert_no_sideways_scroll(phone, "statement")
    shot(phone, "phone-statement-larger-text")

    # A reload of the statement is still this phone (the link carries its token).
    phone.reload()
    back = phone.get_by_role("link", name=f"Back to the workshop: {room.workshop.title}")
    expect(back.first).to_be_visible()
    wait_idle(phone)
    back.first.click()
    expect(phone.get_by_role("heading", name="Welcome!")).to_be_visible()
    wait_idle(phone)
    assert token_of(phone) == token and "accessibility" not in phone.url
    assert len(room.larger_text()) == 1  # no second participant on the way


@pytest.mark.parametrize("lang", ["sv", "eu"])
def test_the_statement_on_a_phone_in_another_language(server, room, phone, lang):
    phone.goto(f"{server.url}/?join={CODE}&lang={lang}")
    phone.wait_for_function("(lang) => document.documentElement.lang === lang", arg=lang)
    wait_idle(phone)
    phone.locator(STATEMENT_LINK).first.click()
    expect(phone.locator("h1")).to_have_count(1)
    phone.wait_for_function("(lang) => document.documentElement.lang === lang", arg=lang)
    wait_idle(phone)
    assert_no_sideways_scroll(phone, f"statement {lang}")
    shot(phone, f"phone-statement-{lang}")


def test_the_statement_from_the_start_page_and_a_staff_menu(server, room, phone, desk):
    # The start page's menu (on a phone, behind the menu button, beside "Log in").
    phone.goto(server.url)
    expect(phone.get_by_role("heading", name="Join a workshop")).to_be_visible()
    wait_idle(phone)
    phone.get_by_role("button", name="Expand sidebar").click()
    phone.get_by_role("link", name="Accessibility").click()
    expect(phone.get_by_role("heading", name="Accessibility statement", level=1)).to_be_visible()
    assert_no_sideways_scroll(phone, "statement from the start page")
    # Streamlit 1.67 leaves its menu open on a phone after a menu link (as for "Log in").
    phone.get_by_role("button", name="Collapse sidebar").click()
    expect(phone.get_by_role("link", name="Log in")).not_to_be_in_viewport()
    shot(phone, "start-statement")
    phone.go_back()
    expect(phone.get_by_role("heading", name="Join a workshop")).to_be_visible()

    # A facilitator's account menu.
    log_in(desk, server.url, "maria")
    desk.get_by_role("button", name="Maria").click()
    desk.get_by_role("menuitem", name="Accessibility").click()
    expect(desk.get_by_role("heading", name="Accessibility statement", level=1)).to_be_visible()
    wait_idle(desk)
    shot(desk, "staff-statement-projector")
    desk.go_back()
    expect(desk.get_by_role("heading", name="Workshops", exact=True)).to_be_visible()
