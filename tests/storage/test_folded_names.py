"""One name in any case and any script: the plan itself keeps a function's or a task force's name once,
whichever way it is written, and an older plan holding two such names is upgraded, not lost."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from alembic import command
from sqlalchemy import exc, insert, inspect, select, text, update

from smarket_planner.domain.enums import LifecycleStatus, TaskForceKind
from smarket_planner.domain.errors import DuplicateError
from smarket_planner.domain.rules import name_key
from smarket_planner.storage import PlanStore, create_plan
from smarket_planner.storage.migrate import alembic_config, head_revision, upgrade
from smarket_planner.storage.model import FunctionRow, TaskForceRow
from tests.storage.targets import older_plan, open_upgraded, raw, rows

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
STAMPED = "created_at, changed_at, changed_by, version"
# A row written by hand, past the program: the key given as whoever wrote it worked it out.
RAW_INSERT = {
    "function": f"INSERT INTO function (name, name_key, colour, description, {STAMPED}) "
    f"VALUES (:name, :key, '#112233', '', {STAMP})",
    "task_force": "INSERT INTO task_force (name, name_key, kind, status, objective, why, rhythm_label, "
    f"{STAMPED}) VALUES (:name, :key, 'campaign', 'active', '', '', '', {STAMP})",
}


@pytest.fixture
def store(plan_target: str) -> Iterator[PlanStore]:
    """A new, empty plan on the back-end under test, closed after the test."""
    made = create_plan(plan_target)
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


@pytest.mark.parametrize("table", list(RAW_INSERT))
@pytest.mark.parametrize(("first", "second"), TWINS[:3])
def test_the_database_itself_refuses_a_name_alike_written_around_the_program(
    store: PlanStore, table: str, first: str, second: str
) -> None:
    """Raw SQL on a connection of its own: no look-up, default or hook of the program is in the way."""
    with raw(store.location) as connection:
        connection.execute(text(RAW_INSERT[table]), {"name": first, "key": name_key(first)})
    clash = f"{table}.name_key|uq_{table}_name_key"
    with pytest.raises(exc.IntegrityError, match=clash), raw(store.location) as connection:
        connection.execute(text(RAW_INSERT[table]), {"name": second, "key": name_key(second)})
    assert rows(store.location, f"SELECT name, name_key FROM {table}") == [(first, name_key(first))]


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


def _plan_at(target: str, revision: str, functions: list[str], task_forces: list[str]) -> None:
    """A plan as an older release wrote it, holding the names given (alike or not)."""
    with older_plan(target, revision) as connection:
        connection.exec_driver_sql(
            "INSERT INTO plan_meta (key, value) VALUES ('application', 'smarket_planner')"
        )
        for table, names in (("function", functions), ("task_force", task_forces)):
            unfolded = RAW_INSERT[table].replace("name_key, ", "").replace(":key, ", "")
            for name in names:
                connection.execute(text(unfolded), {"name": name})


def _names(target: str, table: str) -> list[tuple[str, str]]:
    return rows(target, f"SELECT name, name_key FROM {table} ORDER BY id")


def test_an_older_plan_gets_its_names_folded_on_opening(plan_target: str) -> None:
    _plan_at(plan_target, "0004", ["Sales", "Österreich"], ["Ωmega Launch"])
    plan = open_upgraded(plan_target)
    assert plan.revision() == head_revision()
    assert (plan.backup is not None) == (plan.path is not None)  # a file is backed up; a server, by its owner
    plan.close()
    assert _names(plan_target, "function") == [("Sales", "sales"), ("Österreich", "österreich")]
    assert _names(plan_target, "task_force") == [("Ωmega Launch", "ωmega launch")]


def test_an_older_plan_with_two_names_alike_is_upgraded_with_the_later_one_numbered(plan_target: str) -> None:
    functions = ["Marketing", "Sales", "MARKETING", "marketing (2)", "marketing"]
    _plan_at(plan_target, "0001", functions, ["Ωmega", "ωmega", "Звезда", "ЗВЕЗДА"])
    plan = open_upgraded(plan_target)
    plan.close()
    assert [name for name, _ in _names(plan_target, "function")] == [
        "Marketing",
        "Sales",
        "MARKETING (3)",
        "marketing (2)",
        "marketing (4)",
    ]
    assert [name for name, _ in _names(plan_target, "task_force")] == [
        "Ωmega",
        "ωmega (2)",
        "Звезда",
        "ЗВЕЗДА (2)",
    ]
    for table in ("function", "task_force"):
        assert all(key == name_key(name) for name, key in _names(plan_target, table))
    renamed = rows(plan_target, "SELECT version, changed_by FROM function WHERE name = 'MARKETING (3)'")
    assert renamed == [(2, "upgrade")]


def test_an_upgraded_plan_never_gives_a_removed_function_s_id_again(plan_target: str) -> None:
    _plan_at(plan_target, "0004", ["Sales", "Marketing", "Legal"], ["Launch", "Retire"])
    with raw(plan_target) as connection:
        connection.exec_driver_sql("DELETE FROM function WHERE name IN ('Marketing', 'Legal')")
        connection.exec_driver_sql("DELETE FROM task_force WHERE name = 'Retire'")
    plan = open_upgraded(plan_target)
    with plan.session(write=True) as session:
        session.execute(insert(FunctionRow), [{"name": "Legal", "colour": "#112233"}])
        session.add(_task_force("Retire"))
    with plan.session() as session:
        assert session.scalars(select(FunctionRow.id).order_by(FunctionRow.id)).all() == [1, 4]
        assert session.scalars(select(TaskForceRow.id).order_by(TaskForceRow.id)).all() == [1, 3]
    plan.close()


def test_the_folded_names_migration_goes_back_cleanly(plan_target: str) -> None:
    _plan_at(plan_target, "0004", ["Sales"], ["Launch"])
    with raw(plan_target) as connection:
        upgrade(connection, "0005")
        command.downgrade(alembic_config(connection), "0004")
        assert "name_key" not in {column["name"] for column in inspect(connection).get_columns("function")}
        assert connection.exec_driver_sql("SELECT name FROM function").scalars().all() == ["Sales"]
        upgrade(connection, head_revision())
    assert _names(plan_target, "function") == [("Sales", "sales")]
