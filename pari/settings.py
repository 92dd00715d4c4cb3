"""Every setting, read once from the environment and checked on load.

The app never keeps a secret as a constant: the login cookie key comes from
``PARI_COOKIE_KEY`` or is generated once and stored in the database (see
``pari.auth.cookie_key``), so every replica sharing a database shares the key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = ROOT / "db" / "pari.sqlite3"

SUPPORTED_BACKENDS = ("sqlite", "postgresql")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    base_url: str
    cookie_name: str
    cookie_key: str | None
    cookie_expiry_days: float

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def normalise_database_url(raw: str) -> str:
    """Check a database URL and give it the psycopg 3 driver for PostgreSQL.

    Raises SettingsError with a message a person can act on.
    """
    raw = raw.strip()
    try:
        url = make_url(raw)
    except ArgumentError:
        raise SettingsError(
            f"DATABASE_URL is not a database URL: {raw!r}. "
            "Expected e.g. postgresql://user@127.0.0.1:5432/pari or sqlite:///db/pari.sqlite3"
        ) from None
    backend = url.get_backend_name()
    if backend == "postgres":  # Heroku-style alias
        backend = "postgresql"
    if backend not in SUPPORTED_BACKENDS:
        raise SettingsError(
            f"DATABASE_URL uses {backend!r}; PARI Workshop supports SQLite and PostgreSQL."
        )
    if backend == "postgresql":
        if not url.database:
            raise SettingsError("DATABASE_URL names no database, e.g. postgresql://.../pari")
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def _default_sqlite_url() -> str:
    return f"sqlite:///{DEFAULT_DB_PATH}"


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    raw_url = env.get("DATABASE_URL") or _default_sqlite_url()
    expiry_raw = env.get("PARI_COOKIE_EXPIRY_DAYS", "14")
    try:
        expiry = float(expiry_raw)
    except ValueError:
        raise SettingsError(
            f"PARI_COOKIE_EXPIRY_DAYS must be a number of days, got {expiry_raw!r}"
        ) from None
    if not 0 < expiry <= 365:
        raise SettingsError("PARI_COOKIE_EXPIRY_DAYS must be between 0 and 365 days")
    key = env.get("PARI_COOKIE_KEY") or None
    if key is not None and len(key) < 32:
        raise SettingsError("PARI_COOKIE_KEY must be at least 32 characters long")
    return Settings(
        database_url=normalise_database_url(raw_url),
        base_url=(env.get("PARI_BASE_URL") or "http://localhost:8501").rstrip("/"),
        cookie_name=env.get("PARI_COOKIE_NAME") or "pari_auth",
        cookie_key=key,
        cookie_expiry_days=expiry,
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return load_settings()
