"""The longest queries the window runs on its own thread when it opens a big shared plan.

    .venv/bin/python benchmarks/gui_thread_queries.py [--plan URL] [--people 10000] [--task-forces 1000]

Without --plan, starts a throwaway PostgreSQL server (tests/postgres_cluster.py), writes the
scale demo plan into it and runs ANALYZE. Opens the window offscreen on the plan, shows every
tab and the portfolio, and lists each query that ran on the GUI thread for 15 ms or more,
beside a plain ``SELECT person_id, SUM(allocation_pct) FROM membership GROUP BY person_id``
on the same server in the same run. The aim: none above 50 ms.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from smarket_planner import services

SLOW = 0.015


def watch_gui_thread(found: list[tuple[float, str, str]]) -> None:
    """Record every query the GUI thread runs for SLOW seconds or more, with who asked for it."""
    main = threading.main_thread()

    @event.listens_for(Engine, "before_cursor_execute")
    def _began(conn: Any, *_args: Any) -> None:
        conn.info.setdefault("began", []).append(time.perf_counter())

    @event.listens_for(Engine, "after_cursor_execute")
    def _ended(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        took = time.perf_counter() - conn.info["began"].pop()
        if threading.current_thread() is main and took >= SLOW:
            frames = [f for f in traceback.extract_stack() if "smarket_planner/" in f.filename]
            caller = next((f for f in reversed(frames) if "/storage/" not in f.filename), frames[-1])
            where = f"{caller.filename.split('smarket_planner/')[-1]}:{caller.lineno}"
            found.append((took, " ".join(statement.split())[:70], where))


def baseline(url: str, repeat: int = 9) -> float:
    """Best time of the plain GROUP BY over memberships."""
    times = []
    with services.open_existing(url) as plan, plan.store.session() as session:
        for _ in range(repeat):
            began = time.perf_counter()
            session.execute(
                text("SELECT person_id, SUM(allocation_pct) FROM membership GROUP BY person_id")
            ).all()
            times.append(time.perf_counter() - began)
    return min(times)


def tour(url: str) -> float:
    """Open the window on the plan and show every tab and the portfolio; seconds to open."""
    from PySide6.QtWidgets import QApplication

    from smarket_planner.ui.app.main_window import MainWindow
    from smarket_planner.ui.app.settings import AppSettings
    from smarket_planner.ui.app.window_contract import PORTFOLIO

    app = QApplication.instance() or QApplication([])
    window = MainWindow(AppSettings(Path(tempfile.mkdtemp())))
    window.resize(1400, 900)
    window.show()
    began = time.perf_counter()
    assert window.open_plan(url)
    opened = time.perf_counter() - began
    settle = lambda seconds: [app.processEvents() or time.sleep(0.01) for _ in range(int(seconds * 100))]  # noqa: E731
    settle(5)
    assert window.workspace is not None
    for index in range(window.workspace.tabs.count()):
        window.workspace.tabs.setCurrentIndex(index)
        settle(1)
    window.show_view(PORTFOLIO)
    settle(3)
    window.close()
    return opened


def main() -> None:
    """Measure, print the table row for benchmarks/README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", help="a plan database URL (default: a throwaway server and scale plan)")
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--task-forces", type=int, default=1000)
    args = parser.parse_args()
    cluster = None
    url = args.plan
    if url is None:
        from tests.postgres_cluster import start_cluster

        cluster = start_cluster()
        url = cluster.new_database()
        demo = [sys.executable, "-m", "smarket_planner", "demo", url, "--people", str(args.people)]
        subprocess.run([*demo, "--task-forces", str(args.task_forces)], check=True, capture_output=True)
        cluster.sql("ANALYZE", url.rsplit("/", 1)[1])
    try:
        floor = baseline(url)
        found: list[tuple[float, str, str]] = []
        watch_gui_thread(found)
        opened = tour(url)
        print(f"plain GROUP BY: {floor * 1000:.0f} ms; opening the plan: {opened:.2f} s")
        for took, statement, where in sorted(found, reverse=True)[:10]:
            print(f"{took * 1000:5.0f} ms  {took / floor:4.1f}x  {where}  {statement}")
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
