"""Time the scale plan generator against a bare SQLite insert of the same number of rows.

    .venv/bin/python benchmarks/generate_scale.py [--people 10000] [--task-forces 1000]

Prints the rows per table, the time to draw up and write the plan, and, as a floor, the time
a plain ``executemany`` takes to insert as many rows into one bare SQLite table. The issue's
bar is "well under a minute" for 10,000 people and 1,000 task forces.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

from figures import add_figure_option, record

from smarket_planner.demo.northwind import CHUNK, generate_demo


def bare_insert(path: Path, count: int) -> float:
    """Seconds to insert ``count`` rows of five columns into a table with no index but its key."""
    rows = [(number, number % 97, f"row {number}", number * 0.5, "2026-01-01") for number in range(count)]
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        # The same durability as a plan file: write-ahead log, synced on commit.
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("CREATE TABLE bare (id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c REAL, d TEXT)")
        began = time.perf_counter()
        connection.execute("BEGIN")
        for first in range(0, count, CHUNK):
            connection.executemany("INSERT INTO bare VALUES (?, ?, ?, ?, ?)", rows[first : first + CHUNK])
        connection.execute("COMMIT")
        seconds = time.perf_counter() - began
    finally:
        connection.close()
    return seconds


def main() -> int:
    """Generate one scale plan, then the baseline, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--task-forces", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep", type=Path, help="write the plan here (replaced) instead of a temporary file"
    )
    add_figure_option(parser)
    args = parser.parse_args()

    writing_began: list[float] = []

    def progress(stage: str, _fraction: float) -> None:
        if stage.startswith("Writing") and not writing_began:
            writing_began.append(time.perf_counter())

    with tempfile.TemporaryDirectory() as folder:
        target = args.keep or Path(folder) / "scale.smplan"
        began = time.perf_counter()
        summary = generate_demo(
            target,
            people=args.people,
            task_forces=args.task_forces,
            seed=args.seed,
            force=True,
            today=date(2026, 1, 15),
            progress=progress,
        )
        drawing = (writing_began[0] if writing_began else began) - began
        size = target.stat().st_size
        total = sum(summary.counts.values())
        baseline = bare_insert(Path(folder) / "bare.sqlite", total)

    print(f"Scale plan: {args.people:,} people, {args.task_forces:,} task forces (seed {args.seed})")
    width = max(len(name) for name in summary.counts)
    for name, count in summary.counts.items():
        print(f"  {name:<{width}}  {count:>9,}")
    print(f"  {'total':<{width}}  {total:>9,}")
    print()
    print(
        f"Generated in {summary.seconds:.2f} s ({total / summary.seconds:,.0f} rows/s): "
        f"{drawing:.2f} s creating the file and drawing up rows, {summary.seconds - drawing:.2f} s writing; "
        f"file {size / 1e6:.1f} MB"
    )
    print(
        f"Baseline: executemany of {total:,} rows into a bare SQLite table: "
        f"{baseline:.2f} s ({total / baseline:,.0f} rows/s)"
    )
    print(f"The generator takes {summary.seconds / baseline:.1f}x the bare insert.")
    size = f"{args.people:,} people, {args.task_forces:,} task forces: {total:,} rows"
    record(args.figures, "scale plan: generator vs bare executemany", summary.seconds, baseline, note=size)
    record(
        args.figures,
        "scale plan: generator vs one minute",
        summary.seconds,
        60.0,
        goal=1.0,
        note=f"{size}; baseline is the issue's limit ('well under a minute'), not a measurement",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
