"""Thousands of malformed rosters, CSV and Excel: each is imported whole or refused plainly, never half.

Each example writes one file and runs preview and import on one plan per test, kept small by
undoing every import that went through (which checks that one undo takes it all back). What
must hold: the import went through and the plan grew by exactly what the preview said, or a
``DomainError`` came out (or the preview listed problems, each with its row and a message) and
the plan is as it was. Any other exception fails the test, as would a preview that found
nothing wrong followed by an import that refused.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from random import Random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smarket_planner import services
from smarket_planner.domain import DomainError, EntityKind
from smarket_planner.services import Plan
from smarket_planner.services.exchange.roster_columns import (
    FIELD_LABELS,
    HEADINGS,
    RosterField,
    match_heading,
)
from smarket_planner.services.exchange.roster_import import (
    RosterImportError,
    RosterPreview,
    RowOutcome,
    import_roster,
    preview_roster,
)

pytestmark = pytest.mark.slow

K = EntityKind
CSV_EXAMPLES = 8_000
XLSX_EXAMPLES = 2_000

# -- what rosters are made of ---------------------------------------------------------------------
# Cells are mostly drawn from pools made up front (one draw a cell keeps 10,000 examples within
# minutes); free text from hypothesis is one branch among them.
REAL_HEADINGS = sorted(
    {name.title() for names in HEADINGS.values() for name in names}
    | set(FIELD_LABELS.values())
    | {"Work Email", "E-Mail", "Employee #", "Capacity %", "FTE %", "Legal First Name"}
)
OTHER_HEADINGS = ("Employee ID", "Manager", "Personal Email", "Notes", "Start Date", "Cost Center Name", "")
NAMES = (
    "Ana Lima", "ana lima", "Bo Berg", "BO BERG", "Cy Chan", "Zoë Müller", "José Ñúñez", "山田 太郎", "李雷",
    "عمر الفاروق", "נועה כהן", "Анна Иванова", "O'Brien", "Lee, Kim", "Ann \"Nan\" Lee", "  spaced  ",
)  # fmt: skip
EMAILS = (
    "ana@example.com", "ANA@Example.com", "cy@example.com", "new@example.com", "new2@example.com",
    "New@Example.COM", "not-an-email", "a@b", "two@@example.com", "x@y.z", "=1+1@evil.example",
    "spaced @example.com", "é@exämple.com",
)  # fmt: skip
AMOUNTS = (
    "80", "0.8", "80%", "1", "0", "100", "100.0", "140", "-5", "-0", "abc", "37,5", "37.5", "1e3",
    "9" * 400, "0.5%", " 50 ", "nan", "inf", "½", "1,000", "1.5", "1.6", "168", "169", "0,5", "%", ".5",
)  # fmt: skip
FUNCTIONS = ("Product", "product", "PRODUCT", "Sales", "Straße", "STRASSE", "R&D", "Sales, EMEA", "=SUM(1)")
FORMULAS = ("=1+1", "'=x", "''=y", "@SUM(1)", "+1", "-1", "\t=x", "\r=y", '=HYPERLINK("http://x","y")')
QUOTES = ('"abc', 'a"b', '"', '""', '"a""b"', 'x"', "'", '"\'"', "a\nb", "a\r\nb", "a,b", "a;b", "a\tb")
LONG = ("x" * 121, "y" * 255, "é" * 1_000, "z " * 70)
HUGE = ("H" * 140_000, "h" * 100_000)  # past and within what one CSV cell may hold


def _junk(count: int) -> tuple[str, ...]:
    """Seeded strings of any characters: control characters, C1, marks, CJK, right-to-left, emoji."""
    rng = Random(20261203)
    ranges = (
        (0, 0x20), (0x20, 0x7F), (0x7F, 0xA0), (0xA0, 0x250), (0x300, 0x370), (0x590, 0x700),
        (0x3040, 0x30FF), (0x4E00, 0x4F00), (0xFE00, 0xFE10), (0x1F600, 0x1F650), (0xFFF0, 0x10000),
    )  # fmt: skip
    made = []
    for _ in range(count):
        low, high = rng.choice(ranges)
        made.append("".join(chr(rng.randrange(low, high)) for _ in range(rng.randrange(1, 12))))
    return tuple(made)


JUNK = _junk(300)
CELL_POOL = ("",) * 20 + NAMES + EMAILS + AMOUNTS + FUNCTIONS + FORMULAS + QUOTES + LONG + JUNK
cells = st.one_of(st.sampled_from(CELL_POOL), st.text(max_size=12))
headings = st.sampled_from((*REAL_HEADINGS, *REAL_HEADINGS, *REAL_HEADINGS, *OTHER_HEADINGS, *JUNK[:40]))

# For a column whose heading names a field, cells that fit it, so that many rosters go in.
GOOD_NAMES = NAMES * 3 + tuple(
    f"{first} {last}" for first in ("Ann", "Émile", "陈") for last in ("Ng", "Ørn")
)
GOOD_AMOUNTS = ("80", "0.8", "80%", "1", "0", "100", "37.5", "37,5", "20", "0.5", "")
FITTING: dict[RosterField | None, tuple[str, ...]] = {
    RosterField.NAME: GOOD_NAMES,
    RosterField.FIRST_NAME: GOOD_NAMES,
    RosterField.LAST_NAME: GOOD_NAMES,
    # Mostly addresses of nobody yet, now and then one of the plan's people (in any case).
    RosterField.EMAIL: (
        "ana@example.com",
        "CY@example.com",
        "",
        *(f"p{number}@example.com" for number in range(997)),
    ),
    RosterField.TITLE: ("Lead", "Engineer, Senior", "=CMD()", "Ärztin", "", *JUNK[:20]),
    RosterField.LOCATION: ("Berlin", "東京", "Remote — Lisbon", "@home", ""),
    RosterField.FUNCTION: FUNCTIONS[:7],
    RosterField.CAPACITY: GOOD_AMOUNTS,
    RosterField.FTE: GOOD_AMOUNTS,
    RosterField.HOURS: ("40", "32", "37.5", "20", "45", "0"),
    RosterField.SKILLS: (
        "German, pricing",
        "press relations; data analysis",
        "Pricing,,pricing",
        ";",
        "@press",
        "",
    ),
    None: ("", "x", "123", "2026-01-01"),
}
NAME_HEADINGS = st.sampled_from(
    [name.title() for field in (RosterField.NAME, RosterField.FIRST_NAME) for name in HEADINGS[field]]
)
FUNCTION_HEADINGS = st.sampled_from([name.title() for name in HEADINGS[RosterField.FUNCTION]])


@st.composite
def table(draw: st.DrawFn, pool: tuple[Any, ...] = CELL_POOL) -> list[list[Any]]:
    """Rows of a roster: a title line or two, headings, then rows. In two rosters of three there are
    columns of names and of functions and the cells fit their headings (names under a name, e-mails
    under an e-mail) but for a stray one; in the rest anything goes. A row's cells are picked by a
    generator seeded from one draw (one draw a row, not one a cell, keeps 10,000 examples fast);
    now and then one of them is free text drawn by hypothesis itself."""
    rows: list[list[Any]] = [[draw(cells)] for _ in range(draw(st.integers(0, 2)))]
    fitting = draw(st.integers(0, 2)) > 0
    width = draw(st.integers(2 if fitting else 1, 8))
    titles = [draw(headings) for _ in range(width)]
    if fitting:
        titles[:2] = [draw(NAME_HEADINGS), draw(FUNCTION_HEADINGS)]
        titles = [titles[place] for place in draw(st.permutations(range(width)))]
    rows.append(titles)
    fields = [found[0] if (found := match_heading(title)) else None for title in titles]
    for _ in range(draw(st.integers(0, 10))):
        pick = Random(draw(st.integers(0, 2**32 - 1)))
        if fitting:
            row = [pick.choice(FITTING[field]) for field in fields]
            if pick.random() < 0.1:  # one cell of anything
                row[pick.randrange(width)] = pick.choice(pool)
        else:
            row = [pick.choice(pool) for _ in range(pick.randrange(width + 3))]
        if row and pick.random() < 0.15:
            row[pick.randrange(len(row))] = draw(st.text(max_size=12))
        rows.append(row)
        if pick.random() < 0.1:
            rows.append([""] * pick.randrange(width + 1))  # a blank row
    return rows


def _csv_cell(value: str, quote: bool) -> str:
    return '"' + value.replace('"', '""') + '"' if quote else value


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A CSV roster's name and bytes: any delimiter (even several), encoding, line end, broken bytes."""
    if draw(st.integers(0, 49)) == 0:
        return draw(st.sampled_from(("roster.csv", "roster.dat"))), draw(st.binary(max_size=300))
    rows = draw(table())
    if draw(st.integers(0, 24)) == 0:
        rows[-1].append(draw(st.sampled_from(HUGE)))
    delimiter = draw(st.sampled_from(",;\t|"))
    ending = draw(st.sampled_from(("\r\n", "\n", "\r")))
    mixed = draw(st.integers(0, 3)) == 0
    lines = []
    for row in rows:
        used = draw(st.sampled_from(",;\t| ")) if mixed else delimiter
        quoted = draw(st.integers(0, 2 ** len(row) - 1))  # which cells are quoted, one bit each
        lines.append(used.join(_csv_cell(value, bool(quoted >> bit & 1)) for bit, value in enumerate(row)))
    document = ending.join(lines) + draw(st.sampled_from(("", ending)))
    encoding = draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1")))
    data = bytearray(document.encode(encoding, errors="replace"))
    if draw(st.integers(0, 3)) == 0:
        for spot in draw(st.lists(st.integers(0, len(data)), max_size=3)):
            data[spot:spot] = draw(st.sampled_from((b"\x00", b"\xff", b"\xc3\x28", b"\xe2\x82", b"\x00\x00")))
    if data and draw(st.integers(0, 9)) == 0:
        del data[draw(st.integers(0, len(data) - 1)) :]
    name = draw(st.sampled_from(("roster.csv", "roster.csv", "roster.txt", "roster.tsv", "roster")))
    return name, bytes(data)


XLSX_POOL = (
    *CELL_POOL,
    0, 1, -1, 10**20, -(10**6), 0.8, 0.5, 1.0, 80, 37.5, 100, 150, 1e-9, 1e300, float("nan"), float("inf"),
    True, False, None, None, None, date(1900, 3, 1), date(2026, 11, 30), datetime(2026, 11, 30, 7, 45),
    datetime(9999, 12, 31, 23, 59), time(0), time(9, 30, 15),
)  # fmt: skip
SHEET_NAMES = ("Sheet1", "Employees", "Terminated", "Données", "人员", "Roster (2)")


@dataclass(frozen=True)
class Workbook:
    """An XLSX roster as drawn: its bytes and the sheet to ask for (None: the first)."""

    data: bytes
    sheet: str | None
    rows: list[list[list[Any]]]  # each sheet's rows, as drawn
    damage: str

    def __repr__(self) -> str:
        return f"Workbook(sheet={self.sheet!r}, damage={self.damage!r}, rows={self.rows!r})"


def _text(value: Any) -> Any:
    """A value openpyxl accepts in a cell: strings without the control characters XML cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


@st.composite
def xlsx_files(draw: st.DrawFn) -> Workbook:
    """A workbook of one to three sheets, each with merged cells here and there, now and then damaged."""
    from openpyxl import Workbook as Book

    book = Book()
    drawn = []
    titles = draw(st.lists(st.sampled_from(SHEET_NAMES), min_size=1, max_size=3, unique=True))
    for number, title in enumerate(titles):
        sheet = book.active if number == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        rows = draw(table(XLSX_POOL))
        drawn.append(rows)
        for row in rows:
            sheet.append([_text(value) for value in row])
        for _ in range(draw(st.integers(0, 3))):
            top, left = draw(st.integers(1, len(rows) + 1)), draw(st.integers(1, 9))
            bottom, right = top + draw(st.integers(0, 3)), left + draw(st.integers(0, 3))
            if (bottom, right) != (top, left):
                sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    raw = io.BytesIO()
    book.save(raw)
    data = bytearray(raw.getvalue())
    # Places in the file are drawn as fractions: the workbook's length varies with its save time.
    damage = draw(st.integers(0, 9))
    if damage == 0:  # cut short
        del data[int(len(data) * draw(st.floats(0, 1, exclude_max=True))) :]
    elif damage == 1:  # bytes changed inside
        for spot in draw(st.lists(st.floats(0, 1, exclude_max=True), min_size=1, max_size=4)):
            data[int(len(data) * spot)] = draw(st.integers(0, 255))
    elif damage == 2:  # a part's XML broken, the archive sound
        data = bytearray(_break_xml(bytes(data), draw(st.integers(0, 10**6))))
    sheet_asked = draw(
        st.one_of(st.none(), st.sampled_from(titles).map(str.upper), st.sampled_from(("Nope", "")))
    )
    said = {0: "cut short", 1: "bytes changed", 2: "XML part cut"}.get(damage, "")
    return Workbook(bytes(data), sheet_asked, drawn, said)


def _break_xml(data: bytes, seed: int) -> bytes:
    """The workbook with one of its XML parts cut in half."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        broken = names[seed % len(names)]
        for name in names:
            content = source.read(name)
            target.writestr(name, content[: len(content) // 2] if name == broken else content)
    return out.getvalue()


# -- the plan and the check -----------------------------------------------------------------------
@dataclass
class Target:
    """The one plan a fuzz test imports into, the folder its roster files go to, and a reader of it."""

    plan: Plan
    folder: Path
    reader: sqlite3.Connection  # read-only, beside the plan's own: counting through it costs next to nothing
    tables: tuple[str, ...]
    tried: int = 0
    imported: int = 0
    refused: int = 0


def open_target(path: Path) -> Target:
    """A new plan at ``path`` with two functions and three people (one without e-mail) to match."""
    plan = services.new_plan(path)
    product = services.create(plan, K.FUNCTION, name="Product", colour="#2f7ed8").value
    sales = services.create(plan, K.FUNCTION, name="Sales", colour="#cf6a1f").value
    for name, email, function in (
        ("Ana Lima", "ana@example.com", product),
        ("Bo Berg", None, sales),
        ("Cy Chan", "cy@example.com", product),
    ):
        services.create(plan, K.PERSON, name=name, email=email, function_id=function.id, capacity_pct=80.0)
    reader = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
    tables = tuple(  # the plan's own tables, not the log that tells other windows of each edit
        name
        for (name,) in reader.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'change_log' ORDER BY name"
        )
    )
    return Target(plan, path.parent, reader, tables)


@pytest.fixture
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    """The plan one fuzz test imports into, all its examples long."""
    found = open_target(tmp_path_factory.mktemp("fuzz") / "fuzz.smplan")
    yield found
    found.reader.close()
    found.plan.close()
    # Every example ran to its end, and rosters were both imported and refused.
    assert found.tried > 0 and found.imported > 0 and found.refused > 0, found


def table_counts(target: Target) -> dict[str, int]:
    """How many rows each table of the plan holds, in one statement."""
    query = ", ".join(f'(SELECT count(*) FROM "{name}")' for name in target.tables)
    row = target.reader.execute(f"SELECT {query}").fetchone()
    return dict(zip(target.tables, row, strict=True))


def people(target: Target) -> list[tuple[Any, ...]]:
    """Every person's fields, to see that an undo put them back."""
    return target.reader.execute(
        "SELECT id, name, email, title, location, capacity_pct, function_id FROM person ORDER BY id"
    ).fetchall()


def check_preview(preview: RosterPreview) -> None:
    """Each row has one outcome; each problem names a row of the file and says what is wrong."""
    assert sum(preview.count(outcome) for outcome in RowOutcome) == len(preview.rows)
    numbers = {line.number for line in preview.table.lines}
    for problem in preview.problems:
        assert problem.row >= 1, problem
        assert problem.row in numbers, problem
        assert problem.message.strip(), problem
        assert isinstance(problem.column, str) and isinstance(problem.value, str)
        assert str(problem)
    erring = {row.row for row in preview.rows if row.outcome is RowOutcome.ERROR}
    assert erring <= {problem.row for problem in preview.problems}
    for row in preview.rows:
        assert (row.outcome is RowOutcome.ERROR) == bool(row.problems), row
    assert preview.summary().endswith(".")


def try_import(target: Target, path: Path, sheet: str | None = None) -> None:
    """Preview and import one roster file; check that it went in whole and came out whole, or not at all."""
    target.tried += 1
    before = table_counts(target)
    people_before = people(target)
    try:
        preview = preview_roster(target.plan, path, sheet=sheet)
    except DomainError as error:
        assert str(error).strip()
        assert table_counts(target) == before
        target.refused += 1
        return
    check_preview(preview)
    if not preview.ok:
        with pytest.raises(RosterImportError) as caught:
            import_roster(target.plan, preview)
        assert str(caught.value).startswith("The roster was not imported.")
        assert table_counts(target) == before
        target.refused += 1
        return
    # Nothing changed the plan since the preview: an import it found nothing wrong with must go in.
    outcome = import_roster(target.plan, preview)
    after = table_counts(target)
    summary = outcome.value
    created, updated = preview.count(RowOutcome.NEW), preview.count(RowOutcome.UPDATE)
    assert (len(summary.created), len(summary.updated)) == (created, updated)
    assert summary.unchanged == preview.count(RowOutcome.SAME)
    grown = {name: after[name] - before[name] for name in before if after[name] != before[name]}
    wanted = {"person": created, "function": len(preview.new_functions)}
    assert grown == {name: count for name, count in wanted.items() if count}
    services.undo(target.plan, outcome)
    assert table_counts(target) == before
    assert people(target) == people_before
    target.imported += 1


FUZZ = settings(
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)


@settings(FUZZ, max_examples=CSV_EXAMPLES)
@given(file=csv_files())
def test_malformed_csv_rosters_go_in_whole_or_not_at_all(target: Target, file: tuple[str, bytes]) -> None:
    """Random headings and cells, broken quotes, mixed delimiters, bad bytes: whole, or refused."""
    name, data = file
    path = target.folder / name
    path.write_bytes(data)
    try_import(target, path)


@settings(FUZZ, max_examples=XLSX_EXAMPLES)
@given(book=xlsx_files())
def test_malformed_workbooks_go_in_whole_or_not_at_all(target: Target, book: Workbook) -> None:
    """Sheets of numbers, dates, formulas and text, merged cells, damaged archives: whole, or refused."""
    path = target.folder / "roster.xlsx"
    path.write_bytes(book.data)
    try_import(target, path, book.sheet)


def test_a_fitting_roster_goes_in_and_a_broken_one_does_not(tmp_path: Path) -> None:
    """The check itself: a good roster counts as imported, a broken one as refused."""
    target = open_target(tmp_path / "plan.smplan")
    try:
        path = tmp_path / "roster.csv"
        path.write_bytes(
            b"Name;Email;Department;FTE\r\nZo\xc3\xab;z@example.com;Product;0,8\r\nBo Berg;;R&D;1\r\n"
        )
        try_import(target, path)
        path.write_bytes(b"Name;Email;Department;FTE\r\nZo\xc3\xab;z@example.com;Product;180\r\n")
        try_import(target, path)
        assert (target.tried, target.imported, target.refused) == (2, 1, 1)
    finally:
        target.reader.close()
        target.plan.close()
