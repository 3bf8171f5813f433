"""Duplicating a task force, and what removing one would take with it."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind, InUseError
from smarket_planner.domain.enums import LifecycleStatus
from smarket_planner.domain.records import OpenRole, TaskForce
from tests.services.helpers import plan_data
from tests.services.staffing import Staffed

K = EntityKind


def owned(staffed: Staffed, task_force_id: int) -> Counter[EntityKind]:
    """How many of each planning part a task force has."""
    plan = staffed.plan
    goals = [g.id for g in services.find(plan, K.GOAL, task_force_id=task_force_id)]
    activities = [a.id for a in services.find(plan, K.ACTIVITY, task_force_id=task_force_id)]
    deliverables = [d.id for d in services.find(plan, K.DELIVERABLE, task_force_id=task_force_id)]
    return Counter(
        {
            K.MEMBERSHIP: len(services.find(plan, K.MEMBERSHIP, task_force_id=task_force_id)),
            K.GOAL: len(goals),
            K.KPI: len(services.find(plan, K.KPI, goal_id=goals)),
            K.ACTIVITY: len(activities),
            K.RACI: len(services.find(plan, K.RACI, activity_id=activities)),
            K.DELIVERABLE: len(deliverables),
            K.DEPENDENCY: sum(
                d.downstream_id in deliverables
                for d in services.find(plan, K.DEPENDENCY, upstream_id=deliverables)
            ),
            K.RISK: len(services.find(plan, K.RISK, task_force_id=task_force_id)),
        }
    )


def test_a_duplicate_is_a_proposed_copy_of_the_plan_without_the_record(staffed: Staffed) -> None:
    plan = staffed.plan
    before = plan_data(plan)
    name = services.copy_name(plan, "Launch")
    outcome = services.duplicate(plan, staffed.launch, name)
    copy = outcome.value
    assert isinstance(copy, TaskForce)
    assert (copy.name, copy.status, copy.reformed_from_id) == (
        "Launch (copy)",
        LifecycleStatus.PROPOSED,
        None,
    )
    assert owned(staffed, copy.id) == owned(staffed, staffed.launch)
    assert owned(staffed, copy.id)[K.MEMBERSHIP] > 0 and owned(staffed, copy.id)[K.KPI] > 0
    new_kpis = services.find(
        plan, K.KPI, goal_id=[g.id for g in services.find(plan, K.GOAL, task_force_id=copy.id)]
    )
    assert services.find(plan, K.CHECK_IN, kpi_id=[k.id for k in new_kpis]) == []
    assert services.find(plan, K.DECISION, task_force_id=copy.id) == []
    assert services.copy_name(plan, "Launch") == "Launch (copy 2)"
    assert services.copy_name(plan, "LAUNCH") == "LAUNCH (copy 2)"  # names fold as everywhere

    services.undo(plan, outcome)
    assert plan_data(plan) == before


def test_what_goes_with_a_task_force_is_what_the_removal_takes(staffed: Staffed) -> None:
    plan = staffed.plan
    parts = dict(services.what_goes_with(plan, K.TASK_FORCE, staffed.launch))
    assert parts[K.MEMBERSHIP] == len(services.find(plan, K.MEMBERSHIP, task_force_id=staffed.launch))
    assert parts[K.CHECK_IN] == 2 and parts[K.DEPENDENCY] == 2  # the hand-off to Pursuit goes too
    assert K.TASK_FORCE not in parts and K.RACI not in parts  # the thing itself, link rows: not named
    before = plan_data(plan)
    outcome = services.delete(plan, K.TASK_FORCE, staffed.launch)
    after = plan_data(plan)
    removed = {table: len(before[table]) - len(after.get(table, [])) for table in before}
    assert removed["membership"] == parts[K.MEMBERSHIP] and removed["check_in"] == parts[K.CHECK_IN]
    services.undo(plan, outcome)
    assert plan_data(plan) == before


def test_what_goes_with_something_others_rely_on_is_refused_as_the_removal(staffed: Staffed) -> None:
    with pytest.raises(InUseError, match="cannot be removed"):
        services.what_goes_with(staffed.plan, K.FUNCTION, staffed.sales)


def test_a_duplicate_plans_the_same_open_roles(staffed: Staffed) -> None:
    plan = staffed.plan
    copy = services.duplicate(plan, staffed.pursuit, "Pursuit (copy)").value
    (role,) = services.find(plan, K.OPEN_ROLE, task_force_id=copy.id)
    original = services.get(plan, K.OPEN_ROLE, staffed.open_role)
    assert isinstance(role, OpenRole) and isinstance(original, OpenRole)
    assert role.id != original.id
    assert replace(role, id=original.id, task_force_id=original.task_force_id) == original
