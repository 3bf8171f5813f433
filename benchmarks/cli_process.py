"""Time the command line as whole processes, each against a baseline measured in the same run.

    .venv/bin/python benchmarks/cli_process.py --demo PLAN --large PLAN [--runs 5] [--figures FILE]

Each command runs once as a warm-up, then ``--runs`` times, taking turns with its baseline;
the figures are medians of the wall-clock time from starting the process to reaping it, and
of its peak memory (the child's ``ru_maxrss``, from ``os.wait4``):

- ``smarket-planner --version`` (the installed command, beside the interpreter) against
  ``python -c pass``: goal at most 1.3x;
- ``smarket-planner check LARGE``: at most 5 s (recorded against that limit as its baseline,
  goal 1.0x; the demo plan's time is in the note), and its peak memory against ``check`` of
  the demo plan: goal at most 4x;
- ``smarket-planner charter DEMO --task-force NAME -o OUT.pdf`` against a bare ReportLab
  process typesetting the same paragraphs and tables (``charter_build.py --bare-only``, from
  that task force's charter content, read beforehand and pickled): goal at most 2x.

``check`` exits 1 when the plan's integrity check fails (and 0 otherwise): both count as a run.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from figures import add_figure_option, record

from smarket_planner.services import open_existing
from smarket_planner.services.reports.analysis import task_force_ids_named
from smarket_planner.services.reports.charter import charter_content

HERE = Path(__file__).resolve().parent
TEAM = "Pulse 3.0 Launch"  # the demo's launch team, as charter_build.py
CHECK_LIMIT = 5.0  # seconds: the bar for `check` of the large plan
STDERR_LINES = 5


@dataclass(frozen=True)
class Run:
    """One finished process: wall-clock seconds and peak memory in MiB."""

    seconds: float
    peak_mib: float


class CommandFailed(Exception):
    """A command exited with a code the figure does not allow."""


def run_once(command: Sequence[str], allowed: Sequence[int] = (0,)) -> Run:
    """Start ``command``, wait for it, and return its time and peak memory (its output thrown away)."""
    with tempfile.TemporaryFile() as errors:
        began = time.perf_counter()
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - began
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if child.returncode not in allowed:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-STDERR_LINES:]
            raise CommandFailed(f"{' '.join(command)} exited {child.returncode}: " + " | ".join(tail))
    return Run(seconds, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def take_turns(runs: int, *commands: tuple[Sequence[str], Sequence[int]]) -> list[list[Run]]:
    """Each command once as a warm-up, then ``runs`` rounds of all of them in turn."""
    for command, allowed in commands:
        run_once(command, allowed)
    done: list[list[Run]] = [[] for _ in commands]
    for _ in range(runs):
        for runs_of_one, (command, allowed) in zip(done, commands, strict=True):
            runs_of_one.append(run_once(command, allowed))
    return done


def median_seconds(runs: list[Run]) -> float:
    """The median wall-clock time of some runs."""
    return statistics.median(run.seconds for run in runs)


def median_peak(runs: list[Run]) -> float:
    """The median peak memory of some runs, in MiB."""
    return statistics.median(run.peak_mib for run in runs)


def startup(runs: int, figures: Path | None) -> None:
    """``--version`` against an empty Python process."""
    app, bare = take_turns(
        runs,
        ([str(Path(sys.executable).with_name("smarket-planner")), "--version"], (0,)),
        ([sys.executable, "-c", "pass"], (0,)),
    )
    value, baseline = median_seconds(app), median_seconds(bare)
    print(f"  --version          {value * 1000:7.0f} ms   python -c pass {baseline * 1000:5.0f} ms", end="")
    print(f"   {value / baseline:5.2f}x (goal: at most 1.3x)")
    note = f"the smarket-planner command; median of {runs}"
    record(figures, "CLI start-up: --version vs python -c pass", value, baseline, goal=1.3, note=note)


def check(demo: Path, large: Path, runs: int, figures: Path | None) -> None:
    """``check`` of the large plan: its time against the limit, its memory against the demo plan's."""
    command = [sys.executable, "-m", "smarket_planner", "check"]
    on_large, on_demo = take_turns(runs, ([*command, str(large)], (0, 1)), ([*command, str(demo)], (0, 1)))
    seconds, demo_seconds = median_seconds(on_large), median_seconds(on_demo)
    peak, demo_peak = median_peak(on_large), median_peak(on_demo)
    print(f"  check, large plan  {seconds:7.2f} s    demo plan {demo_seconds:10.2f} s   (goal: at most 5 s)")
    print(f"    peak memory      {peak:7.0f} MiB  demo plan {demo_peak:8.0f} MiB   ", end="")
    print(f"{peak / demo_peak:5.2f}x (goal: at most 4x)")
    record(
        figures,
        "CLI check, large plan: wall time vs the 5 s limit",
        seconds,
        CHECK_LIMIT,
        goal=1.0,
        note=f"baseline is the issue's limit, not a measurement; demo plan {demo_seconds:.2f} s; "
        f"median of {runs}",
    )
    record(
        figures,
        "CLI check: peak memory, large vs demo plan",
        peak,
        demo_peak,
        goal=4.0,
        unit="MiB",
        note=f"ru_maxrss of the process; median of {runs}",
    )


def charter(demo: Path, team: str, runs: int, figures: Path | None) -> None:
    """One charter by the command line against a bare ReportLab process with the same content."""
    with open_existing(demo, upgrade=False) as plan:
        [team_id] = task_force_ids_named(plan, [team])
        content = charter_content(plan, team_id)  # as the command reads it: as of today
    with tempfile.TemporaryDirectory() as folder:
        pickled = Path(folder) / "content.pickle"
        pickled.write_bytes(pickle.dumps(content))
        app_pdf, bare_pdf = Path(folder) / "charter.pdf", Path(folder) / "bare.pdf"
        charter_command = [sys.executable, "-m", "smarket_planner", "charter", str(demo)]
        charter_command += ["--task-force", team, "-o", str(app_pdf)]
        bare_command = [sys.executable, str(HERE / "charter_build.py"), "--bare-only", str(pickled)]
        bare_command.append(str(bare_pdf))
        app, bare = take_turns(runs, (charter_command, (0,)), (bare_command, (0,)))
        sizes = f"{app_pdf.stat().st_size / 1024:.0f} KiB against {bare_pdf.stat().st_size / 1024:.0f} KiB"
    value, baseline = median_seconds(app), median_seconds(bare)
    print(f"  charter            {value:7.2f} s    bare ReportLab {baseline:5.2f} s   ", end="")
    print(f"{value / baseline:5.2f}x (goal: at most 2x; {sizes})")
    record(
        figures,
        "CLI charter of one task force vs a bare ReportLab process",
        value,
        baseline,
        goal=2.0,
        note=f"'{team}' of the demo plan; median of {runs}",
    )


def main() -> int:
    """Run the three measurements and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, required=True, help="the demo plan")
    parser.add_argument("--large", type=Path, required=True, help="the large plan")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (default 5)")
    parser.add_argument("--task-force", default=TEAM, help=f"the charter to print (default '{TEAM}')")
    add_figure_option(parser)
    args = parser.parse_args()
    print(f"Whole processes, median of {args.runs} after a warm-up:")
    try:
        startup(args.runs, args.figures)
        check(args.demo, args.large, args.runs, args.figures)
        charter(args.demo, args.task_force, args.runs, args.figures)
    except CommandFailed as error:
        print(f"cli_process: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
