"""Failed logins are limited per username and address, per address, and per username
(issue 16, point 4), so an attacker can neither guess freely nor lock the real person out.

Each rule of ``pari.accounts.authenticate`` has its test; the figures come from
``pari.ratelimit`` so the tests follow them.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from pari import accounts, ratelimit
from pari.models import RateEvent
from tests.factories import PASSWORD, make_user

STRICT = ratelimit.LOGIN_LIMIT.attempts
PER_ADDRESS = ratelimit.LOGIN_ADDRESS_LIMIT.attempts
PER_USERNAME = ratelimit.LOGIN_USERNAME_LIMIT.attempts
ATTACKER = "203.0.113.66"
REAL_PERSON = "198.51.100.7"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Dozens of password checks a test: bcrypt's cheapest cost keeps them quick."""
    import bcrypt

    gensalt = bcrypt.gensalt
    monkeypatch.setattr(bcrypt, "gensalt", lambda rounds=4, prefix=b"2b": gensalt(4, prefix))


def attempt(session, username: str, password: str, address: str) -> str:
    """'ok', 'wrong' or 'limited', committed as the login page does."""
    try:
        accounts.authenticate(
            session=session, username=username, password=password, address=address
        )
        outcome = "ok"
    except accounts.LoginFailed:
        outcome = "wrong"
    except ratelimit.RateLimited as exc:
        assert exc.retry_after.total_seconds() > 0
        outcome = "limited"
    session.commit()
    return outcome


def test_guessing_from_one_address_is_stopped_for_that_address(session):
    make_user(session, username="erik")
    for _ in range(STRICT):
        assert attempt(session, "erik", "guess", ATTACKER) == "wrong"
    # The attacker's address is refused, even with the right password...
    assert attempt(session, "erik", PASSWORD, ATTACKER) == "limited"
    assert attempt(session, "erik", "guess", ATTACKER) == "limited"


def test_the_real_person_still_gets_in_from_their_own_address(session):
    make_user(session, username="erik")
    for _ in range(STRICT):
        attempt(session, "erik", "guess", ATTACKER)
    assert attempt(session, "erik", PASSWORD, REAL_PERSON) == "ok"


def test_one_address_trying_many_usernames_is_limited(session):
    """170 usernames once each from one address went through unlimited before."""
    make_user(session, username="erik")
    for i in range(PER_ADDRESS):
        assert attempt(session, f"name{i:03d}", "guess", ATTACKER) == "wrong"
    assert attempt(session, "name999", "guess", ATTACKER) == "limited"
    # Checked before the password: a right one from there says nothing either.
    assert attempt(session, "erik", PASSWORD, ATTACKER) == "limited"
    # Another address is not concerned.
    assert attempt(session, "erik", PASSWORD, REAL_PERSON) == "ok"


def test_the_address_limit_is_generous_enough_for_an_office_behind_one_nat(session):
    """Twenty people behind one address, each mistyping once, all still get in."""
    office = "192.0.2.10"
    for i in range(20):
        make_user(session, username=f"staff{i:02d}")
    for i in range(20):
        assert attempt(session, f"staff{i:02d}", "typo", office) == "wrong"
    for i in range(20):
        assert attempt(session, f"staff{i:02d}", PASSWORD, office) == "ok"


def test_a_person_attacked_from_many_addresses(session):
    """Past the per-username limit an address that already failed on that name is refused;
    an address that did not may still try, so the real person gets in."""
    make_user(session, username="erik")
    botnet = [f"203.0.113.{i}" for i in range(PER_USERNAME)]
    for address in botnet:
        assert attempt(session, "erik", "guess", address) == "wrong"
    for address in botnet:  # each attacking address had one guess, no second
        assert attempt(session, "erik", "guess2", address) == "limited"
    # A new attacking address gets its first guess only.
    assert attempt(session, "erik", "guess", "203.0.113.250") == "wrong"
    assert attempt(session, "erik", "guess", "203.0.113.250") == "limited"
    # The real person, at an address without failures, logs in.
    assert attempt(session, "erik", PASSWORD, REAL_PERSON) == "ok"
    # Below the per-username limit, a few failures do not cost an address its turn.
    make_user(session, username="lena")
    assert attempt(session, "lena", "typo", REAL_PERSON) == "wrong"
    assert attempt(session, "lena", PASSWORD, REAL_PERSON) == "ok"


def test_a_success_clears_only_its_own_count(session):
    make_user(session, username="erik")
    for _ in range(STRICT - 1):
        attempt(session, "erik", "typo", REAL_PERSON)
    assert attempt(session, "erik", PASSWORD, REAL_PERSON) == "ok"
    for _ in range(STRICT - 1):  # a fresh allowance for this person here
        assert attempt(session, "erik", "typo", REAL_PERSON) == "wrong"
    buckets = list(session.exec(select(RateEvent.bucket)).all())
    # The per-address and per-username counts keep every failure.
    assert buckets.count(f"login-address:{REAL_PERSON}") == 2 * (STRICT - 1)
    assert buckets.count("login:erik") == 2 * (STRICT - 1)


def test_unknown_usernames_count_like_known_ones(session):
    for _ in range(STRICT):
        assert attempt(session, "nobody", "guess", ATTACKER) == "wrong"
    assert attempt(session, "nobody", "guess", ATTACKER) == "limited"


def test_typed_text_cannot_fill_another_persons_count(session):
    """A username typed as 'erik@ADDRESS' must not count as erik's failures at ADDRESS."""
    make_user(session, username="erik")
    for _ in range(PER_USERNAME + 1):
        attempt(session, f"erik@{REAL_PERSON}", "guess", ATTACKER)
    assert attempt(session, "erik", PASSWORD, REAL_PERSON) == "ok"


def test_an_unknown_or_inactive_username_costs_the_same_password_check(session, monkeypatch):
    """Timing must not tell which usernames exist: every refusal runs one bcrypt check."""
    import bcrypt

    accounts._unknown_name_hash.cache_clear()  # made at this module's hash cost, like users'
    real = make_user(session, username="real")
    gone = make_user(session, username="gone")
    accounts.set_active(
        session=session, user_id=gone.id, active=False, acting_user_id=accounts.OPERATOR
    )
    session.commit()
    checked: list[bytes] = []
    checkpw = bcrypt.checkpw

    def counting(password: bytes, hashed: bytes) -> bool:
        checked.append(hashed)
        return checkpw(password, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", counting)
    for name in ("real", "nobody", "gone"):
        assert attempt(session, name, "a wrong password", ATTACKER) == "wrong"
    assert len(checked) == 3
    assert checked[0] == real.password_hash.encode("ascii")
    # The same cost as a real account's hash (bcrypt's "$2b$NN$" prefix).
    assert {h[:7] for h in checked} == {real.password_hash.encode("ascii")[:7]}
