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


def test_today_makes_the_report_again(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same plan judged as of the same day gives the same bytes, and says which day it used."""
    outputs = []
    for _ in range(2):
        assert cli.main(["check", str(demo), "--json", "--today", "2026-11-23"]) == cli.EXIT_OK
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["generated_on"] == "2026-11-23"
    assert cli.main(["check", str(demo), "--json", "--today", "2027-09-30"]) == cli.EXIT_OK
    later = json.loads(capsys.readouterr().out)
    assert later["generated_on"] == "2027-09-30"
    earlier = json.loads(outputs[0])
    assert later["findings"] != earlier["findings"]  # ten months on, other dates are due and past
    assert cli.main(["check", str(demo), "--today", "2026-11-23"]) == cli.EXIT_OK
    assert "check of 2026-11-23" in capsys.readouterr().out


def test_today_must_be_a_date(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["check", str(demo), "--today", "31/12/2026"])
    assert stopped.value.code == cli.EXIT_USAGE
    assert "'31/12/2026' is not a date such as 2026-03-31" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("stored", "asked"),
    [
        ("Österreich Launch", "ÖSTERREICH LAUNCH"),
        ("Österreich Launch", "österreich  launch"),
        ("Österreich Launch", "O\u0308sterreich Launch"),  # the Ö typed as O and a combining mark
        ("Ωmega Team", "ωMEGA TEAM"),
        ("Запуск в Москве", "ЗАПУСК В МОСКВЕ"),  # noqa: RUF001
        ("Straße Ost", "STRASSE OST"),
    ],
)
def test_a_task_force_is_found_by_its_name_in_any_script_and_case(
    demo: Path, tmp_path: Path, stored: str, asked: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from smarket_planner import services
    from smarket_planner.domain import EntityKind

    copy = tmp_path / "copy.smplan"
    copy.write_bytes(demo.read_bytes())
    with services.open_existing(copy) as plan:
        pulse = next(tf for tf in services.find(plan, EntityKind.TASK_FORCE) if tf.name == "Pulse 3.0 Launch")
        services.update(plan, EntityKind.TASK_FORCE, pulse.id, name=stored)
    assert cli.main(["check", str(copy), "--task-force", asked, "--json"]) == cli.EXIT_OK
    assert [team["name"] for team in json.loads(capsys.readouterr().out)["task_forces"]] == [stored]
