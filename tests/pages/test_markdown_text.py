"""Text people typed reaches Markdown-drawing elements only through ``md_escape``
(issue 16, point 3): a category, a step title, a prompt with bare addresses and a
``?w=`` value arrive in each element's Markdown body escaped, so the browser draws
them as typed (tests/browser/test_plain_text.py looks at the phone itself)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from pari import accounts, live, urls
from pari import workshops as ws
from pari.models import Contribution, Step, StepKind
from pari.text import md_escape
from tests.factories import make_current, make_phone, make_user, make_workshop
from tests.pages.conftest import goto

CATEGORY = "[x](http://evil.invalid) **b**"
TITLE = "Ideas for www.evil.invalid **now**"
PROMPT = "See http://evil.invalid or write to a@evil.invalid -> [here](http://evil.invalid)"
QUERY = "[Session expired: log in again](http://example.invalid)"


def _rendered(markdown: str) -> bool:
    """Whether Markdown text still holds a link, bold or an address to auto-link:
    an unescaped ``](``, ``**`` or ``http://`` / ``www.`` / ``@``."""
    return any(marker in markdown for marker in ("](", "**", "http://", "www.", "a@"))


@pytest.fixture
def phone(new_app, db_session, monkeypatch):
    monkeypatch.setattr(live, "follow", lambda *args, **kw: None)
    workshop, steps = make_workshop(
        db_session,
        steps=[(StepKind.IDEAS, TITLE, {"categories": [CATEGORY, "Economic"]})],
    )
    step = db_session.get(Step, steps[0].id)
    step.prompt = PROMPT
    db_session.add(step)
    db_session.commit()
    make_current(db_session, workshop, step)
    me, token = make_phone(db_session, workshop)
    return new_app(query={"p": token}).run(), me


def test_phone_draws_title_prompt_and_categories_escaped(phone, db_session):
    at, me = phone
    assert not at.exception
    assert [h.value for h in at.header] == [md_escape(TITLE)]
    prompts = [m.value for m in at.markdown if "evil" in m.value]
    assert prompts == [md_escape(PROMPT)]
    assert at.radio[0].options == [md_escape(CATEGORY), "Economic"]
    for body in [*prompts, *at.radio[0].options, at.header[0].value]:
        assert not _rendered(body), body
    # The escaped option still stands for the category as typed.
    at.radio[0].set_value(CATEGORY)
    at.text_area[0].input("A bus after six")
    next(b for b in at.button if b.label == "Add card").click().run()
    assert not at.exception
    card = db_session.exec(select(Contribution).where(Contribution.participant_id == me.id)).one()
    assert card.category == CATEGORY
    assert md_escape(CATEGORY) in [c.value for c in at.caption]


def test_a_w_value_in_the_plans_error_is_text(new_app, db_session):
    owner = make_user(db_session)
    ws.create_workshop(session=db_session, user=accounts.to_auth_user(owner), title="Kinda")
    db_session.commit()
    at = goto(new_app(user=owner, query={"w": QUERY}), urls.LOCAL_PLAN).run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert md_escape(QUERY) in error
    assert not _rendered(error) and "http" in error


def test_facilitator_pages_draw_step_titles_escaped(new_app, db_session):
    owner = make_user(db_session)
    user = accounts.to_auth_user(owner)
    workshop = ws.create_workshop(session=db_session, user=user, title="Kinda")
    steps = ws.list_steps(session=db_session, workshop_id=workshop.id)
    ideas = next(s for s in steps if s.kind is StepKind.IDEAS)
    ws.update_step(session=db_session, user=user, step_id=ideas.id, title=TITLE)
    ws.make_current(session=db_session, user=user, step_id=ideas.id)
    db_session.commit()
    run = goto(new_app(user=owner, query={"w": workshop.code}), urls.CONTROL).run()
    assert not run.exception
    bodies = [m.value for m in run.markdown] + [s.value for s in run.subheader]
    mine = [b for b in bodies if "evil" in b]  # bold around it is the page's own
    assert len(mine) == 3 and all(md_escape(TITLE) in b and TITLE not in b for b in mine)
    pages = goto(new_app(user=owner, query={"w": workshop.code}), urls.MY_WORKSHOPS).run()
    assert not pages.exception
    labels = [e.label for e in pages.expander if "evil" in e.label]
    assert labels and all(md_escape(TITLE) in b and not _rendered(b) for b in labels)


def test_a_refusal_quoting_what_was_typed_is_text(new_app, db_session):
    owner = make_user(db_session)
    workshop = ws.create_workshop(
        session=db_session, user=accounts.to_auth_user(owner), title="Kinda"
    )
    db_session.commit()
    at = goto(new_app(user=owner, query={"w": workshop.code}), urls.MY_WORKSHOPS).run()
    share = next(t for t in at.text_input if t.label.startswith("Share with"))
    share.input(QUERY)
    at.button(key=f"FormSubmitter:share_{workshop.id}-Share").click().run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert md_escape(QUERY) in error and not _rendered(error)
    # The message's own words are the app's, as they were: no escaping of its own.
    assert error.startswith("No active account has the username “")
