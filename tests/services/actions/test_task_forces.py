"""Staffing task forces, moving them through their lifecycle, and re-forming a dispersed one."""

from __future__ import annotations

from datetime import date

import pytest

from smarket_planner import services
from smarket_planner.domain import (
    EntityKind,
    Goal,
    Kpi,
    LifecycleStatus,
    Membership,
    MembershipRole,
    OpenRole,
    RaciAssignment,
    TaskForce,
)
from smarket_planner.services import Plan
from tests.services.helpers import assert_label, plan_data
from tests.services.staffing import Staffed

K = EntityKind
S = LifecycleStatus


def test_add_member_puts_a_person_on_a_task_force(staffed: Staffed) -> None:
    outcome = services.add_member(
        staffed.plan,
        staffed.pursuit,
        staffed.cat,
        role=MembershipRole.ADVISOR,
        allocation_pct=12.5,
        start_date=date(2026, 3, 1),
        end_date="2026-04-30",  # type: ignore[arg-type]
    )
    assert outcome.label == "Add team member"
    assert outcome.value == Membership(
        outcome.value.id,
        staffed.pursuit,
        staffed.cat,
        MembershipRole.ADVISOR,
        12.5,
        date(2026, 3, 1),
        date(2026, 4, 30),
    )
    assert services.get(staffed.plan, K.MEMBERSHIP, outcome.value.id) == outcome.value


def test_add_member_takes_the_defaults(staffed: Staffed) -> None:
    member = services.add_member(staffed.plan, staffed.pursuit, staffed.ben).value
    assert (member.role, member.allocation_pct, member.start_date) == (MembershipRole.CORE, 20.0, None)


def test_a_task_force_advances_through_its_whole_life(plan: Plan) -> None:
    team = services.create(plan, K.TASK_FORCE, name="Campaign", kind="campaign", status="proposed").value
    seen = [team.status]
    for _ in range(4):
        outcome = services.advance(plan, team.id)
        assert_label(outcome)
        seen.append(outcome.value.status)
    assert seen == [S.PROPOSED, S.FORMING, S.ACTIVE, S.DISPERSED, S.ARCHIVED]
    assert services.get(plan, K.TASK_FORCE, team.id).version == 5


def test_move_to_may_skip_forward(staffed: Staffed) -> None:
    outcome = services.move_to(staffed.plan, staffed.pursuit, S.DISPERSED)
    assert outcome.value.status is S.DISPERSED
    assert outcome.label == "Mark task force dispersed"
    assert services.move_to(staffed.plan, staffed.pursuit, "archived").value.status is S.ARCHIVED


def test_disperse_keeps_the_history(staffed: Staffed) -> None:
    plan = staffed.plan
    before = plan_data(plan)
    outcome = services.disperse(plan, staffed.launch)
    assert outcome.value.status is S.DISPERSED
    after = plan_data(plan)
    assert {table: rows for table, rows in after.items() if table != "task_force"} == {
        table: rows for table, rows in before.items() if table != "task_force"
    }


@pytest.fixture
def reformed(staffed: Staffed) -> tuple[Staffed, TaskForce]:
    """Launch dispersed, then re-formed as Launch II for the second half of the year."""
    services.disperse(staffed.plan, staffed.launch)
    outcome = services.reform(
        staffed.plan,
        staffed.launch,
        name="Launch II",
        start_date=date(2026, 7, 1),
        end_date=date(2026, 12, 31),
    )
    assert outcome.label == "Re-form task force"
    return staffed, outcome.value


def test_reform_makes_a_forming_task_force_from_the_old_one(reformed: tuple[Staffed, TaskForce]) -> None:
    staffed, new = reformed
    old = services.get(staffed.plan, K.TASK_FORCE, staffed.launch)
    assert isinstance(old, TaskForce)
    assert new.status is S.FORMING
    assert new.reformed_from_id == old.id
    assert (new.name, new.start_date, new.end_date) == ("Launch II", date(2026, 7, 1), date(2026, 12, 31))
    assert (new.kind, new.objective, new.why, new.lead_id, new.sponsor_id) == (
        old.kind,
        old.objective,
        old.why,
        old.lead_id,
        old.sponsor_id,
    )
    assert new.rhythm == old.rhythm
    assert old.status is S.DISPERSED
    assert services.get(staffed.plan, K.TASK_FORCE, new.id) == new


def test_reform_carries_the_team_over_with_the_new_dates(reformed: tuple[Staffed, TaskForce]) -> None:
    staffed, new = reformed
    plan = staffed.plan
    old_team = services.find(plan, K.MEMBERSHIP, task_force_id=staffed.launch)
    new_team = services.find(plan, K.MEMBERSHIP, task_force_id=new.id)
    assert [(m.person_id, m.role, m.allocation_pct) for m in new_team] == [
        (m.person_id, m.role, m.allocation_pct) for m in old_team
    ]
    assert all(isinstance(m, Membership) for m in new_team)
    assert {(m.start_date, m.end_date) for m in new_team} == {(date(2026, 7, 1), date(2026, 12, 31))}


def test_reform_carries_the_places_still_open_with_the_new_dates(staffed: Staffed) -> None:
    plan = staffed.plan
    services.create(
        plan, K.OPEN_ROLE, task_force_id=staffed.launch, function_id=staffed.marketing, title="PR lead"
    )
    services.disperse(plan, staffed.launch)
    new = services.reform(
        plan, staffed.launch, name="Launch II", start_date=date(2026, 7, 1), end_date=date(2026, 12, 31)
    ).value
    (role,) = services.find(plan, K.OPEN_ROLE, task_force_id=new.id)
    assert isinstance(role, OpenRole)
    assert (role.title, role.function_id, role.start_date, role.end_date) == (
        "PR lead",
        staffed.marketing,
        date(2026, 7, 1),
        date(2026, 12, 31),
    )


def test_reform_carries_goals_and_kpis_with_the_latest_value_as_baseline(
    reformed: tuple[Staffed, TaskForce],
) -> None:
    staffed, new = reformed
    plan = staffed.plan
    (goal,) = services.find(plan, K.GOAL, task_force_id=new.id)
    assert isinstance(goal, Goal)
    assert (goal.title, goal.owner_function_ids) == (
        "Win launch accounts",
        (staffed.sales, staffed.marketing),
    )
    kpis = services.find(plan, K.KPI, goal_id=goal.id)
    assert all(isinstance(kpi, Kpi) for kpi in kpis)
    by_title = {kpi.title: kpi for kpi in kpis}
    assert set(by_title) == {"Qualified leads", "Launch revenue"}
    leads = by_title["Qualified leads"]
    old_leads = services.get(plan, K.KPI, staffed.leads_kpi)
    # The latest check-in by date (55 on 1 March), though it was recorded before the February one.
    assert leads.baseline == 55.0
    assert (
        leads.target,
        leads.unit,
        leads.incentive_pct,
        leads.accountable_id,
        leads.owner_function_ids,
    ) == (
        old_leads.target,
        old_leads.unit,
        old_leads.incentive_pct,
        old_leads.accountable_id,
        old_leads.owner_function_ids,
    )
    assert (leads.start_date, leads.due_date) == (date(2026, 7, 1), date(2026, 12, 31))
    assert by_title["Launch revenue"].baseline == 5.0  # no check-ins: the old baseline stays
    assert services.find(plan, K.CHECK_IN, kpi_id=[kpi.id for kpi in kpis]) == []
    assert old_leads.baseline == 30.0


def test_reform_carries_activities_and_raci(reformed: tuple[Staffed, TaskForce]) -> None:
    staffed, new = reformed
    plan = staffed.plan
    (activity,) = services.find(plan, K.ACTIVITY, task_force_id=new.id)
    assert activity.name == "Lead management"

    def grid(activity_id: int) -> set[tuple[str, int | None, int | None]]:
        cells = services.find(plan, K.RACI, activity_id=activity_id)
        assert all(isinstance(cell, RaciAssignment) for cell in cells)
        return {(cell.letter.value, cell.function_id, cell.person_id) for cell in cells}  # type: ignore[union-attr]

    assert grid(activity.id) == grid(staffed.lead_management)
    assert len(grid(activity.id)) == 4


def test_reform_leaves_history_behind(reformed: tuple[Staffed, TaskForce]) -> None:
    staffed, new = reformed
    plan = staffed.plan
    for kind in (K.DELIVERABLE, K.RISK, K.DECISION):
        assert services.find(plan, kind, task_force_id=new.id) == []
    assert len(services.find(plan, K.DELIVERABLE, task_force_id=staffed.launch)) == 2
    assert len(services.find(plan, K.CHECK_IN, kpi_id=staffed.leads_kpi)) == 2


def test_reform_adds_and_does_not_change(staffed: Staffed) -> None:
    plan = staffed.plan
    services.disperse(plan, staffed.launch)
    before = plan_data(plan)
    outcome = services.reform(plan, staffed.launch, name="Launch II")
    after = plan_data(plan)
    for table, rows in before.items():
        assert set(rows) <= set(after[table]), f"re-forming changed {table}"
    created = {notice.kind for notice in outcome.notices}
    assert created == {K.TASK_FORCE, K.MEMBERSHIP, K.GOAL, K.KPI, K.ACTIVITY, K.RACI}
    assert {notice.action for notice in outcome.notices} == {services.ChangeAction.CREATED}


def test_one_undo_removes_the_whole_reform(staffed: Staffed) -> None:
    plan = staffed.plan
    services.disperse(plan, staffed.launch)
    before = plan_data(plan)
    outcome = services.reform(plan, staffed.launch, name="Launch II", start_date=date(2026, 7, 1))
    undone = services.undo(plan, outcome)
    assert plan_data(plan) == before
    assert undone.label == "Re-form task force"
    services.undo(plan, undone)
    assert services.get(plan, K.TASK_FORCE, outcome.value.id).name == "Launch II"


def test_an_archived_task_force_can_be_reformed(staffed: Staffed) -> None:
    plan = staffed.plan
    services.move_to(plan, staffed.pursuit, S.ARCHIVED)
    new = services.reform(plan, staffed.pursuit, name="Pursuit again").value
    assert (new.status, new.reformed_from_id) == (S.FORMING, staffed.pursuit)
    assert services.advance(plan, new.id).value.status is S.ACTIVE


def test_removing_the_old_task_force_clears_the_link_and_undo_restores_it(staffed: Staffed) -> None:
    plan = staffed.plan
    services.disperse(plan, staffed.launch)
    new = services.reform(plan, staffed.launch, name="Launch II").value
    removed = services.delete(plan, K.TASK_FORCE, staffed.launch)
    assert services.get(plan, K.TASK_FORCE, new.id).reformed_from_id is None
    services.undo(plan, removed)
    assert services.get(plan, K.TASK_FORCE, new.id).reformed_from_id == staffed.launch
