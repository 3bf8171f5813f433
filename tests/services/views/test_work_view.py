"""The read side of the work tabs: RACI grids, deliverables with cross-team links, risks, decisions."""

from __future__ import annotations

from datetime import date

import pytest

from smarket_planner import services
from smarket_planner.domain.enums import DependencyKind, RaciLetter, RiskStatus
from smarket_planner.domain.records import EntityKind
from smarket_planner.services import Plan
from smarket_planner.services.views import log_view, work_view
from tests.services.plan_copies import Copies


@pytest.fixture
def demo(copies: Copies) -> Plan:
    """The demo plan, on the back-end under test (these tests only read it)."""
    return copies.demo(date(2026, 11, 23), shared=True)


def _task_force(plan: Plan, name: str) -> int:
    return services.find(plan, EntityKind.TASK_FORCE, name=name)[0].id


def test_the_raci_grid_puts_the_teams_functions_first_and_flags_a_missing_a(demo: Plan) -> None:
    grid = work_view.raci_grid(demo, _task_force(demo, "Lead Qualification Reset"))
    on_team = [holder.on_team for holder in grid.holders]
    assert on_team == sorted(on_team, reverse=True) and any(on_team) and not all(on_team)
    assert len(grid.holders) == len(services.find(demo, EntityKind.FUNCTION))
    lead = next(line for line in grid.lines if line.name == "Lead management")
    assert lead.problem == "No one is accountable for Lead management."
    sales = next(holder for holder in grid.holders if holder.name == "Sales")
    assert lead.letter(sales.id) is RaciLetter.RESPONSIBLE
    assert all(not line.problem for line in grid.lines if line.name != "Lead management")


def test_the_raci_grid_by_person_shows_the_team_and_anyone_with_a_letter(demo: Plan) -> None:
    task_force = _task_force(demo, "Pulse 3.0 Launch")
    grid = work_view.raci_grid(demo, task_force, by_person=True)
    members = {m.person_id for m in services.find(demo, EntityKind.MEMBERSHIP, task_force_id=task_force)}
    assert {holder.id for holder in grid.holders if holder.on_team} == members
    assert all(holder.is_person for holder in grid.holders)
    lettered = {holder for line in grid.lines for holder, _ in line.letters}
    assert lettered <= {holder.id for holder in grid.holders}


def test_two_accountable_functions_are_a_problem(plan: Plan) -> None:
    sales = services.create(plan, EntityKind.FUNCTION, name="Sales", colour="#2f7ed8").value
    marketing = services.create(plan, EntityKind.FUNCTION, name="Marketing", colour="#cf6a1f").value
    team = services.create(plan, EntityKind.TASK_FORCE, name="T", kind="campaign", status="proposed").value
    activity = services.create(plan, EntityKind.ACTIVITY, task_force_id=team.id, name="Social media").value
    for function in (sales, marketing):
        services.set_raci(plan, activity.id, "A", function_id=function.id)
    (line,) = work_view.raci_grid(plan, team.id).lines
    assert line.problem == "2 are accountable for Social media (Sales, Marketing): there should be one."
    plan.close()


def test_deliverables_show_their_owner_and_upstream_links_from_other_task_forces(demo: Plan) -> None:
    lines = work_view.deliverable_lines(demo, _task_force(demo, "Lead Qualification Reset"))
    first = lines[0]
    assert first.record.title == "Shared definition of a sales-accepted lead"
    assert first.owner_name
    (link,) = first.upstream
    assert link.other_team and link.task_force_name == "Data Days Spring Campaign"
    assert link.shown == "Campaign retrospective and win/loss review (Data Days Spring Campaign)"
    assert link.kind is DependencyKind.NON_BLOCKING
    starts = [line.record.start_date for line in lines]
    assert starts == sorted(starts)  # type: ignore[type-var]


def test_upstream_candidates_span_every_task_force_and_search(demo: Plan) -> None:
    lines = work_view.deliverable_lines(demo, _task_force(demo, "Lead Qualification Reset"))
    scoring = next(line for line in lines if line.record.title == "Lead scoring model v2")
    every = work_view.upstream_candidates(demo, scoring.id)
    assert scoring.id not in {c.id for c in every}
    assert len({c.task_force_id for c in every}) == 5
    assert every[0].task_force_name == "Lead Qualification Reset"  # its own task force first
    assert [c.linked for c in every if c.id == scoring.upstream[0].deliverable_id] == [True]
    found = work_view.upstream_candidates(demo, scoring.id, "pricing pulse")
    assert [c.title for c in found] == ["Launch pricing and packaging"]


def test_risks_open_first_by_exposure_and_decisions_latest_first(demo: Plan) -> None:
    risks = log_view.risk_lines(demo, _task_force(demo, "Data Days Spring Campaign"))
    assert [r.record.status for r in risks][-1] is RiskStatus.CLOSED
    exposures = [r.exposure for r in log_view.risk_lines(demo, _task_force(demo, "Pulse 3.0 Launch"))]
    assert exposures == sorted(exposures, reverse=True)
    decisions = log_view.decision_lines(demo, _task_force(demo, "Pulse 3.0 Launch"))
    dates = [d.record.decided_on for d in decisions]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    assert all(d.decided_by_name for d in decisions)
    assert decisions[0].committed_names == ("Sarah Kim", "Ethan Brooks", "Chloé Dubois")


def test_people_choices_put_the_team_first(demo: Plan) -> None:
    choices = log_view.person_choices(demo, _task_force(demo, "DACH Market Entry"))
    flags = [c.on_team for c in choices]
    assert flags == sorted(flags, reverse=True) and any(flags)
    assert len(choices) == len(services.find(demo, EntityKind.PERSON))
