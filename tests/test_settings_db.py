from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from pari.db import DatabaseUnavailable, make_engine, migrate
from pari.settings import SettingsError, load_settings


def test_default_is_sqlite_under_db():
    s = load_settings({})
    assert s.is_sqlite and s.database_url.endswith("db/pari.sqlite3")


def test_postgres_url_gets_psycopg3_driver():
    s = load_settings({"DATABASE_URL": "postgresql://u@127.0.0.1:5432/test"})
    assert s.database_url.startswith("postgresql+psycopg://")


@pytest.mark.parametrize(
    "url,fragment",
    [
        ("not a url", "not a database URL"),
        ("mysql://u@h/db", "supports SQLite and PostgreSQL"),
        ("postgresql://u@h", "names no database"),
    ],
)
def test_malformed_database_url_gets_a_clear_message(url, fragment):
    with pytest.raises(SettingsError, match=fragment):
        load_settings({"DATABASE_URL": url})


@pytest.mark.parametrize("key", ["short", "x" * 31])
def test_cookie_key_from_environment_must_be_long(key):
    with pytest.raises(SettingsError, match="at least 32"):
        load_settings({"PARI_COOKIE_KEY": key})


def test_sqlite_is_wal_with_foreign_keys_and_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'x.sqlite3'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_unwritable_database_gets_a_clear_message(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "file").write_text("not a folder")
    with pytest.raises(DatabaseUnavailable, match="Cannot"):
        make_engine(f"sqlite:///{folder / 'file' / 'x.sqlite3'}")


def test_migrate_is_idempotent_and_keeps_data(engine):
    migrate(engine)  # a second time on an already migrated database
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO app_secret (key, value, created_at) VALUES ('k', 'v', :now)"),
            {"now": "2026-01-01 00:00:00"},
        )
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM app_secret WHERE key='k'")).scalar() == "v"
    names = set(inspect(engine).get_table_names())
    assert {
        "user",
        "workshop",
        "step",
        "participant",
        "contribution",
        "vote",
        "ballot",
        "score",
        "assessment",
        "commitment",
        "poll_answer",
    } <= names


def test_migrations_match_the_models(engine):
    """Alembic's autogenerate finds nothing to do: the models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_migrating_a_sqlite_database_with_answers_loses_nothing(tmp_path):
    """Alembic changes a SQLite table by copying it and dropping the old one; with
    foreign keys on, that DROP deleted every row referring to it through ON DELETE
    CASCADE (0008's new participant column emptied the cards). Migrations run with
    the keys off and checked before the commit, and the keys are on again after."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate(engine, "0007")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO user (username, name, password_hash, role, active, created_at) "
                "VALUES ('u', 'U', 'x', 'facilitator', 1, '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO workshop (code, title, territory, language, template, dot_budget,"
                " status, owner_id, version, stage_version, next_steps, created_at, updated_at,"
                " min_group_size) VALUES ('ABCDEF', 'T', '', 'sv', 'blank', 5, 'live', 1, 0,"
                " 0, '', '2026-01-01', '2026-01-01', 3)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO step (workshop_id, position, kind, title, prompt, state, config,"
                " results_hidden, revealed, reveal_shown, timer_closes_input)"
                " VALUES (1, 0, 'ideas', 'I', '', 'closed', '{}', 0, 0, 0, 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO participant (workshop_id, token_hash, seat, consented, created_at,"
                " name, organisation, place, name_in_plan)"
                " VALUES (1, :h, 0, 1, '2026-01-01', '', '', '', 0)"
            ),
            {"h": "a" * 64},
        )
        conn.execute(
            text(
                "INSERT INTO contribution (workshop_id, step_id, participant_id, text, category,"
                " hidden, withdrawn, created_at, updated_at)"
                " VALUES (1, 1, 1, 'x', '', 0, 0, '2026-01-01', '2026-01-01')"
            )
        )
    migrate(engine)
    with engine.connect() as conn:
        counts = {
            table: conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            for table in ("workshop", "step", "participant", "contribution")
        }
        assert counts == {"workshop": 1, "step": 1, "participant": 1, "contribution": 1}
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
