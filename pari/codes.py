"""Join codes and participant tokens (DESIGN section 4 and 7)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

# No look-alikes: no 0/O, no 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_join_code(raw: str | None) -> str | None:
    """The canonical code for what a person typed ('ab3 k7q' -> 'AB3K7Q'), or None.

    Case-insensitive, spaces and dashes ignored; anything else outside the
    alphabet makes it invalid (so nothing odd reaches a query or a log).
    """
    if not raw or len(raw) > 40:
        return None
    code = _SEPARATORS.sub("", raw).upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def new_participant_token() -> str:
    """128 random bits, URL-safe; only its hash is stored."""
    return secrets.token_urlsafe(16)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(raw: str | None) -> bool:
    return bool(raw) and 16 <= len(raw) <= 64 and re.fullmatch(r"[A-Za-z0-9_-]+", raw) is not None


DEVICE_COOKIE = "pari_device"
_DEVICE_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")


def new_device_id() -> str:
    """128 random bits naming one browser, kept in an HttpOnly cookie (serve.py)."""
    return secrets.token_urlsafe(16)


def looks_like_device(raw: object) -> bool:
    return isinstance(raw, str) and _DEVICE_RE.fullmatch(raw) is not None


def device_participant_token(*, key: str, device: str, workshop_id: int, seat: int) -> str:
    """The token of the ``seat``-th person on this device in this workshop.

    Derived, not stored: opening the join link again on the same phone computes the
    same token, so it finds the same participant and the same link (DESIGN section 4,
    "one phone, one voice"), while the database still holds only the token's hash.
    ``key`` is the server's secret; without it a device id gives nothing away.
    """
    message = f"participant:{workshop_id}:{seat}:{device}".encode()
    digest = hmac.new(key.encode("utf-8"), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode("ascii")
