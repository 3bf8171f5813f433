"""One client editing a task force over and over, as fast as it can, for the concurrency test."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.errors import ConflictError, DomainError, StaleEditError


@dataclass
class Tally:
    """What one client's edits came to: each acknowledged (with the version it made), or reported."""

    worker: int
    acknowledged: list[tuple[int, str]] = field(default_factory=list)
    conflicts: int = 0
    refusals: list[str] = field(default_factory=list)


def edit_repeatedly(
    location: str, task_force_id: int, worker: int, count: int, start: Any, results: Any
) -> None:
    """Retitle the task force's objective ``count`` times on the version last seen; tally the outcomes.

    Every client waits at ``start`` (a barrier) with the plan open, so all of them edit at once.
    """
    tally = Tally(worker)
    with services.open_existing(location) as plan:
        start.wait(timeout=120)
        seen = services.get(plan, EntityKind.TASK_FORCE, task_force_id).version
        for number in range(count):
            objective = f"client {worker} edit {number}"
            try:
                outcome = services.update(
                    plan, EntityKind.TASK_FORCE, task_force_id, seen=seen, objective=objective
                )
            except (StaleEditError, ConflictError):
                tally.conflicts += 1  # reported: someone else's change came first
            except DomainError as error:
                tally.refusals.append(str(error))  # reported, in words (a busy plan file, say)
            else:
                seen = outcome.value.version
                tally.acknowledged.append((seen, objective))
                continue
            seen = services.get(plan, EntityKind.TASK_FORCE, task_force_id).version  # look again
    results.put(tally)
