"""Copying a plan row by row between a plan file and a PostgreSQL database, and back, losing nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, inspect, select, text

from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain.errors import PlanExistsError, PlanFileError, PlanNeedsUpgradeError
from smarket_planner.storage import migrate, open_plan
from smarket_planner.storage.base import Base
from smarket_planner.storage.model import FunctionRow, TaskForceRow
from smarket_planner.storage.plan_file import APPLICATION_ID
from smarket_planner.storage.transfer import check_new_place, copy_plan
from tests.postgres_cluster import Cluster

pytestmark = pytest.mark.postgresql

PlainEnglish = Callable[[str], None]
Snapshot = Callable[[Path], dict[str, str]]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def every_row(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the plan, as the program reads it, in key order."""
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


def rows_of(target: str | Path) -> dict[str, list[tuple[Any, ...]]]:
    store = open_plan(target, upgrade=False)
    try:
        return every_row(store.engine)
    finally:
        store.close()


def counters_of(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return dict(connection.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name").fetchall())


def tables_in(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        return sorted(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def next_id(url: str, table: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(text(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))")))
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plan, with a removed function (so its id counter runs past the highest id left)."""
    path = tmp_path_factory.mktemp("source") / "demo.smplan"
    generate_demo(path, today=date(2026, 11, 23))
    store = open_plan(path)
    with store.session(write=True) as session:
        spare = FunctionRow(name="Spare", colour="#000000")
        session.add(spare)
        session.flush()
        session.delete(spare)
        # A task force reformed from one written after it: its link is made once both rows are in.
        first, last = session.scalars(select(TaskForceRow).order_by(TaskForceRow.id)).all()[::4]
        assert first.id < last.id
        first.reformed_from_id = last.id
    store.close()
    return path


@pytest.fixture
def database(postgres: Cluster) -> Iterator[str]:
    url = postgres.new_database()
    yield url
    postgres.drop_database(url)


def test_a_plan_goes_to_a_database_and_back_row_for_row(
    demo_file: Path, database: str, tmp_path: Path, snapshot: Snapshot
) -> None:
    before = snapshot(demo_file.parent)
    back = tmp_path / "back.smplan"

    there = copy_plan(demo_file, database)
    home = copy_plan(database, back)

    assert snapshot(demo_file.parent) == before  # the source is never touched, nor anything beside it
    source = rows_of(demo_file)
    assert rows_of(database) == source
    assert rows_of(back) == source
    copied = {name: len(rows) for name, rows in source.items() if not name.startswith("overload")}
    assert there.rows == home.rows == copied  # overloads are worked out afresh, not copied
    assert there.title == home.title == "Northwind Analytics — demo plan"
    assert (there.source, there.target, home.target) == (str(demo_file), database, str(back))
    assert not there.from_upgraded_copy
    assert counters_of(back) == counters_of(demo_file)
    # The raw SQLite values too: the same text for every date, moment and number.
    for name in copied:
        with sqlite3.connect(demo_file) as old, sqlite3.connect(back) as new:
            query = f'SELECT * FROM "{name}" ORDER BY 1, 2'
            assert new.execute(query).fetchall() == old.execute(query).fetchall(), name


def test_a_copy_keeps_the_plan_id_and_its_schema(demo_file: Path, database: str) -> None:
    copy_plan(demo_file, database)

    store = open_plan(database)
    try:
        assert store.revision() == migrate.head_revision()
        original = open_plan(demo_file, upgrade=False)
        assert store.plan_id == original.plan_id
        original.close()
    finally:
        store.close()


def test_new_rows_in_the_database_get_ids_never_used_in_the_plan(demo_file: Path, database: str) -> None:
    counters = counters_of(demo_file)

    copy_plan(demo_file, database)

    assert next_id(database, "function") == counters["function"] + 1  # past the removed one
    assert next_id(database, "person") == counters["person"] + 1
    assert next_id(database, "view_position") == 1  # a table with no rows starts at 1


def test_a_database_that_is_not_empty_is_refused_and_left_as_it_was(
    demo_file: Path, database: str, postgres: Cluster, plain_english: PlainEnglish
) -> None:
    postgres.sql("CREATE TABLE notes (body text)", database.rsplit("/", 1)[1])

    with pytest.raises(PlanFileError) as refused:
        copy_plan(demo_file, database)

    plain_english(str(refused.value))
    assert "is not empty" in str(refused.value)
    assert tables_in(database) == ["notes"]


def test_a_copy_that_fails_halfway_leaves_the_database_empty(
    demo_file: Path, database: str, tmp_path: Path, plain_english: PlainEnglish
) -> None:
    odd = tmp_path / "odd.smplan"
    odd.write_bytes(demo_file.read_bytes())
    with sqlite3.connect(odd) as connection:  # SQLite keeps a title longer than its column allows
        connection.execute("UPDATE risk SET title = ? WHERE id = 3", ("x" * 300,))

    with pytest.raises(PlanFileError) as refused:
        copy_plan(odd, database)

    message = str(refused.value)
    assert message.startswith(f"The plan could not be copied to {database} (")
    assert message.endswith("; the database was left empty.")
    assert tables_in(database) == []


def test_a_copy_into_a_file_is_built_aside_and_moved_in_whole(
    database: str, demo_file: Path, tmp_path: Path
) -> None:
    copy_plan(demo_file, database)
    target = tmp_path / "plan.smplan"
    target.write_text("an older file")

    with pytest.raises(PlanExistsError):
        copy_plan(database, target)
    assert target.read_text() == "an older file"
    copy_plan(database, target, force=True)

    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["plan.smplan"]
    assert rows_of(target) == rows_of(demo_file)
    with sqlite3.connect(target) as connection:
        assert connection.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_file_at_an_older_schema_is_read_from_an_upgraded_copy_and_left_as_it_was(
    database: str, tmp_path: Path
) -> None:
    old = tmp_path / "old" / "old.smplan"
    old.parent.mkdir()
    old.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        migrate.upgrade(connection, "0001")
        connection.exec_driver_sql("INSERT INTO plan_meta VALUES ('application', 'smarket_planner')")
        connection.exec_driver_sql(
            "INSERT INTO function (name, colour, description, version, created_at, changed_at, changed_by) "
            "VALUES ('Sales', '#1f77b4', '', 3, '2026-01-05 09:00:00.000000', "
            "'2026-01-06 10:30:00.000000', 'ann')"
        )
    engine.dispose()
    fingerprint = sha256(old)

    copied = copy_plan(old, database)

    assert copied.from_upgraded_copy
    assert sha256(old) == fingerprint
    assert sorted(entry.name for entry in old.parent.iterdir()) == ["old.smplan"]
    store = open_plan(database)
    try:
        assert store.revision() == migrate.head_revision()
        with store.session() as session:
            sales = session.scalars(select(FunctionRow)).one()
        assert (sales.name, sales.version, sales.changed_by) == ("Sales", 3, "ann")
    finally:
        store.close()


def test_a_database_at_an_older_schema_must_be_upgraded_before_it_is_copied(
    database: str, demo_file: Path, tmp_path: Path
) -> None:
    copy_plan(demo_file, database)
    engine = create_engine(database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0004'"))
    engine.dispose()

    with pytest.raises(PlanNeedsUpgradeError):
        copy_plan(database, tmp_path / "copy.smplan")
    assert list(tmp_path.iterdir()) == []


def test_a_plan_is_not_copied_onto_itself(
    demo_file: Path, database: str, plain_english: PlainEnglish
) -> None:
    for source, target in ((demo_file, demo_file), (database, database.replace("postgres@", "postgres:x@"))):
        with pytest.raises(PlanFileError) as refused:
            copy_plan(source, target, force=True)
        plain_english(str(refused.value))
        assert "cannot be copied onto itself" in str(refused.value)


def test_a_plan_holding_tables_this_version_does_not_know_is_refused(
    demo_file: Path, database: str, tmp_path: Path
) -> None:
    odd = tmp_path / "odd.smplan"
    odd.write_bytes(demo_file.read_bytes())
    with sqlite3.connect(odd) as connection:
        connection.execute("CREATE TABLE extra_notes (body TEXT)")

    with pytest.raises(PlanFileError, match=r"tables this version does not know \(extra_notes\)"):
        copy_plan(odd, database)
    assert tables_in(database) == []


def test_a_new_place_is_checked_before_any_work(database: str, demo_file: Path, tmp_path: Path) -> None:
    check_new_place(database)
    check_new_place(tmp_path / "new.smplan")
    copy_plan(demo_file, database)

    with pytest.raises(PlanFileError, match="is not empty"):
        check_new_place(database)
    with pytest.raises(PlanExistsError):
        check_new_place(demo_file)
    check_new_place(demo_file, force=True)
