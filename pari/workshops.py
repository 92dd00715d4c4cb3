"""Workshops: lookup by join code. (Templates, steps and run state build on this.)"""

from __future__ import annotations

from sqlmodel import Session, select

from pari.codes import normalise_join_code
from pari.models import Workshop


def get_by_code(*, session: Session, code: str | None) -> Workshop | None:
    canonical = normalise_join_code(code)
    if canonical is None:
        return None
    return session.exec(select(Workshop).where(Workshop.code == canonical)).first()
