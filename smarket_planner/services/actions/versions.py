"""Edits made on what the user saw: refused, saying who changed it and when, if it moved on since."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smarket_planner.domain.errors import StaleEditError
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.actions.catalog import NAME_FIELDS, REFERENCES, ROWS, TABLE_KINDS
from smarket_planner.services.actions.rows import load_row, record_values, reference_label, to_record
from smarket_planner.storage.base import current_user

if TYPE_CHECKING:
    from smarket_planner.services.actions.plan import Plan


def check_seen(session: Session, kind: EntityKind, ident: int, seen: int | None) -> Any:
    """The row of a thing, refused if it is no longer at the version the user saw (None: no check)."""
    row = load_row(session, kind, ident)
    if seen is not None and row.version != seen:
        raise stale(kind, row)
    return row


Versions = Mapping[str, Mapping[int, int]]  # table name -> id -> the version the user saw
Rows = Mapping[str, list[dict[str, Any]]]  # table name -> rows, as a removal snapshot holds them

# Kept by the plan about a row rather than by the user in it: an undo compares what users wrote.
_BOOKKEEPING = frozenset({"version", "created_at", "changed_at", "changed_by"})


def check_taken(taken: Rows, *, seen: Versions | None = None, expected: Rows | None = None) -> None:
    """Refuse a removal that would take something changed since it was seen.

    ``seen``: rows named there must still be at those versions (a user's removal).
    ``expected``: the removal must take exactly these rows with these values, nothing
    added, changed or gone since (an undo or redo, which the user's own undo and redo of
    other steps may have moved to newer versions of the same values).
    """
    for table_name, wanted in (seen or {}).items():
        found = {row["id"]: row for row in taken.get(table_name, [])}
        for ident, version in wanted.items():
            if ident not in found:
                raise _gone(table_name, ident)
            if found[ident]["version"] != version:
                raise _stale_row(table_name, found[ident])
    if expected is None:
        return
    for table_name in taken.keys() | expected.keys():
        now = {_content(row): row for row in taken.get(table_name, [])}
        then = {_content(row): row for row in expected.get(table_name, [])}
        for content in now.keys() - then.keys():
            if "id" in now[content] and "version" in now[content]:
                raise _stale_row(table_name, now[content])
            raise _changed_links(table_name)
        for content in then.keys() - now.keys():
            row = then[content]
            if "id" in row:
                raise _gone(table_name, row["id"])
            raise _changed_links(table_name)


def check_fields(kind: EntityKind, row: Any, current: Mapping[str, Any], expected: Mapping[str, Any]) -> None:
    """Refuse an undo whose fields someone has set to other values since."""
    if any(current[name] != value for name, value in expected.items()):
        raise stale(kind, row)


def _content(row: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, v) for k, v in row.items() if k not in _BOOKKEEPING))


def _stale_row(table_name: str, row: Mapping[str, Any]) -> StaleEditError:
    kind = TABLE_KINDS[table_name][0]
    name = str(row.get(NAME_FIELDS.get(kind, ""), "") or "")
    return stale_change(kind, row["id"], row["version"], name, row["changed_by"], row["changed_at"])


def _gone(table_name: str, ident: int) -> StaleEditError:
    kind = TABLE_KINDS[table_name][0]
    return StaleEditError(
        f"Someone removed a {kind.label} this includes, after you last saw it, so this was not done.",
        kind=kind,
        ident=ident,
    )


def _changed_links(table_name: str) -> StaleEditError:
    kind = TABLE_KINDS[table_name][0]
    return StaleEditError(
        f"Someone changed a {kind.label} this includes, after you last saw it, so this was not done; "
        "their change is kept.",
        kind=kind,
        ident=0,
    )


def stale(kind: EntityKind, row: Any) -> StaleEditError:
    """The refusal of an edit on a thing someone changed since: who, what, when, and that theirs is kept."""
    return stale_change(kind, row.id, row.version, _name(kind, row), row.changed_by, row.changed_at)


def stale_change(
    kind: EntityKind, ident: int, version: int, name: str, changed_by: str, changed_at: datetime | None
) -> StaleEditError:
    """As ``stale``, from the facts of the newer change."""
    thing = f"{kind.label.capitalize()} '{name}'" if name else f"This {kind.label}"
    who = "you in another window or session" if changed_by == current_user() else (changed_by or "someone")
    message = (
        f"{thing} was changed by {who}{when(changed_at)}, after you last saw it, so this was not done; "
        "their change is kept."
    )
    return StaleEditError(
        message, kind=kind, ident=ident, version=version, changed_by=changed_by, changed_at=changed_at
    )


def when(moment: datetime | None, now: datetime | None = None) -> str:
    """ " at 14:02 today" or " on 3 Dec 2026 at 14:02", in the local time of this computer."""
    if moment is None:
        return ""
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    clock = f"{local:%H:%M}"
    if local.date() == today:
        return f" at {clock} today"
    return f" on {local.day} {local:%b %Y} at {clock}"


def _name(kind: EntityKind, row: Any) -> str:
    field = NAME_FIELDS.get(kind)
    return str(getattr(row, field, "") or "") if field else ""


@dataclass(frozen=True, slots=True)
class FieldClash:
    """One field of a refused edit: what it holds now, after another's change, and what the user wanted."""

    label: str
    now: Any
    yours: Any


def compare_with_now(
    plan: Plan, kind: EntityKind, ident: int, changes: Mapping[str, Any]
) -> list[FieldClash]:
    """The fields a user wanted to change, beside what they hold now, as a manager reads them
    (names rather than ids, labels rather than codes); nothing if the thing is gone."""
    with plan.store.session() as session:
        row = session.get(ROWS[kind], ident)
        if row is None:
            return []
        now = record_values(to_record(kind, row))
        return [
            FieldClash(
                reference_label(name).capitalize(),
                _readable(session, name, now.get(name)),
                _readable(session, name, value),
            )
            for name, value in changes.items()
        ]


def _readable(session: Session, name: str, value: Any) -> Any:
    """A stored value as a manager reads it: the names of things referred to, an enum's label."""
    target = REFERENCES.get(name)
    if target is not None and value not in (None, ()):
        ids = value if isinstance(value, tuple) else (value,)
        row: Any = ROWS[target]
        field = row.__table__.c[NAME_FIELDS.get(target, "id")]
        names: dict[int, Any] = dict(session.execute(select(row.id, field).where(row.id.in_(ids))).all())
        return ", ".join(str(names.get(i, "(removed)")) for i in ids)
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return value
