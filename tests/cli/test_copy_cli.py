"""``smarket-planner copy``: a plan file into an empty database and back, the same plan at both ends."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from smarket_planner import cli, services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain.records import EntityKind
from smarket_planner.storage import migrate
from smarket_planner.storage.plan_file import APPLICATION_ID
from tests.postgres_cluster import Cluster

pytestmark = pytest.mark.postgresql

RunCli = Callable[..., subprocess.CompletedProcess[str]]
PlainEnglish = Callable[[str], None]
Snapshot = Callable[[Path], dict[str, str]]


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {result.stderr!r}"
    assert lines[0].startswith("smarket-planner: ") and "Traceback" not in result.stderr
    return lines[0].removeprefix("smarket-planner: ")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("copy") / "demo.smplan"
    generate_demo(path, today=date(2026, 11, 23))
    return path


@pytest.fixture
def database(postgres: Cluster) -> Iterator[str]:
    url = postgres.new_database()
    yield url
    postgres.drop_database(url)


def test_a_plan_goes_to_a_database_and_back_and_exports_the_same(
    run_cli: RunCli, demo_file: Path, database: str, tmp_path: Path, snapshot: Snapshot
) -> None:
    before = snapshot(demo_file.parent)

    there = run_cli("copy", str(demo_file), database)
    back = run_cli("copy", database, "back.smplan")
    ends = ((str(demo_file), "source.json"), (database, "server.json"), ("back.smplan", "back.json"))
    exports = [run_cli("export", plan, "--format", "json", "-o", out) for plan, out in ends]

    assert there.returncode == cli.EXIT_OK, there.stderr
    assert there.stdout.startswith(
        f"Copied the plan 'Northwind Analytics — demo plan' from {demo_file} to {database}: 587 rows in "
    )
    assert back.returncode == cli.EXIT_OK, back.stderr
    assert f"from {database} to back.smplan: 587 rows in " in back.stdout
    assert all(result.returncode == cli.EXIT_OK for result in exports)
    source = (tmp_path / "source.json").read_bytes()
    assert (tmp_path / "server.json").read_bytes() == source
    assert (tmp_path / "back.json").read_bytes() == source
    assert snapshot(demo_file.parent) == before


def test_a_copy_into_a_database_that_is_not_empty_is_refused(
    run_cli: RunCli, demo_file: Path, database: str, plain_english: PlainEnglish
) -> None:
    assert run_cli("copy", str(demo_file), database).returncode == cli.EXIT_OK

    again = run_cli("copy", str(demo_file), database, "--force")

    assert again.returncode == cli.EXIT_BAD_PLAN
    plain_english(error_line(again))
    assert "is not empty" in error_line(again)
    with services.open_existing(database) as plan:
        assert services.counts(plan)[EntityKind.PERSON] == 40


def test_an_existing_file_is_replaced_only_with_force(
    run_cli: RunCli, demo_file: Path, database: str, tmp_path: Path
) -> None:
    run_cli("copy", str(demo_file), database)
    (tmp_path / "plan.smplan").write_text("keep me")

    refused = run_cli("copy", database, "plan.smplan")
    forced = run_cli("copy", database, "plan.smplan", "--force")

    assert refused.returncode == cli.EXIT_BAD_PLAN
    assert error_line(refused) == (  # as for a new plan on an existing file
        "plan.smplan already exists; choose another name. Add --force to replace it."
    )
    assert forced.returncode == cli.EXIT_OK, forced.stderr
    with services.open_existing(tmp_path / "plan.smplan") as plan:
        assert services.counts(plan)[EntityKind.PERSON] == 40


def test_a_new_file_gets_the_plan_ending_when_it_has_none(
    run_cli: RunCli, demo_file: Path, database: str, tmp_path: Path
) -> None:
    run_cli("copy", str(demo_file), database)

    result = run_cli("copy", database, "plain")

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert (tmp_path / "plain.smplan").is_file()


def test_an_older_plan_file_is_copied_from_an_upgraded_copy_and_left_as_it_was(
    run_cli: RunCli, database: str, tmp_path: Path, snapshot: Snapshot
) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    old = folder / "old.smplan"
    old.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        migrate.upgrade(connection, "0001")
        connection.exec_driver_sql("INSERT INTO plan_meta VALUES ('application', 'smarket_planner')")
    engine.dispose()
    before = snapshot(folder)

    result = run_cli("copy", str(old), database)

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert result.stdout.splitlines()[1] == (
        f"{old} was written by an older version: an upgraded copy of it was read, "
        "and the file itself was left as it was."
    )
    assert snapshot(folder) == before
    with services.open_existing(database) as plan:
        assert plan.store.revision() == migrate.head_revision()


def test_a_plan_is_not_copied_onto_itself(
    run_cli: RunCli, demo_file: Path, plain_english: PlainEnglish
) -> None:
    result = run_cli("copy", str(demo_file), str(demo_file), "--force")

    assert result.returncode == cli.EXIT_BAD_PLAN
    plain_english(error_line(result))
    assert error_line(result) == "A plan cannot be copied onto itself; give another place for the copy."
