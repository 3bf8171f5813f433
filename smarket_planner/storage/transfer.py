"""Copy a whole plan, table by table and row by row with its ids, between plan files and plan databases."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Table,
    and_,
    bindparam,
    delete,
    exc,
    func,
    inspect,
    select,
    text,
    update,
)

from smarket_planner.domain.errors import PlanFileError
from smarket_planner.storage import migrate, model
from smarket_planner.storage.base import Base
from smarket_planner.storage.plan_file import (
    check_new_target,
    copy_consistently,
    discard,
    inspect_plan_file,
    is_url,
    put_in_place,
    start_draft,
)
from smarket_planner.storage.server import (
    ServerAddress,
    cannot_connect,
    check_empty_database,
    parse_address,
    server_engine,
)
from smarket_planner.storage.store import create_plan, file_engine, open_plan

CHUNK = 5_000  # rows read and written at a time
# Tables a plan database holds besides the plan's own: the schema revision, SQLite's id counters.
_KEPT_APART = frozenset({"alembic_version", "sqlite_sequence"})
Target = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class Copied:
    """What ``copy_plan`` wrote: where from and to, the plan's title, and the rows of each table."""

    source: str
    target: str
    title: str
    rows: dict[str, int]
    from_upgraded_copy: bool  # the source was at an older schema; an upgraded copy of it was read


def copy_plan(source: Target, target: Target, *, force: bool = False, password: str | None = None) -> Copied:
    """Copy every row of a plan, ids and versions and who changed it when, to a new file or empty database."""
    # ``password`` is for whichever side is on a server. The source is never changed: a file at an
    # older schema is read from an upgraded temporary copy; an older database is refused.
    address = parse_address(str(target), password) if is_url(target) else None
    _refuse_same_place(source, target, address, password)
    if address is None:
        check_new_target(Path(target), force=force)
    with ExitStack() as stack:
        reader, location, upgraded = _open_source(source, password, stack)
        if address is None:
            title, rows = _into_file(reader, Path(target), force=force)
            where = str(target)
        else:
            title, rows = _into_database(reader, address)
            where = address.location
    return Copied(location, where, title, rows, upgraded)


def check_new_place(target: Target, *, force: bool = False, password: str | None = None) -> None:
    """Refuse at once a place where a new plan cannot go: a file there already, a database not empty."""
    if not is_url(target):
        check_new_target(Path(target), force=force)
        return
    address = parse_address(str(target), password)
    engine = server_engine(address)
    try:
        check_empty_database(engine, address)
    except exc.SQLAlchemyError as error:
        raise cannot_connect(error, address) from None
    finally:
        engine.dispose()


def _refuse_same_place(
    source: Target, target: Target, address: ServerAddress | None, password: str | None
) -> None:
    if address is not None and is_url(source):
        same = parse_address(str(source), password).location == address.location
    else:
        same = address is None and not is_url(source) and Path(source).resolve() == Path(target).resolve()
    if same:
        raise PlanFileError("A plan cannot be copied onto itself; give another place for the copy.")


def _open_source(source: Target, password: str | None, stack: ExitStack) -> tuple[Engine, str, bool]:
    """An engine that reads the source as it is, where it is; a file at an older schema via a copy."""
    if is_url(source):
        store = open_plan(str(source), password=password)  # an older database is refused
        stack.callback(store.close)
        return store.engine, store.location, False
    facts = inspect_plan_file(Path(source))
    if not facts.needs_upgrade:
        reader = file_engine(facts.path, "ro")  # every table read from one moment of the file
        stack.callback(reader.dispose)
        return reader, str(facts.path), False
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="smarket-copy-")))
    copy = folder / facts.path.name
    copy_consistently(facts.path, copy)
    store = open_plan(copy)  # brings the copy, never the source, up to date
    stack.callback(store.close)
    return store.engine, str(facts.path), True


@contextmanager
def _reading(reader: Engine) -> Iterator[Connection]:
    """One read of the whole source: every table as it was at one moment, whoever writes meanwhile."""
    with reader.connect() as source:
        if source.dialect.name == "postgresql":
            source.execution_options(isolation_level="REPEATABLE READ")
        yield source


def _into_file(reader: Engine, path: Path, *, force: bool) -> tuple[str, dict[str, int]]:
    """Build the copy as a draft beside ``path`` and move it in place whole."""
    draft = start_draft(path)
    try:
        store = create_plan(draft, force=True)  # an empty plan of this schema, its header and log set
        try:
            with _reading(reader) as source, store.engine.begin() as target:
                target.execute(delete(model.PlanMeta))  # the source's own facts take their place
                copied = _copy_plan_rows(source, target)
        except exc.SQLAlchemyError as error:
            raise _not_copied(error, str(path), "nothing was written there") from None
        finally:
            store.close()
        put_in_place(draft, path, force=force)
    except BaseException:
        discard(draft)
        raise
    return copied


def _into_database(reader: Engine, address: ServerAddress) -> tuple[str, dict[str, int]]:
    """Make the plan's tables in an empty database and fill them, all in one transaction."""
    engine = server_engine(address)
    try:
        try:
            check_empty_database(engine, address)
        except exc.SQLAlchemyError as error:
            raise cannot_connect(error, address) from None
        try:
            with _reading(reader) as source, engine.begin() as target:
                check_empty_database(target, address)  # still empty, now inside the transaction
                migrate.create_schema(target)
                return _copy_plan_rows(source, target)
        except exc.SQLAlchemyError as error:
            raise _not_copied(error, address.location, "the database was left empty") from None
    finally:
        engine.dispose()


def _not_copied(error: exc.SQLAlchemyError, where: str, state: str) -> PlanFileError:
    said = " ".join(str(getattr(error, "orig", error)).split("\n")[0].split()).rstrip(".")
    return PlanFileError(f"The plan could not be copied to {where} ({said}); {state}.")


def _copy_plan_rows(source: Connection, target: Connection) -> tuple[str, dict[str, int]]:
    """Copy every table of the plan and carry its id counters over; the plan's title and the row counts."""
    unknown = set(inspect(source).get_table_names()) - _KEPT_APART - set(Base.metadata.tables)
    if unknown:
        raise PlanFileError(
            f"The plan holds tables this version does not know ({', '.join(sorted(unknown))}), "
            "so it cannot be copied whole."
        )
    counters = _counters(source)
    # Worked-out overloads are left behind: the copy works them out afresh when first asked.
    copied = [table for table in Base.metadata.sorted_tables if not table.info.get("derived")]
    rows = {table.name: _copy_table(table, source, target) for table in copied}
    for table in _numbered():
        _set_counter(table, target, counters.get(table.name, 0))
    title = source.scalar(select(model.PlanMeta.value).where(model.PlanMeta.key == "title"))
    return title or "", rows


def _numbered() -> list[Table]:
    """The tables whose rows get their ids from a counter."""
    return [table for table in Base.metadata.sorted_tables if table.autoincrement_column is not None]


def _copy_table(table: Table, source: Connection, target: Connection) -> int:
    """Copy one table row by row, in key order; a row naming another of its table is linked afterwards."""
    loops = [key.parent for key in table.foreign_keys if key.column.table is table]
    # Written as they were: the columns an UPDATE would otherwise stamp with now and this user.
    kept = loops + [column for column in table.c if column.onupdate is not None]
    keys = list(table.primary_key.columns)
    links: list[dict[str, Any]] = []
    count = 0
    found = source.execution_options(yield_per=CHUNK).execute(select(table).order_by(*keys))
    for part in found.mappings().partitions():
        batch = [dict(row) for row in part]
        for row in batch:
            if any(row[column.name] is not None for column in loops):
                links.append({f"_{column.name}": row[column.name] for column in keys + kept})
                row.update({column.name: None for column in loops})
        target.execute(table.insert(), batch)
        count += len(batch)
    if links:
        match = and_(*(column == bindparam(f"_{column.name}") for column in keys))
        values: dict[Column[Any] | str, Any] = {column.name: bindparam(f"_{column.name}") for column in kept}
        target.execute(update(table).where(match).values(values), links)
    return count


def _counters(source: Connection) -> dict[str, int]:
    """The last id each table's counter handed out (past the highest id left, once rows were removed)."""
    if source.dialect.name == "sqlite":
        if not inspect(source).has_table("sqlite_sequence"):
            return {}
        found = source.exec_driver_sql("SELECT name, seq FROM sqlite_sequence")
        return {str(name): int(seq or 0) for name, seq in found}
    last = text("SELECT pg_sequence_last_value(CAST(pg_get_serial_sequence(:table, :column) AS regclass))")
    counters = {}
    for table in _numbered():
        column = table.autoincrement_column
        assert column is not None
        value = source.scalar(last, {"table": table.name, "column": column.name})
        counters[table.name] = int(value or 0)
    return counters


def _set_counter(table: Table, target: Connection, counter: int) -> None:
    """Have the next new row of ``table`` get an id never used in the plan before."""
    column = table.autoincrement_column
    assert column is not None
    top = max(target.scalar(select(func.max(column))) or 0, counter)
    if target.dialect.name == "postgresql":
        target.execute(
            text("SELECT setval(pg_get_serial_sequence(:table, :column), :value, :called)"),
            {"table": table.name, "column": column.name, "value": max(top, 1), "called": top > 0},
        )
        return
    if top == 0:
        return
    named = {"value": top, "table": table.name}
    moved = target.execute(text("UPDATE sqlite_sequence SET seq = :value WHERE name = :table"), named)
    if moved.rowcount == 0:
        target.execute(text("INSERT INTO sqlite_sequence (name, seq) VALUES (:table, :value)"), named)
