"""The step-kind registry (issue 17): every kind registered once, one reader of a
step's settings that the phone, the editor, the results and the exports agree on."""

from __future__ import annotations

import pytest
from sqlmodel import select

from pari import steps
from pari import workshops as ws
from pari.labels import READINESS_DIMENSIONS, kind_label
from pari.models import Contribution, PollAnswer, Score, Step, StepKind
from pari.reporting import exports
from pari.steps.poll.results import poll as poll_results
from tests.factories import make_participant, make_workshop


def test_every_step_kind_is_registered_once():
    assert set(steps.KINDS) == set(StepKind)
    for kind, entry in steps.KINDS.items():
        assert entry.kind is kind
        assert kind_label(kind)  # a name for the editor
    assert steps.get("poll") is steps.KINDS[StepKind.POLL]
    with pytest.raises(ValueError):
        steps.get("mood_meter")


def test_only_the_plan_takes_no_input_and_votes_need_cards():
    assert [k for k, e in steps.KINDS.items() if not e.takes_input] == [StepKind.PLAN]
    assert set(ws.NEEDS_SOURCE) == {StepKind.DOT_VOTE, StepKind.MATRIX}
    assert set(ws.SOURCE_KINDS) == {StepKind.DOT_VOTE, StepKind.MATRIX, StepKind.COMMITMENTS}


@pytest.mark.parametrize("kind", list(StepKind))
def test_validated_settings_read_back_the_same(kind):
    """What the editor saves is what every reader reads."""
    raw = {
        StepKind.IDEAS: {"categories": ["Social", "Ecological"]},
        StepKind.DOT_VOTE: {"budget": 7, "per_card_cap": 2, "card_ids": [5, 3]},
        StepKind.MATRIX: {"criteria": ["Power", "Interest"]},
        StepKind.POLL: {"options": ["Yes", "No", "Maybe"], "multiple": True},
        StepKind.ASSESSMENT: {"dimensions": ["vision", "Water"]},
        StepKind.RATING: {"statements": ["We are ready", "We have money"], "scale": "0-10"},
        StepKind.WORD_CLOUD: {"max_answers": 2},
        StepKind.QUESTIONS: {"moderated": True, "names": True},
    }.get(kind, {})
    saved = ws.validate_config(kind, raw, dot_budget=5)
    step = Step(kind=kind, title="x", config=saved)
    assert steps.config(step, dot_budget=5) == steps.validate(kind, raw, dot_budget=5)
    assert ws.step_config(step, dot_budget=5) == saved


def test_a_matrix_stored_with_three_criteria_reads_the_same_everywhere(session):
    """Issue 17: the phone read A, B; the editor Impact, Feasibility; the export the raw
    list with lower-case defaults. Now one reader: the first two as stored."""
    workshop, (ideas, matrix) = make_workshop(
        session,
        steps=[
            (StepKind.IDEAS, "Ideas", {}),
            (StepKind.MATRIX, "Matrix", {"criteria": ["A", "B", "C"]}, 0),
        ],
    )
    assert steps.config(matrix).criteria == ("A", "B")
    assert ws.step_config(matrix)["criteria"] == ["A", "B"]

    person = make_participant(session, workshop)
    card = Contribution(
        workshop_id=workshop.id, step_id=ideas.id, participant_id=person.id, text="Bridge"
    )
    session.add(card)
    session.flush()
    session.add(
        Score(
            step_id=matrix.id,
            participant_id=person.id,
            contribution_id=card.id,
            criterion=1,
            value=4,
        )
    )
    session.commit()
    rows = exports.workshop_export(session=session, workshop=workshop).tables["scores"]
    assert [(r["criterion_index"], r["criterion"]) for r in rows] == [(1, "B")]


def test_a_matrix_without_two_criteria_falls_back_to_the_defaults():
    for stored in ({}, {"criteria": ["Only one"]}, {"criteria": "Impact"}, None):
        step = Step(kind=StepKind.MATRIX, title="x", config=stored)
        assert steps.config(step).criteria == ("Impact", "Feasibility")


def test_a_damaged_poll_option_keeps_the_places_of_the_others(session):
    """An answer stores the option's index: a damaged option must not shift the labels."""
    workshop, (poll,) = make_workshop(
        session, steps=[(StepKind.POLL, "Poll", {"options": ["Yes", 7, {"bad": 1}, "No"]})]
    )
    assert steps.config(poll).options == ("Yes", "7", "", "No")
    person = make_participant(session, workshop)
    session.add(PollAnswer(step_id=poll.id, participant_id=person.id, option=3))
    session.commit()
    frame = poll_results(session=session, step=poll)
    assert "No" in set(frame.label)
    rows = exports.workshop_export(session=session, workshop=workshop).tables["votes"]
    assert [(r["option_index"], r["option_label"]) for r in rows] == [(3, "No")]


def test_a_poll_ending_with_other_takes_a_written_answer():
    """Issue 18: the templates' "Other" had no text field."""
    ends_with_other = {"options": ["Network", "Cooperative", "Other"]}
    assert steps.validate(StepKind.POLL, ends_with_other).other_option == 2
    assert steps.config(Step(kind=StepKind.POLL, title="x", config=ends_with_other)).other
    assert steps.validate(StepKind.POLL, {**ends_with_other, "other": False}).other_option is None
    assert steps.validate(StepKind.POLL, {"options": ["A", "B"], "other": True}).other_option == 1
    assert steps.validate(StepKind.POLL, {"options": ["A", "B"]}).other_option is None
    with pytest.raises(steps.InvalidConfig):
        steps.validate(StepKind.POLL, {"options": ["A", "B"], "other": "yes"})
    damaged = Step(kind=StepKind.POLL, title="x", config={"options": ["A", "B"], "other": 1})
    assert steps.config(damaged).other_option is None


def test_the_other_answer_is_stored_length_checked_and_shown_in_results(session):
    from pari.phone.errors import InvalidInput
    from pari.steps.poll import rules as poll_rules
    from pari.steps.poll.results import other_answers
    from tests.factories import make_current, make_phone

    workshop, (poll,) = make_workshop(
        session, steps=[(StepKind.POLL, "Governance", {"options": ["Network", "Other"]})]
    )
    make_current(session, workshop, poll)
    me, _ = make_phone(session, workshop)

    def answer(options, other_text=None):
        chosen = poll_rules.answer_poll(
            session=session,
            participant_id=me.id,
            step_id=poll.id,
            options=options,
            other_text=other_text,
        )
        session.commit()
        return chosen

    def mine():
        return poll_rules.my_other_text(session=session, participant_id=me.id, step_id=poll.id)

    assert answer([1], "  A <b>foundation</b>  ") == [1]
    assert mine() == "A <b>foundation</b>"
    assert list(other_answers(session=session, step=poll).text) == ["A <b>foundation</b>"]
    assert answer([1], "A trust") == [1] and mine() == "A trust"  # replaced, not added
    assert session.exec(select(Contribution).where(Contribution.step_id == poll.id)).all()
    with pytest.raises(InvalidInput, match="too long"):
        answer([1], "x" * (poll_rules.MAX_OTHER + 1))
    session.rollback()
    assert mine() == "A trust"
    answer([0], "ignored without Other")  # another option: the written answer goes
    assert mine() == "" and other_answers(session=session, step=poll).empty
    frames = steps.get(StepKind.POLL).frames(session, poll)
    assert frames["other"].empty and list(frames["poll"].label) == ["Network"]


def test_no_opinion_is_an_answer_counted_apart_from_the_options(session):
    """Anti-herding (issue 18 point 3): where the poll offers it, "No opinion" counts as
    having answered, never ranks among the options, and goes alone."""
    from pari.phone.errors import InvalidInput
    from pari.reporting.export_data import load
    from pari.steps.poll import NO_OPINION
    from pari.steps.poll import rules as poll_rules
    from pari.steps.poll.export import rows
    from pari.steps.poll.report import section
    from tests.factories import make_current, make_phone

    config = {"options": ["Network", "Cooperative"], "multiple": True}
    workshop, (plain_poll, poll) = make_workshop(
        session,
        steps=[
            (StepKind.POLL, "Without", config),
            (StepKind.POLL, "With", {**config, "no_opinion": True}),
        ],
    )
    me, _ = make_phone(session, workshop)
    other, _ = make_phone(session, workshop)

    def answer(step, who, options):
        chosen = poll_rules.answer_poll(
            session=session, participant_id=who.id, step_id=step.id, options=options
        )
        session.commit()
        return chosen

    make_current(session, workshop, plain_poll)
    with pytest.raises(InvalidInput, match="not one of the options"):
        answer(plain_poll, me, [NO_OPINION])
    session.rollback()
    make_current(session, workshop, poll)
    with pytest.raises(InvalidInput, match="goes alone"):
        answer(poll, me, [0, NO_OPINION])
    session.rollback()
    assert answer(poll, me, [NO_OPINION]) == [NO_OPINION]
    assert answer(poll, other, [1]) == [1]
    kind = steps.get(StepKind.POLL)
    assert kind.answers(session, poll) == 2  # both answered
    frames = kind.frames(session, poll)
    assert list(frames["poll"].label) == ["Cooperative"]
    assert int(frames["no_opinion"].answers.sum()) == 1
    assert [line.text for line in kind.ranked(frames)] == ["Cooperative"]
    assert section(session, poll, workshop).no_opinion == 1
    exported = rows(load(session, [workshop.id]))["votes"]
    assert [r["option_label"] for r in exported if r["option_index"] == NO_OPINION] == [
        "No opinion"
    ]
    assert answer(poll, me, [0]) == [0]  # changed their mind: no longer counted apart
    assert steps.get(StepKind.POLL).frames(session, poll)["no_opinion"].empty
    with pytest.raises(steps.InvalidConfig, match="yes or no"):
        steps.validate(StepKind.POLL, {**config, "no_opinion": "yes"})


def test_i_pass_on_a_matrix_card_is_counted_apart_from_the_scores(session):
    """Anti-herding (issue 18 point 3): where the matrix offers it, "I pass" on a card
    takes back one's scores of it, places no point, and is counted and exported apart;
    a score takes the pass back."""
    from pari.phone.errors import InvalidInput
    from pari.reporting.export_data import load
    from pari.steps.matrix import rules as matrix_rules
    from pari.steps.matrix.export import rows
    from pari.steps.matrix.report import section
    from tests.factories import make_current, make_phone

    workshop, (ideas, plain_matrix, matrix) = make_workshop(
        session,
        steps=[
            (StepKind.IDEAS, "Ideas", {}),
            (StepKind.MATRIX, "Without", {}, 0),
            (StepKind.MATRIX, "With", {"passes": True}, 0),
        ],
    )
    me, _ = make_phone(session, workshop)
    other, _ = make_phone(session, workshop)
    first, second = (
        Contribution(workshop_id=workshop.id, step_id=ideas.id, participant_id=other.id, text=text)
        for text in ("Bus", "Shop")
    )
    session.add_all([first, second])
    session.commit()

    def passing(step, who, card, value=True):
        matrix_rules.pass_card(
            session=session, participant_id=who.id, step_id=step.id, card_id=card.id, passing=value
        )
        session.commit()

    def score(who, card, criterion, value):
        matrix_rules.score(
            session=session,
            participant_id=who.id,
            step_id=matrix.id,
            card_id=card.id,
            criterion=criterion,
            value=value,
        )
        session.commit()

    def mine(who):
        return matrix_rules.my_scores(session=session, participant_id=who.id, step_id=matrix.id)

    make_current(session, workshop, plain_matrix)
    with pytest.raises(InvalidInput):  # not offered on this step
        passing(plain_matrix, me, first)
    session.rollback()
    make_current(session, workshop, matrix)
    with pytest.raises(InvalidInput):  # a tampered checkbox
        passing(matrix, me, first, value="yes")
    session.rollback()
    score(me, first, 0, 4)
    passing(matrix, me, first)  # the score goes with the pass
    assert mine(me) == {(first.id, 0): None}
    for criterion in (0, 1):
        score(other, first, criterion, 2)
        score(other, second, criterion, 5)
    passing(matrix, me, second)
    kind = steps.get(StepKind.MATRIX)
    frames = kind.frames(session, matrix)
    assert list(frames["matrix"].raters) == [1, 1]  # a pass places no point
    assert list(frames["matrix"].x) == [2.0, 5.0]
    assert list(frames["passes"].passes) == [1, 1]
    assert section(session, matrix, workshop).passed() == "“I pass” said 2 times"
    exported = [r for r in rows(load(session, [workshop.id]))["scores"] if r["passed"]]
    assert [(r["contribution_text"], r["value"], r["criterion"]) for r in exported] == [
        ("Bus", None, ""),
        ("Shop", None, ""),
    ]
    score(me, second, 1, 3)  # changed their mind: scoring takes the pass back
    assert mine(me) == {(first.id, 0): None, (second.id, 1): 3}
    passing(matrix, me, first, value=False)
    assert mine(me) == {(second.id, 1): 3}
    assert kind.frames(session, matrix)["passes"].empty
    assert section(session, matrix, workshop).passed() == ""
    with pytest.raises(steps.InvalidConfig, match="yes or no"):
        steps.validate(StepKind.MATRIX, {"passes": "yes"})
    assert "passes" not in steps.validate(StepKind.MATRIX, {}).as_stored()
    stored = steps.validate(StepKind.MATRIX, {"passes": True})
    assert stored.as_stored()["passes"] is True
    assert not steps.validate(StepKind.MATRIX, {}).answers_differ(stored)


def test_dot_vote_settings_are_clamped_when_read_and_refused_when_saved():
    step = Step(kind=StepKind.DOT_VOTE, title="x", config={"budget": 99, "per_card_cap": 0})
    settings = steps.config(step, dot_budget=5)
    assert (settings.budget, settings.per_card_cap) == (50, 1)
    assert steps.config(Step(kind=StepKind.DOT_VOTE, title="x", config={}), dot_budget=4) == (
        steps.validate(StepKind.DOT_VOTE, {}, dot_budget=4)
    )
    with pytest.raises(ws.InvalidInput):
        ws.validate_config(StepKind.DOT_VOTE, {"budget": 99})
    with pytest.raises(steps.InvalidConfig):
        steps.validate(StepKind.DOT_VOTE, {"budget": 5, "per_card_cap": 6})


def test_assessment_defaults_are_the_readiness_dimensions():
    step = Step(kind=StepKind.ASSESSMENT, title="x", config={"dimensions": []})
    assert steps.config(step).dimensions == tuple(READINESS_DIMENSIONS)
    assert ws.validate_config(StepKind.ASSESSMENT, {})["dimensions"] == list(READINESS_DIMENSIONS)


# --- the reading side: each kind's frames, report part, export rows and wall ------------

PRESENTER_FRAMES = {
    StepKind.CHECK_IN: {"room"},
    StepKind.IDEAS: {"cards"},
    StepKind.DOT_VOTE: {"tally", "agreement"},
    StepKind.MATRIX: {"matrix", "passes"},
    StepKind.POLL: {"poll", "other", "no_opinion"},
    StepKind.ASSESSMENT: {"assessment"},
    StepKind.COMMITMENTS: {"pledges", "no_lead"},
    StepKind.PLAN: {"priorities", "pledges"},
    StepKind.WORD_CLOUD: {"words", "groups", "counts"},
    StepKind.QUESTIONS: {"questions", "upvotes"},
    StepKind.RATING: {"counts", "summary", "groups"},
}


def test_each_kind_reads_the_frames_its_wall_draws(session):
    import pandas as pd
    from sqlmodel import select

    from pari.demo import create_demo
    from pari.models import Workshop

    codes = create_demo(session=session).codes
    session.commit()
    seen = set()
    for workshop in session.exec(select(Workshop).where(Workshop.code.in_(codes))):
        for step in ws.list_steps(session=session, workshop_id=workshop.id):
            frames = steps.get(step.kind).frames(session, step)
            assert set(frames) == PRESENTER_FRAMES[step.kind], step.kind
            assert all(isinstance(f, pd.DataFrame) for f in frames.values())
            seen.add(step.kind)
    assert seen == set(StepKind)


def test_every_kind_has_a_wall_and_every_report_part_a_plan_panel(session):
    workshop, made = make_workshop(session, steps=[(k, k.value, {}) for k in steps.KINDS])
    for (kind, entry), step in zip(steps.KINDS.items(), made, strict=True):
        wall = steps.ui(kind, "wall")
        assert callable(wall.draw), kind
        section = entry.report_section(session, step, workshop)
        if section is not None:
            assert section.kind == kind.value and section.step_id == step.id
            assert callable(wall.plan_panel), kind
    assert {k for k, e in steps.KINDS.items() if e.counts_answers} == set(StepKind) - {
        StepKind.CHECK_IN,
        StepKind.PLAN,
    }


def test_each_export_table_is_written_by_the_kinds_that_own_it():
    from dataclasses import fields

    from pari.reporting.export_data import Data

    owners: dict[str, set[StepKind]] = {}
    data = Data(**{f.name: {} for f in fields(Data)})
    for kind, entry in steps.KINDS.items():
        for table in entry.export_rows(data):
            owners.setdefault(table, set()).add(kind)
    assert owners == {
        "contributions": {StepKind.IDEAS},
        "votes": {StepKind.DOT_VOTE, StepKind.POLL},
        "scores": {StepKind.MATRIX},
        "assessments": {StepKind.ASSESSMENT},
        "commitments": {StepKind.COMMITMENTS},
        "questions": {StepKind.QUESTIONS},
        "question_upvotes": {StepKind.QUESTIONS},
        "words": {StepKind.WORD_CLOUD},
        "ratings": {StepKind.RATING},
    }
    assert set(owners) | {"participants"} == set(exports.TABLES)
    # The tables a kind keeps for itself: a file each, named by the kind that owns it.
    for kind, entry in steps.KINDS.items():
        assert set(entry.export_tables) <= set(owners) and all(
            kind in owners[t] for t in entry.export_tables
        )


def test_each_phone_gets_the_cards_in_its_own_order_kept_across_runs():
    """Anti-herding (issue 18 point 3): a vote or matrix offers each person the cards in
    an order of their own, the same on every run; a step set otherwise keeps the wall's."""
    from pari.phone.cards import phone_order

    cards = list(range(20))
    vote = Step(id=7, kind=StepKind.DOT_VOTE, config={"budget": 5})
    orders = {pid: phone_order(cards, step=vote, participant_id=pid) for pid in range(1, 6)}
    assert all(sorted(order) == cards for order in orders.values())  # nothing lost
    assert len({tuple(order) for order in orders.values()}) == 5  # one order a person
    assert phone_order(cards, step=vote, participant_id=3) == orders[3]  # kept
    matrix = Step(id=8, kind=StepKind.MATRIX, config={})
    assert phone_order(cards, step=matrix, participant_id=3) != cards
    same = Step(id=7, kind=StepKind.DOT_VOTE, config={"budget": 5, "shuffle": False})
    assert phone_order(cards, step=same, participant_id=3) == cards
    pledges = Step(id=9, kind=StepKind.COMMITMENTS, config={})
    assert phone_order(cards, step=pledges, participant_id=3) == cards


def test_the_card_order_setting_is_yes_or_no():
    assert steps.validate(StepKind.MATRIX, {"shuffle": False}).shuffle is False
    with pytest.raises(steps.InvalidConfig, match="yes or no"):
        steps.validate(StepKind.DOT_VOTE, {"shuffle": "no"})
    damaged = Step(kind=StepKind.DOT_VOTE, config={"budget": 5, "shuffle": "no"})
    assert steps.config(damaged).shuffle is True  # a damaged row reads as the default
    assert [k.kind for k in steps.KINDS.values() if k.orders_cards] == [
        StepKind.DOT_VOTE,
        StepKind.MATRIX,
    ]
