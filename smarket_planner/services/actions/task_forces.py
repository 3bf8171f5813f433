"""Task-force actions: staffing, moving through the lifecycle, re-forming a dispersed team."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from smarket_planner.domain import rules
from smarket_planner.domain.enums import LifecycleStatus, MembershipRole
from smarket_planner.domain.errors import LifecycleError
from smarket_planner.domain.records import (
    Activity,
    CheckIn,
    EntityKind,
    Goal,
    Kpi,
    Membership,
    OpenRole,
    RaciAssignment,
    TaskForce,
)
from smarket_planner.services.actions import rows
from smarket_planner.services.actions.crud import add, insert_step
from smarket_planner.services.actions.edits import Compound, Outcome, Patch, Step, apply
from smarket_planner.services.actions.plan import Plan

K = EntityKind


def add_member(
    plan: Plan,
    task_force_id: int,
    person_id: int,
    *,
    role: MembershipRole | str = MembershipRole.CORE,
    allocation_pct: float = 20.0,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Outcome[Membership]:
    """Put a person on a task force with a role and a share of their week."""
    values = {
        "task_force_id": task_force_id,
        "person_id": person_id,
        "role": role,
        "allocation_pct": allocation_pct,
        "start_date": start_date,
        "end_date": end_date,
    }
    return add(plan, K.MEMBERSHIP, values, "Add team member")


def move_to(plan: Plan, task_force_id: int, status: LifecycleStatus | str) -> Outcome[TaskForce]:
    """Move a task force forward in its lifecycle (never back)."""
    target = rules.clean_choice(status, "status", LifecycleStatus)

    def build(session: Session, made: list[Step[Any]]) -> TaskForce:
        row = rows.load_row(session, K.TASK_FORCE, task_force_id)
        current = LifecycleStatus(row.status)
        if not current.can_become(target):
            allowed = [s.value for s in LifecycleStatus if current.can_become(s)]
            hint = f" It can move on to: {', '.join(allowed)}." if allowed else ""
            if target == current:
                raise LifecycleError(f"'{row.name}' is already {current.value}.")
            raise LifecycleError(
                f"'{row.name}' is {current.value}; a task force cannot go back to {target.value}.{hint}"
            )
        made.append(Patch(K.TASK_FORCE, task_force_id, {"status": target}).run(session))
        return made[-1].value  # type: ignore[no-any-return]

    return apply(plan, Compound(build, f"Mark task force {target.value}"))


def advance(plan: Plan, task_force_id: int) -> Outcome[TaskForce]:
    """Move a task force to the next status: proposed, forming, active, dispersed, archived."""
    with plan.store.session() as session:
        row = rows.load_row(session, K.TASK_FORCE, task_force_id)
        following = LifecycleStatus(row.status).next
        if following is None:
            raise LifecycleError(f"'{row.name}' is archived; that is the end of its life.")
    return move_to(plan, task_force_id, following)


def disperse(plan: Plan, task_force_id: int) -> Outcome[TaskForce]:
    """Disperse a task force whose objective is met; its history stays."""
    return move_to(plan, task_force_id, LifecycleStatus.DISPERSED)


def reform(
    plan: Plan,
    task_force_id: int,
    *,
    name: str,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Outcome[TaskForce]:
    """Form a new task force from a dispersed one: its team, goals, KPIs and RACI carried over."""
    label = "Re-form task force"

    def build(session: Session, made: list[Step[Any]]) -> TaskForce:
        source = rows.to_record(K.TASK_FORCE, rows.load_row(session, K.TASK_FORCE, task_force_id))
        assert isinstance(source, TaskForce)
        if not source.status.can_reform:
            raise LifecycleError(
                f"'{source.name}' is {source.status.value}; only a dispersed or archived "
                "task force can be re-formed."
            )
        values = rows.record_values(source) | {
            "name": name,
            "status": LifecycleStatus.FORMING,
            "start_date": start_date,
            "end_date": end_date,
            "reformed_from_id": source.id,
        }
        made.append(insert_step(session, K.TASK_FORCE, values, label))
        new: TaskForce = made[-1].value
        _carry_over(session, made, source.id, new)
        return new

    return apply(plan, Compound(build, label))


def _carry_over(session: Session, made: list[Step[Any]], source_id: int, new: TaskForce) -> None:
    """Copy the team and its open places, goals with KPIs (latest value as new baseline), and the RACI."""
    for kind in (K.MEMBERSHIP, K.OPEN_ROLE):
        for part in rows.records_where(session, kind, task_force_id=source_id):
            assert isinstance(part, Membership | OpenRole)
            values = rows.record_values(part) | {
                "task_force_id": new.id,
                "start_date": new.start_date,
                "end_date": new.end_date,
            }
            made.append(insert_step(session, kind, values, ""))
    for goal in rows.records_where(session, K.GOAL, task_force_id=source_id):
        assert isinstance(goal, Goal)
        made.append(insert_step(session, K.GOAL, rows.record_values(goal) | {"task_force_id": new.id}, ""))
        new_goal = made[-1].value.id
        for kpi in rows.records_where(session, K.KPI, goal_id=goal.id):
            assert isinstance(kpi, Kpi)
            history = rows.records_where(session, K.CHECK_IN, ("checked_on", "id"), kpi_id=kpi.id)
            baseline = history[-1].value if history and isinstance(history[-1], CheckIn) else kpi.baseline
            values = rows.record_values(kpi) | {
                "goal_id": new_goal,
                "baseline": baseline,
                "start_date": new.start_date,
                "due_date": new.end_date,
            }
            made.append(insert_step(session, K.KPI, values, ""))
    for activity in rows.records_where(session, K.ACTIVITY, task_force_id=source_id):
        assert isinstance(activity, Activity)
        made.append(
            insert_step(session, K.ACTIVITY, rows.record_values(activity) | {"task_force_id": new.id}, "")
        )
        new_activity = made[-1].value.id
        for cell in rows.records_where(session, K.RACI, activity_id=activity.id):
            assert isinstance(cell, RaciAssignment)
            made.append(
                insert_step(session, K.RACI, rows.record_values(cell) | {"activity_id": new_activity}, "")
            )
