"""Removing a thing with its own parts, and putting all of it back exactly on undo."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from smarket_planner.domain.errors import InUseError, NotFoundError
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.actions.catalog import HOLDS, NAME_FIELDS, ROWS, TABLE_KINDS
from smarket_planner.services.actions.versions import stale_change
from smarket_planner.storage.base import Base

_TABLES: dict[str, Table] = dict(Base.metadata.tables)


@dataclass(frozen=True)
class Snapshot:
    """Every row a removal took, and the references it cleared, so undo restores them."""

    kind: EntityKind
    ids: tuple[int, ...]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    cleared: list[tuple[str, str, dict[str, Any], Any]] = field(default_factory=list)

    def touched(self) -> dict[EntityKind, set[int]]:
        """The ids of each kind of thing whose rows (or link rows) the removal took."""
        result: dict[EntityKind, set[int]] = {}
        for table_name, rows in self.rows.items():
            kind, id_column = TABLE_KINDS[table_name]
            result.setdefault(kind, set()).update(row[id_column] for row in rows)
        return result

    def cleared_ids(self) -> dict[EntityKind, set[int]]:
        """The ids of each kind of thing that stays but lost a reference (e.g. "re-formed from")."""
        result: dict[EntityKind, set[int]] = {}
        for table_name, _column, key, _value in self.cleared:
            kind, _ = TABLE_KINDS[table_name]
            result.setdefault(kind, set()).add(key["id"])
        return result


def _referrers(table: Table) -> list[tuple[Table, Any, str]]:
    """Every (table, column, ON DELETE rule) that refers to rows of ``table``."""
    found = []
    for other in _TABLES.values():
        for key in other.foreign_keys:
            if key.column.table is table:
                found.append((other, key.parent, (key.ondelete or "RESTRICT").upper()))
    return found


def take_snapshot(session: Session, kind: EntityKind, ids: tuple[int, ...]) -> Snapshot:
    """Collect a thing and everything that goes with it; refuse if others still need it."""
    snapshot = Snapshot(kind, ids)
    pending: list[tuple[Table, Any, set[Any]]] = [(_table(kind), _table(kind).c.id, set(ids))]
    blocked: list[tuple[Table, Any, set[Any]]] = []
    while pending:
        table, column, values = pending.pop()
        rows = [dict(r._mapping) for r in session.execute(select(table).where(column.in_(values)))]
        known = snapshot.rows.get(table.name, [])
        seen = {_key(table, r) for r in known}
        rows = [r for r in rows if _key(table, r) not in seen]
        if not rows:
            continue
        snapshot.rows[table.name] = known + rows
        if "id" not in table.c:
            continue
        row_ids = {r["id"] for r in rows}
        for other, other_column, rule in _referrers(table):
            if rule == "CASCADE":
                pending.append((other, other_column, row_ids))
            elif rule == "SET NULL":
                for r in session.execute(select(other).where(other_column.in_(row_ids))):
                    value = r._mapping[other_column.name]
                    snapshot.cleared.append((other.name, other_column.name, {"id": r.id}, value))
            else:
                blocked.append((other, other_column, row_ids))
    if len(snapshot.rows.get(_table(kind).name, [])) != len(set(ids)):
        raise NotFoundError(f"That {kind.label} is no longer in the plan.")
    _refuse_if_needed(session, snapshot, blocked)
    return snapshot


def _key(table: Table, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _table(kind: EntityKind) -> Table:
    return ROWS[kind].__table__  # type: ignore[return-value]


def _refuse_if_needed(
    session: Session, snapshot: Snapshot, blocked: list[tuple[Table, Any, set[Any]]]
) -> None:
    holds: list[str] = []
    for table, column, values in blocked:
        leaving = {r["id"] for r in snapshot.rows.get(table.name, [])}
        query = select(func.count()).select_from(table).where(column.in_(values))
        if leaving:
            query = query.where(table.c.id.not_in(leaving))
        count = session.scalar(query) or 0
        if count:
            one, many = HOLDS.get((table.name, column.name), ("used by {n} other", "used by {n} others"))
            holds.append((one if count == 1 else many).format(n=count))
    if holds:
        rows = snapshot.rows[_table(snapshot.kind).name]
        names = [str(r.get("name") or r.get("title") or "") for r in rows]
        who = ", ".join(n for n in names if n) or f"This {snapshot.kind.label}"
        raise InUseError(f"{who} cannot be removed: still {', '.join(holds)}. Reassign those first.")


def remove(session: Session, snapshot: Snapshot) -> None:
    """Delete the snapshot's root rows; the database takes their own parts with them."""
    table = _table(snapshot.kind)
    session.execute(delete(table).where(table.c.id.in_(snapshot.ids)))
    session.expire_all()


def restore(session: Session, snapshot: Snapshot) -> None:
    """Put back every row a removal took, with the same ids, and re-set cleared references.

    Refused if its place was taken since; a reference someone has set again since is theirs.
    """
    root = _table(snapshot.kind)
    there = session.execute(select(root).where(root.c.id.in_(snapshot.ids)).limit(1)).first()
    if there is not None:
        row = there._mapping
        name = str(row.get(NAME_FIELDS.get(snapshot.kind, ""), "") or "")
        raise stale_change(
            snapshot.kind, row["id"], row["version"], name, row["changed_by"], row["changed_at"]
        )
    for table in Base.metadata.sorted_tables:
        rows = snapshot.rows.get(table.name)
        if rows:
            session.execute(insert(table), rows)
    for table_name, column, key, value in snapshot.cleared:
        table = _TABLES[table_name]
        still_clear = table.c[column].is_(None)
        session.execute(update(table).where(table.c.id == key["id"], still_clear).values({column: value}))
    session.expire_all()
