"""The task-force list: each task force with its team's functions and memberships, on both back-ends."""

from __future__ import annotations

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.services.views.navigator_view import task_force_summaries
from tests.services.staffing import Staffed

K = EntityKind


def test_each_task_force_lists_its_team(staffed: Staffed) -> None:
    plan = staffed.plan
    summaries = {summary.id: summary for summary in task_force_summaries(plan)}
    assert list(summaries) == sorted(summaries)
    for task_force in services.find(plan, K.TASK_FORCE):
        members = services.find(plan, K.MEMBERSHIP, task_force_id=task_force.id)
        functions = {services.get(plan, K.PERSON, m.person_id).function_id for m in members}  # type: ignore[attr-defined]
        summary = summaries[task_force.id]
        assert summary.membership_ids == frozenset(m.id for m in members)
        assert summary.function_ids == frozenset(functions)
        assert (summary.name, summary.version) == (task_force.name, task_force.version)  # type: ignore[attr-defined]
    assert summaries[staffed.launch].function_ids  # the staffed plan's teams are not empty


def test_some_task_forces_only(staffed: Staffed) -> None:
    found = task_force_summaries(staffed.plan, [staffed.pursuit])
    assert [summary.id for summary in found] == [staffed.pursuit]
    assert staffed.fay_on_pursuit in found[0].membership_ids
    empty = services.create(
        staffed.plan, K.TASK_FORCE, name="Nobody yet", kind="other", status="proposed"
    ).value
    assert task_force_summaries(staffed.plan, [empty.id])[0].function_ids == frozenset()
