"""Bringing a plan of an older schema up to date: a backup first (of a file), then every row kept."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, select, text

from smarket_planner.domain.enums import LifecycleStatus, RhythmFrequency
from smarket_planner.domain.errors import PlanFileError
from smarket_planner.domain.rules import name_key
from smarket_planner.storage import create_plan, open_plan
from smarket_planner.storage.base import Base
from smarket_planner.storage.migrate import alembic_config, head_revision, known_revisions, upgrade
from smarket_planner.storage.model import (
    DecisionRow,
    FunctionRow,
    GoalRow,
    PersonRow,
    TaskForceRow,
    ViewPositionRow,
)
from smarket_planner.storage.plan_file import APPLICATION_ID
from tests.storage.old_plan import OLD_PLAN, fill_old_plan
from tests.storage.targets import SERVER_ONLY, older_plan, raw, scalar

PlainEnglish = Callable[[str], None]
Snapshot = Callable[[Path], dict[str, str]]
Rows = dict[str, list[tuple[object, ...]]]

PREVIOUS = "0001"
OLDER = known_revisions()[:-1]


def make_plan_at_previous_revision(path: Path) -> None:
    """A plan as the previous release wrote it: revision 0001, WAL, with a row in every table."""
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        upgrade(connection, PREVIOUS)
        fill_old_plan(connection)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode = WAL")
    engine.dispose()


def read_file(path: Path) -> tuple[str, Rows]:
    """The revision and every row of every table of a plan file, read with plain sqlite3."""
    connection = sqlite3.connect(path)
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name != "alembic_version"
        ]
        rows = {
            table: connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for table in tables
        }
    finally:
        connection.close()
    return revision, rows


def schema_of(path: Path) -> dict[tuple[str, str], list[str]]:
    """Tables and indexes of a plan file, each as its sorted definition lines (order aside)."""
    connection = sqlite3.connect(path)
    try:
        entries = connection.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
    finally:
        connection.close()
    # A table SQLite rebuilt during an upgrade is named in quotes: CREATE TABLE "function" (
    return {
        (kind, name): sorted(
            line.strip().rstrip(",").strip().replace(f'CREATE TABLE "{name}"', f"CREATE TABLE {name}")
            for line in (sql or "").splitlines()
        )
        for kind, name, sql in entries
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plan_id_of(path: Path) -> str | None:
    """The plan id kept in a plan file, read with plain sqlite3 (None if it has none)."""
    connection = sqlite3.connect(path)
    try:
        found = connection.execute("SELECT value FROM plan_meta WHERE key = 'plan_id'").fetchall()
    finally:
        connection.close()
    assert len(found) <= 1
    return found[0][0] if found else None


def test_the_revisions_read_from_script_names_are_alembics() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    assert known_revisions() == [script.revision for script in reversed(list(scripts.walk_revisions()))]
    assert head_revision() == scripts.get_current_head()


def test_a_new_plan_is_stamped_as_alembic_reads_it(tmp_path: Path) -> None:
    store = create_plan(tmp_path / "new.smplan")
    try:
        with store.engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == head_revision()
    finally:
        store.close()


def test_this_release_knows_its_revisions() -> None:
    assert known_revisions() == ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009"]
    assert head_revision() == "0009"


def test_the_previous_revision_plan_is_what_the_tests_assume(plan_path: Path) -> None:
    make_plan_at_previous_revision(plan_path)
    revision, rows = read_file(plan_path)
    assert revision == PREVIOUS
    assert "view_position" not in rows
    assert all(rows[table] for table in OLD_PLAN), "every table should hold a row"


def test_opening_an_old_plan_backs_it_up_then_brings_it_up_to_date(plan_path: Path) -> None:
    make_plan_at_previous_revision(plan_path)
    revision_before, rows_before = read_file(plan_path)

    plan = open_plan(plan_path)
    assert plan.revision() == head_revision()
    assert plan.backup is not None
    backup = plan.backup
    plan.close()

    revision_after, rows_after = read_file(plan_path)
    assert revision_after == head_revision()
    assert rows_after.pop("view_position") == []
    assert rows_after.pop("change_log") == []
    for kept in ("overload", "overload_basis", "overload_stale"):  # worked out on a server only
        assert rows_after.pop(kept) == []
    for learned in ("question", "lesson", "lesson_function", "credit"):  # nothing learned yet
        assert rows_after.pop(learned) == []
    assert rows_after.pop("open_role") == []  # no place is open yet
    # Nobody has skills yet: the column is written last.
    assert [row[-1] for row in rows_after["person"]] == [""] * len(rows_before["person"])
    rows_after["person"] = [row[:-1] for row in rows_after["person"]]
    # Every decision stands, and no deliverable has a finishing day yet: both written last.
    assert [row[-1] for row in rows_after["decision"]] == ["in_force"] * len(rows_before["decision"])
    assert [row[-1] for row in rows_after["deliverable"]] == [None] * len(rows_before["deliverable"])
    for table in ("decision", "deliverable"):
        rows_after[table] = [row[:-1] for row in rows_after[table]]
    # The plan's new identity is the only new fact about it.
    meta = rows_after["plan_meta"]
    rows_after["plan_meta"] = [row for row in meta if row[0] != "plan_id"]
    assert [row for row in meta if row[0] == "plan_id"] == [("plan_id", plan_id_of(plan_path))]
    # The new table's id counter is the only new entry in SQLite's table of counters.
    counters = rows_after["sqlite_sequence"]
    # ... and rebuilt tables list their counters anew, in another order.
    rows_after["sqlite_sequence"] = sorted(row for row in counters if row[0] != "view_position")
    # Functions and task forces gain the folded key of their names, written last.
    for table in ("function", "task_force"):
        assert [row[-1] for row in rows_after[table]] == [name_key(str(row[0])) for row in rows_before[table]]
        rows_after[table] = [row[:-1] for row in rows_after[table]]
    assert rows_after == rows_before | {"sqlite_sequence": sorted(rows_before["sqlite_sequence"])}

    assert backup.parent == plan_path.parent and backup.is_file()
    assert ".backup-" in backup.name and backup.suffix == ".smplan"
    assert read_file(backup) == (revision_before, rows_before)
    assert sorted(entry.name for entry in plan_path.parent.iterdir()) == sorted([plan_path.name, backup.name])


def test_places_dragged_in_a_graph_survive_the_upgrade_to_versioned_places(plan_path: Path) -> None:
    path = plan_path
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        upgrade(connection, "0002")
        connection.exec_driver_sql(
            "INSERT INTO view_position (view, node_key, x, y) VALUES "
            "('people:portfolio', 'person:1', 12.5, -4.0), "
            "('deliverables:task-force:1', 'deliverable:3', 0, 7)"
        )
    engine.dispose()
    plan = open_plan(path)
    plan.close()
    revision, rows = read_file(path)
    assert revision == head_revision()
    kept = sorted((row[0], row[1], row[2], row[3], row[5]) for row in rows["view_position"])
    assert kept == [
        ("deliverables:task-force:1", "deliverable:3", 0.0, 7.0, 1),
        ("people:portfolio", "person:1", 12.5, -4.0, 1),
    ]


def test_an_upgraded_plan_reads_as_it_was_written(plan_path: Path) -> None:
    make_plan_at_previous_revision(plan_path)
    plan = open_plan(plan_path)
    with plan.session() as session:
        launch = session.get(TaskForceRow, 1)
        assert launch is not None
        assert launch.status is LifecycleStatus.ACTIVE
        assert (launch.start_date, launch.end_date) == (date(2026, 1, 5), date(2026, 6, 30))
        assert (launch.rhythm_frequency, launch.rhythm_weekday) == (RhythmFrequency.WEEKLY, 1)
        ann = session.get(PersonRow, 1)
        assert ann is not None
        assert (ann.email, ann.capacity_pct, ann.changed_by) == ("ann@example.com", 80.0, "ann")
        assert ann.version == 1
        assert ann.created_at.replace(tzinfo=None) == datetime(2026, 1, 5, 9, 0)
        goal = session.get(GoalRow, 1)
        assert goal is not None and [owner.name for owner in goal.owners] == ["Sales", "Marketing"]
        decision = session.get(DecisionRow, 1)
        assert decision is not None
        assert [person.name for person in decision.committed] == ["Ann Lee", "Bo Berg"]
    with plan.session(write=True) as session:
        session.add(ViewPositionRow(view="deliverables", node_key="deliverable:1", x=10.5, y=-3.0))
    with plan.session() as session:
        assert session.scalars(select(ViewPositionRow.x)).all() == [10.5]
    plan.close()


def test_an_up_to_date_plan_is_not_backed_up_again(plan_path: Path) -> None:
    make_plan_at_previous_revision(plan_path)
    open_plan(plan_path).close()
    listing = sorted(entry.name for entry in plan_path.parent.iterdir())
    assert len(listing) == 2

    again = open_plan(plan_path)
    assert again.backup is None
    assert again.revision() == head_revision()
    again.close()
    assert sorted(entry.name for entry in plan_path.parent.iterdir()) == listing


def test_a_new_plan_is_never_backed_up(plan_path: Path) -> None:
    create_plan(plan_path).close()
    plan = open_plan(plan_path)
    assert plan.backup is None
    plan.close()
    assert [entry.name for entry in plan_path.parent.iterdir()] == [plan_path.name]


def test_a_read_only_old_plan_is_refused_and_left_as_it_was(
    plan_path: Path, snapshot: Snapshot, plain_english: PlainEnglish
) -> None:
    make_plan_at_previous_revision(plan_path)
    os.chmod(plan_path, 0o444)
    before = snapshot(plan_path.parent)
    digest = sha256(plan_path)

    with pytest.raises(PlanFileError) as caught:
        open_plan(plan_path)

    assert str(plan_path) in caught.value.message
    plain_english(caught.value.message.replace(str(plan_path), "The plan"))
    assert sha256(plan_path) == digest
    assert snapshot(plan_path.parent) == before


def test_an_old_plan_can_be_opened_without_upgrading(plan_path: Path) -> None:
    make_plan_at_previous_revision(plan_path)
    digest = sha256(plan_path)
    plan = open_plan(plan_path, upgrade=False)
    assert plan.backup is None
    assert plan.revision() == PREVIOUS
    plan.close()
    assert sha256(plan_path) == digest
    assert [entry.name for entry in plan_path.parent.iterdir()] == [plan_path.name]


def test_migrations_build_the_tables_the_program_uses(tmp_path: Path) -> None:
    """An upgraded plan and a new one have the same schema, and both match the model."""
    upgraded = tmp_path / "upgraded.smplan"
    make_plan_at_previous_revision(upgraded)
    open_plan(upgraded).close()
    fresh = tmp_path / "fresh.smplan"
    create_plan(fresh).close()

    assert schema_of(upgraded) == schema_of(fresh)
    engine = create_engine(f"sqlite:///{upgraded}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_an_upgraded_plan_gets_an_identity_of_its_own_and_keeps_it(tmp_path: Path) -> None:
    first, second = tmp_path / "first.smplan", tmp_path / "second.smplan"
    for path in (first, second):
        make_plan_at_previous_revision(path)
        assert plan_id_of(path) is None
    plan = open_plan(first)
    given = plan.plan_id
    plan.close()
    assert re.fullmatch(r"[0-9a-f]{32}", given)
    assert plan_id_of(first) == given

    again = open_plan(first)
    assert again.backup is None and again.plan_id == given
    again.close()
    other = open_plan(second)
    assert other.plan_id != given  # two plans of the same old release are still two plans
    other.close()


def test_the_plan_id_migration_keeps_an_id_already_there_and_goes_back_cleanly(plan_path: Path) -> None:
    plan_path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{plan_path}")
    with engine.begin() as connection:
        upgrade(connection, "0003")
        connection.exec_driver_sql("INSERT INTO plan_meta (key, value) VALUES ('plan_id', 'abc123')")
        upgrade(connection, "0004")
        assert connection.exec_driver_sql("SELECT value FROM plan_meta").fetchall() == [("abc123",)]
        command.downgrade(alembic_config(connection), "0003")
        assert connection.exec_driver_sql("SELECT count(*) FROM plan_meta").scalar() == 0
        upgrade(connection, "0004")
        fresh = connection.exec_driver_sql("SELECT value FROM plan_meta").scalar()
    engine.dispose()
    assert fresh is not None and fresh != "abc123" and len(fresh) == 32


def test_an_old_plan_opened_without_upgrading_has_no_plan_id_yet(
    plan_path: Path, plain_english: PlainEnglish
) -> None:
    make_plan_at_previous_revision(plan_path)
    plan = open_plan(plan_path, upgrade=False)
    with pytest.raises(PlanFileError) as caught:
        _ = plan.plan_id
    plan.close()
    plain_english(caught.value.message.replace(str(plan_path), "The plan"))


# --- plans in a database server -----------------------------------------------------------------


def read_database(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table of a plan database (its revision aside), as column-to-value maps."""
    found: dict[str, list[dict[str, Any]]] = {}
    with raw(url) as connection:
        for table in inspect(connection).get_table_names():
            if table != "alembic_version":
                found[table] = [
                    dict(row._mapping) for row in connection.execute(text(f'SELECT * FROM "{table}"'))
                ]
    return found


@SERVER_ONLY
@pytest.mark.parametrize("revision", OLDER)
def test_a_plan_database_of_an_older_revision_is_upgraded_with_every_row_kept(
    plan_target: str, revision: str
) -> None:
    with older_plan(plan_target, revision) as connection:
        fill_old_plan(connection, numbered_by_the_database=True)
    before = read_database(plan_target)
    assert all(before[table] for table in OLD_PLAN), "every table should hold a row"
    assert sorted(row["id"] for row in before["person"]) == [1, 2], "numbered as the rows refer to them"

    with raw(plan_target) as connection:
        upgrade(connection)

    assert scalar(plan_target, "SELECT version_num FROM alembic_version") == head_revision()
    after = read_database(plan_target)
    if not any(row["key"] == "plan_id" for row in before["plan_meta"]):
        (given,) = [row for row in after["plan_meta"] if row["key"] == "plan_id"]
        assert re.fullmatch(r"[0-9a-f]{32}", given["value"])
        after["plan_meta"].remove(given)
    for table, rows in before.items():
        kept = [{column: row[column] for column in rows[0]} for row in after[table]] if rows else after[table]
        assert sorted(kept, key=repr) == sorted(rows, key=repr), table
    assert all(not after[table] for table in after.keys() - before.keys()), "a new table starts empty"
    for table in ("function", "task_force"):
        assert all(row["name_key"] == name_key(row["name"]) for row in after[table])
    # Every table still numbers new rows past the ones kept, the rebuilt places too.
    plan = open_plan(plan_target)
    with plan.session(write=True) as session:
        place = ViewPositionRow(view="people:portfolio", node_key="person:2", x=1.0, y=2.0)
        legal = FunctionRow(name="Legal", colour="#000000")
        session.add_all([place, legal])
    plan.close()
    assert place.id == len(after["view_position"]) + 1
    assert legal.id == max(row["id"] for row in after["function"]) + 1


@SERVER_ONLY
def test_a_plan_database_upgraded_from_the_first_revision_matches_the_model(plan_target: str) -> None:
    with older_plan(plan_target, PREVIOUS) as connection:
        fill_old_plan(connection, numbered_by_the_database=True)
    with raw(plan_target) as connection:
        upgrade(connection)
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_the_places_migration_goes_back_and_forth_keeping_the_places(plan_target: str) -> None:
    places = [
        ("deliverables:task-force:1", "deliverable:2", 0.0, 7.0),
        ("people:portfolio", "person:1", 12.5, -4.0),
    ]
    listed = "SELECT view, node_key, x, y FROM view_position ORDER BY view"
    with older_plan(plan_target, "0003") as connection:
        fill_old_plan(connection, numbered_by_the_database=True)
        command.downgrade(alembic_config(connection), "0002")
        assert [tuple(row) for row in connection.execute(text(listed))] == places
        upgrade(connection, "0003")
        assert [tuple(row) for row in connection.execute(text(listed))] == places
