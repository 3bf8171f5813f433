"""Undoable edits: each runs in one transaction and hands back the edit that reverses it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from smarket_planner.domain.records import EntityKind, Record
from smarket_planner.services.actions import rows, snapshots, versions
from smarket_planner.services.actions.catalog import ROWS
from smarket_planner.services.actions.notices import ChangeAction, ChangeNotice, encode
from smarket_planner.storage.change_signals import announce

if TYPE_CHECKING:
    from smarket_planner.services.actions.plan import Plan

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@dataclass(frozen=True)
class Step(Generic[T_co]):
    """What one edit did inside a transaction: its result, its reverse, what changed."""

    value: T_co
    undo: Edit
    notices: tuple[ChangeNotice, ...] = ()


class Edit(Protocol):
    """A change to the plan that can run inside a transaction."""

    @property
    def label(self) -> str:
        """The edit as named in the Undo menu."""

    def run(self, session: Session) -> Step[Any]:
        """Make the change and say how to reverse it."""


@dataclass(frozen=True)
class Outcome(Generic[T_co]):
    """A committed edit: its result, the edit that undoes it, and what changed."""

    value: T_co
    undo: Edit
    notices: tuple[ChangeNotice, ...]
    label: str


@dataclass(frozen=True)
class Insert:
    """Store a new thing from checked values."""

    kind: EntityKind
    values: Mapping[str, Any]
    label: str = ""

    def run(self, session: Session) -> Step[Record]:
        """Insert the row and its links."""
        record = rows.insert_row(session, self.kind, self.values)
        # Undone only while nobody has changed it or added parts to it since.
        made = snapshots.take_snapshot(session, self.kind, (record.id,)).rows
        undo = Remove(self.kind, (record.id,), self.label, expected=made)
        return Step(record, undo, (ChangeNotice(self.kind, ChangeAction.CREATED, (record.id,)),))


@dataclass(frozen=True)
class Patch:
    """Change some fields of one thing (refused if it is no longer at the version ``seen``)."""

    kind: EntityKind
    ident: int
    changes: Mapping[str, Any]
    label: str = ""
    seen: int | None = None
    expected: Mapping[str, Any] | None = None  # an undo's fields, as the edit it reverses left them

    def run(self, session: Session) -> Step[Record]:
        """Update the row; the reverse puts back the old values if nobody changed them since."""
        row = versions.check_seen(session, self.kind, self.ident, self.seen)
        before, after = rows.patch_row(session, self.kind, self.ident, self.changes)
        if self.expected is not None:
            versions.check_fields(self.kind, row, rows.record_values(before), self.expected)
        old = {name: getattr(before, name) for name in self.changes}
        left = {name: getattr(after, name) for name in self.changes}
        undo = Patch(self.kind, self.ident, old, self.label, expected=left)
        return Step(after, undo, (ChangeNotice(self.kind, ChangeAction.UPDATED, (self.ident,)),))


@dataclass(frozen=True)
class Remove:
    """Remove things with their own parts (refused if others still rely on them).

    ``seen`` holds the versions the user saw; ``expected``, for an undo or a redo, the rows
    exactly as the step left them: either way a thing changed since is not removed
    (see versions.check_taken).
    """

    kind: EntityKind
    ids: tuple[int, ...]
    label: str = ""
    seen: versions.Versions | None = None
    expected: versions.Rows | None = None

    def run(self, session: Session) -> Step[snapshots.Snapshot]:
        """Snapshot, then delete; the reverse restores the snapshot."""
        snapshot = snapshots.take_snapshot(session, self.kind, self.ids)
        versions.check_taken(snapshot.rows, seen=self.seen, expected=self.expected)
        snapshots.remove(session, snapshot)
        notices = _notices(snapshot, ChangeAction.DELETED)
        return Step(snapshot, Restore(snapshot, self.label), notices)


@dataclass(frozen=True)
class Restore:
    """Put back exactly what a removal took."""

    snapshot: snapshots.Snapshot
    label: str = ""

    def run(self, session: Session) -> Step[snapshots.Snapshot]:
        """Re-insert the rows; the reverse removes them again while nobody has changed them since."""
        snapshots.restore(session, self.snapshot)
        undo = Remove(self.snapshot.kind, self.snapshot.ids, self.label, expected=self.snapshot.rows)
        return Step(self.snapshot, undo, _notices(self.snapshot, ChangeAction.CREATED))


@dataclass(frozen=True)
class Batch:
    """Several edits as one undo step, all in one transaction."""

    edits: Sequence[Edit]
    label: str = ""

    def run(self, session: Session) -> Step[list[Any]]:
        """Run each edit in order; the reverse undoes them in reverse order."""
        steps = [edit.run(session) for edit in self.edits]
        undo = Batch([step.undo for step in reversed(steps)], self.label)
        notices = tuple(notice for step in steps for notice in step.notices)
        return Step([step.value for step in steps], undo, notices)


@dataclass(frozen=True)
class Compound(Generic[T]):
    """An edit written as code: ``build`` makes several steps in one session."""

    build: Callable[[Session, list[Step[Any]]], T]
    label: str = ""

    def run(self, session: Session) -> Step[T]:
        """Run the code; the reverse undoes every step it made, last first."""
        made: list[Step[Any]] = []
        value = self.build(session, made)
        undo = Batch([step.undo for step in reversed(made)], self.label)
        return Step(value, undo, tuple(notice for step in made for notice in step.notices))


def _notices(snapshot: snapshots.Snapshot, action: ChangeAction) -> tuple[ChangeNotice, ...]:
    notices = []
    touched = snapshot.touched()
    for kind, ids in touched.items():
        is_root = kind is snapshot.kind
        kind_action = action if is_root or not _is_link_update(snapshot, kind) else ChangeAction.UPDATED
        notices.append(ChangeNotice(kind, kind_action, tuple(sorted(ids))))
    # A thing whose reference was cleared (or is set again on undo) stays: it was updated.
    for kind, ids in snapshot.cleared_ids().items():
        kept = ids - touched.get(kind, set())
        if kept:
            notices.append(ChangeNotice(kind, ChangeAction.UPDATED, tuple(sorted(kept))))
    return tuple(notices)


def _is_link_update(snapshot: snapshots.Snapshot, kind: EntityKind) -> bool:
    # A goal whose owner link was removed was updated, not deleted.
    table = ROWS[kind].__tablename__
    return table not in snapshot.rows


def apply(plan: Plan, edit: Edit) -> Outcome[Any]:
    """Run an edit in one transaction, commit it, and tell subscribers what changed."""
    with plan.store.session(write=True) as session:
        step = edit.run(session)
        announce(session, encode(plan.origin, step.notices))  # to other clients, on commit
    plan.changes.publish(step.notices)
    return Outcome(step.value, step.undo, step.notices, edit.label)


def undo(plan: Plan, outcome: Outcome[Any]) -> Outcome[Any]:
    """Reverse a committed edit; the result's own ``undo`` redoes it."""
    return apply(plan, outcome.undo)
