"""Alignment health: weights, a perfect team, and each planted problem lowering only its component."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from smarket_planner.analysis.health import COMPONENTS, PENALTIES, WEIGHTS, health, healths, portfolio_summary
from smarket_planner.analysis.model import EntityRef, Finding, FindingKind, Health, HealthComponent, Severity
from smarket_planner.domain.enums import KpiCommitment, RaciLetter
from smarket_planner.domain.records import EntityKind
from tests.conftest import assert_plain_english

from .builders import CleanPlan, clean_plan

Kind = FindingKind


def finding(
    kind: FindingKind,
    task_force_ids: tuple[int, ...] = (1,),
    severity: Severity = Severity.WARNING,
    entities: tuple[EntityRef, ...] = (),
    **facts: object,
) -> Finding:
    """A finding as the finding functions would hand it over."""
    return Finding(
        kind, severity, f"Planted {kind.label.lower()}.", "Fix it.", task_force_ids, entities, facts
    )


def scores(value: Health) -> dict[str, float]:
    """Each component's score by name."""
    return {component.name: component.score for component in value.components}


def lowered(value: Health) -> dict[str, float]:
    """Only the components below 100."""
    return {name: score for name, score in scores(value).items() if score < 100}


@pytest.fixture
def plan() -> CleanPlan:
    return clean_plan()


def test_weights_add_up_to_one_and_each_says_why() -> None:
    assert math.isclose(sum(spec.weight for spec in COMPONENTS), 1.0)
    assert len(WEIGHTS) == len(COMPONENTS) == 7
    assert all(spec.why and 0 < spec.weight < 1 for spec in COMPONENTS)


def test_a_perfect_task_force_scores_100(plan: CleanPlan) -> None:
    value = health(plan.launch, [], plan.build())
    assert value.task_force_id == plan.launch.id
    assert [c.name for c in value.components] == [spec.name for spec in COMPONENTS]
    assert [c.weight for c in value.components] == [spec.weight for spec in COMPONENTS]
    assert value.score == 100.0
    assert lowered(value) == {}
    for component in value.components:
        assert component.reasons
        for reason in component.reasons:
            assert_plain_english(reason)


@pytest.mark.parametrize(
    ("kind", "component"),
    [
        (Kind.MISSING_FUNCTION, "coverage"),
        (Kind.SINGLE_FUNCTION_TEAM, "coverage"),
        (Kind.OPEN_ROLE_LATE, "coverage"),
        (Kind.INCENTIVE_CONFLICT, "incentive alignment"),
        (Kind.LONE_INCENTIVE, "incentive alignment"),
        (Kind.PAY_ON_STRETCH, "incentive alignment"),
        (Kind.NO_ACCOUNTABLE_PERSON, "incentive alignment"),
        (Kind.DEPENDENCY_CYCLE, "dependency risk"),
        (Kind.LATE_DELIVERABLE, "dependency risk"),
        (Kind.KPI_OFF_TRACK, "KPI status"),
        (Kind.KPI_AT_RISK, "KPI status"),
        (Kind.STALE_KPI, "KPI status"),
    ],
)
def test_a_finding_lowers_exactly_its_component(plan: CleanPlan, kind: FindingKind, component: str) -> None:
    planted = finding(kind, (plan.launch.id,))
    value = health(plan.launch, [planted], plan.build())
    assert lowered(value) == {component: 100 - PENALTIES[kind]}
    reasons = next(c.reasons for c in value.components if c.name == component)
    assert reasons == (planted.message,)
    assert value.score == pytest.approx(100 - WEIGHTS[component] * PENALTIES[kind], abs=0.05)


def test_penalties_add_up_and_stop_at_zero(plan: CleanPlan) -> None:
    planted = [finding(Kind.MISSING_FUNCTION), finding(Kind.MISSING_FUNCTION)]
    assert lowered(health(plan.launch, planted, plan.build())) == {"coverage": 30.0}
    planted.append(finding(Kind.SINGLE_FUNCTION_TEAM))
    assert lowered(health(plan.launch, planted, plan.build())) == {"coverage": 0.0}


def test_findings_on_other_task_forces_or_plan_wide_leave_it_alone(plan: CleanPlan) -> None:
    other = plan.builder.task_force("Other Launch")
    planted = [finding(Kind.INCENTIVE_CONFLICT, (other.id,)), finding(Kind.SILOED_FUNCTION, ())]
    assert health(plan.launch, planted, plan.build()).score == 100.0


def test_silo_kpi_lowers_shared_kpis_by_its_share(plan: CleanPlan) -> None:
    b = plan.builder
    b.kpi(plan.goal, "Launch awareness", (plan.marketing,), plan.jonas)
    value = health(plan.launch, [], b.build())
    assert lowered(value) == {"shared KPIs": 50.0}
    reasons = next(c.reasons for c in value.components if c.name == "shared KPIs")
    assert reasons == (
        "Only 1 of 2 KPIs are owned by two or more functions.",
        "Owned by one function or none: Launch awareness.",
    )


def test_a_team_without_kpis_has_nothing_shared(plan: CleanPlan) -> None:
    plan.builder.remove(plan.kpi)
    assert lowered(health(plan.launch, [], plan.build())) == {"shared KPIs": 0.0}


@pytest.mark.parametrize("defect", ["no_accountable", "two_accountable", "no_responsible"])
def test_an_incomplete_raci_lowers_raci_completeness(plan: CleanPlan, defect: str) -> None:
    b = plan.builder
    second = b.activity(plan.launch, "Win/loss reviews")  # a second activity, left incomplete
    if defect != "no_accountable":
        b.raci(second, RaciLetter.ACCOUNTABLE, plan.priya)
    if defect == "two_accountable":
        b.raci(second, RaciLetter.ACCOUNTABLE, plan.sales)
    if defect != "no_responsible":
        b.raci(second, RaciLetter.RESPONSIBLE, plan.sales)
    value = health(plan.launch, [], b.build())
    assert lowered(value) == {"RACI completeness": 50.0}
    reasons = next(c.reasons for c in value.components if c.name == "RACI completeness")
    assert reasons[0] == "Only 1 of 2 activities have exactly one accountable and a doer."
    assert reasons[1].endswith(": Win/loss reviews.")


def test_a_team_without_activities_has_no_raci(plan: CleanPlan) -> None:
    plan.builder.remove(plan.activity)
    assert lowered(health(plan.launch, [], plan.build())) == {"RACI completeness": 0.0}


def test_an_over_allocated_member_lowers_allocation(plan: CleanPlan) -> None:
    jonas = EntityRef(EntityKind.PERSON, plan.jonas.id, plan.jonas.name)
    stranger = EntityRef(EntityKind.PERSON, 99, "Someone Else")
    planted = [
        finding(Kind.OVER_ALLOCATION, (), entities=(jonas,)),
        finding(Kind.OVER_ALLOCATION, (), entities=(stranger,)),
    ]
    value = health(plan.launch, planted, plan.build())
    assert lowered(value) == {"allocation": 66.7}
    reasons = next(c.reasons for c in value.components if c.name == "allocation")
    assert reasons == ("Jonas Weber is over-allocated, 1 of the 3 members.",)


def test_an_overload_in_pencil_lowers_only_the_teams_whose_going_ahead_would_make_it(
    plan: CleanPlan,
) -> None:
    jonas = EntityRef(EntityKind.PERSON, plan.jonas.id, plan.jonas.name)
    proposed = 77  # a proposed team Jonas is also booked on
    teams = (plan.launch.id, proposed)
    data = plan.build()
    if_other_goes_ahead = finding(
        Kind.OVER_ALLOCATION, teams, entities=(jonas,), if_ahead_task_force_ids=(77,)
    )
    assert lowered(health(plan.launch, [if_other_goes_ahead], data)) == {}
    if_it_goes_ahead = replace(if_other_goes_ahead, facts={"if_ahead_task_force_ids": teams})
    assert lowered(health(plan.launch, [if_it_goes_ahead], data)) == {"allocation": 66.7}
    in_ink = replace(if_other_goes_ahead, facts={})
    assert lowered(health(plan.launch, [in_ink], data)) == {"allocation": 66.7}


@pytest.mark.parametrize(
    ("total_days", "expected"),
    [
        (100, {}),
        (207.5, {"dependency risk": 90.0}),
        (211, {"dependency risk": 90.0}),
        (230, {"dependency risk": 70.0}),
    ],
)
def test_critical_path_slack_lowers_dependency_risk(
    plan: CleanPlan, total_days: float, expected: dict[str, float]
) -> None:
    # Atlas Launch runs 211 days, from 1 September to 31 March.
    planted = finding(Kind.CRITICAL_PATH, (plan.launch.id,), Severity.INFO, total_days=total_days)
    value = health(plan.launch, [planted], plan.build())
    assert lowered(value) == expected
    for reason in next(c.reasons for c in value.components if c.name == "dependency risk"):
        assert_plain_english(reason)


def test_a_critical_path_without_a_length_or_team_dates_costs_nothing(plan: CleanPlan) -> None:
    planted = finding(Kind.CRITICAL_PATH, (plan.launch.id,), Severity.INFO, deliverable_ids=[1, 2])
    assert health(plan.launch, [planted], plan.build()).score == 100.0
    undated = plan.builder.replace(plan.launch, end_date=None)
    planted = finding(Kind.CRITICAL_PATH, (plan.launch.id,), Severity.INFO, total_days=400)
    assert health(undated, [planted], plan.build()).score == 100.0


def test_pay_on_a_stretch_kpi_is_scored_from_the_finding_not_the_data(plan: CleanPlan) -> None:
    plan.builder.replace(plan.kpi, commitment=KpiCommitment.ASPIRATIONAL)
    assert health(plan.launch, [], plan.build()).score == 100.0


def test_healths_scores_many_task_forces_as_health_scores_each(plan: CleanPlan) -> None:
    b = plan.builder
    other = b.task_force("Beacon Campaign")
    b.member(other, plan.jonas, 10.0)
    b.activity(other, "Social media")
    jonas = EntityRef(EntityKind.PERSON, plan.jonas.id, plan.jonas.name)
    planted = [
        finding(Kind.OVER_ALLOCATION, (plan.launch.id, other.id), Severity.ERROR, (jonas,)),
        finding(Kind.KPI_OFF_TRACK, (other.id,)),
    ]
    data = b.build()
    both = healths([plan.launch, other], planted, data)
    assert both == [health(plan.launch, planted, data), health(other, planted, data)]
    assert lowered(both[1]) == {
        "shared KPIs": 0.0,
        "RACI completeness": 0.0,
        "allocation": 0.0,
        "KPI status": 70.0,
    }


def test_portfolio_summary_counts_and_ranks() -> None:
    def scored(task_force_id: int, score: float) -> Health:
        return Health(task_force_id, (HealthComponent("coverage", 1.0, score),))

    healths = [scored(1, 90), scored(2, 40), scored(3, 70), scored(4, 40)]
    findings = [
        finding(Kind.STALE_KPI, (1,), Severity.INFO),
        finding(Kind.DEPENDENCY_CYCLE, (2,), Severity.ERROR),
        finding(Kind.STALE_KPI, (3,), Severity.INFO),
        finding(Kind.SILOED_FUNCTION, (), Severity.WARNING),
    ]
    summary = portfolio_summary(healths, findings)
    assert summary.task_force_count == 4
    assert summary.mean_health == 60.0
    assert [h.task_force_id for h in summary.worst] == [2, 4, 3]
    assert list(summary.by_severity.items()) == [
        (Severity.ERROR, 1),
        (Severity.WARNING, 1),
        (Severity.INFO, 2),
    ]
    assert list(summary.by_kind.items()) == [
        (Kind.DEPENDENCY_CYCLE, 1),
        (Kind.SILOED_FUNCTION, 1),
        (Kind.STALE_KPI, 2),
    ]


def test_an_empty_portfolio_has_no_mean() -> None:
    summary = portfolio_summary([], [])
    assert summary.mean_health is None
    assert summary.worst == ()
    assert set(summary.by_severity.values()) == {0}
    assert summary.by_kind == {}
