"""AppTest of the coordinators' follow-up progress (issue 21) on the dashboard."""

from __future__ import annotations

from sqlmodel import select

from pari import accounts, urls
from pari.demo import create_demo
from pari.models import Commitment, CommitmentStatus, Participant, User, Workshop
from pari.reporting import followup
from tests.pages.conftest import goto, texts


def test_progress_after_two_status_changes(new_app, db_session):
    result = create_demo(session=db_session)
    db_session.commit()
    coordinator = db_session.exec(select(User).where(User.username == result.owner)).one()
    navarra = db_session.exec(select(Workshop).where(Workshop.territory == "Navarra")).one()
    first, second = db_session.exec(
        select(Commitment)
        .where(Commitment.workshop_id == navarra.id, Commitment.withdrawn == False)  # noqa: E712
        .order_by(Commitment.id)
    ).all()[:2]
    me = accounts.to_auth_user(coordinator)
    for pledge, status in ((first, CommitmentStatus.IN_PROGRESS), (second, CommitmentStatus.DONE)):
        followup.update_commitment(
            session=db_session, user=me, commitment_id=pledge.id, status=status, note="Noted"
        )
    db_session.commit()
    pledges = len(
        db_session.exec(
            select(Commitment.id).where(
                Commitment.workshop_id == navarra.id,
                Commitment.withdrawn == False,  # noqa: E712
            )
        ).all()
    )

    at = goto(new_app(user=coordinator), urls.OVERVIEW).run()
    assert not at.exception, at.exception
    assert "Follow-up progress" in texts(at)
    at.selectbox(key="dash_progress_territory").select("Navarra").run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Planned": str(pledges - 2),
        "In progress": "1",
        "Done": "1",
        "Dropped": "0",
    }
    frames = [el.value for el in at.dataframe]
    over_time = next(f for f in frames if "Date" in f.columns and "In progress" in f.columns)
    last = over_time.iloc[-1]
    assert (last["In progress"], last["Done"], last["Pledges"]) == (1, 1, pledges)
    by_workshop = next(f for f in frames if "Territory" in f.columns and "In progress" in f.columns)
    assert set(by_workshop["Territory"]) == {"Navarra"}
    by_priority = next(f for f in frames if "Priority" in f.columns and "In progress" in f.columns)
    assert by_priority["Pledges"].sum() == pledges
    assert "Follow-up progress (CSV)" in {b.proto.label for b in at.get("download_button")}
    # No participant's name anywhere in the section.
    names = [n for n in db_session.exec(select(Participant.name)).all() if n.strip()]
    shown = texts(at) + "\n".join(f.to_csv() for f in frames)
    assert not [n for n in names if n in shown]

    at.radio(key="dash_progress_every").set_value("week").run()
    assert not at.exception, at.exception
