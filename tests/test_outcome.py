""" "What we decided" on a participant's own link (issue 21, item 2): the room's
ranking and next steps, what became of this person's cards, their pledges and the
follow-up, and nothing of anyone else."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pari import accounts, moderation
from pari import workshops as ws
from pari.models import (
    CommitmentKind,
    CommitmentRole,
    CommitmentStatus,
    Role,
    StakeholderGroup,
    Step,
    WorkshopStatus,
)
from pari.reporting import followup
from pari.reporting.outcome import CardFate, OutcomeUnavailable, outcome
from pari.steps.commitments import rules as pledge_rules
from pari.steps.dot_vote import rules as vote_rules
from pari.steps.ideas import rules as ideas_rules
from tests.factories import make_participant, make_user

G = StakeholderGroup


def _card(session, person, step, text):
    card = ideas_rules.add_card(
        session=session, participant_id=person.id, step_id=step.id, text=text, category="Social"
    )
    session.commit()
    return card


def _pledge(session, person, step, what, **to):
    made = pledge_rules.pledge(
        session=session,
        participant_id=person.id,
        step_id=step.id,
        role=CommitmentRole.LEAD,
        kind=CommitmentKind.TIME,
        what=what,
        **to,
    )
    session.commit()
    return made


@pytest.fixture
def held(session):
    """A local-plan workshop held and closed: Ana (``a``) and Brita (``b``, named in the
    plan by her consent) wrote challenges and paths, voted, pledged; the facilitator
    merged Ana's duplicate into Brita's card and hid one of Ana's cards.

    The vote, after moderation: 1. "Young people leave" 5 dots (Brita's, with Ana's
    "Youth leaving" merged in), 2. "No bus on Sundays" 3 (Ana's), 3. "Broadband is
    slow" 1 (Brita's); "Rude words" (Ana's) hidden, its dot no longer counted."""
    owner = accounts.to_auth_user(make_user(session, username="fac"))
    w = ws.create_workshop(session=session, user=owner, title="Kinda", dot_budget=5)
    steps = ws.list_steps(session=session, workshop_id=w.id)
    challenges, vote, paths, pledges = steps[6], steps[7], steps[8], steps[10]
    a = make_participant(session, w, group=G.BUSINESS, name="Ana Sundin")
    b = make_participant(
        session,
        w,
        group=G.PUBLIC_AUTHORITY,
        name="Brita Secret",
        organisation="Brita's Kommun",
        name_in_plan=True,
    )
    session.commit()

    ws.open_step(session=session, user=owner, step_id=challenges.id)
    youth = _card(session, a, challenges, "Youth leaving")
    bus = _card(session, a, challenges, "No bus on Sundays")
    rude = _card(session, a, challenges, "Rude words")
    young = _card(session, b, challenges, "Young people leave")
    broadband = _card(session, b, challenges, "Broadband is slow")
    ws.open_step(session=session, user=owner, step_id=paths.id)
    car = _card(session, a, paths, "Car sharing")
    cars = _card(session, b, paths, "Shared cars")
    ws.open_step(session=session, user=owner, step_id=vote.id)
    session.commit()
    for person, alloc in (
        (a, [(youth, 2), (bus, 3)]),
        (b, [(young, 3), (broadband, 1), (rude, 1)]),
    ):
        for card, dots in alloc:
            vote_rules.set_dots(
                session=session,
                participant_id=person.id,
                step_id=vote.id,
                card_id=card.id,
                dots=dots,
            )
    session.commit()

    ws.open_step(session=session, user=owner, step_id=pledges.id)
    session.commit()
    van = _pledge(session, a, pledges, "Drive the van on Sundays", contribution_id=car.id)
    taken_back = _pledge(session, a, pledges, "Ask the bank", priority_text="A loan")
    pledge_rules.withdraw_pledge(session=session, participant_id=a.id, commitment_id=taken_back.id)
    hall = _pledge(session, b, pledges, "Lend the town hall", priority_text="Meeting place")
    session.commit()

    moderation.merge_cards(session=session, user=owner, keep_id=young.id, duplicate_ids=[youth.id])
    moderation.merge_cards(session=session, user=owner, keep_id=cars.id, duplicate_ids=[car.id])
    moderation.hide_card(session=session, user=owner, card_id=rude.id)
    ws.set_status(session=session, user=owner, workshop_id=w.id, status=WorkshopStatus.CLOSED)
    session.commit()
    cards = {c.text: c for c in (youth, bus, rude, young, broadband, car, cars)}
    return SimpleNamespace(owner=owner, w=w, vote=vote, a=a, b=b, cards=cards, van=van, hall=hall)


def test_a_merged_card_says_where_it_went_and_ranks_with_the_card_kept(session, held):
    mine = {c.text: c for c in outcome(session=session, participant_id=held.a.id).cards}
    youth = mine["Youth leaving"]
    assert (youth.fate, youth.merged_into) == (CardFate.MERGED, "Young people leave")
    assert [(r.rank, r.of, r.dots) for r in youth.ranks] == [(1, 3, 5)]
    car = mine["Car sharing"]  # of another step, merged too, never voted on
    assert (car.fate, car.merged_into, car.ranks) == (CardFate.MERGED, "Shared cars", ())
    assert car.step_title == "Innovation paths"


def test_a_kept_card_is_ranked_and_a_hidden_one_is_not(session, held):
    out = outcome(session=session, participant_id=held.a.id)
    mine = {c.text: c for c in out.cards}
    bus = mine["No bus on Sundays"]
    assert (bus.fate, bus.merged_into) == (CardFate.KEPT, None)
    assert [(r.step_id, r.title, r.rank, r.of, r.dots) for r in bus.ranks] == [
        (held.vote.id, "Challenge priorities", 2, 3, 3)
    ]
    rude = mine["Rude words"]
    assert (rude.fate, rude.merged_into, rude.ranks) == (CardFate.HIDDEN, None, ())

    # The room's ranking, as the plan numbers it, with this person's part marked.
    [vote] = out.rankings
    assert vote.title == "Challenge priorities"
    assert [(p.rank, p.text, p.dots, p.yours) for p in vote.priorities] == [
        (1, "Young people leave", 5, True),  # Ana's "Youth leaving" went into it
        (2, "No bus on Sundays", 3, True),
        (3, "Broadband is slow", 1, False),
    ]


def test_pledges_follow_the_status_coordinators_record(session, held):
    owner, w, a, cards, van = held.owner, held.w, held.a, held.cards, held.van
    [pledge] = outcome(session=session, participant_id=a.id).pledges  # the one taken back: gone
    assert pledge.commitment_id == van.id
    # Pledged to a card merged since: it now stands for the card kept.
    assert (pledge.priority, pledge.card_id) == ("Shared cars", cards["Shared cars"].id)
    assert (pledge.status, pledge.status_at, pledge.note, pledge.history) == (
        CommitmentStatus.PLANNED,
        None,
        "",
        (),
    )

    coordinator = accounts.to_auth_user(make_user(session, role=Role.COORDINATOR))
    followup.update_commitment(
        session=session,
        user=owner,
        commitment_id=van.id,
        status=CommitmentStatus.IN_PROGRESS,
        note="Van booked for May",
    )
    followup.update_commitment(
        session=session, user=coordinator, commitment_id=van.id, status=CommitmentStatus.DONE
    )
    followup.set_next_steps(session=session, user=owner, workshop_id=w.id, text="Meet in June")
    session.commit()

    out = outcome(session=session, participant_id=a.id)
    [pledge] = out.pledges
    assert pledge.status is CommitmentStatus.DONE
    assert pledge.note == "Van booked for May"  # the latest note given, with its date
    assert pledge.noted_at <= pledge.status_at
    assert [(u.status, u.note) for u in pledge.history] == [
        (CommitmentStatus.IN_PROGRESS, "Van booked for May"),
        (CommitmentStatus.DONE, ""),
    ]
    assert out.next_steps == "Meet in June"
    assert out.status is WorkshopStatus.CLOSED


def test_nothing_of_another_participant(session, held):
    owner, a, b, van, hall = held.owner, held.a, held.b, held.van, held.hall
    followup.update_commitment(
        session=session,
        user=owner,
        commitment_id=hall.id,
        status=CommitmentStatus.DROPPED,
        note="Brita's hall is closed",
    )
    session.commit()
    out = outcome(session=session, participant_id=a.id)
    assert {c.text for c in out.cards} == {
        "Youth leaving",
        "No bus on Sundays",
        "Rude words",
        "Car sharing",
    }
    assert [p.commitment_id for p in out.pledges] == [van.id]
    seen = repr(out)
    for secret in ("Brita", "Lend the town hall", "Meeting place", b.token_hash, a.token_hash):
        assert secret not in seen
    assert "Ana Sundin" not in seen  # not even one's own name: the link knows who it is

    theirs = outcome(session=session, participant_id=b.id)
    assert {c.text for c in theirs.cards} == {
        "Young people leave",
        "Broadband is slow",
        "Shared cars",
    }
    assert all(c.fate is CardFate.KEPT for c in theirs.cards)
    assert [(p.what, p.status, p.note) for p in theirs.pledges] == [
        ("Lend the town hall", CommitmentStatus.DROPPED, "Brita's hall is closed")
    ]
    for secret in ("Youth leaving", "Rude words", "Drive the van", "Ana"):
        assert secret not in repr(theirs)
    # The room's ranking is the same for both; only "yours" differs.
    assert [p.text for p in theirs.rankings[0].priorities] == [
        p.text for p in out.rankings[0].priorities
    ]
    assert [p.yours for p in theirs.rankings[0].priorities] == [True, False, True]


def test_a_participant_of_another_workshop_gets_nothing_of_this_one(session, held):
    owner, a = held.owner, held.a
    other = ws.create_workshop(session=session, user=owner, title="Elsewhere")
    steps = ws.list_steps(session=session, workshop_id=other.id)
    stranger = make_participant(session, other, group=G.SUPPORT)
    session.commit()
    ws.open_step(session=session, user=owner, step_id=steps[6].id)
    _card(session, stranger, steps[6], "Our own challenge")

    out = outcome(session=session, participant_id=stranger.id)
    assert (out.workshop_id, out.title) == (other.id, "Elsewhere")
    assert [c.text for c in out.cards] == ["Our own challenge"]
    assert out.pledges == ()
    assert all(r.priorities == () for r in out.rankings)  # nobody voted there
    seen = repr(out)
    for text in ("Young people leave", "No bus", "Shared cars", "Drive the van", "Kinda"):
        assert text not in seen
    assert "Our own challenge" not in repr(outcome(session=session, participant_id=a.id))


def test_no_such_participant(session):
    with pytest.raises(OutcomeUnavailable) as gone:
        outcome(session=session, participant_id=12345)
    assert "no longer valid" in gone.value.localized()


def test_a_vote_whose_results_the_room_has_not_seen_stays_out(session, held):
    """DESIGN section 2: phones see a result once it is revealed, on this link too."""
    vote = session.get(Step, held.vote.id)  # hidden when the vote ran (closed now)
    vote.results_hidden = True
    session.add(vote)
    session.commit()
    out = outcome(session=session, participant_id=held.a.id)
    assert out.rankings == ()
    assert all(card.ranks == () for card in out.cards)
    vote.revealed = True  # as "Reveal results" leaves it
    session.add(vote)
    session.commit()
    out = outcome(session=session, participant_id=held.a.id)
    assert [r.step_id for r in out.rankings] == [held.vote.id]
    assert {c.text: len(c.ranks) for c in out.cards}["No bus on Sundays"] == 1
