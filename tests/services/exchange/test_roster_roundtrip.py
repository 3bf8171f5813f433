"""Rosters out and back in: the same people, no formulas in what is written, bad files refused plainly."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from smarket_planner import services
from smarket_planner.domain import DomainError, EntityKind
from smarket_planner.services import Plan
from smarket_planner.services.exchange.roster_columns import ColumnChoiceError, RosterField, parse_map
from smarket_planner.services.exchange.roster_export import HEADINGS, export_roster
from smarket_planner.services.exchange.roster_files import RosterFileError
from smarket_planner.services.exchange.roster_import import (
    RosterImportError,
    RowOutcome,
    import_roster,
    preview_roster,
)
from smarket_planner.services.exchange.roster_rows import FORMULA_STARTS, neutralise, unquote
from tests.services.helpers import plan_data
from tests.services.plan_copies import Copies

K = EntityKind
FORMATS = ("csv", "xlsx")
PersonRowData = tuple[str, str | None, str, str, str, float]

# (name, e-mail, title, location, function): each starts as a spreadsheet formula would, or nearly.
HOSTILE = (
    ('=HYPERLINK("http://x","y")', "=1+1@evil.example", "=CMD()", "=A1", "=Finance"),
    ("@SUM(1+1)", "-dash@evil.example", "@title", "+44 London", "@Ops"),
    ("+1-1", "+plus@evil.example", "+SUM(A1)", "-1", "+Sales"),
    ("-2+3", None, "-@x", "@home", "-Legal"),
    ("\t=1+1", "tab@evil.example", "\t+tab", "\r-cr", "\tTabbed"),
    ("\r=cmd|' /C calc'!A0", "cr@evil.example", "\r@cr", "Berlin", "\rReturn"),
    ("'=already quoted", "quoted@evil.example", "''+twice quoted", "'@home", "'=Quoted"),
    ("O'Brien", "obrien@evil.example", "'Tis the season", "'s-Hertogenbosch", "Plain"),
)


def people_of(plan: Plan) -> list[PersonRowData]:
    """The plan's people as (name, e-mail, title, function, location, capacity), sorted."""
    functions = {item.id: item.name for item in services.find(plan, K.FUNCTION)}
    return sorted(
        (p.name, p.email, p.title, functions[p.function_id], p.location, p.capacity_pct)
        for p in services.find(plan, K.PERSON)
    )


def skills_of(plan: Plan) -> dict[str, str]:
    """Each person's skills, by name."""
    return {person.name: person.skills for person in services.find(plan, K.PERSON)}


def add_people(
    plan: Plan, rows: tuple[tuple[str, str | None, str, str, str], ...], capacity: float, skills: str = ""
) -> None:
    """Add a person for each row, with its function made first if need be."""
    functions = {item.name: item.id for item in services.find(plan, K.FUNCTION)}
    colours = iter(["#2f7ed8", "#cf6a1f", "#8b5fd6", "#d64c8f", "#1f9471", "#6f7f99", "#a2801a", "#c0392b"])
    for name, email, title, location, function in rows:
        stored = services.create(plan, K.FUNCTION, name=function, colour=next(colours)).value
        functions[stored.name] = stored.id
        services.create(
            plan, K.PERSON, name=name, email=email, title=title, location=location,
            function_id=stored.id, capacity_pct=capacity, skills=skills,
        )  # fmt: skip


@pytest.fixture
def hostile(plan: Plan) -> Plan:
    """A plan of people whose names, e-mails, titles, places, functions and skills look like formulas."""
    add_people(plan, HOSTILE, 80.0, skills="=SUM(1), +pricing, @press")
    return plan


@pytest.fixture
def varied(plan: Plan) -> Plan:
    """A plan of a dozen ordinary people in three functions, with every kind of capacity kept."""
    functions = [
        services.create(plan, K.FUNCTION, name=name, colour=colour).value
        for name, colour in (("Product", "#2f7ed8"), ("Sales, EMEA", "#cf6a1f"), ("R&D", "#8b5fd6"))
    ]
    people: list[dict[str, Any]] = [
        {
            "name": "Zoë Müller",
            "email": "zoe@example.com",
            "title": "Director, Product",
            "capacity_pct": 100,
            "skills": "German, pricing",
        },
        {
            "name": "山田 太郎",
            "email": "taro@example.com",
            "location": "東京",
            "capacity_pct": 93.75,
            "skills": "日本語, data analysis",
        },
        {"name": "عمر الفاروق", "email": None, "title": "محلل", "capacity_pct": 50, "skills": "العربية"},
        {"name": "נועה כהן", "email": "noa@example.com", "capacity_pct": 0.5},
        {"name": "José Ñúñez", "email": "jose@example.com", "title": 'Head of "Quotes"', "capacity_pct": 0},
        {"name": "Anna Smith", "email": None, "title": "Line one\nline two", "capacity_pct": 12.5},
        {"name": "Lee, Kim", "email": "kim@example.com", "location": "Seoul; Korea", "capacity_pct": 1},
        {"name": "Tab Person", "email": "tab@example.com", "title": "A\tB", "capacity_pct": 99.99},
    ]
    for number, person in enumerate(people):
        services.create(plan, K.PERSON, function_id=functions[number % 3].id, **person)
    return plan


def export(plan: Plan, folder: Path, fmt: str) -> Path:
    """Export the plan's roster into ``folder`` as ``fmt``; the file's path."""
    path = folder / f"roster.{fmt}"
    assert export_roster(plan, path) == services.counts(plan)[K.PERSON]
    return path


# -- out and back in ----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("made", ["varied", "hostile"])
@pytest.mark.usefixtures("backend")  # the plan, asked for by name below, is on each back-end
def test_an_export_imported_into_the_same_plan_changes_nothing(
    made: str, fmt: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Every row of the export is found unchanged, and importing it writes nothing."""
    plan: Plan = request.getfixturevalue(made)
    path = export(plan, tmp_path, fmt)
    before = plan_data(plan)
    preview = preview_roster(plan, path)
    assert preview.ok, preview.problems
    assert [row.outcome for row in preview.rows] == [RowOutcome.SAME] * services.counts(plan)[K.PERSON]
    import_roster(plan, preview)
    assert plan_data(plan) == before


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("made", ["varied", "hostile"])
def test_an_export_imported_into_a_new_plan_brings_the_same_people(
    made: str, fmt: str, request: pytest.FixtureRequest, tmp_path: Path, copies: Copies
) -> None:
    """A new, empty plan gets the same people in the same functions, down to every character."""
    plan: Plan = request.getfixturevalue(made)
    path = export(plan, tmp_path, fmt)
    with services.new_plan(copies.fresh("other")) as other:
        preview = preview_roster(other, path)
        assert preview.ok, preview.problems
        assert preview.count(RowOutcome.NEW) == services.counts(plan)[K.PERSON]
        import_roster(other, preview)
        assert people_of(other) == people_of(plan)
        assert skills_of(other) == skills_of(plan)
        assert sorted(item.name for item in services.find(other, K.FUNCTION)) == sorted(
            item.name for item in services.find(plan, K.FUNCTION)
        )


def test_hostile_values_are_kept_as_written(hostile: Plan) -> None:
    """The plan keeps the formula-like text (leading tabs and returns are trimmed, as for any text)."""
    names = {person.name for person in services.find(hostile, K.PERSON)}
    assert '=HYPERLINK("http://x","y")' in names and "@SUM(1+1)" in names and "'=already quoted" in names
    assert "=1+1" in names and "=cmd|' /C calc'!A0" in names  # the tab and the return went
    assert any(name.startswith(("=", "+", "-", "@")) for name in names)


def test_the_exported_csv_has_no_cell_that_starts_a_formula(hostile: Plan, tmp_path: Path) -> None:
    """Read back as text, no cell of the CSV starts with =, +, -, @, a tab or a return."""
    path = export(hostile, tmp_path, "csv")
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert len(rows) == len(HOSTILE) + 1 and len(cells) == len(HEADINGS) * len(rows)
    starting = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert starting == []
    assert '\'=HYPERLINK("http://x","y")' in cells and "'@SUM(1+1)" in cells and "''=already quoted" in cells
    assert "'=SUM(1), +pricing, @press" in cells
    for line in data.decode("utf-8-sig").split("\r\n"):
        assert not line.startswith(FORMULA_STARTS), line


def test_the_exported_workbook_has_no_formula(hostile: Plan, tmp_path: Path) -> None:
    """No cell of the XLSX is a formula, whether openpyxl or the sheet's own XML is asked."""
    from openpyxl import load_workbook

    path = export(hostile, tmp_path, "xlsx")
    book = load_workbook(path)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert len(cells) == len(HEADINGS) * (len(HOSTILE) + 1)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert [text for text in texts if text.startswith(FORMULA_STARTS)] == []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, name


@pytest.mark.parametrize(
    "text",
    ["=1", "+1", "-1", "@a", "\t1", "\r1", "'=1", "''@x", "'", "''", "'plain", "plain", "", "O'Brien", "-"],
)
def test_unquote_gives_back_what_neutralise_was_given(text: str) -> None:
    """The quote an export puts before a formula comes off again on import, and only that quote."""
    assert unquote(neutralise(text)) == text
    assert not neutralise(text).startswith(FORMULA_STARTS)


def test_a_capacity_under_one_percent_survives_the_round_trip(varied: Plan, tmp_path: Path) -> None:
    """0.5 % is written "0.5%", so that the import does not read it as half of a full week."""
    path = export(varied, tmp_path, "csv")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    capacities = {row[0]: row[5] for row in rows[1:]}
    assert capacities["נועה כהן"] == "0.5%"
    assert capacities["José Ñúñez"] == "0" and capacities["Lee, Kim"] == "1"
    assert capacities["山田 太郎"] == "93.75"


# -- files that cannot be read --------------------------------------------------------------------
def _xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "People"
    sheet.append(["Name", "Email", "Department"])
    sheet.append(["Ana Lima", "ana@example.com", "Product"])
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


def _zip_of_text() -> bytes:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return raw.getvalue()


GOOD_CSV = b"Name,Email,Department\r\nAna Lima,ana@example.com,Product\r\n"
OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)  # an OLE2 header, as .xls files start
PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(4000)


def nothing(path: Path) -> Path:
    """No file at all."""
    return path


def holding(data: bytes | Callable[[], bytes] | None) -> Callable[[Path], Path]:
    """What makes a bad file: one holding these bytes (made when needed), or a folder (None)."""

    def make(path: Path) -> Path:
        if data is None:
            path.mkdir()
        else:
            path.write_bytes(data() if callable(data) else data)
        return path

    return make


BAD_FILES: dict[str, tuple[str, Callable[[Path], Path], dict[str, Any], str]] = {
    # id: (file name, make it, preview arguments, words the message holds)
    "missing": ("missing.csv", nothing, {}, "There is no file"),
    "folder": ("folder.csv", holding(None), {}, "is a folder"),
    "empty": ("empty.csv", holding(b""), {}, "is empty"),
    "blank rows only": ("blank.csv", holding(b",,,\r\n\r\n , ,\r\n"), {}, "is empty"),
    "binary": ("photo.csv", holding(bytes(range(256)) * 8), {}, "not a text file"),
    "binary, unknown ending": ("dump.bin", holding(PICTURE), {}, "not a text file"),
    "old excel": ("roster.xls", holding(OLD_EXCEL), {}, "old Excel format"),
    "damaged xlsx": ("roster.xlsx", holding(lambda: _xlsx_bytes()[:2000]), {}, "damaged"),
    "zip that is no workbook": ("roster.xlsx", holding(_zip_of_text), {}, "damaged"),
    "text named xlsx": ("roster.xlsx", holding(GOOD_CSV), {}, "damaged"),
    "unknown sheet": (
        "roster.xlsx", holding(_xlsx_bytes), {"sheet": "Contractors"},
        "no sheet 'Contractors'; its sheets are 'People'",
    ),
    "sheet of a csv": ("roster.csv", holding(GOOD_CSV), {"sheet": "People"}, "no sheets"),
    "map to an unknown column": (
        "roster.csv", holding(GOOD_CSV), {"chosen": {"Dept": "function"}},
        "The roster has no column 'Dept'; its columns are 'Name', 'Email', 'Department'",
    ),
    "map to an unknown field": (
        "roster.csv", holding(GOOD_CSV), {"chosen": {"Name": "salary"}}, "'salary' is not a roster field",
    ),
    "map to a letter past the last column": (
        "roster.csv", holding(GOOD_CSV), {"chosen": {"Q": "name"}}, "no column 'Q'",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name, make, arguments, words", BAD_FILES.values(), ids=list(BAD_FILES))
def test_a_file_that_cannot_be_read_is_refused_plainly(
    plan: Plan,
    tmp_path: Path,
    plain_english: Callable[[str], None],
    name: str,
    make: Callable[[Path], Path],
    arguments: dict[str, Any],
    words: str,
) -> None:
    """Each bad file or choice raises its error with a message a manager can read; the plan is untouched."""
    services.create(plan, K.FUNCTION, name="Product", colour="#2f7ed8")
    before = plan_data(plan)
    path = make(tmp_path / name)
    with pytest.raises(DomainError) as caught:
        preview_roster(plan, path, **arguments)
    assert isinstance(caught.value, RosterFileError | ColumnChoiceError)
    message = str(caught.value)
    assert words in message
    plain_english(message.replace(str(path), "The file").replace(path.name, "The file"))
    assert plan_data(plan) == before


@pytest.mark.parametrize("pair", ["Dept", "=function", " =name", ""])
def test_a_map_that_is_no_choice_is_refused_plainly(pair: str, plain_english: Callable[[str], None]) -> None:
    """--map takes COLUMN=FIELD; anything else says so."""
    with pytest.raises(ColumnChoiceError) as caught:
        parse_map([pair])
    assert "COLUMN=FIELD" in str(caught.value)
    plain_english(str(caught.value))


def test_a_roster_without_names_is_not_imported(
    plan: Plan, tmp_path: Path, plain_english: Callable[[str], None]
) -> None:
    """With no column of names the preview says so, and importing is refused with nothing changed."""
    path = tmp_path / "roster.csv"
    path.write_bytes(b"Email,Department\r\nana@example.com,Product\r\n")
    before = plan_data(plan)
    preview = preview_roster(plan, path)
    assert not preview.ok
    (problem,) = preview.problems
    assert problem.row == 1 and "No column holds people's names" in problem.message
    plain_english(problem.message)
    with pytest.raises(RosterImportError) as caught:
        import_roster(plan, preview)
    plain_english(str(caught.value))
    assert plan_data(plan) == before


def test_rows_with_problems_stop_the_whole_import(
    plan: Plan, tmp_path: Path, plain_english: Callable[[str], None]
) -> None:
    """Bad rows are named by row and column; not even the good rows come in."""
    path = tmp_path / "roster.csv"
    path.write_text(
        "Name,Email,Department,Capacity %\n"
        "Ana Lima,ana@example.com,Product,80\n"
        "Bo Berg,not-an-address,Product,50\n"
        "Cy Chan,cy@example.com,,40\n"
        "Di Diaz,di@example.com,Sales,140\n"
        "Ed Eng,ANA@example.com,Sales,40\n",
        encoding="utf-8",
    )
    before = plan_data(plan)
    preview = preview_roster(plan, path)
    found = sorted((problem.row, problem.column) for problem in preview.problems)
    assert found == [(3, "Email"), (4, "Department"), (5, "Capacity %"), (6, "Email")]
    assert preview.count(RowOutcome.NEW) == 1 and preview.count(RowOutcome.ERROR) == 4
    messages = {problem.row: problem.message for problem in preview.problems}
    assert messages[6] == "The same e-mail as row 2."
    assert messages[5] == "Capacity must be between 0 and 100%, not 140%."
    for problem in preview.problems:
        plain_english(problem.message)
    with pytest.raises(RosterImportError) as caught:
        import_roster(plan, preview)
    assert "Row 3, Email" in str(caught.value)
    plain_english(str(caught.value))
    assert plan_data(plan) == before


def test_two_rows_naming_one_person_without_e_mail_are_refused(
    plan: Plan, tmp_path: Path, plain_english: Callable[[str], None]
) -> None:
    """Known by name alone, a person named by two rows would get only the later row's changes: refused.
    Two new people of the same name are two people."""
    product = services.create(plan, K.FUNCTION, name="Product", colour="#2f7ed8").value
    services.create(plan, K.PERSON, name="Bo Berg", function_id=product.id)
    path = tmp_path / "roster.csv"
    path.write_text(
        "Name,Department,Title,Location\nBo Berg,Product,Lead,\nbo berg,Product,,Berlin\n"
        "Ann Lee,Product,,\nAnn Lee,Product,,\n",
        encoding="utf-8",
    )
    before = plan_data(plan)
    preview = preview_roster(plan, path)
    assert [(p.row, p.column, p.value, p.message) for p in preview.problems] == [
        (3, "Name", "bo berg", "The same person as row 2.")
    ]
    assert [row.outcome for row in preview.rows] == [
        RowOutcome.UPDATE,
        RowOutcome.ERROR,
        RowOutcome.NEW,
        RowOutcome.NEW,
    ]
    plain_english(preview.problems[0].message)
    with pytest.raises(RosterImportError):
        import_roster(plan, preview)
    assert plan_data(plan) == before


@pytest.mark.parametrize(
    "heading, cell, message",
    [
        ("Capacity %", "abc", "This is not a number."),
        ("Capacity %", "9" * 400, "This is not a number."),
        ("Capacity %", "140", "Capacity must be between 0 and 100%, not 140%."),
        ("FTE", "1.5", "Capacity must be between 0 and 100%, not 150%."),
        ("FTE", "-0.5", "Capacity must be between 0 and 100%, not -50%."),
        ("Hours per week", "170", "Hours per week must be between 0 and 168."),
    ],
)
def test_a_bad_capacity_is_named_plainly(
    plan: Plan, tmp_path: Path, plain_english: Callable[[str], None], heading: str, cell: str, message: str
) -> None:
    """A capacity, FTE or hours cell that says no share of a week is named with its row and column."""
    path = tmp_path / "roster.csv"
    path.write_text(f"Name,Department,{heading}\nAna Lima,Product,{cell}\n", encoding="utf-8")
    (problem,) = preview_roster(plan, path).problems
    assert (problem.row, problem.column, problem.value, problem.message) == (2, heading, cell, message)
    plain_english(problem.message)


# -- how files are written ------------------------------------------------------------------------
ROSTER = [
    ["Full name", "Work email", "Department", "Job title", "Hours per week"],
    ["Zoë Müller", "zoe@example.com", "Product", "Designer", "37,5"],
    ["François Lefèvre", "francois@example.com", "Sales; EMEA", "Account Executive, DACH", "20"],
    ["Ñúñez, José", "jose@example.com", "Product", "Head | Data", "40"],
]
WANTED: list[PersonRowData] = sorted(
    [
        ("Zoë Müller", "zoe@example.com", "Designer", "Product", "", 93.75),
        ("François Lefèvre", "francois@example.com", "Account Executive, DACH", "Sales; EMEA", "", 50.0),
        ("Ñúñez, José", "jose@example.com", "Head | Data", "Product", "", 100.0),
    ]
)


def _delimited(delimiter: str, lineterminator: str = "\r\n") -> str:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator=lineterminator).writerows(ROSTER)
    return text.getvalue()


ENCODINGS: dict[str, tuple[Callable[[], bytes], str, str]] = {
    # id: (the file's bytes, the encoding read, the delimiter read)
    "comma, utf-8": (lambda: _delimited(",").encode(), "UTF-8", ","),
    "semicolon, utf-8 with bom": (lambda: _delimited(";").encode("utf-8-sig"), "UTF-8", ";"),
    "tab, lf only": (lambda: _delimited("\t", "\n").encode(), "UTF-8", "\t"),
    "bar": (lambda: _delimited("|").encode(), "UTF-8", "|"),
    "excel unicode text": (
        lambda: codecs.BOM_UTF16_LE + _delimited("\t").encode("utf-16-le"),
        "UTF-16",
        "\t",
    ),
    "utf-16 big endian": (lambda: codecs.BOM_UTF16_BE + _delimited("\t").encode("utf-16-be"), "UTF-16", "\t"),
    "utf-16 without its mark": (lambda: _delimited("\t").encode("utf-16-le"), "UTF-16", "\t"),
    "windows latin-1": (lambda: _delimited(";").encode("cp1252"), "Windows Latin-1", ";"),
}


@pytest.mark.parametrize("make, encoding, delimiter", ENCODINGS.values(), ids=list(ENCODINGS))
def test_a_roster_is_read_whatever_its_encoding_and_delimiter(
    plan: Plan, tmp_path: Path, make: Callable[[], bytes], encoding: str, delimiter: str
) -> None:
    """Commas, semicolons, tabs, bars; UTF-8, UTF-16 as Excel writes it, Windows Latin-1: the same people."""
    path = tmp_path / "roster.csv"
    path.write_bytes(make())
    preview = preview_roster(plan, path)
    assert (preview.table.encoding, preview.table.delimiter) == (encoding, delimiter)
    assert preview.ok, preview.problems
    import_roster(plan, preview)
    assert people_of(plan) == WANTED


def test_a_latin_1_file_keeps_its_accents_and_euro_sign(plan: Plan, tmp_path: Path) -> None:
    """Bytes such as 0xEB (ë) and 0x80 (€) are read as Windows writes them."""
    path = tmp_path / "roster.csv"
    path.write_bytes("Name;Department;Title\r\nZoë Müller;Ventes €;Chargée d'études\r\n".encode("cp1252"))
    assert b"Zo\xeb M\xfcller" in path.read_bytes()
    import_roster(plan, preview_roster(plan, path))
    (person,) = services.find(plan, K.PERSON)
    (function,) = services.find(plan, K.FUNCTION)
    assert (person.name, person.title, function.name) == ("Zoë Müller", "Chargée d'études", "Ventes €")


@pytest.fixture
def two_departments(tmp_path: Path) -> Iterator[Path]:
    """A roster with a department and a "Dept" column that disagree, and a title."""
    path = tmp_path / "roster.csv"
    path.write_text(
        "Name,Email,Department,Dept,Title\n"
        "Ana Lima,ana@example.com,Old Product,Product,Lead\n"
        "Bo Berg,bo@example.com,Old Sales,Sales,Rep\n",
        encoding="utf-8",
    )
    yield path


def test_a_column_can_be_chosen_by_hand(plan: Plan, two_departments: Path) -> None:
    """--map Dept=function takes the field from the column matched by itself."""
    automatic = preview_roster(plan, two_departments)
    assert automatic.new_functions == ("Old Product", "Old Sales")
    chosen = parse_map(["Dept=function"])
    assert chosen == {"Dept": "function"}
    preview = preview_roster(plan, two_departments, chosen=chosen)
    assert preview.columns.fields[2:4] == (None, RosterField.FUNCTION)
    import_roster(plan, preview)
    assert sorted(item.name for item in services.find(plan, K.FUNCTION)) == ["Product", "Sales"]


def test_a_column_can_be_chosen_by_letter_and_left_out(plan: Plan, two_departments: Path) -> None:
    """--map D=department by letter, and Title=ignore leaves the titles out."""
    preview = preview_roster(plan, two_departments, chosen=parse_map(["d = department", "Title=ignore"]))
    assert preview.columns.fields == (RosterField.NAME, RosterField.EMAIL, None, RosterField.FUNCTION, None)
    import_roster(plan, preview)
    assert {(person.name, person.title) for person in services.find(plan, K.PERSON)} == {
        ("Ana Lima", ""),
        ("Bo Berg", ""),
    }


def test_an_ignored_column_leaves_people_as_they_are(plan: Plan, two_departments: Path) -> None:
    """Re-importing with the title column ignored changes no title."""
    import_roster(plan, preview_roster(plan, two_departments))
    two_departments.write_text(two_departments.read_text().replace("Lead", "Chief"), encoding="utf-8")
    ignored = preview_roster(plan, two_departments, chosen=parse_map(["Title=ignore"]))
    assert ignored.count(RowOutcome.SAME) == 2
    counted = preview_roster(plan, two_departments)
    assert [dict(row.changes) for row in counted.rows if row.outcome is RowOutcome.UPDATE] == [
        {"title": "Chief"}
    ]
