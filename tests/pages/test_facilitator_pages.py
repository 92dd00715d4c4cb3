"""AppTest of the facilitator's pages: workshops, run controls, presenter."""

from __future__ import annotations

import base64
import html
import re
import urllib.parse

import segno
from sqlmodel import select

from pari import accounts, urls
from pari import workshops as ws
from pari.models import (
    Contribution,
    Participant,
    Role,
    StakeholderGroup,
    Step,
    StepKind,
    StepState,
    Vote,
    Workshop,
    WorkshopStatus,
)
from pari.steps.ideas import rules as ideas_rules
from tests.factories import make_participant, make_user
from tests.pages.conftest import goto, texts


def htmls(at) -> str:
    return "\n".join(el.proto.body for el in at.get("html"))


def signed_in(new_app, user, page: str, code: str | None = None):
    at = new_app(user=user, query={"w": code} if code else None).run()
    return goto(at, page).run()


def make(db_session, user, title="Kinda"):
    w = ws.create_workshop(session=db_session, user=accounts.to_auth_user(user), title=title)
    db_session.commit()
    return w


def button(at, label):
    return next(b for b in at.button if b.label == label)


# --- workshops -------------------------------------------------------------------------


def test_facilitator_creates_a_local_plan_workshop(new_app, db_session):
    fac = make_user(db_session)
    other = make_user(db_session)  # territories are picked from those known (or typed)
    ws.create_workshop(
        session=db_session, user=accounts.to_auth_user(other), title="Earlier", territory="Kinda"
    )
    db_session.commit()
    at = signed_in(new_app, fac, urls.MY_WORKSHOPS)
    assert not at.exception
    assert "No workshop yet" in texts(at)
    form = {t.label: t for t in at.text_input}
    form["Title"].input("Kinda local plan")
    territory = next(s for s in at.selectbox if s.label == "Territory")
    territory.select("Kinda")
    at.button(key="FormSubmitter:new_workshop-Create workshop").click().run()
    assert not at.exception
    w = db_session.exec(select(Workshop).where(Workshop.owner_id == fac.id)).one()
    assert (w.title, w.territory, w.owner_id) == ("Kinda local plan", "Kinda", fac.id)
    assert f"Its join code is {w.code}" in texts(at)
    assert at.query_params["w"] == [w.code] or at.query_params["w"] == w.code
    steps = db_session.exec(select(Step).where(Step.workshop_id == w.id)).all()
    assert len(steps) == 14
    # A second one: the picker below shows it, not the one chosen before (seen by a
    # fresh-eyes try: its steps were edited in the wrong workshop).
    picker = next(s for s in at.selectbox if s.label == "Workshop")
    assert picker.value == w.code
    # The new workshop's form comes first (the chosen one's details form has a Title too).
    next(t for t in at.text_input if t.label == "Title").input("Kinda mission debrief")
    at.button(key="FormSubmitter:new_workshop-Create workshop").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    second = db_session.exec(
        select(Workshop).where(Workshop.title == "Kinda mission debrief")
    ).one()
    picker = next(s for s in at.selectbox if s.label == "Workshop")
    assert picker.value == second.code
    assert f"Its join code is {second.code}" in texts(at)


def test_empty_title_gets_a_message_and_stores_nothing(new_app, db_session):
    fac = make_user(db_session)
    at = signed_in(new_app, fac, urls.MY_WORKSHOPS)
    at.button(key="FormSubmitter:new_workshop-Create workshop").click().run()
    assert not at.exception
    assert "Title cannot be empty." in [e.value for e in at.error]
    assert db_session.exec(select(Workshop)).all() == []


def test_an_over_long_title_is_refused_not_stored_cut(new_app, db_session):
    """Issue 16, point 6, for facilitators' fields too: Streamlit would cut a value to a
    widget's max_chars in silence; the service refuses it with its own message."""
    fac = make_user(db_session)
    at = signed_in(new_app, fac, urls.MY_WORKSHOPS)
    form = {t.label: t for t in at.text_input}
    form["Title"].input("A" * (ws.MAX_TITLE + 50))
    at.button(key="FormSubmitter:new_workshop-Create workshop").click().run()
    assert not at.exception
    assert f"Title is too long (at most {ws.MAX_TITLE} characters)." in [e.value for e in at.error]
    assert db_session.exec(select(Workshop)).all() == []


def test_a_facilitator_lists_only_their_workshops_a_coordinator_all(new_app, db_session):
    fac = make_user(db_session, username="ana")
    other = make_user(db_session, username="erik")
    coord = make_user(db_session, role=Role.COORDINATOR, username="lena")
    make(db_session, fac, "Ana's plan")
    make(db_session, other, "Erik's debrief")
    at = signed_in(new_app, fac, urls.MY_WORKSHOPS)
    listed = at.dataframe[0].value["Title"].tolist()
    assert "Erik's debrief" not in texts(at)
    assert listed == ["Ana's plan"]
    at = signed_in(new_app, coord, urls.MY_WORKSHOPS)
    assert sorted(at.dataframe[0].value["Title"].tolist()) == ["Ana's plan", "Erik's debrief"]


def test_editing_a_step_through_its_form(new_app, db_session):
    fac = make_user(db_session)
    w = make(db_session, fac)
    at = signed_in(new_app, fac, urls.MY_WORKSHOPS, w.code)
    first = ws.list_steps(session=db_session, workshop_id=w.id)[0]
    title_inputs = [t for t in at.text_input if t.label == "Title" and t.value == first.title]
    title_inputs[0].input("Good morning, Kinda")
    at.button(key=f"FormSubmitter:step_{first.id}-Save step").click().run()
    assert not at.exception
    assert "Step saved." in texts(at)
    db_session.expire_all()
    assert db_session.get(Step, first.id).title == "Good morning, Kinda"
    # An empty title is refused with a message.
    title_inputs = [
        t for t in at.text_input if t.label == "Title" and t.value == "Good morning, Kinda"
    ]
    title_inputs[0].input("")
    at.button(key=f"FormSubmitter:step_{first.id}-Save step").click().run()
    assert "Title cannot be empty." in [e.value for e in at.error]


def test_someone_elses_workshop_code_in_the_link_is_not_shown(new_app, db_session):
    fac = make_user(db_session, username="ana")
    other = make_user(db_session, username="erik")
    theirs = make(db_session, other, "Erik's secret")
    for page in (urls.MY_WORKSHOPS, urls.CONTROL, urls.SCREEN):
        at = signed_in(new_app, fac, page, theirs.code)
        assert not at.exception
        assert "Erik's secret" not in texts(at) + htmls(at), page
        assert theirs.code not in htmls(at), page


# --- run --------------------------------------------------------------------------------


def test_run_controls_move_the_workshop(new_app, db_session):
    fac = make_user(db_session)
    w = make(db_session, fac)
    at = signed_in(new_app, fac, urls.CONTROL, w.code)
    assert not at.exception
    assert "No step is current yet" in texts(at)
    button(at, "Next ▶").click().run()
    button(at, "Open input").click().run()
    assert not at.exception
    db_session.expire_all()
    w = db_session.get(Workshop, w.id)
    first = db_session.get(Step, w.current_step_id)
    assert (first.position, first.state, w.status.value) == (0, StepState.OPEN, "live")
    button(at, "Close input").click().run()
    db_session.expire_all()
    closed = db_session.get(Step, first.id)
    assert closed.state is StepState.CLOSED and not closed.results_hidden  # results live
    # Make the challenges step current from the list.
    challenges = ws.list_steps(session=db_session, workshop_id=w.id)[6]
    at.button(key=f"cur_{challenges.id}").click().run()
    db_session.expire_all()
    assert db_session.get(Workshop, w.id).current_step_id == challenges.id
    assert "Cards of “Challenges”" in texts(at)
    # The plan step takes no input: "Open input" is disabled, and says why.
    plan = next(
        s for s in ws.list_steps(session=db_session, workshop_id=w.id) if s.kind is StepKind.PLAN
    )
    at.button(key=f"cur_{plan.id}").click().run()
    open_input = button(at, "Open input")
    assert open_input.disabled and open_input.help == "This step takes no input."
    # Closing the workshop is asked twice: no button closes it at once, only the one
    # inside its popover ("Close the workshop now? …").
    assert "Close the workshop" not in [b.label for b in at.button]
    assert "Close the workshop now? Every phone stops taking input." in texts(at)
    db_session.expire_all()
    assert db_session.get(Workshop, w.id).status is WorkshopStatus.LIVE
    at.button(key="close_workshop").click().run()
    db_session.expire_all()
    assert db_session.get(Workshop, w.id).status is WorkshopStatus.CLOSED


def cards_on_the_wall(db_session, *texts: str):
    """A facilitator's workshop with its challenges step open and one person's cards on
    it: (facilitator, workshop, cards)."""
    fac = make_user(db_session)
    w = make(db_session, fac)
    challenges = ws.list_steps(session=db_session, workshop_id=w.id)[6]
    ws.open_step(session=db_session, user=accounts.to_auth_user(fac), step_id=challenges.id)
    p = make_participant(db_session, w, group=StakeholderGroup.BUSINESS)
    db_session.commit()
    cards = [
        ideas_rules.add_card(
            session=db_session,
            participant_id=p.id,
            step_id=challenges.id,
            text=text,
            category="Social",
        )
        for text in texts
    ]
    db_session.commit()
    return fac, w, cards


def test_moderation_hides_a_card_shown_as_plain_text(new_app, db_session):
    fac, w, (card,) = cards_on_the_wall(db_session, "**bold** <script>x</script>")
    at = signed_in(new_app, fac, urls.CONTROL, w.code)
    assert not at.exception
    assert "**bold** <script>x</script>" in [t.value for t in at.text]
    assert "<script>" not in "".join(m.value for m in at.markdown)
    # One tap on the card's own button: no form, no apply.
    at.button(key=f"hide_{card.id}_0").click().run()
    assert not at.exception
    db_session.expire_all()
    assert db_session.get(Contribution, card.id).hidden is True
    assert "Card hidden." in texts(at)
    at.button(key=f"restore_{card.id}_1").click().run()
    db_session.expire_all()
    assert db_session.get(Contribution, card.id).hidden is False


def test_a_duplicate_suggestion_can_be_turned_down(new_app, db_session):
    fac, w, (older, newer) = cards_on_the_wall(
        db_session, "Bus only twice a day", "Bus only twice a day!"
    )
    at = signed_in(new_app, fac, urls.CONTROL, w.code)
    assert "Possible duplicates" in "".join(m.value for m in at.markdown)
    at.button(key=f"not_same_{newer.id}_{older.id}_0").click().run()
    assert not at.exception
    assert "Possible duplicates" not in "".join(m.value for m in at.markdown)
    db_session.expire_all()
    assert db_session.get(Contribution, newer.id).merged_into_id is None  # both kept


def test_paper_person_and_card(new_app, db_session):
    fac = make_user(db_session)
    w = make(db_session, fac)
    challenges = ws.list_steps(session=db_session, workshop_id=w.id)[6]
    ws.open_step(session=db_session, user=accounts.to_auth_user(fac), step_id=challenges.id)
    db_session.commit()
    at = signed_in(new_app, fac, urls.CONTROL, w.code)
    at.selectbox(key=f"paper_person_{w.id}_0_group").set_value(StakeholderGroup.CIVIL_SOCIETY)
    at.text_input(key=f"paper_person_{w.id}_0_name").input("Rosa")
    # Sent without the person's agreement: refused in words for the facilitator, and the
    # form keeps what was typed (issue 18: it was saved as "Anonymous · Social economy").
    at.button(key=f"FormSubmitter:paper_person_{w.id}_0-Add person").click().run()
    assert not at.exception
    assert "ask the person whether they agree" in texts(at)
    assert db_session.exec(select(Participant)).all() == []
    assert at.selectbox(key=f"paper_person_{w.id}_0_group").value == StakeholderGroup.CIVIL_SOCIETY
    assert at.text_input(key=f"paper_person_{w.id}_0_name").value == "Rosa"
    at.checkbox(key=f"paper_person_{w.id}_0_consent").check()
    at.button(key=f"FormSubmitter:paper_person_{w.id}_0-Add person").click().run()
    assert not at.exception
    assert "Person added." in texts(at)
    person = db_session.exec(select(Participant)).one()
    assert (person.group, person.name) == (StakeholderGroup.CIVIL_SOCIETY, "Rosa")
    # The next person starts from an empty form.
    assert at.text_input(key=f"paper_person_{w.id}_1_name").value == ""
    # A card refused (the step closed meanwhile) keeps what was typed.
    ws.close_step(session=db_session, user=accounts.to_auth_user(fac), step_id=challenges.id)
    db_session.commit()
    next(t for t in at.text_area if t.label == "Card").input("Paper idea")
    at.button(key=f"FormSubmitter:paper_entry_{challenges.id}_0-Add card").click().run()
    assert not at.exception
    assert db_session.exec(select(Contribution)).all() == []
    # Said to the facilitator in their terms, not the phone's "the facilitator has moved on".
    assert "This step is not open for input." in texts(at)
    assert "moved on" not in texts(at)
    assert next(t for t in at.text_area if t.label == "Card").value == "Paper idea"
    ws.open_step(session=db_session, user=accounts.to_auth_user(fac), step_id=challenges.id)
    db_session.commit()
    at.button(key=f"FormSubmitter:paper_entry_{challenges.id}_0-Add card").click().run()
    assert not at.exception
    db_session.expire_all()
    card = db_session.exec(select(Contribution)).one()
    assert (card.text, card.entered_by_user_id) == ("Paper idea", fac.id)
    # Stored: the next card starts from an empty form, for the same person.
    assert next(t for t in at.text_area if t.label == "Card").value == ""
    assert at.selectbox(key=f"paper_for_{challenges.id}").value == person.id


def test_paper_dots_for_two_cards_that_start_alike(new_app, db_session):
    """Each card its own count (the card's number tells two alike apart), and the form
    starts empty for the next entry."""
    fac = make_user(db_session)
    w = make(db_session, fac)
    steps = ws.list_steps(session=db_session, workshop_id=w.id)
    challenges, vote = steps[6], steps[7]
    owner = accounts.to_auth_user(fac)
    ws.open_step(session=db_session, user=owner, step_id=challenges.id)
    writer = make_participant(db_session, w, group=StakeholderGroup.BUSINESS)
    db_session.commit()
    alike = "Bus " * 25  # the same first 80 characters
    cards = [
        ideas_rules.add_card(
            session=db_session,
            participant_id=writer.id,
            step_id=challenges.id,
            text=alike + end,
            category="Social",
        )
        for end in ("to town", "to school")
    ]
    ws.open_step(session=db_session, user=owner, step_id=vote.id)
    db_session.commit()
    at = signed_in(new_app, fac, urls.CONTROL, w.code)
    at.selectbox(key=f"paper_person_{w.id}_0_group").set_value(StakeholderGroup.CIVIL_SOCIETY)
    at.checkbox(key=f"paper_person_{w.id}_0_consent").check()
    at.button(key=f"FormSubmitter:paper_person_{w.id}_0-Add person").click().run()
    counts = [n for n in at.number_input if n.label.endswith(tuple(f"#{c.id}" for c in cards))]
    assert len(counts) == 2
    counts[0].set_value(2)
    counts[1].set_value(1)
    at.button(key=f"FormSubmitter:paper_entry_{vote.id}_0-Save dots").click().run()
    assert not at.exception
    assert "Dots saved." in texts(at)
    db_session.expire_all()
    paper = db_session.exec(select(Participant).where(Participant.id != writer.id)).one()
    stored = {v.contribution_id: v.dots for v in db_session.exec(select(Vote)).all()}
    assert stored == {cards[0].id: 2, cards[1].id: 1}
    assert all(v.participant_id == paper.id for v in db_session.exec(select(Vote)).all())
    assert [n.value for n in at.number_input if "#" in n.label] == [0, 0]


def test_presenter_shows_code_qr_link_and_escaped_cards(new_app, db_session, monkeypatch):
    monkeypatch.setenv("PARI_BASE_URL", "https://pari.example")
    from pari.settings import get_settings

    get_settings.cache_clear()
    fac = make_user(db_session)
    w = make(db_session, fac)
    challenges = ws.list_steps(session=db_session, workshop_id=w.id)[6]
    ws.open_step(session=db_session, user=accounts.to_auth_user(fac), step_id=challenges.id)
    p = make_participant(db_session, w, group=StakeholderGroup.KNOWLEDGE)
    db_session.commit()
    ideas_rules.add_card(
        session=db_session,
        participant_id=p.id,
        step_id=challenges.id,
        text="<img src=x onerror=alert(1)> Dry summers",
        category="Ecological",
    )
    db_session.commit()
    at = signed_in(new_app, fac, urls.SCREEN, w.code)
    assert not at.exception
    body = htmls(at)
    assert w.code in body
    assert f"https://pari.example/?join={w.code}" in body
    assert "Challenges" in body and "Ecological (1)" in body
    assert "&lt;img src=x onerror=alert(1)&gt; Dry summers" in body
    # The only image is the QR code, with its text alternative (issue 20).
    (img,) = re.findall(r"<img [^>]*>", body)
    assert 'class="pari-qr"' in img
    assert (
        f'alt="QR code: scan it with your phone\'s camera to join at https://pari.example/?join={w.code}"'
        in html.unescape(img)
    )
    assert "1</b> person" in body and "1</b> answer" in body
    url = html.unescape(re.search(r'src="([^"]+)"', img).group(1))
    assert url.startswith("data:image/svg+xml")
    # The QR code is segno's code for the join link, spelled out below it.
    expected = segno.make(f"https://pari.example/?join={w.code}", error="m")
    payload = url.split(",", 1)[1]
    svg = (
        base64.b64decode(payload).decode()
        if ";base64" in url.split(",", 1)[0]
        else urllib.parse.unquote(payload)
    )
    mine = expected.svg_inline(scale=9, border=2, dark="#000", light="#fff")
    assert re.findall(r" d=['\"]([^'\"]+)", svg) == re.findall(r' d="([^"]+)"', mine)


def test_presenter_charts_every_kind_without_answers(new_app, db_session):
    fac = make_user(db_session)
    w = make(db_session, fac)
    user = accounts.to_auth_user(fac)
    for step in ws.list_steps(session=db_session, workshop_id=w.id):
        ws.show_results(session=db_session, user=user, step_id=step.id)
        db_session.commit()
        at = signed_in(new_app, fac, urls.SCREEN, w.code)
        assert not at.exception, step.kind
        assert step.title in htmls(at)


def test_a_busy_database_leaves_the_wall_as_it_was(new_app, db_session, monkeypatch):
    """Issue 16, point 9: during a long lock the presenter keeps its last picture (even
    once its cached snapshot has expired), never an error box on the projector."""
    from sqlalchemy.exc import OperationalError

    fac = make_user(db_session)
    w = make(db_session, fac)
    at = signed_in(new_app, fac, urls.SCREEN, w.code)
    assert not at.exception and w.code in htmls(at)

    def locked(*_args, **_kwargs):
        raise OperationalError("SELECT", {}, Exception("canceling statement: lock timeout"))

    from pari import results as res
    from pari import versioning

    monkeypatch.setattr(versioning, "current", locked)
    monkeypatch.setattr(res, "snapshot", locked)
    import streamlit as st

    st.cache_data.clear()  # the snapshot's cache entry has expired meanwhile
    at.run()
    assert not at.exception
    body = htmls(at)
    assert w.code in body and "Welcome" in body
