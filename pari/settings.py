"""Every setting, read once from the environment and checked on load.

The app never keeps a secret as a constant: the login cookie key comes from
``PARI_COOKIE_KEY`` or is generated once and stored in the database (see
``pari.auth.cookie_key``), so every replica sharing a database shares the key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = ROOT / "db" / "pari.sqlite3"

SUPPORTED_BACKENDS = ("sqlite", "postgresql")

ProxyNetwork = IPv4Network | IPv6Network
# What uvicorn (Streamlit's web server) trusts when FORWARDED_ALLOW_IPS is unset: it
# then replaces a loopback peer's address with the X-Forwarded-For value it was sent.
UVICORN_FORWARDED_DEFAULT = "127.0.0.1,::1"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    base_url: str
    cookie_name: str
    cookie_key: str | None
    cookie_expiry_days: float
    # Proxies whose X-Forwarded-For names the client (the shipped nginx: 127.0.0.1).
    trusted_proxies: tuple[ProxyNetwork, ...] = ()
    # True when the web server itself may have put an X-Forwarded-For value in place of
    # a peer that trusted_proxies does not name (uvicorn's default trusts loopback).
    server_rewrites_untrusted_peers: bool = False

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


def parse_trusted_proxies(raw: str) -> tuple[ProxyNetwork, ...]:
    """``PARI_TRUSTED_PROXIES``: a comma list of IP addresses or networks (CIDR)."""
    networks = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        try:
            networks.append(ip_network(item))
        except ValueError:
            raise SettingsError(
                f"PARI_TRUSTED_PROXIES must list IP addresses or networks, got {item!r} "
                "(e.g. PARI_TRUSTED_PROXIES=127.0.0.1 behind the shipped nginx)"
            ) from None
    return tuple(networks)


def _server_forwarded_for(raw: str) -> tuple[ProxyNetwork, ...] | None:
    """The peers uvicorn takes X-Forwarded-For from (``FORWARDED_ALLOW_IPS``, read as
    uvicorn reads it); None means every peer ("*"). Names that are no IP match no TCP peer."""
    networks = []
    for item in (part.strip() for part in raw.split(",")):
        if item == "*":
            return None
        try:
            networks.append(ip_network(item) if "/" in item else ip_network(ip_address(item)))
        except ValueError:
            continue
    return tuple(networks)


def _covered(inner: tuple[ProxyNetwork, ...] | None, outer: tuple[ProxyNetwork, ...]) -> bool:
    if inner is None:
        return False
    return all(
        any(n.version == o.version and n.subnet_of(o) for o in outer)  # type: ignore[arg-type]
        for n in inner
    )


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
    trusted = parse_trusted_proxies(env.get("PARI_TRUSTED_PROXIES", ""))
    server_forwarded = _server_forwarded_for(
        env.get("FORWARDED_ALLOW_IPS", UVICORN_FORWARDED_DEFAULT)
    )
    rewrites_untrusted = not _covered(server_forwarded, trusted)
    if trusted and rewrites_untrusted:
        # Else a peer uvicorn trusts and we do not (::1 by default) could not be told
        # from a client behind nginx, and every client would count as one address.
        raise SettingsError(
            "FORWARDED_ALLOW_IPS (read by Streamlit's web server, uvicorn; default "
            f"{UVICORN_FORWARDED_DEFAULT!r}) must name only proxies that PARI_TRUSTED_PROXIES "
            "names: set it to the same list"
        )
    return Settings(
        database_url=normalise_database_url(raw_url),
        base_url=(env.get("PARI_BASE_URL") or "http://localhost:8501").rstrip("/"),
        cookie_name=env.get("PARI_COOKIE_NAME") or "pari_auth",
        cookie_key=key,
        cookie_expiry_days=expiry,
        trusted_proxies=trusted,
        server_rewrites_untrusted_peers=rewrites_untrusted,
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return load_settings()
