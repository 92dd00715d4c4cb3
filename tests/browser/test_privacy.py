"""Privacy as promised (issue 18, points 9 and 10) in a real browser: the phone's
check-in offers "Show my name in the local plan" as a separate, unticked choice,
changeable later in "My details"; the local plan page shows a group of two as "too
few to show", and its PDF names no person who did not agree."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from pari import accounts
from pari.db import make_engine, migrate
from pari.models import (
    CommitmentKind,
    CommitmentRole,
    Participant,
    Role,
    StakeholderGroup,
    StepKind,
    Workshop,
)
from pari.steps.commitments import rules as pledge_rules
from tests.browser.conftest import shot, wait_idle
from tests.browser.test_phone import open_my_details
from tests.factories import make_current, make_participant, make_workshop

CODE = "PRVCYZ"
PASSWORD = "a long enough secret"
NAME_CHOICE = "Show my name in the local plan"
STEPS = [(StepKind.CHECK_IN, "Who is in the room?", {}), (StepKind.COMMITMENTS, "Pledges", {})]


@pytest.fixture
def engine(server) -> Iterator:
    engine = make_engine(server.database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def laptop(browser):
    """A facilitator's laptop (1280 x 720): the smallest screen a plan is read on."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def sign_in(page, url: str) -> None:
    page.goto(f"{url}/sign-in")
    wait_idle(page)
    page.get_by_label("Username", exact=True).fill("fac")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Workshops", exact=True)).to_be_visible()
    wait_idle(page)
    # The login cookie is written once the page has drawn: wait for the browser to hold it.
    page.wait_for_function("() => document.cookie.includes('pari_auth=')")


def test_check_in_asks_apart_whether_to_show_the_name(server, engine, phone):
    with Session(engine) as s:
        workshop, steps = make_workshop(s, steps=STEPS, code="NAMEME")
        make_current(s, workshop, steps[0])
    phone.goto(f"{server.url}/?join=NAMEME")
    # The first page of a fresh server (a busy machine: give it time).
    expect(phone.get_by_role("heading", name="Welcome!")).to_be_visible(timeout=15_000)
    choice = phone.get_by_role("checkbox", name=NAME_CHOICE)
    expect(choice).not_to_be_checked()
    phone.get_by_text("Civil society and residents").click()
    phone.get_by_label("Your name").fill("Ana")
    choice.scroll_into_view_if_needed()
    shot(phone, "privacy-phone-check-in-name-choice")
    phone.get_by_role("button", name="I agree, let's start").click()
    expect(phone.get_by_text("You are checked in as: Civil society and residents")).to_be_visible()
    wait_idle(phone)
    # Said once: the check-in step's own screen is the confirmation.
    expect(phone.get_by_text("Thank you, you are checked in.")).to_have_count(0)
    with Session(engine) as s:
        [me] = s.exec(select(Participant)).all()
        assert (me.name, me.name_in_plan) == ("Ana", False)

    open_my_details(phone)
    choice = phone.get_by_role("checkbox", name=NAME_CHOICE)
    expect(choice).not_to_be_checked()
    # Its label, as a thumb taps it; again if the tap was lost (seen once under CI's
    # load: the box stayed unticked for 15 s), as a person would tap again.
    for _attempt in range(3):
        phone.get_by_text(NAME_CHOICE).click()
        try:
            expect(choice).to_be_checked(timeout=5_000)
            break
        except AssertionError:
            wait_idle(phone)
    expect(choice).to_be_checked()
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("Thank you, you are checked in.")).to_be_visible()
    with Session(engine) as s:
        [me] = s.exec(select(Participant)).all()
        assert me.name_in_plan is True
    # Drawn again from the database, "My details" still open: the choice is kept.
    choice = phone.get_by_role("checkbox", name=NAME_CHOICE)
    expect(choice).to_be_checked()
    wait_idle(phone)
    choice.scroll_into_view_if_needed()
    shot(phone, "privacy-phone-my-details-name-choice")


def test_plan_page_and_pdf_show_a_group_of_two_as_too_few_and_no_unagreed_name(
    server, engine, laptop, tmp_path
):
    with Session(engine) as s:
        user = accounts.create_user(
            session=s, username="fac", name="Facilitator", password=PASSWORD, role=Role.FACILITATOR
        )
        workshop, steps = make_workshop(s, owner=user, steps=STEPS, code=CODE)
        people = [
            make_participant(
                s,
                workshop,
                group=StakeholderGroup.SOCIAL_ECONOMY,
                name="Ana Lopes",
                organisation="Coop Ana",
                name_in_plan=True,
            ),
            make_participant(s, workshop, group=StakeholderGroup.SOCIAL_ECONOMY),
            make_participant(s, workshop, group=StakeholderGroup.SOCIAL_ECONOMY),
            make_participant(
                s,
                workshop,
                group=StakeholderGroup.BUSINESS,
                name="Bruno Segredo",
                organisation="Quinta",
            ),
            make_participant(s, workshop, group=StakeholderGroup.BUSINESS, name="Carla Oculta"),
        ]
        s.commit()
        make_current(s, workshop, steps[1])
        for person, amount, unit in ((people[0], 500.0, "EUR"), (people[3], 3.0, None)):
            pledge_rules.pledge(
                session=s,
                participant_id=person.id,
                step_id=steps[1].id,
                role=CommitmentRole.LEAD,
                kind=CommitmentKind.MONEY,
                what="Seed money for the care cooperative's first year",
                priority_text="Care cooperative",
                amount=amount,
                unit=unit,
            )
        s.commit()

    page = laptop
    sign_in(page, server.url)
    page.goto(f"{server.url}/local-plan?w={CODE}")
    expect(page.get_by_role("heading", name="Who took part")).to_be_visible()
    wait_idle(page)
    donut = page.locator(".js-plotly-plot").first
    # Plotly draws a moment after Streamlit has settled.
    expect(donut.get_by_text("Too few to show")).to_be_visible(timeout=15_000)
    expect(donut.get_by_text("Business", exact=False)).to_have_count(0)
    shot(page, "privacy-plan-too-few-1280")
    page.get_by_role("heading", name="Commitments").scroll_into_view_if_needed()
    shot(page, "privacy-plan-pledges-1280")
    # Point 9: Ana agreed to be named, Bruno did not: his organisation stands for him in
    # the PDF a coordinator sends round (the page's table is drawn on a canvas; its rows
    # are the same frame, checked in tests/test_privacy.py).
    page.get_by_role("tab", name="Downloads").click()
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Report as PDF").click()
    path = tmp_path / "plan.pdf"
    download.value.save_as(path)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Ana Lopes" in text and "Quinta" in text
    assert "Segredo" not in text and "Oculta" not in text


def test_a_territory_typed_another_way_is_the_known_one(server, engine, laptop):
    with Session(engine) as s:
        user = accounts.create_user(
            session=s, username="fac", name="Facilitator", password=PASSWORD, role=Role.FACILITATOR
        )
        known, _steps = make_workshop(s, owner=user)
        known.territory = "Torres Vedras"
        s.add(known)
        s.commit()

    page = laptop
    sign_in(page, server.url)
    page.get_by_text("New workshop", exact=True).click()
    page.get_by_label("Title").first.fill("Second evening")
    territory = page.get_by_label("Territory").first
    territory.click()
    territory.fill("  tórres   vedras")
    territory.press("Enter")
    expect(page.get_by_role("spinbutton", name="Smallest group shown").first).to_have_value("3")
    shot(page, "privacy-new-workshop-territory-1280")
    page.get_by_role("button", name="Create workshop").click()
    expect(page.get_by_text("Workshop created.")).to_be_visible()
    with Session(engine) as s:
        made = s.exec(select(Workshop).where(Workshop.title == "Second evening")).one()
        assert (made.territory, made.min_group_size) == ("Torres Vedras", 3)
