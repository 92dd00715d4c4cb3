"""Every page in every language (issue 6): it draws without an error, in that language.

Each run is also searched for English message ids whose translation differs: one
found means a text was translated at import, cached across languages, or drawn
without ``_()`` although the catalog has it.
"""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po
from google.protobuf import text_format
from sqlmodel import select

from pari import accounts, i18n, urls
from pari import workshops as ws
from pari.demo import create_demo
from pari.models import Role, Step, StepState, User, Workshop, WorkshopStatus
from tests.factories import make_current, make_phone, make_user
from tests.pages.conftest import goto

LANGS = list(i18n.LANGUAGE_NAMES)
FACILITATOR_PAGES = [urls.MY_WORKSHOPS, urls.CONTROL, urls.SCREEN, urls.LOCAL_PLAN]
COORDINATOR_PAGES = [urls.OVERVIEW, urls.ACCOUNTS, urls.SIGN_OUT]


def _english_ids(lang: str) -> list[str]:
    """Message ids (long enough not to occur by chance) that read differently in ``lang``."""
    if lang == "en":
        return []
    with i18n.po_path(lang).open("rb") as fp:
        catalog = read_po(fp, locale=lang)
    return [
        m.id
        for m in catalog
        if isinstance(m.id, str)
        and m.string
        and m.string != m.id
        and len(m.id) >= 14
        and " " in m.id
        and "{" not in m.id
    ]


_IDS: dict[str, list[str]] = {}


def everything(at) -> str:
    """Every element's content as text: labels, options, Markdown, HTML, chart specs."""
    parts = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(text_format.MessageToString(proto, as_utf8=True))
    return "\n".join(parts)


def check(at, lang: str, where: str, data: tuple[str, ...] = ()) -> None:
    """No exception, and no English message id left (``data``: texts people typed)."""
    assert not at.exception, f"{where} in {lang}: {at.exception}"
    if lang not in _IDS:
        _IDS[lang] = _english_ids(lang)
    shown = everything(at)
    for typed in data:
        shown = shown.replace(typed, "")
    left = [m for m in _IDS[lang] if m in shown]
    assert not left, f"{where} in {lang} still shows English: {left}"


def in_lang(new_app, lang: str, **kw):
    """A session in ``lang``, as a link with ?lang= opens one (a phone's page prefers
    the link's language to the workshop's)."""
    kw["query"] = {**(kw.get("query") or {}), "lang": lang}
    at = new_app(**kw)
    at.session_state[i18n.SESSION_KEY] = lang
    return at


@pytest.fixture(autouse=True)
def speak(request):
    """The test's side speaks the language too: AppTest runs a widget's format_func
    (labels of options) in the test's thread, outside the session."""
    lang = (
        request.node.callspec.params.get("lang", "en")
        if hasattr(request.node, "callspec")
        else "en"
    )
    with i18n.using_language(lang):
        yield


@pytest.fixture
def demo(db_session, monkeypatch):
    from pari import live

    monkeypatch.setattr(live, "follow", lambda *args, **kw: None)
    result = create_demo(session=db_session)
    db_session.commit()
    owner = db_session.exec(select(User).where(User.username == result.owner)).one()
    live_ws = ws.get_by_code(session=db_session, code=result.live_code)
    return owner, live_ws


@pytest.mark.parametrize("lang", LANGS)
def test_first_start_setup_page(new_app, lang):
    at = in_lang(new_app, lang).run()
    check(at, lang, "setup")
    with i18n.using_language(lang):
        assert at.title[0].value == i18n._("Welcome to PARI Workshop")


@pytest.mark.parametrize("lang", LANGS)
def test_anonymous_pages(new_app, db_session, lang):
    make_user(db_session, role=Role.COORDINATOR)
    at = in_lang(new_app, lang).run()
    check(at, lang, "join")
    with i18n.using_language(lang):
        assert at.title[0].value == i18n._("Join a workshop")
    at = goto(at, urls.SIGN_IN).run()
    check(at, lang, "login")
    at.text_input[0].input("nobody")
    at.text_input[1].input("wrong password")
    at.button[0].click().run()
    check(at, lang, "login refused")
    with i18n.using_language(lang):
        assert i18n._("Wrong username or password.") in [e.value for e in at.error]


@pytest.mark.parametrize("lang", LANGS)
def test_facilitator_and_coordinator_pages(new_app, db_session, demo, lang):
    owner, live_ws = demo
    titles = tuple(w.title for w in db_session.exec(select(Workshop)))
    for page in FACILITATOR_PAGES + COORDINATOR_PAGES:
        at = in_lang(new_app, lang, user=owner, query={"w": live_ws.code}).run()
        at = goto(at, page).run()
        check(at, lang, page, data=titles)


@pytest.mark.parametrize("lang", LANGS)
def test_account_errors_are_translated(new_app, db_session, lang):
    coordinator = make_user(db_session, role=Role.COORDINATOR, username="coord")
    at = in_lang(new_app, lang, user=coordinator).run()
    at = goto(at, urls.ACCOUNTS).run()
    at.text_input[0].input("Ana")
    at.text_input[1].input("coord")  # taken
    at.text_input[3].input("long enough password")
    at.button[0].click().run()
    check(at, lang, "accounts")
    with i18n.using_language(lang):
        expected = i18n._("The username “{username}” is taken.").format(username="coord")
    assert expected in [e.value for e in at.error]


@pytest.mark.parametrize("lang", LANGS)
def test_phone_in_every_language(new_app, db_session, demo, lang):
    _owner, live_ws = demo
    _p, token = make_phone(db_session, live_ws)
    at = in_lang(new_app, lang, query={"p": token}).run()
    check(at, lang, "phone")
    _fresh, token = make_phone(db_session, live_ws, checked_in=False)
    at = in_lang(new_app, lang, query={"p": token}).run()
    check(at, lang, "phone check-in")
    with i18n.using_language(lang):
        assert i18n._("Which group do you speak for?") in at.radio[0].label


@pytest.mark.parametrize("lang", ["sv", "pt"])
def test_every_step_on_phone_and_presenter(new_app, db_session, demo, lang):
    """The issue's Done-when languages: each step of the demo plan, open and with results."""
    owner, live_ws = demo
    _p, token = make_phone(db_session, live_ws)
    steps = db_session.exec(
        select(Step).where(Step.workshop_id == live_ws.id).order_by(Step.position)
    ).all()
    for step in steps:
        for state in (StepState.OPEN, StepState.RESULTS):
            make_current(db_session, live_ws, step, state)
            phone = in_lang(new_app, lang, query={"p": token}).run()
            check(phone, lang, f"phone, step {step.position} {step.kind} {state}")
            screen = in_lang(new_app, lang, user=owner, query={"w": live_ws.code}).run()
            screen = goto(screen, urls.SCREEN).run()
            check(screen, lang, f"presenter, step {step.position} {step.kind} {state}")


def test_a_closed_workshop_thanks_in_the_chosen_language(new_app, db_session, demo):
    _owner, live_ws = demo
    _p, token = make_phone(db_session, live_ws)
    workshop = db_session.get(Workshop, live_ws.id)
    owner = accounts.to_auth_user(db_session.get(User, workshop.owner_id))
    ws.set_status(
        session=db_session, user=owner, workshop_id=workshop.id, status=WorkshopStatus.CLOSED
    )
    db_session.commit()
    at = in_lang(new_app, "eu", query={"p": token}).run()
    check(at, "eu", "closed phone")
    with i18n.using_language("eu"):
        assert i18n._("Thank you!") in [h.value for h in at.header]


@pytest.mark.parametrize("bad", ["xx", "", "../../etc/passwd", "<b>sv</b>", "en-" * 50])
def test_an_unknown_language_in_the_link_falls_back_quietly(new_app, db_session, bad):
    make_user(db_session, role=Role.COORDINATOR)
    at = new_app(query={"lang": bad}).run()
    assert not at.exception and not at.error
    assert at.session_state[i18n.SESSION_KEY] in i18n.LANGUAGE_NAMES


def test_a_known_language_in_the_link_is_used(new_app, db_session):
    make_user(db_session, role=Role.COORDINATOR)
    at = new_app(query={"lang": "pt-PT"}).run()
    assert at.session_state[i18n.SESSION_KEY] == "pt"
    with i18n.using_language("pt"):
        assert at.title[0].value == i18n._("Join a workshop")


def test_a_phone_without_a_choice_speaks_the_workshops_language(new_app, db_session, demo):
    _owner, live_ws = demo
    _p, token = make_phone(db_session, live_ws)
    at = new_app(query={"p": token}).run()
    assert not at.exception
    assert at.session_state[i18n.SESSION_KEY] == live_ws.language != "en"
