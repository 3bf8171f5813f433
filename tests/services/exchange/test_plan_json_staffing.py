"""Staffing in the plan JSON file: people's skills and the open roles of task forces, written out, read
back the same, files of the earlier shape still read, and mistakes refused in plain words."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import MembershipRole
from smarket_planner.services.exchange.plan_json import SCHEMA_VERSION, export_plan_json, write_plan_json
from smarket_planner.services.exchange.plan_json_read import PlanImportError, import_plan_json, read_plan_json
from tests.services.exchange.test_plan_json_learning import named
from tests.services.helpers import plan_data
from tests.services.plan_copies import Copies
from tests.services.staffing import Staffed

K = EntityKind


def _staff(s: Staffed) -> None:
    """Skills for three people; beside Pursuit's solutions engineer, two more open roles on it (one dated,
    one on the team's dates) and one on Launch, made between them so that the file's order differs from
    the ids'."""
    plan = s.plan
    services.update(plan, K.PERSON, s.ann, skills="German, enterprise sales")
    services.update(plan, K.PERSON, s.ben, skills="press relations, pricing")
    services.update(plan, K.PERSON, s.eve, skills="data analysis")
    services.create(
        plan, K.OPEN_ROLE, task_force_id=s.pursuit, function_id=s.marketing, title="PR lead",
        role="core", allocation_pct=20, start_date=date(2026, 3, 2), end_date=date(2026, 5, 31),
        skills="press relations, German", note="Someone who knows the trade press",
    )  # fmt: skip
    services.create(
        plan, K.OPEN_ROLE, task_force_id=s.launch, function_id=s.product, title="Product analyst",
        role="extended", allocation_pct=50,
    )  # fmt: skip
    services.create(plan, K.OPEN_ROLE, task_force_id=s.pursuit, function_id=s.sales, allocation_pct=12.5)


def test_skills_and_open_roles_round_trip(staffed: Staffed, tmp_path: Path, copies: Copies) -> None:
    _staff(staffed)
    first = tmp_path / "plan.json"
    write_plan_json(staffed.plan, first)
    with services.new_plan(copies.fresh("copy")) as copy:
        outcome = import_plan_json(copy, first)
        assert outcome.value.counts[K.OPEN_ROLE] == 4
        for kind in (K.OPEN_ROLE, K.PERSON):
            assert named(copy, kind) == named(staffed.plan, kind), f"the {kind.plural} differ"
        assert export_plan_json(copy) == first.read_text(encoding="utf-8")
        services.undo(copy, outcome)
        assert set(services.counts(copy).values()) == {0}, "undo takes the open roles too"


def test_the_file_names_skills_and_open_roles_as_people_do(staffed: Staffed) -> None:
    _staff(staffed)
    document = json.loads(export_plan_json(staffed.plan))
    skills = {person["name"]: person["skills"] for person in document["people"]}
    assert skills["Ann Archer"] == "German, enterprise sales" and skills["Cat Chen"] == ""
    launch, pursuit = document["task_forces"]
    assert list(launch)[list(launch).index("memberships") + 1] == "open_roles"
    assert launch["open_roles"] == [
        {
            "function": "Product",
            "title": "Product analyst",
            "role": "extended",
            "allocation_pct": 50.0,
            "start_date": None,
            "end_date": None,
            "skills": "",
            "note": "",
        }
    ]
    assert [(role["function"], role["title"], role["allocation_pct"]) for role in pursuit["open_roles"]] == [
        ("Product", "Solutions engineer", 50.0),
        ("Marketing", "PR lead", 20.0),
        ("Sales", "", 12.5),
    ]
    assert pursuit["open_roles"][1] | {"function": "", "title": ""} == {
        "function": "",
        "title": "",
        "role": "core",
        "allocation_pct": 20.0,
        "start_date": "2026-03-02",
        "end_date": "2026-05-31",
        "skills": "press relations, German",
        "note": "Someone who knows the trade press",
    }


def test_a_file_written_before_skills_and_open_roles_still_imports(
    staffed: Staffed, tmp_path: Path, copies: Copies
) -> None:
    """Format 1 as written before: no skills on people, no open roles on task forces."""
    _staff(staffed)
    document = json.loads(export_plan_json(staffed.plan))
    for person in document["people"]:
        del person["skills"]
    for team in document["task_forces"]:
        del team["open_roles"]
    assert document["schema_version"] == SCHEMA_VERSION == 1
    path = tmp_path / "older.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with services.new_plan(copies.fresh("copy")) as copy:
        counts = import_plan_json(copy, path).value.counts
        assert counts[K.OPEN_ROLE] == 0 and counts[K.PERSON] == 6 and counts[K.TASK_FORCE] == 2
        assert {person.skills for person in services.find(copy, K.PERSON)} == {""}


def test_an_open_role_given_only_its_function_takes_the_usual_values(
    staffed: Staffed, tmp_path: Path, copies: Copies
) -> None:
    """A hand-written open role of one field is a core place at 20% on the team's dates."""
    document = json.loads(export_plan_json(staffed.plan))
    document["task_forces"][0]["open_roles"] = [{"function": "Sales"}]
    path = tmp_path / "short.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with services.new_plan(copies.fresh("copy")) as copy:
        import_plan_json(copy, path)
        launch = next(team.id for team in services.find(copy, K.TASK_FORCE) if team.name == "Launch")
        (role,) = (role for role in services.find(copy, K.OPEN_ROLE) if role.task_force_id == launch)
        functions = {function.id: function.name for function in services.find(copy, K.FUNCTION)}
        assert functions[role.function_id] == "Sales"
        assert (role.role, role.allocation_pct, role.start_date, role.title) == (
            MembershipRole.CORE,
            20.0,
            None,
            "",
        )


def _role(document: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = document["task_forces"][1]["open_roles"][1]
    return found


BROKEN: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "an open role of a function not in the file": (
        lambda d: _role(d).update(function="Legal"),
        "The open role 'PR lead' (task forces, item 2; open roles, item 2) names the function 'Legal', but "
        "the file holds no such function.",
    ),
    "an open role without its function": (
        lambda d: _role(d).pop("function"),
        "The open role 'PR lead' (task forces, item 2; open roles, item 2) has no function.",
    ),
    "a share past a full week": (
        lambda d: _role(d).update(allocation_pct=150),
        "(task forces, item 2; open roles, item 2): the allocation must be from 0 to 100 (not 150).",
    ),
    "an end before the start": (
        lambda d: _role(d).update(start_date="2026-05-01", end_date="2026-04-01"),
        "The open role 'PR lead' (task forces, item 2; open roles, item 2): ",
    ),
    "a part of another kind": (
        lambda d: _role(d).update(role="helper"),
        "the role must be one of: lead, core, extended, advisor (not 'helper').",
    ),
    "skills as a list": (
        lambda d: d["people"][0].update(skills=["German"]),
        "The person 'Ann Archer' (people, item 1): the skills must be text.",
    ),
    "open roles that are not a list": (
        lambda d: d["task_forces"][0].update(open_roles="a PR person"),
        "The task force 'Launch' (task forces, item 1): the open roles must be a list.",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_wrong_open_role_or_skill_is_refused_in_one_plain_line(
    case: str, staffed: Staffed, tmp_path: Path, copies: Copies, plain_english: Callable[[str], None]
) -> None:
    _staff(staffed)
    breakage, expected = BROKEN[case]
    document = json.loads(export_plan_json(staffed.plan))
    breakage(document)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(PlanImportError) as refused:
        read_plan_json(path)
    message = str(refused.value)
    plain_english(message)
    assert expected in message
    with services.new_plan(copies.fresh("empty")) as empty:
        before = plan_data(empty)
        with pytest.raises(PlanImportError):
            import_plan_json(empty, path)
        assert plan_data(empty) == before
