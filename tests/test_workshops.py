"""Workshops: templates, step editing rules, duplicate, share, run controls, who sees what."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from pari import accounts
from pari import workshops as ws
from pari.codes import CODE_ALPHABET
from pari.labels import READINESS_DIMENSIONS
from pari.models import (
    Ballot,
    Role,
    StakeholderGroup,
    Step,
    StepKind,
    StepState,
    Template,
    Vote,
    Workshop,
    WorkshopStatus,
)
from pari.permissions import NotAllowed, can_run_workshop, can_view_workshop
from pari.steps.dot_vote import rules as vote_rules
from pari.steps.ideas import rules as ideas_rules
from pari.steps.poll import rules as poll_rules
from pari.workshops import design as ws_design
from tests.factories import make_participant, make_user


def auth(user):
    return accounts.to_auth_user(user)


@pytest.fixture
def owner(session):
    return auth(make_user(session, username="fac"))


def new(session, owner, **kw):
    kw.setdefault("title", "Kinda 2026")
    w = ws.create_workshop(session=session, user=owner, **kw)
    session.commit()
    return w


def kinds(session, w):
    return [s.kind for s in ws.list_steps(session=session, workshop_id=w.id)]


# --- create ---------------------------------------------------------------------


def test_local_plan_template_is_copied_with_sources_before_their_steps(session, owner):
    w = new(session, owner, territory="Kinda", held_on=date(2026, 5, 4), language="sv")
    assert w.status is WorkshopStatus.DRAFT
    assert len(w.code) == 6 and set(w.code) <= set(CODE_ALPHABET)
    steps = ws.list_steps(session=session, workshop_id=w.id)
    assert [s.kind for s in steps] == [
        StepKind.CHECK_IN,
        StepKind.WORD_CLOUD,
        StepKind.IDEAS,
        StepKind.MATRIX,
        StepKind.ASSESSMENT,
        StepKind.IDEAS,
        StepKind.IDEAS,
        StepKind.DOT_VOTE,
        StepKind.IDEAS,
        StepKind.MATRIX,
        StepKind.COMMITMENTS,
        StepKind.POLL,
        StepKind.RATING,
        StepKind.PLAN,
    ]
    by_id = {s.id: s for s in steps}
    for s in steps:
        if s.source_step_id:
            assert by_id[s.source_step_id].kind is StepKind.IDEAS
            assert by_id[s.source_step_id].position < s.position
    vote = steps[7]
    assert vote.title == "Challenge priorities"
    assert by_id[vote.source_step_id].title == "Challenges"
    assert by_id[vote.source_step_id].config["categories"] == ["Social", "Ecological", "Economic"]
    assert steps[3].config["criteria"] == ["Power", "Interest"]
    assert steps[4].config["dimensions"] == list(READINESS_DIMENSIONS)
    assert steps[11].config["options"][-1] == "Other"
    assert [s.position for s in steps] == list(range(14))


def test_mission_debrief_and_blank_templates(session, owner):
    debrief = new(session, owner, title="Debrief", template=Template.MISSION_DEBRIEF)
    assert kinds(session, debrief) == [
        StepKind.CHECK_IN,
        StepKind.QUESTIONS,
        StepKind.IDEAS,
        StepKind.IDEAS,
        StepKind.IDEAS,
        StepKind.DOT_VOTE,
        StepKind.COMMITMENTS,
    ]
    blank = new(session, owner, title="Blank one", template=Template.BLANK)
    assert kinds(session, blank) == [StepKind.CHECK_IN]


def test_dot_budget_of_the_workshop_goes_to_its_vote_steps(session, owner):
    w = new(session, owner, dot_budget=2)
    vote = next(
        s for s in ws.list_steps(session=session, workshop_id=w.id) if s.kind is StepKind.DOT_VOTE
    )
    assert vote.config == {"budget": 2, "per_card_cap": 2}


def test_a_new_workshop_budget_keeps_the_cards_chosen_for_a_vote(session, owner):
    w = new(session, owner, dot_budget=5)
    steps_ = ws.list_steps(session=session, workshop_id=w.id)
    challenges, vote = steps_[6], steps_[7]
    ws.open_step(session=session, user=owner, step_id=challenges.id)
    p = make_participant(session, w, group=StakeholderGroup.BUSINESS)
    p.consented = True
    cards = [
        ideas_rules.add_card(
            session=session, participant_id=p.id, step_id=challenges.id, text=t, category="Social"
        )
        for t in ("Bus", "Shop", "School")
    ]
    session.commit()
    chosen = [cards[0].id, cards[2].id]
    ws.update_step(session=session, user=owner, step_id=vote.id, config={"card_ids": chosen})
    ws.update_workshop(session=session, user=owner, workshop_id=w.id, dot_budget=3)
    session.commit()
    session.refresh(vote)
    assert vote.config["budget"] == 3 and vote.config["card_ids"] == chosen


@pytest.mark.parametrize(
    "fields,fragment",
    [
        ({"title": ""}, "Title cannot be empty"),
        ({"title": "   \t "}, "Title cannot be empty"),
        ({"title": "x" * 201}, "too long"),
        ({"dot_budget": 0}, "between 1 and 50"),
        ({"dot_budget": 1000}, "between 1 and 50"),
        ({"dot_budget": -3}, "between 1 and 50"),
        ({"dot_budget": "5"}, "whole number"),
        ({"language": "de"}, "Unknown language"),
    ],
)
def test_bad_workshop_details_get_a_clear_message(session, owner, fields, fragment):
    with pytest.raises(ws.InvalidInput, match=fragment):
        ws.create_workshop(session=session, user=owner, **{"title": "Fine", **fields})
    session.rollback()
    assert session.exec(select(Workshop)).all() == []


def test_duplicate_title_is_refused_for_the_same_owner_only(session, owner):
    new(session, owner, title="Kinda")
    with pytest.raises(ws.InvalidInput, match="already have a workshop"):
        ws.create_workshop(session=session, user=owner, title=" kinda ")
    session.rollback()
    other = auth(make_user(session))
    assert new(session, other, title="Kinda").title == "Kinda"


def test_join_code_retries_on_collision(session, owner, monkeypatch):
    first = new(session, owner, title="First")
    codes = iter([first.code, first.code, "ABCDEF"])
    # The join code is drawn where the workshop is made (pari.workshops.design).
    monkeypatch.setattr(ws_design, "new_join_code", lambda: next(codes))
    assert new(session, owner, title="Second").code == "ABCDEF"


def test_create_moves_the_version(session, owner):
    w = new(session, owner)
    session.refresh(w)
    assert w.version >= 1


# --- editing steps --------------------------------------------------------------------


def test_add_edit_reorder_and_remove_steps(session, owner):
    w = new(session, owner, template=Template.BLANK)
    ideas = ws.add_step(
        session=session,
        user=owner,
        workshop_id=w.id,
        kind=StepKind.IDEAS,
        title="Dreams",
        config={"categories": ["Now", " Later ", ""]},
    )
    assert ideas.config == {"categories": ["Now", "Later"]}
    vote = ws.add_step(
        session=session,
        user=owner,
        workshop_id=w.id,
        kind=StepKind.DOT_VOTE,
        title="Pick",
        source_step_id=ideas.id,
        config={"budget": 7, "per_card_cap": 2},
    )
    poll = ws.add_step(
        session=session, user=owner, workshop_id=w.id, kind=StepKind.POLL, title="Q", position=0
    )
    session.commit()
    assert [s.title for s in ws.list_steps(session=session, workshop_id=w.id)] == [
        "Q",
        "Welcome: who is in the room?",
        "Dreams",
        "Pick",
    ]
    assert poll.config == {"options": ["Yes", "No"], "multiple": False, "other": False}
    ws.update_step(
        session=session,
        user=owner,
        step_id=vote.id,
        title="Pick three",
        prompt="Line one\nline two",
        config={"per_card_cap": 3},
    )
    session.commit()
    session.refresh(vote)
    assert (vote.title, vote.prompt, vote.config["per_card_cap"]) == (
        "Pick three",
        "Line one\nline two",
        3,
    )
    ws.move_step(session=session, user=owner, step_id=poll.id, delta=+3)
    ws.remove_step(session=session, user=owner, step_id=poll.id)
    session.commit()
    steps = ws.list_steps(session=session, workshop_id=w.id)
    assert [s.title for s in steps] == ["Welcome: who is in the room?", "Dreams", "Pick three"]
    assert [s.position for s in steps] == [0, 1, 2]


@pytest.mark.parametrize(
    "kind,config,fragment",
    [
        (StepKind.DOT_VOTE, {"budget": 0}, "between 1 and 50"),
        (StepKind.DOT_VOTE, {"budget": 1000}, "between 1 and 50"),
        (StepKind.DOT_VOTE, {"budget": 5, "per_card_cap": 6}, "between 1 and 5"),
        (StepKind.DOT_VOTE, {"budget": True}, "whole number"),
        (StepKind.MATRIX, {"criteria": ["Only one"]}, "between 2 and 2"),
        (StepKind.MATRIX, {"criteria": ["A", "a"]}, "listed twice"),
        (StepKind.POLL, {"options": ["One"]}, "between 2 and 12"),
        (StepKind.POLL, {"options": "Yes,No"}, "must be a list"),
        (StepKind.POLL, {"options": ["A", "B"], "multiple": "yes"}, "yes or no"),
        (StepKind.ASSESSMENT, {"dimensions": []}, "between 1 and 16"),
        (StepKind.IDEAS, {"categories": [f"c{i}" for i in range(13)]}, "between 0 and 12"),
        (StepKind.IDEAS, {"categories": [42]}, "must be text"),
    ],
)
def test_bad_step_settings_are_refused(kind, config, fragment):
    with pytest.raises(ws.InvalidInput, match=fragment):
        ws.validate_config(kind, config, dot_budget=5)


def test_unknown_config_keys_are_dropped():
    assert ws.validate_config(StepKind.CHECK_IN, {"evil": "<script>"}) == {}
    assert ws.validate_config(StepKind.DOT_VOTE, {"x": 1}, dot_budget=4) == {
        "budget": 4,
        "per_card_cap": 4,
    }


@pytest.mark.parametrize(
    "title,fragment",
    [("", "cannot be empty"), ("Challenges", "already has a step"), ("CHALLENGES ", "already")],
)
def test_bad_step_titles(session, owner, title, fragment):
    w = new(session, owner)
    with pytest.raises(ws.InvalidInput, match=fragment):
        ws.add_step(session=session, user=owner, workshop_id=w.id, kind=StepKind.IDEAS, title=title)


def test_vote_must_draw_from_an_earlier_ideas_step(session, owner):
    w = new(session, owner)
    steps = ws.list_steps(session=session, workshop_id=w.id)
    vote = steps[7]
    later_ideas = steps[8]
    with pytest.raises(ws.InvalidInput, match="before it"):
        ws.update_step(session=session, user=owner, step_id=vote.id, source_step_id=later_ideas.id)
    with pytest.raises(ws.InvalidInput, match="only draw its cards from an ideas step"):
        ws.update_step(session=session, user=owner, step_id=vote.id, source_step_id=steps[0].id)
    with pytest.raises(ws.InvalidInput, match="needs an earlier ideas step"):
        ws.update_step(session=session, user=owner, step_id=vote.id, source_step_id=None)
    with pytest.raises(ws.InvalidInput, match="needs an earlier ideas step"):
        ws.add_step(session=session, user=owner, workshop_id=w.id, kind=StepKind.MATRIX, title="M")
    # Reordering that puts a source after its step is refused too.
    with pytest.raises(ws.InvalidInput, match="would come after it"):
        ws.move_step(session=session, user=owner, step_id=steps[6].id, delta=+1)
    session.rollback()
    assert [s.id for s in ws.list_steps(session=session, workshop_id=w.id)] == [s.id for s in steps]


def test_the_last_step_cannot_be_removed(session, owner):
    w = new(session, owner, template=Template.BLANK)
    (only,) = ws.list_steps(session=session, workshop_id=w.id)
    with pytest.raises(ws.InvalidInput, match="at least one step"):
        ws.remove_step(session=session, user=owner, step_id=only.id)


def test_a_source_step_cannot_be_removed(session, owner):
    w = new(session, owner)
    challenges = ws.list_steps(session=session, workshop_id=w.id)[6]
    with pytest.raises(ws.InvalidInput, match="draws its cards from this step"):
        ws.remove_step(session=session, user=owner, step_id=challenges.id)


def live_vote(session, owner, budget=5):
    """A live workshop on its challenges vote, with one card and one voter who spent 2 dots."""
    w = new(session, owner, dot_budget=budget)
    steps = ws.list_steps(session=session, workshop_id=w.id)
    challenges, vote = steps[6], steps[7]
    ws.open_step(session=session, user=owner, step_id=challenges.id)
    session.commit()
    p = make_participant(session, w, group=StakeholderGroup.BUSINESS)
    p.consented = True
    card = ideas_rules.add_card(
        session=session, participant_id=p.id, step_id=challenges.id, text="Roads", category="Social"
    )
    session.commit()
    ws.open_step(session=session, user=owner, step_id=vote.id)
    session.commit()
    vote_rules.set_dots(
        session=session, participant_id=p.id, step_id=vote.id, card_id=card.id, dots=2
    )
    session.commit()
    return w, steps, card, p


def test_a_vote_with_ballots_keeps_budget_and_source(session, owner):
    w, steps, _card, _p = live_vote(session, owner)
    vote = steps[7]
    with pytest.raises(ws.StepHasInput, match="budget"):
        ws.update_step(session=session, user=owner, step_id=vote.id, config={"budget": 9})
    with pytest.raises(ws.StepHasInput, match="already answered"):
        ws.update_step(session=session, user=owner, step_id=vote.id, source_step_id=steps[5].id)
    ws.make_current(session=session, user=owner, step_id=steps[8].id)
    with pytest.raises(ws.StepHasInput, match=r"answered this step \(1 entries\)"):
        ws.remove_step(session=session, user=owner, step_id=vote.id)
    session.rollback()
    # Titles and prompts can still be fixed, and the order each phone gets the cards in
    # (it changes no answer); the budget stays.
    ws.update_step(session=session, user=owner, step_id=vote.id, title="Top challenges")
    ws.update_step(session=session, user=owner, step_id=vote.id, config={"shuffle": False})
    assert vote.config == {"budget": 5, "per_card_cap": 3, "shuffle": False}
    with pytest.raises(ws.StepHasInput, match="budget"):
        ws.update_step(
            session=session, user=owner, step_id=vote.id, config={"shuffle": True, "budget": 9}
        )
    session.rollback()
    ws.update_step(session=session, user=owner, step_id=vote.id, config={"shuffle": True})
    assert "shuffle" not in vote.config  # the default (each phone its own order) is not stored
    # A new workshop budget goes to vote steps without ballots only.
    ws.update_workshop(session=session, user=owner, workshop_id=w.id, dot_budget=8)
    session.commit()
    session.refresh(vote)
    assert vote.config["budget"] == 5
    assert session.exec(select(Vote.dots)).all() == [2]
    assert session.exec(select(Ballot.spent)).all() == [2]


def test_a_used_category_cannot_be_removed_but_others_can(session, owner):
    _w, steps, _card, _p = live_vote(session, owner)
    challenges = steps[6]
    with pytest.raises(ws.StepHasInput, match="1 card uses the category “Social”"):
        ws.update_step(
            session=session, user=owner, step_id=challenges.id, config={"categories": ["Economic"]}
        )
    session.rollback()
    ws.update_step(
        session=session,
        user=owner,
        step_id=challenges.id,
        config={"categories": ["Social", "Cultural"]},
    )
    assert challenges.config["categories"] == ["Social", "Cultural"]


def test_answered_poll_only_gets_options_added(session, owner):
    w = new(session, owner)
    poll = ws.list_steps(session=session, workshop_id=w.id)[11]
    ws.open_step(session=session, user=owner, step_id=poll.id)
    p = make_participant(session, w, group=StakeholderGroup.SUPPORT)
    session.commit()
    poll_rules.answer_poll(session=session, participant_id=p.id, step_id=poll.id, options=[2])
    session.commit()
    options = list(poll.config["options"])
    with pytest.raises(ws.StepHasInput, match="add options at the end"):
        ws.update_step(
            session=session, user=owner, step_id=poll.id, config={"options": options[::-1]}
        )
    session.rollback()
    ws.update_step(
        session=session, user=owner, step_id=poll.id, config={"options": [*options, "Foundation"]}
    )
    assert poll.config["options"][-1] == "Foundation"


def test_closed_workshop_is_read_only(session, owner):
    w = new(session, owner)
    ws.set_status(session=session, user=owner, workshop_id=w.id, status=WorkshopStatus.CLOSED)
    step = ws.list_steps(session=session, workshop_id=w.id)[0]
    with pytest.raises(ws.WorkshopIsClosed):
        ws.update_step(session=session, user=owner, step_id=step.id, title="New")
    with pytest.raises(ws.WorkshopIsClosed):
        ws.open_step(session=session, user=owner, step_id=step.id)


# --- duplicate and share -------------------------------------------------------------


def test_duplicate_copies_steps_and_remaps_sources(session, owner):
    w = new(session, owner)
    first = ws.list_steps(session=session, workshop_id=w.id)
    ws.update_step(session=session, user=owner, step_id=first[1].id, prompt="Our own words")
    ws.open_step(session=session, user=owner, step_id=first[0].id)
    session.commit()
    copy = ws.duplicate_workshop(session=session, user=owner, workshop_id=w.id)
    again = ws.duplicate_workshop(session=session, user=owner, workshop_id=w.id)
    session.commit()
    assert (copy.title, again.title) == ("Kinda 2026 (copy)", "Kinda 2026 (copy) 2")
    assert copy.code != w.code and copy.status is WorkshopStatus.DRAFT
    assert copy.template is Template.LOCAL_PLAN and copy.current_step_id is None
    steps = ws.list_steps(session=session, workshop_id=copy.id)
    assert [(s.kind, s.title, s.config) for s in steps] == [
        (s.kind, s.title, s.config) for s in first
    ]
    assert steps[1].prompt == "Our own words"
    assert all(s.state is StepState.NOT_STARTED for s in steps)
    ids = {s.id for s in steps}
    assert all(s.source_step_id in ids for s in steps if s.source_step_id)


def test_who_sees_and_runs_what(session, owner):
    mine = new(session, owner, title="Mine")
    other_user = auth(make_user(session, username="other"))
    theirs = new(session, other_user, title="Theirs")
    coord = auth(make_user(session, role=Role.COORDINATOR, username="coord"))

    assert [w.title for w in ws.list_workshops(session=session, user=owner)] == ["Mine"]
    assert {w.title for w in ws.list_workshops(session=session, user=coord)} == {"Mine", "Theirs"}
    assert not can_view_workshop(session=session, user=owner, workshop=theirs)
    assert can_run_workshop(session=session, user=coord, workshop=mine)
    step = ws.list_steps(session=session, workshop_id=theirs.id)[0]
    with pytest.raises(NotAllowed):
        ws.open_step(session=session, user=owner, step_id=step.id)
    with pytest.raises(NotAllowed):
        ws.get_workshop(session=session, user=owner, workshop_id=theirs.id)
    with pytest.raises(NotAllowed):
        ws.share_workshop(session=session, user=owner, workshop_id=theirs.id, username="fac")

    ws.share_workshop(session=session, user=other_user, workshop_id=theirs.id, username=" FAC ")
    session.commit()
    assert {w.title for w in ws.list_workshops(session=session, user=owner)} == {"Mine", "Theirs"}
    ws.open_step(session=session, user=owner, step_id=step.id)
    # A facilitator it was shared with runs it but cannot share it further.
    with pytest.raises(NotAllowed):
        ws.share_workshop(session=session, user=owner, workshop_id=theirs.id, username="coord")
    with pytest.raises(ws.InvalidInput, match="No active account"):
        ws.share_workshop(session=session, user=other_user, workshop_id=theirs.id, username="nope")
    ws.unshare_workshop(session=session, user=other_user, workshop_id=theirs.id, user_id=owner.id)
    session.commit()
    assert [w.title for w in ws.list_workshops(session=session, user=owner)] == ["Mine"]


# --- running -------------------------------------------------------------------------


def test_run_controls_move_state_and_versions(session, owner):
    w = new(session, owner)
    steps = ws.list_steps(session=session, workshop_id=w.id)
    start = (w.version, w.stage_version)

    ws.go_next(session=session, user=owner, workshop_id=w.id)
    session.commit()
    session.refresh(w)
    assert w.current_step_id == steps[0].id and w.status is WorkshopStatus.LIVE
    assert w.stage_version > start[1] and w.version > start[0]

    ws.open_step(session=session, user=owner, step_id=steps[0].id)
    ws.go_next(session=session, user=owner, workshop_id=w.id)
    session.commit()
    for s in steps[:2]:
        session.refresh(s)
    # Leaving an open step closes it: phones only answer the current step.
    assert steps[0].state is StepState.CLOSED
    assert steps[1].state is StepState.NOT_STARTED

    ws.show_results(session=session, user=owner, step_id=steps[0].id)
    session.commit()
    session.refresh(w)
    session.refresh(steps[0])
    # Showing the results ends the step: current, input closed, results revealed.
    assert (w.current_step_id, steps[0].state, steps[0].revealed) == (
        steps[0].id,
        StepState.CLOSED,
        True,
    )
    ws.hide_results(session=session, user=owner, step_id=steps[0].id)
    assert steps[0].state is StepState.CLOSED and not steps[0].revealed
    with pytest.raises(ws.InvalidInput, match="first step"):
        ws.go_back(session=session, user=owner, workshop_id=w.id)
    ws.close_step(session=session, user=owner, step_id=steps[0].id)

    plan = steps[-1]
    with pytest.raises(ws.InvalidInput, match="takes no input"):
        ws.open_step(session=session, user=owner, step_id=plan.id)
    ws.make_current(session=session, user=owner, step_id=plan.id)
    with pytest.raises(ws.InvalidInput, match="last step"):
        ws.go_next(session=session, user=owner, workshop_id=w.id)


def test_current_step_cannot_be_removed(session, owner):
    w = new(session, owner)
    step = ws.list_steps(session=session, workshop_id=w.id)[3]
    ws.make_current(session=session, user=owner, step_id=step.id)
    with pytest.raises(ws.InvalidInput, match="current step"):
        ws.remove_step(session=session, user=owner, step_id=step.id)


def test_closing_a_workshop_stops_input_and_phones_see_it(session, owner):
    w = new(session, owner)
    step = ws.list_steps(session=session, workshop_id=w.id)[0]
    ws.open_step(session=session, user=owner, step_id=step.id)
    session.commit()
    session.refresh(w)
    before = w.stage_version
    ws.set_status(session=session, user=owner, workshop_id=w.id, status=WorkshopStatus.CLOSED)
    session.commit()
    session.refresh(step)
    session.refresh(w)
    assert step.state is StepState.CLOSED
    assert w.stage_version == before + 1
    ws.set_status(session=session, user=owner, workshop_id=w.id, status=WorkshopStatus.LIVE)
    assert session.get(Step, step.id).state is StepState.CLOSED


def test_still_allowed_asks_the_database_after_the_pages_run(session, owner):
    """Issue 16, point 1: a download built on click checks the account and the workshop
    as they are then (deactivated, logged out elsewhere, unshared, demoted)."""
    from datetime import timedelta

    from pari.models import Role, User, utcnow

    w = new(session, owner)
    fred = make_user(session, username="fred")
    coord = make_user(session, username="coord", role=Role.COORDINATOR)
    ws.share_workshop(session=session, user=auth(owner), workshop_id=w.id, username="fred")
    session.commit()
    then = utcnow() - timedelta(seconds=1)

    def allowed(user, workshop_id=w.id):
        return ws.still_allowed(
            session=session, user_id=user.id, signed_in_at=then, workshop_id=workshop_id
        )

    assert allowed(owner) and allowed(fred) and allowed(coord)
    # Unshared: fred may no longer see the workshop; his account is still fine.
    ws.unshare_workshop(session=session, user=auth(owner), workshop_id=w.id, user_id=fred.id)
    session.commit()
    assert not allowed(fred)
    assert allowed(fred, workshop_id=None)
    # Demoted: the coordinator of another territory's workshop no longer sees it.
    row = session.get(User, coord.id)
    row.role = Role.FACILITATOR
    session.commit()
    assert not allowed(coord)
    # Logged out in another tab: every earlier session of the owner ends.
    accounts.revoke_tokens(session=session, user_id=owner.id)
    session.commit()
    assert not allowed(owner)
    assert not allowed(owner, workshop_id=None)
    # Deactivated.
    accounts.set_active(
        session=session, user_id=fred.id, active=False, acting_user_id=accounts.OPERATOR
    )
    session.commit()
    assert not allowed(fred, workshop_id=None)


@pytest.mark.parametrize("kind", [StepKind.QUESTIONS, StepKind.WORD_CLOUD, StepKind.RATING])
def test_a_step_whose_own_table_holds_answers_cannot_be_removed(session, owner, kind):
    """The kinds that keep their answers in tables of their own count them too: removing
    the step would delete them (ON DELETE CASCADE)."""
    from pari.steps.questions.models import Question
    from pari.steps.rating.models import Rating
    from pari.steps.word_cloud.models import WordAnswer
    from tests.factories import make_workshop

    config = {StepKind.RATING: {"statements": ["We can"], "scale": "1-5"}}.get(kind, {})
    w, (_check_in, step) = make_workshop(
        session, owner=owner, steps=[(StepKind.CHECK_IN, "Hi", {}), (kind, "Answers", config)]
    )
    p = make_participant(session, w, group=StakeholderGroup.BUSINESS)
    row = {
        StepKind.QUESTIONS: lambda: Question(
            workshop_id=w.id, step_id=step.id, participant_id=p.id, text="Why?"
        ),
        StepKind.WORD_CLOUD: lambda: WordAnswer(
            step_id=step.id, participant_id=p.id, text="Trust", key="trust"
        ),
        StepKind.RATING: lambda: Rating(step_id=step.id, participant_id=p.id, statement=0, value=4),
    }[kind]()
    session.add(row)
    session.commit()
    with pytest.raises(ws.StepHasInput, match=r"\(1 entries\)"):
        ws.remove_step(session=session, user=accounts.to_auth_user(owner), step_id=step.id)
