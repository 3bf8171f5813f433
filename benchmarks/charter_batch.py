"""Time a batch of charters written on one process against the same batch on two.

    .venv/bin/python benchmarks/charter_batch.py [--task-forces 200] [--people 2000] [--repeat 1]

Generates a scale plan in a temporary folder (by default 2,000 people and 200 task forces:
about 50 members, 3 goals, 6 KPIs, 3 activities, 20 deliverables, 4 risks and 3 decisions
each), then times ``export_charters`` of every task force into a fresh folder with
``processes=1`` (in this process) and ``processes=2`` (a pool of forkserver workers, each
opening the plan once), best of ``--repeat``, the two taking turns. The goal is a
speed-up of at least 1.8 on two processes.

The machine may be shared: before each pair of runs the script times a pure-Python loop on
one and on two processes (the most any code could gain right now), and prints how many CPUs
the whole machine kept busy during each run (from /proc/stat: above 1 during the
one-process run means other work was running) and the CPU seconds each batch cost (this
process, the forkserver and its workers), from which it estimates the speed-up on two CPUs
free for the batch.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from multiprocessing import forkserver
from pathlib import Path

from figures import add_figure_option, record

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.services import Plan
from smarket_planner.services.reports.charter_batch import all_task_force_ids, export_charters

TODAY = date(2026, 1, 15)  # the day generate_scale.py draws its plans around
SPIN = 10_000_000  # loop turns of the CPU check: about a second on the CI kind of machine


def _cpu_ticks() -> tuple[int, int] | None:
    """(busy, all) clock ticks of every CPU since boot, or None off Linux."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            values = [int(field) for field in handle.readline().split()[1:9]]
    except OSError:
        return None
    idle = values[3] + values[4]  # idle and waiting for I/O
    return sum(values) - idle, sum(values)


def _pool_cpu() -> tuple[float, float]:
    """CPU seconds of the forkserver itself and of the workers it has forked and reaped (Linux).

    The workers are the forkserver's children, not ours, so their time shows in its
    cutime/cstime once the pool has shut down. (0, 0) before it runs or off Linux.
    """
    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0, 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    own, children = int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])
    return own / ticks, children / ticks


@dataclass(frozen=True)
class Run:
    """One batch: wall-clock seconds, CPUs the machine kept busy, CPU seconds spent on it."""

    wall: float
    busy: float | None  # every process on the machine, from /proc/stat
    cpu: float  # this process, the forkserver and its workers
    serial: float  # of which the forkserver's own (imports before any worker starts)


def export(plan: Plan, ids: list[int], folder: Path, processes: int, today: date) -> Run:
    """Write the charters of ``ids`` into ``folder`` on ``processes`` processes, timed."""
    ticks, (server, workers) = _cpu_ticks(), _pool_cpu()
    began, cpu = time.perf_counter(), time.process_time()
    result = export_charters(plan, ids, folder, today=today, processes=processes)
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    after, (server_after, workers_after) = _cpu_ticks(), _pool_cpu()
    if result.failed or len(result.written) != len(ids):
        written, failed = len(result.written), result.failed[:3]
        raise SystemExit(f"{written} of {len(ids)} charters written; failed: {failed}")
    busy = None
    if ticks and after and after[1] > ticks[1]:
        busy = (os.cpu_count() or 1) * (after[0] - ticks[0]) / (after[1] - ticks[1])
    serial = server_after - server
    return Run(wall, busy, cpu + serial + workers_after - workers, serial)


def spin(turns: int) -> int:
    """Pure-Python work: nothing shared, nothing to wait for."""
    total = 0
    for number in range(turns):
        total += number * number
    return total


def ceiling(turns: int = SPIN) -> float:
    """How much faster two loops run on two processes than one after the other, right now."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(spin, [1, 1]))  # the workers are up before the clock starts
        began = time.perf_counter()
        spin(turns)
        spin(turns)
        serial = time.perf_counter() - began
        began = time.perf_counter()
        list(pool.map(spin, [turns, turns]))
    return serial / (time.perf_counter() - began)


def measure(plan: Plan, folder: Path, today: date, repeat: int, figures: Path | None = None) -> None:
    """Print the time and rate on one and on two processes, the speed-up, and what the CPUs did."""
    ids = all_task_force_ids(plan)
    runs: dict[int, list[Run]] = {1: [], 2: []}
    ceilings: list[float] = []
    for number in range(repeat):
        ceilings.append(ceiling())
        for processes, done in runs.items():
            done.append(export(plan, ids, folder / f"run{number}-p{processes}", processes, today))
    best = {processes: min(done, key=lambda run: run.wall) for processes, done in runs.items()}
    sizes = [path.stat().st_size for path in (folder / "run0-p1").iterdir()]
    print(
        f"{len(ids)} charters, {sum(sizes) / 1e6:.1f} MB "
        f"({min(sizes) / 1024:.0f}-{max(sizes) / 1024:.0f} KiB each); {os.cpu_count()} CPUs"
    )
    for processes, run in best.items():
        busy = ", ".join("?" if one.busy is None else f"{one.busy:.2f}" for one in runs[processes])
        print(
            f"  {processes} process{'es' if processes > 1 else '  '}  {run.wall:7.2f} s  "
            f"({len(ids) / run.wall:5.2f} charters/s; CPU {run.cpu:6.2f} s; machine busy: {busy} CPUs)"
        )
    one, two = best[1], best[2]
    print(f"  speed-up       {one.wall / two.wall:7.2f}x  (goal: at least 1.8x; best of {repeat})")
    print(
        f"  CPU check      {', '.join(f'{value:.2f}' for value in ceilings)}x  "
        "(a pure-Python loop on 2 processes against 1, before each pair of runs)"
    )
    # On two CPUs of its own the batch would take the forkserver's start-up, then half the rest.
    alone = one.cpu / (two.serial + (two.cpu - two.serial) / 2)
    print(
        f"  on two free CPUs, from CPU time: {alone:.2f}x  (two processes spend "
        f"{two.cpu / one.cpu - 1:+.0%} CPU, of which {two.serial:.2f} s starting the forkserver)"
    )
    size = f"{len(ids)} charters; best of {repeat}"
    record(
        figures,
        "charter batch: 1 process vs 2 (speed-up)",
        one.wall,
        two.wall,
        goal=1.8,
        at_least=True,
        note=f"{size}; the machine's own speed-up (CPU check): {max(ceilings):.2f}x",
    )
    record(
        figures,
        "charter batch: speed-up on two free CPUs, from CPU time",
        alone,
        None,
        unit="x",
        note=f"{size}; an estimate, for information",
    )


def main() -> int:
    """Generate the plan, then time the batch on one and on two processes."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--task-forces", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    parser.add_argument("--repeat", type=int, default=1)
    add_figure_option(parser)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "scale.smplan"
        summary = generate_demo(
            target,
            people=args.people,
            task_forces=args.task_forces,
            seed=args.seed,
            force=True,
            today=args.today,
        )
        print(
            f"Generated {args.people:,} people, {args.task_forces:,} task forces in "
            f"{summary.seconds:.1f} s (load average before: {load})"
        )
        with services.open_existing(target) as plan:
            measure(plan, Path(folder), args.today, args.repeat, args.figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
