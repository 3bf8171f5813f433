"""Staffing: demand by function week by week, functions short of people, late open roles, planned
functions, and overloads told apart in ink (active teams) and pencil (proposed and forming ones)."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta
from itertools import pairwise

import pytest

from smarket_planner.analysis.alignment import coverage_findings
from smarket_planner.analysis.demand import Booking, demand_chart, monday, plan_demand
from smarket_planner.analysis.findings import CHECKS, NETWORK_CHECKS, TASK_FORCE_CHECKS
from smarket_planner.analysis.health import PLANNED_PENALTIES, health
from smarket_planner.analysis.model import NETWORK_KINDS, EntityRef, Finding, FindingKind, PlanData, Severity
from smarket_planner.analysis.staffing_findings import (
    function_short_findings,
    open_role_late_findings,
    over_allocation_findings,
)
from smarket_planner.domain.enums import LifecycleStatus, TaskForceKind
from smarket_planner.domain.records import EntityKind, Function, Person, TaskForce
from tests.conftest import assert_plain_english

from .builders import TODAY, PlanBuilder, clean_plan

ACTIVE, FORMING, PROPOSED = LifecycleStatus.ACTIVE, LifecycleStatus.FORMING, LifecycleStatus.PROPOSED
K = FindingKind


def only(findings: list[Finding], kind: FindingKind) -> Finding:
    """The one finding there is, of ``kind``, reading as plain English."""
    assert [f.kind for f in findings] == [kind], [f.message for f in findings]
    assert_plain_english(findings[0].message)
    assert_plain_english(findings[0].action)
    return findings[0]


def day(offset: int) -> date:
    """A day counted from TODAY (a Monday)."""
    return TODAY + timedelta(days=offset)


class Marketing:
    """A Marketing function of one person (Ann) and an active team she is 80% on until the end of March."""

    def __init__(self) -> None:
        self.b = PlanBuilder()
        self.marketing = self.b.function("Marketing", "#ff7f0e")
        self.ann = self.b.person("Ann Archer", self.marketing)
        self.launch = self.b.task_force("Atlas Launch")
        self.b.member(self.launch, self.ann, 80.0)

    def team(self, name: str, status: LifecycleStatus = ACTIVE) -> TaskForce:
        """Another team of Ann's, running from 7 Dec 2026 (a Monday) to 10 Jan 2027 (a Sunday)."""
        return self.b.task_force(name, status=status, start=day(14), end=day(48))

    def build(self) -> PlanData:
        return self.b.build()


# Demand, week by week


def test_a_booking_counts_by_the_days_of_each_week_it_covers() -> None:
    b = PlanBuilder()
    marketing, finance = b.function("Marketing"), b.function("Finance")
    ann, ben = b.person("Ann", marketing), b.person("Ben", marketing, capacity_pct=50.0)
    launch = b.task_force("Atlas Launch")
    dach = b.task_force("DACH Market Entry", status=FORMING, start=None, end=None)
    old = b.task_force("Old Campaign", status=LifecycleStatus.DISPERSED)
    # Wednesday to the next Tuesday: five days of the first week, two of the second.
    b.member(launch, ann, 50.0, start_date=day(2), end_date=day(8))
    b.member(dach, ben, 100.0)  # undated, on an undated team: the next quarter, 13 whole weeks
    b.member(old, ann, 100.0)  # a dispersed team takes no one's time
    b.open_role(launch, marketing, 20.0, start_date=day(14), end_date=day(20))
    b.open_role(dach, marketing, 40.0)
    b.open_role(old, finance, 100.0)
    chart = plan_demand(b.build(), weeks=16)
    assert chart.weeks == tuple(day(7 * n) for n in range(16))
    first, second = chart.functions
    assert (first.name, first.capacity) == ("Marketing", 1.5)
    assert first.confirmed[:3] == (round(0.5 * 5 / 7, 6), round(0.5 * 2 / 7, 6), 0.0)
    assert first.tentative == (1.0,) * 13 + (0.0,) * 3
    assert first.open_confirmed == (0.0, 0.0, 0.2) + (0.0,) * 13
    assert first.open_tentative == (0.4,) * 13 + (0.0,) * 3
    assert first.open[:3] == (0.4, 0.4, 0.6)
    assert first.total[:3] == (round(0.5 * 5 / 7 + 1.4, 6), round(0.5 * 2 / 7 + 1.4, 6), 1.6)
    assert (second.name, second.capacity, second.total) == ("Finance", 0.0, (0.0,) * 16)


def test_shortfall_counts_the_pencil_unless_asked_for_confirmed_demand_alone() -> None:
    plan = Marketing()
    plan.b.member(plan.team("DACH Market Entry", FORMING), plan.ann, 40.0)
    plan.b.open_role(plan.launch, plan.marketing, 10.0)
    (marketing,) = plan_demand(plan.build()).functions
    assert marketing.shortfall(0) == marketing.shortfall(0, confirmed_only=True) == 0.0  # 90%
    assert marketing.shortfall(2) == pytest.approx(0.3)  # 80 + 10 open + 40 pencilled
    assert marketing.shortfall(2, confirmed_only=True) == 0.0


def test_the_chart_adds_up_as_a_day_by_day_count_does() -> None:
    draw = random.Random(18)
    functions = [Function(ident, f"Function {ident}", "#777777") for ident in (3, 1, 2)]
    start = date(2026, 11, 23)
    bookings = []
    for _ in range(300):
        first = start + timedelta(days=draw.randint(-60, 400))
        bookings.append(
            Booking(
                draw.choice((1, 2, 3, 9)),  # 9: a function the chart is not asked about
                first,
                first + timedelta(days=draw.randint(0, 120)),
                draw.choice((5.0, 12.5, 33.3, 50.0, 100.0)),
                draw.random() < 0.5,
                draw.random() < 0.3,
            )
        )
    chart = demand_chart(functions, {1: 250.0, 2: 80.0}, bookings, start, 52)
    assert [f.function_id for f in chart.functions] == [1, 2, 3]
    assert [f.capacity for f in chart.functions] == [2.5, 0.8, 0.0]
    for function in chart.functions:
        for week, monday_of in enumerate(chart.weeks):
            for pencilled, is_open, got in (
                (False, False, function.confirmed),
                (True, False, function.tentative),
                (False, True, function.open_confirmed),
                (True, True, function.open_tentative),
            ):
                person_days = sum(
                    b.share_pct / 100
                    for n in range(7)
                    for b in bookings
                    if (b.function_id, b.pencilled, b.open) == (function.function_id, pencilled, is_open)
                    and b.first_day <= monday_of + timedelta(days=n) <= b.last_day
                )
                assert got[week] == pytest.approx(person_days / 7, abs=1e-6)


def test_the_chart_starts_on_a_monday_and_runs_a_year_by_default() -> None:
    chart = plan_demand(dataclasses.replace(clean_plan().build(), today=date(2026, 11, 26)))
    assert len(chart.weeks) == 52 and chart.weeks[0] == monday(date(2026, 11, 26)) == TODAY
    assert all(later - earlier == timedelta(days=7) for earlier, later in pairwise(chart.weeks))
    assert [f.name for f in chart.functions] == ["Sales", "Marketing", "Product"]
    assert all(len(f.total) == 52 for f in chart.functions)


# Functions short of people


def test_a_function_short_on_active_teams_is_a_warning() -> None:
    plan = Marketing()
    pursuit = plan.team("Halvorsen Pursuit")
    plan.b.member(pursuit, plan.ann, 40.0)
    found = only(function_short_findings(plan.build()), K.FUNCTION_SHORT)
    assert found.severity is Severity.WARNING
    # ISO weeks 50 to 53 of 2026 and week 1 of 2027.
    assert (
        found.message
        == "Marketing is 0.2 people short from 7 Dec 2026 to 10 Jan 2027 (weeks 2026-W50 to 2027-W01)."
    )
    assert (
        found.action
        == "Spread Marketing's bookings over more weeks, lower its shares, or add people to Marketing."
    )
    assert found.task_force_ids == (plan.launch.id, pursuit.id)
    assert found.entities == (EntityRef(EntityKind.FUNCTION, plan.marketing.id, "Marketing"),)
    assert found.facts == {
        "shortfall": 0.2,
        "first_week": day(14),
        "last_week": day(42),
        "pencilled": False,
    }


def test_a_function_short_only_if_a_forming_team_goes_ahead_is_information_naming_it() -> None:
    plan = Marketing()
    dach = plan.team("DACH Market Entry", FORMING)
    plan.b.member(dach, plan.ann, 40.0)
    found = only(function_short_findings(plan.build()), K.FUNCTION_SHORT)
    assert found.severity is Severity.INFO
    assert found.message == (
        "Marketing is 0.2 people short from 7 Dec 2026 to 10 Jan 2027 (weeks 2026-W50 to 2027-W01) "
        "if DACH Market Entry goes ahead."
    )
    assert "DACH Market Entry" in found.action
    assert found.facts["pencilled"] is True


def test_many_pencilled_teams_are_the_proposed_teams() -> None:
    plan = Marketing()
    for name in ("Alpha", "Beta", "Gamma", "Delta"):
        plan.b.member(plan.team(name, PROPOSED), plan.ann, 10.0)
    found = only(function_short_findings(plan.build()), K.FUNCTION_SHORT)
    assert found.message.endswith("(weeks 2026-W50 to 2027-W01) if the proposed teams go ahead.")
    assert len(found.task_force_ids) == 5


def test_a_run_short_on_confirmed_demand_in_any_week_is_in_ink_and_may_vary() -> None:
    plan = Marketing()
    plan.b.member(plan.team("DACH Market Entry", FORMING), plan.ann, 40.0)  # 120% for five weeks
    plan.b.member(plan.launch, plan.ann, 50.0, start_date=day(21), end_date=day(27))  # 170% in one
    found = only(function_short_findings(plan.build()), K.FUNCTION_SHORT)
    assert found.severity is Severity.WARNING
    assert (
        found.message
        == "Marketing is up to 0.7 people short from 7 Dec 2026 to 10 Jan 2027 (weeks 2026-W50 to 2027-W01)."
    )
    assert found.facts["shortfall"] == 0.7 and found.facts["pencilled"] is False


def test_a_shortfall_is_said_to_a_tenth_of_a_person_halves_up() -> None:
    plan = Marketing()
    plan.b.member(plan.team("Halvorsen Pursuit"), plan.ann, 45.0)
    found = only(function_short_findings(plan.build()), K.FUNCTION_SHORT)
    assert found.message.startswith("Marketing is 0.3 people short from")
    assert found.facts["shortfall"] == 0.25


def test_an_open_role_a_function_has_no_one_for_makes_it_short() -> None:
    plan = Marketing()
    legal = plan.b.function("Legal")
    plan.b.open_role(plan.launch, legal, 50.0, start_date=day(7), end_date=day(7))  # one day of one week
    found = only(function_short_findings(plan.build()), K.FUNCTION_SHORT)
    assert found.message == "Legal is 0.1 people short from 30 Nov to 6 Dec 2026 (week 2026-W49)."
    assert found.facts["shortfall"] == round(0.5 / 7, 6)  # a day of a week, to a millionth of a person


def test_a_function_within_its_capacity_or_a_plan_read_in_part_has_no_shortage() -> None:
    plan = Marketing()
    plan.b.member(plan.team("Halvorsen Pursuit"), plan.ann, 20.0)  # exactly 100%
    assert function_short_findings(plan.build()) == []
    plan.b.member(plan.team("DACH Market Entry"), plan.ann, 40.0)
    assert function_short_findings(plan.build()) != []
    # Read for some task forces only, the plan lacks the other teams' bookings and people.
    assert function_short_findings(dataclasses.replace(plan.build(), scope=(plan.launch.id,))) == []


def test_shortages_are_plan_wide_and_their_label_reads_well() -> None:
    assert function_short_findings in NETWORK_CHECKS and K.FUNCTION_SHORT in NETWORK_KINDS
    assert open_role_late_findings in TASK_FORCE_CHECKS and K.OPEN_ROLE_LATE not in NETWORK_KINDS
    assert set(CHECKS) == set(TASK_FORCE_CHECKS) | set(NETWORK_CHECKS)
    assert K.FUNCTION_SHORT.label == "Function short of people"
    assert K.OPEN_ROLE_LATE.label == "Open role past its start"


# Open roles past their start


def test_an_open_role_past_its_start_is_a_warning() -> None:
    b = PlanBuilder()
    sales = b.function("Sales")
    dach = b.task_force("DACH Market Entry", TaskForceKind.MARKET_ENTRY, FORMING)
    role = b.open_role(dach, sales, 50.0, title="Solutions engineer", start_date=day(-21))
    found = only(open_role_late_findings(b.build()), K.OPEN_ROLE_LATE)
    assert found.severity is Severity.WARNING
    assert found.message == (
        "The Solutions engineer role (Sales, 50%) on DACH Market Entry was to start on 2 Nov 2026 "
        "and is still open."
    )
    assert found.action == "Fill it from the candidates on the Team tab, or move its start."
    assert found.task_force_ids == (dach.id,)
    assert found.entities == (
        EntityRef(EntityKind.TASK_FORCE, dach.id, "DACH Market Entry"),
        EntityRef(EntityKind.OPEN_ROLE, role.id, "Solutions engineer"),
    )
    assert found.facts["days_late"] == 21


def test_an_open_role_without_dates_is_late_from_its_teams_start() -> None:
    b = PlanBuilder()
    sales = b.function("Sales")
    launch = b.task_force("Atlas Launch")  # from 1 Sep 2026
    role = b.open_role(launch, sales, 30.0)
    found = only(open_role_late_findings(b.build()), K.OPEN_ROLE_LATE)
    assert (
        found.message == "The Sales role (30%) on Atlas Launch was to start on 1 Sep 2026 and is still open."
    )
    assert found.entities[1] == EntityRef(EntityKind.OPEN_ROLE, role.id, "someone from Sales")


def test_an_open_role_not_yet_due_or_of_a_resting_team_is_not_late() -> None:
    b = PlanBuilder()
    sales = b.function("Sales")
    launch = b.task_force("Atlas Launch")
    b.open_role(launch, sales, start_date=TODAY)
    b.open_role(launch, sales, start_date=day(30))
    b.open_role(b.task_force("Undated", start=None, end=None), sales)
    b.open_role(b.task_force("Old Campaign", status=LifecycleStatus.DISPERSED), sales, start_date=day(-30))
    assert open_role_late_findings(b.build()) == []


# Coverage planned as an open role


def test_a_function_planned_as_an_open_role_is_not_missing() -> None:
    b = PlanBuilder()
    sales, marketing, finance = b.function("Sales"), b.function("Marketing"), b.function("Finance")
    priya = b.person("Priya Raman", sales)
    dach = b.task_force("DACH Market Entry", TaskForceKind.MARKET_ENTRY, FORMING)
    b.member(dach, priya, 50.0)
    b.open_role(dach, finance, 20.0, title="Controller")  # not a function a market entry calls for
    missing = [f for f in coverage_findings(b.build()) if f.kind is K.MISSING_FUNCTION]
    assert [f.severity for f in missing] == [Severity.WARNING]
    role = b.open_role(dach, marketing, 20.0, title="PR lead")
    found = coverage_findings(b.build())
    assert [(f.kind, f.severity) for f in found] == [
        (K.SINGLE_FUNCTION_TEAM, Severity.WARNING),  # judged by its people: all Sales
        (K.MISSING_FUNCTION, Severity.INFO),
    ]
    planned = found[1]
    assert_plain_english(planned.message)
    assert (
        planned.message
        == "DACH Market Entry plans someone from Marketing (open role: PR lead, 20%), still open."
    )
    assert planned.facts["open_role_ids"] == (role.id,)
    assert EntityRef(EntityKind.OPEN_ROLE, role.id, "PR lead") in planned.entities
    assert found[0].action == "Add people to DACH Market Entry from other functions."
    # A planned function costs the team's coverage less than a missing one.
    score = next(c.score for c in health(dach, found, b.build()).components if c.name == "coverage")
    assert score == 100 - 70 - PLANNED_PENALTIES[K.MISSING_FUNCTION]


# Overloads in ink and in pencil


class Priya:
    """Priya Raman of Sales, 40% on the Atlas Launch; the Halvorsen Pursuit (active) and DACH (forming)."""

    def __init__(self) -> None:
        self.plan = clean_plan()
        self.b = self.plan.builder
        self.priya: Person = self.plan.priya
        self.launch = self.plan.launch
        self.pursuit = self.b.task_force("Halvorsen Pursuit", TaskForceKind.ACCOUNT_PURSUIT)
        self.dach = self.b.task_force("DACH Market Entry", TaskForceKind.MARKET_ENTRY, FORMING)

    def finding(self) -> Finding:
        return only(over_allocation_findings(self.b.build()), K.OVER_ALLOCATION)


def test_an_overload_in_pencil_moves_time_off_the_tentative_team_even_if_smaller() -> None:
    p = Priya()
    p.b.member(p.pursuit, p.priya, 50.0)  # 40% on the launch, 50% on the pursuit: 90% in ink
    p.b.member(p.dach, p.priya, 40.0)  # and 40% pencilled on DACH, the smallest share
    p.b.peak(p.priya, 130.0, day(0), day(30), (p.launch, p.pursuit, p.dach))
    found = p.finding()
    assert found.facts["pencilled"] is True
    assert found.action == "Move 30% of Priya Raman's time off DACH Market Entry, or extend its dates."
    assert found.facts["relieve_task_force_id"] == p.dach.id


def test_an_overload_only_with_a_forming_team_is_in_pencil() -> None:
    p = Priya()
    p.b.member(p.dach, p.priya, 90.0)  # 40% on the launch, 90% pencilled on DACH
    p.b.peak(p.priya, 130.0, day(0), day(30), (p.launch, p.dach))
    found = p.finding()
    assert found.severity is Severity.WARNING  # 30 points over, but only in pencil
    assert found.message == (
        "Priya Raman is booked at 130% against a capacity of 100% from 23 Nov 2026 to 23 Dec 2026 "
        "(weeks 2026-W48 to 2026-W52) across Atlas Launch and DACH Market Entry, "
        "so some of that work will slip if DACH Market Entry goes ahead."
    )
    assert found.action == "Move 30% of Priya Raman's time off DACH Market Entry, or extend its dates."
    assert found.facts["pencilled"] is True
    assert found.facts["if_ahead_task_force_ids"] == (p.dach.id,)
    assert found.facts["relieve_task_force_id"] == p.dach.id


def test_an_overload_on_active_teams_is_in_ink() -> None:
    p = Priya()
    p.b.member(p.pursuit, p.priya, 90.0)
    p.b.peak(p.priya, 130.0, day(0), day(30), (p.launch, p.pursuit))
    found = p.finding()
    assert found.severity is Severity.ERROR
    assert found.message.endswith(
        "across Atlas Launch and Halvorsen Pursuit, so some of that work will slip."
    )
    assert "pencil" not in found.message
    assert found.facts["pencilled"] is False and "if_ahead_task_force_ids" not in found.facts


def test_an_overload_in_ink_says_how_much_of_its_peak_is_pencilled() -> None:
    p = Priya()
    p.b.member(p.pursuit, p.priya, 70.0)
    p.b.member(p.dach, p.priya, 30.0)
    p.b.peak(p.priya, 140.0, day(0), day(30), (p.launch, p.pursuit, p.dach))
    found = p.finding()
    assert found.severity is Severity.ERROR
    assert found.message.startswith(
        "Priya Raman is booked at 140%, of which 30% is pencilled on DACH Market Entry, "
        "against a capacity of 100% from 23 Nov 2026"
    )
    assert found.message.endswith("so some of that work will slip.")
    assert found.facts["pencilled_pct"] == 30.0


def test_an_overload_in_ink_inside_a_longer_pencilled_run_is_in_ink() -> None:
    p = Priya()
    nordic = p.b.task_force("Nordic Pilot", TaskForceKind.MARKET_ENTRY, PROPOSED)
    p.b.member(p.dach, p.priya, 70.0)  # 110% all along, in pencil
    p.b.member(nordic, p.priya, 80.0, start_date=day(0), end_date=day(30))  # 190% for a month: the peak
    p.b.member(p.pursuit, p.priya, 70.0, start_date=day(90), end_date=day(100))  # 110% in ink, later on
    p.b.peak(p.priya, 190.0, day(0), day(30), (p.launch, p.dach, nordic), overload=(day(0), day(128)))
    p.b.confirmed_peak(p.priya, 110.0, day(90), day(100), (p.launch, p.pursuit))
    found = p.finding()
    assert (found.severity, found.facts["pencilled"]) == (Severity.ERROR, False)
    assert found.message.startswith(
        "Priya Raman is booked at 190%, of which 150% is pencilled on DACH Market Entry and Nordic Pilot, "
    )
    # Known only by the peak's own days, the overload shows no confirmed one beside it: pencil.
    p.b.peaks[-1] = dataclasses.replace(p.b.peaks[-1], overload_first_day=None, overload_last_day=None)
    found = p.finding()
    assert (found.severity, found.facts["pencilled"]) == (Severity.WARNING, True)
    assert found.facts["if_ahead_task_force_ids"] == (p.dach.id, nordic.id)
    assert found.message.endswith("if DACH Market Entry and Nordic Pilot go ahead.")
