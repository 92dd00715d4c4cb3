"""Issue 22 in Chromium: the facilitator asks for themes on a wall of 80 cards (a
Swedish and English room of the labelled set), accepts two, renames one, and the
presenter shows the wall grouped by them; the export carries the themes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from pari import accounts, urls
from pari.db import make_engine, migrate
from pari.models import Contribution, Role, StakeholderGroup, StepKind, Workshop
from pari.reporting import exports
from pari.themes.evaluate import load
from tests.browser import axe
from tests.browser.conftest import shot, wait_idle
from tests.browser.test_facilitator import PASSWORD, log_in
from tests.browser.test_reveal import open_page
from tests.factories import make_current, make_phone, make_workshop

DESK = {"width": 1920, "height": 1080}
CODE = "THM22X"
RENAMED = "Getting around"


@pytest.fixture
def wall(server) -> Iterator[str]:
    """Maria's live workshop, on an ideas step with the 80 cards of the sv_en room."""
    engine = make_engine(server.database_url)
    migrate(engine)
    texts = [c.text for c in load()["sv_en"]]
    assert len(texts) == 80
    with Session(engine, expire_on_commit=False) as s:
        maria = accounts.create_user(
            session=s, username="maria", name="Maria", password=PASSWORD, role=Role.FACILITATOR
        )
        s.commit()
        workshop, (ideas,) = make_workshop(
            s, owner=maria, code=CODE, steps=[(StepKind.IDEAS, "Challenges", {})]
        )
        make_current(s, workshop, ideas)
        groups = list(StakeholderGroup)
        people = [make_phone(s, workshop, group=groups[i % len(groups)])[0] for i in range(8)]
        s.add_all(
            Contribution(
                workshop_id=workshop.id,
                step_id=ideas.id,
                participant_id=people[i % len(people)].id,
                text=text,
            )
            for i, text in enumerate(texts)
        )
        s.commit()
    yield server.database_url
    engine.dispose()


def test_themes_suggested_accepted_renamed_and_shown(server, browser, wall):
    desk = browser.new_context(viewport=DESK).new_page()
    desk.set_default_timeout(20_000)
    log_in(desk, server.url, "maria")
    open_page(
        desk,
        f"{server.url}/{urls.CONTROL}?w={CODE}",
        lambda p: p.get_by_role("button", name="Suggest themes"),
    )
    wait_idle(desk)
    desk.get_by_role("button", name="Suggest themes").click()
    expect(desk.get_by_text("Suggested themes")).to_be_visible()
    names = desk.get_by_label("Theme name")
    expect(names.first).to_be_visible()
    assert names.count() >= 2
    # A card of a room written in two languages carries its language's name.
    expect(desk.get_by_text("Swedish").first).to_be_attached()
    wait_idle(desk)
    shot(desk, "themes-1920-suggested")
    assert axe.check(desk, "themes-suggested") == []  # issue 20's bar on the new form

    second = names.nth(1).input_value()
    names.first.fill(RENAMED)
    ticks = desk.get_by_text("Accept", exact=True)
    for i in (0, 1):
        ticks.nth(i).click()
        expect(desk.get_by_role("checkbox", name="Accept").nth(i)).to_be_checked()
    desk.get_by_role("button", name="Accept the ticked themes").click()
    expect(desk.get_by_text("Themes accepted")).to_be_visible()
    expect(desk.get_by_text("Suggested themes")).to_have_count(0)
    wait_idle(desk)
    shot(desk, "themes-1920-accepted")

    # The presenter's wall has a column per theme, with its count.
    screen = browser.new_context(viewport=DESK).new_page()
    screen.set_default_timeout(20_000)
    log_in(screen, server.url, "maria")
    open_page(screen, f"{server.url}/{urls.SCREEN}?w={CODE}", lambda p: p.locator(".pari-wall"))
    headings = screen.locator(".pari-cat")
    expect(headings.filter(has_text=RENAMED)).to_have_count(1)
    expect(headings.filter(has_text=second)).to_have_count(1)
    wait_idle(screen)
    shot(screen, "themes-1920-presenter")

    # The stored cards and the export: each accepted theme is the cards' category.
    engine = make_engine(wall)
    with Session(engine) as s:
        cards = s.exec(select(Contribution)).all()
        workshop = s.exec(select(Workshop)).one()
        export = exports.workshop_export(session=s, workshop=workshop)
    engine.dispose()
    themed = {c.id: c.category for c in cards if c.category}
    assert set(themed.values()) == {RENAMED, second}
    rows = {int(r["contribution_id"]): r for r in export.tables["contributions"]}
    assert {i: rows[i]["category"] for i in themed} == themed
    assert {r["text_language"] for r in rows.values()} >= {"sv", "en"}
    counts = {name: sum(v == name for v in themed.values()) for name in (RENAMED, second)}
    for name, n in counts.items():
        expect(headings.filter(has_text=f"{name} ({n})")).to_have_count(1)

    # Asked again, the suggestion leaves the accepted themes' cards as they are.
    wait_idle(desk)
    desk.get_by_role("button", name="Suggest themes").click()
    expect(
        desk.get_by_text(f"{sum(counts.values())} cards already in an accepted theme")
    ).to_be_visible()
    desk.get_by_role("button", name="Discard the suggestion").click()
    expect(desk.get_by_role("button", name="Suggest themes")).to_be_visible()
