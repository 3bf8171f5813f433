"""Alignment findings: each planted defect gives exactly its finding, naming the right things."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from smarket_planner.analysis.alignment import (
    coverage_findings,
    incentive_findings,
    raci_findings,
    silo_findings,
)
from smarket_planner.analysis.model import EntityRef, Finding, FindingKind, PlanData, Severity
from smarket_planner.analysis.staffing_findings import over_allocation_findings
from smarket_planner.domain.enums import (
    KpiCommitment,
    KpiDirection,
    LifecycleStatus,
    RaciLetter,
    TaskForceKind,
)
from smarket_planner.domain.records import EntityKind
from tests.conftest import assert_plain_english

from .builders import CleanPlan, clean_plan

Check = Callable[[PlanData], list[Finding]]
CHECKS: tuple[Check, ...] = (
    over_allocation_findings,
    silo_findings,
    incentive_findings,
    raci_findings,
    coverage_findings,
)


def only(findings: list[Finding], kind: FindingKind) -> Finding:
    """The one finding there is, of ``kind``, reading as plain English."""
    assert [f.kind for f in findings] == [kind], [f.message for f in findings]
    found = findings[0]
    assert_plain_english(found.message)
    assert_plain_english(found.action)
    return found


def names(finding: Finding, kind: EntityKind) -> list[str]:
    """Names of the entities of ``kind`` a finding holds."""
    return [e.name for e in finding.entities if e.kind is kind]


@pytest.fixture
def plan() -> CleanPlan:
    return clean_plan()


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_a_clean_plan_has_no_findings(plan: CleanPlan, check: Check) -> None:
    assert check(plan.build()) == []


# Over-allocation


def test_a_peak_over_capacity_names_the_person_weeks_and_task_forces(plan: CleanPlan) -> None:
    b = plan.builder
    dach = b.task_force("DACH Market Entry", TaskForceKind.MARKET_ENTRY)
    b.member(dach, plan.priya, 90.0)
    b.peak(plan.priya, 130.0, date(2026, 10, 5), date(2026, 10, 23), (plan.launch, dach))
    found = only(over_allocation_findings(b.build()), FindingKind.OVER_ALLOCATION)
    assert found.severity is Severity.ERROR  # 30 points over
    assert names(found, EntityKind.PERSON) == ["Priya Raman"]
    assert names(found, EntityKind.TASK_FORCE) == ["Atlas Launch", "DACH Market Entry"]
    assert set(found.task_force_ids) == {plan.launch.id, dach.id}
    assert "130%" in found.message and "100%" in found.message
    assert "2026-W41 to 2026-W43" in found.message
    assert found.action == "Move 30% of Priya Raman's time off DACH Market Entry, or extend its dates."
    assert found.facts == {
        "peak_pct": 130.0,
        "capacity_pct": 100.0,
        "first_day": date(2026, 10, 5),
        "last_day": date(2026, 10, 23),
        "relieve_task_force_id": dach.id,  # the team the action moves time off, for Fix…
        "excess_pct": 30.0,
        "pencilled": False,  # both teams are active: in ink
        "pencilled_pct": 0.0,
    }


def test_a_peak_at_most_twenty_points_over_is_a_warning(plan: CleanPlan) -> None:
    b = plan.builder
    b.replace(plan.jonas, capacity_pct=80.0)
    b.peak(plan.jonas, 100.0, date(2026, 10, 5), date(2026, 10, 9), (plan.launch,))
    found = only(over_allocation_findings(b.build()), FindingKind.OVER_ALLOCATION)
    assert found.severity is Severity.WARNING
    assert "week 2026-W41" in found.message


def test_a_peak_only_on_dispersed_task_forces_is_not_reported(plan: CleanPlan) -> None:
    b = plan.builder
    b.replace(plan.launch, status=LifecycleStatus.DISPERSED)
    b.peak(plan.priya, 150.0, date(2026, 10, 5), date(2026, 10, 9), (plan.launch,))
    assert over_allocation_findings(b.build()) == []


# Silos


def test_a_goal_of_one_function_is_a_silo_goal(plan: CleanPlan) -> None:
    b = plan.builder
    goal = b.goal(plan.launch, "Close ten deals", (plan.sales,))
    found = only(silo_findings(b.build()), FindingKind.SILO_GOAL)
    assert found.entities == (
        EntityRef(EntityKind.GOAL, goal.id, "Close ten deals"),
        EntityRef(EntityKind.FUNCTION, plan.sales.id, "Sales"),
    )
    assert "Sales alone" in found.message
    assert "Marketing or Product" in found.action


def test_a_kpi_of_no_function_is_a_silo_kpi(plan: CleanPlan) -> None:
    b = plan.builder
    b.replace(plan.kpi, owner_function_ids=())
    found = only(silo_findings(b.build()), FindingKind.SILO_KPI)
    assert found.entities == (EntityRef(EntityKind.KPI, plan.kpi.id, "Qualified pipeline"),)
    assert "no function" in found.message


def test_silos_of_an_archived_task_force_are_not_reported(plan: CleanPlan) -> None:
    b = plan.builder
    b.goal(plan.launch, "Close ten deals", (plan.sales,))
    b.replace(plan.launch, status=LifecycleStatus.ARCHIVED)
    assert silo_findings(b.build()) == []


# Incentives


def test_paid_kpis_on_different_measures_moving_opposite_ways_do_not_conflict(plan: CleanPlan) -> None:
    """More deals and cheaper leads under one goal: opposite directions, but a team wants both."""
    b = plan.builder
    goal = b.goal(plan.launch, "Profitable growth", (plan.sales, plan.marketing))
    b.kpi(goal, "Deals closed", (plan.sales,), plan.priya, incentive_pct=10.0)
    b.kpi(
        goal, "Cost per lead", (plan.marketing,), plan.jonas, incentive_pct=5.0, direction=KpiDirection.DOWN
    )
    assert [f for f in incentive_findings(b.build()) if f.kind is FindingKind.INCENTIVE_CONFLICT] == []


def test_one_measure_pushed_both_ways_under_one_goal_conflicts(plan: CleanPlan) -> None:
    b = plan.builder
    goal = b.goal(plan.launch, "Profitable growth", (plan.sales, plan.marketing))
    volume = b.kpi(goal, "Increase average discount", (plan.sales,), plan.priya, unit="%", incentive_pct=10.0)
    cut = b.kpi(
        goal, "Reduce average discount", (plan.marketing,), plan.jonas, unit="%", incentive_pct=5.0,
        direction=KpiDirection.DOWN,
    )  # fmt: skip
    found = only(incentive_findings(b.build()), FindingKind.INCENTIVE_CONFLICT)
    assert found.severity is Severity.ERROR
    assert names(found, EntityKind.KPI) == [volume.title, cut.title]
    assert names(found, EntityKind.FUNCTION) == ["Sales", "Marketing"]
    assert "Sales is paid to raise 'Increase average discount'" in found.message
    assert "Marketing is paid to lower 'Reduce average discount'" in found.message


def test_a_function_paid_both_ways_beside_another_conflicts(plan: CleanPlan) -> None:
    """Sales shares the KPI that lowers the number and alone owns the one that raises it: Marketing
    is pulled against Sales."""
    b = plan.builder
    goal = b.goal(plan.launch, "Margin", (plan.sales, plan.marketing))
    b.kpi(goal, "Discount rate", (plan.sales,), plan.priya, unit="%", incentive_pct=5.0)
    b.kpi(
        goal, "Discount rate", (plan.sales, plan.marketing), plan.jonas, unit="%", incentive_pct=5.0,
        direction=KpiDirection.DOWN,
    )  # fmt: skip
    only(incentive_findings(b.build()), FindingKind.INCENTIVE_CONFLICT)


def test_paid_kpis_on_the_same_measure_in_opposite_directions_conflict(plan: CleanPlan) -> None:
    b = plan.builder
    one = b.goal(plan.launch, "Win deals", (plan.sales, plan.product))
    two = b.goal(plan.launch, "Protect margin", (plan.marketing, plan.product))
    b.kpi(one, "Increase discount rate", (plan.sales,), plan.priya, unit="%", incentive_pct=5.0)
    b.kpi(
        two,
        "Reduce discount rate",
        (plan.marketing,),
        plan.jonas,
        unit="%",
        incentive_pct=5.0,
        direction=KpiDirection.DOWN,
    )
    found = only(incentive_findings(b.build()), FindingKind.INCENTIVE_CONFLICT)
    assert "on the same measure" in found.message


def test_opposite_kpis_paying_the_same_functions_do_not_conflict(plan: CleanPlan) -> None:
    b = plan.builder
    b.kpi(
        plan.goal,
        "Cost per lead",
        (plan.sales, plan.marketing),
        plan.jonas,
        incentive_pct=5.0,
        direction=KpiDirection.DOWN,
    )
    assert incentive_findings(b.build()) == []


def test_a_function_paid_only_on_its_own_kpis_has_a_lone_incentive(plan: CleanPlan) -> None:
    b = plan.builder
    b.replace(plan.kpi, owner_function_ids=(plan.marketing.id, plan.product.id))
    bookings = b.kpi(plan.goal, "Bookings", (plan.sales,), plan.priya, incentive_pct=15.0)
    found = only(incentive_findings(b.build()), FindingKind.LONE_INCENTIVE)
    assert found.entities == (
        EntityRef(EntityKind.FUNCTION, plan.sales.id, "Sales"),
        EntityRef(EntityKind.KPI, bookings.id, "Bookings"),
    )
    assert found.facts == {"incentive_pct": 15.0}
    assert "All 15% of the incentive Sales earns in Atlas Launch" in found.message


def test_pay_on_an_aspirational_kpi_is_pay_on_stretch(plan: CleanPlan) -> None:
    b = plan.builder
    b.replace(plan.kpi, commitment=KpiCommitment.ASPIRATIONAL)
    found = only(incentive_findings(b.build()), FindingKind.PAY_ON_STRETCH)
    assert found.severity is Severity.WARNING
    assert names(found, EntityKind.KPI) == ["Qualified pipeline"]
    assert "sandbag" in found.message and "10%" in found.message


def test_an_aspirational_kpi_without_pay_is_fine(plan: CleanPlan) -> None:
    b = plan.builder
    b.replace(plan.kpi, commitment=KpiCommitment.ASPIRATIONAL, incentive_pct=0.0)
    assert incentive_findings(b.build()) == []


def test_a_shared_kpi_without_an_accountable_person(plan: CleanPlan) -> None:
    b = plan.builder
    b.replace(plan.kpi, accountable_id=None)
    found = only(incentive_findings(b.build()), FindingKind.NO_ACCOUNTABLE_PERSON)
    assert names(found, EntityKind.KPI) == ["Qualified pipeline"]
    assert names(found, EntityKind.FUNCTION) == ["Sales", "Marketing"]
    assert "Marketing and Sales" in found.message


# RACI


def test_an_activity_without_an_accountable(plan: CleanPlan) -> None:
    b = plan.builder
    activity = b.activity(plan.launch, "Social media")
    b.raci(activity, RaciLetter.RESPONSIBLE, plan.marketing)
    found = only(raci_findings(b.build()), FindingKind.RACI_NO_ACCOUNTABLE)
    assert found.severity is Severity.ERROR
    assert found.entities == (EntityRef(EntityKind.ACTIVITY, activity.id, "Social media"),)


def test_an_activity_with_two_accountables_names_both(plan: CleanPlan) -> None:
    b = plan.builder
    b.raci(plan.activity, RaciLetter.ACCOUNTABLE, plan.marketing)
    found = only(raci_findings(b.build()), FindingKind.RACI_MANY_ACCOUNTABLE)
    assert found.severity is Severity.ERROR
    assert names(found, EntityKind.ACTIVITY) == ["Lead qualification"]
    assert names(found, EntityKind.FUNCTION) + names(found, EntityKind.PERSON) == ["Marketing", "Priya Raman"]
    assert "Marketing and Priya Raman" in found.message


def test_an_activity_without_a_responsible(plan: CleanPlan) -> None:
    b = plan.builder
    activity = b.activity(plan.launch, "Win/loss reviews")
    b.raci(activity, RaciLetter.ACCOUNTABLE, plan.sales)
    found = only(raci_findings(b.build()), FindingKind.RACI_NO_RESPONSIBLE)
    assert found.severity is Severity.WARNING
    assert names(found, EntityKind.ACTIVITY) == ["Win/loss reviews"]


def test_a_team_function_without_any_letter(plan: CleanPlan) -> None:
    b = plan.builder
    pr = b.function("PR")
    b.member(plan.launch, b.person("Mia Costa", pr))
    found = only(raci_findings(b.build()), FindingKind.FUNCTION_WITHOUT_ROLE)
    assert found.entities == (EntityRef(EntityKind.FUNCTION, pr.id, "PR"),)
    assert "'Lead qualification'" in found.message


def test_a_letter_held_by_a_person_counts_for_their_function(plan: CleanPlan) -> None:
    b = plan.builder
    pr = b.function("PR")
    mia = b.person("Mia Costa", pr)
    b.member(plan.launch, mia)
    b.raci(plan.activity, RaciLetter.INFORMED, mia)
    assert raci_findings(b.build()) == []


def test_raci_of_a_dispersed_task_force_is_not_reported(plan: CleanPlan) -> None:
    b = plan.builder
    b.activity(plan.launch, "Social media")
    b.replace(plan.launch, status=LifecycleStatus.DISPERSED)
    assert raci_findings(b.build()) == []


# Coverage


def test_a_launch_without_marketing_misses_a_function(plan: CleanPlan) -> None:
    b = plan.builder
    b.replace(plan.jonas, function_id=plan.sales.id)
    found = only(coverage_findings(b.build()), FindingKind.MISSING_FUNCTION)
    assert found.entities == (EntityRef(EntityKind.FUNCTION, plan.marketing.id, "Marketing"),)
    assert found.message.startswith("Atlas Launch is a product launch with no one from Marketing")


def test_a_function_the_plan_lacks_is_still_missing(plan: CleanPlan) -> None:
    b = plan.builder
    keep = b.task_force("Keep Contoso", TaskForceKind.RETENTION)
    b.member(keep, plan.priya)
    pursuit = b.task_force("Win Fabrikam", TaskForceKind.ACCOUNT_PURSUIT)
    b.member(pursuit, plan.priya)
    b.member(pursuit, plan.aiko)
    findings = coverage_findings(b.build())
    assert [(f.kind, f.task_force_ids) for f in findings] == [
        (FindingKind.MISSING_FUNCTION, (keep.id,)),
        (FindingKind.SINGLE_FUNCTION_TEAM, (keep.id,)),
    ]
    missing = findings[0]
    assert missing.entities == ()  # the plan defines no Customer Service
    assert missing.facts == {"needs": ("Customer Service",)}


def test_function_names_match_whatever_their_case(plan: CleanPlan) -> None:
    b = plan.builder
    b.replace(plan.marketing, name="MARKETING")
    assert coverage_findings(b.build()) == []


def test_a_team_of_one_function_is_a_single_function_team(plan: CleanPlan) -> None:
    b = plan.builder
    other = b.task_force("Internal tooling", TaskForceKind.OTHER)
    b.member(other, plan.priya)
    b.member(other, b.person("Omar Haddad", plan.sales))
    found = only(coverage_findings(b.build()), FindingKind.SINGLE_FUNCTION_TEAM)
    assert found.task_force_ids == (other.id,)
    assert found.entities == (EntityRef(EntityKind.FUNCTION, plan.sales.id, "Sales"),)


def test_coverage_of_an_archived_task_force_is_not_reported(plan: CleanPlan) -> None:
    b = plan.builder
    b.replace(plan.jonas, function_id=plan.sales.id)
    b.replace(plan.launch, status=LifecycleStatus.ARCHIVED)
    assert coverage_findings(b.build()) == []


def test_findings_come_worst_first_then_by_task_force(plan: CleanPlan) -> None:
    b = plan.builder
    zebra = b.task_force("Zebra Campaign", TaskForceKind.CAMPAIGN)
    alpha = b.task_force("Alpha Campaign", TaskForceKind.CAMPAIGN)
    for team in (zebra, alpha):
        b.member(team, plan.jonas)
        b.member(team, plan.priya)
        activity = b.activity(team, "Lead management")
        b.raci(activity, RaciLetter.ACCOUNTABLE, plan.marketing)
        b.raci(activity, RaciLetter.CONSULTED, plan.sales)
    b.raci(b.activity(zebra, "Social media"), RaciLetter.RESPONSIBLE, plan.marketing)
    findings = raci_findings(b.build())
    order = [(f.kind, f.task_force_ids) for f in findings]
    assert order == [
        (FindingKind.RACI_NO_ACCOUNTABLE, (zebra.id,)),
        (FindingKind.RACI_NO_RESPONSIBLE, (alpha.id,)),
        (FindingKind.RACI_NO_RESPONSIBLE, (zebra.id,)),
    ]
