"""The command line of DESIGN section 4, run as a person would, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys

from pari.settings import ROOT


def pari(db_url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pari", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": db_url, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_migrate_create_user_demo_export_backup_restore(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert pari(url, "migrate").returncode == 0

    made = pari(url, "create-user", "ana", "--role", "coordinator", PARI_PASSWORD="a good password")
    assert made.returncode == 0, made.stderr
    again = pari(url, "create-user", "ana", PARI_PASSWORD="a good password")
    assert again.returncode == 2 and "taken" in again.stderr

    demo = pari(url, "demo")
    assert demo.returncode == 0, demo.stderr
    code = demo.stdout.strip().splitlines()[-1]
    assert len(code) == 6 and "owner 'ana'" in demo.stdout

    out = tmp_path / "export"
    exported = pari(url, "export", code.lower(), str(out))
    assert exported.returncode == 0, exported.stderr
    assert (out / "votes.csv").exists()

    backup_file = tmp_path / "b.sqlite3"
    assert pari(url, "backup", str(backup_file)).returncode == 0
    restored = pari(url, "restore", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    assert "kept at" in restored.stdout


def test_bad_database_url_and_unknown_code_give_clear_errors(tmp_path):
    bad = pari("mysql://x@y/z", "migrate")
    assert bad.returncode == 2 and "supports SQLite and PostgreSQL" in bad.stderr
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    unknown = pari(url, "export", "ZZZZZZ", str(tmp_path / "x"))
    assert unknown.returncode == 2 and "no workshop" in unknown.stderr
    pg = pari("postgresql://u@127.0.0.1:5432/test", "backup")
    assert pg.returncode == 2 and "pg_dump" in pg.stderr
