"""The roster out of the app, for HR or a spreadsheet: CSV or Excel, safe to open, importable again."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.whole_file import whole_file
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.exchange.roster_rows import neutralise
from smarket_planner.storage.base import code_order
from smarket_planner.storage.model import FunctionRow, PersonRow

# Headings the roster import matches by itself, so that an export comes back in unchanged.
HEADINGS = ("Name", "Work email", "Function", "Job title", "Location", "Capacity %", "Skills")
CAPACITY = HEADINGS.index("Capacity %")  # the one column a workbook holds as a number
FORMATS = ("csv", "xlsx")


class RosterExportError(DomainError):
    """The roster cannot be written where asked."""


def roster_rows(plan: Plan) -> list[tuple[str, ...]]:
    """Every person of the plan as a row of text under ``HEADINGS``, by function then name."""
    with plan.store.session() as session:
        found = session.execute(
            select(
                PersonRow.name,
                PersonRow.email,
                FunctionRow.name,
                PersonRow.title,
                PersonRow.location,
                PersonRow.capacity_pct,
                PersonRow.skills,
            )
            .join(FunctionRow, PersonRow.function_id == FunctionRow.id)
            .order_by(code_order(FunctionRow.name), code_order(PersonRow.name), PersonRow.id)
        ).all()
    return [
        tuple(
            neutralise(text)
            for text in (name, email or "", function, title, location, _percent(capacity), skills)
        )
        for name, email, function, title, location, capacity, skills in found
    ]


def _percent(value: float) -> str:
    # The import reads 0.5 as a half (an FTE); under 1 %, the sign says that 0.5 means 0.5 %.
    text = f"{value:g}" if abs(value) < 1e15 else str(value)
    return f"{text}%" if 0 < value < 1 else text


def roster_format(path: Path, wanted: str | None = None) -> str:
    """The format to write: the one asked for, else the file name's ending."""
    chosen = (wanted or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise RosterExportError(
            f"A roster is written as CSV or as an Excel workbook (.xlsx), not '{path.name}'."
        )
    return chosen


def export_roster(plan: Plan, path: Path, wanted: str | None = None) -> int:
    """Write the plan's people to a CSV file or an Excel workbook; how many were written."""
    fmt = roster_format(path, wanted)
    rows = roster_rows(plan)
    if path.is_dir():
        raise RosterExportError(f"{path} is a folder; give the file to write.")
    if not path.parent.is_dir():
        raise RosterExportError(f"The folder {path.parent} does not exist.")
    try:
        with whole_file(path) as draft, draft.open("wb") as handle:
            (_write_csv if fmt == "csv" else _write_xlsx)(handle, rows)
    except OSError as error:
        raise RosterExportError(f"{path} cannot be written: {error.strerror or error}.") from None
    return len(rows)


def _write_csv(handle: BinaryIO, rows: list[tuple[str, ...]]) -> None:
    # UTF-8 with its mark, so that Excel shows accents and scripts right; CRLF as RFC 4180 says.
    text = io.StringIO(newline="")
    table = csv.writer(text, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    table.writerow(HEADINGS)
    table.writerows(rows)
    handle.write(text.getvalue().encode("utf-8-sig"))


def _write_xlsx(handle: BinaryIO, rows: list[tuple[str, ...]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = "Roster"
    sheet.append(HEADINGS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        capacity = row[CAPACITY]
        values: list[str | float] = list(row)
        values[CAPACITY] = capacity if capacity.endswith("%") else float(capacity)
        sheet.append(values)
        for column, cell in enumerate(sheet[sheet.max_row]):
            if column != CAPACITY:
                cell.data_type = "s"  # text, never a formula, whatever it starts with
    widths = [
        max([len(heading)] + [len(row[column]) for row in rows[:500]])
        for column, heading in enumerate(HEADINGS)
    ]
    for column, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + column)].width = min(width + 2, 48)
    sheet.freeze_panes = "A2"
    book.save(handle)
