"""The migrations build exactly the schema the model describes."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from smarket_planner.storage import create_plan, migrate
from smarket_planner.storage.base import Base
from tests.storage.targets import raw


def test_migrations_from_nothing_match_the_model(plan_target: str) -> None:
    with raw(plan_target) as connection:
        migrate.upgrade(connection)
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_a_new_plan_has_the_same_tables_as_a_migrated_one(tmp_path: Path) -> None:
    migrated = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    with migrated.begin() as connection:
        migrate.upgrade(connection)
    store = create_plan(tmp_path / "new.smplan")
    try:
        for table in Base.metadata.sorted_tables:
            fresh = {c["name"] for c in inspect(store.engine).get_columns(table.name)}
            old = {c["name"] for c in inspect(migrated).get_columns(table.name)}
            assert fresh == old, table.name
        assert store.revision() == migrate.head_revision()
    finally:
        store.close()


def test_migrated_and_new_plans_never_reuse_ids(tmp_path: Path) -> None:
    migrated = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    with migrated.begin() as connection:
        migrate.upgrade(connection)
    store = create_plan(tmp_path / "new.smplan")
    try:
        for engine in (migrated, store.engine):
            with engine.connect() as connection:
                for table in Base.metadata.sorted_tables:
                    if "version" not in table.c:
                        continue
                    sql = connection.exec_driver_sql(
                        "SELECT sql FROM sqlite_master WHERE name = ?", (table.name,)
                    ).scalar_one()
                    assert "AUTOINCREMENT" in sql, table.name
    finally:
        store.close()
