"""Start the desktop app: the window on a plan, or a smoke run that renders it to a file."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smarket_planner.ui.app.main_window import MainWindow
    from smarket_planner.ui.app.plan_windows import PlanWindows
    from smarket_planner.ui.app.startup_trace import StartupTrace

EXIT_OK, EXIT_FAILED, EXIT_BAD_PLAN = 0, 1, 3


def has_display() -> bool:
    """Whether a window can be shown here (an X or Wayland display, or a chosen Qt platform)."""
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run(plan: str | None, *, smoke: bool = False, screenshot: Path | None = None, trace: bool = False) -> int:
    """Open the window (on ``plan``); with ``smoke``, tour it once and exit instead.

    If the app already runs for this user, it shows the plan (in the window that has it, or a
    new one) and this start ends at once. Otherwise the window shows first; the plan opens once
    it has painted, so the app is on screen at once. With ``trace``, stderr says when each of
    those moments came (``--startup-trace``).
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
    if not smoke:
        from smarket_planner.ui.app.instance import hand_off

        if hand_off(plan):
            return _handed_off(plan)
    from PySide6.QtWidgets import QApplication

    from smarket_planner.ui.app.main_window import MainWindow
    from smarket_planner.ui.app.startup_trace import StartupTrace
    from smarket_planner.ui.kit.icons import APP_ID, app_icon

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("smarket_planner")
    app.setApplicationDisplayName("smarket_planner")
    app.setOrganizationName("smarket_planner")
    app.setDesktopFileName(APP_ID)  # the desktop file the menu entry and the task bar know it by
    app.setWindowIcon(app_icon())
    if not smoke:  # the plan, and all that reads it, loads once the window has painted
        from smarket_planner.ui.app.instance import PlanServer
        from smarket_planner.ui.app.plan_windows import PlanWindows

        windows = PlanWindows()
        server = PlanServer(windows.open, parent=app)
        if not server.listen() and hand_off(plan):  # another start got there first
            return _handed_off(plan)
        app.aboutToQuit.connect(server.close)
        window = windows.new_window()
        moments = StartupTrace(window, enabled=trace)
        if trace:
            window.analysed_once.connect(lambda: moments.mark("first analysis done"))
        if plan is not None:
            windows.expect(window, plan)  # started again on it meanwhile: this window comes forward
            window.saved_label.setText(f"Opening {_plan_name(plan)}…")  # in place of the welcome's hint
        window.show()
        moments.mark("window shown")
        moments.after_paint("first paint", lambda: _open_after_paint(windows, window, moments, plan))
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


def _open_after_paint(
    windows: PlanWindows, window: MainWindow, moments: StartupTrace, plan: str | None
) -> None:
    """Open the plan in the painted window; mark when its task forces are on screen."""
    if plan is not None and windows.open_in(window, plan):
        moments.after_paint("task forces listed")


def _handed_off(plan: str | None) -> int:
    """Say that the app already running took this start's plan; this start is done."""
    if plan is None:
        print("smarket-planner: brought the running smarket_planner forward")
    else:
        print(f"smarket-planner: {_plan_name(plan)} opens in the smarket_planner already running")
    return EXIT_OK


def _plan_name(plan: str) -> str:
    """The plan as the status bar names it while it opens: its file, or its database."""
    return plan.rsplit("/", 1)[-1].split("?", 1)[0] or plan
