"""AppTest of the word cloud's Streamlit parts: the phone's field, list and limit, the
run page's paper answer and word list, the presenter's table."""

from __future__ import annotations

from sqlmodel import func, select

from pari import accounts, urls
from pari import moderation as card_moderation
from pari.models import StakeholderGroup, StepKind, StepState
from pari.steps.word_cloud.models import WordAnswer
from tests.factories import make_current, make_phone, make_user, make_workshop
from tests.pages.conftest import goto, texts
from tests.pages.test_phone_pages import followed  # noqa: F401 - a fixture

HOSTILE = "<b>Auzolan</b> **x**"


def _room(db_session, owner=None):
    workshop, (step,) = make_workshop(
        db_session,
        owner=owner,
        code="WCD234",
        steps=[(StepKind.WORD_CLOUD, "What does cooperation mean here?", {"max_answers": 2})],
    )
    make_current(db_session, workshop, step)
    return workshop, step


def _answers(session) -> int:
    session.expire_all()
    return session.exec(select(func.count(WordAnswer.id))).one()


def test_phone_sends_shows_plain_and_stops_at_the_limit(new_app, db_session, followed):  # noqa: F811
    workshop, step = _room(db_session)
    _me, token = make_phone(db_session, workshop)
    at = new_app(query={"p": token}).run()
    assert "0 of 2 sent" in texts(at)
    at.text_input[0].input("the")
    next(b for b in at.button if b.label == "Send").click().run()
    assert "Small words" in texts(at)
    assert at.text_input[0].value == "the"  # a refusal keeps what was typed
    at.text_input[0].input(HOSTILE)
    next(b for b in at.button if b.label == "Send").click().run()
    assert not at.exception
    assert HOSTILE in [t.value for t in at.text]
    assert all(HOSTILE not in m.value for m in at.markdown)
    at.text_input[0].input("Confianza")
    next(b for b in at.button if b.label == "Send").click().run()
    assert "2 of 2 sent" in texts(at)
    assert "You have sent all your answers" in texts(at)
    assert not at.text_input  # no field for a third
    assert _answers(db_session) == 2
    next(b for b in at.button if b.label == "Remove").click().run()
    assert "1 of 2 sent" in texts(at) and _answers(db_session) == 1
    make_current(db_session, workshop, step, StepState.CLOSED)
    at = new_app(query={"p": token}).run()
    assert not at.exception and not [b for b in at.button if b.label == "Remove"]


def test_run_page_paper_answer_and_word_list(new_app, db_session):
    fac = make_user(db_session)
    workshop, step = _room(db_session, owner=fac)
    person = card_moderation.add_paper_participant(
        session=db_session,
        user=accounts.to_auth_user(fac),
        workshop_id=workshop.id,
        group=StakeholderGroup.BUSINESS,
        name="Rosa",
    )
    db_session.commit()
    at = goto(new_app(user=fac, query={"w": workshop.code}).run(), urls.CONTROL).run()
    assert not at.exception
    assert "Words of the cloud" in texts(at)
    next(t for t in at.text_input if t.label == "Answer").input("Mercado local")
    at.button(key=f"FormSubmitter:paper_entry_{step.id}_0-Add answer").click().run()
    assert not at.exception
    assert "Answer added." in texts(at)
    db_session.expire_all()
    answer = db_session.exec(select(WordAnswer)).one()
    assert (answer.participant_id, answer.entered_by_user_id) == (person.id, fac.id)
    at.run()
    hide = next(b for b in at.button if b.label == "Hide from the cloud")
    hide.click().run()
    assert not at.exception
    assert "The word is hidden." in texts(at)
    screen = goto(new_app(user=fac, query={"w": workshop.code}).run(), urls.SCREEN).run()
    assert not screen.exception
    assert "Mercado local" not in "\n".join(el.proto.body for el in screen.get("html"))
