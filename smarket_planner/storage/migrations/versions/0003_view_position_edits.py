"""Make a dragged node's place an undoable edit like any other: an id, a version, who and when

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 16:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _set_aside(table: str, constraints: tuple[str, ...]) -> None:
    """Rename a table and, on a server, its named constraints: their indexes share the schema's names."""
    op.rename_table("view_position", table)
    if op.get_bind().dialect.name == "sqlite":
        return  # SQLite names constraints within their table only
    for name in constraints:
        op.execute(f'ALTER TABLE "{table}" RENAME CONSTRAINT "{name}" TO "{name}_old"')


def upgrade() -> None:
    """Rebuild the node positions with the columns every editable row has, keeping the places."""
    _set_aside("view_position_0002", ("pk_view_position",))
    op.create_table(
        "view_position",
        sa.Column("view", sa.String(length=64), nullable=False),
        sa.Column("node_key", sa.String(length=64), nullable=False),
        sa.Column("x", sa.Float(), nullable=False),
        sa.Column("y", sa.Float(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_view_position")),
        sa.UniqueConstraint("view", "node_key", name=op.f("uq_view_position_view_node_key")),
        sqlite_autoincrement=True,
    )
    now = datetime.now(UTC)
    stamp = now.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else now
    op.execute(
        sa.text(
            "INSERT INTO view_position (view, node_key, x, y, version, created_at, changed_at, changed_by) "
            "SELECT view, node_key, x, y, 1, :stamp, :stamp, 'upgrade' FROM view_position_0002"
        ).bindparams(stamp=stamp)
    )
    op.drop_table("view_position_0002")


def downgrade() -> None:
    """Back to places keyed by view and node only."""
    _set_aside("view_position_0003", ("pk_view_position", "uq_view_position_view_node_key"))
    op.create_table(
        "view_position",
        sa.Column("view", sa.String(length=64), nullable=False),
        sa.Column("node_key", sa.String(length=64), nullable=False),
        sa.Column("x", sa.Float(), nullable=False),
        sa.Column("y", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("view", "node_key", name=op.f("pk_view_position")),
    )
    op.execute(
        "INSERT INTO view_position (view, node_key, x, y) SELECT view, node_key, x, y FROM view_position_0003"
    )
    op.drop_table("view_position_0003")
