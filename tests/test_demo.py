"""The demo fills every step kind through the real services, in three territories."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from pari.demo import create_demo
from pari.models import (
    Assessment,
    Ballot,
    Commitment,
    Contribution,
    Participant,
    PollAnswer,
    Score,
    StakeholderGroup,
    StepState,
    Vote,
    Workshop,
    WorkshopStatus,
)
from pari.workshops import get_by_code


def test_demo_makes_answers_of_every_kind_from_every_group(session):
    result = create_demo(session=session)
    session.commit()
    assert result.new_password  # no account existed: the demo made one and says its password
    assert len(result.codes) == 3
    territories = set(session.exec(select(Workshop.territory)))
    assert len(territories) >= 2
    for model in (Contribution, Vote, Score, Assessment, PollAnswer, Commitment):
        assert session.exec(select(func.count()).select_from(model)).one() > 0, model
    groups = set(session.exec(select(Participant.group)))
    assert groups == set(StakeholderGroup)
    # The rules held: no ballot over its budget, votes add up to what ballots say.
    for ballot in session.exec(select(Ballot)):
        assert 0 <= ballot.spent <= ballot.budget
        total = session.exec(
            select(func.sum(Vote.dots)).where(
                Vote.step_id == ballot.step_id, Vote.participant_id == ballot.participant_id
            )
        ).one()
        assert (total or 0) == ballot.spent

    live = get_by_code(session=session, code=result.live_code)
    assert live.status is WorkshopStatus.LIVE
    from pari.models import Step

    step = session.get(Step, live.current_step_id)
    assert step.state is StepState.OPEN and step.title == "Challenges"


def test_demo_runs_twice_without_clashing(session):
    first = create_demo(session=session)
    session.commit()
    second = create_demo(session=session)
    session.commit()
    assert second.new_password is None  # the demo coordinator exists now
    assert set(first.codes).isdisjoint(second.codes)
    assert session.exec(select(func.count()).select_from(Workshop)).one() == 6
