"""Change notices: what an edit changed, for views to refresh just those rows."""

from __future__ import annotations

import json
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


def encode(origin: str, notices: Iterable[ChangeNotice], limit: int = 7900) -> list[str]:
    """Notices as compact JSON texts of under ``limit`` bytes each, marked with the client that made them."""
    parts: list[list[object]] = []
    for notice in notices:
        for start in range(0, max(len(notice.ids), 1), 400):
            parts.append([notice.kind.value, notice.action.value, list(notice.ids[start : start + 400])])
    payloads: list[str] = []
    batch: list[list[object]] = []
    for part in parts:
        if batch and len(_payload(origin, [*batch, part])) >= limit:
            payloads.append(_payload(origin, batch))
            batch = []
        batch.append(part)
    if batch:
        payloads.append(_payload(origin, batch))
    return payloads


def _payload(origin: str, parts: list[list[object]]) -> str:
    return json.dumps({"o": origin, "n": parts}, separators=(",", ":"))


def decode(payload: str) -> tuple[str, tuple[ChangeNotice, ...]]:
    """The client that made an edit and its notices, from a text made by ``encode``
    (anything unreadable is no notice at all)."""
    try:
        data = json.loads(payload)
        notices = tuple(
            ChangeNotice(EntityKind(kind), ChangeAction(action), tuple(int(i) for i in ids))
            for kind, action, ids in data["n"]
        )
        return str(data["o"]), notices
    except (ValueError, KeyError, TypeError):
        return "", ()
