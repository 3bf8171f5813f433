"""Save a Copy As writes a consistent, private copy and never clobbers a file unasked."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind, PlanExistsError, PlanFileError
from smarket_planner.services import Plan
from tests.services.helpers import SERVER_ONLY, SQLITE_ONLY

PlainEnglish = Callable[[str], None]


@SQLITE_ONLY
def test_a_copy_holds_every_committed_edit_and_is_private(plan: Plan, tmp_path: Path) -> None:
    services.create(plan, EntityKind.FUNCTION, name="Sales", colour="#1f77b4")
    copy = services.save_copy(plan, tmp_path / "what if")
    assert copy == tmp_path / "what if.smplan"
    assert copy.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT name FROM function").fetchall() == [("Sales",)]
    reopened = services.open_existing(copy)
    reopened.close()


@SQLITE_ONLY
def test_an_existing_file_is_kept_unless_replacing_is_asked(plan: Plan, tmp_path: Path) -> None:
    target = tmp_path / "taken.smplan"
    target.write_bytes(b"someone else's file")
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    with pytest.raises(PlanExistsError):
        services.save_copy(plan, target)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    services.save_copy(plan, target, force=True)
    assert target.read_bytes().startswith(b"SQLite format 3")


@SQLITE_ONLY
def test_the_plan_cannot_be_copied_onto_itself(plan: Plan) -> None:
    assert plan.path is not None
    with pytest.raises(PlanFileError):
        services.save_copy(plan, plan.path, force=True)


@SERVER_ONLY
def test_a_plan_on_a_server_is_not_copied_to_a_file(
    plan: Plan, tmp_path: Path, plain_english: PlainEnglish
) -> None:
    with pytest.raises(PlanFileError) as caught:
        services.save_copy(plan, tmp_path / "what if")
    plain_english(str(caught.value))
    assert list(tmp_path.iterdir()) == []
