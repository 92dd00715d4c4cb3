"""Issue 21, item 2, on a 390 px phone: after the workshop a participant's own link
shows "what we decided": the room's ranking, their card merged into another shown as
merged (and where that card ranked), and their pledge, whose follow-up changes as a
coordinator records it."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from pari import accounts, moderation
from pari import workshops as ws
from pari.db import make_engine, migrate
from pari.models import (
    CommitmentKind,
    CommitmentRole,
    CommitmentStatus,
    StakeholderGroup,
    StepKind,
    WorkshopStatus,
)
from pari.reporting import followup
from pari.steps.commitments import rules as pledge_rules
from pari.steps.dot_vote import rules as vote_rules
from pari.steps.ideas import rules as ideas_rules
from tests.browser.conftest import PHONE, page_shown_on_failure, shot, wait_idle
from tests.browser.test_facilitator import coordinator_and_maria
from tests.factories import make_current, make_phone, make_workshop

STEPS = [
    (StepKind.CHECK_IN, "Who is in the room?", {}),
    (StepKind.IDEAS, "Challenges", {"categories": ["Social"]}),
    (StepKind.DOT_VOTE, "Challenge priorities", {"budget": 5, "per_card_cap": 5}, 1),
    (StepKind.COMMITMENTS, "Who does what", {}, 1),
]
CHECK_IN, IDEAS, VOTE, PLEDGES = range(len(STEPS))
KEPT = "Young people leave the valley"
MINE = "Youth moving away"
OTHER = "No bus on Sundays"
SECRET = "Brita Secretname"


def held(database_url: str) -> SimpleNamespace:
    """A workshop held and closed: Ana (this phone) and Brita wrote cards and voted; the
    facilitator merged Ana's card into Brita's; Ana pledged for the kept card."""
    engine = make_engine(database_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        maria = coordinator_and_maria(s)
        owner = accounts.to_auth_user(maria)
        w, steps = make_workshop(s, owner=maria, steps=STEPS)
        ana, token = make_phone(s, w, group=StakeholderGroup.BUSINESS)
        brita, _ = make_phone(s, w, group=StakeholderGroup.PUBLIC_AUTHORITY)
        brita.name = SECRET
        s.add(brita)
        s.commit()

        make_current(s, w, steps[IDEAS])

        def card(person, text):
            made = ideas_rules.add_card(
                session=s,
                participant_id=person.id,
                step_id=steps[IDEAS].id,
                text=text,
                category="Social",
            )
            s.commit()
            return made

        mine, kept, other = card(ana, MINE), card(brita, KEPT), card(brita, OTHER)
        make_current(s, w, steps[VOTE])
        for person, alloc in ((ana, [(mine, 3), (other, 1)]), (brita, [(kept, 2), (other, 2)])):
            for c, dots in alloc:
                vote_rules.set_dots(
                    session=s,
                    participant_id=person.id,
                    step_id=steps[VOTE].id,
                    card_id=c.id,
                    dots=dots,
                )
        s.commit()
        make_current(s, w, steps[PLEDGES])
        van = pledge_rules.pledge(
            session=s,
            participant_id=ana.id,
            step_id=steps[PLEDGES].id,
            role=CommitmentRole.LEAD,
            kind=CommitmentKind.TIME,
            what="Drive a youth bus on Fridays",
            contribution_id=kept.id,
        )
        s.commit()
        moderation.merge_cards(session=s, user=owner, keep_id=kept.id, duplicate_ids=[mine.id])
        ws.set_status(session=s, user=owner, workshop_id=w.id, status=WorkshopStatus.CLOSED)
        s.commit()
    return SimpleNamespace(
        engine=engine, owner=owner, token=token, pledge_id=van.id, workshop_id=w.id
    )


@pytest.fixture
def room(server) -> Iterator[SimpleNamespace]:
    r = held(server.database_url)
    yield r
    r.engine.dispose()


def test_the_link_after_the_workshop_shows_what_we_decided(server, room, phone):
    assert phone.viewport_size == PHONE
    phone.goto(f"{server.url}/?p={room.token}")
    with page_shown_on_failure(phone, "what-we-decided"):
        expect(phone.get_by_role("heading", name="What we decided")).to_be_visible()
        # The room's ranking: the kept card first with the merged card's dots (2 + 3).
        ranking = phone.get_by_text(f"1. {KEPT} · 5 dots · your card")
        expect(ranking).to_be_visible()
        expect(phone.get_by_text(f"2. {OTHER} · 3 dots")).to_be_visible()
        # Ana's card, shown as merged, and where the card it went into ranked.
        expect(phone.get_by_text(MINE, exact=True)).to_be_visible()
        expect(
            phone.get_by_text(f"Merged into: “{KEPT}” · ranked #1 of 2 in “Challenge priorities”")
        ).to_be_visible()
        expect(phone.get_by_text("Follow-up: Planned")).to_be_visible()
        wait_idle(phone)
        assert SECRET not in phone.locator("body").inner_text()
        shot(phone, "what-we-decided-phone")

        # A coordinator records progress; the same link shows it.
        with Session(room.engine) as s:
            followup.update_commitment(
                session=s,
                user=room.owner,
                commitment_id=room.pledge_id,
                status=CommitmentStatus.IN_PROGRESS,
                note="The municipality lends a minibus from March.",
            )
            s.commit()
        phone.reload()
        expect(phone.get_by_text("Follow-up: In progress")).to_be_visible()
        wait_idle(phone)
        # The organisers' note is theirs (it may name people): not on a participant's phone.
        assert "minibus" not in phone.locator("body").inner_text()
        wait_idle(phone)
        shot(phone, "what-we-decided-phone-followed-up")
