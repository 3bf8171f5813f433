"""Bringing a roster from HR into the plan: what it would change, then all of it as one undo step."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from smarket_planner.domain import rules
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.actions.crud import insert_step
from smarket_planner.services.actions.edits import Batch, Edit, Outcome, Patch, Remove, Step, apply
from smarket_planner.services.actions.notices import ChangeAction, ChangeNotice
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.exchange.roster_columns import ColumnPlan, RosterField, plan_columns
from smarket_planner.services.exchange.roster_files import RosterTable, read_roster_file
from smarket_planner.services.exchange.roster_rows import PersonCells, PersonReader, RosterProblem
from smarket_planner.storage.base import current_user, utc_now
from smarket_planner.storage.model import FunctionRow, PersonRow

PERSON_FIELDS = ("name", "email", "title", "location", "capacity_pct")
PERSON_TABLE = cast(Table, PersonRow.__table__)
NEW_PERSON = {"email": None, "title": "", "location": "", "capacity_pct": 100.0}
# (rows done, rows in all, what is being done) -> False to stop
Progress = Callable[[int, int, str], bool]
# A row read as a person (None if it cannot be) and its problems: what does not depend on the plan.
ReadRow = tuple[PersonCells | None, tuple[RosterProblem, ...]]
BIGGEST_ID = 2**63 - 1


class RosterImportError(DomainError):
    """The roster cannot be imported as it stands; nothing was changed."""


class RowOutcome(StrEnum):
    """What importing a row would do."""

    NEW = "new"
    UPDATE = "update"
    SAME = "unchanged"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One roster row and what importing it would do to the plan."""

    row: int
    outcome: RowOutcome
    name: str
    email: str | None
    function: str
    person_id: int | None = None  # the person it updates or leaves alone
    changes: Mapping[str, Any] = field(default_factory=dict)  # fields a new person gets, or that change
    problems: tuple[RosterProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class RosterPreview:
    """What a roster would do to the plan, row by row; importable only when nothing is wrong."""

    table: RosterTable
    columns: ColumnPlan
    rows: tuple[RosterRow, ...]
    new_functions: tuple[str, ...]
    problems: tuple[RosterProblem, ...]
    # Each row as read, kept so that the import checks the rows against the plan without reading them again.
    read: tuple[ReadRow, ...] = field(default=(), repr=False, compare=False)

    def count(self, outcome: RowOutcome) -> int:
        """How many rows would have this outcome."""
        return sum(1 for row in self.rows if row.outcome is outcome)

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


@dataclass(frozen=True, slots=True)
class RosterSummary:
    """What an import did."""

    created: tuple[int, ...]
    updated: tuple[int, ...]
    unchanged: int
    new_functions: tuple[str, ...]


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
    table = source if isinstance(source, RosterTable) else read_roster_file(source, sheet=sheet)
    columns = plan_columns(table, chosen)
    with plan.store.session() as session:
        return assess(session, table, columns, progress)


def assess(
    session: Session,
    table: RosterTable,
    columns: ColumnPlan,
    progress: Progress | None = None,
    read: tuple[ReadRow, ...] = (),
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
    functions = {name.casefold(): name for name in session.scalars(select(FunctionRow.name))}
    people = session.execute(select(PersonRow.id, PersonRow.function_id, *_person_columns())).all()
    function_names = dict(session.execute(select(FunctionRow.id, FunctionRow.name)).all())
    by_email = {person.email: person for person in people if person.email}
    by_name: dict[str, list[Any]] = {}
    for person in people:
        if not person.email:
            by_name.setdefault(person.name.casefold(), []).append(person)
    first_row_of: dict[str, int] = {}
    row_of_person: dict[int, int] = {}  # a person matched by name -> the first row that did
    new_functions: dict[str, str] = {}
    rows: list[RosterRow] = []
    lines = [line for line in table.lines if line.number > columns.heading_row]
    reader = None if len(read) == len(lines) else PersonReader(columns)
    kept: list[ReadRow] = []
    for done, line in enumerate(lines):
        if progress is not None and done % 500 == 0 and not progress(done, len(lines), "Checking the roster"):
            raise RosterImportError("The import was cancelled; nothing was changed.")
        found: list[RosterProblem]
        if reader is None:
            cells, already = read[done]
            found = list(already)
        else:
            found = []
            cells = reader.read(line, found)
            kept.append((cells, tuple(found)))
        if cells is not None:
            email = cells.values.get("email")
            if email:
                if email in first_row_of:
                    found.append(
                        _problem(
                            columns, cells, "email", email, f"The same e-mail as row {first_row_of[email]}."
                        )
                    )
                first_row_of.setdefault(email, line.number)
            match = (
                by_email.get(email) if email else _single(by_name.get(cells.values["name"].casefold(), []))
            )
            if match is not None and not email:
                # Known by name alone, twice: the later row's changes would silently undo the earlier's.
                if match.id in row_of_person:
                    said = f"The same person as row {row_of_person[match.id]}."
                    found.append(_problem(columns, cells, "name", cells.values["name"], said))
                row_of_person.setdefault(match.id, line.number)
            if match is None and not cells.function:
                found.append(
                    _problem(columns, cells, "function", "", "A new person needs a function (department).")
                )
        if found or cells is None:
            problems.extend(found)
            rows.append(_error_row(line.number, cells, found))
            continue
        function = cells.function
        if function:  # as the plan (or the roster's first row naming it) spells it
            function = functions.get(function.casefold()) or new_functions.setdefault(
                function.casefold(), function
            )
        if match is None:
            values = NEW_PERSON | cells.values
            rows.append(
                RosterRow(
                    line.number, RowOutcome.NEW, values["name"], values["email"], function, None, values
                )
            )
            continue
        changes = {name: value for name, value in cells.values.items() if getattr(match, name) != value}
        current_function = function_names[match.function_id]
        if function and function.casefold() != current_function.casefold():
            changes["function"] = functions.get(function.casefold(), function)
        outcome = RowOutcome.UPDATE if changes else RowOutcome.SAME
        name = cells.values["name"]
        rows.append(
            RosterRow(
                line.number, outcome, name, match.email, function or current_function, match.id, changes
            )
        )
    if progress is not None:
        progress(len(lines), len(lines), "Checking the roster")
    return RosterPreview(
        table, columns, tuple(rows), tuple(new_functions.values()), tuple(problems), read or tuple(kept)
    )


def _person_columns() -> tuple[Any, ...]:
    return tuple(getattr(PersonRow, name) for name in PERSON_FIELDS)


def _single(people: list[Any]) -> Any:
    return people[0] if len(people) == 1 else None


def _problem(
    columns: ColumnPlan, cells: PersonCells, field_name: str, value: str, message: str
) -> RosterProblem:
    column = columns.column_of(RosterField(field_name))
    return RosterProblem(cells.row, columns.heading(column) if column is not None else "", value, message)


def _error_row(number: int, cells: PersonCells | None, problems: list[RosterProblem]) -> RosterRow:
    values = cells.values if cells is not None else {}
    return RosterRow(
        number, RowOutcome.ERROR, values.get("name", ""), values.get("email"),
        cells.function if cells is not None else "", problems=tuple(problems),
    )  # fmt: skip


# -- importing ----------------------------------------------------------------------------------
def import_roster(
    plan: Plan, preview: RosterPreview, progress: Progress | None = None
) -> Outcome[RosterSummary]:
    """Import the roster as previewed, checked again against the plan as it is now: all of it, or nothing."""
    label = f"Import roster from {preview.table.name}"
    return apply(plan, RosterImport(preview.table, preview.columns, label, progress, preview.read))


@dataclass(frozen=True)
class RosterImport:
    """Create and update the people of a roster, and any function it names that the plan lacks."""

    table: RosterTable
    columns: ColumnPlan
    label: str = ""
    progress: Progress | None = None
    read: tuple[ReadRow, ...] = field(default=(), repr=False)  # the rows as the preview read them

    def run(self, session: Session) -> Step[RosterSummary]:
        """Check the roster again, then write it in bulk; the reverse removes and restores what it changed."""
        preview = assess(session, self.table, self.columns, self.progress, self.read)
        if not preview.ok:
            first = "; ".join(str(problem).rstrip(".") for problem in preview.problems[:3])
            more = len(preview.problems) - 3
            rest = f" (and {more:,} more problem{'s' * (more != 1)})" if more > 0 else ""
            raise RosterImportError(f"The roster was not imported. {first}{rest}.")
        made: list[Step[Any]] = []
        function_ids = {
            name.casefold(): ident
            for ident, name in session.execute(select(FunctionRow.id, FunctionRow.name))
        }
        colours = list(session.scalars(select(FunctionRow.colour)))
        for name in preview.new_functions:
            colour = rules.unused_colour(colours)
            colours.append(colour)
            step = insert_step(session, EntityKind.FUNCTION, {"name": name, "colour": colour}, self.label)
            made.append(step)
            function_ids[name.casefold()] = step.value.id
        created = _insert_people(session, preview, function_ids)
        updated, before = _update_people(session, preview, function_ids)
        undo_steps: list[Edit] = [Remove(EntityKind.PERSON, created, self.label)] if created else []
        undo_steps += [Patch(EntityKind.PERSON, ident, old, self.label) for ident, old in before]
        undo_steps += [step.undo for step in reversed(made)]
        notices = [notice for step in made for notice in step.notices]
        if created:
            notices.append(ChangeNotice(EntityKind.PERSON, ChangeAction.CREATED, created))
        if updated:
            notices.append(ChangeNotice(EntityKind.PERSON, ChangeAction.UPDATED, updated))
        summary = RosterSummary(created, updated, preview.count(RowOutcome.SAME), preview.new_functions)
        return Step(summary, Batch(undo_steps, self.label), tuple(notices))


def _insert_people(session: Session, preview: RosterPreview, function_ids: dict[str, int]) -> tuple[int, ...]:
    """Insert every new person at once; their ids, in roster order."""
    now, who = utc_now(), current_user()
    new = [row for row in preview.rows if row.outcome is RowOutcome.NEW]
    if not new:
        return ()
    table = PERSON_TABLE
    dialect = session.get_bind().dialect
    start = (session.scalar(select(func.max(table.c.id))) or 0) if dialect.name == "sqlite" else None
    if start is not None and start + len(new) <= BIGGEST_ID:
        # Numbered as SQLite numbers new rows (the highest id so far plus one, row after row) and
        # written by one executemany of the values as the column types store them: RETURNING in
        # parameter order would insert them one statement at a time.
        names = ("id", *PERSON_FIELDS, "function_id", "version", "created_at", "changed_at", "changed_by")
        rows = [
            [
                start + number, *[row.changes[name] for name in PERSON_FIELDS],
                function_ids[row.function.casefold()], 1, now, now, who,
            ]
            for number, row in enumerate(new, start=1)
        ]  # fmt: skip
        for place, name in enumerate(names):
            processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if processor is None:
                continue
            if name in ("created_at", "changed_at"):  # the same moment on every row: converted once
                stored = processor(now)
                for values in rows:
                    values[place] = stored
            else:
                for values in rows:
                    values[place] = processor(values[place])
        marks = ", ".join("?" for _ in names)
        sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})"
        session.connection().exec_driver_sql(sql, [tuple(values) for values in rows])
        return tuple(range(start + 1, start + 1 + len(new)))
    values = [
        {
            **{name: row.changes[name] for name in PERSON_FIELDS},
            "function_id": function_ids[row.function.casefold()],
            "version": 1,
            "created_at": now,
            "changed_at": now,
            "changed_by": who,
        }
        for row in new
    ]
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return tuple(session.execute(statement, values).scalars())


def _update_people(
    session: Session, preview: RosterPreview, function_ids: dict[str, int]
) -> tuple[tuple[int, ...], list[tuple[int, dict[str, Any]]]]:
    """Change the people the roster updates, at once; their ids and the values they had."""
    changed = [row for row in preview.rows if row.outcome is RowOutcome.UPDATE]
    if not changed:
        return (), []
    ids = [row.person_id for row in changed]
    table = PERSON_TABLE
    names = (*PERSON_FIELDS, "function_id")
    current = {
        found.id: found._asdict()
        for found in session.execute(
            select(table.c.id, *(table.c[name] for name in names)).where(table.c.id.in_(ids))
        )
    }
    before: list[tuple[int, dict[str, Any]]] = []
    rows = []
    now, who = utc_now(), current_user()
    for row in changed:
        assert row.person_id is not None
        old = current[row.person_id]
        new = {name: old[name] for name in names}
        for name, value in row.changes.items():
            if name == "function":
                new["function_id"] = function_ids[value.casefold()]
            else:
                new[name] = value
        before.append((row.person_id, {name: old[name] for name in names if new[name] != old[name]}))
        rows.append(
            {"person": row.person_id, "now": now, "who": who, **{f"new_{name}": new[name] for name in names}}
        )
    statement = (
        update(table)
        .where(table.c.id == bindparam("person"))
        .values(
            {name: bindparam(f"new_{name}") for name in names}
            | {"version": table.c.version + 1, "changed_at": bindparam("now"), "changed_by": bindparam("who")}
        )
    )
    session.execute(statement, rows)
    return tuple(row.person_id for row in changed if row.person_id is not None), before
