"""Issue 21 on a 390 px phone: a workshop closed after its evening, with a self-paced
window open on three of its steps and no facilitator connected. A person who could not
come joins by the code, checks in, moves through the three steps at their own pace
(next, back, a progress line), answers each, and their answers are stored and counted
as self-paced: in the rows, the run page's counts and the export's mode column."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from pari import urls, versioning
from pari.db import make_engine, migrate
from pari.models import (
    Contribution,
    Participant,
    PollAnswer,
    StakeholderGroup,
    StepKind,
    Vote,
    Workshop,
    WorkshopStatus,
    utcnow,
)
from pari.reporting import exports
from pari.workshops import window
from tests.browser.conftest import PHONE, choose, page_shown_on_failure, shot, wait_idle
from tests.browser.test_facilitator import coordinator_and_maria, log_in
from tests.browser.test_reveal import open_page
from tests.factories import make_current, make_phone, make_workshop

STEPS = [
    (StepKind.CHECK_IN, "Who is in the room?", {}),
    (StepKind.IDEAS, "Challenges", {"categories": ["Social", "Ecological"]}),
    (StepKind.POLL, "Which day suits you?", {"options": ["Monday", "Saturday"]}),
    (StepKind.DOT_VOTE, "Challenge priorities", {"budget": 3, "per_card_cap": 2}, 1),
    (StepKind.PLAN, "Our local plan", {}),
]
CHECK_IN, IDEAS, POLL, VOTE, PLAN = range(len(STEPS))
CODE = "SP4C3D"
IN_ROOM = "There is no bus after six in the evening"
MINE = "A shared van for the market days"


class Room:
    """A workshop held and closed, a window open from an hour ago for a day."""

    def __init__(self, database_url: str) -> None:
        self.engine = make_engine(database_url)
        migrate(self.engine)
        with self.session() as s:
            maria = coordinator_and_maria(s)
            self.workshop, self.steps = make_workshop(
                s, owner=maria, steps=STEPS, code=CODE, status=WorkshopStatus.CLOSED
            )
            there, _ = make_phone(s, self.workshop, group=StakeholderGroup.BUSINESS)
            s.add(
                Contribution(
                    workshop_id=self.workshop.id,
                    step_id=self.steps[IDEAS].id,
                    participant_id=there.id,
                    text=IN_ROOM,
                    category="Social",
                )
            )
            workshop = s.get(Workshop, self.workshop.id)
            workshop.self_paced_from = utcnow() - timedelta(hours=1)
            workshop.self_paced_until = utcnow() + timedelta(days=1)
            workshop.timezone = "Europe/Madrid"
            for i in (IDEAS, POLL, VOTE):
                self.steps[i].self_paced = True
                s.add(self.steps[i])
            s.add(workshop)
            s.commit()
            self.there_id = there.id

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def newcomer(self) -> Participant:
        with self.session() as s:
            return s.exec(
                select(Participant).where(
                    Participant.workshop_id == self.workshop.id, Participant.id != self.there_id
                )
            ).one()


@pytest.fixture
def room(server) -> Iterator[Room]:
    r = Room(server.database_url)
    yield r
    r.engine.dispose()


def test_a_phone_answers_three_steps_at_its_own_pace_marked_self_paced(server, room, phone, desk):
    assert phone.viewport_size == PHONE
    phone.goto(f"{server.url}/?join={CODE}")
    with page_shown_on_failure(phone, "self-paced-phone"):
        expect(phone.get_by_role("heading", name="Welcome!")).to_be_visible()
        wait_idle(phone)
        phone.get_by_text("Civil society and residents").click()
        phone.get_by_role("button", name="I agree, let's start").click()

        # Step 1 of 3: the ideas, with the window's end in the workshop's zone.
        expect(phone.get_by_role("heading", name="Challenges")).to_be_visible()
        expect(phone.get_by_text("Step 1 of 3 · 0 answered")).to_be_visible()
        expect(phone.get_by_text("Open at your own pace until")).to_be_visible()
        wait_idle(phone)
        back = phone.get_by_role("button", name="◀ Back")
        expect(back).to_be_disabled()
        phone.get_by_label("Your idea").fill(MINE)
        phone.get_by_text("Ecological", exact=True).click()
        phone.get_by_role("button", name="Add").click()
        expect(phone.get_by_text(MINE)).to_be_visible()
        wait_idle(phone)
        shot(phone, "self-paced-phone-ideas")
        phone.get_by_role("button", name="Next ▶").click()

        # Step 2: the poll; back and forth keeps the answer.
        expect(phone.get_by_role("heading", name="Which day suits you?")).to_be_visible()
        expect(phone.get_by_text("Step 2 of 3 · 1 answered")).to_be_visible()
        wait_idle(phone)
        phone.get_by_text("Saturday", exact=True).click()
        phone.get_by_role("button", name="Send my answer").click()
        expect(phone.get_by_text("Your answer is saved")).to_be_visible()
        wait_idle(phone)
        phone.get_by_role("button", name="◀ Back").click()
        expect(phone.get_by_role("heading", name="Challenges")).to_be_visible()
        expect(phone.get_by_text(MINE)).to_be_visible()
        wait_idle(phone)
        phone.get_by_role("button", name="Next ▶").click()
        expect(phone.get_by_text("Step 2 of 3 · 2 answered")).to_be_visible()
        wait_idle(phone)
        phone.get_by_role("button", name="Next ▶").click()

        # Step 3: the dot vote, on the room's card and the person's own.
        expect(phone.get_by_role("heading", name="Challenge priorities")).to_be_visible()
        expect(phone.get_by_text("3 dots left of 3")).to_be_visible()
        wait_idle(phone)
        with room.session() as s:
            card = s.exec(select(Contribution).where(Contribution.text == IN_ROOM)).one()
        phone.locator(f'[data-key="plus_{card.id}"]').click()
        expect(phone.get_by_text("2 dots left of 3")).to_be_visible()
        wait_idle(phone)
        shot(phone, "self-paced-phone-vote")
        phone.get_by_role("button", name="Finish").click()
        expect(phone.get_by_text("You have answered 3 of 3 steps.")).to_be_visible()
        wait_idle(phone)
        shot(phone, "self-paced-phone-end")

    # Stored, and marked self-paced (the server's mark: the phone sends none).
    person = room.newcomer()
    assert person.self_paced is True  # checked in during the window
    with room.session() as s:
        mine = s.exec(select(Contribution).where(Contribution.participant_id == person.id)).all()
        answer = s.exec(select(PollAnswer).where(PollAnswer.participant_id == person.id)).all()
        votes = s.exec(select(Vote).where(Vote.participant_id == person.id)).all()
        assert [(c.text, c.self_paced) for c in mine] == [(MINE, True)]
        assert [a.self_paced for a in answer] == [True]
        assert votes and all(v.self_paced for v in votes)
        counts = window.mode_counts(session=s, workshop_id=room.workshop.id)
        for i in (IDEAS, POLL, VOTE):
            assert counts[room.steps[i].id].self_paced == 1, STEPS[i][1]
        assert counts[room.steps[IDEAS].id].live == 1  # the card written in the room
        export = exports.workshop_export_by_id(session=s, workshop_id=room.workshop.id)
        cards = {row["text"]: row["mode"] for row in export.tables["contributions"]}
        assert cards == {IN_ROOM: "live", MINE: "self-paced"}

    # The facilitator, connected only now, reads the counts on the run page.
    log_in(desk, server.url, "maria")
    open_page(
        desk,
        f"{server.url}/{urls.CONTROL}?w={CODE}",
        lambda p: p.get_by_role("heading", name="Self-paced window"),
    )
    # The check-in and the ideas (someone in the room too); the poll and the vote.
    expect(desk.get_by_text("2 people answered: 1 live, 1 self-paced")).to_have_count(2)
    expect(desk.get_by_text("1 person answered: 0 live, 1 self-paced")).to_have_count(2)
    wait_idle(desk)
    shot(desk, "self-paced-run-page")

    # The local plan counts all answers, or those of one mode.
    open_page(
        desk,
        f"{server.url}/{urls.LOCAL_PLAN}?w={CODE}",
        lambda p: p.get_by_text("Answers counted"),
    )
    wait_idle(desk)
    desk.get_by_role("radio", name="Self-paced", exact=True).click()
    expect(desk.get_by_role("radio", name="Self-paced", exact=True)).to_be_checked()
    wait_idle(desk)
    assert "Traceback" not in desk.locator("body").inner_text()
    shot(desk, "self-paced-plan-page")
    open_page(
        desk,
        f"{server.url}/{urls.CONTROL}?w={CODE}",
        lambda p: p.get_by_role("heading", name="Self-paced window"),
    )

    # The card written at one's own pace, moderated though no step is current.
    choose(desk, "Moderate the cards of a step in the window", "2. Challenges")
    expect(desk.get_by_text(MINE)).to_be_visible()
    expect(desk.get_by_role("button", name="Hide").first).to_be_visible()


def test_a_facilitator_opens_a_window_on_chosen_steps_from_the_run_page(server, room, desk, phone):
    """On a workshop not yet held (a draft, no window): the facilitator opens a window
    from now (as first offered) for a week on the poll alone; a phone then answers the
    poll only."""
    with room.session() as s:
        workshop = s.get(Workshop, room.workshop.id)
        workshop.status = WorkshopStatus.DRAFT
        workshop.self_paced_from = workshop.self_paced_until = None
        s.add(workshop)
        s.commit()
    log_in(desk, server.url, "maria")
    open_page(
        desk,
        f"{server.url}/{urls.CONTROL}?w={CODE}",
        lambda p: p.get_by_role("heading", name="Self-paced window"),
    )
    expect(desk.get_by_text("None. People who cannot come")).to_be_visible()
    wait_idle(desk)
    desk.get_by_text("Open a self-paced window").click()
    # Every step with input is in the window until taken out: keep the poll alone.
    steps = desk.get_by_role("combobox", name="Steps open at one's own pace")
    for title in ("2. Challenges", "4. Challenge priorities"):
        desk.get_by_role("button", name=f"Remove {title}").click()
        expect(desk.get_by_role("button", name=f"Remove {title}")).to_have_count(0)
    expect(steps).to_be_visible()
    expect(desk.get_by_role("button", name="Remove 3. Which day suits you?")).to_be_visible()
    shot(desk, "self-paced-window-form")
    desk.get_by_role("button", name="Save the window").click()
    expect(desk.get_by_text("The self-paced window is saved.")).to_be_visible()
    expect(desk.get_by_text("Open until", exact=False).first).to_be_visible()
    expect(desk.get_by_text("Steps in the window: 3. Which day suits you?")).to_be_visible()
    wait_idle(desk)
    shot(desk, "self-paced-window-open")

    phone.goto(f"{server.url}/?join={CODE}")
    with page_shown_on_failure(phone, "self-paced-phone-poll-only"):
        expect(phone.get_by_role("heading", name="Welcome!")).to_be_visible()
        wait_idle(phone)
        phone.get_by_text("Civil society and residents").click()
        phone.get_by_role("button", name="I agree, let's start").click()
        expect(phone.get_by_role("heading", name="Which day suits you?")).to_be_visible()
        expect(phone.get_by_text("Step 1 of 1 · 0 answered")).to_be_visible()
        expect(phone.get_by_role("button", name="Finish")).to_be_visible()
        wait_idle(phone)

    # Removed, asked twice: the phone left open stops offering the poll at once.
    wait_idle(desk)
    desk.get_by_text("Change the window").click()
    desk.get_by_role("button", name="Remove the window").click()
    desk.get_by_role("button", name="Yes, remove the window").click()
    expect(desk.get_by_text("The self-paced window is removed.")).to_be_visible()
    expect(phone.get_by_text("Step 1 of 1", exact=False)).to_have_count(0)
    expect(phone.get_by_text("The workshop will start soon.", exact=False)).to_be_visible()


def test_a_phone_in_the_window_follows_the_room_once_it_is_run_live(server, room, phone):
    """The facilitator reopens the workshop and makes a step current: a phone on its own
    step of the window follows the room (and back to the window when it closes)."""
    phone.goto(f"{server.url}/?join={CODE}")
    with page_shown_on_failure(phone, "self-paced-phone-follows-room"):
        expect(phone.get_by_role("heading", name="Welcome!")).to_be_visible()
        wait_idle(phone)
        phone.get_by_text("Civil society and residents").click()
        phone.get_by_role("button", name="I agree, let's start").click()
        expect(phone.get_by_text("Step 1 of 3 · 0 answered")).to_be_visible()
        wait_idle(phone)
        phone.get_by_role("button", name="Next ▶").click()
        expect(phone.get_by_role("heading", name="Which day suits you?")).to_be_visible()
        wait_idle(phone)

        with room.session() as s:
            workshop = s.get(Workshop, room.workshop.id)
            workshop.status = WorkshopStatus.LIVE
            s.add(workshop)
            s.commit()
            make_current(s, workshop, room.steps[IDEAS])
        expect(phone.get_by_role("heading", name="Challenges")).to_be_visible()
        expect(phone.get_by_text("Step 1 of 3", exact=False)).to_have_count(0)

        with room.session() as s:
            workshop = s.get(Workshop, room.workshop.id)
            workshop.status = WorkshopStatus.CLOSED
            s.add(workshop)
            versioning.bump(s, workshop.id, stage=True)
            s.commit()
        expect(phone.get_by_text("Step 1 of 3 · 0 answered")).to_be_visible()


def test_a_closed_workshop_says_when_its_window_opens(server, room, phone):
    """A window that opens later: the code is refused with its dates, not as ended."""
    with room.session() as s:
        workshop = s.get(Workshop, room.workshop.id)
        workshop.self_paced_from = utcnow() + timedelta(days=1)
        workshop.self_paced_until = utcnow() + timedelta(days=2)
        s.add(workshop)
        s.commit()
    phone.goto(f"{server.url}/?join={CODE}")
    expect(phone.get_by_text("you can answer at your own pace from", exact=False)).to_be_visible()
    expect(phone.get_by_text("Come back then with the same code.", exact=False)).to_be_visible()
