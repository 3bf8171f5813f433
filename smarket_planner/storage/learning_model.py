"""The tables of what task forces learn: open questions, lessons for later teams, and credits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smarket_planner.domain.enums import LessonOutcome
from smarket_planner.storage.base import Base, Tracked, enum_column
from smarket_planner.storage.model_columns import KEEP, OWN, person_ref, task_force_ref


class QuestionRow(Tracked, Base):
    """An open question of a task force, who should answer it by when, and the answer."""

    __tablename__ = "question"
    task_force_id: Mapped[int] = task_force_ref()
    question: Mapped[str] = mapped_column(Text, nullable=False)
    asked_by_id: Mapped[int | None] = person_ref()
    answerer_id: Mapped[int | None] = person_ref()
    due_on: Mapped[date | None] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(Text, nullable=False, default="")
    evidence: Mapped[str] = mapped_column(Text, nullable=False, default="")
    answered_on: Mapped[date | None] = mapped_column(Date)


lesson_function = Table(
    "lesson_function",
    Base.metadata,
    Column("lesson_id", ForeignKey("lesson.id", ondelete=OWN), primary_key=True),
    Column("function_id", ForeignKey("function.id", ondelete=OWN), primary_key=True, index=True),
)


class LessonRow(Tracked, Base):
    """What a task force learned: what happened, why, the data, and what to do next time."""

    __tablename__ = "lesson"
    task_force_id: Mapped[int] = task_force_ref()
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    outcome: Mapped[LessonOutcome] = mapped_column(enum_column(LessonOutcome, "outcome"), nullable=False)
    what_happened: Mapped[str] = mapped_column(Text, nullable=False, default="")
    why: Mapped[str] = mapped_column(Text, nullable=False, default="")
    evidence: Mapped[str] = mapped_column(Text, nullable=False, default="")
    next_time: Mapped[str] = mapped_column(Text, nullable=False, default="")
    tags: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recorded_on: Mapped[date | None] = mapped_column(Date)
    # By name: the functions' table is declared in model.py, which reads this module first.
    functions: Mapped[list[Base]] = relationship(
        "FunctionRow", secondary=lesson_function, lazy="selectin", order_by="FunctionRow.id"
    )


class CreditRow(Tracked, Base):
    """Who a task force thanks, and for what."""

    __tablename__ = "credit"
    task_force_id: Mapped[int] = task_force_ref()
    for_what: Mapped[str] = mapped_column(Text, nullable=False)
    person_id: Mapped[int | None] = person_ref()
    function_id: Mapped[int | None] = mapped_column(
        ForeignKey("function.id", ondelete=KEEP), nullable=True, index=True
    )
    __table_args__ = (
        CheckConstraint("person_id IS NOT NULL OR function_id IS NOT NULL", name="thanks_someone"),
    )
