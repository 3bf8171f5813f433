"""An acknowledged edit survives the program being killed at any moment.

A child process edits a plan through the services and prints one line per edit once the
edit has returned (committed). The test kills it with SIGKILL at a random moment, then
checks that the plan file is sound and holds every edit that was acknowledged.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.domain.records import EntityKind

pytestmark = pytest.mark.slow

TRIALS = 12
SEED = 20260331

CHILD = r"""
import sys
from smarket_planner import services
from smarket_planner.domain.records import EntityKind as K

plan_path, trial, function_id, task_force_id, kpi_id = sys.argv[1:6]
function_id, task_force_id, kpi_id = int(function_id), int(task_force_id), int(kpi_id)

# Started ahead of time to get the imports done; the plan is opened only on "go".
if sys.stdin.readline() != "go\n":
    raise SystemExit(0)
plan = services.open_existing(plan_path)
number = 0
while True:
    number += 1
    tag = f"t{trial}n{number}"
    person = services.create(
        plan, K.PERSON, name=f"Person {tag}", function_id=function_id, email=f"{tag}@example.org"
    ).value
    print(f"ack person {person.id} {tag}@example.org", flush=True)
    member = services.add_member(plan, task_force_id, person.id, allocation_pct=10).value
    print(f"ack membership {member.id} {task_force_id} {person.id}", flush=True)
    value = int(trial) * 100000 + number
    check_in = services.record_check_in(plan, kpi_id, "2026-03-31", value, note=tag).value
    print(f"ack check_in {check_in.id} {kpi_id} {value}", flush=True)
    services.update(plan, K.TASK_FORCE, task_force_id, objective=f"objective {value}")
    print(f"ack objective {task_force_id} {value}", flush=True)
"""


@dataclass
class Trial:
    """What one child acknowledged before it was killed."""

    acks: list[list[str]] = field(default_factory=list)
    partial: str = ""


@dataclass(frozen=True)
class Setup:
    plan: Path
    function_id: int
    task_force_id: int
    kpi_id: int


@pytest.fixture
def setup(plan_path: Path) -> Setup:
    with services.new_plan(plan_path) as plan:
        sales = services.create(plan, EntityKind.FUNCTION, name="Sales", colour="#1f77b4").value
        team = services.create(
            plan, EntityKind.TASK_FORCE, name="Launch", kind="product_launch", status="active"
        ).value
        goal = services.create(plan, EntityKind.GOAL, task_force_id=team.id, title="Win the market").value
        kpi = services.create(plan, EntityKind.KPI, goal_id=goal.id, title="Signed deals").value
    return Setup(plan_path, sales.id, team.id, kpi.id)


def spawn(script: Path, setup: Setup, trial: int, log: Path) -> subprocess.Popen[str]:
    """Start a child that imports everything, then waits for "go" before opening the plan."""
    args = [str(setup.plan), str(trial), str(setup.function_id), str(setup.task_force_id), str(setup.kpi_id)]
    with log.open("w") as errors:
        return subprocess.Popen(
            [sys.executable, str(script), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )


def run_and_kill(child: subprocess.Popen[str], delay: float, log: Path) -> Trial:
    """Let the child edit the plan, kill it ``delay`` s after its first ack, collect its acks."""
    assert child.stdin is not None
    assert child.stdout is not None
    result = Trial()
    first_ack = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            if not line.endswith("\n"):
                result.partial = line  # cut off by the kill: never an acknowledgement
                break
            result.acks.append(line.split())
            first_ack.set()
        first_ack.set()

    reader = threading.Thread(target=read)
    reader.start()
    try:
        child.stdin.write("go\n")
        child.stdin.flush()
        assert first_ack.wait(timeout=30), "the child never acknowledged an edit"
        time.sleep(delay)
        assert child.poll() is None, f"the child stopped by itself: {log.read_text()}"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        stop(child)
        reader.join(timeout=10)
    assert result.acks, f"no acknowledged edit: {log.read_text()}"
    return result


def stop(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        child.kill()
        child.wait()
    for stream in (child.stdin, child.stdout):
        if stream is not None:
            stream.close()


def verify(plan: Path, acks: list[list[str]]) -> None:
    """The plan is sound and holds every acknowledged edit."""
    # Read-only, so the crashed child's write-ahead log is left for the next child to recover.
    connection = sqlite3.connect(f"file:{plan}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        objective_floor: dict[int, int] = {}
        for ack in acks:
            match ack:
                case ["ack", "person", ident, email]:
                    row = connection.execute("SELECT email FROM person WHERE id = ?", (int(ident),))
                    assert row.fetchall() == [(email,)], ack
                case ["ack", "membership", ident, team, person]:
                    row = connection.execute(
                        "SELECT task_force_id, person_id FROM membership WHERE id = ?", (int(ident),)
                    )
                    assert row.fetchall() == [(int(team), int(person))], ack
                case ["ack", "check_in", ident, kpi, value]:
                    row = connection.execute("SELECT kpi_id, value FROM check_in WHERE id = ?", (int(ident),))
                    assert row.fetchall() == [(int(kpi), float(value))], ack
                case ["ack", "objective", team, value]:
                    objective_floor[int(team)] = max(objective_floor.get(int(team), 0), int(value))
                case _:
                    pytest.fail(f"an acknowledgement the test does not know: {ack}")
        for team, floor in objective_floor.items():
            (objective,) = connection.execute(
                "SELECT objective FROM task_force WHERE id = ?", (team,)
            ).fetchone()
            # The last acknowledged objective, or one written just after it (committed, not yet acked).
            assert int(objective.removeprefix("objective ")) >= floor
    finally:
        connection.close()


def count(plan: Path, table: str) -> int:
    connection = sqlite3.connect(f"file:{plan}?mode=ro", uri=True)
    try:
        (number,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(number)
    finally:
        connection.close()


def test_acknowledged_edits_survive_sigkill(setup: Setup, tmp_path: Path) -> None:
    script = tmp_path / "edit_until_killed.py"
    script.write_text(CHILD)
    all_acks: list[list[str]] = []

    logs = [tmp_path / f"child-{trial}.log" for trial in range(TRIALS + 1)]
    waiting = spawn(script, setup, 1, logs[1])
    try:
        for trial in range(1, TRIALS + 1):
            child = waiting
            if trial < TRIALS:
                waiting = spawn(script, setup, trial + 1, logs[trial + 1])
            delay = random.Random(SEED + trial).uniform(0.05, 1.0)
            outcome = run_and_kill(child, delay, logs[trial])
            all_acks.extend(outcome.acks)

            verify(setup.plan, all_acks)
    finally:
        stop(waiting)

    # Each trial may have committed at most one edit of each kind that it did not live to acknowledge.
    for kind, table in (("person", "person"), ("membership", "membership"), ("check_in", "check_in")):
        acknowledged = sum(1 for ack in all_acks if ack[1] == kind)
        assert acknowledged <= count(setup.plan, table) <= acknowledged + TRIALS, kind
    assert sum(1 for ack in all_acks if ack[1] == "person") >= TRIALS
    # The plan still opens normally after all those crashes.
    with services.open_existing(setup.plan) as plan:
        assert plan.read_only is False
        assert services.counts(plan)[EntityKind.TASK_FORCE] == 1
