"""The staffing read queries: roster, functions, a team, and everyone's total allocation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import MembershipRole
from smarket_planner.services import Plan
from smarket_planner.services.views.staffing_view import functions, loads, percent, roster, search_key, team
from tests.services.plan_copies import Copies

K = EntityKind
TODAY = date(2026, 11, 23)


@pytest.fixture
def demo(copies: Copies) -> Plan:
    """The demo plan, open (these tests only read it)."""
    return copies.demo(TODAY, shared=True)


def _person(plan: Plan, name: str) -> int:
    return next(p.id for p in roster(plan) if p.name == name)


def _task_force(plan: Plan, name: str) -> int:
    return services.find(plan, K.TASK_FORCE, name=name)[0].id


def test_functions_come_in_the_order_made_with_their_head_counts(demo: Plan) -> None:
    found = functions(demo)
    assert [f.name for f in found][:3] == ["Sales", "Marketing", "Product"]
    assert sum(f.head_count for f in found) == len(roster(demo)) == 40
    sales = found[0]
    assert sales.colour.startswith("#")
    assert sales.head_count == 9
    assert functions(demo, [sales.id]) == [sales]


def test_the_roster_is_sorted_by_name_with_the_function_of_each(demo: Plan) -> None:
    people = roster(demo)
    keys = [search_key(p.name) for p in people]
    assert keys == sorted(keys)
    priya = next(p for p in people if p.name == "Priya Raman")
    assert (priya.function_name, priya.title, priya.location) == (
        "Marketing",
        "Product Marketing Manager",
        "Boston",
    )
    assert roster(demo, [priya.id]) == [priya]
    assert "boston" in priya.search_text and "marketing" in priya.search_text


def test_search_ignores_case_and_accents() -> None:
    assert search_key("Rosa Lindström", "ZOË") == "rosa lindstrom zoe"


def test_a_team_lists_leads_first_then_by_name(demo: Plan) -> None:
    pulse = _task_force(demo, "Pulse 3.0 Launch")
    members = team(demo, pulse)
    assert members[0].person_name == "Priya Raman"
    assert members[0].role is MembershipRole.LEAD
    ranks = [list(MembershipRole).index(m.role) for m in members]
    assert ranks == sorted(ranks)
    assert {m.task_force_id for m in members} == {pulse}
    priya = members[0]
    assert team(demo, pulse, membership_ids=[priya.id]) == [priya]
    assert team(demo, pulse, person_ids=[priya.person_id]) == [priya]


def test_over_allocation_adds_up_every_live_task_force(demo: Plan) -> None:
    priya = loads(demo, [_person(demo, "Priya Raman")])[_person(demo, "Priya Raman")]
    assert priya.total_pct == 130
    assert priya.over_capacity
    assert [(s.task_force_name, s.allocation_pct) for s in priya.shares] == [
        ("Pulse 3.0 Launch", 50),
        ("Halvorsen Logistics Pursuit", 40),
        ("DACH Market Entry", 40),
    ]
    assert priya.breakdown == (
        "Pulse 3.0 Launch 50% · Halvorsen Logistics Pursuit 40% · DACH Market Entry 40%"
        " = 130% of 100% capacity"
    )
    everyone = loads(demo)
    assert [p for p, load in everyone.items() if load.over_capacity] == [_person(demo, "Priya Raman")]


def test_dispersed_teams_take_no_time_and_the_idle_read_as_zero(demo: Plan) -> None:
    chloe = _person(demo, "Chloé Dubois")  # Pulse 30% (active) and Data Days 50% (dispersed)
    load = loads(demo, [chloe])[chloe]
    assert load.total_pct == 30
    assert [s.task_force_name for s in load.shares] == ["Pulse 3.0 Launch"]
    idle = _person(demo, "Zoë Whitfield")
    assert loads(demo, [idle])[idle].total_pct == 0
    assert loads(demo, [idle])[idle].breakdown == "On no live task force (0% of 80% capacity)"


def test_a_reduced_capacity_is_the_bar(demo: Plan) -> None:
    claire = _person(demo, "Claire Fontaine")  # 80% capacity, 20% on Pulse
    assert loads(demo, [claire])[claire].breakdown == "Pulse 3.0 Launch 20% = 20% of 80% capacity"


def test_percentages_read_exactly() -> None:
    assert [percent(v) for v in (50.0, 12.5, 100 / 3, 0.1 + 0.2, 130)] == [
        "50%",
        "12.5%",
        "33.33%",
        "0.3%",
        "130%",
    ]


def test_loads_are_one_grouped_query(demo: Plan) -> None:
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(demo.store.engine, "before_cursor_execute", seen)
    try:
        loads(demo)
        loads(demo, [1, 2, 3])
    finally:
        event.remove(demo.store.engine, "before_cursor_execute", seen)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2
    assert all("GROUP BY" in s for s in selects)


def test_a_plan_at_scale_is_read_quickly(tmp_path: Path) -> None:
    path = tmp_path / "scale.smplan"
    generate_demo(path, people=2000, task_forces=200, today=TODAY)
    with services.open_existing(path) as plan:
        everyone = loads(plan)
        assert len(everyone) == len(roster(plan)) == 2000
        busiest = max(everyone.values(), key=lambda load: load.total_pct)
        assert busiest.total_pct == pytest.approx(sum(s.allocation_pct for s in busiest.shares))
        some_team = team(plan, 1)
        assert loads(plan, [m.person_id for m in some_team]).keys() == {m.person_id for m in some_team}
