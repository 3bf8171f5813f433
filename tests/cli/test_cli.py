"""The ``smarket-planner`` command line: version, new, check and its exit codes."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from smarket_planner import __version__, cli, services
from smarket_planner.domain.records import EntityKind
from smarket_planner.storage.migrate import head_revision

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single line a failed command writes to stderr, checked to be just that."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {result.stderr!r}"
    assert result.stderr.endswith("\n")
    assert lines[0].startswith("smarket-planner: "), lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]


def count_lines(stdout: str) -> dict[str, int]:
    """The "  People   12" lines of ``check`` as {"People": 12}."""
    found: dict[str, int] = {}
    for line in stdout.splitlines():
        if " — check of " in line:  # the health report follows the counts
            break
        if line.startswith("  "):
            label, _, number = line.strip().rpartition(" ")
            found[label.strip()] = int(number.replace(",", ""))
    return found


def plural_label(kind: EntityKind) -> str:
    return kind.plural[0].upper() + kind.plural[1:]


def test_version_prints_the_program_and_its_version(run_cli: RunCli) -> None:
    result = run_cli("--version")

    assert result.returncode == cli.EXIT_OK
    assert result.stdout == f"smarket-planner {__version__}\n"
    assert result.stderr == ""


def test_the_installed_command_runs() -> None:
    script = Path(sys.executable).parent / "smarket-planner"
    if not script.exists():
        found = shutil.which("smarket-planner")
        if found is None:
            pytest.skip("the smarket-planner script is not installed beside this Python")
        script = Path(found)

    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False)

    assert result.returncode == 0
    assert result.stdout.strip() == f"smarket-planner {__version__}"


def test_help_names_the_commands_and_exit_codes(run_cli: RunCli) -> None:
    result = run_cli("--help")

    assert result.returncode == cli.EXIT_OK
    for command in ("new", "demo", "check"):
        assert command in result.stdout
    assert "3 plan file cannot be used" in result.stdout


def test_new_creates_a_private_plan_and_prints_where(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("new", "plan.smplan")

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == ["Created the plan 'plan' at plan.smplan"]
    plan = tmp_path / "plan.smplan"
    assert stat.S_IMODE(plan.stat().st_mode) == 0o600
    # The plan is one file: no write-ahead log or shared-memory file is left beside it.
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["plan.smplan"]


def test_new_refuses_to_replace_an_existing_plan(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("new", "plan.smplan").returncode == cli.EXIT_OK
    plan = tmp_path / "plan.smplan"
    with services.open_existing(plan) as opened:
        services.create(opened, EntityKind.FUNCTION, name="Sales", colour="#1f77b4")
    before = sha256(plan)

    result = run_cli("new", "plan.smplan")

    assert result.returncode == cli.EXIT_BAD_PLAN
    assert "already exists" in one_error_line(result)
    assert result.stdout == ""
    assert sha256(plan) == before


def test_new_with_force_replaces_the_plan_with_an_empty_one(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["new", str(plan_path)]) == cli.EXIT_OK
    with services.open_existing(plan_path) as opened:
        services.create(opened, EntityKind.FUNCTION, name="Sales", colour="#1f77b4")
    before = sha256(plan_path)
    capsys.readouterr()

    code = cli.main(["new", str(plan_path), "--force"])

    assert code == cli.EXIT_OK
    assert f"at {plan_path}" in capsys.readouterr().out
    assert sha256(plan_path) != before
    assert stat.S_IMODE(plan_path.stat().st_mode) == 0o600
    with services.open_existing(plan_path) as opened:
        assert set(services.counts(opened).values()) == {0}


def test_new_adds_the_plan_suffix_to_a_bare_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["new", str(tmp_path / "budget")])

    assert code == cli.EXIT_OK
    assert (tmp_path / "budget.smplan").is_file()
    assert not (tmp_path / "budget").exists()
    out = capsys.readouterr().out
    assert out == f"Created the plan 'budget' at {tmp_path / 'budget.smplan'}\n"


def test_new_keeps_the_title_given(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["new", str(plan_path), "--title", "Q3 launches"]) == cli.EXIT_OK
    capsys.readouterr()

    assert cli.main(["check", str(plan_path)]) == cli.EXIT_OK

    assert "Plan:      Q3 launches\n" in capsys.readouterr().out


def test_check_reports_a_fresh_plan(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("new", "plan.smplan").returncode == cli.EXIT_OK
    before = sha256(tmp_path / "plan.smplan")

    result = run_cli("check", "plan.smplan")

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert "Plan:      plan" in lines
    assert "Location:  plan.smplan" in lines
    assert f"Schema:    {head_revision()}" in lines
    assert "Integrity: ok" in lines
    assert not any(line.startswith("Access:") for line in lines)
    counted = [kind for kind in EntityKind if kind is not EntityKind.VIEW_POSITION]
    assert count_lines(result.stdout) == {plural_label(kind): 0 for kind in counted}
    # Checking reads only: not a byte changes and nothing is left beside the plan.
    assert sha256(tmp_path / "plan.smplan") == before
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["plan.smplan"]


def test_check_counts_what_the_plan_holds(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with services.new_plan(plan_path) as plan:
        sales = services.create(plan, EntityKind.FUNCTION, name="Sales", colour="#1f77b4").value
        services.create(plan, EntityKind.FUNCTION, name="Marketing", colour="#ff7f0e")
        services.create(plan, EntityKind.PERSON, name="Ada Lovelace", function_id=sales.id)

    assert cli.main(["check", str(plan_path)]) == cli.EXIT_OK

    numbers = count_lines(capsys.readouterr().out)
    assert numbers["Functions"] == 2
    assert numbers["People"] == 1
    assert numbers["Task forces"] == 0
    assert len(numbers) == len(EntityKind) - 1  # places dragged in graphs are not counted


def test_check_reads_a_plan_whose_path_has_spaces_and_accents(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "Pläne 2026"
    folder.mkdir()
    name = "Équipe Vertrieb \u2013 Q3 ü.smplan"
    with services.new_plan(folder / name, title="Vertrieb"):
        pass
    before = sha256(folder / name)

    result = run_cli("check", name, cwd=folder)

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert "Plan:      Vertrieb" in result.stdout
    assert f"Location:  {name}" in result.stdout
    assert sha256(folder / name) == before


USAGE_ERRORS = [
    ["--no-such-option"],
    ["check"],
    ["new"],
    ["check", "a.smplan", "b.smplan"],
    ["demo", "x.smplan", "--people", "0"],
    ["demo", "x.smplan", "--people", "ten"],
    ["demo", "x.smplan", "--today", "notadate"],
    ["demo", "x.smplan", "--task-forces", "-3"],
]


@pytest.mark.parametrize("argv", USAGE_ERRORS, ids=" ".join)
def test_usage_errors_exit_2_and_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)

    with pytest.raises(SystemExit) as raised:
        cli.main(argv)

    assert raised.value.code == cli.EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert "usage: smarket-planner" in err
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("argv", [["--no-such-option"], ["check"], ["demo", "x.smplan", "--people", "0"]])
def test_the_real_command_exits_2_on_usage_errors(run_cli: RunCli, tmp_path: Path, argv: list[str]) -> None:
    result = run_cli(*argv)

    assert result.returncode == cli.EXIT_USAGE
    assert result.stdout == ""
    assert "usage: smarket-planner" in result.stderr
    assert "Traceback" not in result.stderr
    assert os.listdir(tmp_path) == []
