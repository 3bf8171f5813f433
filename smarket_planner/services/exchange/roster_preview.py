"""What importing a roster would do to the plan, row by row: new, update, unchanged or wrong."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from itertools import compress
from operator import attrgetter, itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple, cast, overload

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from smarket_planner.domain.bulk import collector_paused
from smarket_planner.domain.errors import DomainError
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.exchange.roster_columns import ColumnPlan, RosterField, plan_columns
from smarket_planner.services.exchange.roster_files import RosterTable, read_roster_file
from smarket_planner.services.exchange.roster_rows import NOT_GIVEN, RosterCells, RosterProblem, read_people
from smarket_planner.storage.model import FunctionRow, PersonRow

PERSON_FIELDS = ("name", "email", "title", "location", "capacity_pct")
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
        said = [
            f"create {_people(created)}",
            f"update {_people(updated)}",
            f"leave {_people(same)} as they are",
        ]
        if self.new_functions:
            names = ", ".join(self.new_functions)
            said.insert(
                1, f"add {len(self.new_functions)} function{'s' * (len(self.new_functions) != 1)} ({names})"
            )
        sentence = ", ".join(said[:-1]) + " and " + said[-1]
        if self.problems:
            rows = len({problem.row for problem in self.problems})
            return f"{rows:,} row{'s' * (rows != 1)} cannot be imported; fixed, the roster would {sentence}."
        return f"The roster would {sentence}."


def _people(count: int) -> str:
    return f"{count:,} {'person' if count == 1 else 'people'}"


def preview_roster(
    plan: Plan,
    source: Path | RosterTable,
    *,
    sheet: str | None = None,
    chosen: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> RosterPreview:
    """Read a roster file and say, row by row, what importing it would do; nothing is written."""
    with collector_paused():
        table = source if isinstance(source, RosterTable) else read_roster_file(source, sheet=sheet)
        columns = plan_columns(table, chosen)
        with plan.store.session() as session:
            return assess(session, table, columns, progress)


def assess(
    session: Session,
    table: RosterTable,
    columns: ColumnPlan,
    progress: Progress | None = None,
    read: RosterCells | None = None,
) -> RosterPreview:
    """Check every row of the roster against the plan as it is in this session (``read``: the rows as
    an earlier check read them, which reading alone does not change)."""
    problems: list[RosterProblem] = []
    if not columns.names_people():
        shown = ", ".join(f"'{heading}'" for heading in columns.headings if heading)
        problems.append(
            RosterProblem(
                columns.heading_row, "", "",
                f"No column holds people's names (the columns are {shown}); say which one does.",
            )
        )  # fmt: skip
        return RosterPreview(table, columns, (), (), tuple(problems))
    state = plan_state(session)
    lines = table.lines[bisect_right(table.lines, columns.heading_row, key=itemgetter(0)) :]
    if read is None or len(read.numbers) != len(lines):
        read = read_people(lines, columns)
    matching = _Matching(session, columns)
    rows: Sequence[RosterRow] | None = matching.usual_rows(read)  # nothing wrong in the usual shape
    if rows is None:
        checked = []
        for done, cells in enumerate(read.rows()):
            if not done % 500 and progress is not None and not progress(done, len(lines), CHECKING):
                raise RosterImportError(CANCELLED)
            checked.append(matching.row(*cells, read.problems.get(done)))
        problems.extend(problem for row in checked if row.problems for problem in row.problems)
        rows = tuple(checked)
    if progress is not None:
        progress(len(lines), len(lines), CHECKING)
    new_functions = tuple(matching.new_functions.values())
    return RosterPreview(table, columns, rows, new_functions, tuple(problems), read, state)


class _Matching:
    """Rows matched against the plan's people and functions, and against the rows before them."""

    def __init__(self, session: Session, columns: ColumnPlan) -> None:
        self.columns = columns
        self.functions = {name.casefold(): name for name in session.scalars(select(FunctionRow.name))}
        people = session.execute(select(PersonRow.id, PersonRow.function_id, *_person_columns())).all()
        self.function_names = dict(session.execute(select(FunctionRow.id, FunctionRow.name)).all())
        self.by_email = {person.email: person for person in people if person.email}
        self.by_name: dict[str, list[Any]] = {}
        for person in people:
            if not person.email:
                self.by_name.setdefault(person.name.casefold(), []).append(person)
        self.first_row_of: dict[str, int] = {}  # an e-mail -> the first row that gave it
        self.row_of_person: dict[int, int] = {}  # a person matched by name -> the first row that did
        self.new_functions: dict[str, str] = {}  # functions the plan lacks, by their folded names
        self.spelled: dict[str, str] = {}  # a function as a row writes it -> as the plan (or first row) does

    def usual_rows(self, read: RosterCells) -> UsualRows | None:
        """Every row at once, for a roster in the usual shape (each row read, with an e-mail of its own,
        and a function for each new person); None for any other (row by row then says what is wrong)."""
        emails, functions = read.emails, read.functions
        if read.problems or NOT_GIVEN in emails or None in emails or len(set(emails)) != len(emails):
            return None
        matches = list(map(self.by_email.get, emails))
        if NOT_GIVEN in functions and any(
            function is NOT_GIVEN and match is None
            for function, match in zip(functions, matches, strict=True)
        ):
            return None
        for function in dict.fromkeys(functions):  # in the order rows first name them, as row by row
            if function is not NOT_GIVEN:
                self.spelling(function)
        spelled = self.spelled
        known = {
            index: self.known_row(
                match, number, name, email, title, location, capacity, spelled.get(function, "")
            )
            for index, ((number, name, email, title, location, capacity, function), match) in enumerate(
                zip(read.rows(), matches, strict=True)
            )
            if match is not None
        }
        return UsualRows(read, matches, spelled, known)

    def row(
        self, number: int, name: Any, email: Any, title: Any, location: Any, capacity: Any, function: Any,
        unreadable: list[RosterProblem] | None,
    ) -> RosterRow:  # fmt: skip
        """What one row would do: its cells (NOT_GIVEN where empty) checked against the plan and the rows
        before it."""
        if unreadable:
            return RosterRow(number, RowOutcome.ERROR, "", None, "", problems=tuple(unreadable))
        found: tuple[RosterProblem, ...] = ()
        given_email = email
        if email is NOT_GIVEN:
            email = None
        if function is NOT_GIVEN:
            function = ""
        if email:
            if email in self.first_row_of:
                said = f"The same e-mail as row {self.first_row_of[email]}."
                found += (_problem(self.columns, number, "email", email, said),)
            else:
                self.first_row_of[email] = number
            match = self.by_email.get(email)
        else:
            match = _single(self.by_name.get(name.casefold(), []))
            if match is not None:
                # Known by name alone, twice: the later row's changes would silently undo the earlier's.
                if match.id in self.row_of_person:
                    said = f"The same person as row {self.row_of_person[match.id]}."
                    found += (_problem(self.columns, number, "name", name, said),)
                self.row_of_person.setdefault(match.id, number)
        if match is None and not function:
            said = "A new person needs a function (department)."
            found += (_problem(self.columns, number, "function", "", said),)
        if found:
            return RosterRow(number, RowOutcome.ERROR, name, email, function, problems=found)
        function = self.spelling(function) if function else ""
        if match is None:
            return self.new_row(number, name, email, title, location, capacity, function)
        return self.known_row(match, number, name, given_email, title, location, capacity, function)

    def spelling(self, function: str) -> str:
        """A function as the plan spells it, or as the first row naming it did (then it is new)."""
        if function not in self.spelled:
            folded = function.casefold()
            self.spelled[function] = self.functions.get(folded) or self.new_functions.setdefault(
                folded, function
            )
        return self.spelled[function]

    @staticmethod
    def new_row(
        number: int, name: str, email: str | None, title: Any, location: Any, capacity: Any, function: str
    ) -> RosterRow:
        """A new person, with what the row leaves empty as a new person has it."""
        values = {
            "name": name,
            "email": email,
            "title": "" if title is NOT_GIVEN else title,
            "location": "" if location is NOT_GIVEN else location,
            "capacity_pct": 100.0 if capacity is NOT_GIVEN else capacity,
        }
        return _new_row((number, RowOutcome.NEW, name, email, function, None, values, ()))

    def known_row(
        self, match: Any, number: int, name: str, email: Any, title: Any, location: Any, capacity: Any,
        function: str,
    ) -> RosterRow:  # fmt: skip
        """A person the plan has: what the row changes of them (its empty cells change nothing)."""
        given = zip(PERSON_FIELDS, (name, email, title, location, capacity), strict=True)
        changes = {key: new for key, new in given if new is not NOT_GIVEN and getattr(match, key) != new}
        current_function = self.function_names[match.function_id]
        if function and function.casefold() != current_function.casefold():
            changes["function"] = function
        outcome = RowOutcome.UPDATE if changes else RowOutcome.SAME
        return RosterRow(number, outcome, name, match.email, function or current_function, match.id, changes)


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
        columns = [read.names, read.emails, read.titles, read.locations, read.capacities, read.functions]
        if any(matches):  # some rows are people the plan has: keep the others
            new = [match is None for match in matches]
            columns = [list(compress(column, new)) for column in columns]
        names, emails, titles, locations, capacities, functions = columns
        return NewPeople(
            names, emails, _filled(titles, ""), _filled(locations, ""), _filled(capacities, 100.0),
            list(map(self.spelled.__getitem__, functions)),
        )  # fmt: skip

    def outcomes(self) -> Counter[RowOutcome]:
        """How many rows have each outcome, without making the rows."""
        counted = Counter(row.outcome for row in self.known.values())
        counted[RowOutcome.NEW] = self.matches.count(None)
        return counted

    def _rows(self) -> tuple[RosterRow, ...]:
        if self._made is None:
            known, new, spelled = self.known, _Matching.new_row, self.spelled
            self._made = tuple(
                new(number, name, email, title, location, capacity, spelled[function])
                if match is None
                else known[index]
                for index, ((number, name, email, title, location, capacity, function), match) in enumerate(
                    zip(self.read.rows(), self.matches, strict=True)
                )
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


def plan_state(session: Session) -> tuple[Any, ...]:
    """The plan's people and functions in a few numbers (how many, their ids and versions added up, the
    latest change): any edit, removal or addition since changes one of them."""
    return tuple(
        session.execute(
            select(
                func.count(), func.coalesce(func.sum(table.c.id), 0),
                func.coalesce(func.sum(table.c.version), 0), func.max(table.c.changed_at),
            )
        ).one()
        for table in (PERSON_TABLE, FUNCTION_TABLE)
    )  # fmt: skip


def _person_columns() -> tuple[Any, ...]:
    return tuple(getattr(PersonRow, name) for name in PERSON_FIELDS)


def _single(people: list[Any]) -> Any:
    return people[0] if len(people) == 1 else None


def _problem(columns: ColumnPlan, number: int, field_name: str, value: str, message: str) -> RosterProblem:
    column = columns.column_of(RosterField(field_name))
    return RosterProblem(number, columns.heading(column) if column is not None else "", value, message)


# -- importing ----------------------------------------------------------------------------------
