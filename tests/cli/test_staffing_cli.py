"""``smarket-planner staffing PLAN``: the open roles with who could take them, and the functions short."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from smarket_planner import cli, services
from smarket_planner.domain import EntityKind
from tests.services.open_roles import build_team_to_staff

K = EntityKind
TODAY = "2026-03-01"
OLGA = (
    "    1. Olga Orlova, Manager: Marketing · free 30% from 2 Mar to 30 Jun 2026 · knows German "
    "· worked with Priya Patel and Sam Stone on Pulse 3.0"
)
FINANCE_SHORT = "Finance is 1 person short from 2 Mar to 26 Apr 2026 (weeks 2026-W10 to 2026-W17)."


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plan with the DACH team's open role, and three full-time Finance roles on Launch in
    March and April that Finance's two people cannot all fill."""
    path = tmp_path_factory.mktemp("staffing") / "team.smplan"
    with services.new_plan(path) as plan:
        team = build_team_to_staff(plan)
        for title in ("Controller", "Analyst", "Auditor"):
            services.create(
                plan,
                K.OPEN_ROLE,
                task_force_id=team.launch,
                function_id=team.finance,
                title=title,
                allocation_pct=100,
                start_date=date(2026, 3, 2),
                end_date=date(2026, 4, 26),
            )
    return path


def staffing(plan: Path, *extra: str) -> int:
    return cli.main(["staffing", str(plan), "--today", TODAY, *extra])


def one_line(err: str) -> str:
    """The single line a failed command writes to stderr, without the program's name."""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("smarket-planner: ") and "Traceback" not in err, err
    return lines[0].removeprefix("smarket-planner: ")


def test_each_open_role_of_the_live_teams_comes_with_its_best_three_and_why(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert staffing(plan_file) == cli.EXIT_OK

    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert captured.err == ""
    assert lines[:7] == [
        "Open roles on the live task forces, as of 1 Mar 2026",
        "",
        "DACH Market Entry (forming: booked in pencil)",
        "  PR manager (Marketing) at 20%, 2 Mar to 30 Jun 2026; wants German, pricing",
        OLGA,
        "    2. Ned Nash, Manager: Marketing · free 40% from 2 Mar to 30 Jun 2026 · knows pricing",
        "    3. Will Wood, Manager: Marketing · free 20% from 2 Mar to 30 Jun 2026 · worked with Priya Patel "
        "and Sam Stone on Pulse 3.0",
    ]
    assert lines[8:10] == [
        "Launch (active: booked in ink)",
        "  Analyst (Finance) at 100%, 2 Mar to 26 Apr 2026",
    ]
    assert "Old Guard" not in captured.out  # dispersed: its open role counts nowhere
    assert lines[-4:] == [
        "",
        "Functions short of people (1)",
        f"  {FINANCE_SHORT}",
        "    → Spread Finance's bookings over more weeks, lower its shares, or add people to Finance.",
    ]


def test_one_task_force_s_open_roles_by_its_name_in_any_case(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert staffing(plan_file, "--task-force", "dach MARKET entry") == cli.EXIT_OK

    out = capsys.readouterr().out
    assert out.startswith("Open roles on DACH Market Entry, as of 1 Mar 2026\n")
    assert OLGA in out.splitlines()
    assert "Launch" not in out and "Controller" not in out
    assert FINANCE_SHORT in out  # a function short anywhere is short for this team too


def test_json_is_a_stable_document_for_programs(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert staffing(plan_file, "--json") == cli.EXIT_OK
    first = capsys.readouterr().out
    assert staffing(plan_file, "--json") == cli.EXIT_OK
    assert capsys.readouterr().out == first  # the same plan on the same day: the same bytes

    document = json.loads(first)
    assert list(document) == ["schema", "plan", "today", "task_force", "open_roles", "functions_short"]
    assert (document["schema"], document["plan"], document["today"]) == (
        "smarket_planner.staffing/1",
        "team",
        TODAY,
    )
    assert document["task_force"] is None
    roles = document["open_roles"]
    assert [(r["task_force"]["name"], r["name"]) for r in roles] == [
        ("DACH Market Entry", "PR manager"),
        ("Launch", "Analyst"),
        ("Launch", "Auditor"),
        ("Launch", "Controller"),
    ]
    pr_manager = roles[0]
    assert pr_manager["task_force"]["pencilled"] is True and roles[1]["task_force"]["pencilled"] is False
    assert (pr_manager["first_day"], pr_manager["last_day"], pr_manager["skills"]) == (
        "2026-03-02",
        "2026-06-30",
        ["German", "pricing"],
    )
    olga = pr_manager["candidates"][0]
    assert [c["name"] for c in pr_manager["candidates"]] == ["Olga Orlova", "Ned Nash", "Will Wood"]
    assert (olga["free_pct"], olga["can_take"], olga["same_function"], olga["skills_matched"]) == (
        30.0,
        True,
        True,
        ["German"],
    )
    assert olga["worked_with"] == [
        {"person": "Priya Patel", "task_force": "Pulse 3.0"},
        {"person": "Sam Stone", "task_force": "Pulse 3.0"},
    ]
    assert olga["reason"] == OLGA.split(": ", 1)[1]
    (short,) = document["functions_short"]
    assert (short["kind"], short["severity"], short["message"]) == (
        "function_short",
        "warning",
        FINANCE_SHORT,
    )
    assert short["entities"] == [{"kind": "function", "id": roles[1]["function"]["id"], "name": "Finance"}]


def test_json_of_one_task_force_names_it(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert staffing(plan_file, "--task-force", "Launch", "--json") == cli.EXIT_OK

    document = json.loads(capsys.readouterr().out)
    assert document["task_force"]["name"] == "Launch"
    assert {r["task_force"]["name"] for r in document["open_roles"]} == {"Launch"}


def test_a_task_force_not_in_the_plan_fails_with_one_line(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert staffing(plan_file, "--task-force", "Moonshot") == cli.EXIT_FAILED

    captured = capsys.readouterr()
    assert one_line(captured.err) == "There is no task force called 'Moonshot' in this plan."
    assert captured.out == ""


def test_a_dispersed_task_force_is_no_longer_staffed(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert staffing(plan_file, "--task-force", "Old Guard") == cli.EXIT_FAILED

    captured = capsys.readouterr()
    assert one_line(captured.err).startswith(
        "'Old Guard' is dispersed, so its open roles are no longer staffed"
    )
    assert captured.out == ""


def test_a_plan_that_is_not_there_or_not_a_plan_is_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.smplan"
    assert staffing(missing) == cli.EXIT_BAD_PLAN
    assert str(missing) in one_line(capsys.readouterr().err)

    garbage = tmp_path / "garbage.smplan"
    garbage.write_bytes(b"not a plan at all" * 100)
    assert staffing(garbage) == cli.EXIT_BAD_PLAN
    captured = capsys.readouterr()
    assert one_line(captured.err) and captured.out == ""
    assert garbage.read_bytes() == b"not a plan at all" * 100
