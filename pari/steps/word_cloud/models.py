"""The tables of a word cloud step: the short answers people send, and the words the
facilitator hid from the cloud (the answers stay)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from pari.models import self_paced_field, utcnow

MAX_WORDS_TEXT = 60  # one to three words


class WordAnswer(SQLModel, table=True):
    """One answer of one to three words; ``key`` groups answers (lower case, no
    accents, stop words left out), ``text`` is as the person wrote it."""

    __tablename__ = "word_answer"
    __table_args__ = (
        UniqueConstraint("participant_id", "client_nonce", name="uq_word_answer_nonce"),
        CheckConstraint("length(text) >= 1", name="word_answer_text_not_empty"),
    )
    id: int | None = Field(default=None, primary_key=True)
    step_id: int = Field(foreign_key="step.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    text: str = Field(max_length=MAX_WORDS_TEXT)
    key: str = Field(max_length=MAX_WORDS_TEXT)
    client_nonce: str | None = Field(default=None, max_length=64)
    entered_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    self_paced: bool = self_paced_field()
    created_at: datetime = Field(default_factory=utcnow)


class HiddenWord(SQLModel, table=True):
    """A word (its ``key``) the facilitator took off the cloud of one step."""

    __tablename__ = "hidden_word"
    step_id: int = Field(foreign_key="step.id", primary_key=True, ondelete="CASCADE")
    key: str = Field(primary_key=True, max_length=MAX_WORDS_TEXT)
    user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
