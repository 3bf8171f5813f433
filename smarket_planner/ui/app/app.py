"""Start the desktop app: the window on a plan, or a smoke run that renders it to a file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_BAD_PLAN = 0, 1, 3


def has_display() -> bool:
    """Whether a window can be shown here (an X or Wayland display, or a chosen Qt platform)."""
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run(plan: str | None, *, smoke: bool = False, screenshot: Path | None = None) -> int:
    """Open the window (on ``plan``); with ``smoke``, tour it once and exit instead."""
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

    from smarket_planner import services
    from smarket_planner.domain.errors import DomainError
    from smarket_planner.ui.app.main_window import MainWindow
    from smarket_planner.ui.app.smoke import save_screenshot, tour
    from smarket_planner.ui.kit.icons import app_icon

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("smarket_planner")
    app.setApplicationDisplayName("smarket_planner")
    app.setOrganizationName("smarket_planner")
    app.setDesktopFileName("smarket-planner")
    app.setWindowIcon(app_icon())
    if smoke and plan is not None:
        try:  # a plan that cannot be used is a usage problem, not a crash of the tour
            services.open_existing(plan).close()
        except DomainError as error:
            print(f"smarket-planner: {error}", file=sys.stderr)
            return EXIT_BAD_PLAN
    window = MainWindow()
    if plan is not None:
        window.open_plan(plan)
    if not smoke:
        window.show()
        return int(app.exec())
    errors = tour(window)
    if screenshot is not None:
        print(f"Saved a screenshot of the window to {save_screenshot(window, screenshot).resolve()}")
    window.close()
    if errors:
        for problem in errors:
            print(f"smarket-planner: {problem}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK
