"""Engine, sessions, SQLite pragmas and migrations.

SQLite is the default (a file under ``db/``, WAL mode, busy timeout, foreign
keys on); ``DATABASE_URL`` switches to PostgreSQL through psycopg 3. The schema
is owned by Alembic (``db/migrations``): ``migrate()`` runs on start and from
``python -m pari migrate``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session, create_engine

from pari.settings import ROOT, SettingsError

MIGRATIONS = ROOT / "db" / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_POOL_SIZE = 20  # connections kept open; more are opened when needed
# PostgreSQL, per connection (issue 16: a 45 s lock on the vote table left taps
# hanging). A statement waiting this long for a lock gives up, so a phone hears "busy,
# nothing saved, tap again" (pages/participate.py, DB_BUSY) within a few seconds.
PG_LOCK_TIMEOUT_MS = 3_000
# Any statement: a runaway query frees its connection and locks.
PG_STATEMENT_TIMEOUT_MS = 10_000
# A transaction of ours left open and idle (a bug, a stuck thread) is ended before
# its locks pile up taps behind them; long enough for a report built in a session.
PG_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000


class DatabaseUnavailable(RuntimeError):
    """The database cannot be opened or written; the message says why."""


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    # FULL: a commit is on disk before a phone is told it is stored, power cut or not.
    cur.execute("PRAGMA synchronous = FULL")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite makes the folder and turns WAL on."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        in_memory = not database or database == ":memory:"
        if not in_memory:
            folder = Path(database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnavailable(
                    f"Cannot create the database folder {folder}: {exc.strerror}"
                ) from exc
        kwargs: dict = {"connect_args": {"check_same_thread": False, "timeout": 10}}
        if in_memory:
            from sqlalchemy.pool import StaticPool

            kwargs["poolclass"] = StaticPool
        else:
            # A pool that cannot run dry: every script thread (one per phone that is
            # running) gets a connection at once. SQLAlchemy's default (5 + 10, then a
            # 30 s wait and an error) lost taps with 300 phones in the bench (issue 10).
            # SQLite itself serialises writers (WAL, busy timeout); a connection is a
            # file handle. Kept connections are reused: 0.12 ms of CPU a session here
            # against 0.43 ms for opening one each time (NullPool).
            kwargs["pool_size"] = SQLITE_POOL_SIZE
            kwargs["max_overflow"] = -1  # no limit: never wait for a connection
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        if not in_memory:
            try:
                with engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA journal_mode = WAL")
            except OperationalError as exc:
                raise DatabaseUnavailable(
                    f"Cannot open the SQLite database {database}: {exc.orig}"
                ) from exc
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=20,
            connect_args={"options": _pg_options(parsed.query.get("options"))},
        )
    raise SettingsError(f"Unsupported database {parsed.get_backend_name()!r}")


def _pg_options(configured: str | tuple[str, ...] | None) -> str:
    """The timeouts as libpq start-up options, after any the URL gives (``?options=``)."""
    if isinstance(configured, tuple):
        configured = " ".join(configured)
    ours = (
        f"-c lock_timeout={PG_LOCK_TIMEOUT_MS} "
        f"-c statement_timeout={PG_STATEMENT_TIMEOUT_MS} "
        f"-c idle_in_transaction_session_timeout={PG_IDLE_IN_TRANSACTION_TIMEOUT_MS}"
    )
    return f"{configured} {ours}" if configured else ours


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # '%' must be escaped for ConfigParser interpolation.
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the newest Alembic revision (idempotent), or to ``revision``.

    On SQLite, foreign keys are off while the migrations run: Alembic changes a SQLite
    table by rebuilding it (a copy, then DROP TABLE of the old one), and with foreign
    keys on, that DROP deletes every row referring to the table through ON DELETE
    CASCADE (migration 0008's new participant column emptied contributions, votes,
    scores...). The rows are checked against the keys before the commit instead."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    try:
        with engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:  # outside a transaction, or SQLite ignores it
                conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
                conn.commit()
            try:
                with conn.begin():
                    if conn.dialect.name == "postgresql":
                        # A migration may rewrite a big table or wait for a replica's
                        # running transaction: the app's timeouts are for taps.
                        conn.exec_driver_sql("SET LOCAL lock_timeout = 0")
                        conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, revision)
                    if sqlite:
                        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                        if broken:
                            raise DatabaseUnavailable(
                                f"Migrating would break {len(broken)} references "
                                f"(first: {tuple(broken[0])}); nothing was changed."
                            )
            finally:
                if sqlite:
                    conn.exec_driver_sql("PRAGMA foreign_keys = ON")
                    conn.commit()
    except OperationalError as exc:
        raise DatabaseUnavailable(
            f"Cannot migrate the database at {engine.url.render_as_string()}: {exc.orig}"
        ) from exc


_write_locks: dict[int, threading.Lock] = {}
_write_locks_guard = threading.Lock()
WRITE_WAIT_SECONDS = 20.0


class WriteBusy(OperationalError):
    """No turn to write within ``WRITE_WAIT_SECONDS``: nothing was written."""

    def __init__(self) -> None:
        super().__init__("waiting for a turn to write", None, Exception("write queue full"))


# What a write may meet when the database is busy (a lock, the pool, no turn to
# write): nothing was saved, and the person may simply try again.
BUSY_ERRORS = (OperationalError, PoolTimeout)


@contextmanager
def one_writer(engine: Engine) -> Iterator[None]:
    """For a file SQLite engine: one write transaction of this process at a time.

    SQLite lets one writer in and makes the others poll (the busy handler sleeps and
    retries). With 300 phones tapping within seconds, the writer holding the lock
    waits for the interpreter lock behind hundreds of threads while the rest poll,
    and taps ran past the 10 s busy timeout ('database is locked'; bench stress at
    300 phones). Queued on a lock instead, waiting threads sleep and the writer runs.
    Other processes (replicas) are still kept apart by SQLite itself. PostgreSQL
    needs none of this: it locks rows, not the database.
    """
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        yield
        return
    with _write_locks_guard:
        lock = _write_locks.setdefault(id(engine), threading.Lock())
    if not lock.acquire(timeout=WRITE_WAIT_SECONDS):
        raise WriteBusy()
    try:
        yield
    finally:
        lock.release()


def no_statement_timeout(session: Session) -> None:
    """For an operator's long job (the command line's export of everything): this
    transaction may run past ``PG_STATEMENT_TIMEOUT_MS``, which is for phones' taps."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("SET LOCAL statement_timeout = 0")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def read_only(model: Any, row: Any, prefix: str = "") -> Any:
    """A model from its columns in a Core ``row`` mapping, without the ORM: read-only,
    never added to a session (a write loads what it changes itself). Loading ORM
    entities costs 3-4 times as much on the paths every phone takes (issue 15)."""
    return model.model_construct(**{c.name: row[prefix + c.name] for c in model.__table__.c})
