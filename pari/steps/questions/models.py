"""The tables of a questions step: the questions people send, and their upvotes."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from pari.models import MAX_CARD_TEXT, enum_column, self_paced_field, utcnow


class QuestionStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for the facilitator's approval (a step that asks for it)
    SHOWN = "shown"
    ANSWERED = "answered"
    HIDDEN = "hidden"
    WITHDRAWN = "withdrawn"  # taken back by the asker: kept for the record, shown nowhere


class Question(SQLModel, table=True):
    """A question or comment to the panel; ``show_name``: the asker chose to be named."""

    __table_args__ = (
        # A resend after a dropped connection carries the same nonce: one question, not two.
        UniqueConstraint("participant_id", "client_nonce", name="uq_question_nonce"),
        CheckConstraint("length(text) >= 1", name="question_text_not_empty"),
    )
    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="workshop.id", index=True, ondelete="CASCADE")
    step_id: int = Field(foreign_key="step.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    text: str = Field(max_length=MAX_CARD_TEXT)
    show_name: bool = Field(default=False)
    status: QuestionStatus = Field(
        default=QuestionStatus.SHOWN,
        sa_column=enum_column(QuestionStatus, nullable=False, default=QuestionStatus.SHOWN),
    )
    # The question now being answered is the step's most recently pinned one.
    pinned_at: datetime | None = Field(default=None)
    client_nonce: str | None = Field(default=None, max_length=64)
    entered_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    self_paced: bool = self_paced_field()
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class QuestionUpvote(SQLModel, table=True):
    """One person's upvote of one question: the primary key makes it one at most."""

    __tablename__ = "question_upvote"
    question_id: int = Field(foreign_key="question.id", primary_key=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", primary_key=True, ondelete="CASCADE")
    step_id: int = Field(foreign_key="step.id", index=True, ondelete="CASCADE")
    self_paced: bool = self_paced_field()
    created_at: datetime = Field(default_factory=utcnow)
