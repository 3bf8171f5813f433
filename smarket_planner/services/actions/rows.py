"""Reading and writing one kind of thing: records out, checked values in, links kept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from smarket_planner.domain.errors import DuplicateError, NotFoundError
from smarket_planner.domain.fields import field_label
from smarket_planner.domain.records import RECORD_TYPES, EntityKind, Record
from smarket_planner.domain.rules import name_key
from smarket_planner.services.actions.catalog import (
    CASELESS,
    LINKED,
    LINKS,
    NAME_FIELDS,
    REFERENCES,
    ROWS,
    UNIQUE,
)
from smarket_planner.storage.base import utc_now


def load_row(session: Session, kind: EntityKind, ident: int) -> Any:
    """The stored row of a thing, or a clear error if it is gone."""
    row = session.get(ROWS[kind], ident)
    if row is None:
        raise NotFoundError(f"That {kind.label} is no longer in the plan.")
    return row


def to_record(kind: EntityKind, row: Any) -> Record:
    """A plain, read-only copy of a stored row."""
    values: dict[str, Any] = {}
    for field in fields(RECORD_TYPES[kind]):
        if (kind, field.name) in LINKS:
            members = getattr(row, LINKED[(kind, field.name)])
            values[field.name] = tuple(member.id for member in members)
        else:
            values[field.name] = getattr(row, field.name)
    return RECORD_TYPES[kind](**values)


def record_values(record: Record) -> dict[str, Any]:
    """A record's fields as a dict, without its id and version."""
    return {
        field.name: getattr(record, field.name)
        for field in fields(record)
        if field.name not in ("id", "version")
    }


def describe(kind: EntityKind, values: Mapping[str, Any]) -> str:
    """A thing as named in a message or an undo label: task force 'Launch'."""
    name_field = NAME_FIELDS.get(kind)
    if name_field and values.get(name_field):
        return f"{kind.label} '{values[name_field]}'"
    return kind.label


def split_links(kind: EntityKind, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Separate column values from the id lists kept in link tables."""
    columns = {k: v for k, v in values.items() if (kind, k) not in LINKS}
    links = {k: v for k, v in values.items() if (kind, k) in LINKS}
    return columns, links


def write_links(session: Session, kind: EntityKind, ident: int, links: Mapping[str, Any]) -> None:
    """Replace the id lists of a thing (owner functions, committed people)."""
    for name, members in links.items():
        table, owner, member = LINKS[(kind, name)]
        session.execute(delete(table).where(table.c[owner] == ident))
        if members:
            session.execute(insert(table), [{owner: ident, member: m} for m in members])


def check_references(session: Session, values: Mapping[str, Any]) -> None:
    """Every id given must name something that is still in the plan."""
    for name, value in values.items():
        target = REFERENCES.get(name)
        if target is None or value is None:
            continue
        wanted = set(value) if isinstance(value, tuple) else {value}
        if not wanted:
            continue
        row = ROWS[target]
        found = set(session.scalars(select(row.id).where(row.id.in_(wanted))))  # type: ignore[attr-defined]
        if found != wanted:
            raise NotFoundError(_missing_message(name, target))


def reference_label(name: str) -> str:
    """A field as a manager reads it, "KPI" rather than "kpi" where it names a kind of thing."""
    label = field_label(name)
    target = REFERENCES.get(name)
    return target.label if target is not None and label == target.value.replace("_", " ") else label


def _missing_message(name: str, target: EntityKind) -> str:
    # "The person chosen as lead", but never "the person chosen as person".
    if name.endswith("_ids"):
        return f"One of the {target.plural} chosen is no longer in the plan."
    label = reference_label(name)
    role = "" if label == target.label else f" as {label}"
    return f"The {target.label} chosen{role} is no longer in the plan."


def check_unique(
    session: Session, kind: EntityKind, values: Mapping[str, Any], ident: int | None = None
) -> None:
    """Refuse a second thing with the same name (or pair) where the plan wants one."""
    row: Any = ROWS[kind]
    for columns, message in UNIQUE.get(kind, []):
        if any(values.get(column) is None for column in columns):
            continue
        query = select(*(row.__table__.c[column] for column in columns))
        for column in columns:
            if column in CASELESS:  # by the key folded in Python, in every script, as it is stored
                query = query.where(row.__table__.c[CASELESS[column]] == name_key(values[column]))
            else:
                query = query.where(row.__table__.c[column] == values[column])
        if ident is not None:
            query = query.where(row.id != ident)
        existing = session.execute(query.limit(1)).first()
        if existing is not None:
            # Name the one already there, as it is spelled in the plan.
            shown = dict(values) | dict(existing._mapping)
            raise DuplicateError(message.format(person=_person_name(session, values), **shown))


def _person_name(session: Session, values: Mapping[str, Any]) -> str:
    person_id = values.get("person_id")
    row = session.get(ROWS[EntityKind.PERSON], person_id) if person_id else None
    return str(getattr(row, "name", "That person"))


def insert_row(session: Session, kind: EntityKind, values: Mapping[str, Any]) -> Record:
    """Store a new thing from checked values and return its record."""
    columns, links = split_links(kind, values)
    row = ROWS[kind](**columns)
    session.add(row)
    session.flush()
    write_links(session, kind, row.id, links)  # type: ignore[attr-defined]
    session.flush()
    session.refresh(row)
    return to_record(kind, row)


def patch_row(
    session: Session, kind: EntityKind, ident: int, changes: Mapping[str, Any]
) -> tuple[Record, Record]:
    """Change some fields of a thing; returns its record before and after."""
    row = load_row(session, kind, ident)
    before = to_record(kind, row)
    columns, links = split_links(kind, changes)
    for name, value in columns.items():
        setattr(row, name, value)
    if links:
        if not columns:
            # Touching the row moves its version counter even when only links changed.
            row.changed_at = utc_now()
        # One flush before the links are written, so one edit moves the version by one.
        session.flush()
        write_links(session, kind, ident, links)
        session.expire(row, [LINKED[(kind, name)] for name in links])
    session.flush()
    return before, to_record(kind, row)


def records_where(
    session: Session, kind: EntityKind, order: Sequence[str] = ("id",), **equals: Any
) -> list[Record]:
    """Records of one kind whose fields equal the values given."""
    row: Any = ROWS[kind]
    query = select(row)
    for name, value in equals.items():
        column = row.__table__.c[name]
        query = query.where(column.in_(value) if isinstance(value, list | tuple | set) else column == value)
    query = query.order_by(*(row.__table__.c[name] for name in order))
    return [to_record(kind, item) for item in session.scalars(query)]
