"""The word cloud (issue 19, point 2): grouping keys, the phone's rules, the frames the
wall draws, moderation, paper input, the report part and the export. On SQLite and
PostgreSQL (the ``session``/``engine`` fixtures)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import stopwordsiso
from sqlmodel import Session, func, select

from pari import steps, versioning
from pari import workshops as ws
from pari.accounts import to_auth_user
from pari.models import Role, StakeholderGroup, StepKind, StepState
from pari.phone.errors import InvalidInput, NotYours, StepClosed
from pari.privacy import TOO_FEW, group_rule
from pari.reporting import exports
from pari.steps.word_cloud import KIND, WordCloudConfig, words
from pari.steps.word_cloud import moderation as mod
from pari.steps.word_cloud.chart import WALL_TALL, cloud
from pari.steps.word_cloud.models import WordAnswer
from pari.steps.word_cloud.report import section
from pari.steps.word_cloud.rules import my_words, remove_word, send_word
from tests.factories import make_current, make_phone, make_user, make_workshop


@pytest.fixture
def room(session):
    owner = make_user(session, role=Role.FACILITATOR)
    workshop, (_check, cloud_step, _poll) = make_workshop(
        session,
        owner=owner,
        steps=[
            (StepKind.CHECK_IN, "Check-in", {}),
            (StepKind.WORD_CLOUD, "What does cooperation mean here?", {"max_answers": 3}),
            (StepKind.POLL, "Poll", {"options": ["A", "B"]}),
        ],
    )
    make_current(session, workshop, cloud_step)
    return owner, workshop, cloud_step


def send(session, pid, step, text, nonce=None):
    answer = send_word(
        session=session, participant_id=pid, step_id=step.id, text=text, client_nonce=nonce
    )
    session.commit()
    return answer


# --- the key --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed,key",
    [
        ("Cooperación", "cooperacion"),
        ("cooperacion", "cooperacion"),
        ("COOPERACIÓN", "cooperacion"),
        ("¡La cooperación!", "cooperacion"),  # es: article and punctuation left out
        ("The trust", "trust"),  # en
        ("Vi tillsammans", "tillsammans"),  # sv: "vi" left out, "tillsammans" kept
        ("FÖRTROENDE", "fortroende"),  # sv: å ä ö folded
        ("A confiança", "confianca"),  # pt: ç and the article
        ("L'entraide", "entraide"),  # fr: the elided article
        ("Eta lankidetza", "lankidetza"),  # eu: "eta" (and) left out
        ("trabajo en equipo", "trabajo equipo"),  # kept: a content word the list carries
    ],
)
def test_answers_group_without_case_accents_punctuation_or_stop_words(typed, key):
    assert words.key(typed) == key


def test_the_stop_words_cover_all_six_languages_and_keep_only_listed_words():
    for lang in words.LANGUAGES:
        assert stopwordsiso.has_lang(lang), lang
    for lang, kept in words.KEEP.items():
        listed = set(stopwordsiso.stopwords(lang))
        assert set(kept.split()) <= listed, lang  # each kept word is one the list carries
    for small in ("the", "och", "los", "os", "les", "eta"):
        assert words.key(small) == ""


# --- the phone's rules ----------------------------------------------------------------


def test_one_to_three_words_at_most_n_and_only_stop_words_refused(session, room):
    _owner, workshop, step = room
    phone, _ = make_phone(session, workshop)
    for text in ("Confianza", "La confianza", "trabajo en equipo"):
        send(session, phone.id, step, text)
    with pytest.raises(InvalidInput, match="3 answers"):
        send(session, phone.id, step, "Comunidad")
    other, _ = make_phone(session, workshop)
    with pytest.raises(InvalidInput, match="one to three words"):
        send(session, other.id, step, "one two three four")
    with pytest.raises(InvalidInput, match="Small words"):
        send(session, other.id, step, "y la de")
    with pytest.raises(InvalidInput, match="too long"):
        send(session, other.id, step, "x" * 61)
    with pytest.raises(InvalidInput, match="write something"):
        send(session, other.id, step, "   ")
    assert [a.key for a in my_words(session=session, participant_id=phone.id, step_id=step.id)] == [
        "confianza",
        "confianza",
        "trabajo equipo",
    ]


def test_hostile_text_is_stored_as_typed(session, room):
    _owner, workshop, step = room
    phone, _ = make_phone(session, workshop)
    stored = send(session, phone.id, step, '<img src=x onerror="alert(1)">')
    assert stored.text == '<img src=x onerror="alert(1)">'
    formula = send(session, phone.id, step, "=HYPERLINK(x)")
    assert formula.text == "=HYPERLINK(x)"
    fig = cloud(KIND.frames(session, step)["words"], size=WALL_TALL)
    assert "&lt;img" in fig.data[0].text[0] or "&lt;img" in "".join(fig.data[0].text)
    assert not any("<img" in t for t in fig.data[0].text)


def test_a_resend_with_the_same_nonce_is_one_row(session, room):
    _owner, workshop, step = room
    phone, _ = make_phone(session, workshop)
    first = send(session, phone.id, step, "Trust", nonce="nonce-abcdef01")
    again = send(session, phone.id, step, "Trust", nonce="nonce-abcdef01")
    assert again.id == first.id
    assert session.exec(select(func.count(WordAnswer.id))).one() == 1
    with pytest.raises(InvalidInput):
        send(session, phone.id, step, "Trust", nonce="bad nonce!")


def test_closed_wrong_step_and_others_answers_are_refused(session, room):
    _owner, workshop, step = room
    phone, _ = make_phone(session, workshop)
    other, _ = make_phone(session, workshop)
    mine = send(session, phone.id, step, "Trust")
    with pytest.raises(NotYours):
        remove_word(session=session, participant_id=other.id, answer_id=mine.id)
    poll = ws.list_steps(session=session, workshop_id=workshop.id)[2]
    with pytest.raises(StepClosed):
        send_word(session=session, participant_id=phone.id, step_id=poll.id, text="x")
    session.rollback()
    make_current(session, workshop, step, StepState.CLOSED)
    with pytest.raises(StepClosed):
        send(session, phone.id, step, "Later")
    session.rollback()
    with pytest.raises(StepClosed):
        remove_word(session=session, participant_id=phone.id, answer_id=mine.id)
    session.rollback()
    make_current(session, workshop, step)
    remove_word(session=session, participant_id=phone.id, answer_id=mine.id)
    session.commit()
    assert my_words(session=session, participant_id=phone.id, step_id=step.id) == []


def _in_threads(engine, jobs):
    go = threading.Event()

    def run(job):
        with Session(engine, expire_on_commit=False) as s:
            go.wait(timeout=30)
            try:
                result = job(s)
                s.commit()
                return result
            except Exception as exc:  # noqa: BLE001 - the test reads every outcome
                s.rollback()
                return exc

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        go.set()
        return [f.result(timeout=120) for f in futures]


def test_racing_sends_from_one_phone_stay_within_the_limit(engine, session, room):
    _owner, workshop, step = room
    phone, _ = make_phone(session, workshop)
    jobs = [
        lambda s, i=i: send_word(
            session=s, participant_id=phone.id, step_id=step.id, text=f"Word{i}"
        )
        for i in range(8)
    ]
    # Two resends of one tap among them: one row.
    jobs += [
        lambda s: send_word(
            session=s, participant_id=phone.id, step_id=step.id, text="Same", client_nonce="n" * 12
        )
    ] * 2
    outcomes = _in_threads(engine, jobs)
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(o, InvalidInput) for o in refused), refused
    with Session(engine) as s:
        stored = s.exec(select(WordAnswer).where(WordAnswer.participant_id == phone.id)).all()
    assert len(stored) == 3
    assert len({a.client_nonce for a in stored if a.client_nonce}) <= 1


# --- reading, moderation, report, export -------------------------------------------------


def _people(session, workshop, step, spec):
    """One phone per (group, [answers]) of ``spec``, each sending its answers."""
    for group, texts in spec:
        phone, _ = make_phone(session, workshop, group=group)
        for text in texts:
            send(session, phone.id, step, text)


def test_frames_count_words_pool_small_groups_and_hide_words(session, room):
    owner, workshop, step = room
    se, pa, kn = (
        StakeholderGroup.SOCIAL_ECONOMY,
        StakeholderGroup.PUBLIC_AUTHORITY,
        StakeholderGroup.KNOWLEDGE,
    )
    _people(
        session,
        workshop,
        step,
        [
            (se, ["Confianza", "Comunidad"]),
            (se, ["confianza"]),
            (se, ["CONFIANZA", "Idiota"]),
            (pa, ["Confianza"]),
            (kn, ["Comunidad"]),
        ],
    )
    frames = KIND.frames(session, step)
    assert set(frames) == {"words", "groups", "counts"}
    top = frames["words"].iloc[0]
    assert (top.key, top.text, top.answers, top.people) == ("confianza", "Confianza", 4, 4)
    assert KIND.ranked(frames)[0].text == "Confianza"
    rule = group_rule(session=session, workshop_id=workshop.id)
    masked = KIND.masked(frames, rule)  # one person in two groups: below the minimum of 3
    shown = {
        (k, g): n
        for k, g, n in zip(
            masked["groups"].key, masked["groups"].group, masked["groups"].answers, strict=True
        )
    }
    assert shown[("confianza", se.value)] == 3
    assert shown[("confianza", TOO_FEW)] == 1
    assert shown[("comunidad", TOO_FEW)] == 1
    assert set(masked["groups"].group) == {se.value, TOO_FEW}
    assert masked["groups"].answers.sum() == frames["groups"].answers.sum()

    user = to_auth_user(owner)
    before = versioning.current(session, workshop.id)
    mod.hide_word(session=session, user=user, step_id=step.id, key="idiota")
    session.commit()
    assert versioning.current(session, workshop.id) > before
    frames = KIND.frames(session, step)
    assert "idiota" not in set(frames["words"].key)
    assert int(frames["counts"].hidden.iloc[0]) == 1
    listed = mod.word_list(session=session, user=user, step_id=step.id)
    assert bool(listed[listed.key == "idiota"].hidden.iloc[0])
    stranger = to_auth_user(make_user(session, role=Role.FACILITATOR))
    with pytest.raises(Exception, match="may not"):
        mod.hide_word(session=session, user=stranger, step_id=step.id, key="confianza")
    session.rollback()

    rows = exports.workshop_export(session=session, workshop=workshop).tables["words"]
    assert len(rows) == 7  # every answer, the hidden one too
    hidden = [r for r in rows if r["hidden"]]
    assert [(r["text"], r["key"]) for r in hidden] == [("Idiota", "idiota")]
    assert {r["stakeholder_group"] for r in rows} == {se.value, pa.value, kn.value}

    part = section(session, step, workshop)
    assert part.answers == 6 and list(part.words.text)[:2] == ["Confianza", "Comunidad"]
    assert part.figures() and part.blocks({})

    mod.show_word(session=session, user=user, step_id=step.id, key="idiota")
    session.commit()
    assert "idiota" in set(KIND.frames(session, step)["words"].key)


def test_settings_validate_read_and_guard(session, room):
    _owner, workshop, step = room
    assert steps.validate(StepKind.WORD_CLOUD, {}).max_answers == 3
    assert steps.validate(StepKind.WORD_CLOUD, {"max_answers": 5}).max_answers == 5
    for bad in (0, 6, "3", True):
        with pytest.raises(steps.InvalidConfig):
            steps.validate(StepKind.WORD_CLOUD, {"max_answers": bad})
    assert KIND.read({"max_answers": 99}, dot_budget=5).max_answers == 5
    assert KIND.read({"max_answers": "x"}, dot_budget=5).max_answers == 3
    phone, _ = make_phone(session, workshop)
    send(session, phone.id, step, "Bridge")
    send(session, phone.id, step, "River")
    KIND.guard_change(session, step, WordCloudConfig(3), WordCloudConfig(2))  # 2 sent: fine
    with pytest.raises(steps.AnswersKept, match="2 answers"):
        KIND.guard_change(session, step, WordCloudConfig(3), WordCloudConfig(1))
    KIND.guard_change(session, step, WordCloudConfig(3), WordCloudConfig(5))


def test_paper_answers_follow_the_phone_rules(session, room):
    owner, workshop, step = room
    from pari import moderation

    user = to_auth_user(owner)
    person = moderation.add_paper_participant(
        session=session, user=user, workshop_id=workshop.id, group=StakeholderGroup.BUSINESS
    )
    answer = mod.add_paper_word(
        session=session, user=user, participant_id=person.id, step_id=step.id, text="Mercado"
    )
    session.commit()
    assert answer.entered_by_user_id == owner.id and answer.key == "mercado"
    for text in ("Escuela", "Agua"):
        mod.add_paper_word(
            session=session, user=user, participant_id=person.id, step_id=step.id, text=text
        )
    session.commit()
    # A fourth: said to the facilitator, who sent them and has no Remove on the run page.
    with pytest.raises(InvalidInput) as full:
        mod.add_paper_word(
            session=session, user=user, participant_id=person.id, step_id=step.id, text="Bosque"
        )
    said = full.value.localized()
    assert said == "This person has sent the 3 answers the step takes.", said
    assert "Remove" not in said and "You have" not in said
    session.rollback()
    phone, _ = make_phone(session, workshop)
    with pytest.raises(ws.InvalidInput, match="paper participant"):
        mod.add_paper_word(
            session=session, user=user, participant_id=phone.id, step_id=step.id, text="x"
        )


def test_revealed_results_reach_phones_as_the_top_words(session, room):
    """Results hidden until revealed, as a poll: nothing leaves the server before; then
    the phones' list of top words (``ranks_results``); a top-N reveal keeps its words."""
    from pari.reveal import Reveal, revealed_ranking, trim

    _owner, workshop, step = room
    for texts in (["Trust", "Sharing"], ["trust"], ["TRUST", "Network"]):
        phone, _ = make_phone(session, workshop)
        for text in texts:
            send(session, phone.id, step, text)
    step.results_hidden = True
    session.add(step)
    session.commit()
    assert revealed_ranking(session=session, step_id=step.id) == []
    assert trim(step.kind, KIND.frames(session, step), Reveal.of(step)) == {}
    step.revealed = True
    session.add(step)
    session.commit()
    lines = revealed_ranking(session=session, step_id=step.id)
    assert [(line.rank, line.text, line.count) for line in lines][:1] == [(1, "Trust", 3)]
    assert KIND.count_text(3) == "3 answers"
    partial = Reveal(hidden=True, revealed=False, top=2, shown=1)
    kept = trim(step.kind, KIND.frames(session, step), partial)
    assert list(kept["words"].text) == [lines[1].text]
    assert list(kept["words"]["rank"]) == [2]


@pytest.mark.parametrize("language,word", [("sv", "förtroende"), ("es", "confianza")])
def test_the_demo_answers_in_the_workshops_language(session, room, language, word):
    import random

    from pari.demo import Room
    from pari.steps.word_cloud.demo import play

    owner, workshop, step = room
    workshop.language = language
    session.add(workshop)
    session.commit()
    people = Room(session, to_auth_user(owner), workshop, random.Random(7))
    people.join(12)
    play(people, step)
    session.commit()
    frames = KIND.frames(session, step)
    top = frames["words"]
    assert int(frames["counts"].answers.iloc[0]) >= 12
    assert words.key(word) in set(top.key)
    typed = {
        a.text
        for a in session.exec(select(WordAnswer).where(WordAnswer.key == words.key(word))).all()
    }
    assert len(typed) >= 2  # several spellings, one word in the cloud


def test_the_wall_says_how_many_words_did_not_fit_in_the_cloud():
    """A word too long for the wall at a size read from the back of the room is left
    out of the cloud, and the wall says so (the table and the counts keep it)."""
    import pandas as pd

    from pari.steps.word_cloud import chart as cloud_chart
    from pari.steps.word_cloud.wall import drawn, not_drawn_note

    frame = pd.DataFrame({"text": ["trust", "x" * 60, "Working together"], "answers": [4, 2, 1]})
    for size, fonts in (
        (cloud_chart.WALL_TALL, cloud_chart.FONTS_BIG),
        (cloud_chart.WALL_SHORT, cloud_chart.FONTS_SHORT),
    ):
        fig = cloud(frame, size=size, fonts=fonts, big=True)
        assert drawn(fig) == 2 == cloud_chart.shown_count(frame, size=size, fonts=fonts)
        assert not_drawn_note(len(frame), drawn(fig)) == "1 word did not fit in the cloud."
    assert not_drawn_note(3, 3) == ""
    many = pd.DataFrame({"text": [f"w{i}" for i in range(80)], "answers": [1] * 80})
    fig = cloud(many, size=cloud_chart.WALL_TALL, fonts=cloud_chart.FONTS_BIG, big=True)
    missing = 80 - drawn(fig)
    assert missing >= 80 - cloud_chart.MAX_WORDS
    assert not_drawn_note(80, drawn(fig)) == f"{missing} words did not fit in the cloud."


def test_a_typical_room_fits_the_1080p_cloud_readably():
    """The sizes shrink to the words sent: 34 distinct words of a real room (several
    languages, a few long) all fit on a 1920x1080 wall, none under 26 px, the most sent
    largest; a handful keep the big sizes."""
    import pandas as pd

    from pari.steps.word_cloud import chart as cloud_chart

    texts = [
        "Confianza", "Cooperación", "Auzolana", "Tillit", "samarbete", "Trust", "shared tools",
        "local food", "Partage", "Entraide", "Comunidade", "Futuro del valle", "Ayuda mutua",
        "Escuela rural", "Mercado local", "Energía", "Vecinos", "Jóvenes", "Agua", "Territorio",
        "Cuidados", "Redes", "Financiación", "Bygden", "Gemenskap", "Solidarité", "Respect",
        "Time together", "Nature", "Culture", "Bus", "Money", "Land", "Skills",
    ]  # fmt: skip
    frame = pd.DataFrame({"text": texts, "answers": [42 - i for i in range(len(texts))]})
    placed = cloud_chart.placed_words(
        frame, size=cloud_chart.WALL_TALL, fonts=cloud_chart.FONTS_BIG
    )
    assert len(placed) == len(texts)
    assert min(w.size for w in placed) >= 26
    assert placed[0].size == max(w.size for w in placed) > placed[-1].size
    few = cloud_chart.placed_words(
        frame.head(5), size=cloud_chart.WALL_TALL, fonts=cloud_chart.FONTS_BIG
    )
    assert max(w.size for w in few) == cloud_chart.FONTS_BIG[1]


def test_the_reports_cloud_follows_its_heading(session, room):
    """The PDF keeps the heading with the cloud: the template avoids a break after an
    h2 and inside a chart, so nothing may stand between them (a line there was left
    alone at the foot of page 1 while the cloud went to page 2)."""
    _owner, workshop, step = room
    person, _ = make_phone(session, workshop)
    send(session, person.id, step, "Confianza")
    part = section(session, step, workshop)
    kinds = [b["kind"] for b in part.blocks({f"words-{step.id}": "<svg></svg>"})]
    assert kinds[:3] == ["h2", "chart", "p"], kinds
