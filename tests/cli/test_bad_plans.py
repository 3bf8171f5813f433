"""``smarket-planner check`` on files that are not usable plans: one line, exit 3, nothing touched."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from smarket_planner import cli, services
from smarket_planner.domain.records import EntityKind
from smarket_planner.storage import migrate
from smarket_planner.storage.plan_file import APPLICATION_ID

RunCli = Callable[..., subprocess.CompletedProcess[str]]
Snapshot = Callable[[Path], dict[str, str]]
PEOPLE = 500


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def big_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real plan of 500 people, closed: one file with no write-ahead log beside it."""
    path = tmp_path_factory.mktemp("big") / "big.smplan"
    with services.new_plan(path) as plan:
        sales = services.create(plan, EntityKind.FUNCTION, name="Sales", colour="#1f77b4").value
        services.create(plan, EntityKind.PERSON, name="Person 0", function_id=sales.id)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO person (name, function_id, title, email, location, capacity_pct, "
            "version, created_at, changed_at, changed_by) "
            "SELECT 'Person ' || i, function_id, 'Account executive', 'p' || i || '@example.org', "
            "'Berlin', capacity_pct, version, created_at, changed_at, changed_by "
            "FROM n, person WHERE person.id = 1",
            (PEOPLE - 1,),
        )
    connection.close()
    with services.open_existing(path) as plan:
        assert services.counts(plan)[EntityKind.PERSON] == PEOPLE
    assert not Path(f"{path}-wal").exists()
    return path


def empty_file(folder: Path, _big: Path) -> Path:
    path = folder / "empty.smplan"
    path.touch()
    return path


def random_bytes(folder: Path, _big: Path) -> Path:
    path = folder / "noise.smplan"
    path.write_bytes(os.urandom(64 * 1024))
    return path


def first_half(folder: Path, big: Path, name: str = "half.smplan") -> Path:
    data = big.read_bytes()
    path = folder / name
    path.write_bytes(data[: len(data) // 2])
    return path


def first_50_bytes(folder: Path, big: Path) -> Path:
    path = folder / "stub.smplan"
    path.write_bytes(big.read_bytes()[:50])
    return path


def other_program(folder: Path, _big: Path) -> Path:
    # Another program that also uses Alembic: only the application id tells it apart.
    path = folder / "inventory.db"
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (migrate.head_revision(),))
        connection.execute("CREATE TABLE stock (sku TEXT PRIMARY KEY, amount INTEGER)")
        connection.executemany("INSERT INTO stock VALUES (?, ?)", [(f"A{i}", i) for i in range(100)])
    connection.close()
    return path


def newer_schema(folder: Path, big: Path) -> Path:
    path = folder / "from-the-future.smplan"
    path.write_bytes(big.read_bytes())
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num='9999'")
    connection.close()
    return path


def a_folder(folder: Path, _big: Path) -> Path:
    path = folder / "looks-like-a.smplan"
    path.mkdir()
    (path / "notes.txt").write_text("not a plan\n")
    return path


def missing(folder: Path, _big: Path) -> Path:
    return folder / "nowhere.smplan"


def spaces_and_accents(folder: Path, big: Path) -> Path:
    return first_half(folder, big, "Équipe Vertrieb \u2013 Q3 für Zoë.smplan")


BAD_PLANS = [
    pytest.param(empty_file, "is empty", id="empty file"),
    pytest.param(random_bytes, "is not a smarket_planner plan", id="random bytes"),
    pytest.param(first_half, "is damaged", id="truncated plan"),
    pytest.param(first_50_bytes, "is damaged", id="truncated inside the header"),
    pytest.param(other_program, "database of another program", id="another program's database"),
    pytest.param(newer_schema, "newer smarket_planner (schema 9999)", id="newer schema"),
    pytest.param(a_folder, "is a folder", id="folder"),
    pytest.param(missing, "There is no plan at", id="missing path"),
    pytest.param(spaces_and_accents, "is damaged", id="spaces and accents in the path"),
]


@pytest.mark.parametrize(("build", "says"), BAD_PLANS)
def test_check_refuses_a_bad_plan_and_leaves_it_alone(
    run_cli: RunCli,
    tmp_path: Path,
    snapshot: Snapshot,
    big_plan: Path,
    build: Callable[[Path, Path], Path],
    says: str,
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    bad = build(folder, big_plan)
    before = snapshot(folder)
    inside = snapshot(bad) if bad.is_dir() else None

    result = run_cli("check", bad.name, cwd=folder)

    assert result.returncode == cli.EXIT_BAD_PLAN, result.stdout + result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("smarket-planner: ")
    assert says in lines[0]
    assert bad.name in lines[0]
    # Not a byte changed, and nothing (-wal, -shm, backup copy) was left beside it.
    assert snapshot(folder) == before
    if inside is not None:
        assert snapshot(bad) == inside


def test_check_opens_a_read_only_plan_without_writing(
    run_cli: RunCli, tmp_path: Path, snapshot: Snapshot, big_plan: Path
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    plan = folder / "locked.smplan"
    plan.write_bytes(big_plan.read_bytes())
    plan.chmod(0o444)
    before = snapshot(folder)

    result = run_cli("check", plan.name, cwd=folder)

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert result.stderr == ""
    assert "Access:    read-only" in result.stdout.splitlines()
    assert "Integrity: ok" in result.stdout.splitlines()
    assert re.search(rf"^  People +{PEOPLE}$", result.stdout, re.MULTILINE)
    assert snapshot(folder) == before


@pytest.fixture
def old_plan(tmp_path: Path) -> Path:
    """A plan written at schema revision 0001, as an older smarket_planner left it."""
    path = tmp_path / "plans" / "old.smplan"
    path.parent.mkdir()
    path.touch()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        migrate.upgrade(connection, "0001")
    engine.dispose()
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    connection.close()
    assert migrate.head_revision() != "0001"
    return path


def test_check_reports_an_old_plan_without_upgrading_it(
    run_cli: RunCli, old_plan: Path, snapshot: Snapshot
) -> None:
    before = snapshot(old_plan.parent)

    result = run_cli("check", old_plan.name, cwd=old_plan.parent)

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert result.stderr == ""
    schema_lines = [line for line in result.stdout.splitlines() if line.startswith("Schema:")]
    assert len(schema_lines) == 1
    assert schema_lines[0].split()[1] == "0001"
    assert "Integrity: ok" in result.stdout.splitlines()
    # No upgrade, so no backup copy either: the folder is exactly as it was.
    assert snapshot(old_plan.parent) == before
    connection = sqlite3.connect(f"file:{old_plan}?mode=ro", uri=True)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    connection.close()


def test_a_plan_another_program_holds_is_in_use_not_damaged(
    run_cli: RunCli, tmp_path: Path, plain_english: Callable[[str], None]
) -> None:
    """Another process holds the plan locked: `check` says it is in use, by what, and that the file
    is fine; the plan is untouched and opens once the other program lets go."""
    plan = tmp_path / "held.smplan"
    assert run_cli("new", str(plan)).returncode == cli.EXIT_OK
    holder = subprocess.Popen(
        [
            sys.executable, "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(plan)!r}, isolation_level=None)\n"
            "c.execute('PRAGMA locking_mode=EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
            "c.execute('UPDATE plan_meta SET value = value WHERE 0')\n"
            "print('held', flush=True); sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = plan.read_bytes()
        result = run_cli("check", str(plan))
        assert result.returncode == cli.EXIT_BAD_PLAN
        message = result.stderr.strip().removeprefix("smarket-planner: ")
        assert "is in use by another program" in message and "damaged" not in message
        assert message.startswith(f"The plan {plan} is in use")
        assert "nothing is wrong with the file" in message
        if Path("/proc/locks").exists():
            assert f"process {holder.pid}" in message  # Linux says who holds it
        plain_english(message)
        assert plan.read_bytes() == before
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    assert run_cli("check", str(plan)).returncode == cli.EXIT_OK
