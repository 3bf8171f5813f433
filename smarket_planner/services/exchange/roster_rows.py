"""One roster row read as a person: each cell checked, with what is wrong said by row and column."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
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
    return PersonReader(columns).read(line, problems)


_CAPACITY_FIELDS = (RosterField.CAPACITY, RosterField.FTE, RosterField.HOURS)


class PersonReader:
    """Reads rows as people for one choice of columns: where each field is worked out once, and the
    titles, places, functions and capacities that rows repeat checked once each (the rules are pure)."""

    __slots__ = (
        "_capacity", "_email", "_first", "_function", "_last", "_location", "_name", "_seen", "_title",
        "columns",
    )  # fmt: skip

    def __init__(self, columns: ColumnPlan) -> None:
        self.columns = columns
        self._name = columns.column_of(RosterField.NAME)
        self._first = columns.column_of(RosterField.FIRST_NAME)
        self._last = columns.column_of(RosterField.LAST_NAME)
        self._email = columns.column_of(RosterField.EMAIL)
        self._title = columns.column_of(RosterField.TITLE)
        self._location = columns.column_of(RosterField.LOCATION)
        self._function = columns.column_of(RosterField.FUNCTION)
        # Capacity, FTE, hours: the first of them a row fills in counts.
        self._capacity = tuple(
            (field, column) for field in _CAPACITY_FIELDS if (column := columns.column_of(field)) is not None
        )
        # (field, text) -> (clean value, "") or ("", why the text is refused)
        self._seen: dict[tuple[str, str], tuple[Any, str]] = {}

    def read(self, line: RosterLine, problems: list[RosterProblem]) -> PersonCells | None:
        """The person a row describes, or None with the row's problems added to ``problems``."""
        cells = line.cells
        found = len(problems)
        values: dict[str, Any] = {}
        name_column = self._name
        name = _given(cells, name_column)
        if name is None:
            first, last = _given(cells, self._first), _given(cells, self._last)
            if first is not None:
                name, name_column = (first if last is None else f"{first} {last}"), self._first
            elif last is not None:
                name, name_column = last, self._last
        if name is None:
            problems.append(RosterProblem(line.number, "", "", "The row gives no name."))
        else:
            self._clean(values, "name", rules.clean_name, name, name_column, line, problems, "The name")
        email = _given(cells, self._email)
        if email is not None:
            self._clean(values, "email", rules.clean_email, email, self._email, line, problems, "The e-mail")
        for key, column in (("title", self._title), ("location", self._location)):
            text = _given(cells, column)
            if text is not None:
                value, why = self._once(key, text, _clean_label, f"The {key}")
                if why:
                    problems.append(RosterProblem(line.number, self._heading(column), text, why))
                else:
                    values[key] = value
        for field, column in self._capacity:
            text = _given(cells, column)
            if text is None:
                continue
            percent, why = self._once(field.value, text, _capacity, "")
            if why:
                problems.append(RosterProblem(line.number, self._heading(column), text, why))
            else:
                values["capacity_pct"] = percent
            break
        function_name = ""
        function = _given(cells, self._function)
        if function is not None:
            function_name, why = self._once("function", function, rules.clean_name, "The function")
            if why:
                problems.append(RosterProblem(line.number, self._heading(self._function), function, why))
        if len(problems) > found:
            return None
        return PersonCells(line.number, values, function_name)

    def _once(self, key: str, text: str, rule: Callable[[str, str], Any], what: str) -> tuple[Any, str]:
        """A cell's clean value and "", or "" and why it is refused (said about the cell as ``what``,
        else as the rule says it): worked out the first time only."""
        known = self._seen.get((key, text))
        if known is None:
            try:
                known = (rule(text, key), "")
            except ValidationError as error:
                known = ("", _as_cell(error, what) if what else str(error))
            self._seen[(key, text)] = known
        return known

    def _clean(
        self,
        values: dict[str, Any],
        key: str,
        rule: Callable[[str, str], Any],
        text: str,
        column: int | None,
        line: RosterLine,
        problems: list[RosterProblem],
        what: str,
    ) -> None:
        try:
            values[key] = rule(text, key)
        except ValidationError as error:
            problems.append(RosterProblem(line.number, self._heading(column), text, _as_cell(error, what)))

    def _heading(self, column: int | None) -> str:
        """How a problem names its column: by heading, or by letter when it has none."""
        return self.columns.heading(column) if column is not None else ""


def _given(cells: tuple[str, ...], column: int | None) -> str | None:
    """A cell's text, trimmed and with an export's quote taken off, or None when it is empty or absent."""
    if column is None or column >= len(cells):
        return None
    text = cells[column].strip()
    if not text:
        return None
    return unquote(text) if text[0] == "'" else text


def _clean_label(value: str, field: str) -> str:
    return rules.clean_text(value, field, max_length=rules.NAME_MAX)


def _as_cell(error: ValidationError, what: str) -> str:
    """A rule's message about a field, said about the cell (its value is shown beside it)."""
    message = str(error)
    if message.startswith("'") and "' is not" in message:
        return "This" + message[message.index("' is not") + 1 :]
    first, _, rest = message.partition(" ")
    return f"{what} {rest}" if rest and first[:1].isupper() else message


def _capacity(text: str, field_name: str) -> float:
    """The capacity a capacity, FTE or hours cell gives, as a percentage (a ValidationError says why not)."""
    field = RosterField(field_name)
    number = parse_number(text)
    if number is None:
        raise ValidationError(field_name, "This is not a number.")
    if field is RosterField.HOURS:
        if not 0 <= number <= 7 * 24:
            raise ValidationError(field_name, "Hours per week must be between 0 and 168.")
        # A full week or more is full capacity: nobody is staffed past 100 %.
        return round(min(number / FULL_WEEK_HOURS * 100, 100.0), 2)
    # FTE is written 0.8 or 80; a capacity of 0.5 means half, as nobody has half a percent.
    fraction = (field is RosterField.FTE and number <= 1.5) or 0 < number < 1
    if fraction and not text.rstrip().endswith("%"):
        number *= 100
    if not 0 <= number <= 100:
        raise ValidationError(field_name, f"Capacity must be between 0 and 100%, not {number:g}%.")
    return round(number, 2)


def neutralise(text: str) -> str:
    """A cell's text made inert for spreadsheets: a quote before a leading =, +, -, @, tab or return.

    Text that already starts with quotes before one of those gets one more, so that ``unquote``
    gives back exactly what was written (a name "'=x" stays "'=x", not "=x").
    """
    return "'" + text if _needs_quote(text) else text


def unquote(text: str) -> str:
    """A cell's text as it was before ``neutralise``."""
    return text[1:] if text.startswith("'") and _needs_quote(text[1:]) else text


def _needs_quote(text: str) -> bool:
    """Whether the text, after any quotes it starts with, starts like a formula."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def parse_number(text: str) -> float | None:
    """A number as people write it in spreadsheets: 80, 80%, 0.8, 0,8 (a decimal comma), or None."""
    plain = text.strip().removesuffix("%").strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(plain):
        return None
    number = float(plain.replace(",", "."))
    return number if math.isfinite(number) else None  # 400 digits make an infinity, not a number
