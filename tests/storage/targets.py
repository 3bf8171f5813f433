"""A plan on either back-end, read and written as another program would: by file path or database URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

from smarket_planner.storage import PlanStore, open_plan
from smarket_planner.storage.migrate import upgrade
from smarket_planner.storage.plan_file import APPLICATION_ID, is_url
from smarket_planner.storage.store import upgrade_plan

# For a test that is by nature about plan files (permissions, WAL, damage, SQLite's own settings).
SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
# For a test of a plan on a database server only.
SERVER_ONLY = pytest.mark.parametrize(
    "backend", [pytest.param("postgresql", marks=pytest.mark.postgresql)], indirect=True
)


def _address(target: str | Path) -> str:
    return str(target) if is_url(str(target)) else f"sqlite:///{target}"


@contextmanager
def raw(target: str | Path) -> Iterator[Connection]:
    """A bare connection to the plan, beside any the program holds, in one transaction."""
    engine = create_engine(_address(target), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def rows(target: str | Path, statement: str, **values: Any) -> list[tuple[Any, ...]]:
    """The rows one statement finds in the plan, read beside the program."""
    with raw(target) as connection:
        return [tuple(row) for row in connection.execute(text(statement), values)]


def scalar(target: str | Path, statement: str, **values: Any) -> Any:
    """The one value a statement finds in the plan, read beside the program."""
    with raw(target) as connection:
        return connection.execute(text(statement), values).scalar()


@contextmanager
def older_plan(target: str | Path, revision: str) -> Iterator[Connection]:
    """A plan as an older release made it, at ``revision``: fill it in the transaction given."""
    if not is_url(str(target)):
        Path(target).touch(mode=0o600)
    with raw(target) as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        upgrade(connection, revision)
        yield connection


def open_upgraded(target: str | Path) -> PlanStore:
    """Open an older plan brought up to date: a file upgrades itself on opening, a shared database first
    by the upgrade its owner runs (no dump here)."""
    if is_url(str(target)):
        upgrade_plan(str(target), backup=False)
    return open_plan(target)
