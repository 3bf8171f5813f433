"""Every command on a plan in a PostgreSQL database, named by its URL where a plan path goes."""

from __future__ import annotations

import json
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from smarket_planner import cli, services
from smarket_planner.domain.records import EntityKind
from tests.postgres_cluster import Cluster

pytestmark = pytest.mark.postgresql

RunCli = Callable[..., subprocess.CompletedProcess[str]]
PlainEnglish = Callable[[str], None]
TODAY = "2026-11-23"


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a failed command writes to stderr, without the program's name."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {result.stderr!r}"
    assert lines[0].startswith("smarket-planner: ") and "Traceback" not in result.stderr
    return lines[0].removeprefix("smarket-planner: ")


def tables_of(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        return sorted(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.fixture
def database(postgres: Cluster) -> Iterator[str]:
    """An empty database on the test server."""
    url = postgres.new_database()
    yield url
    postgres.drop_database(url)


@pytest.fixture(scope="module")
def demo_database(postgres: Cluster) -> Iterator[str]:
    """The demo plan, written into a database by ``smarket-planner demo URL`` (read, never changed)."""
    url = postgres.new_database(prefix="demo")
    assert cli.main(["demo", url, "--today", TODAY]) == cli.EXIT_OK
    yield url
    postgres.drop_database(url)


def test_demo_writes_the_plan_into_an_empty_database(run_cli: RunCli, database: str) -> None:
    result = run_cli("demo", database, "--today", TODAY)

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert f"Wrote a plan of 40 people and 5 task forces to {database} in " in result.stdout
    with services.open_existing(database) as plan:
        assert plan.title == "Northwind Analytics — demo plan"
        assert plan.location == database
        assert services.counts(plan)[EntityKind.TASK_FORCE] == 5


def test_demo_or_new_into_a_database_that_is_not_empty_is_refused(
    run_cli: RunCli, demo_database: str, plain_english: PlainEnglish
) -> None:
    before = tables_of(demo_database)
    with services.open_existing(demo_database) as plan:
        people = services.counts(plan)[EntityKind.PERSON]

    for command in (["demo", demo_database, "--force"], ["new", demo_database]):
        result = run_cli(*command)

        assert result.returncode == cli.EXIT_BAD_PLAN
        message = error_line(result)
        plain_english(message)
        assert "is not empty; a new plan goes only into an empty database" in message
        assert "--force" not in message
    assert tables_of(demo_database) == before
    with services.open_existing(demo_database) as plan:
        assert services.counts(plan)[EntityKind.PERSON] == people


def test_new_makes_an_empty_plan_in_a_database(run_cli: RunCli, database: str) -> None:
    result = run_cli("new", database, "--title", "Group plan")

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert result.stdout == f"Created the plan 'Group plan' at {database}\n"
    with services.open_existing(database) as plan:
        assert plan.path is None
        assert all(number == 0 for number in services.counts(plan).values())


def test_check_reports_on_a_plan_in_a_database(run_cli: RunCli, demo_database: str) -> None:
    result = run_cli("check", demo_database, "--today", TODAY)

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert "Plan:      Northwind Analytics — demo plan" in result.stdout
    assert f"Location:  {demo_database}" in result.stdout
    assert "Integrity" not in result.stdout  # a file's health check; the server keeps its own
    assert "  Task forces" in result.stdout


def test_check_json_of_a_database_equals_that_of_the_same_plan_in_a_file(
    run_cli: RunCli, demo_database: str, tmp_path: Path
) -> None:
    run_cli("demo", "demo.smplan", "--today", TODAY)

    from_file = run_cli("check", "demo.smplan", "--json", "--today", TODAY)
    from_server = run_cli("check", demo_database, "--json", "--today", TODAY)

    assert from_server.returncode == from_file.returncode
    assert json.loads(from_server.stdout) == json.loads(from_file.stdout)


def test_charter_prints_from_a_plan_in_a_database(
    run_cli: RunCli, demo_database: str, tmp_path: Path
) -> None:
    one = run_cli("charter", demo_database, "--task-force", "DACH Market Entry", "-o", "dach.pdf")
    every = run_cli("charter", demo_database, "--all", "-o", "charters", "--processes", "2")

    assert one.returncode == cli.EXIT_OK, one.stderr
    assert (tmp_path / "dach.pdf").read_bytes().startswith(b"%PDF")
    assert every.returncode == cli.EXIT_OK, every.stderr
    assert "Wrote 5 of 5 charters to charters" in every.stdout
    assert len(list((tmp_path / "charters").glob("*.pdf"))) == 5


def test_export_and_import_move_a_plan_between_databases(
    run_cli: RunCli, demo_database: str, database: str, tmp_path: Path
) -> None:
    exported = run_cli("export", demo_database, "-o", "plan.json")
    made = run_cli("new", database)
    imported = run_cli("import", database, "plan.json")
    again = run_cli("export", database, "-o", "again.json")

    for result in (exported, made, imported, again):
        assert result.returncode == cli.EXIT_OK, result.stderr
    assert f"Imported plan.json into {database}: " in imported.stdout
    assert (tmp_path / "again.json").read_text() == (tmp_path / "plan.json").read_text()


def test_a_roster_goes_out_of_one_database_and_into_another(
    run_cli: RunCli, demo_database: str, database: str, tmp_path: Path
) -> None:
    sent = run_cli("roster", "export", demo_database, "people.csv")
    run_cli("new", database)
    brought = run_cli("roster", "import", database, "people.csv")

    assert sent.returncode == cli.EXIT_OK, sent.stderr
    assert sent.stdout == "Wrote 40 people to people.csv\n"
    assert brought.returncode == cli.EXIT_OK, brought.stderr
    assert "created 40 people" in brought.stdout
    with services.open_existing(database) as plan:
        assert services.counts(plan)[EntityKind.PERSON] == 40


def run_here(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command in this process: its exit code, what it printed and the line it failed with."""
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert len(lines) <= 1 and "Traceback" not in err, err
    return code, out, lines[0].removeprefix("smarket-planner: ") if lines else ""


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("mysql://ann:Hush-1@db.example.com/plans", "is not a PostgreSQL address"),
        ("postgresql+psycopg://ann:Hush-1@db.example.com:port/plans", "is not a database address"),
        ("postgresql+asyncpg://ann:Hush-1@db.example.com/plans", "asks for the driver 'asyncpg'"),
        ("postgresql+psycopg://ann:Hush-1@db.example.com:5432/", "names no database"),
        ("postgresql+pg8000://ann@db.example.com/plans?password=Hush-1", "asks for the driver 'pg8000'"),
    ],
)
def test_an_address_that_is_no_plan_database_is_refused_without_its_password(
    capsys: pytest.CaptureFixture[str], plain_english: PlainEnglish, address: str, said: str
) -> None:
    for command in (["check", address], ["demo", address], ["new", address], ["upgrade", address]):
        code, out, message = run_here(capsys, *command)

        assert code == cli.EXIT_BAD_PLAN, command
        plain_english(message)
        assert said in message
        assert "Hush-1" not in out + message
        assert "***" in message


def test_a_server_that_does_not_answer_is_named_plainly(
    capsys: pytest.CaptureFixture[str], plain_english: PlainEnglish, tmp_path: Path
) -> None:
    with socket.socket() as probe:  # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"postgresql+psycopg://ann:Hush-1@127.0.0.1:{port}/plans"

    for command in (["check", address], ["demo", address], ["copy", address, str(tmp_path / "out.smplan")]):
        code, _, message = run_here(capsys, *command)

        assert code == cli.EXIT_BAD_PLAN
        plain_english(message)
        assert message == (
            f"The database server 127.0.0.1:{port} cannot be reached; "
            "check the address and that the server is running."
        )
    assert list(tmp_path.iterdir()) == []


def test_a_missing_database_or_one_without_a_plan_is_refused(
    capsys: pytest.CaptureFixture[str], postgres: Cluster, database: str, plain_english: PlainEnglish
) -> None:
    missing = run_here(capsys, "check", postgres.url("no_such_plan"))
    empty = run_here(capsys, "check", database)
    stranger = run_here(capsys, "check", postgres.url("postgres").replace("postgres@", "nobody@"))

    for code, _, message in (missing, empty, stranger):
        assert code == cli.EXIT_BAD_PLAN
        plain_english(message)
    assert missing[2] == f"There is no database 'no_such_plan' on the server 127.0.0.1:{postgres.port}."
    assert empty[2] == f"The database {database} holds no smarket_planner plan."
    assert stranger[2] == f"The database server 127.0.0.1:{postgres.port} has no user 'nobody'."
    assert tables_of(database) == []
