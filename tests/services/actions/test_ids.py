"""A removed thing's id is never given to a new one, so stale references cannot mislead."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain import EntityKind, Function
from smarket_planner.services import Plan
from tests.services.plan_copies import Copies


def test_a_new_function_never_takes_a_removed_ones_id(plan: Plan) -> None:
    first = services.create(plan, EntityKind.FUNCTION, name="Sales", colour="#1f77b4").value
    assert isinstance(first, Function)
    services.delete(plan, EntityKind.FUNCTION, first.id)
    second = services.create(plan, EntityKind.FUNCTION, name="Marketing", colour="#ff7f0e").value
    assert second.id > first.id


def test_the_demo_plan_gives_new_things_new_ids(copies: Copies, tmp_path: Path) -> None:
    """The demo is written with its ids in bulk (onto a server, by copying the file as the command line
    does): the plan must still number new things past them."""
    demo = tmp_path / "demo.smplan"
    generate_demo(demo, today=date(2026, 11, 23))
    target = copies.fresh("demo")
    if target != str(demo):
        services.copy_plan(demo, target)
    with services.open_existing(target) as opened:
        highest = max(function.id for function in services.find(opened, EntityKind.FUNCTION))
        made = services.create(opened, EntityKind.FUNCTION, name="Procurement", colour="#123456").value
        assert made.id > highest
