"""The plan's tables: people and functions, task forces, goals, KPIs, RACI, work, risks."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smarket_planner.domain.enums import (
    DecisionStanding,
    DeliverableStatus,
    DependencyKind,
    KpiCommitment,
    KpiDirection,
    LifecycleStatus,
    MembershipRole,
    RaciLetter,
    RhythmFrequency,
    RiskLikelihood,
    RiskSeverity,
    RiskStatus,
    TaskForceKind,
)
from smarket_planner.storage.base import Base, Tracked, enum_column
from smarket_planner.storage.folded_names import refold
from smarket_planner.storage.learning_model import CreditRow, LessonRow, QuestionRow, lesson_function
from smarket_planner.storage.model_columns import (
    KEEP,
    OWN,
    dates_in_order,
    name_key_column,
    person_ref,
    task_force_ref,
)
from smarket_planner.storage.staffing_model import OpenRoleRow

__all__ = ["KEEP", "OWN", "CreditRow", "LessonRow", "OpenRoleRow", "QuestionRow", "lesson_function"]


class PlanMeta(Base):
    """Facts about the plan itself: its title, the program that wrote it."""

    __tablename__ = "plan_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False, default="")


class FunctionRow(Tracked, Base):
    """A department and its colour."""

    __tablename__ = "function"
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    name_key: Mapped[str] = name_key_column()
    colour: Mapped[str] = mapped_column(String(7), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")


class PersonRow(Tracked, Base):
    """Someone who can be staffed."""

    __tablename__ = "person"
    name: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    function_id: Mapped[int] = mapped_column(
        ForeignKey("function.id", ondelete=KEEP), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    location: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    capacity_pct: Mapped[float] = mapped_column(Float, nullable=False, default=100.0)
    # Empty on people from before skills were kept, as the migration gave them.
    skills: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    __table_args__ = (CheckConstraint("capacity_pct BETWEEN 0 AND 100", name="capacity"),)


class TaskForceRow(Tracked, Base):
    """A temporary cross-functional team."""

    __tablename__ = "task_force"
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    name_key: Mapped[str] = name_key_column()
    kind: Mapped[TaskForceKind] = mapped_column(enum_column(TaskForceKind, "kind"), nullable=False)
    status: Mapped[LifecycleStatus] = mapped_column(
        enum_column(LifecycleStatus, "status"), nullable=False, index=True
    )
    objective: Mapped[str] = mapped_column(Text, nullable=False, default="")
    why: Mapped[str] = mapped_column(Text, nullable=False, default="")
    sponsor_id: Mapped[int | None] = person_ref()
    lead_id: Mapped[int | None] = person_ref()
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    rhythm_frequency: Mapped[RhythmFrequency | None] = mapped_column(
        enum_column(RhythmFrequency, "rhythm_frequency")
    )
    rhythm_weekday: Mapped[int | None] = mapped_column(Integer)
    rhythm_time: Mapped[str | None] = mapped_column(String(5))
    rhythm_label: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    reformed_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("task_force.id", ondelete="SET NULL"), index=True
    )
    __table_args__ = (
        dates_in_order("start_date", "end_date"),
        CheckConstraint("rhythm_weekday BETWEEN 0 AND 6", name="weekday"),
    )


class MembershipRow(Tracked, Base):
    """A person on a task force."""

    __tablename__ = "membership"
    task_force_id: Mapped[int] = task_force_ref()
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete=OWN), nullable=False, index=True)
    role: Mapped[MembershipRole] = mapped_column(enum_column(MembershipRole, "role"), nullable=False)
    allocation_pct: Mapped[float] = mapped_column(Float, nullable=False)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (
        UniqueConstraint("task_force_id", "person_id"),
        CheckConstraint("allocation_pct BETWEEN 0 AND 100", name="allocation"),
        dates_in_order("start_date", "end_date"),
    )


goal_owner = Table(
    "goal_owner",
    Base.metadata,
    Column("goal_id", ForeignKey("goal.id", ondelete=OWN), primary_key=True),
    Column("function_id", ForeignKey("function.id", ondelete=OWN), primary_key=True, index=True),
)

kpi_owner = Table(
    "kpi_owner",
    Base.metadata,
    Column("kpi_id", ForeignKey("kpi.id", ondelete=OWN), primary_key=True),
    Column("function_id", ForeignKey("function.id", ondelete=OWN), primary_key=True, index=True),
)

decision_commitment = Table(
    "decision_commitment",
    Base.metadata,
    Column("decision_id", ForeignKey("decision.id", ondelete=OWN), primary_key=True),
    Column("person_id", ForeignKey("person.id", ondelete=OWN), primary_key=True, index=True),
)


class GoalRow(Tracked, Base):
    """A goal of a task force."""

    __tablename__ = "goal"
    task_force_id: Mapped[int] = task_force_ref()
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    owners: Mapped[list[FunctionRow]] = relationship(
        secondary=goal_owner, lazy="selectin", order_by=FunctionRow.id
    )


class KpiRow(Tracked, Base):
    """A measure under a goal."""

    __tablename__ = "kpi"
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete=OWN), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    unit: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    baseline: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    target: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    direction: Mapped[KpiDirection] = mapped_column(enum_column(KpiDirection, "direction"), nullable=False)
    start_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    weight: Mapped[float] = mapped_column(Float, nullable=False, default=1.0)
    incentive_pct: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    commitment: Mapped[KpiCommitment] = mapped_column(
        enum_column(KpiCommitment, "commitment"), nullable=False
    )
    accountable_id: Mapped[int | None] = person_ref()
    owners: Mapped[list[FunctionRow]] = relationship(
        secondary=kpi_owner, lazy="selectin", order_by=FunctionRow.id
    )
    __table_args__ = (
        dates_in_order("start_date", "due_date"),
        CheckConstraint("incentive_pct BETWEEN 0 AND 100", name="incentive"),
        CheckConstraint("weight >= 0", name="weight"),
    )


class CheckInRow(Tracked, Base):
    """A dated KPI value."""

    __tablename__ = "check_in"
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id", ondelete=OWN), nullable=False, index=True)
    checked_on: Mapped[date] = mapped_column(Date, nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    confidence: Mapped[int] = mapped_column(Integer, nullable=False, default=5)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    __table_args__ = (CheckConstraint("confidence BETWEEN 1 AND 10", name="confidence"),)


class ActivityRow(Tracked, Base):
    """A piece of work given a RACI."""

    __tablename__ = "activity"
    task_force_id: Mapped[int] = task_force_ref()
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")


class RaciRow(Tracked, Base):
    """One RACI letter for a function or a person on an activity."""

    __tablename__ = "raci_assignment"
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete=OWN), nullable=False, index=True
    )
    letter: Mapped[RaciLetter] = mapped_column(enum_column(RaciLetter, "letter"), nullable=False)
    function_id: Mapped[int | None] = mapped_column(ForeignKey("function.id", ondelete=OWN), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete=OWN), index=True)
    __table_args__ = (
        UniqueConstraint("activity_id", "function_id"),
        UniqueConstraint("activity_id", "person_id"),
        CheckConstraint("(function_id IS NULL) <> (person_id IS NULL)", name="one_holder"),
    )


class DeliverableRow(Tracked, Base):
    """A piece of work with an owner, a duration and dates."""

    __tablename__ = "deliverable"
    task_force_id: Mapped[int] = task_force_ref()
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    owner_id: Mapped[int | None] = person_ref()
    duration_days: Mapped[float] = mapped_column(Float, nullable=False, default=5.0)
    start_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[DeliverableStatus] = mapped_column(
        enum_column(DeliverableStatus, "status"), nullable=False
    )
    finished_on: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (
        dates_in_order("start_date", "due_date"),
        CheckConstraint("duration_days >= 0", name="duration"),
    )


class DependencyRow(Tracked, Base):
    """The downstream deliverable depends on the upstream one."""

    __tablename__ = "dependency"
    upstream_id: Mapped[int] = mapped_column(
        ForeignKey("deliverable.id", ondelete=OWN), nullable=False, index=True
    )
    downstream_id: Mapped[int] = mapped_column(
        ForeignKey("deliverable.id", ondelete=OWN), nullable=False, index=True
    )
    kind: Mapped[DependencyKind] = mapped_column(enum_column(DependencyKind, "kind"), nullable=False)
    __table_args__ = (
        UniqueConstraint("upstream_id", "downstream_id"),
        CheckConstraint("upstream_id <> downstream_id", name="not_itself"),
    )


class RiskRow(Tracked, Base):
    """A piece of bad news and what is done about it."""

    __tablename__ = "risk"
    task_force_id: Mapped[int] = task_force_ref()
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    severity: Mapped[RiskSeverity] = mapped_column(enum_column(RiskSeverity, "severity"), nullable=False)
    likelihood: Mapped[RiskLikelihood] = mapped_column(
        enum_column(RiskLikelihood, "likelihood"), nullable=False
    )
    status: Mapped[RiskStatus] = mapped_column(enum_column(RiskStatus, "status"), nullable=False)
    owner_id: Mapped[int | None] = person_ref()
    raised_by_id: Mapped[int | None] = person_ref()
    raised_on: Mapped[date | None] = mapped_column(Date)
    mitigation: Mapped[str] = mapped_column(Text, nullable=False, default="")


class DecisionRow(Tracked, Base):
    """A decision with the data behind it."""

    __tablename__ = "decision"
    task_force_id: Mapped[int] = task_force_ref()
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = person_ref()
    data: Mapped[str] = mapped_column(Text, nullable=False, default="")
    reasoning: Mapped[str] = mapped_column(Text, nullable=False, default="")
    committed: Mapped[list[PersonRow]] = relationship(
        secondary=decision_commitment, lazy="selectin", order_by=PersonRow.id
    )
    standing: Mapped[DecisionStanding] = mapped_column(
        enum_column(DecisionStanding, "standing"),
        nullable=False,
        default=DecisionStanding.IN_FORCE,
        server_default=DecisionStanding.IN_FORCE.value,  # as the migration gave the decisions before
    )


class ViewPositionRow(Tracked, Base):
    """Where the user dragged a node of a graph view, kept per view."""

    __tablename__ = "view_position"
    __table_args__ = (UniqueConstraint("view", "node_key"),)
    view: Mapped[str] = mapped_column(String(64), nullable=False)
    node_key: Mapped[str] = mapped_column(String(64), nullable=False)
    x: Mapped[float] = mapped_column(Float, nullable=False)
    y: Mapped[float] = mapped_column(Float, nullable=False)


for _named in (FunctionRow, TaskForceRow):
    event.listen(_named.name, "set", refold)

# Never reuse a removed row's id on SQLite (PostgreSQL sequences never do): a stale
# reference, in an undo step or another window, must not land on a different thing.
for _table in Base.metadata.tables.values():
    if "version" in _table.c:
        _table.dialect_options["sqlite"]["autoincrement"] = True


# What each edit changed, for other windows on a plan file (a server plan uses NOTIFY instead);
# its ids are never reused, so a reader can tell entries it never saw from ones not yet written.
change_log = Table(
    "change_log",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("notices", Text, nullable=False),
    sqlite_autoincrement=True,
)


# Over-allocation kept worked out on a PostgreSQL server (a plan file works it out when asked):
# the overloads of everyone for one day and set of rules (the basis, one row), and the people
# an edit touched since, whose overloads are worked out again when next read. Triggers fill
# ``overload_stale`` (see ``overload_marks``); none of the three is copied with the plan.
overload = Table(
    "overload",
    Base.metadata,
    Column("person_id", Integer, primary_key=True),
    Column("first_day", Date, primary_key=True),
    Column("last_day", Date, nullable=False),
    Column("peak", Float, nullable=False),
    Column("task_forces", Text, nullable=False),  # their ids, comma-separated, in order
    info={"derived": True},
)
overload_basis = Table(
    "overload_basis",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("today", Date, nullable=False),
    Column("undated_days", Integer, nullable=False),
    Column("tolerance", Float, nullable=False),
    info={"derived": True},
)
overload_stale = Table(
    "overload_stale",
    Base.metadata,
    Column("person_id", Integer, primary_key=True, autoincrement=False),
    info={"derived": True},
)
