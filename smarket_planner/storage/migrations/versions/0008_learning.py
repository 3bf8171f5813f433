"""Keep what task forces learn: open questions, lessons and credits; when work finished; whether decisions held

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from smarket_planner.storage.rebuilt_tables import rebuilt

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tracked() -> list[sa.Column[object]]:
    """The columns every editable row has: id, version counter, created, changed and by whom."""
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
    ]


def _belongs(table: str) -> sa.ForeignKeyConstraint:
    """The task force a row belongs to, which takes the row with it."""
    return sa.ForeignKeyConstraint(
        ["task_force_id"],
        ["task_force.id"],
        name=op.f(f"fk_{table}_task_force_id_task_force"),
        ondelete="CASCADE",
    )


def _person(table: str, column: str) -> sa.ForeignKeyConstraint:
    """A person the row names, who cannot be removed while it does."""
    return sa.ForeignKeyConstraint(
        [column], ["person.id"], name=op.f(f"fk_{table}_{column}_person"), ondelete="RESTRICT"
    )


def upgrade() -> None:
    """Add the questions, lessons (with the functions they concern) and credits, and two columns."""
    op.create_table(
        "question",
        sa.Column("task_force_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("asked_by_id", sa.Integer(), nullable=True),
        sa.Column("answerer_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        *_tracked(),
        _belongs("question"),
        _person("question", "asked_by_id"),
        _person("question", "answerer_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question")),
        sqlite_autoincrement=True,
    )
    for column in ("task_force_id", "asked_by_id", "answerer_id"):
        op.create_index(op.f(f"ix_question_{column}"), "question", [column], unique=False)

    op.create_table(
        "lesson",
        sa.Column("task_force_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "worked",
                "hurt",
                "mixed",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=14,
            ),
            nullable=False,
        ),
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("next_time", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=True),
        *_tracked(),
        _belongs("lesson"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_lesson_task_force_id"), "lesson", ["task_force_id"], unique=False)
    op.create_table(
        "lesson_function",
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["function_id"],
            ["function.id"],
            name=op.f("fk_lesson_function_function_id_function"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lesson.id"], name=op.f("fk_lesson_function_lesson_id_lesson"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("lesson_id", "function_id", name=op.f("pk_lesson_function")),
    )
    op.create_index(op.f("ix_lesson_function_function_id"), "lesson_function", ["function_id"], unique=False)

    op.create_table(
        "credit",
        sa.Column("task_force_id", sa.Integer(), nullable=False),
        sa.Column("for_what", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("function_id", sa.Integer(), nullable=True),
        *_tracked(),
        sa.CheckConstraint(
            "person_id IS NOT NULL OR function_id IS NOT NULL", name=op.f("ck_credit_thanks_someone")
        ),
        _belongs("credit"),
        _person("credit", "person_id"),
        sa.ForeignKeyConstraint(
            ["function_id"], ["function.id"], name=op.f("fk_credit_function_id_function"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit")),
        sqlite_autoincrement=True,
    )
    for column in ("task_force_id", "person_id", "function_id"):
        op.create_index(op.f(f"ix_credit_{column}"), "credit", [column], unique=False)

    # Both tables are rebuilt (their ids carried over), so an upgraded plan checks the new values
    # as a new plan does; every decision stands.
    standing = sa.Enum(
        "in_force", "held", "reversed", name="standing", native_enum=False, create_constraint=True, length=16
    )
    with rebuilt("decision") as batch_op:
        batch_op.add_column(sa.Column("standing", standing, nullable=False, server_default="in_force"))
    with rebuilt("deliverable") as batch_op:
        batch_op.add_column(sa.Column("finished_on", sa.Date(), nullable=True))


def downgrade() -> None:
    """Drop what task forces learned, when work finished, and whether decisions held."""
    with rebuilt("deliverable") as batch_op:
        batch_op.drop_column("finished_on")
    with rebuilt("decision") as batch_op:
        batch_op.drop_column("standing")
    for table in ("credit", "lesson_function", "lesson", "question"):
        op.drop_table(table)
