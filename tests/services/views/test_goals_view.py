"""The goals view reads a task force's goals, KPIs and check-ins; the expected trajectory is exact."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from smarket_planner import services
from smarket_planner.analysis import kpi_status
from smarket_planner.analysis.model import FindingKind
from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import KpiCommitment, KpiDirection
from smarket_planner.services import Plan
from smarket_planner.services.views.analysis_data import load_plan_data
from smarket_planner.services.views.goals_view import (
    KpiView,
    check_ins_of,
    expected_value,
    functions_of,
    goals_of,
    people_for,
)
from tests.services.plan_copies import Copies

TODAY = date(2026, 11, 23)


def _kpi(baseline: float = 0.0, target: float = 100.0, **fields: object) -> KpiView:
    values: dict[str, object] = {
        "id": 1,
        "goal_id": 1,
        "title": "Leads",
        "unit": "leads",
        "baseline": baseline,
        "target": target,
        "direction": KpiDirection.UP,
        "start_date": date(2026, 1, 1),
        "due_date": date(2026, 1, 11),
        "weight": 1.0,
        "incentive_pct": 0.0,
        "commitment": KpiCommitment.COMMITTED,
        "accountable_id": None,
        "accountable_name": None,
        "owners": (),
        "task_force_start": None,
        "trend": (),
        "latest_confidence": None,
    }
    values.update(fields)
    return KpiView(**values)  # type: ignore[arg-type]


@pytest.fixture
def demo(copies: Copies) -> Plan:
    """A private copy of the demo plan."""
    return copies.demo(TODAY)


# -- the expected trajectory ---------------------------------------------------------------------
def test_the_trajectory_is_a_straight_line_from_baseline_to_target() -> None:
    kpi = _kpi()
    assert expected_value(kpi, date(2026, 1, 1)) == 0.0
    assert expected_value(kpi, date(2026, 1, 6)) == pytest.approx(50.0)
    assert expected_value(kpi, date(2026, 1, 2)) == pytest.approx(10.0)
    assert expected_value(kpi, date(2026, 1, 11)) == 100.0


def test_the_trajectory_is_held_flat_outside_its_dates() -> None:
    kpi = _kpi()
    assert expected_value(kpi, date(2025, 6, 1)) == 0.0
    assert expected_value(kpi, date(2027, 6, 1)) == 100.0


def test_a_kpi_that_should_go_down_falls_along_its_line() -> None:
    kpi = _kpi(baseline=14.0, target=4.0, direction=KpiDirection.DOWN)
    assert expected_value(kpi, date(2026, 1, 6)) == pytest.approx(9.0)


def test_without_its_own_start_the_kpi_starts_with_the_task_force() -> None:
    kpi = _kpi(start_date=None, task_force_start=date(2025, 12, 22))
    assert kpi.trajectory_start == date(2025, 12, 22)
    assert expected_value(kpi, date(2026, 1, 1)) == pytest.approx(50.0)


def test_without_dates_there_is_no_trajectory() -> None:
    assert expected_value(_kpi(start_date=None), date(2026, 1, 6)) is None
    assert expected_value(_kpi(due_date=None), date(2026, 1, 6)) is None


def test_a_kpi_due_the_day_it_starts_divides_by_nothing() -> None:
    kpi = _kpi(start_date=date(2026, 1, 5), due_date=date(2026, 1, 5))
    assert expected_value(kpi, date(2026, 1, 4)) == 0.0
    assert expected_value(kpi, date(2026, 1, 5)) == 100.0
    assert expected_value(kpi, date(2026, 1, 6)) == 100.0


def test_a_kpi_whose_baseline_is_its_target_stays_put() -> None:
    kpi = _kpi(baseline=7.0, target=7.0)
    assert {expected_value(kpi, date(2026, 1, d)) for d in range(1, 15)} == {7.0}


# -- the Goals tab and the findings draw the same line ---------------------------------------------
TEAM_START = date(2025, 12, 22)
# Before any start, on the task force's start, on and inside the KPIs' dates, and long after.
DAYS = (
    date(2025, 6, 1),
    TEAM_START,
    date(2026, 1, 1),
    date(2026, 1, 2),
    date(2026, 1, 5),
    date(2026, 1, 6),
    date(2026, 1, 11),
    date(2026, 1, 12),
    date(2027, 6, 1),
)
# The fields of each KPI besides its goal, by title; the title says which case it tries.
KPIS: dict[str, dict[str, object]] = {
    "Dated": {"baseline": 0, "target": 100, "start_date": date(2026, 1, 1), "due_date": date(2026, 1, 11)},
    "Falling": {
        "baseline": 14,
        "target": 4,
        "direction": "down",
        "start_date": date(2026, 1, 1),
        "due_date": date(2026, 1, 11),
    },
    "Starts with the team": {"baseline": 0, "target": 100, "due_date": date(2026, 1, 11)},
    "No baseline given": {"target": 40, "start_date": date(2026, 1, 1), "due_date": date(2026, 1, 11)},
    "Due the day it starts": {
        "baseline": 0,
        "target": 100,
        "start_date": date(2026, 1, 5),
        "due_date": date(2026, 1, 5),
    },
    "Baseline is target": {
        "baseline": 7,
        "target": 7,
        "start_date": date(2026, 1, 1),
        "due_date": date(2026, 1, 11),
    },
    "No due date": {"baseline": 0, "target": 100, "start_date": date(2026, 1, 1)},
}


def _two_teams(plan: Plan) -> tuple[int, int]:
    """A live task force with a start date and one without, each with every KPI above."""
    teams = []
    for name, start in (("Launch", TEAM_START), ("Undated", None)):
        team = services.create(
            plan, EntityKind.TASK_FORCE, name=name, kind="product_launch", status="active", start_date=start
        ).value
        goal = services.create(plan, EntityKind.GOAL, task_force_id=team.id, title=f"Win with {name}").value
        for title, fields in KPIS.items():
            services.create(plan, EntityKind.KPI, goal_id=goal.id, title=title, **fields)
        teams.append(team.id)
    return teams[0], teams[1]


def test_the_goals_tab_expects_what_the_analysis_expects(plan: Plan) -> None:
    teams = _two_teams(plan)
    data = load_plan_data(plan, today=date(2026, 3, 1))
    kpis = {kpi.id: kpi for kpi in data.kpis}
    starts = {team.id: team.start_date for team in data.task_forces}
    seen = 0
    for team in teams:
        for kpi in goals_of(plan, team)[0].kpis:
            record = kpis[kpi.id]
            assert kpi.trajectory_start == kpi_status.trajectory_start(record, starts[team]), kpi.title
            for on in DAYS:
                assert expected_value(kpi, on) == kpi_status.expected_value(record, on, starts[team]), (
                    kpi.title,
                    on,
                )
                seen += 1
    assert seen == 2 * len(KPIS) * len(DAYS)


def test_the_edge_cases_read_the_same_on_both_sides(plan: Plan) -> None:
    launch, undated = _two_teams(plan)
    tab = {(team, k.title): k for team in (launch, undated) for k in goals_of(plan, team)[0].kpis}
    # Without its own start the KPI runs from the task force's; with neither there is no line.
    assert expected_value(tab[launch, "Starts with the team"], date(2026, 1, 1)) == pytest.approx(50.0)
    assert expected_value(tab[undated, "Starts with the team"], date(2026, 1, 1)) is None
    assert expected_value(tab[launch, "No due date"], date(2026, 1, 6)) is None
    # Held flat before the start and after the due date; a missing baseline starts the line at 0.
    assert expected_value(tab[launch, "Dated"], date(2025, 6, 1)) == 0.0
    assert expected_value(tab[launch, "Dated"], date(2027, 6, 1)) == 100.0
    assert expected_value(tab[launch, "No baseline given"], date(2026, 1, 6)) == pytest.approx(20.0)
    assert expected_value(tab[launch, "Due the day it starts"], date(2026, 1, 5)) == 100.0


def test_a_stale_finding_quotes_the_value_the_goals_tab_shows(plan: Plan) -> None:
    teams = _two_teams(plan)
    today = date(2026, 3, 1)
    data = load_plan_data(plan, today=today)
    tab = {k.id: k for team in teams for k in goals_of(plan, team)[0].kpis}
    stale = [f for f in kpi_status.kpi_findings(data) if f.kind is FindingKind.STALE_KPI]
    # Every KPI with a start (its own or the task force's) has gone unchecked since.
    assert len(stale) == sum(1 for kpi in tab.values() if kpi.trajectory_start is not None)
    for finding in stale:
        kpi = tab[finding.entities[0].id]
        assert finding.facts["expected"] == expected_value(kpi, today), kpi.title


# -- reading a task force --------------------------------------------------------------------------
def test_goals_come_with_owners_kpis_and_latest_check_ins(demo: Plan) -> None:
    goals = goals_of(demo, 1)
    assert [g.title for g in goals][:2] == [
        "Build a qualified launch pipeline",
        "Win the first 25 Pulse 3.0 customers",
    ]
    first = goals[0]
    assert [(o.name, o.colour) for o in first.owners] == [("Sales", "#2f7ed8"), ("Marketing", "#cf6a1f")]
    assert not first.is_silo
    kpi = first.kpis[0]
    stored = services.get(demo, EntityKind.KPI, kpi.id)
    for field in dataclasses.fields(stored):
        assert getattr(kpi, field.name) == getattr(stored, field.name), field.name
    assert kpi.accountable_name == services.get(demo, EntityKind.PERSON, kpi.accountable_id).name  # type: ignore[arg-type,union-attr]
    history = check_ins_of(demo, kpi.id)
    assert kpi.check_in_count == len(history) == 12
    assert kpi.latest_on == history[-1].checked_on == date(2026, 11, 17)
    assert kpi.latest_value == history[-1].value
    assert kpi.latest_confidence == history[-1].confidence
    assert kpi.task_force_start == date(2026, 8, 31)


def test_a_goal_owned_by_one_function_is_a_silo_goal(demo: Plan) -> None:
    silos = [g.title for g in goals_of(demo, 2) if g.is_silo]
    assert silos == ["Close the Halvorsen deal at target price"]


def test_a_kpi_without_check_ins_has_no_latest_value(demo: Plan) -> None:
    kpi = goals_of(demo, 5)[0].kpis[0]
    assert (kpi.check_in_count, kpi.latest_value, kpi.latest_on, kpi.latest_confidence) == (
        0,
        None,
        None,
        None,
    )


def test_the_history_is_ordered_by_date_whatever_the_order_recorded(demo: Plan) -> None:
    kpi_id = goals_of(demo, 5)[0].kpis[0].id
    for day, value in ((date(2027, 2, 1), 9.0), (date(2027, 1, 1), 7.0), (date(2027, 1, 15), 8.0)):
        services.record_check_in(demo, kpi_id, day, value)
    assert [c.value for c in check_ins_of(demo, kpi_id)] == [7.0, 8.0, 9.0]
    assert [p.value for p in goals_of(demo, 5)[0].kpis[0].trend] == [7.0, 8.0, 9.0]


def test_members_come_first_among_the_people_to_choose(demo: Plan) -> None:
    people = people_for(demo, 1)
    members = [p for p in people if p.is_member]
    assert members and people[: len(members)] == members
    assert len(people) == 40
    assert [f.name for f in functions_of(demo)] == sorted(f.name for f in functions_of(demo))
