"""``smarket-planner charter``: one task force to a PDF file, several or all into a folder; exit codes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from smarket_planner import cli, services
from smarket_planner.analysis.model import HealthBand
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.services.reports.charter_batch import unique_file_names
from tests.charter.conftest import A4, LETTER, flat, page_sizes, pdf_text, qpdf_clean, team_names

RunCli = Callable[..., subprocess.CompletedProcess[str]]
LAUNCH = "Pulse 3.0 Launch"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("charter") / "demo.smplan"
    generate_demo(path, today=date(2026, 11, 23))
    return path


@pytest.fixture(scope="module")
def teams(demo: Path) -> dict[int, str]:
    """The demo's task forces by id, read through the services."""
    with services.open_existing(demo) as plan:
        return team_names(plan)


def one_error_line(err: str, plain_english: Callable[[str], None]) -> str:
    """The single plain line a failed command writes to stderr."""
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {err!r}"
    assert lines[0].startswith("smarket-planner: ") and "Traceback" not in err
    message = lines[0].removeprefix("smarket-planner: ")
    plain_english(message[0].upper() + message[1:])
    return message


def assert_charter(path: Path, name: str) -> str:
    qpdf_clean(path)
    text = flat(pdf_text(path))
    assert name in text and "Page 1 of" in text
    return text


def test_one_task_force_by_name(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "launch.pdf"

    assert cli.main(["charter", str(demo), "--task-force", "pulse 3.0 LAUNCH", "-o", str(out)]) == cli.EXIT_OK

    assert_charter(out, LAUNCH)
    captured = capsys.readouterr()
    assert captured.out == f"Wrote the charter to {out}\n" and captured.err == ""
    assert sorted(os.listdir(tmp_path)) == ["launch.pdf"]


def test_one_task_force_by_number(demo: Path, teams: dict[int, str], tmp_path: Path) -> None:
    ident = next(ident for ident, name in teams.items() if name == "DACH Market Entry")
    out = tmp_path / "dach.PDF"

    assert cli.main(["charter", str(demo), "--task-force", str(ident), "-o", str(out)]) == cli.EXIT_OK

    assert_charter(out, "DACH Market Entry")


@pytest.mark.parametrize("processes", ["1", "2"])
def test_all_task_forces_into_a_folder(
    demo: Path, teams: dict[int, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], processes: str
) -> None:
    folder = tmp_path / "charters"

    code = cli.main(["charter", str(demo), "--all", "-o", str(folder), "--processes", processes])

    assert code == cli.EXIT_OK
    files = unique_file_names(list(teams.items()))
    assert sorted(os.listdir(folder)) == sorted(files.values())
    for ident, file in files.items():
        assert_charter(folder / file, teams[ident])
    captured = capsys.readouterr()
    assert captured.out == f"Wrote {len(teams)} of {len(teams)} charters to {folder}\n"
    assert len(captured.err.splitlines()) == len(teams)  # a line per charter when not on a terminal


def test_several_task_forces_go_into_a_folder(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "two"
    argv = [
        "charter",
        str(demo),
        "--task-force",
        LAUNCH,
        "--task-force",
        "DACH Market Entry",
        "-o",
        str(folder),
    ]

    assert cli.main([*argv, "--processes", "1"]) == cli.EXIT_OK

    assert sorted(os.listdir(folder)) == ["DACH Market Entry.pdf", f"{LAUNCH}.pdf"]


def test_an_unknown_task_force_is_one_plain_line(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], plain_english: Callable[[str], None]
) -> None:
    out = tmp_path / "x.pdf"

    assert cli.main(["charter", str(demo), "--task-force", "Moonshot", "-o", str(out)]) == cli.EXIT_FAILED

    captured = capsys.readouterr()
    assert "Moonshot" in one_error_line(captured.err, plain_english)
    assert captured.out == "" and not out.exists()


def test_an_unknown_section_is_a_usage_error(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], plain_english: Callable[[str], None]
) -> None:
    out = tmp_path / "x.pdf"

    code = cli.main(
        ["charter", str(demo), "--task-force", LAUNCH, "-o", str(out), "--sections", "members,bogus"]
    )

    message = one_error_line(capsys.readouterr().err, plain_english)
    assert "bogus" in message and "members" in message and "signatures" in message
    assert not out.exists()
    assert code == cli.EXIT_USAGE


def test_an_empty_section_list_is_a_usage_error(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    assert cli.main(["charter", str(demo), "--all", "-o", str(out), "--sections", " , "]) == cli.EXIT_USAGE
    assert not out.exists()


@pytest.mark.parametrize("name", ["launch.txt", "launch", "launch.pdf.bak"])
def test_one_charter_must_go_to_a_pdf_file(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code = cli.main(["charter", str(demo), "--task-force", LAUNCH, "-o", str(tmp_path / name)])

    assert code == cli.EXIT_USAGE
    assert ".pdf" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["charter", "PLAN", "-o", "x.pdf"],  # neither --task-force nor --all
        ["charter", "PLAN", "--all", "--task-force", LAUNCH, "-o", "x"],
        ["charter", "PLAN", "--all"],  # no -o
        ["charter", "PLAN", "--all", "-o", "x", "--page-size", "a3"],
        ["charter", "PLAN", "--all", "-o", "x", "--processes", "0"],
    ],
)
def test_argument_errors_exit_2(demo: Path, tmp_path: Path, argv: list[str]) -> None:
    argv = [
        str(demo) if arg == "PLAN" else str(tmp_path / arg) if arg in ("x", "x.pdf") else arg for arg in argv
    ]
    with pytest.raises(SystemExit) as raised:
        cli.main(argv)
    assert raised.value.code == cli.EXIT_USAGE
    assert os.listdir(tmp_path) == []


def test_all_into_an_existing_file_fails_and_leaves_it(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "existing_file.pdf"
    taken.write_bytes(b"%PDF-1.4 someone else's")

    assert cli.main(["charter", str(demo), "--all", "-o", str(taken)]) == cli.EXIT_FAILED

    assert taken.read_bytes() == b"%PDF-1.4 someone else's"
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "folder" in err and "Traceback" not in err
    assert os.listdir(tmp_path) == ["existing_file.pdf"]


def test_a_missing_plan_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["charter", str(tmp_path / "nowhere.smplan"), "--all", "-o", str(tmp_path / "out")])

    assert code == cli.EXIT_BAD_PLAN
    assert len(capsys.readouterr().err.splitlines()) == 1
    assert os.listdir(tmp_path) == []


def test_a_corrupt_plan_exits_3_and_is_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    noise = tmp_path / "noise.smplan"
    noise.write_bytes(os.urandom(64 * 1024))
    before = sha256(noise)

    code = cli.main(["charter", str(noise), "--task-force", LAUNCH, "-o", str(tmp_path / "x.pdf")])

    assert code == cli.EXIT_BAD_PLAN
    assert len(capsys.readouterr().err.splitlines()) == 1
    assert sha256(noise) == before
    assert os.listdir(tmp_path) == ["noise.smplan"]


def test_the_plan_file_is_not_changed(demo: Path, tmp_path: Path) -> None:
    before = sha256(demo)
    assert (
        cli.main(["charter", str(demo), "--all", "-o", str(tmp_path / "out"), "--processes", "2"])
        == cli.EXIT_OK
    )
    assert sha256(demo) == before
    assert sorted(path.name for path in demo.parent.iterdir()) == ["demo.smplan"]


@pytest.mark.parametrize(("size", "portrait"), [("a4", A4), ("letter", LETTER)])
def test_the_page_size(demo: Path, tmp_path: Path, size: str, portrait: tuple[int, int]) -> None:
    out = tmp_path / "launch.pdf"

    assert cli.main(["charter", str(demo), "--task-force", LAUNCH, "-o", str(out), "--page-size", size]) == 0

    sizes = page_sizes(out)
    assert sizes[0] == portrait and set(sizes) <= {portrait, portrait[::-1]}


def test_sections_limit_what_is_printed(demo: Path, tmp_path: Path) -> None:
    full, some = tmp_path / "full.pdf", tmp_path / "some.pdf"
    argv = ["charter", str(demo), "--task-force", LAUNCH, "-o"]

    assert cli.main([*argv, str(full)]) == cli.EXIT_OK
    assert cli.main([*argv, str(some), "--sections", "members, KPIs"]) == cli.EXIT_OK

    whole, part = assert_charter(full, "Priya Raman"), assert_charter(some, "Priya Raman")
    for kept in ("Members", "KPIs", "Marketing-qualified leads (MQLs)", "Siobhán Kelly"):
        assert kept in part
    for left_out in (
        "TASK FORCE CHARTER",
        "Objective",
        "Shared goals",
        "Risks",
        "Signatures",
        "Alignment health",
    ):
        assert left_out in whole and left_out not in part
    assert len(page_sizes(some)) < len(page_sizes(full))


def test_the_real_command_writes_a_charter(run_cli: RunCli, demo: Path, tmp_path: Path) -> None:
    result = run_cli(
        "charter", str(demo), "--task-force", LAUNCH, "-o", "launch.pdf", "--page-size", "letter"
    )

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert result.stdout.strip() == "Wrote the charter to launch.pdf" and result.stderr == ""
    assert_charter(tmp_path / "launch.pdf", LAUNCH)
    assert page_sizes(tmp_path / "launch.pdf")[0] == LETTER


def test_the_charter_prints_the_score_and_band_the_check_gives(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", str(demo), "--json", "--task-force", LAUNCH]) in (cli.EXIT_OK, 1)
    (team,) = json.loads(capsys.readouterr().out)["task_forces"]
    out = tmp_path / "health.pdf"

    assert (
        cli.main(["charter", str(demo), "--task-force", LAUNCH, "--sections", "health", "-o", str(out)]) == 0
    )

    text = flat(pdf_text(out))
    band = HealthBand(team["health"]["band"])
    assert f"{round(team['health']['score'])} out of 100 {band.label.capitalize()}" in text
    assert team["health"]["open_errors"] >= 3 and band is HealthBand.RED  # three KPIs off track
    assert f"{team['health']['open_errors']} open errors put it in the red until they are fixed" in text
