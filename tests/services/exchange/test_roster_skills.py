"""Skills in a roster: read under the headings HR gives them, kept as the plan keeps them, written out."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.services import Plan
from smarket_planner.services.exchange.roster_columns import RosterField, match_heading, plan_columns
from smarket_planner.services.exchange.roster_export import HEADINGS, export_roster
from smarket_planner.services.exchange.roster_files import read_roster_file
from smarket_planner.services.exchange.roster_import import RowOutcome, import_roster, preview_roster

K = EntityKind


@pytest.fixture
def sales(plan: Plan) -> Plan:
    """A plan with Sales, and Greta in it, who speaks German and prices deals."""
    function = services.create(plan, K.FUNCTION, name="Sales", colour="#2f7ed8").value
    services.create(
        plan, K.PERSON, name="Greta Müller", email="greta@example.com", function_id=function.id,
        title="Account Executive", skills="German, pricing",
    )  # fmt: skip
    return plan


def skills_of(plan: Plan) -> dict[str, str]:
    """Each person's skills, by name."""
    return {person.name: person.skills for person in services.find(plan, K.PERSON)}


def write(path: Path, text: str) -> Path:
    """A roster file holding the text."""
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "heading", ["Skills", "Skill tags", "Expertise", "Key skills", "Areas of Expertise", "Skills (tags)"]
)
def test_a_column_of_skills_is_known_by_the_headings_hr_uses(heading: str, tmp_path: Path) -> None:
    """ "Skills", "Skill tags", "Expertise" and their kin all name the skills column."""
    found = match_heading(heading)
    assert found is not None and found[0] is RosterField.SKILLS
    table = read_roster_file(write(tmp_path / "roster.csv", f"Name,Department,{heading}\nAna,Sales,x\n"))
    assert plan_columns(table).fields == (RosterField.NAME, RosterField.FUNCTION, RosterField.SKILLS)


@pytest.mark.parametrize("heading", ["Skill ID", "Manager skills", "Skilled"])
def test_headings_that_only_look_like_skills_are_left_alone(heading: str) -> None:
    """A code, a manager's column or a near miss is not taken for people's skills."""
    found = match_heading(heading)
    assert found is None or found[0] is not RosterField.SKILLS


def test_skills_between_commas_or_semicolons_are_kept_clean(sales: Plan, tmp_path: Path) -> None:
    """A new person gets the skills tidied (spaces, the same skill twice); a known one has them replaced,
    and the preview says so as it says a new title."""
    path = write(
        tmp_path / "roster.csv",
        "Name,Work email,Department,Skills\n"
        'Greta Müller,greta@example.com,Sales,"German;  enterprise   sales ; pricing"\n'
        'Jonas Berg,jonas@example.com,Sales,"German, Swedish;german,,cold calling"\n'
        "Amara Nwosu,amara@example.com,Sales,\n",
    )
    preview = preview_roster(sales, path)
    assert preview.ok, preview.problems
    outcomes = {row.name: (row.outcome, dict(row.changes)) for row in preview.rows}
    assert outcomes["Greta Müller"] == (RowOutcome.UPDATE, {"skills": "German, enterprise sales, pricing"})
    assert outcomes["Jonas Berg"][1]["skills"] == "German, Swedish, cold calling"
    assert outcomes["Amara Nwosu"][1]["skills"] == ""
    import_roster(sales, preview)
    assert skills_of(sales) == {
        "Greta Müller": "German, enterprise sales, pricing",
        "Jonas Berg": "German, Swedish, cold calling",
        "Amara Nwosu": "",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Name,Work email,Job title\nGreta Müller,greta@example.com,Senior Account Executive\n",
        "Name,Work email,Job title,Skills\nGreta Müller,greta@example.com,Senior Account Executive,\n",
        "Name,Work email,Job title,Skills\nGreta Müller,greta@example.com,Senior Account Executive, ; \n",
    ],
    ids=["no skills column", "an empty cell", "separators alone"],
)
def test_a_roster_that_gives_no_skills_leaves_them_as_they_are(
    sales: Plan, tmp_path: Path, text: str
) -> None:
    """Without the column, or with nothing in the cell, the title changes and the skills stay."""
    preview = preview_roster(sales, write(tmp_path / "roster.csv", text))
    assert [dict(row.changes) for row in preview.rows] == [{"title": "Senior Account Executive"}]
    import_roster(sales, preview)
    (greta,) = services.find(sales, K.PERSON)
    assert (greta.title, greta.skills) == ("Senior Account Executive", "German, pricing")


def test_the_same_skills_are_no_change(sales: Plan, tmp_path: Path) -> None:
    """The skills the plan has, written with semicolons, change nothing."""
    path = write(
        tmp_path / "roster.csv", "Name,Work email,Skills\nGreta Müller,greta@example.com,German; pricing\n"
    )
    assert [row.outcome for row in preview_roster(sales, path).rows] == [RowOutcome.SAME]


def test_too_many_skills_are_named_plainly(
    sales: Plan, tmp_path: Path, plain_english: Callable[[str], None]
) -> None:
    """A cell longer than the plan keeps is a problem of its row and column; nothing is imported."""
    long = ", ".join(f"skill {number}" for number in range(300))
    path = write(tmp_path / "roster.csv", f'Name,Department,Expertise\nAna Lima,Sales,"{long}"\n')
    (problem,) = preview_roster(sales, path).problems
    assert (problem.row, problem.column) == (2, "Expertise")
    assert problem.message.startswith("The list of skills is too long")
    plain_english(problem.message)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_writes_skills_and_reads_them_back(sales: Plan, tmp_path: Path, fmt: str) -> None:
    """The Skills column is written, as text, and importing the file into an empty plan brings them."""
    path = tmp_path / f"roster.{fmt}"
    export_roster(sales, path)
    table = read_roster_file(path)
    assert table.lines[0].cells == HEADINGS and "Skills" in HEADINGS
    assert table.lines[1].cells[HEADINGS.index("Skills")] == "German, pricing"
    if fmt == "csv":
        (row,) = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))[:1]
        assert row["Skills"] == "German, pricing"
    with services.new_plan(tmp_path / "other.smplan") as other:
        import_roster(other, preview_roster(other, path))
        assert skills_of(other) == {"Greta Müller": "German, pricing"}
