"""The word cloud (issue 19, point 2) in a real browser: a phone (390x844) sends three
answers and has no room for a fourth; the presenter (1920x1080, then 1280x720) draws the
cloud with its table of top words; the facilitator hides a word on the run page and the
presenter stops showing it."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlmodel import Session

from pari.db import make_engine, migrate
from pari.models import StakeholderGroup, StepKind
from pari.steps.word_cloud.rules import send_word
from tests.browser.conftest import PHONE, PROJECTOR, shot, wait_idle
from tests.browser.test_facilitator import coordinator_and_maria, log_in
from tests.browser.test_phone import check_in
from tests.browser.test_reveal import open_page
from tests.factories import make_current, make_phone, make_workshop

CODE = "WC7KPX"
TITLE = "What does cooperation mean here?"
# What the room already sent: (group, answers), several spellings of the same words.
ROOM = [
    (StakeholderGroup.SOCIAL_ECONOMY, ["Confianza", "Cooperación", "Auzolan"]),
    (StakeholderGroup.SOCIAL_ECONOMY, ["confianza", "cooperacion", "Comunidad"]),
    (StakeholderGroup.SOCIAL_ECONOMY, ["CONFIANZA", "Trabajo en equipo", "Vecinos"]),
    (StakeholderGroup.PUBLIC_AUTHORITY, ["La confianza", "COOPERACIÓN", "Futuro del valle"]),
    (StakeholderGroup.PUBLIC_AUTHORITY, ["Comunidad", "Cuidados", "Idiotas"]),
    (StakeholderGroup.BUSINESS, ["Mercado local", "Ayuda mutua", "Energía"]),
    (StakeholderGroup.KNOWLEDGE, ["Escuela rural", "Jóvenes", "Lankidetza"]),
    (StakeholderGroup.CIVIL_SOCIETY, ["Compartir", "Agua", "Bosque comunal"]),
    (StakeholderGroup.SUPPORT, ["Redes", "Financiación", "Territorio"]),
]


def cloud_room(database_url: str) -> None:
    """Maria's live workshop on its open word cloud, with the room's answers."""
    engine = make_engine(database_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        maria = coordinator_and_maria(s)
        workshop, (step,) = make_workshop(
            s, owner=maria, code=CODE, steps=[(StepKind.WORD_CLOUD, TITLE, {"max_answers": 3})]
        )
        workshop.language = "es"
        s.add(workshop)
        s.commit()
        make_current(s, workshop, step)
        for group, answers in ROOM:
            person, _token = make_phone(s, workshop, group=group)
            for text in answers:
                send_word(session=s, participant_id=person.id, step_id=step.id, text=text)
                s.commit()
    engine.dispose()


def test_phone_sends_three_wall_draws_the_cloud_and_a_hidden_word_goes(server, browser):
    cloud_room(server.database_url)
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.set_default_timeout(20_000)
    phone.goto(f"{server.url}/?join={CODE}&lang=en")
    check_in(phone)
    expect(phone.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(phone.get_by_role("heading", name="0 of 3 sent")).to_be_visible()
    expect(phone.get_by_placeholder("One to three words")).to_be_visible()
    wait_idle(phone)
    shot(phone, "word-cloud-phone-form-390x844")
    for n, text in enumerate(["Confianza", "la cooperación", "<b>Auzolan</b>"], start=1):
        wait_idle(phone)
        phone.get_by_label("Your answer").fill(text)
        phone.get_by_role("button", name="Send", exact=True).click()
        expect(phone.get_by_role("heading", name=f"{n} of 3 sent")).to_be_visible()
    expect(phone.get_by_text("Your answer is sent.")).to_be_visible()
    # Shown as typed, as plain text: no bold, no tag.
    expect(phone.get_by_text("<b>Auzolan</b>", exact=True)).to_be_visible()
    assert phone.locator("b", has_text="Auzolan").count() == 0
    # No room for a fourth: the field is gone and the phone says why.
    expect(phone.get_by_text("You have sent all your answers.")).to_be_visible()
    expect(phone.get_by_label("Your answer")).to_have_count(0)
    box = phone.get_by_role("button", name="Remove").first.bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb's target
    shot(phone, "word-cloud-phone-390x844")

    desk = browser.new_context(viewport=PROJECTOR).new_page()
    desk.set_default_timeout(20_000)
    desk.goto(f"{server.url}/sign-in")
    expect(desk.get_by_role("heading", name="Log in")).to_be_visible(timeout=30_000)
    log_in(desk, server.url, "maria")
    wall = desk.context.new_page()
    wall.set_default_timeout(20_000)
    open_page(
        wall, f"{server.url}/screen?w={CODE}&lang=en", lambda p: p.get_by_test_id("word-table")
    )
    table = wall.get_by_test_id("word-table")
    # The top word as most people typed it, counted over every spelling (4 + the phone).
    expect(table.locator("tr").nth(1)).to_contain_text("Confianza")
    expect(table.locator("tr").nth(1)).to_contain_text("5")
    expect(table.get_by_role("columnheader", name="Answers")).to_be_visible()
    wait_idle(wall)
    cloud = wall.locator(".st-key-pari_cloud_tall .stPlotlyChart").first
    expect(cloud).to_contain_text("Confianza")
    expect(cloud).to_contain_text("Cooperación")
    expect(cloud).to_contain_text("Idiotas")
    expect(wall.get_by_test_id("word-groups")).to_be_visible()
    expect(wall.get_by_test_id("word-counts")).to_contain_text("30 answers")
    expect(wall.get_by_test_id("answer-count")).to_contain_text("30 answers")
    wait_idle(wall)
    _fits(wall)
    shot(wall, "word-cloud-presenter-1920x1080")
    wall.set_viewport_size({"width": 1280, "height": 720})
    expect(wall.locator(".st-key-pari_cloud_short .stPlotlyChart").first).to_be_visible()
    expect(wall.locator(".st-key-pari_cloud_tall").first).to_be_hidden()
    wait_idle(wall)
    _fits(wall)
    shot(wall, "word-cloud-presenter-1280x720")
    wall.set_viewport_size(PROJECTOR)

    open_page(
        desk, f"{server.url}/control?w={CODE}", lambda p: p.get_by_role("heading", name="Run")
    )
    row = desk.locator("[class*='st-key-word_row_']").filter(has_text="Idiotas")
    expect(row).to_be_visible()
    wait_idle(desk)
    row.get_by_role("button", name="Hide from the cloud").click()
    expect(row.get_by_text("Hidden from the cloud")).to_be_visible()
    expect(row.get_by_role("button", name="Show again")).to_be_visible()
    shot(desk, "word-cloud-run-page")
    expect(cloud).not_to_contain_text("Idiotas", timeout=15_000)
    expect(wall.get_by_test_id("word-table")).not_to_contain_text("Idiotas")
    expect(wall.get_by_test_id("answer-count")).to_contain_text("29 answers")
    expect(cloud).to_contain_text("Confianza")


def _fits(page) -> None:
    """Nothing of the step's panel runs past the bottom of the screen."""
    height = page.viewport_size["height"]
    bottom = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll(
            "[data-testid='word-table'], .stPlotlyChart, [data-testid='word-counts'],"
            + " [data-testid='word-not-drawn']")]
            .filter(e => e.offsetParent !== null)
            .map(e => e.getBoundingClientRect().bottom))"""
    )
    assert bottom <= height, (bottom, height)


LONG = "x" * 60  # the longest answer a phone may send (MAX_WORDS_TEXT)
HOSTILE = "<b>x</b> **y** <script>alert(1)</script>"


def test_long_words_wrap_in_their_column_and_the_wall_says_what_the_cloud_left_out(server, browser):
    """A 60-letter word and hostile text: the table of top words wraps them and stays
    left of the join code and QR, at 1920x1080 and 1280x720; the word too long for the
    cloud is said under it, not silently left out."""
    engine = make_engine(server.database_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        maria = coordinator_and_maria(s)
        workshop, (step,) = make_workshop(
            s, owner=maria, code=CODE, steps=[(StepKind.WORD_CLOUD, TITLE, {"max_answers": 3})]
        )
        make_current(s, workshop, step)
        for answers in (["trust", LONG, HOSTILE], ["trust", "Working together", LONG]):
            person, _token = make_phone(s, workshop)
            for text in answers:
                send_word(session=s, participant_id=person.id, step_id=step.id, text=text)
                s.commit()
    engine.dispose()
    desk = browser.new_context(viewport=PROJECTOR).new_page()
    desk.set_default_timeout(20_000)
    desk.goto(f"{server.url}/sign-in")
    expect(desk.get_by_role("heading", name="Log in")).to_be_visible(timeout=30_000)
    log_in(desk, server.url, "maria")
    wall = desk.context.new_page()
    wall.set_default_timeout(20_000)
    open_page(
        wall, f"{server.url}/screen?w={CODE}&lang=en", lambda p: p.get_by_test_id("word-table")
    )
    table = wall.get_by_test_id("word-table")
    expect(table).to_contain_text(LONG)
    expect(table).to_contain_text(HOSTILE)
    # At 1920x1080 the 60 letters fit nowhere; at 1280x720 the hostile text neither.
    for size, key, name, note in (
        (PROJECTOR, "pari_cloud_tall", "1920x1080", "1 word did not fit in the cloud."),
        ({"width": 1280, "height": 720}, "pari_cloud_short", "1280x720", "2 words did not fit"),
    ):
        wall.set_viewport_size(size)
        cloud = wall.locator(f".st-key-{key}")
        expect(cloud.locator(".stPlotlyChart").first).to_be_visible()
        expect(cloud.locator(".stPlotlyChart").first).to_contain_text("trust")
        expect(cloud.get_by_test_id("word-not-drawn")).to_contain_text(note)
        wait_idle(wall)
        _fits(wall)
        _table_left_of_join(wall)
        shot(wall, f"word-cloud-long-words-{name}")


def _table_left_of_join(page) -> None:
    """The table, its every cell, ends left of the join code's column (code, QR, link)."""
    right = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll(
            "[data-testid='word-table'], [data-testid='word-table'] td,"
            + " [data-testid='word-counts']")]
            .map(e => e.getBoundingClientRect().right))"""
    )
    side = page.locator("[data-testid='stColumn']").filter(has=page.get_by_test_id("join-code"))
    left = min(
        box["x"]
        for box in (
            side.last.bounding_box(),
            page.get_by_test_id("join-code").bounding_box(),
            side.last.locator("img").first.bounding_box(),
        )
        if box
    )
    assert right <= left, (right, left)
