"""AppTest of the public results page (issue 21, point 3): reachable with no login while
switched on, with no names and no tokens; "not available" at once when switched off,
in the same words as for a key that never existed; the facilitator's switch on the
local plan page, with the link to copy."""

from __future__ import annotations

import re

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from pari import accounts, urls
from pari.demo import NAMES, ORGS, create_demo
from pari.models import Participant, User, Workshop
from pari.reporting import public
from pari.text import md_escape
from tests.pages.conftest import goto, texts

NOT_AVAILABLE = "Results not available"


def finished_plan(db_session) -> tuple[User, Workshop]:
    """The demo's finished local plan (Navarra), everyone in it agreeing to be named in
    the plan: the facilitators' plan page then names them, the public page must not."""
    result = create_demo(session=db_session)
    db_session.commit()
    coordinator = db_session.exec(select(User).where(User.username == result.owner)).one()
    workshop = db_session.exec(
        select(Workshop).where(Workshop.code.in_(result.codes), Workshop.territory == "Navarra")
    ).one()
    for person in db_session.exec(
        select(Participant).where(Participant.workshop_id == workshop.id)
    ):
        person.name_in_plan = True
        db_session.add(person)
    db_session.commit()
    return coordinator, workshop


def switch(db_session, user: User, workshop: Workshop, on: bool) -> str:
    changed = public.set_public(
        session=db_session,
        user=accounts.to_auth_user(user),
        workshop_id=workshop.id,
        on=on,
    )
    db_session.commit()
    return changed.public_key


def everything_shown(at: AppTest) -> str:
    """The run's text, its tables as CSV and its charts' data."""
    parts = [texts(at)]
    parts += [el.value.to_csv(index=False) for el in at.dataframe]
    parts += [el.proto.spec for el in at.get("plotly_chart")]
    parts += [str(el.proto.body) for el in at.get("html")]
    parts += [el.value for el in at.code]
    return "\n".join(parts)


def names_in(shown: str) -> set[str]:
    people = {n for n in NAMES if re.search(rf"\b{re.escape(n)}\b", shown)}
    return people | {o for o in ORGS.values() if o in shown}


def test_switched_on_the_page_is_there_without_login_with_no_names(new_app, db_session):
    coordinator, workshop = finished_plan(db_session)
    key = switch(db_session, coordinator, workshop, True)
    at = new_app(query={"r": key, "lang": "en"}).run()
    assert not at.exception, at.exception
    assert "pari_user" not in at.session_state
    assert [t.value for t in at.title] == [md_escape(workshop.title)]
    shown = texts(at)
    assert "Who took part" in shown and "Commitments" in shown and "Next steps" in shown
    priorities = next(t for t in (el.value for el in at.dataframe) if "Agreement" in t.columns)
    assert len(priorities) > 0
    pledges = next(t for t in (el.value for el in at.dataframe) if "Pledge" in t.columns)
    assert "Who" not in pledges.columns and "Latest note" not in pledges.columns
    assert len(at.get("plotly_chart")) >= 3
    # Each chart has its text alternative (pari.web.chart): a table for screen readers.
    alternatives = [h for h in at.get("html") if "The chart above, as a table" in h.proto.body]
    assert len(alternatives) >= len(at.get("plotly_chart")) - 1  # the word cloud: its table
    # No menu, no login, nothing to change but the language.
    assert [b.label for b in at.button] == []
    assert [s.key for s in at.selectbox] == ["public_lang"]

    everything = everything_shown(at)
    assert names_in(everything) == set()
    assert coordinator.name not in everything
    assert workshop.code not in everything
    assert "?p=" not in everything and "join=" not in everything

    # The facilitators' own plan page, on the same data, does name them: the check bites.
    at = new_app(user=coordinator, query={"w": workshop.code, "lang": "en"})
    at = goto(at.run(), urls.LOCAL_PLAN).run()
    assert not at.exception, at.exception
    assert names_in(everything_shown(at))


def test_switched_off_it_is_gone_at_once_in_the_words_of_an_unknown_key(new_app, db_session):
    coordinator, workshop = finished_plan(db_session)
    key = switch(db_session, coordinator, workshop, True)
    # In English: the session keeps the language it was first read in (the workshop's).
    at = new_app(query={"r": key, "lang": "en"}).run()
    assert [t.value for t in at.title] == [md_escape(workshop.title)]

    switch(db_session, coordinator, workshop, False)
    at.run()  # the same session, its next run
    assert not at.exception
    assert [t.value for t in at.title] == [NOT_AVAILABLE]
    assert workshop.title not in everything_shown(at)
    off = texts(at)

    for wrong in (key[:-1] + ("A" if key[-1] != "A" else "B"), "x", workshop.code, ""):
        at = new_app(query={"r": wrong}).run()
        assert not at.exception
        assert texts(at) == off, wrong

    switch(db_session, coordinator, workshop, True)
    at = new_app(query={"r": key}).run()
    assert [t.value for t in at.title] == [md_escape(workshop.title)]  # the same link again


def test_the_page_reads_in_the_readers_language(new_app, db_session):
    coordinator, workshop = finished_plan(db_session)
    key = switch(db_session, coordinator, workshop, True)
    at = new_app(query={"r": key}).run()
    assert not at.exception
    assert workshop.language == "es"
    assert "Quién participó" in texts(at)  # no browser language here: the workshop's
    at = new_app(query={"r": key, "lang": "sv"}).run()
    assert not at.exception
    assert "Vilka deltog" in texts(at)
    at.selectbox(key="public_lang").select("en").run()
    assert not at.exception
    assert "Who took part" in texts(at) and "Vilka deltog" not in texts(at)


def test_a_signed_in_facilitator_sees_it_as_the_public_does(new_app, db_session):
    coordinator, workshop = finished_plan(db_session)
    key = switch(db_session, coordinator, workshop, True)
    at = new_app(user=coordinator, query={"r": key}).run()
    assert not at.exception
    assert [t.value for t in at.title] == [md_escape(workshop.title)]
    assert coordinator.name not in everything_shown(at)


def test_the_facilitator_switches_it_on_and_off_on_the_plan_page(new_app, db_session):
    coordinator, workshop = finished_plan(db_session)
    at = goto(new_app(user=coordinator, query={"w": workshop.code}).run(), urls.LOCAL_PLAN).run()
    assert not at.exception, at.exception
    toggle = at.toggle(key=f"public_{workshop.id}")
    assert toggle.label == "Public results page" and toggle.value is False
    assert not at.code

    toggle.set_value(True).run()
    assert not at.exception, at.exception
    db_session.expire_all()
    stored = db_session.get(Workshop, workshop.id)
    assert stored.public_results
    assert "The public results page is on." in texts(at)
    (link,) = [c.value for c in at.code]
    assert link.endswith(f"/{urls.PUBLIC_RESULTS}?r={stored.public_key}")
    assert workshop.code not in link

    at.toggle(key=f"public_{workshop.id}").set_value(False).run()
    assert not at.exception
    db_session.expire_all()
    assert not db_session.get(Workshop, workshop.id).public_results
    assert "The public results page is off." in texts(at)
    assert not at.code
    at = new_app(query={"r": stored.public_key}).run()
    assert [t.value for t in at.title] == [NOT_AVAILABLE]


def test_a_facilitator_of_another_workshop_has_no_switch(new_app, db_session):
    _coordinator, workshop = finished_plan(db_session)
    from tests.factories import make_user

    erik = make_user(db_session, username="erik")
    at = goto(new_app(user=erik, query={"w": workshop.code}).run(), urls.LOCAL_PLAN).run()
    assert not at.exception
    assert not at.toggle
