"""results revealed: a step's input state and what its results show are apart (issue 18)

Before, "results shown" was a step state that also closed input. Now a step is not
started, open or closed, and ``revealed`` says its results are shown: a step stored
as "results shown" becomes closed and revealed, so it reads as it did.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 11:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STEP = sa.table("step", sa.column("state", sa.String), sa.column("revealed", sa.Boolean))


def upgrade() -> None:
    op.execute(STEP.update().where(STEP.c.state == "results").values(state="closed", revealed=True))


def downgrade() -> None:
    # A closed, revealed step is what "results shown" meant.
    op.execute(
        STEP.update()
        .where(STEP.c.state == "closed", STEP.c.revealed == sa.true())
        .values(state="results", revealed=False)
    )
