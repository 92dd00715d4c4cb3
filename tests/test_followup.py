"""Follow-up of pledges after the workshop: latest status wins, permissions hold."""

from __future__ import annotations

import pytest
from sqlmodel import select

from pari import accounts
from pari import workshops as ws
from pari.models import (
    Commitment,
    CommitmentKind,
    CommitmentRole,
    CommitmentStatus,
    CommitmentUpdate,
    Role,
    StakeholderGroup,
    StepKind,
    Workshop,
)
from pari.permissions import NotAllowed
from pari.reporting import document, exports, followup
from pari.reporting import plan as local_plan
from pari.steps.commitments import rules as pledge_rules
from tests.factories import make_current, make_participant, make_user, make_workshop


@pytest.fixture
def pledged(session):
    owner = make_user(session, username="ana")
    w, steps = make_workshop(
        session, owner=owner, steps=[(StepKind.COMMITMENTS, "Commitments", {})]
    )
    person = make_participant(
        session,
        w,
        group=StakeholderGroup.PUBLIC_AUTHORITY,
        name="Iñaki 🌱",
        organisation="Concejo",
        name_in_plan=True,  # the plan may name them (issue 18)
    )
    session.commit()
    make_current(session, w, steps[0])
    pledge = pledge_rules.pledge(
        session=session,
        participant_id=person.id,
        step_id=steps[0].id,
        role=CommitmentRole.LEAD,
        kind=CommitmentKind.SPACE,
        what="Sala del concejo",
        priority_text="Cooperativa de cuidados",
    )
    session.commit()
    return accounts.to_auth_user(owner), w, pledge


def test_updates_keep_the_latest_status_and_note(session, pledged):
    owner, w, pledge = pledged
    version = w.version
    for status, note in (
        (CommitmentStatus.IN_PROGRESS, "Booked for May"),
        (CommitmentStatus.DONE, "Held the first meeting ✅"),
        (CommitmentStatus.IN_PROGRESS, ""),  # reopened, no note
    ):
        followup.update_commitment(
            session=session, user=owner, commitment_id=pledge.id, status=status, note=note
        )
        session.commit()
    session.expire_all()
    assert session.get(Commitment, pledge.id).status is CommitmentStatus.IN_PROGRESS
    history = followup.history(session=session, commitment_id=pledge.id)
    assert [u.status for u in history] == [
        CommitmentStatus.IN_PROGRESS,
        CommitmentStatus.DONE,
        CommitmentStatus.IN_PROGRESS,
    ]
    assert (
        followup.latest_updates(session=session, workshop_id=w.id)[pledge.id].id == history[-1].id
    )
    assert session.get(Workshop, w.id).version > version  # cached plans are rebuilt

    # The plan, the report and the export all show the latest status.
    plan = local_plan.collect(session=session, workshop_id=w.id)
    row = plan.pledges.iloc[0]
    assert (row.status, row.note, row.owner) == (
        "in_progress",
        "Held the first meeting ✅",
        "Iñaki 🌱, Concejo",
    )
    page = document.html_report(plan, lang="en", draw_charts=False)
    assert "In progress" in page and "Held the first meeting ✅" in page
    exported = exports.workshop_export(session=session, workshop=w).tables["commitments"][0]
    assert exported["status"] == "in_progress"
    assert exported["latest_note"] == "Held the first meeting ✅"
    assert exported["updates_count"] == 3


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("owner", True),
        ("shared", True),
        ("coordinator", True),
        ("other_facilitator", False),
    ],
)
def test_who_may_follow_up(session, pledged, who, allowed):
    owner, w, pledge = pledged
    users = {
        "owner": owner,
        "shared": accounts.to_auth_user(make_user(session, username="maite")),
        "coordinator": accounts.to_auth_user(make_user(session, role=Role.COORDINATOR)),
        "other_facilitator": accounts.to_auth_user(make_user(session, username="erik")),
    }
    ws.share_workshop(session=session, user=owner, workshop_id=w.id, username="maite")
    session.commit()
    user = users[who]
    assert followup.can_follow_up(session=session, user=user, workshop=w) is allowed
    assert followup.can_export(session=session, user=user, workshop=w) is allowed
    if allowed:
        followup.update_commitment(
            session=session, user=user, commitment_id=pledge.id, status=CommitmentStatus.DONE
        )
        followup.set_next_steps(session=session, user=user, workshop_id=w.id, text="Meet again")
    else:
        with pytest.raises(NotAllowed):
            followup.update_commitment(
                session=session, user=user, commitment_id=pledge.id, status=CommitmentStatus.DONE
            )
        with pytest.raises(NotAllowed):
            followup.set_next_steps(session=session, user=user, workshop_id=w.id, text="x")
        session.rollback()
        assert session.exec(select(CommitmentUpdate)).all() == []
    assert followup.can_export(session=session, user=None, workshop=w) is False


def test_bad_input_gets_a_clear_message(session, pledged):
    owner, w, pledge = pledged
    with pytest.raises(followup.InvalidInput) as too_long:
        followup.update_commitment(
            session=session, user=owner, commitment_id=pledge.id, status="done", note="x" * 2001
        )
    assert "at most 2000 characters" in too_long.value.localized()
    with pytest.raises(followup.InvalidInput):
        followup.update_commitment(
            session=session, user=owner, commitment_id=pledge.id, status="finished"
        )
    with pytest.raises(followup.UnknownCommitment):
        followup.update_commitment(
            session=session, user=owner, commitment_id=999_999, status="done"
        )
    with pytest.raises(followup.UnknownWorkshop):
        followup.set_next_steps(session=session, user=owner, workshop_id=999_999, text="x")
    # Control characters go, text as written stays (shown as plain text everywhere).
    saved = followup.set_next_steps(
        session=session, user=owner, workshop_id=w.id, text="<b>Plan</b>\x00 =1+1 **bold**"
    )
    assert saved.next_steps == "<b>Plan</b> =1+1 **bold**"


def test_withdrawn_pledge_cannot_be_followed_up(session, pledged):
    owner, _w, pledge = pledged
    row = session.get(Commitment, pledge.id)
    row.withdrawn = True
    session.add(row)
    session.commit()
    with pytest.raises(followup.InvalidInput):
        followup.update_commitment(
            session=session, user=owner, commitment_id=pledge.id, status="done"
        )
