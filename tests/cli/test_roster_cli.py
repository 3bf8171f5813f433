"""``smarket-planner roster import|export``: HR rosters in and out, dry runs, column choices, exit codes."""

from __future__ import annotations

import csv
import hashlib
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from smarket_planner import cli, services
from smarket_planner.domain import EntityKind
from smarket_planner.services.actions.plan import counts

RunCli = Callable[..., subprocess.CompletedProcess[str]]

ROSTER = (
    "People export, 30 Nov 2026\n"
    "First Name;Last Name;Work Email;Job Title;Department;Location;FTE\n"
    "Ana;Ruiz;ana.ruiz@northwind.example;Product Manager;Product;Madrid;0,8\n"
    ";;;;;;\n"
    "山田;太郎;Taro.Yamada@northwind.example;Account Executive;Sales;Tokyo;1\n"
    "عمر;الفاروق;omar@northwind.example;Solutions Consultant;sales;Dubai;100%\n"
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "team.smplan"
    services.new_plan(path).close()
    return path


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_bytes(ROSTER.encode("utf-8-sig"))
    return path


def people(plan_file: Path) -> dict[str, tuple[str, str, float]]:
    with services.open_existing(plan_file) as plan:
        functions = {function.id: function.name for function in services.find(plan, EntityKind.FUNCTION)}
        return {
            person.email or person.name: (person.name, functions[person.function_id], person.capacity_pct)
            for person in services.find(plan, EntityKind.PERSON)
        }


def test_a_roster_comes_in_with_its_columns_matched_and_its_functions_made(
    run_cli: RunCli, plan_file: Path, roster: Path
) -> None:
    before = sha256(roster)
    result = run_cli("roster", "import", str(plan_file), str(roster))
    assert result.returncode == cli.EXIT_OK, result.stderr
    assert "headings on row 2" in result.stdout and "Department  -> Function (department)" in result.stdout
    assert "created 3 people and 2 functions" in result.stdout
    assert people(plan_file) == {
        "ana.ruiz@northwind.example": ("Ana Ruiz", "Product", 80.0),
        "taro.yamada@northwind.example": ("山田 太郎", "Sales", 100.0),
        "omar@northwind.example": ("عمر الفاروق", "Sales", 100.0),
    }
    assert sha256(roster) == before  # the input file is never touched

    again = run_cli("roster", "import", str(plan_file), str(roster))
    assert again.returncode == cli.EXIT_OK and "created 0 people" in again.stdout
    assert "left 3 as they were" in again.stdout


def test_a_dry_run_says_what_would_change_and_changes_nothing(
    run_cli: RunCli, plan_file: Path, roster: Path
) -> None:
    plan_before = sha256(plan_file)
    result = run_cli("roster", "import", str(plan_file), str(roster), "--dry-run")
    assert result.returncode == cli.EXIT_OK, result.stderr
    assert "Dry run: The roster would create 3 people and add 2 functions (Product, Sales)." in result.stdout
    assert "row     3  new     Ana Ruiz (Product)" in result.stdout
    assert "Nothing was changed." in result.stdout
    assert sha256(plan_file) == plan_before


def test_an_update_is_listed_by_a_dry_run_and_matched_by_e_mail_in_any_case(
    run_cli: RunCli, plan_file: Path, roster: Path, tmp_path: Path
) -> None:
    assert run_cli("roster", "import", str(plan_file), str(roster)).returncode == cli.EXIT_OK
    changed = tmp_path / "changed.csv"
    changed.write_text(
        "Full name,E-mail,Job title,Department\n"
        "Ana Ruiz,ANA.RUIZ@Northwind.example,Head of Product,Product\n",
        encoding="utf-8",
    )
    dry = run_cli("roster", "import", str(plan_file), str(changed), "--dry-run")
    assert "update  Ana Ruiz: title -> Head of Product" in dry.stdout
    assert "The roster would update 1 person." in dry.stdout  # nothing said of what it would not do
    done = run_cli("roster", "import", str(plan_file), str(changed))
    assert "created 0 people, updated 1" in done.stdout
    with services.open_existing(plan_file) as plan:
        assert counts(plan)[EntityKind.PERSON] == 3
        (ana,) = services.find(plan, EntityKind.PERSON, email="ana.ruiz@northwind.example")
        assert ana.title == "Head of Product" and ana.capacity_pct == 80.0  # a column not given stays


def test_rows_with_problems_are_each_named_and_nothing_is_imported(
    run_cli: RunCli, plan_file: Path, tmp_path: Path, plain_english: Callable[[str], None]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Name,Email,Department,Capacity\n"
        "Good Person,good@x.example,Sales,100\n"
        "Bad Mail,not-an-address,Sales,100\n"
        "Too Busy,busy@x.example,Sales,140\n"
        "No Team,noteam@x.example,,50\n"
        "Twice,GOOD@x.example,Sales,100\n",
        encoding="utf-8",
    )
    plan_before = sha256(plan_file)
    result = run_cli("roster", "import", str(plan_file), str(bad))
    assert result.returncode == cli.EXIT_FAILED
    lines = result.stderr.strip().splitlines()
    assert "Row 3, Email ('not-an-address'): This is not an e-mail address." in lines[0]
    assert "Row 4, Capacity ('140'): Capacity must be between 0 and 100%, not 140%." in lines[1]
    assert "Row 5, Department: A new person needs a function (department)." in lines[2]
    assert "Row 6, Email ('good@x.example'): The same e-mail as row 2." in lines[3]
    assert "4 rows cannot be imported" in lines[-1] and "Nothing was imported" in lines[-1]
    for line in lines:
        plain_english(line.removeprefix("smarket-planner: "))
    assert sha256(plan_file) == plan_before


def test_columns_can_be_chosen_by_hand(run_cli: RunCli, plan_file: Path, tmp_path: Path) -> None:
    odd = tmp_path / "odd.tsv"
    odd.write_text("Who\tMailbox\tCrew\tPhone\nLi Wei\tli@x.example\tPR\t+49 30 1234\n", encoding="utf-8")
    unmapped = run_cli("roster", "import", str(plan_file), str(odd))
    assert unmapped.returncode == cli.EXIT_FAILED and "No column holds people's names" in unmapped.stderr
    result = run_cli(
        "roster",
        "import",
        str(plan_file),
        str(odd),
        "--map",
        "Who=name",
        "--map",
        "b=email",
        "--map",
        "Crew=function",
    )
    assert result.returncode == cli.EXIT_OK, result.stderr
    assert "Phone    -> (left out)" in result.stdout
    assert people(plan_file) == {"li@x.example": ("Li Wei", "PR", 100.0)}


@pytest.mark.parametrize(
    ("choice", "said"),
    [
        ("Nope=name", "The roster has no column 'Nope'"),
        ("Who=salary", "'salary' is not a roster field"),
        ("Who", "'Who' is not a column choice"),
    ],
)
def test_a_wrong_column_choice_is_a_usage_error(
    run_cli: RunCli, plan_file: Path, tmp_path: Path, choice: str, said: str
) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("Who,Mailbox\nLi Wei,li@x.example\n", encoding="utf-8")
    result = run_cli("roster", "import", str(plan_file), str(odd), "--map", choice)
    assert result.returncode == cli.EXIT_USAGE and said in result.stderr


def test_a_roster_file_that_cannot_be_read_leaves_the_plan_alone(
    run_cli: RunCli, plan_file: Path, tmp_path: Path
) -> None:
    plan_before = sha256(plan_file)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is no workbook")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    for path, said in (
        (tmp_path / "missing.csv", "There is no file"),
        (broken, "is not an Excel workbook, or it is damaged"),
        (old, "old Excel format"),
        (tmp_path, "is a folder"),
    ):
        result = run_cli("roster", "import", str(plan_file), str(path))
        assert result.returncode == cli.EXIT_BAD_PLAN, (path, result.stderr)
        assert said in result.stderr and "Traceback" not in result.stderr
    assert sha256(plan_file) == plan_before


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_exported_roster_comes_back_unchanged(
    run_cli: RunCli, plan_file: Path, roster: Path, tmp_path: Path, suffix: str
) -> None:
    assert run_cli("roster", "import", str(plan_file), str(roster)).returncode == cli.EXIT_OK
    with services.open_existing(plan_file) as plan:
        ana = services.find(plan, EntityKind.PERSON, email="ana.ruiz@northwind.example")[0]
        services.update(plan, EntityKind.PERSON, ana.id, title='=HYPERLINK("http://evil.example","Open")')
    out = tmp_path / f"roster.{suffix}"
    result = run_cli("roster", "export", str(plan_file), str(out))
    assert result.returncode == cli.EXIT_OK and "Wrote 3 people" in result.stdout
    if suffix == "csv":
        cells = [cell for row in csv.reader(out.read_text(encoding="utf-8-sig").splitlines()) for cell in row]
        assert cells[:6] == ["Name", "Work email", "Function", "Job title", "Location", "Capacity %"]
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    again = run_cli("roster", "import", str(plan_file), str(out), "--dry-run")
    assert "Dry run: The roster would leave 3 people as they are." in again.stdout


def test_a_roster_is_written_as_csv_or_excel_only(run_cli: RunCli, plan_file: Path, tmp_path: Path) -> None:
    result = run_cli("roster", "export", str(plan_file), str(tmp_path / "people.pdf"))
    assert result.returncode == cli.EXIT_USAGE and "CSV or as an Excel workbook" in result.stderr
    assert not (tmp_path / "people.pdf").exists()
