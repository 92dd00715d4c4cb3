"""Follow-up progress (issue 21): pledges by status now, per territory, per priority and
over time, rebuilt from the dated updates of the commitments ledger; never a name."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pari import accounts, chart_text, charts, moderation
from pari.models import (
    Commitment,
    CommitmentKind,
    CommitmentRole,
    CommitmentStatus,
    Role,
    StakeholderGroup,
    StepKind,
    Workshop,
)
from pari.permissions import NotAllowed
from pari.reporting import followup, progress
from pari.steps.commitments import rules as pledge_rules
from pari.steps.ideas import rules as ideas_rules
from tests.factories import make_current, make_participant, make_user, make_workshop

EVENING = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)  # the workshop in Navarra
NOW = datetime(2026, 4, 10, 12, 0, tzinfo=UTC)
NAMES = ("Iñaki Secreto", "Concejo Oculto", "Facilitadora", "Sala de Iñaki", "Llamé a Iñaki")


def _pledge(session, person, step, *, made_at, card=None, typed=None, what="Sala de Iñaki"):
    made = pledge_rules.pledge(
        session=session,
        participant_id=person.id,
        step_id=step.id,
        role=CommitmentRole.LEAD,
        kind=CommitmentKind.SPACE,
        what=what,
        contribution_id=card,
        priority_text=typed,
    )
    made.created_at = made_at  # made on the workshop's evening, not today
    session.add(made)
    session.commit()
    return made


def _update(session, monkeypatch, user, pledge, status, at, note=""):
    """A status change recorded through the ledger, as if written at ``at``."""
    monkeypatch.setattr(followup, "utcnow", lambda: at)
    followup.update_commitment(
        session=session, user=user, commitment_id=pledge.id, status=status, note=note
    )
    session.commit()


@pytest.fixture
def ledger(session):
    """Navarra: a card with two pledges, one to a typed priority, one to a card taken off
    the wall, one withdrawn; Östergötland (typed another way too): one pledge."""
    owner = make_user(session, username="facilitadora")
    coordinator = make_user(session, role=Role.COORDINATOR)
    navarra, (ideas, pledges) = make_workshop(
        session,
        owner=owner,
        steps=[(StepKind.IDEAS, "Paths", {}), (StepKind.COMMITMENTS, "Pledges", {}, 0)],
    )
    navarra.territory, navarra.timezone = "Navarra", "Europe/Madrid"
    navarra.held_on = EVENING.date()
    session.add(navarra)
    person = make_participant(
        session,
        navarra,
        group=StakeholderGroup.PUBLIC_AUTHORITY,
        name="Iñaki Secreto",
        organisation="Concejo Oculto",
        name_in_plan=True,  # even a name the plan may show stays out of the counts
    )
    session.commit()
    make_current(session, navarra, ideas)
    care = ideas_rules.add_card(
        session=session, participant_id=person.id, step_id=ideas.id, text="Cuidados"
    )
    gone = ideas_rules.add_card(
        session=session, participant_id=person.id, step_id=ideas.id, text="Texto moderado"
    )
    session.commit()
    make_current(session, navarra, pledges)
    a = _pledge(session, person, pledges, made_at=EVENING, card=care.id)
    b = _pledge(session, person, pledges, made_at=EVENING, card=care.id)
    c = _pledge(session, person, pledges, made_at=EVENING, typed="Huerta común")
    d = _pledge(session, person, pledges, made_at=EVENING, card=gone.id)
    e = _pledge(session, person, pledges, made_at=EVENING, typed="Retirada")
    withdrawn = session.get(Commitment, e.id)
    withdrawn.withdrawn = True
    session.add(withdrawn)
    moderation.hide_card(session=session, user=accounts.to_auth_user(owner), card_id=gone.id)
    session.commit()

    sweden, (_ideas, pledges_se) = make_workshop(
        session,
        owner=owner,
        steps=[(StepKind.IDEAS, "Idéer", {}), (StepKind.COMMITMENTS, "Åtaganden", {}, 0)],
    )
    sweden.territory, sweden.timezone = "Östergötland", "Europe/Stockholm"
    session.add(sweden)
    svensk = make_participant(
        session, sweden, group=StakeholderGroup.BUSINESS, name="Iñaki Secreto"
    )
    session.commit()
    make_current(session, sweden, pledges_se)
    f = _pledge(
        session,
        svensk,
        pledges_se,
        made_at=datetime(2026, 3, 15, 9, 0, tzinfo=UTC),
        typed="Bygdebuss",
    )
    # A third workshop, its territory typed another way: the same territory.
    other, (pledges_other,) = make_workshop(
        session, owner=owner, steps=[(StepKind.COMMITMENTS, "Åtaganden", {})]
    )
    other.territory = "östergötland "
    session.add(other)
    someone = make_participant(session, other, group=StakeholderGroup.SUPPORT)
    session.commit()
    make_current(session, other, pledges_other)
    g = _pledge(
        session,
        someone,
        pledges_other,
        made_at=datetime(2026, 3, 16, 9, 0, tzinfo=UTC),
        typed="Bygdebuss",
    )
    return {
        "owner": accounts.to_auth_user(owner),
        "coordinator": coordinator,
        "navarra": navarra,
        "sweden": sweden,
        "other": other,
        "pledges": {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "g": g},
    }


def _two_changes(session, monkeypatch, ledger):
    """Pledge a goes in progress on 20 March, then done late on 2 April UTC: 00:30 on
    3 April in Madrid (summer time since 29 March), so 3 April in Navarra."""
    a = ledger["pledges"]["a"]
    owner = ledger["owner"]
    _update(
        session,
        monkeypatch,
        owner,
        a,
        CommitmentStatus.IN_PROGRESS,
        datetime(2026, 3, 20, 10, 0, tzinfo=UTC),
        note="Llamé a Iñaki",
    )
    _update(
        session,
        monkeypatch,
        owner,
        a,
        CommitmentStatus.DONE,
        datetime(2026, 4, 2, 22, 30, tzinfo=UTC),
    )


def _series(p: progress.Progress) -> list[tuple]:
    return [
        (r.on, r.planned, r.in_progress, r.done, r.dropped, r.pledges)
        for r in p.over_time.itertuples()
    ]


def test_two_status_changes_show_on_their_days(session, monkeypatch, ledger):
    _two_changes(session, monkeypatch, ledger)
    p = progress.public_progress(session=session, workshop_id=ledger["navarra"].id, now=NOW)
    assert p.by_status == {"planned": 3, "in_progress": 0, "done": 1, "dropped": 0}
    assert p.pledges == 4  # the withdrawn one is not counted
    assert p.changes == 2
    assert _series(p) == [
        (date(2026, 3, 10), 4, 0, 0, 0, 4),  # made that evening, all planned
        (date(2026, 3, 20), 3, 1, 0, 0, 4),  # the first change
        (date(2026, 4, 3), 3, 0, 1, 0, 4),  # the second, on Navarra's day
        (date(2026, 4, 10), 3, 0, 1, 0, 4),  # as it stands today
    ]
    # The chart draws one line per status through those days, and reads back as text.
    fig = charts.progress_over_time(p.over_time)
    assert [t.name for t in fig.data] == ["Planned", "In progress", "Done", "Dropped"]
    done = next(t for t in fig.data if t.name == "Done")
    assert list(done.y) == [0, 0, 1, 1]
    rows = chart_text.entries(fig)
    assert rows[1] == ("20 Mar 2026", "Planned 3 · In progress 1 · Done 0 · Dropped 0")
    assert rows[2] == ("3 Apr 2026", "Planned 3 · In progress 0 · Done 1 · Dropped 0")
    assert "3 Apr 2026" in chart_text.html_table(fig, "Progress")
    table = progress.over_time_table(p)
    assert table.iloc[2].to_dict() == {
        "Date": "3 Apr 2026",
        "Planned": 3,
        "In progress": 0,
        "Done": 1,
        "Dropped": 0,
        "Pledges": 4,
    }


def test_week_by_week_counts_at_each_sunday_up_to_today(session, monkeypatch, ledger):
    _two_changes(session, monkeypatch, ledger)
    p = progress.public_progress(
        session=session, workshop_id=ledger["navarra"].id, every="week", now=NOW
    )
    assert [(r[0], r[2], r[3]) for r in _series(p)] == [
        (date(2026, 3, 15), 0, 0),  # Sunday of the workshop's week
        (date(2026, 3, 22), 1, 0),
        (date(2026, 3, 29), 1, 0),
        (date(2026, 4, 5), 0, 1),
        (date(2026, 4, 10), 0, 1),  # this week, up to today
    ]


def test_a_pledge_without_updates_counts_as_stored_from_its_day(session, ledger):
    p = progress.public_progress(session=session, workshop_id=ledger["sweden"].id, now=NOW)
    assert _series(p) == [
        (date(2026, 3, 15), 1, 0, 0, 0, 1),
        (date(2026, 4, 10), 1, 0, 0, 0, 1),
    ]


def test_per_territory_counts(session, monkeypatch, ledger):
    _two_changes(session, monkeypatch, ledger)
    _update(
        session,
        monkeypatch,
        ledger["owner"],
        ledger["pledges"]["g"],
        CommitmentStatus.DROPPED,
        datetime(2026, 3, 25, 8, 0, tzinfo=UTC),
    )
    coordinator = ledger["coordinator"].id
    everywhere = progress.coordinator_progress(session=session, acting_user_id=coordinator, now=NOW)
    by_territory = everywhere.by_territory.set_index("territory")
    assert by_territory.loc["Navarra", ["workshops", "planned", "done", "pledges"]].tolist() == [
        1,
        3,
        1,
        4,
    ]
    # Two spellings of one territory are one row, named as first written.
    assert list(by_territory.index) == ["Navarra", "Östergötland"]
    assert by_territory.loc["Östergötland", ["workshops", "planned", "dropped"]].tolist() == [
        2,
        1,
        1,
    ]
    assert everywhere.by_status == {"planned": 4, "in_progress": 0, "done": 1, "dropped": 1}
    assert _series(everywhere)[0] == (date(2026, 3, 10), 4, 0, 0, 0, 4)

    one = progress.coordinator_progress(
        session=session, acting_user_id=coordinator, territory="ÖSTERGÖTLAND", now=NOW
    )
    assert set(one.by_workshop.territory) == {"Östergötland"}
    assert one.workshop_ids == sorted([ledger["sweden"].id, ledger["other"].id])
    assert one.by_status == {"planned": 1, "in_progress": 0, "done": 0, "dropped": 1}
    assert _series(one) == [
        (date(2026, 3, 15), 1, 0, 0, 0, 1),
        (date(2026, 3, 16), 2, 0, 0, 0, 2),
        (date(2026, 3, 25), 1, 0, 0, 1, 2),
        (date(2026, 4, 10), 1, 0, 0, 1, 2),
    ]
    # Narrowed to the workshops the dashboard's filters show.
    shown = progress.coordinator_progress(
        session=session,
        acting_user_id=coordinator,
        workshop_ids=[ledger["sweden"].id],
        now=NOW,
    )
    assert shown.pledges == 1
    assert progress.coordinator_progress(
        session=session, acting_user_id=coordinator, workshop_ids=[]
    ).over_time.empty


def test_per_priority_counts_and_cards_off_the_wall(session, monkeypatch, ledger):
    _two_changes(session, monkeypatch, ledger)
    p = progress.public_progress(session=session, workshop_id=ledger["navarra"].id, now=NOW)
    rows = {
        (r.priority, r.priority_hidden): (r.planned, r.done, r.pledges)
        for r in p.by_priority.itertuples()
    }
    assert rows == {
        ("Cuidados", False): (1, 1, 2),
        ("Huerta común", False): (1, 0, 1),
        ("", True): (1, 0, 1),  # its card was hidden: counted, its text not shown
    }
    assert p.by_priority.priority.iloc[0] == "Cuidados"  # most pledges first
    table = progress.priority_table(p, with_workshop=False)
    assert list(table["Priority"]) == ["Cuidados", "Huerta común", "A priority no longer shown"]
    assert "Texto moderado" not in progress.csv_bytes(p).decode("utf-8-sig")


def test_no_person_note_or_pledge_text_in_anything_it_gives(session, monkeypatch, ledger):
    _two_changes(session, monkeypatch, ledger)
    coordinator = ledger["coordinator"].id
    for p in (
        progress.coordinator_progress(session=session, acting_user_id=coordinator, now=NOW),
        progress.public_progress(session=session, workshop_id=ledger["navarra"].id, now=NOW),
    ):
        shown = "\n".join(
            [
                repr(p),
                *(f.to_csv() for f in (p.by_workshop, p.by_territory, p.by_priority, p.over_time)),
                *(
                    t.to_csv()
                    for t in (
                        progress.status_table(p),
                        progress.workshop_table(p),
                        progress.priority_table(p),
                        progress.over_time_table(p),
                    )
                ),
                progress.csv_bytes(p).decode("utf-8-sig"),
                charts.progress_over_time(p.over_time).to_json(),
            ]
        )
        for name in NAMES:
            assert name not in shown
        assert "Cuidados" in shown  # the priority is there


def test_csv_starts_with_a_bom_and_neutralises_formulas(session, ledger):
    navarra = ledger["navarra"]
    person = make_participant(session, navarra, group=StakeholderGroup.BUSINESS)
    session.commit()
    step = next(s for s in _steps(session, navarra) if s.kind is StepKind.COMMITMENTS)
    _pledge(session, person, step, made_at=EVENING, typed="=HYPERLINK(1)")
    data = progress.csv_bytes(
        progress.public_progress(session=session, workshop_id=navarra.id, now=NOW)
    )
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "table,on,territory,workshop_code,workshop,priority,planned,in_progress,done,dropped,pledges"
    )
    assert "'=HYPERLINK(1)" in text
    assert "over_time,2026-03-10,,,,,5,0,0,0,5" in text


def _steps(session, workshop: Workshop):
    from pari.workshops import list_steps

    return list_steps(session=session, workshop_id=workshop.id)


def test_every_territory_is_for_coordinators_only(session, ledger):
    facilitator = ledger["owner"].id
    with pytest.raises(NotAllowed):
        progress.coordinator_progress(session=session, acting_user_id=facilitator)
    with pytest.raises(NotAllowed):
        progress.coordinator_progress(session=session, acting_user_id=None)
    # The public page's read asks nobody (its caller checks the page is on), and says
    # when the workshop is gone.
    assert progress.public_progress(session=session, workshop_id=ledger["navarra"].id).pledges
    with pytest.raises(followup.UnknownWorkshop):
        progress.public_progress(session=session, workshop_id=999_999)


def test_nothing_pledged_draws_an_empty_chart(session):
    w, _made = make_workshop(session)
    p = progress.public_progress(session=session, workshop_id=w.id, now=NOW)
    assert p.pledges == 0 and p.over_time.empty and p.by_priority.empty
    assert p.by_status == dict.fromkeys(progress.STATUSES, 0)
    fig = charts.progress_over_time(p.over_time)
    assert fig.layout.annotations[0].text == "No pledges yet."
    assert chart_text.entries(fig) == []
