"""Time the app's start on a real X server against a bare PySide6 window: first paint, plan listed, memory.

    .venv/bin/python benchmarks/startup.py --demo PLAN --large PLAN [--runs 5] [--figures FILE]

Starts one Xvfb for the whole run. Each start is a fresh process, timed from the moment the
operating system started it (``/proc/self/stat``), as ``smarket-planner PLAN --startup-trace``
reports: window shown, first paint, task forces listed, first analysis done. The baseline is
a bare PySide6 script that shows an empty QMainWindow and reports its first paint the same
way. Peak memory is the process's high-water mark (``ru_maxrss``) once the first analysis is
done. Medians of ``--runs`` after one warm-up of each; plans are copied first (opening writes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import add_figure_option, record

MOMENTS = ("window shown", "first paint", "task forces listed", "first analysis done")
BARE = """
import os, sys, time
def age():
    with open("/proc/self/stat", encoding="ascii") as stat:
        started = int(stat.read().rsplit(")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
    return (time.clock_gettime(time.CLOCK_BOOTTIME) - started) * 1000
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(f"startup-trace: first paint {age():.0f} ms", file=sys.stderr, flush=True)
            QTimer.singleShot(0, app.quit)
        return False
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
painted = Painted()
window.installEventFilter(painted)
window.show()
app.exec()
"""
Start = dict[str, float]  # moment -> ms since the process started; "memory" -> MiB


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """A private X server for the run, and its display name."""
    for number in range(140, 200):
        if not Path(f"/tmp/.X{number}-lock").exists():
            display = f":{number}"
            server = subprocess.Popen(
                ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(100):
                if Path(f"/tmp/.X11-unix/X{number}").exists():
                    return server, display
                time.sleep(0.05)
            server.kill()
    raise RuntimeError("no X server could be started (Debian: apt-get install xvfb)")


def one_start(command: list[str], env: dict[str, str], last: str) -> Start:
    """Run one start until it reports ``last``; what it reported, and its peak memory."""
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    said: Start = {}
    assert process.stderr is not None
    deadline = time.monotonic() + 300
    while last not in said and time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        if line.startswith("startup-trace: "):
            moment, ms = line[len("startup-trace: ") :].rsplit(" ", 2)[0], line.split()[-2]
            said[moment] = float(ms)
    if process.poll() is None:
        process.terminate()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    said["memory"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    if last not in said:
        raise RuntimeError(f"{' '.join(command)} never said {last!r}")
    return said


def starts(command: list[str], env: dict[str, str], last: str, runs: int) -> Start:
    """The median of each reported moment and of peak memory over ``runs`` starts, after a warm-up."""
    one_start(command, env, last)
    every = [one_start(command, env, last) for _ in range(runs)]
    return {key: statistics.median(start[key] for start in every) for key in every[0]}


def app_command(plan: Path, folder: Path, name: str) -> list[str]:
    """The app on a fresh copy of ``plan`` (each start may write to it)."""
    copy = folder / name
    shutil.copyfile(plan, copy)
    program = Path(sys.executable).with_name("smarket-planner")
    return [str(program), str(copy), "--startup-trace"]


def main() -> int:
    """Start the bare window and the app on both plans; print and record the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, required=True)
    parser.add_argument("--large", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    add_figure_option(parser)
    args = parser.parse_args()
    server, display = start_xvfb()
    try:
        with tempfile.TemporaryDirectory() as folder:
            env = dict(os.environ, DISPLAY=display, SMARKET_PLANNER_CONFIG_DIR=str(Path(folder) / "config"))
            env.pop("QT_QPA_PLATFORM", None)
            bare = starts([sys.executable, "-c", BARE], env, "first paint", args.runs)
            demo = starts(app_command(args.demo, Path(folder), "demo.smplan"), env, MOMENTS[-1], args.runs)
            large = starts(app_command(args.large, Path(folder), "large.smplan"), env, MOMENTS[-1], args.runs)
    finally:
        server.terminate()
        server.wait()
    report(bare, demo, large, args.runs, args.figures)
    return 0


def report(bare: Start, demo: Start, large: Start, runs: int, figures: Path | None) -> None:
    """Print the medians and their ratios; record the issue's figures (in seconds and MiB)."""
    print(f"Median of {runs} starts after a warm-up, ms since the process started (memory: MiB)")
    print(f"  {'':22}{'bare window':>12}{'demo plan':>12}{'large plan':>12}")
    for key in (*MOMENTS, "memory"):
        cells = [f"{start[key]:12.0f}" if key in start else f"{'':12}" for start in (bare, demo, large)]
        print(f"  {key:22}{''.join(cells)}")
    note = f"median of {runs} starts on Xvfb, from the OS's process start"
    painted = bare["first paint"] / 1000
    for moment, goal in (("first paint", 1.5), (MOMENTS[2], 3.0)):
        name = f"start: {moment}, demo plan vs bare window's first paint"
        record(figures, name, demo[moment] / 1000, painted, goal=goal, note=note)
    for moment in ("first paint", MOMENTS[2]):
        name = f"start: {moment}, large vs demo plan"
        value, baseline = large[moment] / 1000, demo[moment] / 1000
        record(figures, name, value, baseline, goal=1.2, note=f"{note}; 10,000 people if full size")
    memory = f"ru_maxrss once the first analysis is done; {note}"
    name = "start: peak memory, large plan vs bare window"
    record(figures, name, large["memory"], bare["memory"], goal=2.5, unit="MiB", note=memory)
    for label, start in (("demo", demo), ("large", large)):
        name = f"start: first analysis done, {label} plan"
        record(figures, name, start[MOMENTS[3]] / 1000, None, note=f"{note}; for information")


if __name__ == "__main__":
    raise SystemExit(main())
