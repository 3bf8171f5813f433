"""Take the README's screenshots: the welcome view, each tab and the portfolio, at 1280x800.

    .venv/bin/python docs/make_screenshots.py [--out docs/images] [--dark]

Runs offscreen on a fresh demo plan (dated 2026-11-23 so the pictures do not drift), using
the same tour as ``smarket-planner PLAN --smoke``. With ``--dark`` the same pictures in the
dark colour scheme, named with a ``-dark`` suffix (overview-dark.png).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain import EntityKind
from smarket_planner.services.reports.analysis import FindingKind
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import CONFIG_ENV, AppSettings
from smarket_planner.ui.app.smoke import SIZE, save_screenshot, settle, tour
from smarket_planner.ui.charter.charter_tab import CharterTab
from smarket_planner.ui.graph.panel import GraphPanel
from smarket_planner.ui.kit.scheme import ColourScheme


def slug(name: str) -> str:
    """A file name from a tab's title: "Goals & KPIs" -> goals-kpis."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", "")).strip("-")


def wait_for_findings(window: MainWindow, seconds: float = 30) -> None:
    """Let the background analysis finish, so badges and findings show in the pictures."""
    deadline = time.monotonic() + seconds
    while window.findings is not None and not window.findings.model.rowCount():
        if time.monotonic() > deadline:
            raise RuntimeError("the analysis did not finish")
        settle()
        time.sleep(0.05)
    settle()


def findings_screenshot(window: MainWindow, path: Path) -> Path:
    """The Findings panel with the over-allocation chosen: the team shown, the person selected."""
    assert window.findings is not None
    rows = window.findings.model.records()
    chosen = next(row for row in rows if row.finding.kind is FindingKind.OVER_ALLOCATION)
    window.findings.view.selectRow(
        window.findings.proxy.mapFromSource(window.findings.model.index(rows.index(chosen), 0)).row()
    )
    window.findings.entity_chosen.emit(chosen.finding)
    settle()
    return save_screenshot(window, path)


def charter_screenshot(window: MainWindow, path: Path, seconds: float = 30) -> Path:
    """The Charter tab once its preview is typeset (that happens on a worker thread)."""
    assert window.workspace is not None
    tab = window.workspace.show_charter()
    deadline = time.monotonic() + seconds
    while not tab.preview_is_current():
        if time.monotonic() > deadline:
            raise RuntimeError("the charter preview did not appear")
        settle()
        time.sleep(0.05)
    settle()
    return save_screenshot(window, path)


def main() -> int:
    """Write every screenshot and list them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "images")
    parser.add_argument("--dark", action="store_true", help="in the dark colour scheme, as NAME-dark.png")
    args = parser.parse_args()
    suffix = "-dark" if args.dark else ""

    def picture(stem: str) -> Path:
        return args.out / f"{stem}{suffix}.png"

    with tempfile.TemporaryDirectory() as scratch:
        os.environ[CONFIG_ENV] = scratch  # a clean recent list, not the developer's
        plan = Path(scratch) / "Northwind demo.smplan"
        generate_demo(plan, today=date(2026, 11, 23))
        app = QApplication.instance() or QApplication(sys.argv[:1])
        settings = AppSettings(Path(scratch))
        settings.add_recent(str(plan))
        if args.dark:
            settings.set_colour_scheme(ColourScheme.DARK)
        window = MainWindow(settings)
        window.resize(*SIZE)
        window.show()
        settle()
        written = [save_screenshot(window, picture("welcome"))]
        window.open_plan(str(plan))
        # The launch is the richest task force: check-ins, an over-allocated member, links.
        assert window.session is not None and window.workspace is not None
        launch = services.find(window.session.plan, EntityKind.TASK_FORCE, name="Pulse 3.0 Launch")
        window.workspace.select_task_force(launch[0].id)
        wait_for_findings(window)

        def shoot(name: str, shown: MainWindow) -> None:
            if name == GraphPanel.title:  # docs/make_graph_images.py draws each graph once laid out
                return
            if name == CharterTab.title:
                written.append(charter_screenshot(shown, picture("charter-tab")))
            else:
                written.append(save_screenshot(shown, picture(slug(name))))

        errors = tour(window, shoot)
        written.append(findings_screenshot(window, picture("findings")))
        # The forming market entry, offered what the dispersed campaign learned about its functions.
        dach = services.find(window.session.plan, EntityKind.TASK_FORCE, name="DACH Market Entry")
        window.workspace.select_task_force(dach[0].id)
        window.workspace.tabs.setCurrentIndex(0)
        settle()
        written.append(save_screenshot(window, picture("carried-lessons")))
        window.close()
        del app
    for path in written:
        print(path)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
