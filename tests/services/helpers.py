"""Helpers for the services tests: the plan's rows as plain data, undo/redo and label checks."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any, Protocol

from smarket_planner import services
from smarket_planner.domain import DomainError
from smarket_planner.services import ChangeNotice, Outcome, Plan

PlanData = dict[str, list[tuple[object, ...]]]

# Bookkeeping columns: they move on every write (and on undo), so "the same plan" ignores them.
_BOOKKEEPING = frozenset({"changed_at", "created_at", "changed_by", "version"})


def plan_data(plan: Plan) -> PlanData:
    """Every table's rows, bookkeeping columns left out, sorted, read straight from the file."""
    assert plan.path is not None
    return file_data(plan.path)


def file_data(path: Path) -> PlanData:
    """Every table's rows of the plan file at ``path`` (see ``plan_data``)."""
    uri = path.resolve().as_uri() + "?mode=ro"
    data: PlanData = {}
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in sorted(tables):
            columns = [
                row[1]
                for row in connection.execute(f'PRAGMA table_info("{table}")')
                if row[1] not in _BOOKKEEPING
            ]
            listed = ", ".join(f'"{column}"' for column in columns)
            rows = connection.execute(f'SELECT {listed} FROM "{table}"').fetchall()
            data[table] = sorted(rows, key=repr)
    return data


def assert_label(outcome: Outcome[Any]) -> None:
    """An outcome's label reads as a short phrase for the Undo menu."""
    label = outcome.label
    assert label, "the outcome has no label"
    assert label == label.strip(), f"stray spaces in {label!r}"
    assert label[0].isupper(), f"the label does not start a phrase: {label!r}"
    assert "_" not in label, f"the label holds a program name: {label!r}"
    assert "None" not in label, f"the label holds a program word: {label!r}"
    assert "\n" not in label, f"the label spans lines: {label!r}"


def assert_undo_redo(plan: Plan, act: Callable[[], Outcome[Any]], cycles: int = 3) -> Outcome[Any]:
    """Run ``act``; undo it to the exact prior state and redo it to the exact same result, repeatedly."""
    before = plan_data(plan)
    outcome = act()
    assert_label(outcome)
    after = plan_data(plan)
    assert after != before, "the edit changed nothing"
    latest = outcome
    for cycle in range(cycles):
        undone = services.undo(plan, latest)
        assert_label(undone)
        assert plan_data(plan) == before, f"undo {cycle + 1} did not restore the prior state"
        latest = services.undo(plan, undone)
        assert_label(latest)
        assert plan_data(plan) == after, f"redo {cycle + 1} did not give the same result"
    return outcome


class Listener:
    """Collects what ``plan.changes`` publishes, one tuple of notices per edit."""

    def __init__(self) -> None:
        self.batches: list[tuple[ChangeNotice, ...]] = []

    def __call__(self, notices: tuple[ChangeNotice, ...]) -> None:
        self.batches.append(notices)


class Rejected(Protocol):
    """Checks that an action is refused with the right error and leaves the plan as it was."""

    def __call__(self, plan: Plan, error: type[DomainError], action: Callable[[], object]) -> str:
        """Run ``action`` expecting ``error``; return the message."""
        ...
