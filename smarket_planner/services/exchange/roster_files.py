"""Reading a roster file from HR: a CSV in whatever encoding and delimiter, or an Excel workbook."""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from itertools import compress
from pathlib import Path
from typing import NamedTuple

from smarket_planner.domain.errors import DomainError

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = ",;\t|"
MOST_ROWS = 100_000  # more people than this is not a roster but a mistake (or a whole phone book)
MOST_BYTES = 200 * 1024 * 1024
SAMPLE = 64 * 1024  # what the delimiter is guessed from
SNIFF_LINES = 50


class RosterFileError(DomainError):
    """The roster file cannot be read: missing, damaged, or not a table."""


class RosterLine(NamedTuple):
    """One row of the file: its number as a spreadsheet shows it, and its cells as trimmed text."""

    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RosterTable:
    """A roster as read from its file: every row, numbered as in the file, blank ones left out."""

    name: str  # the file's name, for messages
    lines: tuple[RosterLine, ...]
    sheet: str = ""  # the worksheet read, for a workbook
    encoding: str = ""  # how a CSV file was written
    delimiter: str = ""  # what separates a CSV file's cells


def read_roster_file(path: Path, *, sheet: str | None = None) -> RosterTable:
    """Read a roster from a CSV file or an Excel workbook (its first sheet, or the one named)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise RosterFileError(f"There is no file {path}.") from None
    except OSError as error:
        raise RosterFileError(f"{path} cannot be read: {error.strerror}.") from None
    if path.is_dir():
        raise RosterFileError(f"{path} is a folder, not a roster file.")
    if size > MOST_BYTES:
        raise RosterFileError(f"{path.name} is {size // 2**20:,} MB; a roster file is at most 200 MB.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RosterFileError(f"{path} cannot be read: {error.strerror}.") from None
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise RosterFileError(
            f"{path.name} is in the old Excel format; save it as an Excel workbook (.xlsx) or as CSV first."
        )
    if suffix in XLSX_SUFFIXES or (suffix not in CSV_SUFFIXES and data[:4] == b"PK\x03\x04"):
        return read_workbook(data, path.name, sheet)
    if sheet is not None:
        raise RosterFileError(f"{path.name} is a CSV file, which has no sheets; leave out the sheet.")
    return read_csv(data, path.name)


# -- CSV --------------------------------------------------------------------------------------
def decode(data: bytes) -> tuple[str, str]:
    """The file's text and its encoding: UTF-8 or UTF-16 as Excel writes them, else Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    head = data[:SAMPLE]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
        return data.decode("utf-16-le", errors="replace"), "UTF-16"  # without its mark
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows Latin-1"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def guess_delimiter(text: str) -> str:
    """What separates the cells: comma, semicolon, tab or bar, guessed from the start of the file."""
    sample = text[:SAMPLE]
    lines = [line for line in sample.splitlines()[:-1] or sample.splitlines() if line.strip()][:SNIFF_LINES]
    best, best_score = "", 0
    for delimiter in DELIMITERS:
        # The delimiter splits most rows into the same number of cells (a title row above may not).
        counts = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1)
        score = counts.most_common(1)[0][1] if counts else 0
        if score > best_score:
            best, best_score = delimiter, score
    if best:
        return best
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def read_csv(data: bytes, name: str) -> RosterTable:
    """Read a CSV roster from its bytes, whatever its encoding and delimiter."""
    text, encoding = decode(data)
    if "\x00" in text[:SAMPLE]:
        raise RosterFileError(f"{name} is not a text file; save the roster as CSV or as an Excel workbook.")
    text = text.replace("\x00", "")
    delimiter = guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    try:
        lines = _numbered((tuple(map(str.strip, row)) for row in reader), name)
    except csv.Error as error:
        raise RosterFileError(
            f"{name} cannot be read as a table near row {reader.line_num}: {error}."
        ) from None
    return RosterTable(name, lines, encoding=encoding, delimiter=delimiter)


# -- Excel ------------------------------------------------------------------------------------
def read_workbook(data: bytes, name: str, sheet: str | None = None) -> RosterTable:
    """Read a roster from an Excel workbook: its first sheet, or the one named; merged cells filled in."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # a damaged part fails in its own way: zip, zlib, XML, openpyxl's own checks
        raise RosterFileError(f"{name} is not an Excel workbook, or it is damaged.") from None
    if sheet is None:
        if not book.worksheets:
            raise RosterFileError(f"{name} holds no sheet.")
        page = book.worksheets[0]
    else:
        wanted = {title.casefold(): title for title in book.sheetnames}
        if sheet.casefold() not in wanted:
            names = ", ".join(f"'{title}'" for title in book.sheetnames)
            raise RosterFileError(f"{name} has no sheet '{sheet}'; its sheets are {names}.")
        page = book[wanted[sheet.casefold()]]
        if not hasattr(page, "iter_rows"):
            raise RosterFileError(f"The sheet '{page.title}' of {name} is a chart, not a table.")
    grid = [[_text(value) for value in row] for row in page.iter_rows(values_only=True)]
    # A merged cell holds its value in its top-left corner only: give it to every cell it covers.
    for merged in getattr(page, "merged_cells", None) or ():
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(grid) or left >= len(grid[top]):
            continue
        value = grid[top][left]
        for row in range(top, min(merged.max_row, len(grid))):
            for column in range(left, min(merged.max_col, len(grid[row]))):
                grid[row][column] = value
    rows = [tuple(row) for row in grid]
    return RosterTable(name, _numbered(rows, name), sheet=page.title)


def _text(value: object) -> str:
    """A cell's value as the text a manager sees in it."""
    match value:
        case None:
            return ""
        case bool():
            return "yes" if value else "no"
        case float() if value.is_integer():
            return str(int(value))
        case datetime() if value.time() == time(0):
            return value.date().isoformat()
        case date() | datetime() | time():
            return value.isoformat()
        case _:
            return str(value).strip()


_line = partial(tuple.__new__, RosterLine)  # (number, cells) as a RosterLine, made in C: 10,000 of them


def _numbered(rows: Iterable[tuple[str, ...]], name: str) -> tuple[RosterLine, ...]:
    """The rows that are not blank, numbered as in the file; their cells come trimmed already."""
    rows = list(rows)
    lines = list(map(_line, compress(enumerate(rows, start=1), map(any, rows))))
    if len(lines) > MOST_ROWS + 20:
        raise RosterFileError(f"{name} has more than {MOST_ROWS:,} rows; split it into smaller files.")
    if not lines:
        raise RosterFileError(f"{name} is empty.")
    return tuple(lines)
