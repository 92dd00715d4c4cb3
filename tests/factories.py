"""Small factories for tests: real rows through the real services."""

from __future__ import annotations

import itertools

from sqlmodel import Session

from pari import accounts
from pari.models import Role, User

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def make_user(
    session: Session, *, role: Role = Role.FACILITATOR, username: str | None = None
) -> User:
    username = username or f"user{next(_seq)}"
    user = accounts.create_user(
        session=session, username=username, name=username.title(), password=PASSWORD, role=role
    )
    session.commit()
    return user
