"""Add, change, remove and look up anything in a plan, checked before it is written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from smarket_planner.domain import fields
from smarket_planner.domain.errors import ValidationError
from smarket_planner.domain.records import EntityKind, Record
from smarket_planner.services.actions import rows, versions
from smarket_planner.services.actions.catalog import ROWS
from smarket_planner.services.actions.edits import Compound, Insert, Outcome, Patch, Remove, Step, apply
from smarket_planner.services.actions.plan import Plan


def checked_new(session: Session, kind: EntityKind, values: Mapping[str, Any]) -> dict[str, Any]:
    """Full, clean values for a new thing, its references and uniqueness checked."""
    merged = fields.defaults(kind) | dict(values)
    clean = fields.clean(kind, merged)
    rows.check_references(session, clean)
    rows.check_unique(session, kind, clean)
    return clean


def checked_changes(
    session: Session,
    kind: EntityKind,
    ident: int,
    changes: Mapping[str, Any],
    *,
    fixed: bool = True,
) -> dict[str, Any]:
    """Clean values for just the fields that change, checked together with the rest."""
    current = rows.record_values(rows.to_record(kind, rows.load_row(session, kind, ident)))
    if fixed:
        for name in fields.FIXED_FIELDS.get(kind, frozenset()) & set(changes):
            if changes[name] != current.get(name):
                raise ValidationError(
                    name,
                    f"The {rows.reference_label(name)} of a {kind.label} cannot be changed here.",
                )
    merged = fields.clean(kind, current | dict(changes))
    for name, ids in rows.split_links(kind, merged)[1].items():
        # Id lists are kept in id order, so another order of the same ids is no change.
        merged[name] = tuple(sorted(ids))
    rows.check_references(session, {k: merged[k] for k in changes})
    rows.check_unique(session, kind, merged, ident)
    return {name: merged[name] for name in changes if merged[name] != current[name]}


def insert_step(session: Session, kind: EntityKind, values: Mapping[str, Any], label: str) -> Step[Record]:
    """Check and store a new thing inside a larger edit."""
    return Insert(kind, checked_new(session, kind, values), label).run(session)


def add(plan: Plan, kind: EntityKind, values: Mapping[str, Any], label: str = "") -> Outcome[Any]:
    """Add a new thing of ``kind`` from a mapping of its fields, as one undo step."""
    label = label or f"Add {rows.describe(kind, values)}"

    def build(session: Session, made: list[Step[Any]]) -> Record:
        made.append(insert_step(session, kind, values, label))
        return made[-1].value  # type: ignore[no-any-return]

    return apply(plan, Compound(build, label))


def create(plan: Plan, kind: EntityKind, /, **values: Any) -> Outcome[Any]:
    """Add a new thing of ``kind`` to the plan."""
    return add(plan, kind, values)


def update(
    plan: Plan, kind: EntityKind, ident: int, /, *, seen: int | None = None, **changes: Any
) -> Outcome[Record]:
    """Change some fields of a thing; nothing is written if nothing changes.

    ``seen`` is the version of the thing the user looked at: if someone changed it since,
    the edit is refused (StaleEditError, saying who and when) and their change kept.
    """
    label = f"Edit {kind.label}"

    def build(session: Session, made: list[Step[Any]]) -> Record:
        versions.check_seen(session, kind, ident, seen)
        clean = checked_changes(session, kind, ident, changes)
        if not clean:
            return rows.to_record(kind, rows.load_row(session, kind, ident))
        made.append(Patch(kind, ident, clean, label, seen).run(session))
        return made[-1].value  # type: ignore[no-any-return]

    return apply(plan, Compound(build, label))


def delete(plan: Plan, kind: EntityKind, ident: int, /, *, seen: int | None = None) -> Outcome[Any]:
    """Remove a thing with its own parts; refused while others still rely on it, or if someone
    changed it since the user saw version ``seen``."""
    with plan.store.session() as session:
        name = rows.describe(
            kind, rows.record_values(rows.to_record(kind, rows.load_row(session, kind, ident)))
        )
    taken = None if seen is None else {ROWS[kind].__tablename__: {ident: seen}}
    return apply(plan, Remove(kind, (ident,), f"Remove {name}", taken))


def get(plan: Plan, kind: EntityKind, ident: int) -> Record:
    """One thing, as a plain record."""
    with plan.store.session() as session:
        return rows.to_record(kind, rows.load_row(session, kind, ident))


def find(plan: Plan, kind: EntityKind, /, *, order: tuple[str, ...] = ("id",), **equals: Any) -> list[Record]:
    """Every thing of ``kind`` whose fields equal the values given (lists match any)."""
    with plan.store.session() as session:
        return rows.records_where(session, kind, order, **equals)
