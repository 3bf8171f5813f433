"""How long the app took to show itself, to paint, to list the plan and to analyse it (--startup-trace)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


def process_age_ms() -> float:
    """Milliseconds since the operating system started this process (not since ``main()``)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            # Field 22, the start time in clock ticks after boot (fields 3 on follow the name).
            started = int(stat.read().rsplit(")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
        return (time.clock_gettime(time.CLOCK_BOOTTIME) - started) * 1000
    except (OSError, ValueError, IndexError, AttributeError):  # not Linux: from when this module loaded
        return (time.perf_counter() - _LOADED) * 1000


_LOADED = time.perf_counter()


class StartupTrace(QObject):
    """Prints each moment once, as "startup-trace: NAME N ms", and runs work after the window paints.

    While work waits for a paint, every paint event of the application is looked at (a paint of
    any widget of the window counts); the rest of the time, nothing is.
    """

    def __init__(self, window: QWidget, *, enabled: bool, out: TextIO | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.enabled = enabled
        self._out = out or sys.stderr
        self._seen: set[str] = set()
        self._waiting: list[tuple[str, Callable[[], None]]] = []

    def mark(self, moment: str) -> None:
        """Say, once, how long after the process started this moment came."""
        if self.enabled and moment not in self._seen:
            self._seen.add(moment)
            print(f"startup-trace: {moment} {process_age_ms():.0f} ms", file=self._out, flush=True)

    def after_paint(self, moment: str, work: Callable[[], None] = lambda: None) -> None:
        """Mark ``moment`` when the window next paints, then run ``work`` (once that paint is on screen)."""
        if not self._waiting:
            _application().installEventFilter(self)
        self._waiting.append((moment, work))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A paint of the window: mark what waited for it, and run its work just after."""
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self.window
            and self._waiting
        ):
            waiting, self._waiting = self._waiting, []
            _application().removeEventFilter(self)
            for moment, work in waiting:
                self.mark(moment)
                QTimer.singleShot(0, work)
        return False


def _application() -> QCoreApplication:
    app = QApplication.instance()
    assert app is not None, "the window needs its application"
    return app
