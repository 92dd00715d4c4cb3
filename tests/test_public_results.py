"""A workshop's public results page (issue 21, point 3): off unless a facilitator
switches it on, gone at once when switched off, at a key of its own (never the join
code, never a phone's token), and showing no person's name, no organisation and no
small group."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest
from sqlmodel import select

from pari import accounts, codes, privacy
from pari import workshops as ws
from pari.models import (
    CommitmentKind,
    CommitmentRole,
    CommitmentStatus,
    Role,
    StakeholderGroup,
    StepKind,
    Workshop,
)
from pari.permissions import NotAllowed
from pari.reporting import followup, public
from pari.reporting import plan as local_plan
from pari.reveal import Reveal
from pari.steps.assessment import rules as assessment_rules
from pari.steps.commitments import rules as pledge_rules
from pari.steps.dot_vote import rules as vote_rules
from pari.steps.ideas import rules as ideas_rules
from pari.steps.questions import rules as question_rules
from tests.factories import PASSWORD, make_participant, make_phone, make_user

G = StakeholderGroup
TOO_FEW = privacy.TOO_FEW
CHECK_IN, ASSESSMENT, CHALLENGES, VOTE, COMMITMENTS = 0, 4, 6, 7, 10  # the local plan's steps
# What may never reach the public: people's names and organisations (consent for the
# plan or not), the facilitators' names, a follow-up note naming someone.
SECRETS = (
    "Ana Lopes",
    "Coop Ana",
    "Bruno Segredo",
    "Quinta do Bruno",
    "Carla Oculta",
    "Marta Facilitadora",
    "Lena Coordinadora",
    "Called Bruno",
)


class Room:
    """A local plan workshop that went all the way: three social economy people, three
    from local authorities, two businesses (too few to show at the default of three),
    cards, dots, a readiness rating, pledges followed up, a named question."""

    def __init__(self, session) -> None:
        self.session = session
        owner = accounts.create_user(
            session=session,
            username="marta",
            name="Marta Facilitadora",
            password=PASSWORD,
            role=Role.FACILITATOR,
        )
        session.commit()
        self.owner = accounts.to_auth_user(owner)
        self.workshop = ws.create_workshop(
            session=session, user=self.owner, title="Kinda valley", territory="Östergötland"
        )
        self.workshop.held_on = date(2026, 11, 24)
        self.workshop.next_steps = "Meet again in March at the library."
        session.add(self.workshop)
        session.commit()
        self.steps = ws.list_steps(session=session, workshop_id=self.workshop.id)
        self.ana = make_participant(
            session,
            self.workshop,
            group=G.SOCIAL_ECONOMY,
            name="Ana Lopes",
            organisation="Coop Ana",
            name_in_plan=True,  # consented to the plan: still not on the public page
        )
        self.others = [
            make_participant(session, self.workshop, group=g, organisation=f"Org {i}")
            for i, g in enumerate((G.SOCIAL_ECONOMY,) * 2 + (G.PUBLIC_AUTHORITY,) * 3)
        ]
        self.bruno = make_participant(
            session,
            self.workshop,
            group=G.BUSINESS,
            name="Bruno Segredo",
            organisation="Quinta do Bruno",
        )
        self.carla = make_participant(session, self.workshop, group=G.BUSINESS, name="Carla Oculta")
        self.phone, self.token = make_phone(session, self.workshop, group=G.CIVIL_SOCIETY)
        session.commit()
        self.everyone = [self.ana, *self.others, self.bruno, self.carla]

    def run(self, index: int):
        step = self.steps[index]
        ws.open_step(session=self.session, user=self.owner, step_id=step.id)
        self.session.commit()
        return step

    def play(self) -> None:
        """Ratings, cards, dots (the businesses back "Bus"), pledges and a follow-up."""
        step = self.run(ASSESSMENT)
        for person in self.everyone:
            assessment_rules.rate(
                session=self.session,
                participant_id=person.id,
                step_id=step.id,
                ratings={"vision": 7},
            )
        challenges = self.run(CHALLENGES)
        self.cards = {
            text: ideas_rules.add_card(
                session=self.session,
                participant_id=self.ana.id,
                step_id=challenges.id,
                text=text,
                category=challenges.config["categories"][0],
            )
            for text in ("Bus", "Care cooperative")
        }
        vote = self.run(VOTE)
        for person, card, dots in (
            (self.bruno, "Bus", 3),
            (self.carla, "Bus", 2),
            (self.ana, "Care cooperative", 3),
            (self.others[0], "Care cooperative", 3),
            (self.others[3], "Care cooperative", 1),
        ):
            vote_rules.set_dots(
                session=self.session,
                participant_id=person.id,
                step_id=vote.id,
                card_id=self.cards[card].id,
                dots=dots,
            )
        pledges = self.run(COMMITMENTS)
        made = [
            pledge_rules.pledge(
                session=self.session,
                participant_id=person.id,
                step_id=pledges.id,
                role=role,
                kind=CommitmentKind.TIME,
                what="Two afternoons",
                priority_text="Care cooperative",
            )
            for person, role in (
                (self.ana, CommitmentRole.LEAD),
                (self.bruno, CommitmentRole.SUPPORTING),
            )
        ]
        self.session.commit()
        followup.update_commitment(
            session=self.session,
            user=self.owner,
            commitment_id=made[1].id,
            status=CommitmentStatus.IN_PROGRESS,
            note="Called Bruno about the barn",
        )
        self.session.commit()

    def ask(self) -> None:
        """A questions step that lets askers be named; Ana asks with her name."""
        step = ws.add_step(
            session=self.session,
            user=self.owner,
            workshop_id=self.workshop.id,
            kind=StepKind.QUESTIONS,
            title="Questions to the mayor",
            config={"names": True},
        )
        self.session.commit()
        ws.open_step(session=self.session, user=self.owner, step_id=step.id)
        self.session.commit()
        question_rules.ask(
            session=self.session,
            participant_id=self.ana.id,
            step_id=step.id,
            text="Who pays for the bus?",
            show_name=True,
        )
        self.session.commit()

    def switch(self, on: bool, user=None) -> Workshop:
        workshop = public.set_public(
            session=self.session, user=user or self.owner, workshop_id=self.workshop.id, on=on
        )
        self.session.commit()
        return workshop

    def shown(self, key: str | None = None) -> public.PublicResults | None:
        if key is None:
            key = self.session.get(Workshop, self.workshop.id).public_key
        return public.public_results(session=self.session, key=key)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """bcrypt's cheapest cost: these tests make accounts, not check passwords."""
    import bcrypt

    gensalt = bcrypt.gensalt
    monkeypatch.setattr(bcrypt, "gensalt", lambda rounds=4, prefix=b"2b": gensalt(4, prefix))


@pytest.fixture
def room(session) -> Room:
    return Room(session)


def every_text(value: object) -> str:
    """Everything a PublicResults holds, as text: fields, frames, each step's part and
    what its report blocks would print, the page's tables."""
    if isinstance(value, pd.DataFrame):
        return value.to_csv(index=False)
    if isinstance(value, list | tuple):
        return "\n".join(every_text(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [every_text(getattr(value, f.name)) for f in dataclasses.fields(value)]
        if hasattr(value, "blocks"):
            parts.append(repr(value.blocks({})))
        return "\n".join(parts)
    return str(value)


def shown_text(results: public.PublicResults) -> str:
    return "\n".join(
        [
            every_text(results),
            every_text(public.room_table(results)),
            every_text(public.pledges_table(results.pledges)),
        ]
    )


# --- on, off ---------------------------------------------------------------------------


def test_off_by_default_on_shows_the_results_off_again_gone_at_once(room):
    room.play()
    workshop = room.session.get(Workshop, room.workshop.id)
    assert (workshop.public_results, workshop.public_key) == (False, None)

    version = workshop.version
    on = room.switch(True)
    key, on_version = on.public_key, on.version
    assert on.public_results and codes.looks_like_token(key) and len(key) == 22
    assert on.version > version  # cached reads of the workshop are read again
    found = public.published(session=room.session, key=key)
    assert (found.workshop_id, found.version, found.language) == (on.id, on.version, "en")

    results = room.shown()
    assert results.title == "Kinda valley" and results.territory == "Östergötland"
    assert results.held_on == date(2026, 11, 24)
    assert results.participants == 9
    (vote,) = [s for s in results.sections if s.kind == "dot_vote"]
    assert list(vote.agreement.text) == ["Care cooperative", "Bus"]  # ranked by dots
    assert results.priorities_voted == 2
    assert {s.kind for s in results.sections} >= {"assessment", "dot_vote"}
    assert list(results.pledges.status) == ["planned", "in_progress"]
    assert results.next_steps == "Meet again in March at the library."

    off = room.switch(False)
    assert off.version > on_version
    assert public.published(session=room.session, key=key) is None
    assert room.shown(key) is None  # the same answer as for a key never made

    again = room.switch(True)
    assert again.public_key == key  # a link already printed works again
    assert room.shown(key) is not None


def test_switching_to_what_it_is_changes_nothing(room):
    version = room.switch(False).version
    assert room.session.get(Workshop, room.workshop.id).version == version
    key = room.switch(True).public_key
    assert room.switch(True).public_key == key


def test_anything_else_as_a_key_is_not_available(room):
    room.switch(True)
    for key in (None, "", "short", "x" * 200, "'; DROP TABLE workshop; --", ["a"], 42, "?p=x"):
        assert public.published(session=room.session, key=key) is None, key
        assert public.public_results(session=room.session, key=key) is None, key


def test_neither_the_join_code_nor_a_token_opens_it(room):
    room.switch(True)
    workshop = room.session.get(Workshop, room.workshop.id)
    for key in (workshop.code, room.token, codes.hash_token(room.token)):
        assert public.public_results(session=room.session, key=key) is None
    assert workshop.public_key not in (workshop.code, room.token)


def test_a_deleted_workshop_is_not_available(room):
    key = room.switch(True).public_key
    room.session.delete(room.session.get(Workshop, room.workshop.id))  # by an operator
    room.session.commit()
    assert room.shown(key) is None


# --- what it shows -----------------------------------------------------------------------


def test_no_names_organisations_tokens_or_join_code(room):
    room.play()
    room.ask()
    lena = accounts.create_user(
        session=room.session,
        username="lena",
        name="Lena Coordinadora",
        password=PASSWORD,
        role=Role.COORDINATOR,
    )
    ws.share_workshop(
        session=room.session, user=room.owner, workshop_id=room.workshop.id, username="lena"
    )
    room.session.commit()
    del lena
    room.switch(True)
    workshop = room.session.get(Workshop, room.workshop.id)
    results = room.shown()
    text = shown_text(results)

    # What the public does see.
    assert "Care cooperative" in text and "Two afternoons" in text
    assert "Who pays for the bus?" in text
    # What it never sees.
    for secret in SECRETS:
        assert secret not in text, secret
    assert workshop.code not in text
    assert room.token not in text and codes.hash_token(room.token) not in text
    assert "?p=" not in text and "?join=" not in text
    assert "facilitators" not in {f.name for f in dataclasses.fields(results)}
    assert set(results.pledges.columns) == set(public.PLEDGE_COLUMNS)  # no owner, no note

    # The plan the facilitators read does name those who agreed (and the asker).
    plan_text = every_text(local_plan.collect(session=room.session, workshop_id=workshop.id))
    assert "Ana Lopes" in plan_text and "Called Bruno" in plan_text


def test_small_groups_are_shown_together(room):
    room.play()
    room.switch(True)
    results = room.shown()
    room_groups = results.room.set_index("group").participants.to_dict()
    # Two businesses and one civil society phone: pooled, never named.
    assert room_groups == {"social_economy": 3, "public_authority": 3, TOO_FEW: 3}
    assert list(public.room_table(results).iloc[:, 0])[-1] == "Too few to show"
    (vote,) = [s for s in results.sections if s.kind == "dot_vote"]
    assert "business" not in set(vote.tally.group) and TOO_FEW in set(vote.tally.group)
    assert "business" not in set(vote.agreement.keenest_group)
    (assessment,) = [s for s in results.sections if s.kind == "assessment"]
    assert set(assessment.frame.group) == {"*", "social_economy", "public_authority"}
    # Bruno's pledge: his group is too small, so it is pooled too.
    assert list(results.pledges.group) == ["social_economy", TOO_FEW]
    assert "business" not in shown_text(results)


def test_results_hidden_until_revealed_are_left_out(room):
    room.play()
    vote = room.steps[VOTE]
    ws.update_step(session=room.session, user=room.owner, step_id=vote.id, results_hidden=True)
    room.session.commit()
    room.switch(True)
    assert "dot_vote" not in {s.kind for s in room.shown().sections}
    plan = local_plan.collect(session=room.session, workshop_id=room.workshop.id)
    assert public.withheld(session=room.session, plan=plan) == [vote.title]

    ws.start_top_reveal(session=room.session, user=room.owner, step_id=vote.id, top=1)
    ws.reveal_next(session=room.session, user=room.owner, step_id=vote.id)
    room.session.commit()
    assert "dot_vote" not in {s.kind for s in room.shown().sections}  # only the top one

    ws.reveal_results(session=room.session, user=room.owner, step_id=vote.id)
    room.session.commit()
    assert "dot_vote" in {s.kind for s in room.shown().sections}
    assert public.withheld(session=room.session, plan=plan) == []


def test_the_facilitators_plan_is_not_changed_by_reading_the_public_one(room):
    """The public copy blanks names in its own copy of each part, not in the plan's."""
    room.play()
    room.ask()
    room.switch(True)
    plan = local_plan.collect(session=room.session, workshop_id=room.workshop.id)
    steps = ws.list_steps(session=room.session, workshop_id=room.workshop.id)
    reveals = {s.id: Reveal.of(s) for s in steps}
    results = public.from_plan(plan, reveals)
    (asked,) = [s for s in plan.sections if s.kind == "questions"]
    (shown,) = [s for s in results.sections if s.kind == "questions"]
    assert list(asked.frame.who) == ["Ana Lopes, Coop Ana"]
    assert list(shown.frame.who) == [""]
    assert plan.pledges.owner.iloc[0] == "Ana Lopes, Coop Ana"


# --- who may switch it --------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("owner", True),
        ("shared", True),
        ("coordinator", True),
        ("other facilitator", False),
        ("nobody", False),
    ],
)
def test_who_may_switch_it(room, who, allowed):
    users = {
        "owner": room.owner,
        "shared": accounts.to_auth_user(make_user(room.session, username="maite")),
        "coordinator": accounts.to_auth_user(make_user(room.session, role=Role.COORDINATOR)),
        "other facilitator": accounts.to_auth_user(make_user(room.session, username="erik")),
        "nobody": None,
    }
    ws.share_workshop(
        session=room.session, user=room.owner, workshop_id=room.workshop.id, username="maite"
    )
    room.session.commit()
    version = room.session.get(Workshop, room.workshop.id).version
    if allowed:
        assert room.switch(True, user=users[who]).public_results
        return
    with pytest.raises(NotAllowed):
        public.set_public(
            session=room.session, user=users[who], workshop_id=room.workshop.id, on=True
        )
    room.session.rollback()
    workshop = room.session.get(Workshop, room.workshop.id)
    assert (workshop.public_results, workshop.public_key, workshop.version) == (
        False,
        None,
        version,
    )


def test_another_user_cannot_switch_it_off(room):
    key = room.switch(True).public_key
    erik = accounts.to_auth_user(make_user(room.session, username="erik"))
    with pytest.raises(NotAllowed):
        room.switch(False, user=erik)
    room.session.rollback()
    assert room.shown(key) is not None


def test_unknown_workshop_and_a_choice_that_is_not_a_bool(room):
    with pytest.raises(public.UnknownWorkshop):
        public.set_public(session=room.session, user=room.owner, workshop_id=10_000, on=True)
    with pytest.raises(public.PublicResultsError):
        public.set_public(
            session=room.session, user=room.owner, workshop_id=room.workshop.id, on="yes"
        )


def test_each_workshop_has_its_own_key(session):
    owner = make_user(session)
    user = accounts.to_auth_user(owner)
    keys = set()
    for title in ("One", "Two", "Three"):
        w = ws.create_workshop(session=session, user=user, title=title)
        session.commit()
        keys.add(
            public.set_public(session=session, user=user, workshop_id=w.id, on=True).public_key
        )
        session.commit()
    assert len(keys) == 3
    assert len(session.exec(select(Workshop).where(Workshop.public_results)).all()) == 3


def test_the_link():
    assert (
        public.link("https://pari.example.org/", "abcDEF123_-abcDEF123_")
        == "https://pari.example.org/results?r=abcDEF123_-abcDEF123_"
    )


def test_a_card_taken_off_the_wall_is_not_named_by_a_pledge_to_it(room):
    """A pledge keeps pointing at its card after the facilitator hides it: the public
    page does not publish that card's words (the phones and the wall no longer show it)."""
    from pari import moderation

    room.play()
    pledges = room.steps[COMMITMENTS]
    made = pledge_rules.pledge(
        session=room.session,
        participant_id=room.ana.id,
        step_id=pledges.id,
        role=CommitmentRole.LEAD,
        kind=CommitmentKind.TIME,
        what="Drive on Sundays",
        priority_text="Sunday buses",
    )
    made.contribution_id, made.priority_text = room.cards["Bus"].id, ""  # pledged to the card
    room.session.add(made)
    room.session.commit()
    room.switch(True)
    assert "Bus" in list(room.shown().pledges.priority)
    moderation.hide_card(session=room.session, user=room.owner, card_id=room.cards["Bus"].id)
    room.session.commit()
    priorities = list(room.shown().pledges.priority)
    assert "Bus" not in priorities and "A priority no longer shown" in priorities
    assert len(priorities) == 3  # the pledge is still counted


def test_pledges_of_a_commitments_step_with_hidden_results_are_left_out(room):
    room.play()
    pledges = room.steps[COMMITMENTS]
    room.switch(True)
    assert len(room.shown().pledges) == 2 and room.shown().follow_up_shown
    ws.update_step(session=room.session, user=room.owner, step_id=pledges.id, results_hidden=True)
    room.session.commit()
    shown = room.shown()
    assert shown.pledges.empty and shown.no_lead.empty and not shown.follow_up_shown
    plan = local_plan.collect(session=room.session, workshop_id=room.workshop.id)
    assert pledges.title in public.withheld(session=room.session, plan=plan)
    ws.reveal_results(session=room.session, user=room.owner, step_id=pledges.id)
    room.session.commit()
    assert len(room.shown().pledges) == 2 and room.shown().follow_up_shown
