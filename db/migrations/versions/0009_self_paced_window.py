"""self-paced window: a workshop's window and time zone, its chosen steps, each answer's mode (issue 21)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Defaults as plain literals, read as booleans by SQLite and PostgreSQL alike: a SQL
# expression (sa.true()) as a new column's default makes Alembic rebuild a SQLite table
# (copy, drop, rename), where plain ALTER TABLE ... ADD COLUMN is enough.
TRUE, FALSE = "1", "0"

# Every table of answers a phone writes (and the participant, for its check-in): the
# mode each row was given in. Rows stored before the window existed were given live.
ANSWER_TABLES = (
    "participant",
    "contribution",
    "vote",
    "score",
    "poll_answer",
    "assessment",
    "commitment",
    "question",
    "question_upvote",
    "word_answer",
    "rating",
)


def upgrade() -> None:
    with op.batch_alter_table("workshop", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("self_paced_from", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("self_paced_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "timezone",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="Europe/Brussels",
            )
        )
    with op.batch_alter_table("step", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("self_paced", sa.Boolean(), nullable=False, server_default=TRUE)
        )
    for table in ANSWER_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("self_paced", sa.Boolean(), nullable=False, server_default=FALSE)
            )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later) rather than a batch rebuild:
    # none of these columns is in an index or a constraint.
    for table in reversed(ANSWER_TABLES):
        op.drop_column(table, "self_paced")
    op.drop_column("step", "self_paced")
    for column in ("timezone", "self_paced_until", "self_paced_from"):
        op.drop_column("workshop", column)
