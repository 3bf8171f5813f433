"""Take the README's graph screenshots: deliverables, functions and people of the demo plan, at 1280x800.

    .venv/bin/python docs/make_graph_images.py [--out docs/images]

Runs offscreen on a fresh demo plan (dated 2026-11-23 so the pictures do not drift).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from smarket_planner import services
from smarket_planner.analysis.graph_picture import GraphKind
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain import EntityKind
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import CONFIG_ENV, AppSettings
from smarket_planner.ui.app.smoke import SIZE, save_screenshot, settle
from smarket_planner.ui.app.window_contract import PORTFOLIO, WORKSPACE
from smarket_planner.ui.graph.panel import GraphPanel


def wait_for(panel: GraphPanel, seconds: float = 60) -> None:
    """Let the layout, which runs on a worker thread, arrive and be drawn."""
    deadline = time.monotonic() + seconds
    settle()
    while panel.runner.busy or panel.graph_layout is None:
        if time.monotonic() > deadline:
            raise RuntimeError("the graph was not laid out in time")
        settle()
        time.sleep(0.05)
    settle()


def show(panel: GraphPanel, kind: GraphKind) -> None:
    """Switch the panel to a graph and wait for it."""
    panel.set_kind(kind)
    settle()
    wait_for(panel)


def main() -> int:
    """Write the three graph pictures and list them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "images")
    args = parser.parse_args()
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        os.environ[CONFIG_ENV] = scratch
        plan = Path(scratch) / "Northwind demo.smplan"
        generate_demo(plan, today=date(2026, 11, 23))
        app = QApplication.instance() or QApplication(sys.argv[:1])
        window = MainWindow(AppSettings(Path(scratch)))
        window.resize(*SIZE)
        window.show()
        window.open_plan(str(plan))
        assert window.session is not None and window.workspace is not None and window.portfolio is not None
        launch = services.find(window.session.plan, EntityKind.TASK_FORCE, name="Pulse 3.0 Launch")[0].id
        window.workspace.select_task_force(launch)
        if window.findings is not None:  # more room for the graph
            window.findings.hide()
        window.show_view(WORKSPACE)
        graph = window.workspace.graph
        window.workspace.tabs.setCurrentWidget(graph)
        show(graph, GraphKind.DELIVERABLES)
        written.append(save_screenshot(window, args.out / "graph-deliverables.png"))
        show(graph, GraphKind.PEOPLE)
        written.append(save_screenshot(window, args.out / "graph-people.png"))
        window.show_view(PORTFOLIO)
        window.portfolio.pages.setCurrentWidget(window.portfolio.graph)
        show(window.portfolio.graph, GraphKind.FUNCTIONS)
        written.append(save_screenshot(window, args.out / "graph-functions.png"))
        window.close()
        del app
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
