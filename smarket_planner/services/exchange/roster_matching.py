"""Checking a roster against the plan: each row matched to the people and functions it has."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smarket_planner.domain.bulk import collector_paused
from smarket_planner.domain.rules import name_key
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.exchange.roster_columns import ColumnPlan, RosterField, plan_columns
from smarket_planner.services.exchange.roster_files import RosterTable, read_roster_file
from smarket_planner.services.exchange.roster_preview import (
    CANCELLED,
    CHECKING,
    FUNCTION_TABLE,
    PERSON_FIELDS,
    PERSON_TABLE,
    Progress,
    RosterImportError,
    RosterPreview,
    RosterRow,
    RowOutcome,
    UsualRows,
    new_row,
)
from smarket_planner.services.exchange.roster_rows import NOT_GIVEN, RosterCells, RosterProblem, read_people
from smarket_planner.storage.model import FunctionRow, PersonRow


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
        self.functions = {name_key(name): name for name in session.scalars(select(FunctionRow.name))}
        people = session.execute(select(PersonRow.id, PersonRow.function_id, *_person_columns())).all()
        self.function_names = dict(session.execute(select(FunctionRow.id, FunctionRow.name)).all())
        self.by_email = {person.email: person for person in people if person.email}
        self.by_name: dict[str, list[Any]] = {}
        for person in people:
            if not person.email:
                self.by_name.setdefault(name_key(person.name), []).append(person)
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
                match, number, name, email, title, location, capacity, skills, spelled.get(function, "")
            )
            for index, (
                (number, name, email, title, location, capacity, skills, function),
                match,
            ) in enumerate(zip(read.rows(), matches, strict=True))
            if match is not None
        }
        return UsualRows(read, matches, spelled, known)

    def row(
        self, number: int, name: Any, email: Any, title: Any, location: Any, capacity: Any, skills: Any,
        function: Any, unreadable: list[RosterProblem] | None,
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
            match = _single(self.by_name.get(name_key(name), []))
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
            return new_row(number, name, email, title, location, capacity, skills, function)
        return self.known_row(match, number, name, given_email, title, location, capacity, skills, function)

    def spelling(self, function: str) -> str:
        """A function as the plan spells it, or as the first row naming it did (then it is new)."""
        if function not in self.spelled:
            folded = name_key(function)
            self.spelled[function] = self.functions.get(folded) or self.new_functions.setdefault(
                folded, function
            )
        return self.spelled[function]

    def known_row(
        self, match: Any, number: int, name: str, email: Any, title: Any, location: Any, capacity: Any,
        skills: Any, function: str,
    ) -> RosterRow:  # fmt: skip
        """A person the plan has: what the row changes of them (its empty cells, or a column the roster
        lacks, change nothing)."""
        given = zip(PERSON_FIELDS, (name, email, title, location, capacity, skills), strict=True)
        changes = {key: new for key, new in given if new is not NOT_GIVEN and getattr(match, key) != new}
        current_function = self.function_names[match.function_id]
        if function and name_key(function) != name_key(current_function):
            changes["function"] = function
        outcome = RowOutcome.UPDATE if changes else RowOutcome.SAME
        return RosterRow(number, outcome, name, match.email, function or current_function, match.id, changes)


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
