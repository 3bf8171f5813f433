"""KPI status against the expected trajectory, and the findings for KPIs at risk, off track or stale."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smarket_planner.analysis.kpi_status import expected_value, kpi_findings, kpi_status
from smarket_planner.analysis.model import EntityRef, Finding, FindingKind, KpiStatus, Severity
from smarket_planner.domain.enums import KpiDirection, LifecycleStatus
from smarket_planner.domain.records import CheckIn, EntityKind, Kpi
from tests.conftest import assert_plain_english

from .builders import TODAY, CleanPlan, clean_plan

JAN_1, JAN_6, JAN_11 = date(2026, 1, 1), date(2026, 1, 6), date(2026, 1, 11)
# Baseline 0 on 1 Jan to target 100 on 11 Jan: 50 expected on 6 Jan, 10 points of tolerance.
LEADS = Kpi(1, 1, "Leads", baseline=0.0, target=100.0, start_date=JAN_1, due_date=JAN_11)
CHURN = Kpi(2, 1, "Churn", baseline=100.0, target=40.0, direction=KpiDirection.DOWN, due_date=JAN_11)


def check_in(value: float, on: date = JAN_6, confidence: int = 7) -> CheckIn:
    return CheckIn(1, 1, on, value, confidence)


def only(findings: list[Finding], kind: FindingKind) -> Finding:
    """The one finding there is, of ``kind``, reading as plain English."""
    assert [f.kind for f in findings] == [kind], [f.message for f in findings]
    assert_plain_english(findings[0].message)
    assert_plain_english(findings[0].action)
    return findings[0]


@pytest.fixture
def plan() -> CleanPlan:
    return clean_plan()


# The expected trajectory


@pytest.mark.parametrize(
    ("on", "expected"),
    [(date(2025, 12, 1), 0.0), (JAN_1, 0.0), (JAN_6, 50.0), (JAN_11, 100.0), (date(2026, 3, 1), 100.0)],
)
def test_the_trajectory_runs_straight_and_is_held_flat_outside_its_dates(on: date, expected: float) -> None:
    assert expected_value(LEADS, on) == pytest.approx(expected)


def test_the_trajectory_starts_with_the_task_force_when_the_kpi_has_no_start() -> None:
    assert expected_value(CHURN, JAN_6, task_force_start=JAN_1) == pytest.approx(70.0)
    assert expected_value(LEADS, JAN_6, task_force_start=date(2025, 1, 1)) == pytest.approx(50.0)


def test_there_is_no_trajectory_without_both_dates() -> None:
    assert expected_value(CHURN, JAN_6) is None
    assert expected_value(Kpi(3, 1, "Open", start_date=JAN_1), JAN_6) is None


# The status


def test_no_check_in_is_no_data() -> None:
    assert kpi_status(LEADS, None, JAN_11) is KpiStatus.NO_DATA


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (60.0, KpiStatus.ON_TRACK),
        (50.0, KpiStatus.ON_TRACK),  # exactly on the line
        (45.0, KpiStatus.AT_RISK),
        (40.0, KpiStatus.AT_RISK),  # exactly 10% of the span behind
        (39.9, KpiStatus.OFF_TRACK),
        (10.0, KpiStatus.OFF_TRACK),
    ],
)
def test_the_status_follows_the_shortfall_against_the_line(value: float, status: KpiStatus) -> None:
    assert kpi_status(LEADS, check_in(value), JAN_11) is status


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (65.0, KpiStatus.ON_TRACK),
        (70.0, KpiStatus.ON_TRACK),
        (76.0, KpiStatus.AT_RISK),
        (77.0, KpiStatus.OFF_TRACK),
    ],
)
def test_lower_is_better_when_the_direction_is_down(value: float, status: KpiStatus) -> None:
    assert kpi_status(CHURN, check_in(value), JAN_11, task_force_start=JAN_1) is status


@pytest.mark.parametrize(("confidence", "status"), [(4, KpiStatus.AT_RISK), (5, KpiStatus.ON_TRACK)])
def test_a_reporter_of_little_confidence_puts_the_kpi_at_risk(confidence: int, status: KpiStatus) -> None:
    assert kpi_status(LEADS, check_in(60.0, confidence=confidence), JAN_11) is status


def test_a_low_confidence_does_not_soften_off_track() -> None:
    assert kpi_status(LEADS, check_in(10.0, confidence=2), JAN_11) is KpiStatus.OFF_TRACK


def test_without_dates_only_the_confidence_counts() -> None:
    assert kpi_status(CHURN, check_in(95.0), JAN_11) is KpiStatus.ON_TRACK
    assert kpi_status(CHURN, check_in(95.0, confidence=3), JAN_11) is KpiStatus.AT_RISK


@pytest.mark.parametrize(
    ("direction", "value", "status"),
    [
        (KpiDirection.UP, 20.0, KpiStatus.ON_TRACK),
        (KpiDirection.UP, 21.0, KpiStatus.ON_TRACK),
        (KpiDirection.UP, 19.5, KpiStatus.OFF_TRACK),
        (KpiDirection.DOWN, 19.5, KpiStatus.ON_TRACK),
        (KpiDirection.DOWN, 20.5, KpiStatus.OFF_TRACK),
    ],
)
def test_a_kpi_to_hold_its_baseline_allows_no_shortfall(
    direction: KpiDirection, value: float, status: KpiStatus
) -> None:
    hold = Kpi(
        4, 1, "Hold", baseline=20.0, target=20.0, direction=direction, start_date=JAN_1, due_date=JAN_11
    )
    assert kpi_status(hold, check_in(value), JAN_11) is status


def test_a_check_in_dated_after_today_is_judged_as_of_today() -> None:
    assert kpi_status(LEADS, check_in(55.0, on=JAN_11), JAN_6) is KpiStatus.ON_TRACK


# The findings


def test_a_kpi_well_behind_is_off_track_with_its_numbers(plan: CleanPlan) -> None:
    b = plan.builder
    b.check_in(plan.kpi, TODAY - timedelta(days=7), 20.0)  # 36.02 expected on 16 Nov
    found = only(kpi_findings(b.build()), FindingKind.KPI_OFF_TRACK)
    assert found.severity is Severity.ERROR
    assert found.task_force_ids == (plan.launch.id,)
    assert found.entities == (
        EntityRef(EntityKind.KPI, plan.kpi.id, "Qualified pipeline"),
        EntityRef(EntityKind.PERSON, plan.priya.id, "Priya Raman"),
    )
    for words in ("20 deals", "36.02 deals", "100 deals", "16 Nov 2026", "31 Mar 2027"):
        assert words in found.message
    assert found.facts["latest"] == 20.0
    assert found.facts["expected"] == pytest.approx(36.02, abs=0.01)
    assert found.facts["target"] == 100.0
    assert "Priya Raman" in found.action


def test_a_kpi_slightly_behind_is_at_risk(plan: CleanPlan) -> None:
    b = plan.builder
    b.check_in(plan.kpi, TODAY - timedelta(days=7), 30.0)
    found = only(kpi_findings(b.build()), FindingKind.KPI_AT_RISK)
    assert found.severity is Severity.WARNING
    assert "30 deals" in found.message and "slightly behind" in found.message


def test_a_doubtful_reporter_puts_the_kpi_at_risk(plan: CleanPlan) -> None:
    b = plan.builder
    b.check_in(plan.kpi, TODAY - timedelta(days=7), 45.0, confidence=3)
    found = only(kpi_findings(b.build()), FindingKind.KPI_AT_RISK)
    assert "confidence is only 3 of 10" in found.message


def test_a_kpi_unchecked_for_over_a_month_is_stale(plan: CleanPlan) -> None:
    b = plan.builder
    b.check_ins.clear()
    b.check_in(plan.kpi, TODAY - timedelta(days=31), 30.0)  # 24.64 expected then: on track
    found = only(kpi_findings(b.build()), FindingKind.STALE_KPI)
    assert found.severity is Severity.WARNING
    assert found.facts["days_since"] == 31
    assert "23 Oct 2026" in found.message and "31 days ago" in found.message


def test_a_check_in_thirty_days_ago_is_recent_enough(plan: CleanPlan) -> None:
    b = plan.builder
    b.check_ins.clear()
    b.check_in(plan.kpi, TODAY - timedelta(days=30), 30.0)
    assert kpi_findings(b.build()) == []


def test_a_kpi_never_checked_since_it_started_is_stale(plan: CleanPlan) -> None:
    b = plan.builder
    b.check_ins.clear()
    found = only(kpi_findings(b.build()), FindingKind.STALE_KPI)
    assert "since it started on 1 Sep 2026" in found.message
    assert found.facts["last_check_in"] is None


@pytest.mark.parametrize("start", [TODAY - timedelta(days=10), TODAY + timedelta(days=1)])
def test_a_kpi_just_started_or_not_yet_started_is_not_stale(plan: CleanPlan, start: date) -> None:
    b = plan.builder
    b.check_ins.clear()
    b.replace(plan.kpi, start_date=start)
    assert kpi_findings(b.build()) == []


@pytest.mark.parametrize("status", [LifecycleStatus.DISPERSED, LifecycleStatus.ARCHIVED])
def test_kpis_of_a_task_force_that_is_no_longer_live_are_not_reported(
    plan: CleanPlan, status: LifecycleStatus
) -> None:
    b = plan.builder
    b.check_ins.clear()
    b.check_in(plan.kpi, TODAY - timedelta(days=60), 1.0)
    b.replace(plan.launch, status=status)
    assert kpi_findings(b.build()) == []
