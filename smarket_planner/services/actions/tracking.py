"""Day-to-day actions: KPI check-ins, RACI letters and links between deliverables."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smarket_planner.domain.enums import DependencyKind, RaciLetter
from smarket_planner.domain.errors import ValidationError
from smarket_planner.domain.records import CheckIn, Dependency, EntityKind, RaciAssignment
from smarket_planner.services.actions import rows
from smarket_planner.services.actions.crud import add, checked_changes, insert_step
from smarket_planner.services.actions.edits import Compound, Outcome, Patch, Remove, Step, apply
from smarket_planner.services.actions.plan import Plan
from smarket_planner.storage.model import RaciRow

K = EntityKind


def record_check_in(
    plan: Plan,
    kpi_id: int,
    checked_on: date | str,
    value: float,
    *,
    confidence: int = 5,
    note: str = "",
) -> Outcome[CheckIn]:
    """Record where a KPI stands today, how sure the reporter is (1-10), and why."""
    values = {
        "kpi_id": kpi_id,
        "checked_on": checked_on,
        "value": value,
        "confidence": confidence,
        "note": note,
    }
    return add(plan, K.CHECK_IN, values, "Record check-in")


def set_raci(
    plan: Plan,
    activity_id: int,
    letter: RaciLetter | str | None,
    *,
    function_id: int | None = None,
    person_id: int | None = None,
) -> Outcome[RaciAssignment | None]:
    """Give a function or a person R, A, C or I on an activity, or clear their cell (None)."""
    if (function_id is None) == (person_id is None):
        raise ValidationError("function_id", "A RACI letter goes to one function or one person.")
    holder = {"function_id": function_id} if function_id else {"person_id": person_id}
    label = f"Set RACI letter {letter}" if letter else "Clear RACI letter"

    def build(session: Session, made: list[Step[Any]]) -> RaciAssignment | None:
        rows.load_row(session, K.ACTIVITY, activity_id)
        column, value = next(iter(holder.items()))
        existing = session.scalar(
            select(RaciRow.id).where(RaciRow.activity_id == activity_id, RaciRow.__table__.c[column] == value)
        )
        if existing is None:
            if letter is None:
                return None
            values = {"activity_id": activity_id, "letter": letter} | holder
            made.append(insert_step(session, K.RACI, values, label))
        elif letter is None:
            made.append(Remove(K.RACI, (existing,), label).run(session))
            return None
        else:
            clean = checked_changes(session, K.RACI, existing, {"letter": letter})
            if not clean:
                return rows.to_record(K.RACI, rows.load_row(session, K.RACI, existing))  # type: ignore[return-value]
            made.append(Patch(K.RACI, existing, clean, label).run(session))
        return made[-1].value  # type: ignore[no-any-return]

    return apply(plan, Compound(build, label))


def add_dependency(
    plan: Plan,
    upstream_id: int,
    downstream_id: int,
    kind: DependencyKind | str = DependencyKind.BLOCKING,
) -> Outcome[Dependency]:
    """Say that one deliverable depends on another (also across task forces)."""
    values = {"upstream_id": upstream_id, "downstream_id": downstream_id, "kind": kind}
    return add(plan, K.DEPENDENCY, values, "Add dependency")


def remove_dependency(plan: Plan, dependency_id: int) -> Outcome[Any]:
    """Drop the link between two deliverables."""
    return apply(plan, Remove(K.DEPENDENCY, (dependency_id,), "Remove dependency"))
