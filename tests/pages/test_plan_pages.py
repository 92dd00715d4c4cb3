"""AppTest of the local plan page and the coordinators' dashboard."""

from __future__ import annotations

from sqlmodel import select

from pari import accounts, urls
from pari import workshops as ws
from pari.demo import create_demo
from pari.models import Commitment, CommitmentStatus, Role, User, Workshop
from pari.reporting import followup
from tests.factories import make_participant, make_user
from tests.pages.conftest import goto, texts


def signed_in(new_app, user, page: str, code: str | None = None):
    """A session signed in as ``user`` whose first run is ``page`` (as a typed URL)."""
    at = new_app(user=user, query={"w": code} if code else None)
    return goto(at, page).run()


def demo(db_session):
    result = create_demo(session=db_session)
    db_session.commit()
    coordinator = db_session.exec(select(User).where(User.username == result.owner)).one()
    workshops = {
        w.code: w for w in db_session.exec(select(Workshop).where(Workshop.code.in_(result.codes)))
    }
    return coordinator, workshops


def frames(at):
    return [el.value for el in at.dataframe]


def test_coordinator_dashboard_compares_at_least_two_territories(new_app, db_session):
    coordinator, _workshops = demo(db_session)
    at = signed_in(new_app, coordinator, urls.OVERVIEW)
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Readiness by territory" in shown
    tables = frames(at)
    listing = tables[0]
    assert set(listing["Territory"]) == {"Östergötland", "Navarra", "Torres Vedras"}
    readiness = next(t for t in tables if "Shared vision and strategy" in t.columns)
    assert readiness["Territory"].nunique() >= 2
    kinds = next(t for t in tables if "Time" in t.columns and "Territory" in t.columns)
    assert kinds["Territory"].nunique() >= 2
    charts = at.get("plotly_chart")
    assert len(charts) >= 2
    # Debriefs and plans side by side.
    assert "Mission debrief: Torres Vedras" in shown
    assert "Local plan: Kinda valley" in shown


def test_dashboard_filters_by_territory(new_app, db_session):
    coordinator, _ = demo(db_session)
    at = signed_in(new_app, coordinator, urls.OVERVIEW)
    at.multiselect(key="dash_territories").select("Navarra").run()
    assert not at.exception
    assert set(frames(at)[0]["Territory"]) == {"Navarra"}
    assert "1 of 3 workshops shown." in texts(at)


def test_dashboard_is_for_coordinators_only(new_app, db_session):
    fac = make_user(db_session)
    at = signed_in(new_app, fac, urls.OVERVIEW)
    assert not at.exception
    assert "Readiness by territory" not in texts(at)


def test_plan_page_shows_the_plan_with_agreement_and_downloads(new_app, db_session):
    coordinator, workshops = demo(db_session)
    salazar = next(w for w in workshops.values() if w.territory == "Navarra")
    at = signed_in(new_app, coordinator, urls.LOCAL_PLAN, salazar.code)
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Who took part" in shown and "Commitments" in shown
    priorities = next(t for t in frames(at) if "Agreement" in t.columns)
    assert priorities["Agreement"].str.endswith("%").all()
    assert {"Follow-up", "Downloads"} <= {t.label for t in at.tabs}
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Report as PDF", "Report as HTML", "All tables (zip)", "Workbook (xlsx)"} <= labels
    assert "participants.csv" in labels


def test_follow_up_through_the_page_keeps_the_latest_status(new_app, db_session):
    coordinator, workshops = demo(db_session)
    salazar = next(w for w in workshops.values() if w.territory == "Navarra")
    at = signed_in(new_app, coordinator, urls.LOCAL_PLAN, salazar.code)
    first = at.selectbox(key="plan_pledge").value
    at.radio[0].set_value(CommitmentStatus.IN_PROGRESS)
    at.text_area[1].input("Hall booked 🎉 for José's group")
    next(b for b in at.button if b.label == "Save the update").click().run()
    assert not at.exception
    assert "Update saved." in texts(at)
    db_session.expire_all()
    pledge = db_session.get(Commitment, first)
    assert pledge.status is CommitmentStatus.IN_PROGRESS
    history = followup.history(session=db_session, commitment_id=first)
    assert [u.note for u in history] == ["Hall booked 🎉 for José's group"]


def test_next_steps_saved_and_shown_as_plain_text(new_app, db_session):
    coordinator, workshops = demo(db_session)
    w = next(iter(workshops.values()))
    at = signed_in(new_app, coordinator, urls.LOCAL_PLAN, w.code)
    at.text_area[0].input("**Council** meets <b>12 May</b> — Iñaki 🌱")
    next(b for b in at.button if b.label == "Save next steps").click().run()
    assert not at.exception
    assert "**Council** meets <b>12 May</b> — Iñaki 🌱" in [t.value for t in at.text]
    db_session.expire_all()
    assert db_session.get(Workshop, w.id).next_steps.startswith("**Council**")


def test_facilitator_of_another_workshop_sees_no_plan_and_no_downloads(new_app, db_session):
    owner = make_user(db_session, username="ana")
    other = make_user(db_session, username="erik")
    w = ws.create_workshop(session=db_session, user=accounts.to_auth_user(owner), title="Ana's")
    ws.create_workshop(session=db_session, user=accounts.to_auth_user(other), title="Erik's")
    db_session.commit()
    at = signed_in(new_app, other, urls.LOCAL_PLAN, w.code)
    assert not at.exception
    assert "No workshop of yours has this code." in [e.value for e in at.error]
    assert "Ana's" not in texts(at)
    assert not at.get("download_button")


def test_empty_workshop_plan_says_why_each_part_is_empty(new_app, db_session):
    owner = make_user(db_session)
    w = ws.create_workshop(
        session=db_session, user=accounts.to_auth_user(owner), title="Empty 🌱 Ñandú"
    )
    db_session.commit()
    at = signed_in(new_app, owner, urls.LOCAL_PLAN, w.code)
    assert not at.exception, at.exception
    info = [i.value for i in at.info]
    assert "Nobody checked in to this workshop." in info
    assert "No commitments were made." in info
    assert "Nobody voted in this step." in info


def test_workshop_deleted_while_a_coordinator_views_it(new_app, db_session):
    coord = make_user(db_session, role=Role.COORDINATOR)
    w = ws.create_workshop(session=db_session, user=accounts.to_auth_user(coord), title="Gone")
    ws.create_workshop(session=db_session, user=accounts.to_auth_user(coord), title="Stays")
    make_participant(db_session, w, group=None)
    db_session.commit()
    at = signed_in(new_app, coord, urls.LOCAL_PLAN, w.code)
    assert not at.exception
    db_session.delete(db_session.get(Workshop, w.id))
    db_session.commit()
    at.run()
    assert not at.exception
    assert any("no longer exists" in e.value for e in at.error)
    at = goto(at, urls.OVERVIEW).run()
    assert not at.exception
    assert "Gone" not in set(frames(at)[0]["Title"])
