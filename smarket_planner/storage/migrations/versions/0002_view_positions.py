"""Keep where the user placed each node of a graph view

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the table of node positions per graph view."""
    op.create_table(
        "view_position",
        sa.Column("view", sa.String(length=64), nullable=False),
        sa.Column("node_key", sa.String(length=64), nullable=False),
        sa.Column("x", sa.Float(), nullable=False),
        sa.Column("y", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("view", "node_key", name=op.f("pk_view_position")),
    )


def downgrade() -> None:
    """Drop the node positions."""
    op.drop_table("view_position")
