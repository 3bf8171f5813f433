"""Keep over-allocation worked out on a server, and note whose an edit may have changed

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from smarket_planner.storage import overload_marks

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the kept overloads, their basis and the people to look at again (triggers on a server)."""
    op.create_table(
        "overload",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("peak", sa.Float(), nullable=False),
        sa.Column("task_forces", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "first_day", name=op.f("pk_overload")),
    )
    op.create_table(
        "overload_basis",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("today", sa.Date(), nullable=False),
        sa.Column("undated_days", sa.Integer(), nullable=False),
        sa.Column("tolerance", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_overload_basis")),
    )
    op.create_table(
        "overload_stale",
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_overload_stale")),
    )
    overload_marks.install(op.get_bind())


def downgrade() -> None:
    """Drop the triggers and the three tables."""
    overload_marks.remove(op.get_bind())
    op.drop_table("overload_stale")
    op.drop_table("overload_basis")
    op.drop_table("overload")
