"""Bringing a roster from HR into the plan: all of it in bulk, as one undo step, or nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from smarket_planner.domain import rules
from smarket_planner.domain.bulk import collector_paused
from smarket_planner.domain.records import EntityKind
from smarket_planner.domain.rules import name_key
from smarket_planner.services.actions.crud import checked_new
from smarket_planner.services.actions.edits import Batch, Edit, Outcome, Patch, Remove, Step, apply
from smarket_planner.services.actions.notices import ChangeAction, ChangeNotice
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.exchange.roster_matching import assess, plan_state, preview_roster
from smarket_planner.services.exchange.roster_preview import (
    CANCELLED,
    FUNCTION_TABLE,
    PERSON_FIELDS,
    PERSON_TABLE,
    NewPeople,
    Progress,
    RosterImportError,
    RosterPreview,
    RosterRow,
    RowOutcome,
    UsualRows,
)
from smarket_planner.storage.base import current_user, utc_now
from smarket_planner.storage.model import FunctionRow

__all__ = [
    "RosterImport",
    "RosterImportError",
    "RosterPreview",
    "RosterRow",
    "RosterSummary",
    "RowOutcome",
    "import_roster",
    "preview_roster",
]
BIGGEST_ID = 2**63 - 1


@dataclass(frozen=True, slots=True)
class RosterSummary:
    """What an import did."""

    created: tuple[int, ...]
    updated: tuple[int, ...]
    unchanged: int
    new_functions: tuple[str, ...]


def import_roster(
    plan: Plan, preview: RosterPreview, progress: Progress | None = None
) -> Outcome[RosterSummary]:
    """Import the roster as previewed, checked again if the plan changed since: all of it, or nothing."""
    label = f"Import roster from {preview.table.name}"
    return apply(plan, RosterImport(preview, label, progress))


@dataclass(frozen=True)
class RosterImport:
    """Create and update the people of a roster, and any function it names that the plan lacks."""

    checked: RosterPreview
    label: str = ""
    progress: Progress | None = None

    def run(self, session: Session) -> Step[RosterSummary]:
        """Check the roster again if the plan's people or functions changed since the preview, then write
        it in bulk; the reverse removes and restores what it changed."""
        with collector_paused():
            return self._run(session)

    def _run(self, session: Session) -> Step[RosterSummary]:
        preview = self.checked
        if not preview.plan_state or plan_state(session) != preview.plan_state:
            preview = assess(session, preview.table, preview.columns, self.progress, preview.read)
        if not preview.ok:
            first = "; ".join(str(problem).rstrip(".") for problem in preview.problems[:3])
            more = len(preview.problems) - 3
            rest = f" (and {more:,} more problem{'s' * (more != 1)})" if more > 0 else ""
            raise RosterImportError(f"The roster was not imported. {first}{rest}.")
        total = len(preview.rows)
        if self.progress is not None and not self.progress(0, total, "Importing the roster"):
            raise RosterImportError(CANCELLED)
        functions = _insert_functions(session, preview.new_functions)
        keyed = select(FunctionRow.name_key, FunctionRow.id)  # by the folded key the plan stores
        function_ids: dict[str, int] = dict(session.execute(keyed).all())
        created = _insert_people(session, preview, function_ids)
        updated, before = _update_people(session, preview, function_ids)
        undo_steps: list[Edit] = [Remove(EntityKind.PERSON, created, self.label)] if created else []
        # Undone only where the values are still the roster's: a later change by anyone is kept.
        undo_steps += [Patch(EntityKind.PERSON, i, old, self.label, expected=new) for i, old, new in before]
        notices = []
        if functions:  # removed last on Undo, once nobody is in them
            undo_steps.append(Remove(EntityKind.FUNCTION, functions, self.label))
            notices.append(ChangeNotice(EntityKind.FUNCTION, ChangeAction.CREATED, functions))
        if created:
            notices.append(ChangeNotice(EntityKind.PERSON, ChangeAction.CREATED, created))
        if updated:
            notices.append(ChangeNotice(EntityKind.PERSON, ChangeAction.UPDATED, updated))
        summary = RosterSummary(created, updated, preview.count(RowOutcome.SAME), preview.new_functions)
        if self.progress is not None:
            self.progress(total, total, "Importing the roster")  # written: too late to cancel
        return Step(summary, Batch(undo_steps, self.label), tuple(notices))


def _insert_functions(session: Session, names: Sequence[str]) -> tuple[int, ...]:
    """Add the functions a roster names that the plan lacks, each with a colour of its own; their ids."""
    if not names:
        return ()
    colours = list(session.scalars(select(FunctionRow.colour)))
    values = []
    for name in names:
        colours.append(rules.unused_colour(colours))
        values.append(checked_new(session, EntityKind.FUNCTION, {"name": name, "colour": colours[-1]}))
    session.execute(insert(FUNCTION_TABLE), values)  # the columns' defaults stamp them
    named = select(FunctionRow.name, FunctionRow.id).where(FunctionRow.name.in_(names))
    ids = {name: ident for name, ident in session.execute(named)}
    return tuple(ids[name] for name in names)


def _insert_people(session: Session, preview: RosterPreview, function_ids: dict[str, int]) -> tuple[int, ...]:
    """Insert every new person at once; their ids, in roster order."""
    new = _new_people(preview)
    if not new.names:
        return ()
    now, who = utc_now(), current_user()
    table = PERSON_TABLE
    dialect = session.get_bind().dialect
    function_of = {name: function_ids[name_key(name)] for name in set(new.functions)}
    functions = map(function_of.__getitem__, new.functions)
    names = (
        "id", "name", "email", "title", "location", "capacity_pct", "skills", "function_id",
        "version", "created_at", "changed_at", "changed_by",
    )  # fmt: skip
    stored = {name: _storing(table, dialect, name) for name in names}
    start = _last_number(session, table) if dialect.name == "sqlite" else None
    count = len(new.names)
    as_given = ("id", "name", "email", "title", "location", "skills", "function_id", "version", "changed_by")
    if start is not None and start + count <= BIGGEST_ID and all(stored[n] is _as_is for n in as_given):
        # Numbered as SQLite numbers new rows (one past the highest id ever given, row after row) and
        # written by one executemany of the values as the column types store them: RETURNING in
        # parameter order would insert them one statement at a time. The rows are zipped from the
        # columns, with no Python run per row.
        stamp = stored["created_at"](now)  # one moment for all rows
        capacities = map(stored["capacity_pct"], new.capacities)
        rows = zip(
            range(start + 1, start + 1 + count), new.names, new.emails, new.titles, new.locations,
            capacities, new.skills, functions, repeat(1), repeat(stamp), repeat(stamp), repeat(who),
        )  # fmt: skip
        marks = ", ".join("?" for _ in names)
        sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})"
        session.connection().exec_driver_sql(sql, list(rows))
        return tuple(range(start + 1, start + 1 + count))
    people = zip(new.names, new.emails, new.titles, new.locations, new.capacities, new.skills, strict=True)
    values = [
        {
            **dict(zip(PERSON_FIELDS, person, strict=True)),
            "function_id": function,
            "version": 1,
            "created_at": now,
            "changed_at": now,
            "changed_by": who,
        }
        for person, function in zip(people, functions, strict=True)
    ]
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return tuple(session.execute(statement, values).scalars())


def _new_people(preview: RosterPreview) -> NewPeople:
    """The people the import creates, as columns in roster order."""
    if isinstance(preview.rows, UsualRows):
        return preview.rows.new_people()  # straight from the roster's columns
    new = [row for row in preview.rows if row.outcome is RowOutcome.NEW]
    names, emails, titles, locations, capacities, skills = (
        [row.changes[key] for row in new] for key in PERSON_FIELDS
    )
    return NewPeople(names, emails, titles, locations, capacities, skills, [row.function for row in new])


def _last_number(session: Session, table: Table) -> int:
    """The highest id SQLite has given in the table: ids of removed rows are never given again."""
    highest = session.scalar(select(func.max(table.c.id))) or 0
    given = (
        session.connection()
        .exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = ?", (table.name,))
        .scalar()
    )
    return max(highest, given or 0)


def _as_is(value: Any) -> Any:
    return value


def _storing(table: Table, dialect: Any, column: str) -> Callable[[Any], Any]:
    """How a column's type turns a value into what the database driver is given."""
    return table.c[column].type.dialect_impl(dialect).bind_processor(dialect) or _as_is


def _update_people(
    session: Session, preview: RosterPreview, function_ids: dict[str, int]
) -> tuple[tuple[int, ...], list[tuple[int, dict[str, Any], dict[str, Any]]]]:
    """Change the people the roster updates, at once; their ids, and the values each had and now has."""
    changed = preview.updates()
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
    before: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    rows = []
    now, who = utc_now(), current_user()
    for row in changed:
        assert row.person_id is not None
        old = current[row.person_id]
        new = {name: old[name] for name in names}
        for name, value in row.changes.items():
            if name == "function":
                new["function_id"] = function_ids[name_key(value)]
            else:
                new[name] = value
        differ = [name for name in names if new[name] != old[name]]
        before.append((row.person_id, {n: old[n] for n in differ}, {n: new[n] for n in differ}))
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
