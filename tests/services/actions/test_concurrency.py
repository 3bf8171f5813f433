"""Several clients editing one task force at once: every edit lands or is reported; none is lost."""

from __future__ import annotations

import multiprocessing
import queue

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.errors import StaleEditError
from tests.services.concurrent_editor import Tally, edit_repeatedly
from tests.services.staffing import Staffed

K = EntityKind
EDITS = 500


@pytest.mark.slow
def test_concurrent_clients_lose_no_edit(staffed: Staffed, backend: str) -> None:
    plan = staffed.plan
    clients = 4 if backend == "postgresql" else 2
    start = services.get(plan, K.TASK_FORCE, staffed.launch).version
    mine = services.update(plan, K.TASK_FORCE, staffed.launch, seen=start, objective="before the rush")

    context = multiprocessing.get_context("spawn")
    results, start = context.Queue(), context.Barrier(clients)
    workers = [
        context.Process(
            target=edit_repeatedly, args=(plan.location, staffed.launch, n, EDITS, start, results)
        )
        for n in range(clients)
    ]
    for worker in workers:
        worker.start()
    tallies: list[Tally] = []
    try:
        for _ in workers:
            tallies.append(results.get(timeout=300))  # no hang: each client finishes
    except queue.Empty:
        pytest.fail("a client hung")
    finally:
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()

    acknowledged = [edit for tally in tallies for edit in tally.acknowledged]
    for tally in tallies:
        assert len(tally.acknowledged) + tally.conflicts + len(tally.refusals) == EDITS
    final = services.get(plan, K.TASK_FORCE, staffed.launch)
    # Every version after ours was made by exactly one acknowledged edit, each on the one before:
    # no acknowledged edit was written over without being seen (0 lost updates).
    assert sorted(version for version, _ in acknowledged) == list(
        range(mine.value.version + 1, final.version + 1)
    )
    assert final.objective == max(acknowledged)[1]
    assert len(acknowledged) > 0
    # Undo here, after the others' edits, is refused with a message; theirs stays.
    with pytest.raises(StaleEditError) as refused:
        services.undo(plan, mine)
    assert "their change is kept" in str(refused.value)
    assert services.get(plan, K.TASK_FORCE, staffed.launch).objective == final.objective
