"""What importing a roster would do to the plan, row by row: new, update, unchanged or wrong."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from itertools import compress
from operator import attrgetter
from types import MappingProxyType
from typing import Any, NamedTuple, cast, overload

from sqlalchemy import Table

from smarket_planner.domain.errors import DomainError
from smarket_planner.services.exchange.roster_columns import ColumnPlan
from smarket_planner.services.exchange.roster_files import RosterTable
from smarket_planner.services.exchange.roster_rows import NOT_GIVEN, RosterCells, RosterProblem
from smarket_planner.storage.model import FunctionRow, PersonRow

PERSON_FIELDS = ("name", "email", "title", "location", "capacity_pct", "skills")
PERSON_TABLE = cast(Table, PersonRow.__table__)
FUNCTION_TABLE = cast(Table, FunctionRow.__table__)
# (rows done, rows in all, what is being done) -> False to stop
Progress = Callable[[int, int, str], bool]
CANCELLED = "The import was cancelled; nothing was changed."
CHECKING = "Checking the roster"


class NewPeople(NamedTuple):
    """The people an import creates, as columns in roster order (a function by its name)."""

    names: list[str]
    emails: list[str | None]
    titles: list[str]
    locations: list[str]
    capacities: list[float]
    skills: list[str]
    functions: list[str]


def _filled(column: list[Any], empty: Any) -> list[Any]:
    """A column with what a new person gets where its cells were empty."""
    return [empty if value is NOT_GIVEN else value for value in column] if NOT_GIVEN in column else column


class RosterImportError(DomainError):
    """The roster cannot be imported as it stands; nothing was changed."""


class RowOutcome(StrEnum):
    """What importing a row would do."""

    NEW = "new"
    UPDATE = "update"
    SAME = "unchanged"
    ERROR = "error"


class RosterRow(NamedTuple):
    """One roster row and what importing it would do to the plan (a tuple: a roster makes 10,000)."""

    row: int
    outcome: RowOutcome
    name: str
    email: str | None
    function: str
    person_id: int | None = None  # the person it updates or leaves alone
    changes: Mapping[str, Any] = MappingProxyType({})  # fields a new person gets, or that change
    problems: tuple[RosterProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class RosterPreview:
    """What a roster would do to the plan, row by row; importable only when nothing is wrong."""

    table: RosterTable
    columns: ColumnPlan
    rows: Sequence[RosterRow]  # a tuple, or UsualRows: made when first looked at
    new_functions: tuple[str, ...]
    problems: tuple[RosterProblem, ...]
    # Each row as read, kept so that the import checks the rows against the plan without reading them again.
    read: RosterCells | None = field(default=None, repr=False, compare=False)
    # The plan's people and functions as the rows were checked against them (see plan_state).
    plan_state: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    outcomes: Counter[RowOutcome] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rows = self.rows
        counted = (
            rows.outcomes() if isinstance(rows, UsualRows) else Counter(map(attrgetter("outcome"), rows))
        )
        object.__setattr__(self, "outcomes", counted)

    def count(self, outcome: RowOutcome) -> int:
        """How many rows would have this outcome."""
        return self.outcomes[outcome]

    def updates(self) -> list[RosterRow]:
        """The rows that would change someone the plan has, in roster order."""
        rows = self.rows
        known = rows.known.values() if isinstance(rows, UsualRows) else rows  # without making new rows
        return [row for row in known if row.outcome is RowOutcome.UPDATE]

    @property
    def ok(self) -> bool:
        """Whether the roster can be imported."""
        return not self.problems

    def summary(self) -> str:
        """What the import would do, in a sentence."""
        created, updated, same = (
            self.count(outcome) for outcome in (RowOutcome.NEW, RowOutcome.UPDATE, RowOutcome.SAME)
        )
        functions = len(self.new_functions)
        said = [f"create {_people(created)}"] if created else []
        if functions:
            said.append(f"add {functions} function{'s' * (functions != 1)} ({', '.join(self.new_functions)})")
        said += [f"update {_people(updated)}"] if updated else []
        said += [f"leave {_people(same)} as they are"] if same else []
        if not said:
            said = ["change nothing"]
        sentence = ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]
        if self.problems:
            rows = len({problem.row for problem in self.problems})
            return f"{rows:,} row{'s' * (rows != 1)} cannot be imported; fixed, the roster would {sentence}."
        return f"The roster would {sentence}."


def _people(count: int) -> str:
    return f"{count:,} {'person' if count == 1 else 'people'}"


def new_row(
    number: int, name: str, email: str | None, title: Any, location: Any, capacity: Any, skills: Any,
    function: str,
) -> RosterRow:  # fmt: skip
    """A new person, with what the row leaves empty as a new person has it."""
    values = {
        "name": name,
        "email": email,
        "title": "" if title is NOT_GIVEN else title,
        "location": "" if location is NOT_GIVEN else location,
        "capacity_pct": 100.0 if capacity is NOT_GIVEN else capacity,
        "skills": "" if skills is NOT_GIVEN else skills,
    }
    return _new_row((number, RowOutcome.NEW, name, email, function, None, values, ()))


_new_row = partial(tuple.__new__, RosterRow)  # made in C, as most rows of a long roster are new


class UsualRows(Sequence[RosterRow]):
    """The rows of a roster in the usual shape, kept as the roster's columns: made when first looked
    at (a preview in the window shows them; an import from the command line never looks), and the
    new people written to the plan straight from the columns."""

    def __init__(
        self, read: RosterCells, matches: list[Any], spelled: dict[str, str], known: dict[int, RosterRow]
    ) -> None:
        self.read, self.matches, self.spelled, self.known = read, matches, spelled, known
        self._made: tuple[RosterRow, ...] | None = None

    def new_people(self) -> NewPeople:
        """The new people as columns, in roster order; what a row leaves empty as a new person has it."""
        read, matches = self.read, self.matches
        columns = [
            read.names, read.emails, read.titles, read.locations, read.capacities, read.skills, read.functions
        ]  # fmt: skip
        if any(matches):  # some rows are people the plan has: keep the others
            new = [match is None for match in matches]
            columns = [list(compress(column, new)) for column in columns]
        names, emails, titles, locations, capacities, skills, functions = columns
        return NewPeople(
            names, emails, _filled(titles, ""), _filled(locations, ""), _filled(capacities, 100.0),
            _filled(skills, ""), list(map(self.spelled.__getitem__, functions)),
        )  # fmt: skip

    def outcomes(self) -> Counter[RowOutcome]:
        """How many rows have each outcome, without making the rows."""
        counted = Counter(row.outcome for row in self.known.values())
        counted[RowOutcome.NEW] = self.matches.count(None)
        return counted

    def _rows(self) -> tuple[RosterRow, ...]:
        if self._made is None:
            known, new, spelled = self.known, new_row, self.spelled
            self._made = tuple(
                new(number, name, email, title, location, capacity, skills, spelled[function])
                if match is None
                else known[index]
                for index, (
                    (number, name, email, title, location, capacity, skills, function),
                    match,
                ) in enumerate(zip(self.read.rows(), self.matches, strict=True))
            )
        return self._made

    def __len__(self) -> int:
        return len(self.matches)

    @overload
    def __getitem__(self, index: int) -> RosterRow: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[RosterRow, ...]: ...
    def __getitem__(self, index: int | slice) -> RosterRow | tuple[RosterRow, ...]:
        return self._rows()[index]

    def __iter__(self) -> Iterator[RosterRow]:
        return iter(self._rows())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]
