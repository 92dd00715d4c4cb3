"""Backup and restore of the SQLite default (``python -m pari backup`` / ``restore``).

Uses SQLite's online backup API, so a backup taken while the app runs is a
consistent snapshot (WAL included), never a half-copied file. A restore first
backs up what it replaces, so nothing is lost by restoring the wrong file.
PostgreSQL deployments use ``pg_dump`` / ``pg_restore`` instead (see README).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

BACKUP_FOLDER = "backups"  # beside the database file


class BackupError(RuntimeError):
    """The backup or restore could not be done; the message says why."""


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "backup and restore work on the SQLite default; for PostgreSQL use pg_dump"
        )
    return Path(url.database)


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _check(path: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            conn.execute("SELECT count(*) FROM workshop").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a PARI Workshop database: {exc}") from exc
    if result != "ok":
        raise BackupError(f"{path} failed SQLite's integrity check: {result}")


def default_backup_path(database: Path, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S-%f")
    return database.parent / BACKUP_FOLDER / f"pari-{stamp}.sqlite3"


def backup(database_url: str, target: Path | None = None) -> Path:
    """Write a consistent copy of the database to ``target`` (default: backups/ beside it)."""
    source = sqlite_path(database_url)
    if not source.exists():
        raise BackupError(f"there is no database at {source}")
    target = Path(target) if target else default_backup_path(source)
    if target.exists():
        raise BackupError(f"{target} exists already; choose another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
    _check(target)
    return target


def restore(database_url: str, source: Path) -> Path | None:
    """Replace the database with the backup ``source``; returns the safety copy made first.

    Stop the app before restoring: sessions open on the old data would keep writing.
    """
    source = Path(source)
    if not source.exists():
        raise BackupError(f"there is no backup at {source}")
    _check(source)
    target = sqlite_path(database_url)
    safety = None
    if target.exists():
        safety = backup(
            database_url, default_backup_path(target).with_suffix(".before-restore.sqlite3")
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, target)
    return safety
