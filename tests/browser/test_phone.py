"""Issue 4's "Done when", on a phone-sized Chromium against a real server: joining by
link and by typed code, every step kind as the facilitator moves on, a reload in
the middle of a vote, a double submit that stores one card."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, func, select

from pari.db import make_engine, migrate
from pari.models import (
    Assessment,
    Commitment,
    Contribution,
    Participant,
    PollAnswer,
    Score,
    StakeholderGroup,
    StepKind,
    StepState,
    Vote,
)
from tests.browser.conftest import dot_button, shot, wait_idle
from tests.factories import make_current, make_phone, make_workshop

FOLLOW_TIMEOUT = 8_000  # the phone switches by itself within a few seconds
STEPS = [
    (StepKind.CHECK_IN, "Who is in the room?", {}),
    (StepKind.IDEAS, "Challenges", {"categories": ["Social", "Ecological", "Economic"]}),
    (StepKind.DOT_VOTE, "Challenge priorities", {"budget": 5, "per_card_cap": 3}, 1),
    (StepKind.MATRIX, "Which paths?", {"criteria": ["Impact", "Feasibility"], "passes": True}, 1),
    (
        StepKind.POLL,
        "Governance",
        {"options": ["Network", "Association", "Cooperative"], "no_opinion": True},
    ),
    (StepKind.ASSESSMENT, "How ready are we?", {"dimensions": ["vision", "trust"]}),
    (StepKind.COMMITMENTS, "Commitments", {}, 1),
    (StepKind.PLAN, "Our local plan", {}),
]
CHECK_IN, IDEAS, VOTE, MATRIX, POLL, ASSESS, PLEDGE, PLAN = range(len(STEPS))


class Room:
    """The server's database, a live workshop with every step kind and two cards."""

    def __init__(self, database_url: str) -> None:
        self.engine = make_engine(database_url)
        migrate(self.engine)
        with self.session() as s:
            self.workshop, self.steps = make_workshop(s, steps=STEPS, code="KX7P2M")
            other, _ = make_phone(s, self.workshop, group=StakeholderGroup.BUSINESS)
            self.cards = [
                Contribution(
                    workshop_id=self.workshop.id,
                    step_id=self.steps[IDEAS].id,
                    participant_id=other.id,
                    text=text,
                    category="Social",
                )
                for text in ("Young people leave", "Bus only twice a day")
            ]
            s.add_all(self.cards)
            s.commit()

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def go(self, index: int, state: StepState = StepState.OPEN) -> None:
        """What the facilitator's run controls do: make a step current, in a state."""
        with self.session() as s:
            make_current(s, self.workshop, self.steps[index], state)

    def count(self, model, **where) -> int:
        with self.session() as s:
            query = select(func.count()).select_from(model)
            for key, value in where.items():
                query = query.where(getattr(model, key) == value)
            return s.exec(query).one()

    def participants(self) -> list[Participant]:
        with self.session() as s:
            return list(
                s.exec(
                    select(Participant).where(
                        Participant.workshop_id == self.workshop.id,
                        Participant.group != StakeholderGroup.BUSINESS,
                    )
                ).all()
            )


@pytest.fixture
def room(server) -> Iterator[Room]:
    r = Room(server.database_url)
    yield r
    r.engine.dispose()


def check_in(page, group: str = "Civil society and residents") -> None:
    expect(page.get_by_role("heading", name="Welcome!")).to_be_visible()
    wait_idle(page)  # under load the form a person had open may still be on screen
    page.get_by_text(group).click()
    page.get_by_label("Your name").fill("Ana")
    page.get_by_role("button", name="I agree, let's start").click()
    expect(page.get_by_text("Thank you, you are checked in.")).to_be_visible()


def open_my_details(page) -> None:
    """Open "My details" and wait until its run has settled: a tap on a button the run
    is still drawing can be lost in the browser (measured under load: no message left
    the page), as a person would tap again."""
    page.get_by_text("My details").click()
    expect(page.get_by_role("button", name="Save")).to_be_visible()
    wait_idle(page)


def token_of(page) -> str:
    match = re.search(r"[?&]p=([A-Za-z0-9_-]+)", page.url)
    assert match, page.url
    return match.group(1)


def test_join_by_link_check_in_and_reload_is_the_same_person(server, room, phone):
    phone.goto(f"{server.url}/?join=KX7P2M")
    shot(phone, "phone-check-in")
    check_in(phone)
    expect(phone.get_by_role("heading", name="Please wait")).to_be_visible()
    token = token_of(phone)
    assert "join=" not in phone.url
    phone.reload()
    expect(phone.get_by_role("heading", name="Please wait")).to_be_visible()
    assert token_of(phone) == token
    [me] = room.participants()
    assert me.group is StakeholderGroup.CIVIL_SOCIETY and me.name == "Ana"


def test_join_by_typed_code_lower_case_with_spaces(server, room, phone):
    phone.goto(server.url)
    field = phone.get_by_label("Workshop code (6 letters and digits)")
    field.fill("zz zzzz")
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_text("No workshop has this code")).to_be_visible()
    shot(phone, "phone-join-unknown-code")
    field.fill("kx7 p2m")
    phone.get_by_role("button", name="Join").click()
    check_in(phone)
    assert len(room.participants()) == 1


def test_every_step_kind_follows_the_facilitator(server, room, phone):
    phone.goto(f"{server.url}/?join=kx7p2m")
    check_in(phone, "Local and regional authorities")
    [me] = room.participants()

    room.go(CHECK_IN)
    expect(
        phone.get_by_text("You are checked in as: Local and regional authorities")
    ).to_be_visible(timeout=FOLLOW_TIMEOUT)

    # Ideas: a card with a category; hostile text shown as written.
    room.go(IDEAS)
    expect(phone.get_by_role("heading", name="Challenges")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    phone.get_by_text("Economic", exact=True).click()
    hostile = "<b>No shop</b> **in** the village =1+1 🛒 لا يوجد"
    phone.get_by_label("Your idea (one idea per card)").fill(hostile)
    phone.get_by_role("button", name="Add card").click()
    expect(phone.get_by_text("Your card is on the wall.")).to_be_visible()
    expect(phone.get_by_test_id("stText").get_by_text(hostile, exact=True)).to_be_visible()
    shot(phone, "phone-ideas")
    assert room.count(Contribution, participant_id=me.id) == 1

    # Dot vote: the cap and the remaining budget.
    room.go(VOTE)
    expect(phone.get_by_text("5 dots left of 5")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    plus = dot_button(phone, room.cards[0].id)
    for left in (4, 3, 2):
        plus.click()
        expect(phone.get_by_text(f"{left} dots left of 5")).to_be_visible()
    expect(plus).to_be_disabled()  # at most 3 on one card
    shot(phone, "phone-dot-vote")
    assert room.count(Vote, participant_id=me.id) == 1

    # Matrix: two criteria, 1-5.
    room.go(MATRIX)
    expect(phone.get_by_role("heading", name="Which paths?")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    card = phone.locator(f".st-key-score_{room.cards[1].id}_0")
    card.get_by_text("4", exact=True).click()
    phone.locator(f".st-key-score_{room.cards[1].id}_1").get_by_text("2", exact=True).click()
    expect(phone.get_by_text(re.compile(r"1 of 3\s+cards scored"))).to_be_visible()
    shot(phone, "phone-matrix")
    assert room.count(Score, participant_id=me.id) == 2
    # "I pass" on a card (issue 18): its 1-5 rows go, and it counts as done.
    wait_idle(phone)
    phone.locator(f".st-key-pass_{room.cards[0].id}").get_by_text("I pass on this card").click()
    expect(phone.get_by_text(re.compile(r"2 of 3\s+cards scored"))).to_be_visible()
    expect(phone.locator(f".st-key-score_{room.cards[0].id}_0")).to_have_count(0)
    shot(phone, "phone-matrix-pass")
    assert room.count(Score, participant_id=me.id, value=None) == 1

    # Poll.
    room.go(POLL)
    expect(phone.get_by_role("heading", name="Governance")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    # "No opinion" is an answer of its own (issue 18), then the person changes their mind.
    phone.get_by_text("No opinion", exact=True).click()
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_text("Your answer is saved.")).to_be_visible()
    shot(phone, "phone-poll-no-opinion")
    assert room.count(PollAnswer, participant_id=me.id, option=-1) == 1
    wait_idle(phone)
    phone.get_by_text("Cooperative", exact=True).click()
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_text("Your answer is saved.")).to_be_visible()
    shot(phone, "phone-poll")
    wait_idle(phone)
    assert room.count(PollAnswer, participant_id=me.id) == 1
    assert room.count(PollAnswer, participant_id=me.id, option=2) == 1

    # Assessment: "don't know" on one dimension.
    room.go(ASSESS)
    expect(phone.get_by_role("heading", name="How ready are we?")).to_be_visible(
        timeout=FOLLOW_TIMEOUT
    )
    phone.get_by_text("I don't know").first.click()
    expect(phone.get_by_text("Saved: I don't know")).to_be_visible()
    shot(phone, "phone-assessment")
    assert room.count(Assessment, participant_id=me.id) == 1

    # Commitments: a pledge with a negative amount cannot even be typed; pledge, withdraw.
    room.go(PLEDGE)
    expect(phone.get_by_role("heading", name="Commitments")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    phone.get_by_text("Time", exact=True).click()
    phone.get_by_label("What exactly?").fill("Two days a month")
    phone.get_by_label("… or write another priority").fill("A cold store")
    phone.get_by_role("button", name="Add my pledge").click()
    expect(phone.get_by_text("Thank you! Your pledge is saved.")).to_be_visible()
    shot(phone, "phone-commitments")
    assert room.count(Commitment, participant_id=me.id, withdrawn=False) == 1

    # Plan: read only.
    room.go(PLAN)
    expect(phone.get_by_role("heading", name="Top priorities")).to_be_visible(
        timeout=FOLLOW_TIMEOUT
    )
    expect(phone.get_by_text("Two days a month")).to_be_visible()
    shot(phone, "phone-plan")

    # Input closed: said plainly.
    room.go(PLEDGE, StepState.CLOSED)
    expect(phone.get_by_text("This step is closed.")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    expect(phone.get_by_role("button", name="Add my pledge")).to_have_count(0)


def test_reload_in_the_middle_of_a_vote_keeps_the_votes(server, room, phone):
    with room.session() as s:
        me, token = make_phone(s, room.workshop)
    room.go(VOTE)
    phone.goto(f"{server.url}/?p={token}")
    plus0 = dot_button(phone, room.cards[0].id)
    plus1 = dot_button(phone, room.cards[1].id)
    plus0.click()
    expect(phone.get_by_text("4 dots left of 5")).to_be_visible()
    plus1.click()
    expect(phone.get_by_text("3 dots left of 5")).to_be_visible()
    phone.reload()
    expect(phone.get_by_text("3 dots left of 5")).to_be_visible()
    plus1.click()
    expect(phone.get_by_text("2 dots left of 5")).to_be_visible()
    assert token_of(phone) == token
    assert room.count(Participant, workshop_id=room.workshop.id) == 2  # me and the other
    with room.session() as s:
        rows = s.exec(
            select(Vote.contribution_id, Vote.dots).where(Vote.participant_id == me.id)
        ).all()
    votes = {card_id: dots for card_id, dots in rows}
    assert votes == {room.cards[0].id: 1, room.cards[1].id: 2}


def test_double_submit_stores_one_card(server, room, phone):
    with room.session() as s:
        me, token = make_phone(s, room.workshop)
    room.go(IDEAS)
    phone.goto(f"{server.url}/?p={token}")
    phone.get_by_text("Social", exact=True).click()
    phone.get_by_label("Your idea (one idea per card)").fill("Only one card, please")
    button = phone.get_by_role("button", name="Add card")
    button.evaluate("b => { b.click(); b.click(); }")  # a double tap
    expect(phone.get_by_text("Your card is on the wall.")).to_be_visible()
    wait_idle(phone)
    phone.wait_for_timeout(1500)
    assert room.count(Contribution, participant_id=me.id) == 1
    expect(phone.get_by_text("Your cards (1)")).to_be_visible()
