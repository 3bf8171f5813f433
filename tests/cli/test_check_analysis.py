"""`smarket-planner check` finds the demo plan's planted problems and speaks text or JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from smarket_planner import cli
from smarket_planner.demo.northwind import generate_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("check") / "demo.smplan"
    generate_demo(path, today=date(2026, 11, 23))
    return path


def test_the_demo_plans_planted_problems_are_found(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(demo)]) == cli.EXIT_OK
    text = " ".join(capsys.readouterr().out.split())
    assert "Priya Raman is booked at 130% against a capacity of 100%" in text
    assert "'Marketing-qualified leads (MQLs)' of Pulse 3.0 Launch is owned by Marketing alone" in text
    assert (
        "'Close the Halvorsen deal at target price' of Halvorsen Logistics Pursuit is owned by Sales" in text
    )
    assert "No one is accountable for 'Lead management' in Lead Qualification Reset" in text
    assert "stretch KPI 'First-year DACH bookings'" in text
    assert "Pulse 3.0 Launch (active) — health" in text


def test_json_follows_the_documented_schema(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(demo), "--json"]) == cli.EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["schema"] == "smarket_planner.check/1"
    kinds = {finding["kind"] for finding in report["findings"]}
    assert {"over_allocation", "silo_kpi", "silo_goal", "raci_no_accountable", "pay_on_stretch"} <= kinds
    names = [team["name"] for team in report["task_forces"]]
    assert "Data Days Spring Campaign" not in names  # dispersed: history, not a live team
    assert all(0 <= team["health"]["score"] <= 100 for team in report["task_forces"])


def test_strict_fails_on_warnings_and_passes_a_plan_without_any(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", str(demo), "--strict"]) == cli.EXIT_FAILED
    empty = tmp_path / "empty.smplan"
    assert cli.main(["new", str(empty)]) == cli.EXIT_OK
    assert cli.main(["check", str(empty), "--strict"]) == cli.EXIT_OK


def test_one_task_force_by_name_in_any_case(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(demo), "--task-force", "pulse 3.0 LAUNCH", "--json"]) == cli.EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert [team["name"] for team in report["task_forces"]] == ["Pulse 3.0 Launch"]


def test_an_unknown_task_force_is_one_plain_line(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(demo), "--task-force", "Moonshot"]) == cli.EXIT_FAILED
    captured = capsys.readouterr()
    assert captured.err == "smarket-planner: There is no task force called 'Moonshot' in this plan.\n"
    assert captured.out == ""
