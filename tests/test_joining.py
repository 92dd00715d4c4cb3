"""One phone, one voice (issue 15, DESIGN section 4): the join rules a room relies on,
on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from pari import ratelimit, results
from pari.codes import new_device_id
from pari.phone import joining
from pari.phone.joining import Device, JoinBurst, TooManyOnThisPhone, UnknownCode
from pari.ratelimit import RateLimited
from tests.factories import make_workshop

KEY = "k" * 64  # the server's secret the device tokens derive from


def device() -> Device:
    return Device(id=new_device_id(), key=KEY)


def test_the_same_device_joining_again_is_the_same_person_with_the_same_link(session):
    make_workshop(session, code="ABC234")
    phone = device()
    first = joining.join(session=session, code="ABC234", client_key="session:1", device=phone)
    session.commit()
    # The tab closed, the QR code scanned again: a new browser session, same cookie.
    again = joining.join(session=session, code="abc 234", client_key="session:2", device=phone)
    session.commit()
    assert again.participant.id == first.participant.id
    assert again.token == first.token and again.returning and not first.returning
    other = joining.join(session=session, code="ABC234", client_key="session:3", device=device())
    assert other.participant.id != first.participant.id


def test_a_device_is_a_new_person_in_another_workshop(session):
    make_workshop(session, code="ABC234")
    make_workshop(session, code="XYZ789")
    phone = device()
    a = joining.join(session=session, code="ABC234", client_key="s", device=phone)
    b = joining.join(session=session, code="XYZ789", client_key="s", device=phone)
    assert a.participant.id != b.participant.id and a.token != b.token


def test_the_right_code_is_never_refused_by_a_wrong_code_limit(session):
    """One person scripting wrong codes behind the venue's address locks nobody out."""
    make_workshop(session, code="ABC234")
    hall = "203.0.113.7"
    for i in range(ratelimit.JOIN_ADDRESS_LIMIT.attempts):
        with pytest.raises(UnknownCode):
            joining.join(
                session=session, code=f"ZZZZZ{'23456789'[i % 8]}", client_key=f"s{i}", address=hall
            )
    session.commit()
    with pytest.raises(RateLimited):  # more wrong codes are refused ...
        joining.join(session=session, code="ZZZZZZ", client_key="s-new", address=hall)
    # ... but the right code joins, from the guesser's own session and everyone else's.
    for key in ("s0", "s-new", "someone-else"):
        joined = joining.join(
            session=session, code="ABC234", client_key=key, address=hall, device=device()
        )
        assert joined.participant.id
    session.commit()


def test_a_venue_behind_one_address_is_never_locked_out(session):
    make_workshop(session, code="ABC234")
    hall = "203.0.113.7"
    people = {
        joining.join(
            session=session, code="ABC234", client_key=f"s{i}", address=hall, device=device()
        ).participant.id
        for i in range(300)
    }
    session.commit()
    assert len(people) == 300


def test_a_burst_of_new_people_from_one_session_is_limited(session):
    make_workshop(session, code="ABC234")
    for _ in range(ratelimit.NEW_PER_SESSION.attempts):
        joining.join(
            session=session, code="ABC234", client_key="one-tab"
        )  # no cookie: new each time
    session.commit()
    with pytest.raises(JoinBurst):
        joining.join(session=session, code="ABC234", client_key="one-tab")


def test_joins_without_a_device_cookie_are_limited_per_address(session):
    """A script that keeps no cookies opens a new session for every join."""
    make_workshop(session, code="ABC234")
    for i in range(ratelimit.NEW_PER_ADDRESS_NO_DEVICE.attempts):
        joining.join(session=session, code="ABC234", client_key=f"s{i}", address="198.51.100.1")
    session.commit()
    with pytest.raises(JoinBurst):
        joining.join(session=session, code="ABC234", client_key="s-next", address="198.51.100.1")
    # a browser (it carries the cookie every page sets) behind that address still joins
    joining.join(
        session=session, code="ABC234", client_key="s-b", address="198.51.100.1", device=device()
    )


def test_someone_else_on_this_phone_is_a_second_person_counted_apart(session):
    workshop, _ = make_workshop(session, code="ABC234")
    phone = device()
    ana = joining.join(session=session, code="ABC234", client_key="s", device=phone).participant
    ben = joining.join_another(session=session, participant_id=ana.id, client_key="s", device=phone)
    session.commit()
    assert ben.participant.id != ana.id and ben.participant.seat == 1
    assert [
        x.id for x in joining.device_people(session=session, workshop_id=workshop.id, device=phone)
    ] == [
        ana.id,
        ben.participant.id,
    ]
    # Scanning again returns the phone's first person, never a third.
    again = joining.join(session=session, code="ABC234", client_key="s2", device=phone)
    assert again.participant.id == ana.id
    counts = results.step_results(session=session, workshop_id=workshop.id)
    assert (counts.joined, counts.shared) == (2, 1)


def test_a_shared_phone_holds_a_bounded_number_of_people(session):
    make_workshop(session, code="ABC234")
    phone = device()
    me = joining.join(session=session, code="ABC234", client_key="s0", device=phone).participant
    for i in range(1, joining.MAX_SEATS):
        joining.join_another(
            session=session, participant_id=me.id, client_key=f"s{i}", device=phone
        )
    session.commit()
    with pytest.raises(TooManyOnThisPhone):
        joining.join_another(
            session=session, participant_id=me.id, client_key="s-last", device=phone
        )


def test_two_joins_of_one_phone_at_once_make_one_person(session):
    """Both compute the same token; the second insert finds the first's row."""
    workshop, _ = make_workshop(session, code="ABC234")
    phone = device()
    first = joining._new_participant(
        session=session, workshop_id=workshop.id, client_key="a", address=None, device=phone, seat=0
    )
    second = joining._new_participant(
        session=session, workshop_id=workshop.id, client_key="b", address=None, device=phone, seat=0
    )
    session.commit()
    assert second.participant.id == first.participant.id and second.returning
