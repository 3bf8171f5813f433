"""Analysing again only the task forces an edit touched gives what analysing the whole plan gives."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain import EntityKind
from smarket_planner.services import ChangeAction, ChangeNotice, Outcome, Plan
from smarket_planner.services.reports.analysis import analyse, analyse_again
from smarket_planner.services.reports.plan_findings import PlanFindings
from smarket_planner.services.reports.touched import task_forces_touched

K = EntityKind
TODAY = date(2026, 11, 23)
Edit = Callable[[Plan], Outcome[object]]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("again") / "generated.smplan"
    generate_demo(path, people=800, task_forces=80, seed=5, today=TODAY)
    return path


@pytest.fixture
def plan(generated: Path, tmp_path: Path) -> Iterator[Plan]:
    copy = tmp_path / "plan.smplan"
    shutil.copyfile(generated, copy)
    opened = services.open_existing(copy)
    yield opened
    opened.close()


def whole(plan: Plan) -> PlanFindings:
    return PlanFindings.of(analyse(plan, today=TODAY))


def busiest_membership(plan: Plan) -> Outcome[object]:
    found = services.find(plan, K.MEMBERSHIP, order=("allocation_pct", "id"))[-1]
    return services.update(plan, K.MEMBERSHIP, found.id, allocation_pct=5.0)


def new_overload(plan: Plan) -> Outcome[object]:
    found = services.find(plan, K.MEMBERSHIP, order=("allocation_pct", "id"))[0]
    return services.update(plan, K.MEMBERSHIP, found.id, allocation_pct=100.0)


def shorter_task_force(plan: Plan) -> Outcome[object]:
    team = next(t for t in services.find(plan, K.TASK_FORCE) if t.status == "active" and t.end_date)
    return services.update(plan, K.TASK_FORCE, team.id, end_date=TODAY + timedelta(days=20))


def work_across_task_forces(plan: Plan) -> Outcome[object]:
    deliverables = services.find(plan, K.DELIVERABLE)
    first = deliverables[0]
    other = next(d for d in reversed(deliverables) if d.task_force_id != first.task_force_id)
    return services.add_dependency(plan, other.id, first.id)


def lower_target(plan: Plan) -> Outcome[object]:
    kpi = services.find(plan, K.KPI)[3]
    return services.update(plan, K.KPI, kpi.id, target=kpi.baseline)


def renamed_task_force(plan: Plan) -> Outcome[object]:
    team = next(t for t in services.find(plan, K.TASK_FORCE) if t.status == "active")
    return services.update(plan, K.TASK_FORCE, team.id, name="Renamed, nothing else moved")


# Each edit, and how many of the 80 task forces it may touch at most.
EDITS = [
    (busiest_membership, 12),
    (new_overload, 12),
    (renamed_task_force, 45),  # its name shows in the findings of the work waiting on its work
    (shorter_task_force, 80),  # the load of its 40-odd members moves, and with it their overloads
    (work_across_task_forces, 45),  # all the work downstream of the new link
    (lower_target, 1),
]


@pytest.mark.parametrize(("edit", "most"), EDITS, ids=[edit.__name__ for edit, _ in EDITS])
def test_the_task_forces_touched_analysed_again_match_the_whole_plan(
    plan: Plan, edit: Edit, most: int
) -> None:
    before = whole(plan)
    outcome = edit(plan)
    scope = task_forces_touched(plan, outcome.notices, before, today=TODAY)
    assert scope is not None and 0 < len(scope) <= most
    again = analyse_again(plan, before, scope, today=TODAY)
    after = whole(plan)
    assert again.scope == tuple(scope)
    assert [f.message for f in again.findings] == [f.message for f in after.findings]
    assert [f.facts for f in again.findings] == [f.facts for f in after.findings]
    assert dict(again.health) == dict(after.health)


def test_what_cannot_be_narrowed_down_asks_for_the_whole_plan(plan: Plan) -> None:
    team = services.find(plan, K.TASK_FORCE)[0]
    function = services.find(plan, K.FUNCTION)[0]
    for notices in (
        (ChangeNotice(K.MEMBERSHIP, ChangeAction.DELETED, (1,)),),
        (ChangeNotice(K.FUNCTION, ChangeAction.UPDATED, (function.id,)),),
        (ChangeNotice(K.PERSON, ChangeAction.CREATED, (1,)),),
    ):
        assert task_forces_touched(plan, notices) is None
    assert task_forces_touched(plan, (ChangeNotice(K.VIEW_POSITION, ChangeAction.UPDATED, (1,)),)) == []
    renamed = services.update(plan, K.TASK_FORCE, team.id, name="Renamed")
    assert team.id in (task_forces_touched(plan, renamed.notices) or [])
