"""The table of a rating scale step: one person's rating of one statement."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from pari.models import self_paced_field, utcnow

MAX_STATEMENTS = 12


class Rating(SQLModel, table=True):
    """``statement`` is the statement's place in the step's list (0 first); ``value``
    is on the step's scale (at most 0 to 10), None for "don't know"."""

    __table_args__ = (
        UniqueConstraint("step_id", "participant_id", "statement", name="uq_rating"),
        CheckConstraint("value IS NULL OR (value >= 0 AND value <= 10)", name="rating_range"),
        CheckConstraint(
            f"statement >= 0 AND statement < {MAX_STATEMENTS}", name="rating_statement"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    step_id: int = Field(foreign_key="step.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    statement: int
    value: int | None = Field(default=None)
    entered_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    self_paced: bool = self_paced_field()
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
