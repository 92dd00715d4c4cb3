"""Shared fixtures: a migrated database per test, on SQLite always and on
PostgreSQL too when ``PARI_TEST_DATABASE_URL`` is set (CI sets it).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from pari.db import make_engine, migrate
from pari.settings import normalise_database_url

PG_URL = os.environ.get("PARI_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@contextmanager
def throwaway_pg_database(admin_url: str, prefix: str = "pari_test") -> Iterator[str]:
    """A new, migrated PostgreSQL database next to ``admin_url``'s, dropped afterwards."""
    admin_url = normalise_database_url(admin_url)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """A throw-away PostgreSQL database for this test run, dropped at the end."""
    if not PG_URL:
        yield None
        return
    with throwaway_pg_database(PG_URL) as url:
        yield url


def _truncate_all(engine: Engine) -> None:
    from sqlmodel import SQLModel

    import pari.steps  # noqa: F401  (the kinds' own tables too)

    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path, pg_database) -> Iterator[Engine]:
    """A migrated, empty database: a fresh SQLite file, or the run's PostgreSQL emptied."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
        migrate(eng)
    else:
        eng = make_engine(pg_database)
        _truncate_all(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """A migrated SQLite database file for app-level tests (AppTest, the CLI)."""
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    eng = make_engine(url)
    migrate(eng)
    eng.dispose()
    return url
