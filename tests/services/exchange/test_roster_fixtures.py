"""Rosters as HR systems export them (Workday CSV, BambooHR XLSX) brought into a plan and again."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.services import Plan
from smarket_planner.services.exchange import roster_import
from smarket_planner.services.exchange.roster_columns import RosterField, plan_columns
from smarket_planner.services.exchange.roster_files import RosterLine, RosterTable
from smarket_planner.services.exchange.roster_import import (
    RosterPreview,
    RowOutcome,
    import_roster,
    preview_roster,
)
from tests.fixtures.rosters import make_rosters as fixtures
from tests.fixtures.rosters.make_rosters import Person
from tests.services.helpers import plan_data, stored_rows

K = EntityKind
FOLDER = fixtures.HERE
PersonRowData = tuple[str, str | None, str, str, str, float]

# What the files' cells must become, written out here rather than taken from the generator.
HOURS_TO_CAPACITY = {"40": 100.0, "37.5": 93.75, "32": 80.0, "20": 50.0, "24": 60.0, "45": 100.0}
FTE_TO_CAPACITY = {1: 100.0, 0.8: 80.0, 0.5: 50.0, 0.6: 60.0, "80%": 80.0, "100%": 100.0, None: 100.0}
WORKDAY_NAMES = {"Zoë Müller", "José Ñúñez", "山田 太郎", "李雷", "عمر الفاروق", "נועה כהן", "Анна Иванова"}
BAMBOOHR_NAMES = {"Zoë Müller", "José Ñúñez", "太郎 山田", "雷 李", "عمر الفاروق", "נועה כהן", "प्रिया शर्मा"}


@dataclasses.dataclass(frozen=True)
class Fixture:
    """A roster fixture: its file, the people in it, and how to write it again with other people."""

    name: str
    people: list[Person]
    write: Callable[[list[Person]], bytes]
    names: set[str]
    capacities: dict[object, float]

    @property
    def path(self) -> Path:
        """Where the committed file is."""
        return FOLDER / self.name


WORKDAY = Fixture(
    fixtures.WORKDAY,
    fixtures.workday_people(),
    fixtures.workday_bytes,
    WORKDAY_NAMES,
    dict(HOURS_TO_CAPACITY),
)
BAMBOOHR = Fixture(
    fixtures.BAMBOOHR,
    fixtures.bamboohr_people(),
    lambda people: fixtures.bamboohr_bytes(people, fixtures.terminated_people()),
    BAMBOOHR_NAMES,
    dict(FTE_TO_CAPACITY),
)
BOTH = pytest.mark.parametrize("fixture", [WORKDAY, BAMBOOHR], ids=["workday", "bamboohr"])


def sha256(path: Path) -> str:
    """The fingerprint of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plan_file_hashes(plan: Plan) -> dict[str, str]:
    """Fingerprints of the plan file and of its write-ahead log, if there is one (none for a server plan)."""
    if plan.path is None:
        return {}
    files = [plan.path, plan.path.with_name(plan.path.name + "-wal")]
    return {path.name: sha256(path) for path in files if path.exists()}


def people_of(plan: Plan) -> list[PersonRowData]:
    """The plan's people as (name, e-mail, title, function, location, capacity), sorted."""
    functions = {item.id: item.name for item in services.find(plan, K.FUNCTION)}
    return sorted(
        (p.name, p.email, p.title, functions[p.function_id], p.location, p.capacity_pct)
        for p in services.find(plan, K.PERSON)
    )


def expected_people(fixture: Fixture) -> list[PersonRowData]:
    """The people the fixture should bring, capacities read from the table above."""
    return sorted(
        (
            person.name,
            person.email.lower() or None,
            person.title,
            person.function,
            person.location,
            fixture.capacities[person.amount],
        )
        for person in fixture.people
    )


@pytest.fixture
def imported(plan: Plan, request: pytest.FixtureRequest) -> Iterator[tuple[Plan, Fixture]]:
    """The plan with the parametrised fixture imported into it."""
    fixture: Fixture = request.param
    preview = preview_roster(plan, fixture.path)
    assert preview.ok, preview.problems[:5]
    import_roster(plan, preview)
    yield plan, fixture


IMPORTED = pytest.mark.parametrize(
    "imported", [WORKDAY, BAMBOOHR], ids=["workday", "bamboohr"], indirect=True
)


# -- the files themselves -------------------------------------------------------------------------
def test_the_fixtures_are_what_the_generator_makes(tmp_path: Path) -> None:
    """make_rosters.py makes the committed files byte for byte, and each stays small."""
    written = fixtures.write_all(tmp_path)
    assert [path.name for path in written] == [WORKDAY.name, BAMBOOHR.name]
    for path in written:
        assert path.read_bytes() == (FOLDER / path.name).read_bytes(), (
            f"{path.name} is stale: run make_rosters"
        )
        assert path.stat().st_size < 100 * 1024


def test_the_workday_file_has_the_shape_of_an_export() -> None:
    """BOM, CRLF, title lines above the headings, quoted commas, blank rows, some empty preferred names."""
    data = WORKDAY.path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    lines = text.split("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert lines[2].startswith("Employee ID,Legal First Name,Legal Last Name,Preferred Name,Work Email")
    assert '"Berlin, Germany"' in text and '"Sales, EMEA"' in text
    assert "" in lines[3:-1] and ",,,,,,,,,," in lines
    assert len(WORKDAY.people) >= 220
    # One person a row below the headings, blank rows apart, counted from the file itself.
    rows = list(csv.reader(io.StringIO(text, newline="")))[3:]
    assert sum(1 for row in rows if any(row)) == len(WORKDAY.people)
    assert sum(1 for row in rows if any(row) and not row[3]) >= 30  # no preferred name
    assert sum(1 for person in WORKDAY.people if not person.preferred) >= 30
    assert {person.amount for person in WORKDAY.people} == set(HOURS_TO_CAPACITY)


def test_the_bamboohr_file_has_the_shape_of_an_export() -> None:
    """A merged title, merged group headings, the headings on row 3, FTE as numbers and text, two sheets."""
    from openpyxl import load_workbook

    book = load_workbook(BAMBOOHR.path)
    assert book.sheetnames == ["Employees", "Terminated"]
    sheet = book["Employees"]
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    assert {"A1:I1", "A2:C2", "E2:G2", "H2:I2"} <= merged
    assert [cell.value for cell in sheet[3]] == list(fixtures.BAMBOOHR_HEADINGS)
    amounts = {person.amount for person in BAMBOOHR.people}
    assert amounts == set(FTE_TO_CAPACITY)
    assert len(BAMBOOHR.people) >= 210
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert sum(1 for row in rows if any(value is not None for value in row)) == len(BAMBOOHR.people)
    assert sum(1 for row in rows if all(value is None for value in row)) == 3  # blank rows between people
    assert {type(row[8]) for row in rows if row[0] is not None} == {int, float, str, type(None)}


# -- importing ----------------------------------------------------------------------------------
@BOTH
def test_the_headings_are_matched_without_help(plan: Plan, fixture: Fixture) -> None:
    """Each column that matters is found by its heading alone; ids, managers and divisions are left out."""
    preview = preview_roster(plan, fixture.path)
    fields = dict(zip(preview.columns.headings, preview.columns.fields, strict=True))
    if fixture is WORKDAY:
        assert preview.columns.heading_row == 3
        assert fields["Preferred Name"] is RosterField.NAME
        assert fields["Supervisory Organization"] is RosterField.FUNCTION
        assert fields["Scheduled Weekly Hours"] is RosterField.HOURS
        assert fields["Employee ID"] is fields["Manager"] is fields["Worker Type"] is None
    else:
        assert preview.columns.heading_row == 3
        assert fields["First name"] is RosterField.FIRST_NAME
        assert fields["Department"] is RosterField.FUNCTION
        assert fields["FTE"] is RosterField.FTE
        assert fields["Employee #"] is fields["Division"] is None
    assert fields["Location"] is RosterField.LOCATION


@BOTH
def test_a_fixture_imports_everyone_as_written(plan: Plan, fixture: Fixture) -> None:
    """No problems; everyone created with their name in any script, title, function, place and capacity."""
    preview = preview_roster(plan, fixture.path)
    assert preview.problems == ()
    assert preview.count(RowOutcome.NEW) == len(fixture.people)
    assert preview.count(RowOutcome.ERROR) == 0
    outcome = import_roster(plan, preview)
    assert len(outcome.value.created) == len(fixture.people)
    assert services.counts(plan)[K.PERSON] == len(fixture.people)
    # The ids handed back are the people's, in the roster's order, each stamped as new.
    stored = {person.id: person for person in services.find(plan, K.PERSON)}
    assert [stored[ident].name for ident in outcome.value.created] == [p.name for p in fixture.people]
    assert {person.version for person in stored.values()} == {1}
    assert people_of(plan) == expected_people(fixture)
    names = {person.name for person in services.find(plan, K.PERSON)}
    assert fixture.names <= names


@BOTH
def test_the_functions_named_are_created_with_distinct_colours(plan: Plan, fixture: Fixture) -> None:
    """One function per department or organisation named, as first written, each its own colour."""
    import_roster(plan, preview_roster(plan, fixture.path))
    functions = services.find(plan, K.FUNCTION)
    assert sorted(item.name for item in functions) == sorted({person.function for person in fixture.people})
    colours = [item.colour.lower() for item in functions]
    assert len(set(colours)) == len(colours)
    # Everyone counted in their own function.
    per_function = Counter(person.function for person in fixture.people)
    ids = {item.name: item.id for item in functions}
    for name, count in per_function.items():
        assert len(services.find(plan, K.PERSON, function_id=ids[name])) == count


@IMPORTED
def test_importing_the_same_file_again_changes_nothing(imported: tuple[Plan, Fixture]) -> None:
    """A second import finds everyone as they are: nobody created or updated, not a byte of data changed."""
    plan, fixture = imported
    before = plan_data(plan)
    preview = preview_roster(plan, fixture.path)
    assert preview.ok
    assert preview.count(RowOutcome.SAME) == len(fixture.people)
    assert preview.count(RowOutcome.NEW) == preview.count(RowOutcome.UPDATE) == 0
    assert preview.new_functions == ()
    summary = import_roster(plan, preview).value
    assert (summary.created, summary.updated, summary.unchanged) == ((), (), len(fixture.people))
    assert plan_data(plan) == before


@IMPORTED
def test_a_changed_title_updates_that_person_only(imported: tuple[Plan, Fixture], tmp_path: Path) -> None:
    """The person is found by e-mail whatever its case; only their title changes."""
    plan, fixture = imported
    index = next(
        number
        for number, person in enumerate(fixture.people)
        if person.email and person.email != person.email.upper() and number > 5
    )
    person = fixture.people[index]
    changed = list(fixture.people)
    changed[index] = dataclasses.replace(person, title="Chief Roster Officer", email=person.email.upper())
    path = tmp_path / f"changed{fixture.path.suffix}"
    path.write_bytes(fixture.write(changed))
    (target,) = services.find(plan, K.PERSON, email=person.email.lower())
    before = plan_data(plan)

    preview = preview_roster(plan, path)
    updates = [row for row in preview.rows if row.outcome is RowOutcome.UPDATE]
    assert [(row.person_id, dict(row.changes)) for row in updates] == [
        (target.id, {"title": "Chief Roster Officer"})
    ]
    assert preview.count(RowOutcome.SAME) == len(fixture.people) - 1
    summary = import_roster(plan, preview).value
    assert (summary.created, summary.updated) == ((), (target.id,))

    after = plan_data(plan)
    assert {name for name in after if after[name] != before[name]} == {"person"}
    gone, came = set(before["person"]) - set(after["person"]), set(after["person"]) - set(before["person"])
    assert len(gone) == len(came) == 1
    assert services.get(plan, K.PERSON, target.id) == dataclasses.replace(
        target, title="Chief Roster Officer", version=target.version + 1
    )


@BOTH
def test_a_dry_run_writes_nothing(plan: Plan, fixture: Fixture) -> None:
    """Previewing reads the plan and the file; the plan file's bytes and counts stay as they were."""
    services.create(plan, K.FUNCTION, name="Engineering", colour="#2f7ed8")
    hashes, counts, data = plan_file_hashes(plan), services.counts(plan), plan_data(plan)
    preview = preview_roster(plan, fixture.path)
    assert preview.count(RowOutcome.NEW) == len(fixture.people)
    assert "Engineering" not in preview.new_functions
    assert plan_file_hashes(plan) == hashes
    assert services.counts(plan) == counts
    assert plan_data(plan) == data


@BOTH
def test_the_roster_file_is_never_modified(plan: Plan, fixture: Fixture) -> None:
    """Preview, import, undo and a second import leave the file's bytes and time alone."""
    fingerprint, stamp = sha256(fixture.path), fixture.path.stat().st_mtime_ns
    outcome = import_roster(plan, preview_roster(plan, fixture.path))
    services.undo(plan, outcome)
    import_roster(plan, preview_roster(plan, fixture.path))
    assert sha256(fixture.path) == fingerprint
    assert fixture.path.stat().st_mtime_ns == stamp


@BOTH
def test_one_undo_removes_everything_the_import_made(plan: Plan, fixture: Fixture) -> None:
    """People and functions go with one undo; the plan is as before, and redo brings the same back."""
    services.create(plan, K.FUNCTION, name="Marketing", colour="#2f7ed8")
    before = plan_data(plan)
    outcome = import_roster(plan, preview_roster(plan, fixture.path))
    after = plan_data(plan)
    assert len(after["person"]) == len(fixture.people)
    undone = services.undo(plan, outcome)
    assert plan_data(plan) == before
    assert services.counts(plan)[K.PERSON] == 0
    services.undo(plan, undone)
    assert plan_data(plan) == after


def test_imported_people_are_stamped_as_any_other(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    """Version, created and changed times and who: as a person added by hand gets them, stored alike."""
    function = services.create(plan, K.FUNCTION, name="Hand", colour="#2f7ed8").value
    by_hand = services.create(plan, K.PERSON, name="By Hand", function_id=function.id).value
    # A moment on the second: SQLAlchemy still writes its six decimals, and so must the import.
    monkeypatch.setattr(roster_import, "utc_now", lambda: datetime(2999, 1, 2, 3, 4, 5, tzinfo=UTC))
    import_roster(plan, preview_roster(plan, WORKDAY.path))
    moment: object = datetime(2999, 1, 2, 3, 4, 5, tzinfo=UTC)
    if plan.path is None:
        typed = "pg_typeof(created_at)::text, pg_typeof(capacity_pct)::text"
        types = ("timestamp with time zone", "double precision")
    else:  # SQLite keeps the moment as text, naive UTC, as SQLAlchemy writes it
        typed = "typeof(created_at), typeof(capacity_pct)"
        types, moment = ("text", "real"), "2999-01-02 03:04:05.000000"
    columns = f"id, version, created_at, changed_at, changed_by, {typed}"
    first, *imported = stored_rows(plan, f"SELECT {columns} FROM person ORDER BY id")
    assert first[0] == by_hand.id and len(imported) == len(WORKDAY.people)
    if plan.path is not None:
        assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$", first[2])
    for _ident, version, created, changed, who, created_type, capacity_type in imported:
        assert (version, (created_type, capacity_type), who) == (1, types, first[4])
        assert created == changed == moment
    assert [row[0] for row in imported] == list(range(first[0] + 1, first[0] + 1 + len(imported)))


def test_an_update_is_undone_too(plan: Plan, tmp_path: Path) -> None:
    """Undoing a re-import that changed titles and capacities puts the old ones back."""
    import_roster(plan, preview_roster(plan, WORKDAY.path))
    before = plan_data(plan)
    changed = [
        dataclasses.replace(person, title=person.title + " II", amount="20") if number % 3 == 0 else person
        for number, person in enumerate(WORKDAY.people)
    ]
    path = tmp_path / "changed.csv"
    path.write_bytes(fixtures.workday_bytes(changed))
    preview = preview_roster(plan, path)
    assert preview.count(RowOutcome.UPDATE) == len(range(0, len(changed), 3))
    outcome = import_roster(plan, preview)
    assert plan_data(plan) != before
    services.undo(plan, outcome)
    assert plan_data(plan) == before


def test_the_second_sheet_is_read_when_named(plan: Plan) -> None:
    """sheet= picks the "Terminated" sheet (any case); its people alone come in."""
    terminated = fixtures.terminated_people()
    preview: RosterPreview = preview_roster(plan, BAMBOOHR.path, sheet="terminated")
    assert preview.table.sheet == "Terminated"
    assert preview.ok
    assert sorted(row.name for row in preview.rows) == sorted(person.name for person in terminated)
    import_roster(plan, preview)
    assert services.counts(plan)[K.PERSON] == len(terminated)


# -- headings as other HR systems write them ------------------------------------------------------
COMMON_HEADINGS = {
    "bamboohr with its employee number": (
        ["Employee #", "First name", "Last name", "Work Email", "Job Title", "Department", "Location"],
        {"First name": "first_name", "Last name": "last_name", "Work Email": "email",
         "Job Title": "title", "Department": "function", "Location": "location"},
    ),
    "workday with a cost center": (
        ["Legal First Name", "Legal Last Name", "Cost Center Name", "Email - Primary Work", "Job Profile",
         "Supervisory Organization", "FTE"],
        {"Legal First Name": "first_name", "Legal Last Name": "last_name", "Email - Primary Work": "email",
         "Job Profile": "title", "Supervisory Organization": "function", "FTE": "fte"},
    ),
    "personio": (
        ["First name", "Last name", "Email", "Position", "Department", "Team", "Office",
         "Weekly working hours", "Supervisor"],
        {"First name": "first_name", "Last name": "last_name", "Email": "email", "Position": "title",
         "Department": "function", "Office": "location", "Weekly working hours": "hours"},
    ),
    "adp": (
        ["Payroll Name", "Company Name", "Job Title Description", "Work Contact: Work Email",
         "Location Description", "Department", "Standard Hours", "Reports To Name"],
        {"Payroll Name": "name", "Job Title Description": "title", "Work Contact: Work Email": "email",
         "Location Description": "location", "Department": "function", "Standard Hours": "hours"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("headings, wanted", COMMON_HEADINGS.values(), ids=list(COMMON_HEADINGS))
def test_common_headings_are_matched(headings: list[str], wanted: dict[str, str]) -> None:
    """Headings as other HR systems write them go to the right fields; numbers, companies, managers: none."""
    table = RosterTable(
        "roster.csv",
        (
            RosterLine(1, ("People export",)),
            RosterLine(2, tuple(headings)),
            RosterLine(3, tuple("x" for _ in headings)),
        ),
    )
    columns = plan_columns(table)
    assert columns.heading_row == 2
    found = {heading: field.value for heading, field in zip(headings, columns.fields, strict=True) if field}
    assert found == wanted
