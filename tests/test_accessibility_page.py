"""Issue 20: the accessibility statement (its text in every language, the page for
everyone, phones included) and the phone's larger text, kept for that person."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from pari import accessibility, i18n, urls
from pari.models import Participant, Role
from pari.phone import joining
from pari.phone.errors import InvalidInput
from pari.phone.ui import LARGER_TEXT_CSS
from pari.phone.view import phone_view
from tests.factories import make_phone, make_user, make_workshop
from tests.pages.conftest import app_db, db_session, goto, new_app  # noqa: F401 - fixtures

LANGS = ("sv", "es", "pt", "fr", "eu")


def _texts(statement: accessibility.Statement) -> list[str]:
    """Every heading, paragraph and list item, in reading order."""
    found = [statement.title]
    for block in statement.intro:
        found += [block.text, *block.items]
    for part in statement.parts:
        found.append(part.heading)
        for block in part.blocks:
            found += [block.text, *block.items]
    return [t for t in found if t]


# --- the statement's text ---------------------------------------------------------------


def test_the_statement_follows_the_eu_model():
    with i18n.using_language("en"):
        text = accessibility.statement()
    assert text.title == "Accessibility statement"
    assert [p.heading for p in text.parts] == [
        "How accessible this app is",
        "How we checked",
        "What does not work fully yet",
        "Tell us about a barrier",
        "About this statement",
    ]
    every = "\n".join(_texts(text))
    assert "partially conforms" in every and "WCAG) 2.2, level AA" in every
    for checked in ("axe-core", "390 × 844", "1920 × 1080", "keyboard", "200 %", "24 × 24"):
        assert checked in every
    for label in accessibility.STREAMLIT_LABELS:
        assert label in every
    assert "15726" in every and "veraPDF" in every and "PDF/UA-1" in every
    assert "facilitator" in every and "coordinator" in every
    assert "4 December 2026" in every
    assert "@" not in every  # no made-up contact address: people tell the facilitator


@pytest.mark.parametrize("lang", LANGS)
def test_the_statement_is_translated(lang):
    """Fails until the catalogs hold the statement (the lead merges /tmp/i18n/page.json)."""
    with i18n.using_language("en"):
        english = accessibility.statement()
    with i18n.using_language(lang):
        translated = accessibility.statement()
        link = i18n._(accessibility.LINK)
    assert link and link != accessibility.LINK
    ours, theirs = _texts(english), _texts(translated)
    assert len(ours) == len(theirs)
    labels = set(accessibility.STREAMLIT_LABELS)
    for source, text in zip(ours, theirs, strict=True):
        assert text.strip()
        if source in labels:
            assert text == source  # Streamlit's labels are quoted as they appear
        else:
            assert text != source, f"{lang}: not translated: {source!r}"
    every = "\n".join(theirs)
    for kept in ("WCAG", "2.2", "AA", "axe-core", "15726", "veraPDF", "PDF/UA-1", "2026"):
        assert kept in every, kept
    assert "December" not in every  # the date in the reader's language


def test_streamlit_labels_are_marked_english():
    with i18n.using_language("sv"):
        parts = accessibility.statement().parts
    lists = [b for p in parts for b in p.blocks if b.items == accessibility.STREAMLIT_LABELS]
    assert [b.lang for b in lists] == ["en"]


# --- larger text, kept for the person ---------------------------------------------------


def _room(session: Session):
    workshop, _ = make_workshop(session)
    me, token = make_phone(session, workshop)
    return workshop, me, token


def _set(session: Session, participant_id: int, on: object) -> Participant:
    try:
        result = joining.set_larger_text(session=session, participant_id=participant_id, on=on)
        session.commit()
        return result
    except BaseException:
        session.rollback()
        raise


def test_larger_text_is_stored_and_read_back(session):
    _, me, _ = _room(session)
    assert phone_view(session=session, participant_id=me.id).participant.larger_text is False
    _set(session, me.id, True)
    session.expire_all()
    assert session.get(Participant, me.id).larger_text is True
    assert phone_view(session=session, participant_id=me.id).participant.larger_text is True
    _set(session, me.id, False)
    session.expire_all()
    assert phone_view(session=session, participant_id=me.id).participant.larger_text is False


@pytest.mark.parametrize(
    "hostile", ["true", "1", 1, 0, 2, None, 1.0, [], [True], {"on": True}, b"\x01", "<script>"]
)
def test_larger_text_refuses_anything_but_yes_or_no(session, hostile):
    _, me, _ = _room(session)
    with pytest.raises(InvalidInput):
        _set(session, me.id, hostile)
    session.expire_all()
    assert session.get(Participant, me.id).larger_text is False


def test_larger_text_of_an_unknown_person_is_refused(session):
    _room(session)
    with pytest.raises(InvalidInput):
        _set(session, 10_000, True)


def test_larger_text_is_the_persons_not_the_phones(session):
    """A second person on a shared phone starts with the usual text size."""
    workshop, _ = make_workshop(session)
    device = joining.Device(id="d" * 32, key="k" * 32)
    first = joining.join(session=session, code=workshop.code, client_key="s", device=device)
    session.commit()
    _set(session, first.participant.id, True)
    second = joining.join_another(
        session=session, participant_id=first.participant.id, client_key="s", device=device
    )
    session.commit()
    session.expire_all()
    assert session.get(Participant, second.participant.id).larger_text is False
    again = joining.join(session=session, code=workshop.code, client_key="s2", device=device)
    assert again.returning and again.participant.larger_text is True


# --- the pages (AppTest) ----------------------------------------------------------------


def _links(at) -> list[tuple[str, str]]:
    return [(e.proto.label, e.proto.query_string) for e in at.get("page_link")]


def _styles(at) -> str:
    return "".join(e.proto.body for e in at.get("html"))


def test_anyone_reads_the_statement_from_the_start_page_menu(new_app, db_session):  # noqa: F811
    make_user(db_session, role=Role.COORDINATOR)
    at = goto(new_app().run(), urls.ACCESSIBILITY).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Accessibility statement"]
    assert len(at.header) == 5 and not at.subheader  # h1, then h2s
    assert not _links(at)  # the menu leads on; no phone link


def test_staff_find_the_statement_in_their_menu(new_app, db_session):  # noqa: F811
    user = make_user(db_session)
    at = goto(new_app(user=user).run(), urls.ACCESSIBILITY).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Accessibility statement"]


def test_a_phone_keeps_larger_text_and_reads_the_statement(new_app, db_session, monkeypatch):  # noqa: F811
    from pari import live

    monkeypatch.setattr(live, "follow", lambda *args, **kw: None)
    workshop, _ = make_workshop(db_session)
    me, token = make_phone(db_session, workshop)
    at = new_app(query={"p": token}).run()
    assert not at.exception
    assert LARGER_TEXT_CSS not in _styles(at)
    [statement_link] = _links(at)
    assert statement_link == ("Accessibility", f"p={token}")
    at.toggle(key="phone_larger_text").set_value(True).run()
    assert not at.exception
    assert LARGER_TEXT_CSS in _styles(at)
    db_session.expire_all()
    assert db_session.get(Participant, me.id).larger_text is True

    # A reload (a new session on the same link) keeps it.
    at = new_app(query={"p": token}).run()
    assert at.toggle(key="phone_larger_text").value is True
    assert LARGER_TEXT_CSS in _styles(at)

    # The statement on the phone: the same text size, and a way back with the token.
    at = goto(at, urls.ACCESSIBILITY).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Accessibility statement"]
    assert LARGER_TEXT_CSS in _styles(at)
    back = (f"Back to the workshop: {workshop.title}", f"p={token}")
    assert _links(at) == [back, back]  # above and below the text
    assert at.query_params["p"] == token
