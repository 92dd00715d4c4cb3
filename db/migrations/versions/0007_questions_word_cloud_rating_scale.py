"""questions, word cloud, rating scale: three more step kinds, each with its own tables (issue 19)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 19:45:31
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hidden_word",
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["step_id"], ["step.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("step_id", "key"),
    )
    op.create_table(
        "question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("show_name", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "shown",
                "answered",
                "hidden",
                "withdrawn",
                name="questionstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("pinned_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("client_nonce", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("entered_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("length(text) >= 1", name="question_text_not_empty"),
        sa.ForeignKeyConstraint(
            ["entered_by_user_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["step_id"], ["step.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id", "client_nonce", name="uq_question_nonce"),
    )
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_question_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_question_step_id"), ["step_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_question_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("entered_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("statement >= 0 AND statement < 12", name="rating_statement"),
        sa.CheckConstraint("value IS NULL OR (value >= 0 AND value <= 10)", name="rating_range"),
        sa.ForeignKeyConstraint(
            ["entered_by_user_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["step_id"], ["step.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("step_id", "participant_id", "statement", name="uq_rating"),
    )
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rating_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_rating_step_id"), ["step_id"], unique=False)

    op.create_table(
        "word_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("client_nonce", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("entered_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("length(text) >= 1", name="word_answer_text_not_empty"),
        sa.ForeignKeyConstraint(
            ["entered_by_user_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["step_id"], ["step.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id", "client_nonce", name="uq_word_answer_nonce"),
    )
    with op.batch_alter_table("word_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_word_answer_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_word_answer_step_id"), ["step_id"], unique=False)

    op.create_table(
        "question_upvote",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["step_id"], ["step.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("question_id", "participant_id"),
    )
    with op.batch_alter_table("question_upvote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_upvote_step_id"), ["step_id"], unique=False)


STEP = sa.table("step", sa.column("kind", sa.String))


def downgrade() -> None:
    # The kinds had no place before: their steps go with their answers.
    op.execute(STEP.delete().where(STEP.c.kind.in_(("questions", "word_cloud", "rating"))))
    with op.batch_alter_table("question_upvote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_upvote_step_id"))

    op.drop_table("question_upvote")
    with op.batch_alter_table("word_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_word_answer_step_id"))
        batch_op.drop_index(batch_op.f("ix_word_answer_participant_id"))

    op.drop_table("word_answer")
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_step_id"))
        batch_op.drop_index(batch_op.f("ix_rating_participant_id"))

    op.drop_table("rating")
    with op.batch_alter_table("question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_question_step_id"))
        batch_op.drop_index(batch_op.f("ix_question_participant_id"))

    op.drop_table("question")
    op.drop_table("hidden_word")
