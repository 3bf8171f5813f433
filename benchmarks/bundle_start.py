"""Time the bundle's program against the wheel's, and weigh the bundle: what packaging costs a user.

    .venv/bin/python benchmarks/bundle_start.py BUNDLE_FOLDER WHEEL_VENV [--runs 5] [--figures FILE]

Each command runs once from each install as a warm-up, then ``--runs`` rounds taking turns,
from an empty folder with no display; the figures are medians of the wall-clock time from
starting the process to reaping it (``cli_process.take_turns``):

- ``--version``: the program starting at all (the bundle's loader against the venv's script);
- ``check DEMO``: the core loading and analysing the demo plan;
- ``DEMO --smoke``: Qt loading and the window built, toured and closed, offscreen.

Goal for each: the bundle at most 1.2x the wheel. And the bundle's size on disk: at most 250 MB
(recorded against that limit as its baseline, goal 1.0x).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

from cli_process import median_seconds, take_turns
from figures import add_figure_option, record

START_GOAL = 1.2
SIZE_LIMIT_MB = 250.0
TIMES = "\u00d7"  # the sign after a ratio, as in run.py's table


def folder_megabytes(folder: Path) -> float:
    """The size of everything in a folder, in MB (10^6 bytes, as a download page counts)."""
    files = (path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    return sum(path.stat().st_size for path in files) / 1e6


def main() -> int:
    """Measure and print the table; the exit code is 0 unless a command failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the bundle folder (dist/smarket-planner)")
    parser.add_argument("venv", type=Path, help="a venv with the wheel installed")
    parser.add_argument("--runs", type=int, default=5)
    add_figure_option(parser)
    args = parser.parse_args()
    args.bundle = args.bundle.resolve()  # before the run moves to a folder of its own
    bundled = str(args.bundle / "smarket-planner")
    wheel = str(args.venv.resolve() / "bin" / "smarket-planner")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        os.environ.pop(name, None)  # --smoke then renders offscreen, as on a build machine
    rows = []
    with tempfile.TemporaryDirectory() as work:
        os.chdir(work)
        subprocess.run([wheel, "demo", "demo.smplan"], check=True, capture_output=True)
        for label, words, allowed in (
            ("--version", ["--version"], (0,)),
            ("check demo plan", ["check", "demo.smplan"], (0, 1)),
            ("demo plan --smoke (window offscreen)", ["demo.smplan", "--smoke"], (0,)),
        ):
            ours, theirs = take_turns(args.runs, ([bundled, *words], allowed), ([wheel, *words], allowed))
            value, baseline = median_seconds(ours), median_seconds(theirs)
            note = f"median of {args.runs}, wall clock"
            record(args.figures, f"bundle vs wheel: {label}", value, baseline, goal=START_GOAL, note=note)
            row = (f"start, {label}", f"{value:.3f} s", f"{baseline:.3f} s", value / baseline, START_GOAL)
            rows.append(row)
    size = folder_megabytes(args.bundle)
    record(args.figures, "bundle size vs 250 MB", size, SIZE_LIMIT_MB, goal=1.0, unit="MB")
    rows.append(("size on disk", f"{size:.0f} MB", "250 MB limit", size / SIZE_LIMIT_MB, 1.0))
    print("| figure | bundle | wheel | ratio | goal | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, value_text, baseline_text, ratio, goal in rows:
        met = "✓" if ratio <= goal else "✗"
        print(f"| {label} | {value_text} | {baseline_text} | {ratio:.2f}{TIMES} | ≤ {goal}{TIMES} | {met} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
