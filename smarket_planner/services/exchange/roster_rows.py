"""One roster row read as a person: each cell checked, with what is wrong said by row and column."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from smarket_planner.domain import rules
from smarket_planner.domain.errors import ValidationError
from smarket_planner.services.exchange.roster_columns import ColumnPlan, RosterField
from smarket_planner.services.exchange.roster_files import RosterLine

FULL_WEEK_HOURS = 40.0  # hours per week that make a full-time person (capacity 100 %)
# A cell starting with one of these is a formula to a spreadsheet: exports put a quote before it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


@dataclass(frozen=True, slots=True)
class RosterProblem:
    """What is wrong with a roster cell: its row and column as the file shows them, its value, why."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f", {self.column}" if self.column else "")
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "…"
        return f"{where} ('{shown}'): {self.message}" if self.value else f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class PersonCells:
    """A person as a roster row gives them: only the fields the row fills in."""

    row: int
    values: dict[str, Any]  # name, email, title, location, capacity_pct: clean, as the plan keeps them
    function: str  # the function's name as written, "" when the row gives none


def read_person(line: RosterLine, columns: ColumnPlan, problems: list[RosterProblem]) -> PersonCells | None:
    """The person a row describes, or None with the row's problems added to ``problems``."""
    cells = line.cells
    found = len(problems)

    def cell(field: RosterField) -> tuple[str, int] | None:
        column = columns.column_of(field)
        if column is None or column >= len(cells) or not cells[column].strip():
            return None
        return unquote(cells[column].strip()), column

    def problem(column: int | None, value: str, message: str) -> None:
        heading = columns.heading(column) if column is not None else ""
        problems.append(RosterProblem(line.number, heading, value, message))

    values: dict[str, Any] = {}
    name = cell(RosterField.NAME)
    if name is None:
        parts = [cell(RosterField.FIRST_NAME), cell(RosterField.LAST_NAME)]
        given = [part for part in parts if part is not None]
        if given:
            name = (" ".join(text for text, _ in given), given[0][1])
    if name is None:
        problem(None, "", "The row gives no name.")
    else:
        _clean(values, "name", rules.clean_name, name, problem, "The name")
    email = cell(RosterField.EMAIL)
    if email is not None:
        _clean(values, "email", rules.clean_email, email, problem, "The e-mail")
    for field, key in ((RosterField.TITLE, "title"), (RosterField.LOCATION, "location")):
        given_cell = cell(field)
        if given_cell is not None:
            clean = lambda value, name_: rules.clean_text(value, name_, max_length=rules.NAME_MAX)  # noqa: E731
            _clean(values, key, clean, given_cell, problem, f"The {key}")
    capacity = _capacity(cell)
    if capacity is not None:
        text, column, percent = capacity
        if isinstance(percent, str):
            problem(column, text, percent)
        else:
            values["capacity_pct"] = round(percent, 2)
    function = cell(RosterField.FUNCTION)
    function_name = ""
    if function is not None:
        try:
            function_name = rules.clean_name(function[0], "function")
        except ValidationError as error:
            problem(function[1], function[0], _as_cell(error, "The function"))
    if len(problems) > found:
        return None
    return PersonCells(line.number, values, function_name)


def _clean(
    values: dict[str, Any], key: str, rule: Any, given: tuple[str, int], problem: Any, what: str
) -> None:
    text, column = given
    try:
        values[key] = rule(text, key)
    except ValidationError as error:
        problem(column, text, _as_cell(error, what))


def _as_cell(error: ValidationError, what: str) -> str:
    """A rule's message about a field, said about the cell (its value is shown beside it)."""
    message = str(error)
    if message.startswith("'") and "' is not" in message:
        return "This" + message[message.index("' is not") + 1 :]
    first, _, rest = message.partition(" ")
    return f"{what} {rest}" if rest and first[:1].isupper() else message


def _capacity(cell: Any) -> tuple[str, int, float | str] | None:
    """The capacity a row gives, as a percentage (or why not): from a capacity, FTE or hours column."""
    for field in (RosterField.CAPACITY, RosterField.FTE, RosterField.HOURS):
        given = cell(field)
        if given is None:
            continue
        text, column = given
        number = parse_number(text)
        if number is None:
            return text, column, "This is not a number."
        if field is RosterField.HOURS:
            if not 0 <= number <= 7 * 24:
                return text, column, "Hours per week must be between 0 and 168."
            # A full week or more is full capacity: nobody is staffed past 100 %.
            return text, column, min(number / FULL_WEEK_HOURS * 100, 100.0)
        # FTE is written 0.8 or 80; a capacity of 0.5 means half, as nobody has half a percent.
        fraction = (field is RosterField.FTE and number <= 1.5) or 0 < number < 1
        if fraction and not text.rstrip().endswith("%"):
            number *= 100
        if not 0 <= number <= 100:
            return text, column, f"Capacity must be between 0 and 100%, not {number:g}%."
        return text, column, number
    return None


def neutralise(text: str) -> str:
    """A cell's text made inert for spreadsheets: a quote before a leading =, +, -, @, tab or return."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unquote(text: str) -> str:
    """A cell's text as it was before ``neutralise``."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def parse_number(text: str) -> float | None:
    """A number as people write it in spreadsheets: 80, 80%, 0.8, 0,8 (a decimal comma), or None."""
    plain = text.strip().removesuffix("%").strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(plain):
        return None
    return float(plain.replace(",", "."))
