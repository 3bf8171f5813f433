"""One name in any case and any script: the folded key a function's or a task force's name is kept by.

Python folds, not the database (SQLite's lower() folds A-Z only), and the key is stored beside the
name in a UNIQUE column, so the plan itself refuses a second "ΩMEGA" next to "Ωmega" however the row
is written. Every write keeps the key in step with the name, from this one module:

* an INSERT, by the ORM or a bulk statement (many rows at once too): the key column's default;
* a rename of a loaded row: the ORM attribute event, so the row in memory holds its new key at once;
* a rename by an UPDATE statement (Core or ORM-enabled): the engine hook, which adds the key to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, event, exc, select
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import ExecutionContext
from sqlalchemy.sql.dml import Update
from sqlalchemy.sql.elements import BindParameter

from smarket_planner.domain.rules import name_key
from smarket_planner.storage.base import Base

NAME, KEY = "name", "name_key"
# Tables whose names are unique in a plan, folded; the label is how a manager calls one of them.
FOLDED_TABLES = {"function": "function", "task_force": "task force"}
# casefold may lengthen a name (ß -> ss, ΐ -> three letters), so the key has room for that.
KEY_LENGTH = 360
# "UNIQUE constraint failed: function.name_key" (SQLite), "... constraint "uq_function_name_key"" (PostgreSQL)
_CLASH = re.compile(r"(task_force|function)[._]name_key")

Params = Mapping[str, Any]


def folded_name(context: ExecutionContext) -> str:
    """The key of the name a row is written with: the key column's default on every INSERT."""
    return name_key(context.get_current_parameters()[NAME])  # type: ignore[attr-defined]


def refold(target: Any, value: Any, _old: Any, _initiator: Any) -> None:
    """Keep a row's key in step when its name is set (new rows and renames alike)."""
    if isinstance(value, str):
        target.name_key = name_key(value)


def keep_names_folded(engine: Engine) -> None:
    """Have every UPDATE statement on ``engine`` that renames a function or a task force store its new key."""
    event.listen(engine, "before_execute", _fold_renames, retval=True)


def _fold_renames(
    _connection: Connection,
    statement: Any,
    multiparams: Sequence[Params],
    params: Params,
    _options: Any,
) -> tuple[Any, Sequence[Params], Params]:
    """The statement and its values, with the new key beside a new name of a function or a task force."""
    if not isinstance(statement, Update) or getattr(statement.table, "name", None) not in FOLDED_TABLES:
        return statement, multiparams, params
    inline = {getattr(column, "key", column): value for column, value in (statement._values or {}).items()}
    if KEY in inline:
        return statement, multiparams, params
    given = inline.get(NAME)
    if not multiparams and not params:
        if given is None:
            return statement, multiparams, params
        return statement.values({KEY: name_key(_literal(given))}), multiparams, params
    if multiparams:
        return statement, [_with_key(row, given) for row in multiparams], params
    return statement, multiparams, _with_key(params, given)


def _with_key(row: Params, given: Any) -> Params:
    """A statement's values for one row, with the key of the name it sets."""
    if KEY in row:
        return row
    if NAME in row:
        return {**row, KEY: name_key(row[NAME])}
    if given is None:
        return row
    if isinstance(given, BindParameter) and given.key in row:
        return {**row, KEY: name_key(row[given.key])}
    return {**row, KEY: name_key(_literal(given))}


def _literal(given: Any) -> str:
    """The name an UPDATE sets in its own text; a name worked out by the database cannot be folded here."""
    value = given.value if isinstance(given, BindParameter) else given
    if not isinstance(value, str):
        raise TypeError("A name must be set as text, for its folded key is worked out in Python.")
    return value


def clashing_table(error: exc.IntegrityError) -> str | None:
    """The table whose folded names a refused write would have made twice, if that was the trouble."""
    found = _CLASH.search(str(getattr(error, "orig", error)).lower())
    return found.group(1) if found else None


def clash_message(table: str, existing: str | None = None) -> str:
    """What a manager is told when a name is taken: as the services say it, naming the one there."""
    label = FOLDED_TABLES[table]
    if existing is not None:
        return f"There is already a {label} called '{existing}'."
    return f"There is already a {label} of that name (names that differ only in case count as one)."


def name_in_the_way(connection: Connection, table: str, error: exc.IntegrityError) -> str | None:
    """The name, as the plan spells it, that a refused write clashed with (None if both were new)."""
    given = {value for value in _values(error.params) if isinstance(value, str)}
    if not given:
        return None
    names = Base.metadata.tables[table]
    found = select(names.c.name).where(names.c.name_key.in_(given)).order_by(names.c.id).limit(1)
    return connection.scalar(found)


def _values(params: Any) -> list[Any]:
    """Every value a statement was given, whether one row or many, by name or by position."""
    if isinstance(params, Mapping):
        return list(params.values())
    if isinstance(params, Sequence) and not isinstance(params, str):
        return [value for item in params for value in _values(item)]
    return [params]
