"""Passwords of plan databases: from PGPASSWORD, ~/.pgpass, the URL or the app, and never shown."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from smarket_planner import cli, services
from smarket_planner.domain.errors import PasswordNeededError
from smarket_planner.domain.records import EntityKind
from smarket_planner.storage import migrate
from tests.postgres_cluster import GuardedServer

pytestmark = pytest.mark.postgresql

RunCli = Callable[..., subprocess.CompletedProcess[str]]
PlainEnglish = Callable[[str], None]
WRONG = "Not-the-Password-42"


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {result.stderr!r}"
    assert lines[0].startswith("smarket-planner: ") and "Traceback" not in result.stderr
    return lines[0].removeprefix("smarket-planner: ")


def never_shown(text: str, guarded: GuardedServer) -> None:
    assert guarded.password not in text
    assert WRONG not in text


@pytest.fixture
def database(guarded: GuardedServer) -> Iterator[str]:
    """An empty database of the user who needs a password; its URL, without the password."""
    url = guarded.new_database()
    yield url
    guarded.cluster.drop_database(url)


@pytest.fixture
def plan_database(guarded: GuardedServer, database: str) -> str:
    """A small plan in the user's database, made through the services with the password given."""
    with services.new_plan(database, title="Guarded", password=guarded.password) as plan:
        services.create(plan, EntityKind.FUNCTION, name="Sales", colour="#1f77b4")
    return database


def test_the_app_passes_the_password_and_it_never_reaches_the_location(
    guarded: GuardedServer, plan_database: str
) -> None:
    with services.open_existing(plan_database, password=guarded.password) as plan:
        assert plan.location == plan_database
        assert plan.title == "Guarded"
        assert services.counts(plan)[EntityKind.FUNCTION] == 1
        never_shown(plan.location + plan.title + repr(plan.store.engine.url), guarded)


def test_a_password_in_the_url_is_taken_out_of_the_location(
    guarded: GuardedServer, plan_database: str
) -> None:
    name = plan_database.rsplit("/", 1)[1]

    with services.open_existing(guarded.url(name, guarded.password)) as plan:
        assert plan.location == plan_database
        assert services.counts(plan)[EntityKind.FUNCTION] == 1
    with services.open_existing(f"{plan_database}?password={guarded.password}") as plan:
        assert plan.location == plan_database
    # A password given by the app wins over one written in the URL.
    with services.open_existing(guarded.url(name, WRONG), password=guarded.password) as plan:
        assert plan.location == plan_database


@pytest.mark.parametrize("given", [None, WRONG])
def test_a_missing_or_wrong_password_is_refused_plainly(
    guarded: GuardedServer, plan_database: str, plain_english: PlainEnglish, given: str | None
) -> None:
    with pytest.raises(PasswordNeededError) as refused:
        services.open_existing(plan_database, password=given)

    message = str(refused.value)
    plain_english(message)
    never_shown(message, guarded)
    if given is None:
        assert message == (
            f"The database server 127.0.0.1:{guarded.cluster.port} asks for the password of "
            f"'{guarded.user}', and none was given."
        )
    else:
        assert message == (
            f"The database server 127.0.0.1:{guarded.cluster.port} refused the password given "
            f"for '{guarded.user}'."
        )


def test_a_new_plan_without_its_password_is_refused(
    guarded: GuardedServer, database: str, plain_english: PlainEnglish
) -> None:
    with pytest.raises(PasswordNeededError) as refused:
        services.new_plan(database, password=WRONG)

    plain_english(str(refused.value))
    never_shown(str(refused.value), guarded)
    with services.new_plan(database, password=guarded.password) as plan:
        assert plan.title == database.rsplit("/", 1)[1]


@pytest.mark.parametrize("command", ["check", "upgrade", "demo"])
def test_the_command_line_says_where_a_password_goes(
    run_cli: RunCli, guarded: GuardedServer, plan_database: str, plain_english: PlainEnglish, command: str
) -> None:
    missing = run_cli(command, plan_database)
    wrong = run_cli(command, plan_database, env={"PGPASSWORD": WRONG})
    wrong_in_url = run_cli(command, plan_database.replace("@", f":{WRONG}@"))

    for result in (missing, wrong, wrong_in_url):
        assert result.returncode == cli.EXIT_BAD_PLAN
        message = error_line(result)
        plain_english(message)
        assert message.endswith("Give it in the PGPASSWORD environment variable or in ~/.pgpass.")
        never_shown(result.stdout + result.stderr, guarded)
    assert "none was given" in error_line(missing)
    assert "refused the password" in error_line(wrong)
    assert "refused the password" in error_line(wrong_in_url)


def test_the_password_comes_from_pgpassword_pgpass_or_the_url(
    run_cli: RunCli, guarded: GuardedServer, plan_database: str, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    pgpass = home / ".pgpass"
    pgpass.write_text(f"127.0.0.1:{guarded.cluster.port}:*:{guarded.user}:{guarded.password}\n")
    pgpass.chmod(0o600)
    name = plan_database.rsplit("/", 1)[1]

    by_variable = run_cli("check", plan_database, env={"PGPASSWORD": guarded.password})
    by_file = run_cli("check", plan_database, env={"HOME": str(home)})
    by_url = run_cli("check", guarded.url(name, guarded.password))

    for result in (by_variable, by_file, by_url):
        assert result.returncode == cli.EXIT_OK, result.stderr
        assert f"Location:  {plan_database}\n" in result.stdout
        never_shown(result.stdout + result.stderr, guarded)


def test_demo_and_charters_side_by_side_with_a_password_in_the_url(
    run_cli: RunCli, guarded: GuardedServer, database: str, tmp_path: Path
) -> None:
    with_password = guarded.url(database.rsplit("/", 1)[1], guarded.password)

    made = run_cli("demo", with_password, "--today", "2026-11-23")
    printed = run_cli("charter", with_password, "--all", "-o", "charters", "--processes", "2")

    assert made.returncode == cli.EXIT_OK, made.stderr
    assert f" task forces to {database} in " in made.stdout
    assert printed.returncode == cli.EXIT_OK, printed.stderr
    assert "Wrote 5 of 5 charters to charters" in printed.stdout
    for result in (made, printed):
        never_shown(result.stdout + result.stderr, guarded)


def test_a_database_is_backed_up_and_copied_with_the_password_given(
    run_cli: RunCli, guarded: GuardedServer, plan_database: str, tmp_path: Path
) -> None:
    name = plan_database.rsplit("/", 1)[1]

    copied = run_cli("copy", guarded.url(name, guarded.password), "back.smplan")
    refused = run_cli("copy", "back.smplan", plan_database, env={"PGPASSWORD": guarded.password})

    assert copied.returncode == cli.EXIT_OK, copied.stderr
    assert f"from {plan_database} to back.smplan" in copied.stdout
    assert refused.returncode == cli.EXIT_BAD_PLAN
    assert "is not empty" in error_line(refused)
    for result in (copied, refused):
        never_shown(result.stdout + result.stderr, guarded)
    with services.open_existing(tmp_path / "back.smplan") as plan:
        assert plan.title == "Guarded"


def test_pg_dump_gets_the_password_of_the_url_and_the_backup_lands_here(
    run_cli: RunCli, guarded: GuardedServer, database: str, tmp_path: Path
) -> None:
    name = database.rsplit("/", 1)[1]
    engine = create_engine(guarded.url(name, guarded.password))
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0001")
        connection.execute(text("INSERT INTO plan_meta VALUES ('application', 'smarket_planner')"))
    engine.dispose()

    result = run_cli("upgrade", guarded.url(name, guarded.password))

    assert result.returncode == cli.EXIT_OK, result.stderr
    (backup,) = tmp_path.glob("*.dump")
    assert re.fullmatch(rf"{name}\.backup-\d{{8}}-\d{{6}}\.dump", backup.name)
    assert result.stdout.startswith(f"Backed up the plan to {backup}\nUpgraded the plan {database} ")
    never_shown(result.stdout + result.stderr, guarded)
