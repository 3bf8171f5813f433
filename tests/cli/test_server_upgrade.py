"""``smarket-planner upgrade``: a shared plan is upgraded only when asked, after a pg_dump backup."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from smarket_planner import cli, services
from smarket_planner.domain.errors import PlanNeedsUpgradeError
from smarket_planner.domain.records import EntityKind
from smarket_planner.storage import migrate
from smarket_planner.storage.plan_file import APPLICATION_ID
from tests.postgres_cluster import Cluster

pytestmark = pytest.mark.postgresql

RunCli = Callable[..., subprocess.CompletedProcess[str]]
PlainEnglish = Callable[[str], None]
FIRST = "0001"  # the first release's schema, made by Alembic from nothing


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {result.stderr!r}"
    assert lines[0].startswith("smarket-planner: ") and "Traceback" not in result.stderr
    return lines[0].removeprefix("smarket-planner: ")


def revision_of(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return migrate.current_revision(connection)
    finally:
        engine.dispose()


@pytest.fixture
def older(postgres: Cluster) -> Iterator[str]:
    """A plan database as the first release made it: schema 0001, with two functions in it."""
    url = postgres.new_database(prefix="first")
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), FIRST)
        meta = "INSERT INTO plan_meta VALUES ('application', 'smarket_planner'), ('title', 'Old')"
        connection.execute(text(meta))
        connection.execute(
            text(
                "INSERT INTO function (name, colour, description, version, created_at, changed_at, "
                "changed_by) VALUES ('Sales', '#1f77b4', '', 1, now(), now(), 'ann'),"
                " ('Marketing', '#ff7f0e', '', 1, now(), now(), 'ann')"
            )
        )
    engine.dispose()
    yield url
    postgres.drop_database(url)


def test_a_database_at_an_older_schema_is_refused_on_opening_and_left_as_it_was(
    run_cli: RunCli, older: str, plain_english: PlainEnglish
) -> None:
    result = run_cli("check", older)

    assert result.returncode == cli.EXIT_BAD_PLAN
    message = error_line(result)
    plain_english(message)
    assert f"is at schema {FIRST}, older than this version works with" in message
    assert message.endswith(f"Back it up, then run 'smarket-planner upgrade {older}'.")
    with pytest.raises(PlanNeedsUpgradeError):
        services.open_existing(older, upgrade=True)
    assert revision_of(older) == FIRST


def test_the_upgrade_command_names_the_address_without_a_password(older: str) -> None:
    with_password = older.replace("postgres@", "postgres:Trusted-anyway@")

    with pytest.raises(PlanNeedsUpgradeError) as refused:
        services.open_existing(with_password)

    assert f"'smarket-planner upgrade {older}'" in str(refused.value)
    assert "Trusted-anyway" not in str(refused.value)


def test_upgrade_backs_the_database_up_with_pg_dump_then_upgrades_it(
    run_cli: RunCli, postgres: Cluster, older: str, tmp_path: Path
) -> None:
    (tmp_path / "backups").mkdir()
    name = older.rsplit("/", 1)[1]

    result = run_cli("upgrade", older, "--backup-dir", "backups")

    assert result.returncode == cli.EXIT_OK, result.stderr
    (backup,) = (tmp_path / "backups").iterdir()
    assert re.fullmatch(rf"{name}\.backup-\d{{8}}-\d{{6}}\.dump", backup.name)
    assert backup.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    assert result.stdout == (
        f"Backed up the plan to backups/{backup.name}\n"
        f"Upgraded the plan {older} from schema {FIRST} to {migrate.head_revision()}.\n"
    )
    assert revision_of(older) == migrate.head_revision()
    with services.open_existing(older) as plan:
        assert services.counts(plan)[EntityKind.FUNCTION] == 2
        assert re.fullmatch("[0-9a-f]{32}", plan.plan_id)  # given by the upgrade
    # The backup holds the plan as it was before the upgrade.
    restored = postgres.new_database(prefix="restored")
    subprocess.run(
        ["pg_restore", f"--dbname={restored.replace('postgresql+psycopg', 'postgresql')}", str(backup)],
        check=True,
        capture_output=True,
    )
    assert revision_of(restored) == FIRST
    postgres.drop_database(restored)


def test_upgrade_of_a_database_at_the_newest_schema_changes_nothing(
    run_cli: RunCli, older: str, tmp_path: Path
) -> None:
    assert run_cli("upgrade", older, "--no-backup").returncode == cli.EXIT_OK

    again = run_cli("upgrade", older)

    assert again.returncode == cli.EXIT_OK
    assert again.stdout == (
        f"The plan {older} is already up to date (schema {migrate.head_revision()}); nothing was changed.\n"
    )
    assert list(tmp_path.glob("*.dump")) == []


def test_without_pg_dump_the_upgrade_is_refused_and_says_how(
    run_cli: RunCli, older: str, tmp_path: Path, plain_english: PlainEnglish
) -> None:
    nowhere = tmp_path / "empty-path"
    nowhere.mkdir()

    result = run_cli("upgrade", older, env={"PATH": str(nowhere)})

    assert result.returncode == cli.EXIT_BAD_PLAN
    message = error_line(result)
    plain_english(message)
    assert "pg_dump, which is not installed" in message
    assert "apt-get install postgresql-client" in message
    assert "--no-backup" in message
    assert revision_of(older) == FIRST
    assert not list(tmp_path.glob("*.dump"))


def test_no_backup_upgrades_without_a_dump(run_cli: RunCli, older: str, tmp_path: Path) -> None:
    result = run_cli("upgrade", older, "--no-backup", env={"PATH": str(tmp_path)})

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert result.stdout == f"Upgraded the plan {older} from schema {FIRST} to {migrate.head_revision()}.\n"
    assert revision_of(older) == migrate.head_revision()
    assert not list(tmp_path.glob("*.dump"))


def test_a_database_of_a_newer_release_is_refused(
    run_cli: RunCli, postgres: Cluster, older: str, plain_english: PlainEnglish
) -> None:
    postgres.sql("UPDATE alembic_version SET version_num = '9999'", older.rsplit("/", 1)[1])

    for result in (run_cli("check", older), run_cli("upgrade", older)):
        assert result.returncode == cli.EXIT_BAD_PLAN
        message = error_line(result)
        plain_english(message)
        assert "was written by a newer smarket_planner (schema 9999)" in message


def test_upgrade_of_a_plan_file_backs_it_up_beside_itself(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "old.smplan"
    path.touch(mode=0o600)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        migrate.upgrade(connection, FIRST)
        connection.exec_driver_sql("INSERT INTO plan_meta VALUES ('application', 'smarket_planner')")
    engine.dispose()

    refused = run_cli("upgrade", "old.smplan", "--no-backup")
    done = run_cli("upgrade", "old.smplan")
    again = run_cli("upgrade", "old.smplan")

    assert refused.returncode == cli.EXIT_USAGE
    assert "a plan file is always backed up beside itself" in refused.stderr
    assert done.returncode == cli.EXIT_OK, done.stderr
    (backup,) = tmp_path.glob("old.backup-*.smplan")
    assert done.stdout == (
        f"Backed up the plan to {backup.name}\n"
        f"Upgraded the plan old.smplan from schema {FIRST} to {migrate.head_revision()}.\n"
    )
    with sqlite3.connect(backup) as kept:
        assert kept.execute("SELECT version_num FROM alembic_version").fetchone() == (FIRST,)
    assert again.stdout.startswith("The plan old.smplan is already up to date")


def test_a_missing_backup_folder_is_said_before_anything_is_done(run_cli: RunCli, older: str) -> None:
    result = run_cli("upgrade", older, "--backup-dir", "no-such-folder")

    assert result.returncode == cli.EXIT_FAILED
    assert error_line(result) == "The folder no-such-folder does not exist."
    assert revision_of(older) == FIRST
