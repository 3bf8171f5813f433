"""Duplicating a task force as a fresh start, and saying what a removal would take with it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smarket_planner.domain import rules
from smarket_planner.domain.enums import LifecycleStatus
from smarket_planner.domain.records import (
    Activity,
    Deliverable,
    Dependency,
    EntityKind,
    Goal,
    TaskForce,
)
from smarket_planner.services.actions import rows, snapshots
from smarket_planner.services.actions.crud import insert_step
from smarket_planner.services.actions.edits import Compound, Outcome, Step, apply
from smarket_planner.services.actions.plan import Plan
from smarket_planner.storage.model import TaskForceRow

K = EntityKind
# What goes with a removal, in the order a manager reads it; link rows (owners, RACI letters) are not named.
PARTS: tuple[EntityKind, ...] = (
    K.MEMBERSHIP,
    K.GOAL,
    K.KPI,
    K.CHECK_IN,
    K.ACTIVITY,
    K.DELIVERABLE,
    K.DEPENDENCY,
    K.RISK,
    K.DECISION,
)


def what_goes_with(plan: Plan, kind: EntityKind, *idents: int) -> list[tuple[EntityKind, int]]:
    """The things removing these would take along, counted by kind (refused as the removal would be)."""
    with plan.store.session() as session:
        touched = snapshots.take_snapshot(session, kind, idents).touched()
    return [(part, len(touched[part])) for part in PARTS if part is not kind and touched.get(part)]


def copy_name(plan: Plan, name: str) -> str:
    """A free name for a copy: "Pulse (copy)", then "Pulse (copy 2)"..."""
    with plan.store.session() as session:
        taken = set(session.scalars(select(TaskForceRow.name_key)))  # folded as the plan stores them
    base = f"{name} (copy)"
    candidate, number = base, 2
    while rules.name_key(candidate) in taken:
        candidate, number = f"{name} (copy {number})", number + 1
    return candidate


def duplicate(plan: Plan, task_force_id: int, name: str) -> Outcome[TaskForce]:
    """A proposed copy of a task force: team, goals, KPIs (no check-ins), RACI, deliverables, risks."""
    label = "Duplicate task force"

    def build(session: Session, made: list[Step[Any]]) -> TaskForce:
        source = rows.to_record(K.TASK_FORCE, rows.load_row(session, K.TASK_FORCE, task_force_id))
        assert isinstance(source, TaskForce)
        values = rows.record_values(source) | {
            "name": name,
            "status": LifecycleStatus.PROPOSED,
            "reformed_from_id": None,
        }
        made.append(insert_step(session, K.TASK_FORCE, values, label))
        new: TaskForce = made[-1].value
        _copy_parts(session, made, source.id, new.id)
        return new

    return apply(plan, Compound(build, label))


def _copy(session: Session, made: list[Step[Any]], kind: EntityKind, record: Any, **changes: Any) -> int:
    """Store a copy of a record with some fields changed; the copy's id."""
    made.append(insert_step(session, kind, rows.record_values(record) | changes, ""))
    return int(made[-1].value.id)


def _copy_parts(session: Session, made: list[Step[Any]], source_id: int, new_id: int) -> None:
    """Copy what a task force plans (not what it has recorded: check-ins and decisions stay)."""
    for kind in (K.MEMBERSHIP, K.OPEN_ROLE, K.RISK):
        for record in _of(session, kind, source_id):
            _copy(session, made, kind, record, task_force_id=new_id)
    for goal in _of(session, K.GOAL, source_id):
        assert isinstance(goal, Goal)
        new_goal = _copy(session, made, K.GOAL, goal, task_force_id=new_id)
        for kpi in rows.records_where(session, K.KPI, ("id",), goal_id=goal.id):
            _copy(session, made, K.KPI, kpi, goal_id=new_goal)
    for activity in _of(session, K.ACTIVITY, source_id):
        assert isinstance(activity, Activity)
        new_activity = _copy(session, made, K.ACTIVITY, activity, task_force_id=new_id)
        for cell in rows.records_where(session, K.RACI, ("id",), activity_id=activity.id):
            _copy(session, made, K.RACI, cell, activity_id=new_activity)
    copies: dict[int, int] = {}
    for deliverable in _of(session, K.DELIVERABLE, source_id):
        assert isinstance(deliverable, Deliverable)
        copies[deliverable.id] = _copy(session, made, K.DELIVERABLE, deliverable, task_force_id=new_id)
    for link in rows.records_where(session, K.DEPENDENCY, ("id",), upstream_id=list(copies)):
        assert isinstance(link, Dependency)
        if link.downstream_id in copies:  # a hand-off to another team stays that team's business
            up, down = copies[link.upstream_id], copies[link.downstream_id]
            _copy(session, made, K.DEPENDENCY, link, upstream_id=up, downstream_id=down)


def _of(session: Session, kind: EntityKind, task_force_id: int) -> Sequence[Any]:
    """The things of a kind that belong to a task force, oldest first."""
    return rows.records_where(session, kind, ("id",), task_force_id=task_force_id)
