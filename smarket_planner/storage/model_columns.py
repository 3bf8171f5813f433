"""What many of the plan's tables share: the delete rules, references and checks of their columns."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from smarket_planner.storage.folded_names import KEY_LENGTH, folded_name

# ON DELETE rules: a thing's own parts go with it (CASCADE); a reference to a person or a
# function that is still in use blocks the delete (RESTRICT), so nothing unrelated is lost.
OWN = "CASCADE"
KEEP = "RESTRICT"


def person_ref(ondelete: str = KEEP, nullable: bool = True) -> Mapped[int | None]:
    """A reference to a person (by default, one that keeps the person from being removed)."""
    return mapped_column(ForeignKey("person.id", ondelete=ondelete), nullable=nullable, index=True)


def dates_in_order(start: str, end: str) -> CheckConstraint:
    """An end date may not come before its start date."""
    return CheckConstraint(f"{end} IS NULL OR {start} IS NULL OR {end} >= {start}", name="dates_in_order")


def name_key_column() -> Mapped[str]:
    """The name as it is compared (any case, any script), kept once in the plan."""
    return mapped_column(String(KEY_LENGTH), nullable=False, unique=True, default=folded_name)


def task_force_ref() -> Mapped[int]:
    """The task force a thing belongs to (it goes when the task force goes)."""
    return mapped_column(ForeignKey("task_force.id", ondelete=OWN), nullable=False, index=True)
