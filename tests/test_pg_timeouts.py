"""PostgreSQL gives up on a lock within seconds, so a phone hears "busy" (issue 16, point 9).

A 45 s lock on the vote table left taps hanging with no word to the phone. Here one
connection holds a row lock, and a write through the app's engine must fail fast
with the error the phone page turns into "The server is busy. Nothing was saved".
Migrations, which may wait longer, must not be cut.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from pari import db
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs PARI_TEST_DATABASE_URL (PostgreSQL)")


@pytest.fixture
def pg_url(pg_database) -> str:
    return pg_database


class LockHolder:
    """Another client (none of our timeouts) holding a lock until released, at most
    ``seconds``."""

    def __init__(self, url: str, sql: str, seconds: float) -> None:
        from sqlalchemy import create_engine

        self._engine = create_engine(url)
        self._locked = threading.Event()
        self._release = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(sql, seconds), daemon=True)
        self._thread.start()
        assert self._locked.wait(10), "the lock was not taken"

    def _run(self, sql: str, seconds: float) -> None:
        with self._engine.begin() as conn:
            conn.execute(text(sql))
            self._locked.set()
            self._release.wait(seconds)

    def release(self) -> None:
        self._release.set()
        self._thread.join(10)
        self._engine.dispose()


def test_a_write_blocked_by_a_lock_fails_fast_as_busy(pg_url):
    from pages.participate import DB_BUSY

    engine = db.make_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM app_secret WHERE key = 'lock-test'"))
            conn.execute(
                text(
                    "INSERT INTO app_secret (key, value, created_at) "
                    "VALUES ('lock-test', 'a', now())"
                )
            )
        holder = LockHolder(
            pg_url, "SELECT * FROM app_secret WHERE key = 'lock-test' FOR UPDATE", 30
        )
        started = time.monotonic()
        try:
            with pytest.raises(DB_BUSY), engine.begin() as conn:
                conn.execute(text("UPDATE app_secret SET value = 'b' WHERE key = 'lock-test'"))
        finally:
            holder.release()
        waited = time.monotonic() - started
        assert waited < db.PG_LOCK_TIMEOUT_MS / 1000 + 2, waited
        assert waited >= db.PG_LOCK_TIMEOUT_MS / 1000 - 0.5, waited  # it did wait for the lock
        # The engine still works afterwards (the failed connection went back clean).
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()


def test_every_connection_has_the_timeouts(pg_url):
    engine = db.make_engine(pg_url)
    try:
        with engine.connect() as conn:
            shown = {
                name: conn.execute(text(f"SHOW {name}")).scalar()
                for name in (
                    "lock_timeout",
                    "statement_timeout",
                    "idle_in_transaction_session_timeout",
                )
            }
    finally:
        engine.dispose()
    assert shown == {
        "lock_timeout": "3s",
        "statement_timeout": "10s",
        "idle_in_transaction_session_timeout": "1min",
    }


def test_a_slow_statement_is_cut(pg_url, monkeypatch):
    from pages.participate import DB_BUSY

    monkeypatch.setattr(db, "PG_STATEMENT_TIMEOUT_MS", 500)
    engine = db.make_engine(pg_url)
    try:
        started = time.monotonic()
        with pytest.raises(DB_BUSY), engine.connect() as conn:
            conn.execute(text("SELECT pg_sleep(5)"))
        assert time.monotonic() - started < 3
    finally:
        engine.dispose()


def test_migrations_are_not_cut_by_the_timeouts(pg_url, monkeypatch):
    """A migration waiting longer than both timeouts for a lock still finishes."""
    monkeypatch.setattr(db, "PG_LOCK_TIMEOUT_MS", 300)
    monkeypatch.setattr(db, "PG_STATEMENT_TIMEOUT_MS", 600)
    engine = db.make_engine(pg_url)
    try:
        hold = 1.5
        holder = LockHolder(pg_url, "LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE", hold)
        started = time.monotonic()
        try:
            db.migrate(engine)  # reads alembic_version: waits for the lock, then is done
        finally:
            holder.release()
        assert time.monotonic() - started >= hold - 0.3
        # The same engine's ordinary connections keep their timeouts.
        with engine.connect() as conn:
            assert conn.execute(text("SHOW lock_timeout")).scalar() == "300ms"
    finally:
        engine.dispose()


def test_the_operators_export_is_not_cut(pg_url):
    """``python -m pari export --all`` may read for longer than a tap may wait."""
    from sqlmodel import Session

    engine = db.make_engine(pg_url)
    try:
        with Session(engine) as session:
            db.no_statement_timeout(session)
            assert session.connection().execute(text("SHOW statement_timeout")).scalar() == "0"
            session.rollback()
            # SET LOCAL: the next transaction on the same pooled connection is cut again.
            assert session.connection().execute(text("SHOW statement_timeout")).scalar() == "10s"
    finally:
        engine.dispose()
