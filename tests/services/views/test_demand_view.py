"""Demand by function read in one grouped query: the same weeks as the analysis works out from the
plan's records, on a plan file and on a server."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smarket_planner import services
from smarket_planner.analysis.demand import plan_demand
from smarket_planner.domain import EntityKind
from smarket_planner.services import Plan
from smarket_planner.services.reports.analysis import FindingKind, analyse, analyse_again
from smarket_planner.services.reports.plan_findings import PlanFindings
from smarket_planner.services.reports.touched import task_forces_touched
from smarket_planner.services.views.analysis_data import load_plan_data
from smarket_planner.services.views.demand_view import demand_by_function, function_shortages
from tests.services.plan_copies import Copies

K = EntityKind
TODAY = date(2026, 11, 23)  # a Monday


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


class Small:
    """Sales, Marketing and Legal (no one in it); an active launch, a forming team and a dispersed one."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.sales = self.new(K.FUNCTION, name="Sales", colour="#1f77b4")
        self.marketing = self.new(K.FUNCTION, name="Marketing", colour="#ff7f0e")
        self.legal = self.new(K.FUNCTION, name="Legal", colour="#7f7f7f")
        ann = self.new(K.PERSON, name="Ann", function_id=self.marketing)
        ben = self.new(K.PERSON, name="Ben", function_id=self.marketing, capacity_pct=50)
        sam = self.new(K.PERSON, name="Sam", function_id=self.sales, capacity_pct=80)
        self.launch = launch = self.team("Launch", "active", day(-30), day(300))
        dach = self.team("DACH Market Entry", "forming", None, None)
        old = self.team("Old Campaign", "active", day(-30), day(300))
        # Wednesday to the next Tuesday: five days of the first week, two of the second.
        services.add_member(plan, launch, ann, allocation_pct=50, start_date=day(2), end_date=day(8))
        services.add_member(plan, launch, sam, allocation_pct=40)  # the launch's dates
        services.add_member(plan, dach, ben, allocation_pct=100)  # undated: the next quarter
        services.add_member(plan, old, ann, allocation_pct=100)
        for team, function, share, dates in (
            (launch, self.marketing, 20, {"start_date": day(14), "end_date": day(20)}),
            (dach, self.legal, 40, {}),
            (old, self.marketing, 100, {}),
        ):
            self.new(K.OPEN_ROLE, task_force_id=team, function_id=function, allocation_pct=share, **dates)
        services.disperse(plan, old)  # its membership and open role take no one's time

    def new(self, kind: EntityKind, /, **values: object) -> int:
        return services.create(self.plan, kind, **values).value.id  # type: ignore[no-any-return,union-attr]

    def team(self, name: str, status: str, first: date | None, last: date | None) -> int:
        return self.new(
            K.TASK_FORCE, name=name, kind="campaign", status=status, start_date=first, end_date=last
        )


def test_a_year_of_weeks_by_function_from_this_week(plan: Plan) -> None:
    small = Small(plan)
    chart = demand_by_function(plan, today=day(3))  # a Thursday: the chart starts on its Monday
    assert chart.weeks == tuple(day(7 * n) for n in range(52))
    sales, marketing, legal = chart.functions
    assert [(f.function_id, f.name, f.colour) for f in chart.functions] == [
        (small.sales, "Sales", "#1f77b4"),
        (small.marketing, "Marketing", "#ff7f0e"),
        (small.legal, "Legal", "#7f7f7f"),
    ]
    assert (sales.capacity, marketing.capacity, legal.capacity) == (0.8, 1.5, 0.0)
    assert sales.confirmed == (0.4,) * 43 + (0.0,) * 9  # the launch ends on a Sunday, in week 43
    assert marketing.confirmed[:3] == (round(0.5 * 5 / 7, 6), round(0.5 * 2 / 7, 6), 0.0)
    assert marketing.open_confirmed[:4] == (0.0, 0.0, 0.2, 0.0)
    # Undated, from the Thursday: four days of the first week, then twelve weeks, then three days.
    assert marketing.tentative[:14] == (round(4 / 7, 6),) + (1.0,) * 12 + (round(3 / 7, 6),)
    assert legal.open_tentative[:14] == (round(0.4 * 4 / 7, 6),) + (0.4,) * 12 + (round(0.4 * 3 / 7, 6),)
    assert sum(marketing.tentative) == pytest.approx(13.0)
    assert chart == plan_demand(load_plan_data(plan, today=day(3)))


def test_any_weeks_asked_for_are_worked_out_as_the_analysis_does(plan: Plan) -> None:
    Small(plan)
    data = load_plan_data(plan, today=TODAY)
    for first_week, weeks in ((day(-40), 10), (day(10), 3), (day(400), 4)):
        chart = demand_by_function(plan, first_week=first_week, weeks=weeks, today=TODAY)
        assert len(chart.weeks) == weeks and chart.weeks[0].weekday() == 0
        assert chart == plan_demand(data, first_week=first_week, weeks=weeks)


def test_a_generated_plan_gives_the_same_chart_as_its_records(copies: Copies) -> None:
    plan = copies.demo(TODAY, people=500, task_forces=50)
    teams = [team.id for team in services.find(plan, K.TASK_FORCE)]  # type: ignore[attr-defined]
    functions = [function.id for function in services.find(plan, K.FUNCTION)]  # type: ignore[attr-defined]
    for number, team in enumerate(teams[:20]):
        dates = {"start_date": day(number * 5), "end_date": day(number * 9 + 30)} if number % 3 else {}
        services.create(
            plan,
            K.OPEN_ROLE,
            task_force_id=team,
            function_id=functions[number % len(functions)],
            allocation_pct=12.5 * (1 + number % 8),
            **dates,
        )
    chart = demand_by_function(plan, today=TODAY)
    assert function_shortages(plan, today=TODAY) == shortages(PlanFindings.of(analyse(plan, today=TODAY)))
    assert len(chart.weeks) == 52 and len(chart.functions) == len(functions)
    for series in ("confirmed", "tentative", "open_confirmed", "open_tentative"):
        assert any(any(getattr(f, series)) for f in chart.functions), series
    assert chart == plan_demand(load_plan_data(plan, today=TODAY))


def shortages(findings: PlanFindings) -> list[str]:
    return [f.message for f in findings.findings if f.kind is FindingKind.FUNCTION_SHORT]


def test_the_functions_short_read_from_the_database_are_the_analysis_s(plan: Plan) -> None:
    Small(plan)
    found = function_shortages(plan, today=TODAY)
    assert found == [f for f in analyse(plan, today=TODAY).findings if f.kind is FindingKind.FUNCTION_SHORT]
    assert [(f.severity.value, f.entities[0].name) for f in found] == [("info", "Legal")]
    assert "if DACH Market Entry goes ahead" in found[0].message


def test_an_edit_analysed_again_brings_the_functions_short_up_to_date(plan: Plan) -> None:
    """Only a whole-plan analysis reads every booking, yet the shortages follow each edit."""
    small = Small(plan)
    before = PlanFindings.of(analyse(plan, today=TODAY))
    assert [f.split(" is ")[0] for f in shortages(before)] == ["Legal"]
    # Sales has 80% of a person; the launch already books 40% of it, and now asks for 60% more.
    added = services.create(
        plan, K.OPEN_ROLE, task_force_id=small.launch, function_id=small.sales, allocation_pct=60
    )
    scope = task_forces_touched(plan, added.notices, before, today=TODAY)
    assert scope == [small.launch]
    again = analyse_again(plan, before, scope, today=TODAY)
    assert shortages(again) == shortages(PlanFindings.of(analyse(plan, today=TODAY)))
    assert any(message.startswith("Sales is 0.2 people short") for message in shortages(again))
    role = added.value.id  # type: ignore[union-attr]
    lowered = services.update(plan, K.OPEN_ROLE, role, allocation_pct=10)
    scope = task_forces_touched(plan, lowered.notices, again, today=TODAY)
    assert scope == [small.launch]
    assert shortages(analyse_again(plan, again, scope, today=TODAY)) == shortages(before)
