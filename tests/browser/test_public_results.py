"""Issue 21, item 3, in a real browser: the facilitator switches a workshop's public
results page on from the local plan page; its link, opened with no login on a 390 px
phone and at 1280x720, shows the plan, the ranked priorities, the commitments and
their follow-up, and no person's name, organisation, token or the join code (not in
the text, not in the HTML, not in anything the server sends); switched off in the
same place, the same link says "Results not available"."""

from __future__ import annotations

import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from pari import accounts, urls
from pari import workshops as ws
from pari.db import make_engine, migrate
from pari.models import (
    CommitmentKind,
    CommitmentRole,
    CommitmentStatus,
    StakeholderGroup,
    StepKind,
    Workshop,
    WorkshopStatus,
)
from pari.reporting import followup
from pari.steps.commitments import rules as pledge_rules
from pari.steps.dot_vote import rules as vote_rules
from pari.steps.ideas import rules as ideas_rules
from tests.browser.conftest import PHONE, Runs, page_shown_on_failure, shot, wait_idle
from tests.browser.test_facilitator import coordinator_and_maria, log_in
from tests.browser.test_reveal import open_page
from tests.factories import make_current, make_phone, make_workshop

CODE = "PQ7RZ4"
TITLE = "Kinda valley local plan"
FACILITATOR = "Gunilla Facilitatorsson"
STEPS = [
    (StepKind.CHECK_IN, "Who is in the room?", {}),
    (StepKind.IDEAS, "Challenges", {"categories": ["Social"]}),
    (StepKind.DOT_VOTE, "Challenge priorities", {"budget": 5, "per_card_cap": 5}, 1),
    (StepKind.COMMITMENTS, "Who does what", {}, 1),
]
CHECK_IN, IDEAS, VOTE, PLEDGES = range(len(STEPS))
# Short card texts: the charts' labels show them whole.
BUS, YOUTH, BROADBAND = "No Sunday bus", "Youth move away", "Slow broadband"
# (group, name, organisation, place, name in the plan, card or None, dots per card):
# three in business, a group shown; one each in two others, pooled as too few.
PEOPLE = [
    (
        StakeholderGroup.BUSINESS,
        "Anneliese Quarterbridge",
        "Quarterbridge Dairy Cooperative",
        "Hollowmere farm",
        True,  # she agreed to be named in the plan: the public page still names nobody
        BUS,
        {BUS: 3, BROADBAND: 2},
    ),
    (
        StakeholderGroup.PUBLIC_AUTHORITY,
        "Britomartis Ellingsworth",
        "Ellingsworth Town Council",
        "",
        False,
        YOUTH,
        {BUS: 2, YOUTH: 3},
    ),
    (
        StakeholderGroup.SOCIAL_ECONOMY,
        "Casimir Penhallow",
        "Penhallow Riders Association",
        "",
        False,
        BROADBAND,
        {BUS: 1, YOUTH: 1},
    ),
    (
        StakeholderGroup.BUSINESS,
        "Dagny Thorsteinsdottir",
        "Thorsteins Sawmill",
        "",
        False,
        None,
        {YOUTH: 2, BROADBAND: 1},
    ),
    (
        StakeholderGroup.BUSINESS,
        "Evander Lockwood-Pryce",
        "Lockwood Organic Bakery",
        "",
        False,
        None,
        {BUS: 1},
    ),
]
DRIVE = "Drive a minibus on Sundays"
FUND = "Fund the youth centre rent"
NOTE = "Phoned Anneliese Quarterbridge on Monday: the council lends a minibus"


def held(database_url: str) -> SimpleNamespace:
    """A workshop held and closed by Maria (named ``FACILITATOR``): five people with
    names and organisations voted on the cards three of them wrote; two pledged; a
    follow-up moved the bus pledge on, with a note that names someone."""
    engine = make_engine(database_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        maria = coordinator_and_maria(s)
        maria.name = FACILITATOR
        s.add(maria)
        s.commit()
        owner = accounts.to_auth_user(maria)
        w, steps = make_workshop(s, owner=maria, steps=STEPS, code=CODE)
        workshop = s.get(Workshop, w.id)
        workshop.title = TITLE
        workshop.territory = "Kinda, Östergötland"
        s.add(workshop)
        s.commit()
        people, tokens = [], []
        for group, name, organisation, place, named, *_rest in PEOPLE:
            person, token = make_phone(s, w, group=group)
            person.name, person.organisation, person.place = name, organisation, place
            person.name_in_plan = named
            s.add(person)
            s.commit()
            people.append(person)
            tokens.append(token)

        make_current(s, w, steps[IDEAS])
        cards = {}
        for person, (*_head, card, _dots) in zip(people, PEOPLE, strict=True):
            if card is None:
                continue
            cards[card] = ideas_rules.add_card(
                session=s,
                participant_id=person.id,
                step_id=steps[IDEAS].id,
                text=card,
                category="Social",
            )
            s.commit()
        make_current(s, w, steps[VOTE])
        for person, (*_head, dots) in zip(people, PEOPLE, strict=True):
            for card, n in dots.items():
                vote_rules.set_dots(
                    session=s,
                    participant_id=person.id,
                    step_id=steps[VOTE].id,
                    card_id=cards[card].id,
                    dots=n,
                )
                s.commit()
        make_current(s, w, steps[PLEDGES])
        drive = pledge_rules.pledge(
            session=s,
            participant_id=people[0].id,
            step_id=steps[PLEDGES].id,
            role=CommitmentRole.LEAD,
            kind=CommitmentKind.TIME,
            what=DRIVE,
            contribution_id=cards[BUS].id,
        )
        pledge_rules.pledge(
            session=s,
            participant_id=people[1].id,
            step_id=steps[PLEDGES].id,
            role=CommitmentRole.LEAD,
            kind=CommitmentKind.MONEY,
            what=FUND,
            contribution_id=cards[YOUTH].id,
        )
        s.commit()
        followup.update_commitment(
            session=s,
            user=owner,
            commitment_id=drive.id,
            status=CommitmentStatus.IN_PROGRESS,
            note=NOTE,
        )
        ws.set_status(session=s, user=owner, workshop_id=w.id, status=WorkshopStatus.CLOSED)
        s.commit()
    secrets = [
        *(p[1] for p in PEOPLE),
        *(p[2] for p in PEOPLE),
        "Hollowmere farm",
        FACILITATOR,
        NOTE,
        *tokens,
        CODE,
    ]
    return SimpleNamespace(engine=engine, workshop_id=w.id, secrets=secrets)


@pytest.fixture
def room(server) -> Iterator[SimpleNamespace]:
    r = held(server.database_url)
    yield r
    r.engine.dispose()


class Received:
    """Everything the server sends a page over its websocket (the runs' elements,
    dataframes as Arrow bytes included): what a table draws on a canvas is not in the
    page's HTML, but it is in here. Made before the page opens its socket."""

    def __init__(self, page) -> None:
        self.page = page
        self.frames: list[bytes] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if isinstance(payload, str):
            payload = payload.encode()
        self.frames.append(bytes(payload))

    def holds(self, text: str) -> bool:
        needle = text.encode()
        return any(needle in frame for frame in self.frames)

    def wait_for(self, text: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while not self.holds(text):
            assert time.monotonic() < deadline, f"{text!r} not sent within {timeout:.0f} s"
            self.page.wait_for_timeout(50)  # lets Playwright deliver the socket's frames


def switch(desk, runs: Runs, on: bool) -> None:
    """Turn the plan page's "Public results page" switch on or off, as a person does:
    a tap on its label."""
    toggle = desk.get_by_role("switch", name="Public results page")
    expect(toggle).to_be_checked(checked=not on)
    runs.click(
        desk.locator(".st-key-public_results").get_by_text("Public results page", exact=True)
    )
    expect(toggle).to_be_checked(checked=on)
    word = "on" if on else "off"
    expect(desk.get_by_text(f"The public results page is {word}.")).to_be_visible()


def assert_shows_the_results(page) -> None:
    """The plan, the ranked priorities, the commitments and their follow-up."""
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text("Territory: Kinda, Östergötland")).to_be_visible()
    expect(page.get_by_role("heading", name="Who took part")).to_be_visible()
    # The priorities, ranked: 7 dots on the bus, 6 on the young, 3 on broadband.
    expect(page.get_by_role("heading", name="Priorities: Challenge priorities")).to_be_visible()
    ranked = page.locator(".js-plotly-plot").filter(has_text=BROADBAND).first
    for card in (BUS, YOUTH, BROADBAND):
        expect(ranked).to_contain_text(card)
    expect(page.get_by_role("heading", name="Commitments")).to_be_visible()
    pledged = page.locator(".js-plotly-plot").filter(has_text="Time").first
    expect(pledged).to_contain_text(BUS)
    expect(pledged).to_contain_text(YOUTH)
    # The follow-up, as counts: one pledge planned, one under way.
    expect(page.get_by_role("heading", name="Follow-up progress")).to_be_visible()
    for label, n in (("Planned", 1), ("In progress", 1), ("Done", 0), ("Dropped", 0)):
        expect(metric(page, label)).to_have_text(str(n))
    expect(metric(page, "People")).to_have_text("5")
    expect(metric(page, "Pledges")).to_have_text("2")
    expect(page.get_by_role("heading", name="Next steps")).to_be_visible()


def shot_sections(page, name: str) -> None:
    """The page scrolls inside Streamlit's own container (a full-page screenshot shows
    the top alone): one screenshot per part, its heading at the top, charts drawn."""
    for part, heading in (
        ("priorities", "Priorities: Challenge priorities"),
        ("commitments", "Commitments"),
        ("progress", "Follow-up progress"),
    ):
        page.get_by_role("heading", name=heading).evaluate("h => h.scrollIntoView()")
        expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
        wait_idle(page)
        shot(page, f"{name}-{part}")


def metric(page, label: str):
    """The value of the metric labelled ``label`` (exactly)."""
    return (
        page.get_by_test_id("stMetric")
        .filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
        .get_by_test_id("stMetricValue")
    )


def assert_names_nobody(page, received: Received, secrets: list[str]) -> None:
    text = page.locator("body").inner_text()
    html = page.content()
    for secret in secrets:
        assert secret not in text, f"{secret!r} in the public page's text"
        assert secret not in html, f"{secret!r} in the public page's HTML"
        assert not received.holds(secret), f"{secret!r} sent to the public page"


def test_the_public_page_is_there_while_on_and_names_nobody(server, room, browser):
    desk = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    desk.set_default_timeout(20_000)
    desk_runs = Runs(desk)
    desk_seen = Received(desk)
    log_in(desk, server.url, "maria")
    open_page(
        desk, f"{server.url}/{urls.LOCAL_PLAN}?w={CODE}", lambda p: p.get_by_test_id("plan-title")
    )
    with page_shown_on_failure(desk, "public-results-switch-on"):
        wait_idle(desk)
        # The facilitator's own plan names Anneliese (she agreed) and the facilitator.
        expect(desk.get_by_text(f"Facilitator: {FACILITATOR}")).to_be_visible()
        desk_seen.wait_for("Anneliese Quarterbridge")
        expect(desk.locator(".st-key-public_results code")).to_have_count(0)
        switch(desk, desk_runs, on=True)
        link = desk.locator(".st-key-public_results code").inner_text().strip()
        expect(desk.get_by_role("link", name="Open the public page")).to_have_attribute(
            "href", link
        )
        shot(desk, "public-results-switch-on")
    assert link.startswith(f"{server.url}/{urls.PUBLIC_RESULTS}?r="), link
    key = link.split("?r=", 1)[1]
    assert len(key) == 22, link  # 128 random bits: not the join code, not a token
    for secret in room.secrets:
        assert secret not in link

    readers = []
    for name, viewport, mobile in (
        ("phone", PHONE, True),
        ("1280", {"width": 1280, "height": 720}, False),
    ):
        context = browser.new_context(
            viewport=viewport, is_mobile=mobile, has_touch=mobile, locale="en-GB"
        )
        assert context.cookies() == []  # nobody logged in
        page = context.new_page()
        page.set_default_timeout(20_000)
        received = Received(page)
        page.goto(link)
        with page_shown_on_failure(page, f"public-results-{name}"):
            assert_shows_the_results(page)
            # The pledges' table is drawn on a canvas: its rows are in what was sent
            # (which is also where a name would be, were one sent).
            received.wait_for(f"Lead · Time: {DRIVE}")
            received.wait_for(f"Lead · Money: {FUND}")
            wait_idle(page)
            # No menu, no login: a page of its own.
            expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
            expect(page.get_by_role("button", name="Log in")).to_have_count(0)
            shot(page, f"public-results-{name}")
            shot_sections(page, f"public-results-{name}")
            assert_names_nobody(page, received, room.secrets)
        readers.append((name, page))

    # Switched off where it was switched on: the link is gone at once.
    with page_shown_on_failure(desk, "public-results-switch-off"):
        switch(desk, desk_runs, on=False)
        expect(desk.locator(".st-key-public_results code")).to_have_count(0)
        expect(desk.get_by_role("link", name="Open the public page")).to_have_count(0)
        shot(desk, "public-results-switch-off")
    for name, page in readers:
        page.reload()
        with page_shown_on_failure(page, f"public-results-off-{name}"):
            expect(page.get_by_role("heading", name="Results not available")).to_be_visible()
            expect(page.get_by_text("There are no results at this address.")).to_be_visible()
            wait_idle(page)
            text = page.locator("body").inner_text()
            for shown in (TITLE, BUS, YOUTH, BROADBAND, DRIVE, FUND, "Follow-up progress"):
                assert shown not in text, f"{shown!r} still shown after switching off"
            shot(page, f"public-results-off-{name}")
        page.context.close()
    desk.context.close()
