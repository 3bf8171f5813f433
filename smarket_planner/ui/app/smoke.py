"""A quick tour of the window on a plan: every tab, the portfolio, a screenshot, no errors."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.window_contract import PORTFOLIO, WORKSPACE

Step = Callable[[str, MainWindow], None]
SIZE = (1280, 800)


def settle() -> None:
    """Let Qt lay out and paint everything that is pending."""
    for _ in range(3):
        QApplication.processEvents()


def tour(window: MainWindow, on_step: Step | None = None) -> list[str]:
    """Show the welcome view or every tab of the first task force and the portfolio.

    Returns the errors raised anywhere in the app meanwhile (none means all is well).
    """
    errors: list[str] = []
    previous = sys.excepthook

    def record(kind: type[BaseException], error: BaseException, _tb: TracebackType | None) -> None:
        errors.append(f"{kind.__name__}: {error}")

    sys.excepthook = record
    try:
        window.resize(*SIZE)
        window.show()
        settle()
        step = on_step or (lambda _name, _window: None)
        if window.workspace is None:
            step("welcome", window)
            return errors
        window.show_view(WORKSPACE)
        tabs = window.workspace.tabs
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            settle()
            step(tabs.tabText(index), window)
        window.show_view(PORTFOLIO)
        settle()
        step("Portfolio", window)
        window.show_view(WORKSPACE)
        tabs.setCurrentIndex(0)
        settle()
    finally:
        sys.excepthook = previous
    return errors


def save_screenshot(window: MainWindow, path: Path) -> Path:
    """Save what the window shows as a PNG."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        raise OSError(f"{path} could not be written")
    return path
