"""The roster preview as tables: what each row would do, and each problem found, row by row."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from smarket_planner.domain.records import Person
from smarket_planner.services.exchange.roster_columns import ColumnPlan, RosterField
from smarket_planner.services.exchange.roster_import import RosterRow, RowOutcome
from smarket_planner.services.exchange.roster_rows import RosterProblem
from smarket_planner.ui.exchange.roster_check import RosterCheck
from smarket_planner.ui.kit.edit_dialog import error_colour
from smarket_planner.ui.kit.marks import chip, dot_icon
from smarket_planner.ui.kit.record_model import SORT_ROLE, Column, RecordTableModel

# What each outcome is called and its colour: green for new, blue for a change, grey, and the app's red.
OUTCOME_WORDS = {
    RowOutcome.NEW: "New",
    RowOutcome.UPDATE: "Update",
    RowOutcome.SAME: "Unchanged",
    RowOutcome.ERROR: "Error",
}
OUTCOME_COLOURS = {
    RowOutcome.NEW: "#2e9e5b",
    RowOutcome.UPDATE: "#2f7ed8",
    RowOutcome.SAME: "#8c8c8c",
    RowOutcome.ERROR: "#d64541",
}
OUTCOME_ORDER = {RowOutcome.ERROR: 0, RowOutcome.NEW: 1, RowOutcome.UPDATE: 2, RowOutcome.SAME: 3}
FIELD_WORDS = {
    "name": "name",
    "email": "e-mail",
    "title": "job title",
    "location": "location",
    "capacity_pct": "capacity",
    "function": "function",
}
NEW_FUNCTION_COLOUR = "#b0b7c3"  # the plan picks the real colour when it adds the function
Index = QModelIndex | QPersistentModelIndex


def outcome_icon(outcome: RowOutcome) -> QIcon:
    """The coloured dot of an outcome, as in the preview's Result column."""
    return dot_icon(OUTCOME_COLOURS[outcome])


def shown_value(name: str, value: Any) -> str:
    """A person's field as a manager reads it: capacity as a percentage, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if name == "capacity_pct":
        return f"{float(value):g}%"
    return str(value)


@dataclass(frozen=True)
class PreviewLine:
    """One roster row as the preview shows it."""

    id: int  # the row's number in the file
    row: RosterRow
    name: str  # as the import reads it, or as the file has it when the row cannot be read
    email: str
    function: str
    details: str  # what changes, what a new person gets, or what is wrong
    new_function: bool
    function_colour: str

    @property
    def function_text(self) -> str:
        """The function, marked when the import would add it to the plan."""
        return f"{self.function} (new)" if self.new_function else self.function


def preview_lines(check: RosterCheck) -> list[PreviewLine]:
    """Every row of the preview with its details worked out."""
    new_functions = {name.casefold() for name in check.preview.new_functions}
    names = {function.id: function.name for function in check.functions.values()}
    cells = {line.number: line.cells for line in check.table.lines}
    columns = check.preview.columns
    lines = []
    for row in check.preview.rows:
        name, email, function = row.name, row.email or "", row.function
        if row.outcome is RowOutcome.ERROR and not (name or email):
            name, email, function = as_written(cells.get(row.row, ()), columns)
        known = check.functions.get(function.casefold())
        lines.append(
            PreviewLine(
                row.row,
                row,
                name,
                email,
                function,
                _details(row, check.people.get(row.person_id or 0), names),
                row.outcome is not RowOutcome.ERROR and function.casefold() in new_functions,
                known.colour if known is not None else NEW_FUNCTION_COLOUR,
            )
        )
    return lines


def as_written(cells: Sequence[str], columns: ColumnPlan) -> tuple[str, str, str]:
    """A row's name, e-mail and function as the file has them, for a row the import cannot read."""

    def cell(field: RosterField) -> str:
        column = columns.column_of(field)
        return cells[column].strip() if column is not None and column < len(cells) else ""

    name = cell(RosterField.NAME) or " ".join(
        part for part in (cell(RosterField.FIRST_NAME), cell(RosterField.LAST_NAME)) if part
    )
    return name, cell(RosterField.EMAIL), cell(RosterField.FUNCTION)


def _details(row: RosterRow, before: Person | None, function_names: Mapping[int, str]) -> str:
    if row.outcome is RowOutcome.ERROR:
        return "; ".join(_problem_text(problem) for problem in row.problems)
    if row.outcome is RowOutcome.NEW:
        given = (row.changes.get("title"), row.changes.get("location"))
        capacity = row.changes.get("capacity_pct", 100.0)
        said = [str(text) for text in given if text]
        if capacity != 100.0:
            said.append(f"{shown_value('capacity_pct', capacity)} capacity")
        return " · ".join(said)
    changes = []
    for name, value in row.changes.items():
        if name == "function":
            old: Any = function_names.get(before.function_id) if before is not None else None
        else:
            old = getattr(before, name, None)
        changes.append(
            f"{FIELD_WORDS.get(name, name)}: {shown_value(name, old)} → {shown_value(name, value)}"
        )
    return "; ".join(changes)


def _problem_text(problem: RosterProblem) -> str:
    return f"{problem.column}: {problem.message}" if problem.column else problem.message


def preview_columns() -> list[Column]:
    """The preview's columns: row, result, name, function, what changes or is wrong, and e-mail."""
    red = error_colour(QApplication.palette())
    return [
        Column(
            "Row",
            lambda line: line.id,
            align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        ),
        Column(
            "Result",
            lambda line: OUTCOME_WORDS[line.row.outcome],
            icon=lambda line: outcome_icon(line.row.outcome),
            sort_key=lambda line: OUTCOME_ORDER[line.row.outcome] * 1_000_000 + line.id,
        ),
        Column("Name", lambda line: line.name, sort_key=lambda line: line.name.casefold()),
        Column(
            "Function",
            lambda line: line.function_text,
            icon=lambda line: chip(line.function_colour) if line.function else None,
            tooltip=lambda line: (
                f"{line.function} is not in the plan yet; the import adds it." if line.new_function else ""
            ),
            sort_key=lambda line: line.function.casefold(),
        ),
        Column(
            "What changes",
            lambda line: line.details,
            tooltip=lambda line: "\n".join(str(problem) for problem in line.row.problems) or line.details,
            foreground=lambda line: red if line.row.outcome is RowOutcome.ERROR else None,
        ),
        Column("E-mail", lambda line: line.email, sort_key=lambda line: line.email.casefold()),
    ]


class PreviewFilter(QSortFilterProxyModel):
    """Shows the rows of some outcomes only (all of them by default), sorted as the header asks."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._outcomes: frozenset[RowOutcome] | None = None
        self.setSortRole(SORT_ROLE)

    def show_only(self, outcomes: Collection[RowOutcome] | None) -> None:
        """Show the rows of these outcomes; None shows every row."""
        self.beginFilterChange()
        self._outcomes = frozenset(outcomes) if outcomes is not None else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Whether a row's outcome is among those shown."""
        if self._outcomes is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, RecordTableModel)
        line = model.record(source_row)
        assert isinstance(line, PreviewLine)
        return line.row.outcome in self._outcomes


@dataclass(frozen=True)
class ProblemLine:
    """One problem as the problems table shows it."""

    id: int  # its place in the list
    problem: RosterProblem


def problem_lines(check: RosterCheck) -> list[ProblemLine]:
    """Every problem of the preview, in the order found."""
    return [ProblemLine(number, problem) for number, problem in enumerate(check.preview.problems)]


def problem_columns() -> list[Column]:
    """The problems table's columns: row, column, value and what is wrong with it."""
    red = error_colour(QApplication.palette())
    return [
        Column(
            "Row",
            lambda line: line.problem.row,
            align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        ),
        Column("Column", lambda line: line.problem.column or "—"),
        Column("Value", lambda line: line.problem.value or "—", tooltip=lambda line: line.problem.value),
        Column(
            "Problem",
            lambda line: line.problem.message,
            tooltip=lambda line: line.problem.message,
            foreground=lambda _line: red,
        ),
    ]
