"""Keep open roles (places on task forces still to be staffed) and the skills of people

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 22:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from smarket_planner.storage.rebuilt_tables import rebuilt

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the open roles and an empty list of skills for everyone."""
    role = sa.Enum(
        "lead",
        "core",
        "extended",
        "advisor",
        name="role",
        native_enum=False,
        create_constraint=True,
        length=16,
    )
    op.create_table(
        "open_role",
        sa.Column("task_force_id", sa.Integer(), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("role", role, nullable=False),
        sa.Column("allocation_pct", sa.Float(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("skills", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint("allocation_pct BETWEEN 0 AND 100", name=op.f("ck_open_role_allocation")),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name=op.f("ck_open_role_dates_in_order"),
        ),
        sa.ForeignKeyConstraint(
            ["task_force_id"],
            ["task_force.id"],
            name=op.f("fk_open_role_task_force_id_task_force"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["function_id"],
            ["function.id"],
            name=op.f("fk_open_role_function_id_function"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open_role")),
        sqlite_autoincrement=True,
    )
    for column in ("task_force_id", "function_id"):
        op.create_index(op.f(f"ix_open_role_{column}"), "open_role", [column], unique=False)
    # Rebuilt (ids carried over), so an upgraded plan's table reads as a new plan's does.
    with rebuilt("person") as batch_op:
        batch_op.add_column(sa.Column("skills", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    """Drop the open roles and the skills."""
    with rebuilt("person") as batch_op:
        batch_op.drop_column("skills")
    op.drop_table("open_role")
