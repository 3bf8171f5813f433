"""Run every benchmark, one after the other, and print one table of their figures against their goals.

    .venv/bin/python benchmarks/run.py [--tiny] [--keep DIR] [--only NAME ...] [--readme]

Generates the plans the scripts need into DIR (a temporary folder by default; plans already
there are used again): the demo plan and a large one (10,000 people and 1,000 task forces,
drawn around 2026-01-15; with ``--tiny`` 300 people and 30 task forces). Then runs each
script in its own process with ``--figures FILE`` (see ``figures.py``), never two at once,
and prints a markdown table: each figure's value, its baseline from the same run, their
ratio, the goal and whether it is met. ``--tiny`` runs every script at a small size, once
or twice, to check that it still works (CI does that); its ratios mean little. ``--readme``
writes the table into README.md between its markers.

A script that fails (or records no figure) is shown as failed, the others still run, and
the exit code is 1. A script not written yet is shown as missing and fails nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
BEGIN, END = "<!-- run.py: latest table -->", "<!-- run.py: end -->"
SCALE_DAY = "2026-01-15"  # the day generate_scale.py and over_allocation.py draw their plans around
FULL_SIZE, TINY_SIZE = (10_000, 1_000), (300, 30)  # people, task forces of the large plan
BOTH = "--demo {demo} --large {large}"
TIMES = "\u00d7"  # the sign after a ratio, as in the tables below the markers


@dataclass(frozen=True)
class Benchmark:
    """A script and its arguments at full and at tiny sizes; ``{demo}`` and ``{large}`` are the plans."""

    name: str
    full: str
    tiny: str

    def arguments(self, tiny: bool, demo: Path, large: Path) -> list[str]:
        """The arguments to run it with, the plans filled in."""
        words = shlex.split(self.tiny if tiny else self.full)
        return [word.format(demo=demo, large=large) for word in words]

    def needs_plans(self) -> bool:
        """Whether it works on the generated plans."""
        return "{demo}" in self.full + self.tiny or "{large}" in self.full + self.tiny


BENCHMARKS = (
    Benchmark("generate_scale", "--people 10000 --task-forces 1000", "--people 300 --task-forces 30"),
    Benchmark("cli_process", f"{BOTH} --runs 5", f"{BOTH} --runs 3"),
    Benchmark("startup", f"{BOTH} --runs 5", f"{BOTH} --runs 2"),
    Benchmark("responsiveness", f"{BOTH} --runs 3", f"{BOTH} --runs 2"),  # 30 s of heat map a run
    Benchmark("charter_build", "--members 60 --repeat 5", "--members 20 --repeat 1"),
    Benchmark(
        "charter_batch",
        "--people 2000 --task-forces 200 --repeat 3",
        "--people 80 --task-forces 8 --repeat 1",
    ),
    Benchmark("over_allocation", "--plan {large} --repeat 15", "--plan {large} --repeat 3"),
    Benchmark("demand", "--plan {large} --repeat 15", "--plan {large} --repeat 3"),
    Benchmark("candidates", "--plan {large} --repeat 15", "--plan {large} --repeat 3"),
    Benchmark("graph_layout", "--nodes 2000 --repeat 3", "--nodes 200 --repeat 1"),
    Benchmark("roster_import", "--people 10000 --repeat 5", "--people 500 --repeat 1"),
)


@dataclass(frozen=True)
class Figure:
    """One line a script recorded (see ``figures.record``)."""

    figure: str
    value: float
    baseline: float | None
    unit: str
    goal: float | None
    note: str
    at_least: bool

    @classmethod
    def from_json(cls, line: str) -> Figure:
        """Read one line of a figures file."""
        data: dict[str, Any] = json.loads(line)
        baseline, goal = data.get("baseline"), data.get("goal")
        return cls(
            figure=str(data["figure"]),
            value=float(data["value"]),
            baseline=None if baseline is None else float(baseline),
            unit=str(data.get("unit", "s")),
            goal=None if goal is None else float(goal),
            note=str(data.get("note", "")),
            at_least=bool(data.get("at_least", False)),
        )

    def ratio(self) -> float | None:
        """Value over baseline, if there is a baseline to divide by."""
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    def met(self) -> bool | None:
        """Whether the goal is met; None for a figure shown for information."""
        ratio = self.ratio()
        if self.goal is None or ratio is None:
            return None
        return ratio >= self.goal if self.at_least else ratio <= self.goal


@dataclass
class Outcome:
    """What running one script gave: its figures, exit code (None: not run) and why it failed."""

    name: str
    code: int | None = None
    seconds: float = 0.0
    figures: list[Figure] = field(default_factory=list)
    problem: str = ""

    def failed(self) -> bool:
        """Whether it ran and failed, or recorded nothing."""
        return self.code is not None and (self.code != 0 or bool(self.problem) or not self.figures)


# --- Running ----------------------------------------------------------------------------


def generate_plan(path: Path, sizes: tuple[int, int] | None) -> None:
    """Write the demo plan (or a large one of these sizes) with the command line, unless it is there."""
    if path.exists():
        print(f"Using {path}", flush=True)
        return
    command = [sys.executable, "-m", "smarket_planner", "demo", str(path)]
    if sizes:
        people, task_forces = sizes
        command += ["--people", str(people), "--task-forces", str(task_forces), "--today", SCALE_DAY]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
        last = last_line(completed.stderr)
        raise SystemExit(f"run.py: could not generate {path} (exit {completed.returncode}): {last}")
    print(completed.stdout.strip(), flush=True)


def last_line(text: str) -> str:
    """The last line of some output that is not blank."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def run_script(benchmark: Benchmark, arguments: list[str], folder: Path) -> Outcome:
    """Run one script with ``--figures``, its output shown as it goes; what it recorded."""
    outcome = Outcome(benchmark.name)
    script = HERE / f"{benchmark.name}.py"
    if not script.exists():
        outcome.problem = f"benchmarks/{script.name} is missing: not run"
        print(f"== {benchmark.name}: {outcome.problem}", flush=True)
        return outcome
    figures = folder / f"{benchmark.name}.figures.jsonl"
    figures.unlink(missing_ok=True)
    command = [sys.executable, str(script), *arguments, "--figures", str(figures)]
    shown = " ".join(shlex.quote(word) for word in [f"benchmarks/{script.name}", *arguments])
    print(f"== {benchmark.name}: {shown}", flush=True)
    began = time.perf_counter()
    completed = subprocess.run(command, stderr=subprocess.PIPE, text=True, errors="replace", cwd=HERE.parent)
    outcome.seconds, outcome.code = time.perf_counter() - began, completed.returncode
    sys.stderr.write(completed.stderr)
    if completed.returncode != 0:
        outcome.problem = f"exit {completed.returncode}: {last_line(completed.stderr)}"
    if figures.exists():
        try:
            lines = figures.read_text(encoding="utf-8").splitlines()
            outcome.figures = [Figure.from_json(line) for line in lines if line.strip()]
        except (ValueError, KeyError, TypeError) as error:
            outcome.problem = outcome.problem or f"unreadable figures: {error}"
    if not outcome.figures and not outcome.problem:
        outcome.problem = "recorded no figure"
    print(
        f"== {benchmark.name}: {'failed' if outcome.failed() else 'done'} in {outcome.seconds:.1f} s",
        flush=True,
    )
    return outcome


# --- The table --------------------------------------------------------------------------


def amount(value: float, unit: str) -> str:
    """A value in its unit, to a sensible precision."""
    if unit == "s":
        if value >= 100:
            return f"{value:.0f} s"
        if value >= 1:
            return f"{value:.2f} s"
        return f"{value * 1000:.0f} ms" if value >= 0.1 else f"{value * 1000:.1f} ms"
    if unit == "x":
        return f"{value:.2f}{TIMES}"
    if value == int(value) or abs(value) >= 100:
        text = f"{value:,.0f}"
    else:
        text = f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return f"{text} {unit}".strip()


def cell(text: str) -> str:
    """Text made safe for a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def figure_row(figure: Figure) -> list[str]:
    """One figure as the cells of a table row."""
    ratio = figure.ratio()
    goal = "—" if figure.goal is None else f"{'≥' if figure.at_least else '≤'} {figure.goal:g}{TIMES}"
    met = {True: "✓", False: "✗", None: "—"}[figure.met()]
    return [
        figure.figure,
        amount(figure.value, figure.unit),
        "—" if figure.baseline is None else amount(figure.baseline, figure.unit),
        "—" if ratio is None else f"{ratio:.2f}{TIMES}",
        goal,
        met,
        figure.note,
    ]


def table(outcomes: list[Outcome]) -> list[str]:
    """The markdown table of every figure, failed and missing scripts included."""
    rows = [["figure", "value", "baseline", "ratio", "goal", "met?", "note"]]
    rows.append(["---"] * len(rows[0]))
    for outcome in outcomes:
        rows += [figure_row(figure) for figure in outcome.figures]
        if outcome.failed():
            rows.append([f"**{outcome.name}: failed**", "—", "—", "—", "—", "✗", outcome.problem])
        elif outcome.code is None:
            rows.append([f"{outcome.name}: not run", "—", "—", "—", "—", "—", outcome.problem])
    return ["| " + " | ".join(cell(text) for text in row) + " |" for row in rows]


def machine() -> str:
    """The CPU model and count, memory, system and Python this runs on."""
    model, count = platform.processor() or "unknown CPU", os.cpu_count() or 1
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
        models = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
        model, count = (models[0], len(models)) if models else (model, count)
        memory = Path("/proc/meminfo").read_text(encoding="utf-8").split("\n", 1)[0].split()
        ram = f"{int(memory[1]) / 2**20:.1f} GiB RAM"
    except (OSError, IndexError, ValueError):
        ram = "RAM unknown"
    system = platform.platform(terse=True)
    try:
        release = Path("/etc/os-release").read_text(encoding="utf-8").splitlines()
        system = next(line.split("=", 1)[1].strip('"') for line in release if line.startswith("PRETTY_NAME="))
    except (OSError, StopIteration):
        pass
    return f"{count} CPUs ({model}), {ram}, {system}, Python {platform.python_version()}"


def report(outcomes: list[Outcome], tiny: bool, seconds: float, load: str) -> list[str]:
    """The header line, the table and its legend."""
    sizes = (
        "tiny sizes (a check that every script runs; the ratios mean little)"
        if tiny
        else "full sizes (large plan: 10,000 people, 1,000 task forces)"
    )
    header = (
        f"{date.today().isoformat()}, {sizes}; {machine()}; load average before {load}; "
        f"{seconds / 60:.1f} min in all"
    )
    legend = (
        "Ratio: value / baseline, both measured in the same run. Goal: the largest ratio allowed "
        "(≥: the smallest). ✓ met, ✗ not met, — for information."
    )
    return [header, "", *table(outcomes), "", legend]


def write_readme(lines: list[str]) -> None:
    """Put the report between the markers in README.md."""
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"run.py: {README} has no '{BEGIN}' ... '{END}' markers")
    before, rest = text.split(BEGIN, 1)
    _old, after = rest.split(END, 1)
    README.write_text(before + BEGIN + "\n" + "\n".join(lines) + "\n" + END + after, encoding="utf-8")
    print(f"Wrote the table into {README}")


def run_all(folder: Path, tiny: bool, chosen: list[Benchmark]) -> list[Outcome]:
    """Generate the plans if needed, then run each chosen script in turn."""
    demo, large = folder / "demo.smplan", folder / f"large-{(TINY_SIZE if tiny else FULL_SIZE)[0]}.smplan"
    if any(benchmark.needs_plans() for benchmark in chosen):
        generate_plan(demo, None)
        generate_plan(large, TINY_SIZE if tiny else FULL_SIZE)
    return [run_script(item, item.arguments(tiny, demo, large), folder) for item in chosen]


def main() -> int:
    """Run the benchmarks asked for and print (and perhaps keep) the table."""
    names = [benchmark.name for benchmark in BENCHMARKS]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="small sizes, few runs: a check that it works")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate (or reuse) the plans here")
    parser.add_argument(
        "--only", nargs="+", choices=names, metavar="NAME", help="only these: " + ", ".join(names)
    )
    parser.add_argument("--readme", action="store_true", help="write the table into benchmarks/README.md")
    args = parser.parse_args()
    chosen = [benchmark for benchmark in BENCHMARKS if not args.only or benchmark.name in args.only]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    began = time.perf_counter()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        outcomes = run_all(args.keep.resolve(), args.tiny, chosen)
    else:
        with tempfile.TemporaryDirectory(prefix="smarket-bench-") as folder:
            outcomes = run_all(Path(folder), args.tiny, chosen)
    lines = report(outcomes, args.tiny, time.perf_counter() - began, load)
    print()
    print("\n".join(lines))
    if args.readme:
        write_readme(lines)
    return 1 if any(outcome.failed() for outcome in outcomes) else 0


if __name__ == "__main__":
    raise SystemExit(main())
