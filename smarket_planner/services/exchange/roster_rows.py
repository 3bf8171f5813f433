"""A roster's rows read as people, a column at a time, with what is wrong said by row and column."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

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


_CAPACITY_FIELDS = (RosterField.CAPACITY, RosterField.FTE, RosterField.HOURS)
_NAME_FIELDS = (RosterField.NAME, RosterField.FIRST_NAME, RosterField.LAST_NAME)
_APART = "\x1f"  # the unit separator: between cells looked at together
NOT_GIVEN: Any = object()  # a cell left empty: the person keeps (or gets) what the plan has


class RosterCells(NamedTuple):
    """A roster read a column at a time: each row's clean values (NOT_GIVEN where its cell is empty),
    and the problems of the rows that cannot be read as a person, by row index."""

    numbers: Sequence[int]  # each row's number as the file shows it
    names: list[Any]
    emails: list[Any]  # None where a cell held nothing but what the rules take out
    titles: list[Any]
    locations: list[Any]
    capacities: list[Any]
    skills: list[Any]  # comma separated, as the plan keeps them
    functions: list[Any]  # each function's name as the row writes it
    problems: dict[int, list[RosterProblem]]

    def rows(self) -> Iterator[tuple[int, Any, Any, Any, Any, Any, Any, Any]]:
        """Each row's number, name, e-mail, title, location, capacity, skills and function, in order."""
        fields = (
            self.names, self.emails, self.titles, self.locations, self.capacities, self.skills, self.functions
        )  # fmt: skip
        return zip(self.numbers, *fields, strict=True)


def read_people(lines: Sequence[RosterLine], columns: ColumnPlan) -> RosterCells:
    """Each row read as a person, or with what is wrong with it by row and column.

    Read a column at a time: a rule is applied once to each different cell of a column (a roster
    of 10,000 repeats a few dozen titles, places, functions and capacities); a row's problems come
    in the order of its fields.
    """
    reading = _Reading(lines, columns)
    return RosterCells(
        list(map(itemgetter(0), lines)),  # each line's number
        reading.names(),
        reading.checked(RosterField.EMAIL, rules.clean_email, "The e-mail", rules.plain_emails),
        reading.checked(RosterField.TITLE, _clean_label, "The title"),
        reading.checked(RosterField.LOCATION, _clean_label, "The location"),
        reading.capacities(),
        reading.checked(RosterField.SKILLS, _clean_skills, "The list of skills"),
        reading.checked(RosterField.FUNCTION, rules.clean_name, "The function"),
        reading.problems,
    )


class _Reading:
    """A roster's rows turned into columns, and the problems found so far, by row."""

    def __init__(self, lines: Sequence[RosterLine], columns: ColumnPlan) -> None:
        self.lines, self.columns = lines, columns
        rows: list[tuple[str, ...]] = list(map(itemgetter(1), lines))  # each line's cells
        widths = set(map(len, rows))
        self.width = max(widths, default=0)
        if len(widths) > 1:  # short rows padded, so that every column reaches the last row
            padding = ("",) * self.width
            rows = [row if len(row) == self.width else (*row, *padding)[: self.width] for row in rows]
        self.table: list[tuple[str, ...]] = list(zip(*rows, strict=True))
        self.problems: dict[int, list[RosterProblem]] = {}  # row index -> its problems

    def cells(self, field: RosterField) -> tuple[int, Sequence[str]] | None:
        """A field's column and its cells (which the table trims), an export's quotes taken off;
        None when the roster has no such column."""
        column = self.columns.column_of(field)
        if column is None or column >= self.width:
            return None
        texts = self.table[column]
        joined = _APART.join(texts)  # one look for a cell that starts with a quote
        if not (joined.startswith("'") or f"{_APART}'" in joined):
            return column, texts
        quoted = {text: unquote(text) for text in set(texts) if text[:1] == "'"}
        return column, [quoted.get(text, text) for text in texts]

    def names(self) -> list[Any]:
        """Each row's clean name: from the name column, else first and last name together."""
        whole, first, last = (self.cells(field) for field in _NAME_FIELDS)
        count = len(self.lines)
        if whole is not None and first is None and last is None:
            names: Sequence[str] = whole[1]
        else:
            empty = ("",) * count
            names = [
                name or (f"{given} {family}" if given and family else given or family)
                for name, given, family in zip(
                    *(empty if found is None else found[1] for found in (whole, first, last)), strict=True
                )
            ]

        def place(index: int) -> int:
            """The column a row's name comes from, for its problems."""
            for found in (whole, first, last):
                if found is not None and found[1][index]:
                    return found[0]
            return -1

        for index in [index for index, name in enumerate(names) if not name]:
            self._problem(index, -1, "", "The row gives no name.")
        return self._applied(names, place, rules.clean_name, "name", "The name", _plain_names)

    def checked(
        self,
        field: RosterField,
        rule: Callable[[str, str], Any],
        what: str,
        at_once: Callable[[list[str]], dict[str, Any]] | None = None,
    ) -> list[Any]:
        """Each row's clean value of a field (NOT_GIVEN where its cell is empty)."""
        found = self.cells(field)
        if found is None:
            return [NOT_GIVEN] * len(self.lines)
        column, texts = found
        return self._applied(texts, column, rule, field.value, what, at_once)

    def capacities(self) -> list[Any]:
        """Each row's capacity in percent: from the first of capacity, FTE and hours it fills in."""
        given = [(field, found) for field in _CAPACITY_FIELDS if (found := self.cells(field)) is not None]
        if len(given) <= 1:
            return self.checked(given[0][0], _capacity, "") if given else [NOT_GIVEN] * len(self.lines)
        rows = list(zip(*(texts for _field, (_column, texts) in given), strict=True))
        chosen = [next((place for place, text in enumerate(row) if text), -1) for row in rows]
        capacities: list[Any] = [NOT_GIVEN] * len(self.lines)
        for place, (field, (column, texts)) in enumerate(given):
            mine = [text if pick == place else "" for text, pick in zip(texts, chosen, strict=True)]
            for index, value in enumerate(self._applied(mine, column, _capacity, field.value, "")):
                if chosen[index] == place:
                    capacities[index] = value
        return capacities

    def _applied(
        self,
        texts: Sequence[str],
        column: int | Callable[[int], int],
        rule: Callable[[str, str], Any],
        key: str,
        what: str,
        at_once: Callable[[list[str]], dict[str, Any]] | None = None,
    ) -> list[Any]:
        """A rule applied to each different text once; problems said about the cell as ``what`` (else as
        the rule says them), under the column given, or the column a row's index gives. ``at_once``
        answers for the texts it can in one go (names and e-mails mostly differ); the rule for the rest."""
        different = set(texts)
        different.discard("")
        values: dict[str, Any] = {"": NOT_GIVEN}
        if at_once is not None:
            values.update(at_once(list(different)))
        refused: dict[str, str] = {}  # a text the rule refuses -> why
        for text in different.difference(values):
            try:
                values[text] = rule(text, key)
            except ValidationError as error:
                values[text] = NOT_GIVEN
                refused[text] = _as_cell(error, what) if what else str(error)
        if refused:
            for index, text in enumerate(texts):
                if text in refused:
                    where = column if isinstance(column, int) else column(index)
                    self._problem(index, where, text, refused[text])
        return list(map(values.__getitem__, texts))

    def _problem(self, index: int, column: int, value: str, message: str) -> None:
        heading = self.columns.heading(column) if column >= 0 else ""
        problem = RosterProblem(self.lines[index].number, heading, value, message)
        self.problems.setdefault(index, []).append(problem)


def _plain_names(texts: list[str]) -> dict[str, str]:
    """All the names as they are, when clean_name would give back each unchanged; else none."""
    return dict(zip(texts, texts, strict=True)) if rules.plain_names(texts) else {}


def _clean_label(value: str, field: str) -> str:
    return rules.clean_text(value, field, max_length=rules.NAME_MAX)


def _clean_skills(value: str, field: str) -> Any:
    """Skills as HR lists them, between commas or semicolons; a cell of separators alone gives none."""
    return rules.clean_tags(value.replace(";", ","), field) or NOT_GIVEN


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
