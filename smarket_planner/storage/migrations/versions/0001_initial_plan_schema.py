"""Initial plan schema: functions, people, task forces and all their parts

Revision ID: 0001
Revises:
Create Date: 2026-11-23 03:54:51.084337
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Bring the plan up to this revision."""
    op.create_table(
        "function",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_function")),
        sa.UniqueConstraint("name", name=op.f("uq_function_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "plan_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_plan_meta")),
    )
    op.create_table(
        "person",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("location", sa.String(length=120), nullable=False),
        sa.Column("capacity_pct", sa.Float(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint("capacity_pct BETWEEN 0 AND 100", name=op.f("ck_person_capacity")),
        sa.ForeignKeyConstraint(
            ["function_id"], ["function.id"], name=op.f("fk_person_function_id_function"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("email", name=op.f("uq_person_email")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_function_id"), ["function_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_name"), ["name"], unique=False)

    op.create_table(
        "task_force",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "product_launch",
                "account_pursuit",
                "market_entry",
                "campaign",
                "lead_qualification",
                "retention",
                "other",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=26,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "forming",
                "active",
                "dispersed",
                "archived",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("objective", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("sponsor_id", sa.Integer(), nullable=True),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column(
            "rhythm_frequency",
            sa.Enum(
                "daily",
                "weekly",
                "biweekly",
                "monthly",
                name="rhythm_frequency",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("rhythm_weekday", sa.Integer(), nullable=True),
        sa.Column("rhythm_time", sa.String(length=5), nullable=True),
        sa.Column("rhythm_label", sa.String(length=120), nullable=False),
        sa.Column("reformed_from_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name=op.f("ck_task_force_dates_in_order"),
        ),
        sa.CheckConstraint("rhythm_weekday BETWEEN 0 AND 6", name=op.f("ck_task_force_weekday")),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["person.id"], name=op.f("fk_task_force_lead_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["reformed_from_id"],
            ["task_force.id"],
            name=op.f("fk_task_force_reformed_from_id_task_force"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sponsor_id"], ["person.id"], name=op.f("fk_task_force_sponsor_id_person"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_force")),
        sa.UniqueConstraint("name", name=op.f("uq_task_force_name")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("task_force", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_force_lead_id"), ["lead_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_task_force_reformed_from_id"), ["reformed_from_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_task_force_sponsor_id"), ["sponsor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_force_status"), ["status"], unique=False)

    op.create_table(
        "activity",
        sa.Column("task_force_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_force_id"],
            ["task_force.id"],
            name=op.f("fk_activity_task_force_id_task_force"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_task_force_id"), ["task_force_id"], unique=False)

    op.create_table(
        "decision",
        sa.Column("task_force_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("reasoning", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["person.id"],
            name=op.f("fk_decision_decided_by_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["task_force_id"],
            ["task_force.id"],
            name=op.f("fk_decision_task_force_id_task_force"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_decided_by_id"), ["decided_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_task_force_id"), ["task_force_id"], unique=False)

    op.create_table(
        "deliverable",
        sa.Column("task_force_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("duration_days", sa.Float(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "in_progress",
                "blocked",
                "done",
                "cancelled",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=19,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint(
            "due_date IS NULL OR start_date IS NULL OR due_date >= start_date",
            name=op.f("ck_deliverable_dates_in_order"),
        ),
        sa.CheckConstraint("duration_days >= 0", name=op.f("ck_deliverable_duration")),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["person.id"], name=op.f("fk_deliverable_owner_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["task_force_id"],
            ["task_force.id"],
            name=op.f("fk_deliverable_task_force_id_task_force"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliverable")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("deliverable", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deliverable_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deliverable_task_force_id"), ["task_force_id"], unique=False)

    op.create_table(
        "goal",
        sa.Column("task_force_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_force_id"],
            ["task_force.id"],
            name=op.f("fk_goal_task_force_id_task_force"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_task_force_id"), ["task_force_id"], unique=False)

    op.create_table(
        "membership",
        sa.Column("task_force_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "lead",
                "core",
                "extended",
                "advisor",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("allocation_pct", sa.Float(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint("allocation_pct BETWEEN 0 AND 100", name=op.f("ck_membership_allocation")),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name=op.f("ck_membership_dates_in_order"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_membership_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["task_force_id"],
            ["task_force.id"],
            name=op.f("fk_membership_task_force_id_task_force"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
        sa.UniqueConstraint("task_force_id", "person_id", name=op.f("uq_membership_task_force_id_person_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_task_force_id"), ["task_force_id"], unique=False)

    op.create_table(
        "risk",
        sa.Column("task_force_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "severity",
            sa.Enum(
                "low",
                "medium",
                "high",
                "critical",
                name="severity",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "likelihood",
            sa.Enum(
                "rare",
                "unlikely",
                "possible",
                "likely",
                "almost_certain",
                name="likelihood",
                native_enum=False,
                create_constraint=True,
                length=22,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "mitigating",
                "occurred",
                "closed",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=18,
            ),
            nullable=False,
        ),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("raised_on", sa.Date(), nullable=True),
        sa.Column("mitigation", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["person.id"], name=op.f("fk_risk_owner_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["raised_by_id"], ["person.id"], name=op.f("fk_risk_raised_by_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["task_force_id"],
            ["task_force.id"],
            name=op.f("fk_risk_task_force_id_task_force"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("risk", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_risk_raised_by_id"), ["raised_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_risk_task_force_id"), ["task_force_id"], unique=False)

    op.create_table(
        "decision_commitment",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
            name=op.f("fk_decision_commitment_decision_id_decision"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_decision_commitment_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("decision_id", "person_id", name=op.f("pk_decision_commitment")),
    )
    with op.batch_alter_table("decision_commitment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_commitment_person_id"), ["person_id"], unique=False)

    op.create_table(
        "dependency",
        sa.Column("upstream_id", sa.Integer(), nullable=False),
        sa.Column("downstream_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "blocking",
                "non_blocking",
                "hand_off",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint("upstream_id <> downstream_id", name=op.f("ck_dependency_not_itself")),
        sa.ForeignKeyConstraint(
            ["downstream_id"],
            ["deliverable.id"],
            name=op.f("fk_dependency_downstream_id_deliverable"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["upstream_id"],
            ["deliverable.id"],
            name=op.f("fk_dependency_upstream_id_deliverable"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dependency")),
        sa.UniqueConstraint(
            "upstream_id", "downstream_id", name=op.f("uq_dependency_upstream_id_downstream_id")
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("dependency", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dependency_downstream_id"), ["downstream_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dependency_upstream_id"), ["upstream_id"], unique=False)

    op.create_table(
        "goal_owner",
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["function_id"],
            ["function.id"],
            name=op.f("fk_goal_owner_function_id_function"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goal.id"], name=op.f("fk_goal_owner_goal_id_goal"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("goal_id", "function_id", name=op.f("pk_goal_owner")),
    )
    with op.batch_alter_table("goal_owner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_owner_function_id"), ["function_id"], unique=False)

    op.create_table(
        "kpi",
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column(
            "direction",
            sa.Enum("up", "down", name="direction", native_enum=False, create_constraint=True, length=12),
            nullable=False,
        ),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("incentive_pct", sa.Float(), nullable=False),
        sa.Column(
            "commitment",
            sa.Enum(
                "committed",
                "aspirational",
                name="commitment",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("accountable_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint(
            "due_date IS NULL OR start_date IS NULL OR due_date >= start_date",
            name=op.f("ck_kpi_dates_in_order"),
        ),
        sa.CheckConstraint("incentive_pct BETWEEN 0 AND 100", name=op.f("ck_kpi_incentive")),
        sa.CheckConstraint("weight >= 0", name=op.f("ck_kpi_weight")),
        sa.ForeignKeyConstraint(
            ["accountable_id"], ["person.id"], name=op.f("fk_kpi_accountable_id_person"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goal.id"], name=op.f("fk_kpi_goal_id_goal"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("kpi", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kpi_accountable_id"), ["accountable_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_kpi_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "raci_assignment",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column(
            "letter",
            sa.Enum("R", "A", "C", "I", name="letter", native_enum=False, create_constraint=True, length=9),
            nullable=False,
        ),
        sa.Column("function_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint(
            "(function_id IS NULL) <> (person_id IS NULL)", name=op.f("ck_raci_assignment_one_holder")
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_raci_assignment_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["function_id"],
            ["function.id"],
            name=op.f("fk_raci_assignment_function_id_function"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_raci_assignment_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raci_assignment")),
        sa.UniqueConstraint(
            "activity_id", "function_id", name=op.f("uq_raci_assignment_activity_id_function_id")
        ),
        sa.UniqueConstraint(
            "activity_id", "person_id", name=op.f("uq_raci_assignment_activity_id_person_id")
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("raci_assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_raci_assignment_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_raci_assignment_function_id"), ["function_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_raci_assignment_person_id"), ["person_id"], unique=False)

    op.create_table(
        "check_in",
        sa.Column("kpi_id", sa.Integer(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint("confidence BETWEEN 1 AND 10", name=op.f("ck_check_in_confidence")),
        sa.ForeignKeyConstraint(
            ["kpi_id"], ["kpi.id"], name=op.f("fk_check_in_kpi_id_kpi"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_in")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("check_in", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_check_in_kpi_id"), ["kpi_id"], unique=False)

    op.create_table(
        "kpi_owner",
        sa.Column("kpi_id", sa.Integer(), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["function_id"],
            ["function.id"],
            name=op.f("fk_kpi_owner_function_id_function"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["kpi_id"], ["kpi.id"], name=op.f("fk_kpi_owner_kpi_id_kpi"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("kpi_id", "function_id", name=op.f("pk_kpi_owner")),
    )
    with op.batch_alter_table("kpi_owner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kpi_owner_function_id"), ["function_id"], unique=False)


def downgrade() -> None:
    """Take the plan back to the previous revision."""
    with op.batch_alter_table("kpi_owner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kpi_owner_function_id"))

    op.drop_table("kpi_owner")
    with op.batch_alter_table("check_in", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_in_kpi_id"))

    op.drop_table("check_in")
    with op.batch_alter_table("raci_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_raci_assignment_person_id"))
        batch_op.drop_index(batch_op.f("ix_raci_assignment_function_id"))
        batch_op.drop_index(batch_op.f("ix_raci_assignment_activity_id"))

    op.drop_table("raci_assignment")
    with op.batch_alter_table("kpi", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kpi_goal_id"))
        batch_op.drop_index(batch_op.f("ix_kpi_accountable_id"))

    op.drop_table("kpi")
    with op.batch_alter_table("goal_owner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_owner_function_id"))

    op.drop_table("goal_owner")
    with op.batch_alter_table("dependency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dependency_upstream_id"))
        batch_op.drop_index(batch_op.f("ix_dependency_downstream_id"))

    op.drop_table("dependency")
    with op.batch_alter_table("decision_commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_commitment_person_id"))

    op.drop_table("decision_commitment")
    with op.batch_alter_table("risk", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_task_force_id"))
        batch_op.drop_index(batch_op.f("ix_risk_raised_by_id"))
        batch_op.drop_index(batch_op.f("ix_risk_owner_id"))

    op.drop_table("risk")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_task_force_id"))
        batch_op.drop_index(batch_op.f("ix_membership_person_id"))

    op.drop_table("membership")
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_task_force_id"))

    op.drop_table("goal")
    with op.batch_alter_table("deliverable", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deliverable_task_force_id"))
        batch_op.drop_index(batch_op.f("ix_deliverable_owner_id"))

    op.drop_table("deliverable")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_task_force_id"))
        batch_op.drop_index(batch_op.f("ix_decision_decided_by_id"))

    op.drop_table("decision")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_task_force_id"))

    op.drop_table("activity")
    with op.batch_alter_table("task_force", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_force_status"))
        batch_op.drop_index(batch_op.f("ix_task_force_sponsor_id"))
        batch_op.drop_index(batch_op.f("ix_task_force_reformed_from_id"))
        batch_op.drop_index(batch_op.f("ix_task_force_lead_id"))

    op.drop_table("task_force")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_name"))
        batch_op.drop_index(batch_op.f("ix_person_function_id"))

    op.drop_table("person")
    op.drop_table("plan_meta")
    op.drop_table("function")
