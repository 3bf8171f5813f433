"""A roster file read and checked against the plan, with what the import dialog says about it."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from smarket_planner import services
from smarket_planner.domain.records import EntityKind, Function, Person
from smarket_planner.services import Plan
from smarket_planner.services.exchange.roster_columns import ColumnPlan, column_letter
from smarket_planner.services.exchange.roster_files import XLSX_SUFFIXES, RosterTable, read_roster_file
from smarket_planner.services.exchange.roster_import import (
    RosterPreview,
    RosterSummary,
    RowOutcome,
    preview_roster,
)
from smarket_planner.ui.kit.background import Progress

BATCH = 5_000  # people looked up at once: a database takes only so many values in one question
DELIMITER_WORDS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}


@dataclass(frozen=True)
class RosterCheck:
    """A roster as read and checked: its preview, its workbook's sheets, and the plan it was checked on."""

    table: RosterTable
    sheets: tuple[str, ...]  # every sheet of a workbook; empty for a CSV file
    preview: RosterPreview
    people: Mapping[int, Person]  # the people the roster would update, as they are now
    functions: Mapping[str, Function]  # the plan's functions, by their name in lower case

    @property
    def to_change(self) -> int:
        """How many people importing would create or update."""
        return self.preview.count(RowOutcome.NEW) + self.preview.count(RowOutcome.UPDATE)


def sheet_names(path: Path) -> tuple[str, ...]:
    """The sheets of an Excel workbook, in order; nothing for a CSV file or a file that cannot be read."""
    try:
        with path.open("rb") as handle:
            workbook = path.suffix.lower() in XLSX_SUFFIXES or handle.read(4) == b"PK\x03\x04"
    except OSError:
        return ()
    if not workbook:
        return ()
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError):
        return ()  # reading the roster says what is wrong with it
    try:
        return tuple(book.sheetnames)
    finally:
        book.close()


def read_and_check(plan: Plan, path: Path, sheet: str | None, progress: Progress) -> RosterCheck:
    """Read a roster file (a sheet of a workbook) and check it with the columns matched automatically."""
    progress(0, 1, f"Reading {path.name}")
    sheets = sheet_names(path)
    table = read_roster_file(path, sheet=sheet)
    return check_again(plan, table, sheets, None, progress)


def check_again(
    plan: Plan,
    table: RosterTable,
    sheets: tuple[str, ...],
    chosen: Mapping[str, str] | None,
    progress: Progress,
) -> RosterCheck:
    """Check a roster already read against the plan as it is now, its columns matched as chosen."""
    preview = preview_roster(plan, table, chosen=chosen, progress=progress)
    updated = [row.person_id for row in preview.rows if row.person_id is not None and row.changes]
    people = [
        person
        for start in range(0, len(updated), BATCH)
        for person in services.find(plan, EntityKind.PERSON, id=updated[start : start + BATCH])
    ]
    functions = services.find(plan, EntityKind.FUNCTION)
    return RosterCheck(
        table,
        sheets,
        preview,
        {person.id: person for person in people if isinstance(person, Person)},
        {function.name.casefold(): function for function in functions if isinstance(function, Function)},
    )


def column_keys(headings: Sequence[str]) -> list[str]:
    """How to name each column when telling the import which field it holds: its heading, or its letter."""
    tidy = [" ".join(heading.split()).casefold() for heading in headings]
    keys = []
    for column, heading in enumerate(headings):
        letter = column_letter(column)
        if tidy[column] and tidy.count(tidy[column]) == 1:
            keys.append(heading)
        elif letter.casefold() not in tidy:
            keys.append(letter)  # a column without a heading, or with another column's heading
        else:
            keys.append(heading)
    return keys


def examples(table: RosterTable, columns: ColumnPlan, most: int = 2) -> list[str]:
    """A few values from under each heading, to show what a column holds."""
    found: list[list[str]] = [[] for _ in columns.headings]
    for line in table.lines:
        if line.number <= columns.heading_row:
            continue
        for column, cell in enumerate(line.cells[: len(found)]):
            if cell and len(found[column]) < most and cell not in found[column]:
                found[column].append(cell)
        if all(len(values) >= most for values in found):
            break
    return [", ".join(values) for values in found]


def describe_file(table: RosterTable, columns: ColumnPlan | None) -> str:
    """What was read, in a line: the sheet or the CSV's encoding and delimiter, where the headings are."""
    parts = []
    if table.sheet:
        parts.append(f"sheet “{table.sheet}”")
    if table.encoding:
        separated = DELIMITER_WORDS.get(table.delimiter, f"“{table.delimiter}”")
        parts.append(f"{table.encoding}, {separated}-separated")
    if columns is not None:
        rows = sum(1 for line in table.lines if line.number > columns.heading_row)
        parts.append(f"headings on row {columns.heading_row}")
        parts.append(f"{rows:,} row{'s' * (rows != 1)} below them")
    return " · ".join(parts)


def import_message(summary: RosterSummary, file_name: str) -> str:
    """What an import did, for the status bar: how many people, how many new functions, from which file."""
    people = len(summary.created) + len(summary.updated)
    said = f"Imported {people:,} {'person' if people == 1 else 'people'}"
    details = []
    if summary.created and summary.updated:
        details.append(f"{len(summary.created):,} new, {len(summary.updated):,} updated")
    if summary.new_functions:
        count = len(summary.new_functions)
        details.append(f"{count} new function{'s' * (count != 1)}")
    if details:
        said += f" ({'; '.join(details)})"
    return f"{said} from {file_name}"
