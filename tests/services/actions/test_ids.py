"""A removed thing's id is never given to a new one, so stale references cannot mislead."""

from __future__ import annotations

from smarket_planner import services
from smarket_planner.domain import EntityKind, Function
from smarket_planner.services import Plan


def test_a_new_function_never_takes_a_removed_ones_id(plan: Plan) -> None:
    first = services.create(plan, EntityKind.FUNCTION, name="Sales", colour="#1f77b4").value
    assert isinstance(first, Function)
    services.delete(plan, EntityKind.FUNCTION, first.id)
    second = services.create(plan, EntityKind.FUNCTION, name="Marketing", colour="#ff7f0e").value
    assert second.id > first.id
