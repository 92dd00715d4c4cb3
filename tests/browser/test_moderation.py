"""Issue 18, points 6 and 7, in Chromium: a facilitator at 1280×720 moderates cards by
touch on the run page (one tap hides a card, one tap merges a suggested duplicate), and
the author of the merged card sees on a 390×844 phone where it went; and the poll's
"Other" answered in one's own words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from pari import accounts, urls
from pari.db import make_engine, migrate
from pari.models import Contribution, Role, StakeholderGroup, StepKind
from pari.steps.poll import rules as poll_rules
from tests.browser.conftest import shot, wait_idle
from tests.browser.test_facilitator import PASSWORD, log_in
from tests.factories import make_current, make_phone, make_workshop

DESK = {"width": 1280, "height": 720}
CODE = "MRG18X"
TEXTS = (
    "Bus only twice a day",
    "Youth centre closed at weekends",
    "Nowhere to buy bread",
    "bus only twice a  day!",  # the duplicate, written by the phone below
)


@pytest.fixture
def cards(server) -> Iterator[tuple[list[int], str]]:
    """Maria's live workshop on its ideas step: four cards, the last one by a phone whose
    token is returned."""
    engine = make_engine(server.database_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        maria = accounts.create_user(
            session=s, username="maria", name="Maria", password=PASSWORD, role=Role.FACILITATOR
        )
        s.commit()
        workshop, (ideas,) = make_workshop(
            s,
            owner=maria,
            code=CODE,
            steps=[(StepKind.IDEAS, "Challenges", {"categories": ["Social", "Economic"]})],
        )
        make_current(s, workshop, ideas)
        other, _ = make_phone(s, workshop, group=StakeholderGroup.BUSINESS)
        author, token = make_phone(s, workshop, group=StakeholderGroup.CIVIL_SOCIETY)
        rows = [
            Contribution(
                workshop_id=workshop.id,
                step_id=ideas.id,
                participant_id=(author if i == len(TEXTS) - 1 else other).id,
                text=text,
                category="Social",
            )
            for i, text in enumerate(TEXTS)
        ]
        s.add_all(rows)
        s.commit()
        ids = [c.id for c in rows]
    yield ids, token
    engine.dispose()


def test_moderation_by_touch_and_the_author_sees_the_merge(server, browser, phone, cards):
    ids, token = cards
    desk = browser.new_context(viewport=DESK).new_page()
    desk.set_default_timeout(20_000)
    log_in(desk, server.url, "maria")
    desk.wait_for_function("() => document.cookie.includes('pari_auth=')")
    desk.goto(f"{server.url}/{urls.CONTROL}?w={CODE}")
    expect(desk.get_by_text("Cards of “Challenges”")).to_be_visible()
    expect(desk.get_by_text("4 on the wall · 0 hidden · 0 merged")).to_be_visible()

    # The duplicate is offered with its similarity; accents and punctuation aside.
    expect(desk.get_by_text("Possible duplicates")).to_be_visible()
    expect(desk.get_by_text("100 % alike")).to_be_visible()
    wait_idle(desk)
    desk.get_by_text("Possible duplicates").scroll_into_view_if_needed()
    shot(desk, "moderation-1280-suggestion")

    # One tap hides a card: the card says so where it is, and offers to restore it.
    bread = desk.locator(f".st-key-mod_card_{ids[2]}")
    bread.get_by_role("button", name="Hide", exact=True).click()
    expect(bread.get_by_text("Card hidden.")).to_be_visible()
    expect(bread.get_by_role("button", name="Restore", exact=True)).to_be_visible()
    expect(desk.get_by_text("3 on the wall · 1 hidden · 0 merged")).to_be_visible()
    wait_idle(desk)
    bread.scroll_into_view_if_needed()
    shot(desk, "moderation-1280-hidden")

    # One tap merges the suggestion: the newer card goes under the older one.
    desk.get_by_role("button", name="Merge", exact=True).click()
    kept = desk.locator(f".st-key-mod_card_{ids[0]}")
    expect(kept.get_by_text("Cards merged.")).to_be_visible()
    expect(kept.get_by_text("Merged here: bus only twice a day!")).to_be_visible()
    expect(desk.get_by_text("2 on the wall · 1 hidden · 1 merged")).to_be_visible()
    expect(desk.get_by_text("Possible duplicates")).to_have_count(0)
    wait_idle(desk)
    shot(desk, "moderation-1280-merged")

    # A choice in the card's popover acts at once: a new category, no apply button; the
    # popover closes and its choice is gone.
    youth = desk.locator(f".st-key-mod_card_{ids[1]}")
    youth.get_by_role("button", name="Move or merge").click()
    popover = desk.get_by_test_id("stPopoverBody")
    popover.get_by_label("Move to category").click()
    desk.get_by_role("option", name="Economic").click()
    expect(youth.get_by_text("Category changed.")).to_be_visible()
    expect(youth.get_by_text("#2 · Economic · Business")).to_be_visible()
    expect(popover).to_have_count(0)
    wait_idle(desk)
    youth.scroll_into_view_if_needed()
    shot(desk, "moderation-1280-category")

    # The author's phone: the card is still theirs, and says where it went.
    phone.goto(f"{server.url}/?p={token}")
    expect(phone.get_by_role("heading", name="Your cards (1)")).to_be_visible()
    expect(phone.get_by_text("bus only twice a  day!")).to_be_visible()
    expect(
        phone.get_by_text("The facilitator merged this card into a card that says the same:")
    ).to_be_visible()
    expect(phone.get_by_text("Bus only twice a day", exact=True)).to_be_visible()
    expect(phone.get_by_text("You have not written a card yet.")).to_have_count(0)
    wait_idle(phone)
    shot(phone, "moderation-390-merged-into")

    # Smaller things at 390 px: the refusal is next to the button that was tapped, not
    # above the form off screen; the chosen category stays for the next card.
    idea = phone.get_by_label("Your idea (one idea per card)")
    idea.fill("No doctor in the village")
    phone.get_by_role("button", name="Add card").click()
    refusal = phone.get_by_text("Please choose a category.")
    expect(refusal).to_be_in_viewport()
    add = phone.get_by_role("button", name="Add card")
    assert refusal.bounding_box()["y"] > add.bounding_box()["y"]
    shot(phone, "moderation-390-category-refused")
    phone.get_by_text("Economic", exact=True).click()
    phone.get_by_role("button", name="Add card").click()
    expect(phone.get_by_text("Your card is on the wall.")).to_be_visible()
    expect(phone.get_by_role("heading", name="Your cards (2)")).to_be_visible()
    expect(idea).to_have_count(1)  # the form of the run before goes when this run ends
    expect(idea).to_have_value("")
    expect(phone.get_by_role("radio", name="Economic")).to_be_checked()


def test_a_poll_other_answer_in_ones_own_words(server, phone):
    """The poll's "Other" with a text field (issue 18, smaller things), at 390×844."""
    engine = make_engine(server.database_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        workshop, (poll,) = make_workshop(
            s,
            steps=[(StepKind.POLL, "Governance", {"options": ["Association", "Other"]})],
        )
        make_current(s, workshop, poll)
        me, token = make_phone(s, workshop)
    phone.goto(f"{server.url}/?p={token}")
    expect(phone.get_by_role("heading", name="Governance")).to_be_visible()
    wait_idle(phone)
    field = phone.get_by_label("If “Other”: your answer")
    expect(field).to_be_visible(timeout=15_000)
    field.fill("A <b>foundation</b>")
    phone.get_by_text("Association", exact=True).click()
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_text("Choose “Other” to send your own answer.")).to_be_visible()
    phone.get_by_text("Other", exact=True).click()
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_text("Your answer is saved. You can still change it.")).to_be_visible()
    wait_idle(phone)
    shot(phone, "poll-390-other")
    with Session(engine) as s:
        assert poll_rules.my_other_text(session=s, participant_id=me.id, step_id=poll.id) == (
            "A <b>foundation</b>"
        )
    engine.dispose()
