"""Helpers for the services tests: the plan's rows as plain data, undo/redo and label checks."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any, Protocol

import psycopg
import pytest
from sqlalchemy.engine import make_url

from smarket_planner import services
from smarket_planner.domain import DomainError
from smarket_planner.services import ChangeNotice, Outcome, Plan

PlanData = dict[str, list[tuple[object, ...]]]

# Bookkeeping columns: they move on every write (and on undo), so "the same plan" ignores them.
_BOOKKEEPING = frozenset({"changed_at", "created_at", "changed_by", "version"})
# ...and the log that tells other windows of each edit grows with every one, undo too;
# a server keeps over-allocation worked out, and works it out again when next read.
_LOGS = frozenset({"change_log", "overload", "overload_basis", "overload_stale"})

# For a test that is by nature about plan files (copies, damage, permissions, crashes, WAL)...
SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
# ...and for one about a plan on a database server only.
SERVER_ONLY = pytest.mark.parametrize(
    "backend", [pytest.param("postgresql", marks=pytest.mark.postgresql)], indirect=True
)


def plan_data(plan: Plan) -> PlanData:
    """Every table's rows, bookkeeping columns left out, sorted, read straight from the file or database."""
    if plan.path is None:
        return database_data(plan.location)
    return file_data(plan.path)


def stored_rows(plan: Plan, statement: str) -> list[tuple[Any, ...]]:
    """The rows one SELECT finds, read with the bare driver beside the plan's own connections."""
    if plan.path is None:
        with server_connection(plan.location) as connection:
            return connection.execute(statement).fetchall()  # type: ignore[arg-type]
    with closing(sqlite3.connect(plan.path.resolve().as_uri() + "?mode=ro", uri=True)) as reader:
        return reader.execute(statement).fetchall()


def server_connection(url: str) -> psycopg.Connection[tuple[Any, ...]]:
    """A bare driver connection to the plan database at ``url``, as another program would make."""
    address = make_url(url)
    return psycopg.connect(
        host=address.host, port=address.port, user=address.username, dbname=address.database
    )


def database_data(url: str) -> PlanData:
    """Every table's rows of the plan database at ``url`` (see ``plan_data``), read with the bare driver."""
    columns: dict[str, list[str]] = {}
    with server_connection(url) as connection:
        for table, column in connection.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ):
            if column not in _BOOKKEEPING:
                columns.setdefault(table, []).append(column)
        data: PlanData = {}
        for table, names in columns.items():
            if table in _LOGS:
                continue
            listed = ", ".join(f'"{column}"' for column in names)
            rows = connection.execute(f'SELECT {listed} FROM "{table}"').fetchall()  # type: ignore[arg-type]
            data[table] = sorted(rows, key=repr)
    return data


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
        for table in sorted(set(tables) - _LOGS):
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
