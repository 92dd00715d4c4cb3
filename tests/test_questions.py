"""Questions (issue 19 point 1): asking, upvoting, moderating, and what every reader
of a questions step shows; on SQLite and PostgreSQL (the ``session`` fixture)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from pari import steps
from pari import workshops as ws
from pari.accounts import to_auth_user
from pari.models import Role, StakeholderGroup, StepKind, Template, Workshop
from pari.permissions import NotAllowed
from pari.phone.errors import InvalidInput, NotCheckedIn, NotYours, StepClosed
from pari.privacy import TOO_FEW, group_rule
from pari.steps.questions import listing, moderate, rules
from pari.steps.questions.models import Question, QuestionStatus, QuestionUpvote
from tests.factories import make_current, make_participant, make_phone, make_user, make_workshop

HOSTILE = "<b>x</b> **y** =1+1 <script>alert(1)</script>"
KIND = steps.get(StepKind.QUESTIONS)


def _room(session, config=None, *, phones=3):
    owner = make_user(session, role=Role.FACILITATOR)
    workshop, made = make_workshop(
        session,
        owner=owner,
        steps=[
            (StepKind.QUESTIONS, "Questions to our hosts", config or {}),
            (StepKind.POLL, "P", {"options": ["a", "b"]}),
        ],
    )
    make_current(session, workshop, made[0])
    people = [make_phone(session, workshop)[0] for _ in range(phones)]
    return to_auth_user(owner), workshop, made[0], people


def _ask(session, who, step, text="How do you share costs?", **kw):
    q = rules.ask(session=session, participant_id=who.id, step_id=step.id, text=text, **kw)
    session.commit()
    return q


def _up(session, who, q, on=None):
    result = rules.upvote(session=session, participant_id=who.id, question_id=q.id, on=on)
    session.commit()
    return result


def _frame(session, step):
    return KIND.frames(session, step)["questions"]


# --- settings ---------------------------------------------------------------------------


def test_settings_validate_strictly_read_leniently():
    assert steps.validate(StepKind.QUESTIONS, {}).as_stored() == {
        "moderated": False,
        "names": False,
    }
    cfg = steps.validate(StepKind.QUESTIONS, {"moderated": True, "names": True})
    assert (cfg.moderated, cfg.names) == (True, True)
    for bad in ({"moderated": "yes"}, {"names": 1}):
        with pytest.raises(steps.InvalidConfig, match="yes or no"):
            steps.validate(StepKind.QUESTIONS, bad)
    for stored in (None, {}, {"moderated": "yes", "names": 1}, ["x"]):
        read = KIND.read(stored, dot_budget=5)
        assert (read.moderated, read.names) == (False, False)


def test_switching_approval_on_keeps_shown_questions_and_off_needs_none_waiting(session):
    owner, _workshop, step, (a, b, _c) = _room(session)
    shown = _ask(session, a, step, "Shown before approval was switched on")
    ws.update_step(session=session, user=owner, step_id=step.id, config={"moderated": True})
    session.commit()
    assert session.get(Question, shown.id).status is QuestionStatus.SHOWN
    assert list(_frame(session, step).question_id) == [shown.id]
    waiting = _ask(session, b, step, "Asked once approval is on")
    assert waiting.status is QuestionStatus.PENDING
    with pytest.raises(ws.StepHasInput, match="1 question waits"):
        ws.update_step(session=session, user=owner, step_id=step.id, config={"moderated": False})
    session.rollback()
    moderate.approve(session=session, user=owner, question_id=waiting.id)
    ws.update_step(session=session, user=owner, step_id=step.id, config={"moderated": False})
    session.commit()
    # Names may be switched either way at any time.
    ws.update_step(session=session, user=owner, step_id=step.id, config={"names": True})
    ws.update_step(session=session, user=owner, step_id=step.id, config={"names": False})
    session.commit()


# --- asking -----------------------------------------------------------------------------


def test_ask_stores_hostile_text_as_typed_and_checks_length(session):
    _owner, _w, step, (a, *_rest) = _room(session)
    q = _ask(session, a, step, f"  {HOSTILE}  ")
    assert q.text == HOSTILE and q.status is QuestionStatus.SHOWN and not q.show_name
    assert list(_frame(session, step).text) == [HOSTILE]
    for bad, message in (("   ", "write something"), ("x" * 501, "at most 500"), (7, "check")):
        with pytest.raises(InvalidInput, match=message):
            rules.ask(session=session, participant_id=a.id, step_id=step.id, text=bad)
        session.rollback()
    assert len(_ask(session, a, step, "y" * 500).text) == 500


def test_a_resend_with_the_same_nonce_is_one_question(session):
    _owner, _w, step, (a, *_rest) = _room(session)
    first = _ask(session, a, step, "Once", client_nonce="nonce-12345678")
    again = _ask(session, a, step, "Once", client_nonce="nonce-12345678")
    assert again.id == first.id
    assert session.exec(select(func.count(Question.id))).one() == 1
    with pytest.raises(InvalidInput):
        rules.ask(
            session=session, participant_id=a.id, step_id=step.id, text="x", client_nonce="<>"
        )


def test_ask_is_refused_on_a_closed_wrong_or_other_step_and_before_check_in(session):
    owner, workshop, step, (a, *_rest) = _room(session)
    poll = ws.list_steps(session=session, workshop_id=workshop.id)[1]
    with pytest.raises(StepClosed):  # another kind's step
        rules.ask(session=session, participant_id=a.id, step_id=poll.id, text="x")
    session.rollback()
    stranger = make_participant(session, workshop)  # not checked in
    session.commit()
    with pytest.raises(NotCheckedIn):
        rules.ask(session=session, participant_id=stranger.id, step_id=step.id, text="x")
    session.rollback()
    _other_owner_ws, (other,) = make_workshop(session, steps=[(StepKind.QUESTIONS, "Q", {})])
    with pytest.raises(StepClosed):  # a step of another workshop
        rules.ask(session=session, participant_id=a.id, step_id=other.id, text="x")
    session.rollback()
    ws.close_step(session=session, user=owner, step_id=step.id)
    session.commit()
    with pytest.raises(StepClosed):
        rules.ask(session=session, participant_id=a.id, step_id=step.id, text="x")


def test_names_only_where_the_step_asks_and_the_asker_chose(session):
    _owner, _workshop, step, (a, b, _c) = _room(session)
    a.name, b.name = "Ana", "Bo"
    session.add_all([a, b])
    session.commit()
    anonymous = _ask(session, a, step, "Names off", show_name=True)
    assert not anonymous.show_name  # names off: every question anonymous
    with pytest.raises(InvalidInput):
        rules.ask(session=session, participant_id=a.id, step_id=step.id, text="x", show_name="y")
    session.rollback()
    _owner2, _w2, named_step, (c, d, _e) = _room(session, {"names": True})
    c.name, d.name = "Carla", "Dan"
    session.add_all([c, d])
    session.commit()
    _ask(session, c, named_step, "Named", show_name=True)
    _ask(session, d, named_step, "Not named")
    frame = _frame(session, named_step)
    assert dict(zip(frame.text, frame.name, strict=True)) == {"Named": "Carla", "Not named": ""}
    assert list(_frame(session, step).name) == [""]


# --- upvotes ----------------------------------------------------------------------------


def test_upvote_toggles_once_per_person_never_ones_own(session):
    _owner, _w, step, (a, b, c) = _room(session)
    q = _ask(session, a, step)
    assert _up(session, b, q) is True
    assert _up(session, b, q, on=True) is True  # a resent tap: still one
    assert _up(session, c, q) is True
    assert int(_frame(session, step).upvotes[0]) == 2
    assert _up(session, b, q) is False  # a second tap takes it back
    assert _up(session, b, q, on=False) is False
    assert int(_frame(session, step).upvotes[0]) == 1
    with pytest.raises(InvalidInput, match="your own"):
        rules.upvote(session=session, participant_id=a.id, question_id=q.id)
    session.rollback()
    for bad in ("1", True, None, 10**9):
        with pytest.raises(InvalidInput):
            rules.upvote(session=session, participant_id=b.id, question_id=bad)
        session.rollback()


def test_only_questions_the_room_sees_can_be_upvoted(session):
    owner, _workshop, step, (a, b, _c) = _room(session, {"moderated": True})
    q = _ask(session, a, step)
    with pytest.raises(rules.NotOffered):
        rules.upvote(session=session, participant_id=b.id, question_id=q.id)
    session.rollback()
    moderate.approve(session=session, user=owner, question_id=q.id)
    session.commit()
    assert _up(session, b, q)
    moderate.hide(session=session, user=owner, question_id=q.id)
    session.commit()
    with pytest.raises(rules.NotOffered):
        rules.upvote(session=session, participant_id=b.id, question_id=q.id, on=True)
    session.rollback()
    assert _up(session, b, q, on=False) is False  # taking back is always allowed
    # A question of another workshop is never offered.
    _o, _w2, other_step, (x, *_r) = _room(session)
    foreign = _ask(session, x, other_step)
    with pytest.raises(rules.NotOffered):
        rules.upvote(session=session, participant_id=b.id, question_id=foreign.id)


def test_racing_upvotes_from_many_phones_stay_exact(engine, session):
    _owner, _w, step, people = _room(session, phones=30)
    asker, voters = people[0], people[1:]
    q = _ask(session, asker, step)
    go = threading.Event()

    def tap(pid, on):
        with Session(engine, expire_on_commit=False) as s:
            go.wait(timeout=30)
            try:
                result = rules.upvote(session=s, participant_id=pid, question_id=q.id, on=on)
                s.commit()
                return result
            except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
                s.rollback()
                return exc

    # Every voter taps up twice at once (a double tap), half of them then take it back.
    jobs = [(p.id, True) for p in voters] * 2
    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = [pool.submit(tap, *job) for job in jobs]
        go.set()
        outcomes = [f.result(timeout=120) for f in futures]
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    go.clear()
    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = [pool.submit(tap, p.id, False) for p in voters[::2]]
        go.set()
        assert all(f.result(timeout=120) is False for f in futures)
    with Session(engine) as s:
        stored = s.exec(select(func.count()).select_from(QuestionUpvote)).one()
        assert stored == len(voters) - len(voters[::2])
        assert int(KIND.frames(s, step)["questions"].upvotes[0]) == stored


# --- the phone's list -------------------------------------------------------------------


def test_phone_list_shows_mine_waiting_to_me_only_with_my_upvotes(session):
    owner, _w, step, (a, b, c) = _room(session, {"moderated": True})
    waiting = _ask(session, a, step, "Mine, waiting")
    approved = _ask(session, b, step, "Approved")
    moderate.approve(session=session, user=owner, question_id=approved.id)
    session.commit()
    _up(session, a, approved)

    def listed(who, order="votes"):
        return listing.phone_list(
            session=session, participant_id=who.id, step_id=step.id, names=False, order=order
        )

    mine = {q.id: q for q in listed(a)}
    assert mine[waiting.id].mine and mine[waiting.id].status is QuestionStatus.PENDING
    assert mine[approved.id].upvoted and mine[approved.id].upvotes == 1
    assert [q.id for q in listed(c)] == [approved.id]  # not a's waiting question
    assert not listed(c)[0].upvoted
    newer = _ask(session, c, step, "Newer")
    moderate.approve(session=session, user=owner, question_id=newer.id)
    session.commit()
    assert [q.id for q in listed(c, "newest")] == [newer.id, approved.id]
    assert [q.id for q in listed(c, "votes")] == [approved.id, newer.id]
    moderate.pin(session=session, user=owner, question_id=newer.id)
    session.commit()
    assert listed(c)[0].id == newer.id and listed(c)[0].pinned


def test_the_room_part_is_read_once_and_shared_one_own_part_fresh(session, monkeypatch):
    """300 phones read one shared copy of the room's questions (bench/README.md); a
    person's own upvote shows at once on their phone, others' within max_age, and a
    question the facilitator hides leaves every list at once."""
    owner, _w, step, (a, b, c) = _room(session)
    q1, q2 = _ask(session, a, step, "First"), _ask(session, a, step, "Second")
    reads = []
    real = listing._read_room
    monkeypatch.setattr(listing, "_read_room", lambda *args: reads.append(1) or real(*args))
    monkeypatch.setattr(listing, "ROOM_MAX_AGE_SECONDS", 60.0)

    def listed(who, **kw):
        out = listing.phone_list(
            session=session, participant_id=who.id, step_id=step.id, names=False, **kw
        )
        session.commit()  # each refresh is its own transaction, as on a phone
        return {q.id: q for q in out}

    listed(b), listed(c)
    assert len(reads) == 1  # one read for both phones
    _up(session, c, q1)
    mine_now, theirs = listed(c), listed(b)
    assert mine_now[q1.id].upvoted and mine_now[q1.id].upvotes == 1  # one's own: at once
    assert theirs[q1.id].upvotes == 0 and len(reads) == 1  # the others': the shared copy
    assert listed(b, max_age=0)[q1.id].upvotes == 1 and len(reads) == 2
    _up(session, c, q1, on=False)
    assert listed(c)[q1.id].upvotes == 0 and not listed(c)[q1.id].upvoted
    moderate.hide(session=session, user=owner, question_id=q2.id)
    session.commit()
    assert q2.id not in listed(b) and len(reads) == 3  # hidden: read again at once
    assert listed(a)[q2.id].status is QuestionStatus.HIDDEN  # its asker's, marked so
    rules.withdraw(session=session, participant_id=a.id, question_id=q1.id)
    session.commit()
    assert q1.id not in listed(a)  # one's own withdrawal: at once
    assert q1.id not in listed(b, max_age=0)


def test_withdraw_own_question_only_until_the_panel_takes_it_up(session):
    owner, _w, step, (a, b, _c) = _room(session)
    q = _ask(session, a, step)
    _up(session, b, q)
    with pytest.raises(NotYours):
        rules.withdraw(session=session, participant_id=b.id, question_id=q.id)
    session.rollback()
    rules.withdraw(session=session, participant_id=a.id, question_id=q.id)
    session.commit()
    # Gone from every list and the wall, kept for the record (the export has it).
    session.expire_all()
    assert session.get(Question, q.id).status is QuestionStatus.WITHDRAWN
    assert session.exec(select(func.count()).select_from(QuestionUpvote)).one() == 1
    for who in (a, b):
        listed = listing.phone_list(
            session=session, participant_id=who.id, step_id=step.id, names=False, order="votes"
        )
        assert q.id not in {x.id for x in listed}
    assert _frame(session, step).empty
    assert moderate.run_list(session=session, user=owner, step_id=step.id) == []
    with pytest.raises(InvalidInput):
        _up(session, b, q, on=True)
    session.rollback()
    pinned = _ask(session, a, step, "Pinned")
    moderate.pin(session=session, user=owner, question_id=pinned.id)
    session.commit()
    with pytest.raises(InvalidInput, match="taken up"):
        rules.withdraw(session=session, participant_id=a.id, question_id=pinned.id)


# --- moderation -------------------------------------------------------------------------


def test_moderation_approve_pin_answer_hide_show_again(session):
    owner, workshop, step, (a, b, _c) = _room(session, {"moderated": True})
    first, second = _ask(session, a, step, "First"), _ask(session, b, step, "Second")
    assert _frame(session, step).empty  # pending never reaches the wall
    version = session.get(Workshop, workshop.id).version
    for q in (first, second):
        moderate.approve(session=session, user=owner, question_id=q.id)
    session.commit()
    assert session.get(Workshop, workshop.id).version > version  # the presenter updates
    with pytest.raises(ws.InvalidInput):
        moderate.approve(session=session, user=owner, question_id=first.id)
    session.rollback()
    moderate.pin(session=session, user=owner, question_id=first.id)
    moderate.pin(session=session, user=owner, question_id=second.id)  # unpins the first
    session.commit()
    frame = _frame(session, step)
    assert list(frame[frame.pinned].question_id) == [second.id]
    assert session.get(Question, first.id).pinned_at is None
    moderate.mark_answered(session=session, user=owner, question_id=second.id)
    session.commit()
    frame = _frame(session, step)
    assert not frame.pinned.any()
    assert dict(zip(frame.question_id, frame.status, strict=True))[second.id] == "answered"
    stage = session.get(Workshop, workshop.id).stage_version
    moderate.hide(session=session, user=owner, question_id=first.id)
    session.commit()
    assert session.get(Workshop, workshop.id).stage_version == stage + 1  # phones at once
    assert list(_frame(session, step).question_id) == [second.id]
    moderate.show_again(session=session, user=owner, question_id=first.id)
    moderate.unpin(session=session, user=owner, question_id=first.id)
    session.commit()
    assert set(_frame(session, step).question_id) == {first.id, second.id}
    listed = moderate.run_list(session=session, user=owner, step_id=step.id)
    assert {q.id for q in listed} == {first.id, second.id}
    stranger = to_auth_user(make_user(session))
    with pytest.raises(NotAllowed):
        moderate.hide(session=session, user=stranger, question_id=first.id)


def test_paper_question_is_held_to_the_phone_rules_and_shown(session):
    from pari import moderation

    owner, workshop, step, (a, *_rest) = _room(session, {"moderated": True})
    paper = moderation.add_paper_participant(
        session=session, user=owner, workshop_id=workshop.id, group=StakeholderGroup.BUSINESS
    )
    q = moderate.add_paper_question(
        session=session, user=owner, participant_id=paper.id, step_id=step.id, text=HOSTILE
    )
    session.commit()
    assert q.status is QuestionStatus.SHOWN and q.entered_by_user_id == owner.id
    with pytest.raises(ws.InvalidInput):  # a phone's participant is not on paper
        moderate.add_paper_question(
            session=session, user=owner, participant_id=a.id, step_id=step.id, text="x"
        )


# --- readers: frames, privacy, report, export, demo --------------------------------------


def test_frames_pool_small_groups_and_report_names_only_with_consent(session):
    _owner, workshop, step, _people = _room(session, {"names": True}, phones=0)
    workshop = session.get(Workshop, workshop.id)
    workshop.min_group_size = 2
    session.add(workshop)
    big = [
        make_phone(session, workshop, group=StakeholderGroup.SOCIAL_ECONOMY)[0] for _ in range(3)
    ]
    lone = make_phone(session, workshop, group=StakeholderGroup.PUBLIC_AUTHORITY)[0]
    big[0].name, big[0].organisation, big[0].name_in_plan = "Ana", "Coop", False
    big[1].name, big[1].name_in_plan = "Bea", True
    session.add_all(big)
    session.commit()
    q1 = _ask(session, big[0], step, "Named, no plan consent", show_name=True)
    q2 = _ask(session, big[1], step, "Named with consent", show_name=True)
    q3 = _ask(session, big[2], step, "Anonymous")
    _up(session, lone, q1)
    _up(session, big[2], q1)
    _up(session, lone, q2)
    masked = KIND.masked(
        KIND.frames(session, step), group_rule(session=session, workshop_id=workshop.id)
    )
    assert set(masked["upvotes"].group) == {StakeholderGroup.SOCIAL_ECONOMY.value, TOO_FEW}
    assert int(masked["upvotes"].upvotes.sum()) == 3
    section = KIND.report_section(session, step, workshop)
    who = {text: name for _r, text, _n, _d, name, _g in section.rows()}
    assert who == {"Named, no plan consent": "Coop", "Named with consent": "Bea", "Anonymous": ""}
    assert next(text for _r, text, *_ in section.rows()) == "Named, no plan consent"  # by votes
    document = section.blocks({})
    assert document[0]["kind"] == "h2" and any(b["kind"] == "table" for b in document)
    assert "Ana" not in repr(document)
    del q3


def test_export_rows_carry_every_question_and_upvote_with_group(session):
    from pari.reporting import exports
    from pari.reporting.export_data import load

    owner, workshop, step, (a, b, _c) = _room(session, {"moderated": True})
    shown = _ask(session, a, step, "=HYPERLINK(1)")
    waiting = _ask(session, b, step, "Still waiting")
    moderate.approve(session=session, user=owner, question_id=shown.id)
    moderate.pin(session=session, user=owner, question_id=shown.id)
    session.commit()
    _up(session, b, shown)
    # The kind's rows of the export as ``exports`` gathers them (not through every
    # kind's export: only this one is under test here).
    tables = KIND.export_rows(load(session, [workshop.id]))
    rows = {r["question_id"]: r for r in tables["questions"]}
    assert set(rows) == {shown.id, waiting.id}
    assert rows[shown.id]["upvotes"] == 1 and rows[shown.id]["pinned"] is True
    assert rows[waiting.id]["status"] == "pending"
    assert rows[shown.id]["stakeholder_group"] == StakeholderGroup.SOCIAL_ECONOMY.value
    assert [(r["question_id"], r["participant_id"]) for r in tables["question_upvotes"]] == [
        (shown.id, b.id)
    ]
    csv = exports.csv_bytes(exports.Export("pari-x", tables), "questions")
    assert b"'=HYPERLINK(1)" in csv
    assert set(exports.COLUMNS["questions"]) >= set(rows[shown.id])


def test_demo_asks_and_upvotes_in_the_workshops_language(session):
    from pari import workshops
    from pari.demo import Room, _run

    owner = to_auth_user(make_user(session, role=Role.COORDINATOR))
    workshop = workshops.create_workshop(
        session=session,
        user=owner,
        title="Debrief",
        territory="Torres Vedras",
        language="pt",
        template=Template.BLANK,
    )
    ws.add_step(
        session=session,
        user=owner,
        workshop_id=workshop.id,
        kind=StepKind.QUESTIONS,
        title="Perguntas",
    )
    session.flush()
    import random

    room = Room(session, owner, workshop, random.Random(7))
    room.join(10)
    step = next(s for s in room.steps if s.kind is StepKind.QUESTIONS)
    from pari.steps.questions.demo import play

    room.open(step)
    play(room, step)
    session.commit()
    frame = _frame(session, step)
    assert 5 <= len(frame) <= 8
    assert frame.text.str.contains("cooperativas").any()
    assert frame.upvotes.sum() > 0 and frame.pinned.sum() == 1
    assert (frame.status == "answered").sum() == 1
    del _run


def test_hidden_results_list_the_questions_without_counts_newest_first(session):
    """Results hidden until revealed (``pari.reveal``): the presenter shows none of the
    questions (the snapshot holds no frames), phones still list them to upvote, but no
    count leaves the server until the facilitator reveals."""
    from pari import results
    from pari.steps.questions.phone import list_data

    owner, workshop, step, (a, b, _c) = _room(session)
    ws.update_step(session=session, user=owner, step_id=step.id, results_hidden=True)
    session.commit()
    q = _ask(session, a, step, "Counted, not shown")
    _up(session, b, q)
    snap = results.snapshot(session=session, workshop_id=workshop.id)
    assert snap["step"]["visible"] is False and snap["results"].frames == {}
    listed = listing.phone_list(session=session, participant_id=b.id, step_id=step.id, names=False)
    data = list_data(listed, is_open=True, counts=False, ack=0, notice=None)
    assert data["counts"] is False and [d["upvotes"] for d in data["questions"]] == [None]
    assert data["questions"][0]["upvoted"] is True  # one's own upvote stays shown
    ws.reveal_results(session=session, user=owner, step_id=step.id)
    session.commit()
    snap = results.snapshot(session=session, workshop_id=workshop.id)
    assert list(snap["results"].frames["questions"].upvotes) == [1]


# --- fresh-eyes fixes: answers counted, hidden shown to the asker, numbers per step -----


def test_answers_count_waiting_questions_not_hidden_or_withdrawn(session):
    """The run page's "Answers in this step": people who asked, even while their questions
    wait for approval; a hidden or taken-back question is not counted."""
    owner, _w, step, (a, b, c) = _room(session, {"moderated": True})
    kind = steps.get(StepKind.QUESTIONS)
    waiting = [_ask(session, who, step, f"Q {who.id}") for who in (a, b, c)]
    session.commit()
    assert kind.answers(session, step) == 3
    moderate.approve(session=session, user=owner, question_id=waiting[0].id)
    moderate.hide(session=session, user=owner, question_id=waiting[1].id)
    session.commit()
    assert kind.answers(session, step) == 2
    rules.withdraw(session=session, participant_id=c.id, question_id=waiting[2].id)
    session.commit()
    assert kind.answers(session, step) == 1


def test_a_hidden_question_is_listed_to_its_asker_only(session):
    owner, _w, step, (a, b, _c) = _room(session)
    q = _ask(session, a, step, "Hide me")
    moderate.hide(session=session, user=owner, question_id=q.id)
    session.commit()

    def listed(who):
        return listing.phone_list(
            session=session, participant_id=who.id, step_id=step.id, names=False
        )

    (mine,) = listed(a)
    assert mine.id == q.id and mine.mine and mine.status is QuestionStatus.HIDDEN
    assert listed(b) == []
    assert _frame(session, step).empty
    with pytest.raises(InvalidInput):
        _up(session, b, q, on=True)


def test_run_list_numbers_questions_within_the_step_by_order_asked(session):
    owner, _w, step, (a, b, c) = _room(session)
    # Questions of another workshop first: the numbers do not follow database ids.
    _room(session)
    _o, _w2, other_step, (x, *_rest) = _room(session)
    _ask(session, x, other_step, "Elsewhere")
    first, second, third = (_ask(session, who, step, f"Q{i}") for i, who in enumerate((a, b, c)))
    session.commit()
    rules.withdraw(session=session, participant_id=b.id, question_id=second.id)
    session.commit()
    listed = moderate.run_list(session=session, user=owner, step_id=step.id)
    assert {q.id: q.number for q in listed} == {first.id: 1, third.id: 3}


def test_phones_refresh_their_lists_at_spread_intervals():
    """A room's lists must not all tick in the same second (bench/README.md): 300 phones'
    intervals cover 8-12 s evenly, and each phone keeps its own from run to run."""
    from pari.steps.questions.phone import REFRESH_SECONDS, refresh_every

    intervals = [refresh_every(pid) for pid in range(1, 301)]
    assert intervals == [refresh_every(pid) for pid in range(1, 301)]
    assert min(intervals) >= 0.8 * REFRESH_SECONDS and max(intervals) <= 1.2 * REFRESH_SECONDS
    per_second = [sum(8 + k <= i < 9 + k for i in intervals) for k in range(4)]
    assert all(60 <= n <= 90 for n in per_second), per_second
