"""Start the desktop app: the window on a plan, or a smoke run that renders it to a file."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smarket_planner.ui.app.main_window import MainWindow
    from smarket_planner.ui.app.startup_trace import StartupTrace

EXIT_OK, EXIT_FAILED, EXIT_BAD_PLAN = 0, 1, 3


def has_display() -> bool:
    """Whether a window can be shown here (an X or Wayland display, or a chosen Qt platform)."""
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run(plan: str | None, *, smoke: bool = False, screenshot: Path | None = None, trace: bool = False) -> int:
    """Open the window (on ``plan``); with ``smoke``, tour it once and exit instead.

    The window shows first; the plan opens once it has painted, so the app is on screen at
    once. With ``trace``, stderr says when each of those moments came (``--startup-trace``).
    """
    if not has_display():
        if not smoke:
            print(
                "smarket-planner: there is no display here; try "
                "'smarket-planner PLAN --smoke --screenshot window.png'",
                file=sys.stderr,
            )
            return EXIT_FAILED
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from smarket_planner.ui.app.main_window import MainWindow
    from smarket_planner.ui.app.startup_trace import StartupTrace
    from smarket_planner.ui.kit.icons import app_icon

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("smarket_planner")
    app.setApplicationDisplayName("smarket_planner")
    app.setOrganizationName("smarket_planner")
    app.setDesktopFileName("smarket-planner")
    app.setWindowIcon(app_icon())
    if not smoke:  # the plan, and all that reads it, loads once the window has painted
        window = MainWindow()
        moments = StartupTrace(window, enabled=trace)
        if trace:
            window.analysed_once.connect(lambda: moments.mark("first analysis done"))
        if plan is not None:
            window.saved_label.setText(f"Opening {_plan_name(plan)}…")  # in place of the welcome's hint
        window.show()
        moments.mark("window shown")
        moments.after_paint("first paint", lambda: _open_after_paint(window, moments, plan))
        return int(app.exec())
    from smarket_planner import services
    from smarket_planner.domain.errors import DomainError
    from smarket_planner.ui.app.smoke import save_screenshot, tour

    if plan is not None:
        try:  # a plan that cannot be used is a usage problem, not a crash of the tour
            services.open_existing(plan).close()
        except DomainError as error:
            print(f"smarket-planner: {error}", file=sys.stderr)
            return EXIT_BAD_PLAN
    window = MainWindow()
    if plan is not None:
        window.open_plan(plan)
    errors = tour(window)
    if screenshot is not None:
        print(f"Saved a screenshot of the window to {save_screenshot(window, screenshot).resolve()}")
    window.close()
    if errors:
        for problem in errors:
            print(f"smarket-planner: {problem}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _open_after_paint(window: MainWindow, moments: StartupTrace, plan: str | None) -> None:
    """Open the plan in the painted window; mark when its task forces are on screen."""
    if plan is not None and window.open_plan(plan):
        moments.after_paint("task forces listed")


def _plan_name(plan: str) -> str:
    """The plan as the status bar names it while it opens: its file, or its database."""
    return plan.rsplit("/", 1)[-1].split("?", 1)[0] or plan
