"""Health calibration: plans a manager ranks from healthy to failing score in that order and band.

Each case starts from the same well-run launch (three functions, two shared KPIs, four activities
with a full RACI, a schedule with room) and plants what a manager would see in a review. The
table is ordered as a manager would order the plans, from the one they would leave alone to the
one they would step into today, with the band they would give it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from smarket_planner.analysis.findings import all_findings
from smarket_planner.analysis.health import COMPONENTS, healths
from smarket_planner.analysis.model import Health, HealthBand, Severity, error_ceiling
from smarket_planner.domain.enums import (
    DependencyKind,
    KpiCommitment,
    KpiDirection,
    RaciLetter,
)
from smarket_planner.domain.records import Kpi, Membership, Person

from .builders import END, START, TODAY, CleanPlan, clean_plan

GREEN, AMBER, RED = HealthBand.GREEN, HealthBand.AMBER, HealthBand.RED
DOCS = Path(__file__).resolve().parents[2] / "docs" / "health.md"


@dataclass
class Review:
    """A plan under review: the clean launch, with a second KPI and three more activities."""

    plan: CleanPlan
    second_kpi: Kpi
    finance: Person

    @property
    def b(self):  # type: ignore[no-untyped-def]
        return self.plan.builder


def review() -> Review:
    """The clean launch grown to the size of a real one, still clean."""
    plan = clean_plan()
    b = plan.builder
    second = b.kpi(
        plan.goal,
        "Launch-month active accounts",
        (plan.marketing, plan.product),
        plan.jonas,
        unit="accounts",
        commitment=KpiCommitment.COMMITTED,
        direction=KpiDirection.UP,
    )
    b.check_in(second, TODAY - timedelta(days=5), 40.0)
    for name, accountable, responsible in (
        ("Launch messaging", plan.jonas, plan.marketing),
        ("Pricing and packaging", plan.aiko, plan.product),
        ("Deal desk", plan.priya, plan.sales),
    ):
        activity = b.activity(plan.launch, name)
        b.raci(activity, RaciLetter.ACCOUNTABLE, accountable)
        b.raci(activity, RaciLetter.RESPONSIBLE, responsible)
    finance_function = b.function("Finance")
    finance = b.person("Femi Adeyemi", finance_function)
    return Review(plan, second, finance)


def clean(r: Review) -> None:
    """Nothing to see."""


def stale_kpi(r: Review) -> None:
    """No one has checked in the second KPI for six weeks."""
    r.b.check_ins.pop(r.second_kpi.id)
    r.b.check_in(r.second_kpi, TODAY - timedelta(days=45), 20.0)


def stretch_pay_and_an_idle_function(r: Review) -> None:
    """Pay rides on a stretch KPI, and Finance sits on the team with no part in any activity."""
    r.b.replace(r.plan.kpi, commitment=KpiCommitment.ASPIRATIONAL)
    r.b.member(r.plan.launch, r.finance, 10.0)


def silo_kpi_at_risk(r: Review) -> None:
    """The second KPI belongs to Marketing alone and is slightly behind."""
    r.b.replace(r.second_kpi, owner_function_ids=(r.plan.marketing.id,))
    r.b.check_in(r.second_kpi, TODAY - timedelta(days=2), 33.0)


def tight_schedule_and_late_work(r: Review) -> None:
    """The critical path leaves two days, a deliverable ends after the team, a KPI is slightly behind."""
    b, launch = r.b, r.plan.launch
    late = END + timedelta(days=20)
    b.deliverable(launch, "Analyst briefing", r.plan.jonas, duration_days=5, due_date=late)
    first = b.deliverable(launch, "Beta programme", r.plan.aiko, duration_days=100, start_date=START)
    second = b.deliverable(launch, "General availability", r.plan.aiko, duration_days=109)
    b.dependency(first, second, DependencyKind.BLOCKING)
    b.check_in(r.second_kpi, TODAY - timedelta(days=2), 33.0)


def warnings_pile_up(r: Review) -> None:
    """No error, but the warnings pile up: silo KPIs behind, pay on a stretch, a stale check-in, no deputy."""
    silo_kpi_at_risk(r)
    stretch_pay_and_an_idle_function(r)
    r.b.replace(r.plan.kpi, owner_function_ids=(r.plan.sales.id,))
    r.b.check_ins.pop(r.plan.kpi.id)
    r.b.check_in(r.plan.kpi, TODAY - timedelta(days=50), 30.0)


def no_one_accountable(r: Review) -> None:
    """One of the four activities has no one accountable (an error)."""
    activity = r.b.activity(r.plan.launch, "Launch event")
    r.b.raci(activity, RaciLetter.RESPONSIBLE, r.plan.marketing)


def kpi_off_track(r: Review) -> None:
    """The pipeline KPI is well behind its trajectory (an error)."""
    r.b.check_in(r.plan.kpi, TODAY - timedelta(days=1), 12.0)


def over_allocated_lead_and_risk(r: Review) -> None:
    """The lead is booked at 130% (an error) and the second KPI is slightly behind."""
    r.b.peak(r.plan.priya, 130.0, TODAY, TODAY + timedelta(days=40), (r.plan.launch,))
    r.b.check_in(r.second_kpi, TODAY - timedelta(days=2), 33.0)


def two_errors(r: Review) -> None:
    """A KPI off track and the lead at 130%: two errors."""
    kpi_off_track(r)
    r.b.peak(r.plan.priya, 130.0, TODAY, TODAY + timedelta(days=40), (r.plan.launch,))


def a_cycle_and_a_gap(r: Review) -> None:
    """Two deliverables wait for each other and an activity has no one accountable: two errors, more lost."""
    b, launch = r.b, r.plan.launch
    one = b.deliverable(launch, "Reference customers", r.plan.priya, duration_days=10)
    two = b.deliverable(launch, "Case studies", r.plan.jonas, duration_days=10)
    b.dependency(one, two, DependencyKind.BLOCKING)
    b.dependency(two, one, DependencyKind.HAND_OFF)
    no_one_accountable(r)
    silo_kpi_at_risk(r)


def three_errors(r: Review) -> None:
    """Both KPIs off track and the lead at 130%: the launch is slipping."""
    two_errors(r)
    r.b.check_in(r.second_kpi, TODAY - timedelta(days=1), 8.0)


def pay_pulling_apart(r: Review) -> None:
    """Three errors as above, and Sales is paid to cut discounts while Marketing is paid to raise them."""
    three_errors(r)
    b = r.b
    goal = b.goal(r.plan.launch, "Price the launch", (r.plan.sales, r.plan.marketing))
    for owner, direction in ((r.plan.sales, KpiDirection.DOWN), (r.plan.marketing, KpiDirection.UP)):
        kpi = b.kpi(
            goal,
            "Average discount",
            (owner,),
            r.plan.priya,
            unit="%",
            baseline=10.0,
            target=5.0 if direction is KpiDirection.DOWN else 15.0,
            incentive_pct=10.0,
            commitment=KpiCommitment.COMMITTED,
            direction=direction,
        )
        b.check_in(kpi, TODAY - timedelta(days=3), 10.0 if direction is KpiDirection.DOWN else 12.0)


def falling_apart(r: Review) -> None:
    """Pay pulling apart, a cycle, no one accountable, Product gone and Marketing's only person at 150%."""
    pay_pulling_apart(r)
    a_cycle_and_a_gap(r)
    r.b.remove(next(m for m in r.b.records[Membership] if m.person_id == r.plan.aiko.id))
    r.b.peak(r.plan.jonas, 150.0, TODAY, TODAY + timedelta(days=60), (r.plan.launch,))


# As a manager orders them, healthiest first, with the band they would give.
CASES: list[tuple[Callable[[Review], None], HealthBand]] = [
    (clean, GREEN),
    (stale_kpi, GREEN),
    (stretch_pay_and_an_idle_function, GREEN),
    (tight_schedule_and_late_work, GREEN),
    (silo_kpi_at_risk, GREEN),
    (no_one_accountable, AMBER),
    (warnings_pile_up, AMBER),
    (kpi_off_track, AMBER),
    (over_allocated_lead_and_risk, AMBER),
    (two_errors, AMBER),
    (a_cycle_and_a_gap, RED),
    (three_errors, RED),
    (pay_pulling_apart, RED),
    (falling_apart, RED),
]


def judged(case: Callable[[Review], None]) -> Health:
    """The launch's health once the case is planted."""
    r = review()
    case(r)
    data = r.b.build()
    (value,) = healths([r.plan.launch], all_findings(data), data)
    return value


def test_the_cases_score_in_the_order_a_manager_ranks_them() -> None:
    scored = [(case.__name__, judged(case)) for case, _ in CASES]
    table = "\n".join(f"{name:40} {value.score:5.1f} {value.band.value}" for name, value in scored)
    scores = [value.score for _, value in scored]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores), table
    assert [value.band for _, value in scored] == [band for _, band in CASES], table


@pytest.mark.parametrize(("case", "band"), CASES, ids=[case.__name__ for case, _ in CASES])
def test_an_open_error_keeps_a_team_out_of_the_green_and_three_make_it_red(
    case: Callable[[Review], None], band: HealthBand
) -> None:
    value = judged(case)
    r = review()
    case(r)
    data = r.b.build()
    errors = sum(
        f.severity is Severity.ERROR and r.plan.launch.id in f.task_force_ids for f in all_findings(data)
    )
    assert value.open_errors == errors
    assert value.score <= error_ceiling(errors)
    if errors:
        assert value.band is not GREEN
    if errors >= 3:
        assert value.band is RED


def test_the_ceiling_falls_with_each_error() -> None:
    ceilings = [error_ceiling(n) for n in range(12)]
    assert ceilings[:4] == [100.0, 79.0, 69.0, 59.0]
    assert ceilings == sorted(ceilings, reverse=True) and min(ceilings) > 0
    assert HealthBand.of(ceilings[1]) is AMBER and HealthBand.of(ceilings[3]) is RED


def test_the_documented_table_is_what_the_code_scores() -> None:
    rows = [line.split("|")[1:-1] for line in DOCS.read_text(encoding="utf-8").splitlines()]
    table = {cells[0].strip(): [c.strip() for c in cells] for cells in rows if len(cells) == 6}
    for case, band in CASES:
        value = judged(case)
        name = case.__name__.replace("_", " ")
        row = next(
            cells for title, cells in table.items() if name.startswith(title.lower().replace("-", " "))
        )
        assert row[2:] == [f"{value.parts:.1f}", str(value.open_errors), f"{value.score:.1f}", band.value]
    weights = {cells[0].strip(): cells[1].strip() for cells in rows if len(cells) == 3}
    assert all(weights[spec.name] == f"{spec.weight:.2f}" for spec in COMPONENTS)
