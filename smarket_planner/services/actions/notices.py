"""Change notices: what an edit changed, for views to refresh just those rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from smarket_planner.domain.records import EntityKind


class ChangeAction(StrEnum):
    """Whether things were created, updated or deleted."""

    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class ChangeNotice:
    """Things of one kind that one edit created, updated or deleted."""

    kind: EntityKind
    action: ChangeAction
    ids: tuple[int, ...]


Listener = Callable[[tuple[ChangeNotice, ...]], None]


class ChangeFeed:
    """Tells every subscriber what each committed edit changed."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` with the notices of every edit from now on."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop telling ``listener``."""
        self._listeners.remove(listener)

    def publish(self, notices: Iterable[ChangeNotice]) -> None:
        """Tell every subscriber, merging notices of the same kind and action."""
        merged: dict[tuple[EntityKind, ChangeAction], dict[int, None]] = {}
        for notice in notices:
            merged.setdefault((notice.kind, notice.action), {}).update(dict.fromkeys(notice.ids))
        batch = tuple(ChangeNotice(kind, action, tuple(ids)) for (kind, action), ids in merged.items())
        if batch:
            for listener in list(self._listeners):
                listener(batch)
