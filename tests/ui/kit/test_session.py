"""Edits made in the app are undo steps that restore the exact prior state."""

from __future__ import annotations

import sqlite3

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.ui.kit.session import PlanSession


def _functions(session: PlanSession) -> list[tuple[int, str]]:
    assert session.plan.path is not None
    with sqlite3.connect(session.plan.path) as connection:
        return connection.execute("SELECT id, name FROM function ORDER BY id").fetchall()


def test_an_edit_is_one_undo_step_named_after_it(session: PlanSession) -> None:
    outcome = session.edit(
        lambda: services.create(session.plan, EntityKind.FUNCTION, name="Sales", colour="#1f77b4")
    )
    assert outcome is not None
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Add function 'Sales'"
    session.undo_stack.undo()
    assert _functions(session) == []
    session.undo_stack.redo()
    assert _functions(session) == [(outcome.value.id, "Sales")]


def test_a_refused_edit_is_reported_and_not_stacked(session: PlanSession) -> None:
    said: list[tuple[str, str]] = []
    session.refused.connect(lambda message, field: said.append((message, field)))
    outcome = session.edit(
        lambda: services.create(session.plan, EntityKind.FUNCTION, name="  ", colour="#1f77b4")
    )
    assert outcome is None
    assert session.undo_stack.count() == 0
    assert said == [("Name cannot be empty.", "name")]


def test_changes_reach_the_window_as_a_signal(session: PlanSession) -> None:
    seen: list[object] = []
    session.changed.connect(seen.append)
    session.edit(lambda: services.create(session.plan, EntityKind.FUNCTION, name="PR", colour="#2ca02c"))
    session.undo_stack.undo()
    kinds = [notice.kind for batch in seen for notice in batch]  # type: ignore[attr-defined]
    assert kinds == [EntityKind.FUNCTION, EntityKind.FUNCTION]
