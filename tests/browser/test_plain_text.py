"""Issue 16, point 3, on a phone-sized Chromium: a facilitator's step title, prompt and
categories holding links, bold and bare addresses show as typed, with no <a> and no
bold made of them (Streamlit draws titles, prompts and radio options as Markdown and
auto-links bare addresses; pages pass such text through pari.text.md_escape)."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlmodel import Session

from pari.db import make_engine, migrate
from pari.models import Step, StepKind
from tests.browser.conftest import shot, wait_idle
from tests.factories import make_current, make_workshop

CATEGORY = "[x](http://evil.invalid) **b**"
TITLE = "Ideas for www.evil.invalid **now**"
PROMPT = "See http://evil.invalid -> write to a@evil.invalid :material_home:"
# What the page may hold that people typed, as it must read (word joiners aside).
TYPED = [CATEGORY, TITLE, PROMPT]
MADE_OF_TEXT = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  const text = main.innerText.replaceAll("\\u2060", "");
  // Links of the app's own (st.page_link: the accessibility statement) aside.
  const links = [...main.querySelectorAll("a")]
    .filter((a) => !a.closest("[data-testid='stPageLink']"))
    .map((a) => a.outerHTML);
  const bold = [...main.querySelectorAll("strong, b")].map((b) => b.innerText);
  const icons = main.querySelectorAll("[data-testid='stMarkdownContainer'] [role='img']");
  return {text, links, bold, icons: icons.length};
}"""


def test_facilitator_text_is_plain_on_the_phone(server, phone):
    engine = make_engine(server.database_url)
    migrate(engine)
    with Session(engine) as s:
        workshop, steps = make_workshop(
            s,
            code="KX7P2M",
            steps=[(StepKind.IDEAS, TITLE, {"categories": [CATEGORY, "Economic"]})],
        )
        step = s.get(Step, steps[0].id)
        step.prompt = PROMPT
        s.add(step)
        s.commit()
        make_current(s, workshop, step)
    engine.dispose()

    phone.goto(f"{server.url}/?join=KX7P2M")
    phone.get_by_text("Civil society and residents").click()
    phone.get_by_role("button", name="I agree, let's start").click()
    expect(phone.get_by_role("button", name="Add card")).to_be_visible()
    wait_idle(phone)
    phone.locator("label").filter(has_text="evil.invalid").first.click()
    phone.get_by_label("Your idea (one idea per card)").fill("A bus after six")
    phone.get_by_role("button", name="Add card").click()
    expect(phone.get_by_text("Your card is on the wall.")).to_be_visible()
    wait_idle(phone)
    shot(phone, "phone-plain-facilitator-text")

    seen = phone.evaluate(MADE_OF_TEXT)
    for typed in TYPED:
        assert typed in seen["text"], typed
    assert seen["text"].count(CATEGORY) == 2  # the choice, and the card's caption
    assert seen["links"] == []
    assert not [b for b in seen["bold"] if b.strip() in ("b", "now")], seen["bold"]
    assert seen["icons"] == 0
