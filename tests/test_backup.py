from __future__ import annotations

import pytest
from sqlmodel import Session, select

from pari import backup
from pari.db import make_engine, migrate
from pari.models import Workshop
from tests.factories import make_workshop


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    yield url, engine
    engine.dispose()


def titles(engine) -> list[str]:
    with Session(engine) as s:
        return sorted(s.exec(select(Workshop.title)))


def test_backup_while_open_then_restore_brings_data_back(db, tmp_path):
    url, engine = db
    with Session(engine) as s:
        make_workshop(s)
    # A backup taken with the engine still open and WAL in use is complete.
    path = backup.backup(url)
    assert path.parent == tmp_path / "backups"
    with Session(engine) as s:
        w = s.exec(select(Workshop)).one()
        w.title = "Changed after the backup"
        s.add(w)
        s.commit()
    engine.dispose()
    safety = backup.restore(url, path)
    assert titles(engine) == ["Test workshop"]
    # What the restore replaced was kept.
    assert safety is not None and safety.exists()
    safe_engine = make_engine(f"sqlite:///{safety}")
    assert titles(safe_engine) == ["Changed after the backup"]
    safe_engine.dispose()


def test_backup_refuses_to_overwrite_and_restore_refuses_junk(db, tmp_path):
    url, _ = db
    target = tmp_path / "b.sqlite3"
    backup.backup(url, target)
    with pytest.raises(backup.BackupError, match="exists already"):
        backup.backup(url, target)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(backup.BackupError, match="not a PARI Workshop database"):
        backup.restore(url, junk)
    with pytest.raises(backup.BackupError, match="no backup"):
        backup.restore(url, tmp_path / "missing.sqlite3")


def test_postgres_is_pointed_to_pg_dump():
    with pytest.raises(backup.BackupError, match="pg_dump"):
        backup.backup("postgresql+psycopg://u@127.0.0.1/test")
