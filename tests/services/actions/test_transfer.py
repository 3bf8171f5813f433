"""The services that move a plan between a file and a shared database, and upgrade an older plan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from smarket_planner import services
from smarket_planner.domain.errors import PlanExistsError, PlanFileError
from smarket_planner.domain.records import EntityKind
from smarket_planner.storage import migrate
from tests.postgres_cluster import Cluster

K = EntityKind


@pytest.fixture
def small_plan(tmp_path: Path) -> Path:
    """A plan with two functions and a person, the second function removed again."""
    path = tmp_path / "small.smplan"
    with services.new_plan(path, title="Small") as plan:
        sales = services.create(plan, K.FUNCTION, name="Sales", colour="#1f77b4").value
        spare = services.create(plan, K.FUNCTION, name="Spare", colour="#ff7f0e").value
        services.create(plan, K.PERSON, name="Ann Lee", function_id=sales.id, email="ann@example.com")
        services.delete(plan, K.FUNCTION, spare.id)
    return path


@pytest.fixture
def database(postgres: Cluster) -> Iterator[str]:
    url = postgres.new_database()
    yield url
    postgres.drop_database(url)


def test_a_copy_to_a_new_file_gets_the_plan_ending_and_keeps_ids(small_plan: Path, tmp_path: Path) -> None:
    copied = services.copy_plan(small_plan, tmp_path / "copy")

    assert copied.target == str(tmp_path / "copy.smplan")
    assert copied.rows["function"] == 1 and copied.rows["person"] == 1
    with services.open_existing(tmp_path / "copy.smplan") as plan:
        (sales,) = services.find(plan, K.FUNCTION)
        assert (sales.name, sales.id) == ("Sales", 1)
        # The removed function's id is never handed out again, in the copy as in the original.
        assert services.create(plan, K.FUNCTION, name="Legal", colour="#2ca02c").value.id == 3
        assert plan.title == "Small"


def test_a_copy_refuses_a_file_already_there(small_plan: Path, tmp_path: Path) -> None:
    (tmp_path / "taken.smplan").write_text("taken")

    with pytest.raises(PlanExistsError):
        services.copy_plan(small_plan, tmp_path / "taken")
    with pytest.raises(PlanExistsError):
        services.check_new_place(tmp_path / "taken")
    assert (tmp_path / "taken.smplan").read_text() == "taken"


@pytest.mark.postgresql
def test_a_plan_copied_into_a_database_is_worked_on_like_any_other(small_plan: Path, database: str) -> None:
    services.copy_plan(small_plan, database)

    with services.open_existing(database) as plan:
        assert plan.location == database
        (ann,) = services.find(plan, K.PERSON)
        assert ann.version == 1
        changed = services.update(plan, K.PERSON, ann.id, title="Head of sales").value
        assert changed.version == 2
        legal = services.create(plan, K.FUNCTION, name="Legal", colour="#2ca02c").value
        assert legal.id == 3
    with pytest.raises(PlanFileError, match="is not empty"):
        services.check_new_place(database)


def test_upgrading_a_plan_file_at_the_newest_schema_changes_nothing(small_plan: Path) -> None:
    before = small_plan.read_bytes()

    done = services.upgrade_plan(small_plan)

    assert not done.changed
    assert done.backup is None
    assert done.before == done.after == migrate.head_revision()
    assert small_plan.read_bytes() == before


@pytest.mark.postgresql
def test_upgrading_an_older_database_backs_it_up_first(database: str, tmp_path: Path) -> None:
    engine = create_engine(database)
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0001")
        connection.execute(text("INSERT INTO plan_meta VALUES ('application', 'smarket_planner')"))
    engine.dispose()

    done = services.upgrade_plan(database, backup_dir=tmp_path)

    assert done.changed
    assert (done.before, done.after) == ("0001", migrate.head_revision())
    assert done.backup is not None and done.backup.parent == tmp_path
    assert done.backup.read_bytes().startswith(b"PGDMP")
    with services.open_existing(database) as plan:
        assert plan.store.revision() == migrate.head_revision()
