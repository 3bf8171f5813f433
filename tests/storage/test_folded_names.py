"""One name in any case and any script: the plan file itself keeps a function's or a task force's name
once, whichever way it is written, and an older plan holding two such names is upgraded, not lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, insert, select, update

from smarket_planner.domain.enums import LifecycleStatus, TaskForceKind
from smarket_planner.domain.errors import DuplicateError
from smarket_planner.domain.rules import name_key
from smarket_planner.storage import PlanStore, create_plan, open_plan
from smarket_planner.storage.migrate import alembic_config, head_revision, upgrade
from smarket_planner.storage.model import FunctionRow, TaskForceRow
from smarket_planner.storage.plan_file import APPLICATION_ID

PlainEnglish = Callable[[str], None]

# The same name twice, as two people might type it: Latin with accents, Greek, Cyrillic, spacing.
TWINS = [
    ("Österreich Launch", "ÖSTERREICH LAUNCH"),
    ("Ωmega", "ωMEGA"),
    ("Звезда", "ЗВЕЗДА"),
    ("Straße Nord", "STRASSE  nord"),
    ("Cafe\u0301 Team", "CAFÉ TEAM"),  # composed or not
]
STAMP = "'2026-01-05 09:00:00.000000', '2026-01-05 09:00:00.000000', 'ann', 1"


@pytest.fixture
def store(plan_path: Path) -> Iterator[PlanStore]:
    """A new, empty plan file, closed after the test."""
    made = create_plan(plan_path)
    yield made
    made.close()


def _task_force(name: str) -> TaskForceRow:
    return TaskForceRow(name=name, kind=TaskForceKind.CAMPAIGN, status=LifecycleStatus.PROPOSED)


def _stored(store: PlanStore, row: type[FunctionRow] | type[TaskForceRow]) -> list[tuple[str, str]]:
    with store.session() as session:
        return [tuple(found) for found in session.execute(select(row.name, row.name_key).order_by(row.id))]


@pytest.mark.parametrize(("first", "second"), TWINS)
def test_the_plan_refuses_a_second_function_written_straight_into_it(
    store: PlanStore, first: str, second: str, plain_english: PlainEnglish
) -> None:
    with store.session(write=True) as session:
        session.execute(insert(FunctionRow), [{"name": first, "colour": "#112233"}])
    with pytest.raises(DuplicateError) as refused, store.session(write=True) as session:
        session.execute(insert(FunctionRow), [{"name": second, "colour": "#445566"}])
    plain_english(refused.value.message)
    assert f"There is already a function called '{first}'." == refused.value.message
    assert _stored(store, FunctionRow) == [(first, name_key(first))]


@pytest.mark.parametrize(("first", "second"), TWINS)
def test_the_plan_refuses_a_second_task_force_added_as_an_object(
    store: PlanStore, first: str, second: str, plain_english: PlainEnglish
) -> None:
    with store.session(write=True) as session:
        session.add(_task_force(first))
    with pytest.raises(DuplicateError) as refused, store.session(write=True) as session:
        session.add(_task_force(second))
    plain_english(refused.value.message)
    assert _stored(store, TaskForceRow) == [(first, name_key(first))]


def test_two_names_alike_in_one_bulk_insert_are_refused_together(store: PlanStore) -> None:
    rows = [{"name": "Ωmega", "colour": "#112233"}, {"name": "Alpha", "colour": "#000000"}]
    rows.append({"name": "ΩMEGA", "colour": "#445566"})
    with pytest.raises(DuplicateError), store.session(write=True) as session:
        session.execute(insert(FunctionRow), rows)
    assert _stored(store, FunctionRow) == []


def test_many_rows_inserted_at_once_each_get_their_own_key(store: PlanStore) -> None:
    names = ["Sales", "Marketing", "Ωmega", "Звезда", "Österreich"]
    with store.session(write=True) as session:
        session.execute(insert(FunctionRow), [{"name": name, "colour": "#112233"} for name in names])
    assert _stored(store, FunctionRow) == [(name, name_key(name)) for name in names]


def test_a_renamed_task_force_is_known_by_its_new_name_only(store: PlanStore) -> None:
    with store.session(write=True) as session:
        session.add(_task_force("Alpha"))
    with store.session(write=True) as session:
        alpha = session.scalars(select(TaskForceRow)).one()
        alpha.name = "Beta"
    assert _stored(store, TaskForceRow) == [("Beta", "beta")]
    with pytest.raises(DuplicateError), store.session(write=True) as session:
        session.add(_task_force("BETA"))
    with store.session(write=True) as session:
        session.add(_task_force("ALPHA"))
    assert _stored(store, TaskForceRow) == [("Beta", "beta"), ("ALPHA", "alpha")]


def test_a_function_renamed_in_bulk_is_known_by_its_new_name_only(store: PlanStore) -> None:
    with store.session(write=True) as session:
        session.execute(insert(FunctionRow), [{"name": "Alpha", "colour": "#112233"}])
    with store.session(write=True) as session:
        session.execute(update(FunctionRow).where(FunctionRow.name == "Alpha").values(name="Ωmega"))
    assert _stored(store, FunctionRow) == [("Ωmega", "ωmega")]
    with pytest.raises(DuplicateError), store.session(write=True) as session:
        session.execute(insert(FunctionRow), [{"name": "ΩMEGA", "colour": "#445566"}])


def test_a_change_that_leaves_the_name_alone_keeps_its_key(store: PlanStore) -> None:
    with store.session(write=True) as session:
        session.add(_task_force("Österreich Launch"))
        session.execute(insert(FunctionRow), [{"name": "Звезда", "colour": "#112233"}])
    with store.session(write=True) as session:
        session.scalars(select(TaskForceRow)).one().objective = "Launch in Austria"
        session.execute(update(FunctionRow).values(colour="#000000"))
    assert _stored(store, TaskForceRow) == [("Österreich Launch", "österreich launch")]
    assert _stored(store, FunctionRow) == [("Звезда", "звезда")]


# --- plans written before names were kept folded -----------------------------------------------


def _plan_at(path: Path, revision: str, functions: list[str], task_forces: list[str]) -> None:
    """A plan as an older release wrote it, holding the names given (alike or not)."""
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        upgrade(connection, revision)
        for name in functions:
            connection.exec_driver_sql(
                "INSERT INTO function (name, colour, description, created_at, changed_at, changed_by, "
                f"version) VALUES (?, '#112233', '', {STAMP})",
                (name,),
            )
        for name in task_forces:
            connection.exec_driver_sql(
                "INSERT INTO task_force (name, kind, status, objective, why, rhythm_label, created_at, "
                f"changed_at, changed_by, version) VALUES (?, 'campaign', 'active', '', '', '', {STAMP})",
                (name,),
            )
    engine.dispose()


def _names(path: Path, table: str) -> list[tuple[str, str]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT name, name_key FROM {table} ORDER BY id").fetchall()
    finally:
        connection.close()


def test_an_older_plan_gets_its_names_folded_on_opening(plan_path: Path) -> None:
    _plan_at(plan_path, "0004", ["Sales", "Österreich"], ["Ωmega Launch"])
    plan = open_plan(plan_path)
    assert plan.revision() == head_revision() and plan.backup is not None
    plan.close()
    assert _names(plan_path, "function") == [("Sales", "sales"), ("Österreich", "österreich")]
    assert _names(plan_path, "task_force") == [("Ωmega Launch", "ωmega launch")]


def test_an_older_plan_with_two_names_alike_is_upgraded_with_the_later_one_numbered(
    plan_path: Path,
) -> None:
    functions = ["Marketing", "Sales", "MARKETING", "marketing (2)", "marketing"]
    _plan_at(plan_path, "0001", functions, ["Ωmega", "ωmega", "Звезда", "ЗВЕЗДА"])
    plan = open_plan(plan_path)
    plan.close()
    assert [name for name, _ in _names(plan_path, "function")] == [
        "Marketing",
        "Sales",
        "MARKETING (3)",
        "marketing (2)",
        "marketing (4)",
    ]
    assert [name for name, _ in _names(plan_path, "task_force")] == [
        "Ωmega",
        "ωmega (2)",
        "Звезда",
        "ЗВЕЗДА (2)",
    ]
    for table in ("function", "task_force"):
        assert all(key == name_key(name) for name, key in _names(plan_path, table))


def test_an_upgraded_plan_never_gives_a_removed_function_s_id_again(plan_path: Path) -> None:
    _plan_at(plan_path, "0004", ["Sales", "Marketing", "Legal"], ["Launch", "Retire"])
    connection = sqlite3.connect(plan_path)
    with connection:
        connection.execute("DELETE FROM function WHERE name IN ('Marketing', 'Legal')")
        connection.execute("DELETE FROM task_force WHERE name = 'Retire'")
    connection.close()
    plan = open_plan(plan_path)
    with plan.session(write=True) as session:
        session.execute(insert(FunctionRow), [{"name": "Legal", "colour": "#112233"}])
        session.add(_task_force("Retire"))
    with plan.session() as session:
        assert session.scalars(select(FunctionRow.id).order_by(FunctionRow.id)).all() == [1, 4]
        assert session.scalars(select(TaskForceRow.id).order_by(TaskForceRow.id)).all() == [1, 3]
    plan.close()


def test_the_folded_names_migration_goes_back_cleanly(plan_path: Path) -> None:
    _plan_at(plan_path, "0004", ["Sales"], ["Launch"])
    engine = create_engine(f"sqlite:///{plan_path}")
    with engine.begin() as connection:
        upgrade(connection, head_revision())
        command.downgrade(alembic_config(connection), "0004")
        columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(function)")]
        assert "name_key" not in columns
        assert connection.exec_driver_sql("SELECT name FROM function").scalars().all() == ["Sales"]
        upgrade(connection, head_revision())
    engine.dispose()
    assert _names(plan_path, "function") == [("Sales", "sales")]
