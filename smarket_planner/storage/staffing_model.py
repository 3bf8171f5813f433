"""The table of places on task forces still to be staffed: open roles."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from smarket_planner.domain.enums import MembershipRole
from smarket_planner.storage.base import Base, Tracked, enum_column
from smarket_planner.storage.model_columns import KEEP, dates_in_order, task_force_ref


class OpenRoleRow(Tracked, Base):
    """A place on a task force: the function it needs, the share of a week, when, and the skills wanted."""

    __tablename__ = "open_role"
    task_force_id: Mapped[int] = task_force_ref()
    function_id: Mapped[int] = mapped_column(
        ForeignKey("function.id", ondelete=KEEP), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    role: Mapped[MembershipRole] = mapped_column(enum_column(MembershipRole, "role"), nullable=False)
    allocation_pct: Mapped[float] = mapped_column(Float, nullable=False)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    skills: Mapped[str] = mapped_column(Text, nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    __table_args__ = (
        CheckConstraint("allocation_pct BETWEEN 0 AND 100", name="allocation"),
        dates_in_order("start_date", "end_date"),
    )
