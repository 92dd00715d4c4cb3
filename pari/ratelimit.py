"""Sliding-window limits on failed attempts (logins, join codes), kept in the database.

Counting in the database, not in process memory, means every replica and every
restart sees the same attempts (DESIGN section 7: rate limits live in our database).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, delete, func, select

from pari.models import RateEvent, utcnow


@dataclass(frozen=True)
class Limit:
    attempts: int
    window: timedelta


# Failed logins (pari.accounts.authenticate says how they combine): strictly per
# username and address; per address over all usernames, generous enough for an
# office or a venue behind one NAT; per username over all addresses, past which only
# addresses that have not failed on that username may still try.
LOGIN_LIMIT = Limit(attempts=5, window=timedelta(minutes=15))
LOGIN_ADDRESS_LIMIT = Limit(attempts=30, window=timedelta(minutes=15))
LOGIN_USERNAME_LIMIT = Limit(attempts=20, window=timedelta(minutes=15))
# Per browser session, and per network address: phones in one hall may share an
# address, so that limit only stops a machine trying codes in a loop.
JOIN_LIMIT = Limit(attempts=10, window=timedelta(minutes=5))
JOIN_ADDRESS_LIMIT = Limit(attempts=60, window=timedelta(minutes=5))
# New participants (issue 15): a browser session makes its person and a few more on
# a shared phone; a phone without a device cookie is a script, not a browser (every
# page the server sends sets one), so those are few per address. Phones with a
# cookie are never limited by address: a venue's phones may all share one.
NEW_PER_SESSION = Limit(attempts=6, window=timedelta(minutes=10))
NEW_PER_ADDRESS_NO_DEVICE = Limit(attempts=20, window=timedelta(minutes=5))


class RateLimited(Exception):
    """Too many failed attempts in the window; ``retry_after`` says how long to wait."""

    def __init__(self, retry_after: timedelta) -> None:
        super().__init__(f"too many attempts, retry after {retry_after}")
        self.retry_after = retry_after


def check(*, session: Session, bucket: str, limit: Limit) -> int:
    """Raise RateLimited when ``bucket`` has used up its attempts; else how many it used."""
    since = utcnow() - limit.window
    used, oldest = session.exec(
        select(func.count(RateEvent.id), func.min(RateEvent.created_at)).where(
            RateEvent.bucket == bucket, RateEvent.created_at > since
        )
    ).one()
    if used >= limit.attempts:
        retry = (oldest + limit.window) - utcnow() if oldest else limit.window
        raise RateLimited(max(retry, timedelta(seconds=1)))
    return int(used)


def record(*, session: Session, bucket: str) -> None:
    """Count one attempt in ``bucket`` (a failed one, or one that is limited anyway)."""
    session.add(RateEvent(bucket=bucket))


def clear(*, session: Session, bucket: str) -> None:
    session.exec(delete(RateEvent).where(RateEvent.bucket == bucket))


def purge_older_than(*, session: Session, age: timedelta) -> int:
    result = session.exec(delete(RateEvent).where(RateEvent.created_at < utcnow() - age))
    return result.rowcount or 0
