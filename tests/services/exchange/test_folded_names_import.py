"""One name in any case and any script, through every way in: edits, renames and their undo, rosters
from HR and plan files."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.errors import DuplicateError
from smarket_planner.services import Plan
from smarket_planner.services.exchange.plan_json_read import PlanImportError, import_plan_json, read_plan_json
from smarket_planner.services.exchange.roster_files import read_csv
from smarket_planner.services.exchange.roster_import import import_roster, preview_roster

K = EntityKind
PlainEnglish = Callable[[str], None]


def _names(plan: Plan, kind: EntityKind) -> list[str]:
    return [record.name for record in services.find(plan, kind)]


def test_a_renamed_task_force_frees_its_old_name_and_takes_the_new_one(
    plan: Plan, plain_english: PlainEnglish
) -> None:
    alpha = services.create(plan, K.TASK_FORCE, name="Alpha", kind="campaign", status="proposed").value
    renamed = services.update(plan, K.TASK_FORCE, alpha.id, name="Beta")
    with pytest.raises(DuplicateError) as refused:
        services.create(plan, K.TASK_FORCE, name="BETA", kind="campaign", status="proposed")
    assert refused.value.message == "There is already a task force called 'Beta'."
    plain_english(refused.value.message)
    services.create(plan, K.TASK_FORCE, name="ALPHA", kind="campaign", status="proposed")
    assert _names(plan, K.TASK_FORCE) == ["Beta", "ALPHA"]
    with pytest.raises(DuplicateError) as again:  # undoing the rename would make "Alpha" twice
        services.undo(plan, renamed)
    assert again.value.message == "There is already a task force called 'ALPHA'."


def test_a_name_may_change_its_case_and_spacing_alone(plan: Plan) -> None:
    launch = services.create(plan, K.TASK_FORCE, name="Österreich Launch", kind="campaign", status="proposed")
    services.update(plan, K.TASK_FORCE, launch.value.id, name="ÖSTERREICH  LAUNCH")
    assert _names(plan, K.TASK_FORCE) == ["ÖSTERREICH LAUNCH"]


def test_undoing_a_rename_gives_the_old_name_back_its_place(plan: Plan) -> None:
    omega = services.create(plan, K.FUNCTION, name="Ωmega", colour="#112233").value
    renamed = services.update(plan, K.FUNCTION, omega.id, name="Звезда")
    services.undo(plan, renamed)
    with pytest.raises(DuplicateError) as refused:
        services.create(plan, K.FUNCTION, name="ΩMEGA", colour="#445566")
    assert refused.value.message == "There is already a function called 'Ωmega'."
    services.create(plan, K.FUNCTION, name="ЗВЕЗДА", colour="#445566")


def test_a_removed_function_brought_back_by_undo_keeps_its_name(plan: Plan) -> None:
    sales = services.create(plan, K.FUNCTION, name="Österreich", colour="#112233").value
    removed = services.delete(plan, K.FUNCTION, sales.id)
    services.undo(plan, removed)
    with pytest.raises(DuplicateError):
        services.create(plan, K.FUNCTION, name="ÖSTERREICH", colour="#445566")


# --- rosters from HR ---------------------------------------------------------------------------

ROSTER = "Name,Email,Department\n"


def _import(plan: Plan, text: str) -> Any:
    preview = preview_roster(plan, read_csv(text.encode("utf-8"), "roster.csv"))
    assert preview.ok, preview.problems
    return import_roster(plan, preview).value


def test_a_roster_naming_a_function_in_another_case_puts_people_in_the_one_there(plan: Plan) -> None:
    marketing = services.create(plan, K.FUNCTION, name="Marketing", colour="#112233").value
    rows = "Ana,ana@example.com,MARKETING\nBo,bo@example.com,marketing\nCy,cy@example.com,Marketing\n"
    summary = _import(plan, ROSTER + rows)
    assert summary.new_functions == ()
    assert _names(plan, K.FUNCTION) == ["Marketing"]
    assert {person.function_id for person in services.find(plan, K.PERSON)} == {marketing.id}


@pytest.mark.parametrize("spellings", [("Ωmega", "ΩMEGA", "ωmega"), ("Звезда", "ЗВЕЗДА", "звезда")])
def test_a_new_function_spelled_several_ways_in_a_roster_is_one_function(
    plan: Plan, spellings: tuple[str, ...]
) -> None:
    rows = "".join(f"P{n},p{n}@example.com,{name}\n" for n, name in enumerate(spellings))
    summary = _import(plan, ROSTER + rows)
    assert summary.new_functions == (spellings[0],)
    assert _names(plan, K.FUNCTION) == [spellings[0]]
    assert len({person.function_id for person in services.find(plan, K.PERSON)}) == 1


# --- plan files --------------------------------------------------------------------------------


def _plan_file(folder: Path, functions: list[str], task_forces: list[str]) -> Path:
    document = {
        "format": "smarket-planner-plan",
        "schema_version": 1,
        "title": "Alike",
        "functions": [{"name": name, "colour": "#112233", "description": ""} for name in functions],
        "people": [],
        "task_forces": [
            {"name": name, "kind": "campaign", "status": "proposed", "objective": "", "why": ""}
            for name in task_forces
        ],
    }
    path = folder / "alike.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("functions", "task_forces", "said"),
    [
        (["Ωmega", "ωMEGA"], [], "There is already a function called 'Ωmega'."),
        (["Sales"], ["Österreich Launch", "ÖSTERREICH  LAUNCH"], "There is already a task force called"),
        (["Sales"], ["Звезда", "ЗВЕЗДА"], "There is already a task force called 'Звезда'."),
    ],
)
def test_a_plan_file_with_two_names_alike_is_refused_before_anything_is_written(
    plan: Plan, tmp_path: Path, functions: list[str], task_forces: list[str], said: str,
    plain_english: PlainEnglish,
) -> None:  # fmt: skip
    path = _plan_file(tmp_path, functions, task_forces)
    with pytest.raises(PlanImportError) as refused:
        read_plan_json(path)
    assert said in str(refused.value)
    plain_english(str(refused.value))
    with pytest.raises(PlanImportError):
        import_plan_json(plan, path)
    assert _names(plan, K.FUNCTION) == [] and _names(plan, K.TASK_FORCE) == []


def test_the_command_line_refuses_such_a_plan_file_and_says_why(tmp_path: Path) -> None:
    path = _plan_file(tmp_path, ["Sales", "Ωmega", "ωMEGA"], [])

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "smarket_planner", *args]
        return subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=60, check=False
        )

    assert run("new", "plan.smplan").returncode == 0
    result = run("import", "plan.smplan", path.name)
    assert result.returncode != 0
    assert "There is already a function called 'Ωmega'." in result.stderr
    assert "Traceback" not in result.stderr
