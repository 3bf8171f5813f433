"""Plan files: telling a plan from anything else without touching it, read-only plans, backups."""

from __future__ import annotations

import hashlib
import os
import random
import re
import sqlite3
import stat
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from smarket_planner.domain.errors import (
    DamagedPlanError,
    NotAPlanError,
    PlanFileError,
    PlanNotFoundError,
    PlanTooNewError,
    ReadOnlyPlanError,
)
from smarket_planner.storage import create_plan, open_plan
from smarket_planner.storage.migrate import head_revision
from smarket_planner.storage.model import FunctionRow, PersonRow
from smarket_planner.storage.plan_file import (
    APPLICATION_ID,
    back_up,
    backup_path,
    inspect_plan_file,
    is_url,
)

PlainEnglish = Callable[[str], None]
Snapshot = Callable[[Path], dict[str, str]]
BACKUP_NAME = re.compile(r"^plan\.backup-\d{8}-\d{6}(-\d+)?\.smplan$")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_plan_with_people(path: Path, count: int) -> None:
    """A closed plan holding one function and ``count`` people, all in the one file."""
    plan = create_plan(path)
    with plan.engine.begin() as connection:
        connection.execute(insert(FunctionRow), [{"name": "Sales", "colour": "#1f77b4", "description": ""}])
        people = [{"name": f"Person {n}", "function_id": 1} for n in range(count)]
        connection.execute(insert(PersonRow), people)
    plan.close()


def names_of_people(path: Path) -> list[str]:
    """The people of a plan file, read with the plain sqlite3 module."""
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM person ORDER BY id")]
    finally:
        connection.close()


# --- files that are not usable plans ----------------------------------------------------


def an_empty_file(folder: Path) -> Path:
    path = folder / "empty.smplan"
    path.touch()
    return path


def random_bytes(folder: Path) -> Path:
    path = folder / "noise.smplan"
    path.write_bytes(random.Random(4096).randbytes(4096))
    return path


def a_truncated_plan(folder: Path) -> Path:
    whole = folder / "whole.smplan"
    make_plan_with_people(whole, 500)
    data = whole.read_bytes()
    path = folder / "cut.smplan"
    path.write_bytes(data[: len(data) // 2])
    return path


def the_first_bytes_of_a_plan(folder: Path) -> Path:
    whole = folder / "whole.smplan"
    create_plan(whole).close()
    path = folder / "stub.smplan"
    path.write_bytes(whole.read_bytes()[:50])
    return path


def another_programs_database(folder: Path) -> Path:
    path = folder / "recipes.smplan"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipe (id INTEGER PRIMARY KEY, title TEXT NOT NULL)")
    connection.execute("INSERT INTO recipe (title) VALUES ('Kanelbullar')")
    connection.commit()
    connection.close()
    return path


def a_plan_of_a_newer_schema(folder: Path) -> Path:
    path = folder / "newer.smplan"
    create_plan(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    return path


def a_plan_with_no_revision(folder: Path) -> Path:
    path = folder / "unstamped.smplan"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("CREATE TABLE person (id INTEGER PRIMARY KEY)")
    connection.commit()
    connection.close()
    return path


def a_plan_with_two_revisions(folder: Path) -> Path:
    path = folder / "two.smplan"
    create_plan(path).close()
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO alembic_version (version_num) VALUES ('0001')")
    connection.commit()
    connection.close()
    return path


def a_folder(folder: Path) -> Path:
    path = folder / "folder.smplan"
    path.mkdir()
    (path / "inside.txt").write_text("not a plan")
    return path


def a_missing_path(folder: Path) -> Path:
    return folder / "missing.smplan"


BAD_FILES: list[tuple[Callable[[Path], Path], type[PlanFileError]]] = [
    (an_empty_file, NotAPlanError),
    (random_bytes, NotAPlanError),
    (a_truncated_plan, DamagedPlanError),
    (the_first_bytes_of_a_plan, DamagedPlanError),
    (another_programs_database, NotAPlanError),
    (a_plan_of_a_newer_schema, PlanTooNewError),
    (a_plan_with_no_revision, DamagedPlanError),
    (a_plan_with_two_revisions, DamagedPlanError),
    (a_folder, NotAPlanError),
    (a_missing_path, PlanNotFoundError),
]


@pytest.mark.parametrize(("make", "expected"), BAD_FILES, ids=[make.__name__ for make, _ in BAD_FILES])
def test_a_bad_plan_file_is_refused_and_left_untouched(
    tmp_path: Path,
    make: Callable[[Path], Path],
    expected: type[PlanFileError],
    snapshot: Snapshot,
    plain_english: PlainEnglish,
) -> None:
    target = make(tmp_path)
    before = snapshot(tmp_path)
    inside = snapshot(target) if target.is_dir() else None

    with pytest.raises(PlanFileError) as caught:
        open_plan(target)

    error = caught.value
    assert type(error) is expected
    assert str(target) in error.message
    assert "\n" not in error.message
    plain_english(error.message.replace(str(target), "The file"))
    assert snapshot(tmp_path) == before, "open_plan changed the folder (a -wal, -shm or backup file?)"
    if inside is not None:
        assert snapshot(target) == inside


def test_a_bad_plan_file_is_refused_by_inspection_too(tmp_path: Path) -> None:
    with pytest.raises(PlanTooNewError):
        inspect_plan_file(a_plan_of_a_newer_schema(tmp_path))
    with pytest.raises(PlanNotFoundError):
        inspect_plan_file(tmp_path / "nothing.smplan")


def test_a_good_plan_passes_inspection(plan_path: Path) -> None:
    create_plan(plan_path).close()
    facts = inspect_plan_file(plan_path)
    assert facts.path == plan_path
    assert facts.revision == head_revision()
    assert not facts.read_only
    assert not facts.needs_upgrade


def test_a_plan_left_open_elsewhere_still_opens(plan_path: Path) -> None:
    """While another window holds the plan, its last edits are only in the -wal file."""
    first = create_plan(plan_path)
    with first.session(write=True) as session:
        session.add(FunctionRow(name="Sales", colour="#1f77b4"))
    assert Path(f"{plan_path}-wal").exists()
    second = open_plan(plan_path)
    with second.session() as session:
        assert session.scalars(select(FunctionRow.name)).all() == ["Sales"]
    second.close()
    first.close()


# --- read-only plans --------------------------------------------------------------------


def test_a_plan_without_write_permission_opens_read_only(
    plan_path: Path, snapshot: Snapshot, plain_english: PlainEnglish
) -> None:
    make_plan_with_people(plan_path, 3)
    os.chmod(plan_path, 0o444)
    before = sha256(plan_path)
    folder = snapshot(plan_path.parent)

    plan = open_plan(plan_path)
    assert plan.read_only
    with plan.session() as session:
        assert session.scalars(select(PersonRow.name).order_by(PersonRow.id)).all() == [
            "Person 0",
            "Person 1",
            "Person 2",
        ]
    with pytest.raises(ReadOnlyPlanError) as caught, plan.session(write=True):
        pytest.fail("a read-only plan handed out a session for writing")
    plain_english(caught.value.message.replace(str(plan_path), "The plan"))
    plan.close()

    assert sha256(plan_path) == before
    assert stat.S_IMODE(plan_path.stat().st_mode) == 0o444
    assert snapshot(plan_path.parent) == folder, "reading left -wal or -shm files beside the plan"


def test_a_plan_with_write_permission_opens_for_writing(plan_path: Path) -> None:
    make_plan_with_people(plan_path, 1)
    plan = open_plan(plan_path)
    assert not plan.read_only
    with plan.session(write=True) as session:
        session.add(PersonRow(name="Ann", function_id=1))
    plan.close()
    assert names_of_people(plan_path)[-1] == "Ann"


# --- backups ----------------------------------------------------------------------------


def test_a_backup_is_a_private_copy_beside_the_plan(plan_path: Path) -> None:
    make_plan_with_people(plan_path, 5)
    copy = back_up(plan_path)
    assert copy.parent == plan_path.parent
    assert BACKUP_NAME.match(copy.name), copy.name
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert names_of_people(copy) == names_of_people(plan_path)


def test_a_backup_holds_edits_still_in_the_wal(plan_path: Path) -> None:
    plan = create_plan(plan_path)
    with plan.session(write=True) as session:
        session.add(FunctionRow(name="Sales", colour="#1f77b4"))
        session.flush()
        session.add(PersonRow(name="Ann", function_id=1))
    assert Path(f"{plan_path}-wal").stat().st_size > 0, "the edit should not be checkpointed yet"
    copy = back_up(plan_path)
    plan.close()
    assert names_of_people(copy) == ["Ann"]


def test_two_backups_in_the_same_second_get_different_names(plan_path: Path) -> None:
    make_plan_with_people(plan_path, 2)
    for _attempt in range(5):
        # Near the end of a second, wait for the next one, so that both copies fall within it.
        if time.time() % 1.0 > 0.5:
            time.sleep(1.0 - time.time() % 1.0 + 0.01)
        first = back_up(plan_path)
        second = back_up(plan_path)
        assert first != second
        assert first.exists() and second.exists()
        if first.name[:27] == second.name[:27]:  # "plan.backup-YYYYmmdd-HHMMSS"
            break
    else:
        pytest.fail("the machine is too slow to make two backups within one second")
    assert re.fullmatch(re.escape(first.name[:27]) + r"-\d+\.smplan", second.name), second.name
    assert names_of_people(first) == names_of_people(second) == ["Person 0", "Person 1"]


def test_backup_names_count_up_past_those_taken(plan_path: Path) -> None:
    moment = datetime(2026, 3, 31, 9, 30, 5)
    first = backup_path(plan_path, moment)
    assert first.name == "plan.backup-20260331-093005.smplan"
    first.touch()
    second = backup_path(plan_path, moment)
    assert second.name == "plan.backup-20260331-093005-2.smplan"
    second.touch()
    assert backup_path(plan_path, moment).name == "plan.backup-20260331-093005-3.smplan"


# --- naming plans -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "url"),
    [
        ("postgresql+psycopg://planner@db.example.com/plans", True),
        ("sqlite:///tmp/plan.smplan", True),
        ("plan.smplan", False),
        ("/home/ann/plans/launch.smplan", False),
        (Path("launch.smplan"), False),
    ],
)
def test_urls_are_told_apart_from_paths(target: str | Path, url: bool) -> None:
    assert is_url(target) is url


def test_a_plan_in_use_is_named_once(plain_english: PlainEnglish) -> None:
    """Without a file to name (a server plan), the message says "The plan", not "The plan The plan"."""
    from smarket_planner.storage.plan_file import plan_in_use

    message = str(plan_in_use("The plan"))
    assert message.startswith("The plan is busy elsewhere") and "The plan The plan" not in message
    plain_english(message)
