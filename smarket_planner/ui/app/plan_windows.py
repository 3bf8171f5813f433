"""One window per plan: opening a plan another window already shows brings that window forward."""

from __future__ import annotations

import os
from urllib.parse import parse_qsl, urlencode, urlsplit

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QWidget

from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings
from smarket_planner.ui.app.shared_plan import DEFAULT_PORT, is_shared
from smarket_planner.ui.app.startup_trace import StartupTrace

CASCADE = 32  # how far each new window sits below and to the right of the one before


def plan_key(location: str) -> str:
    """What two names of one plan have in common: the file's real path, or the address without a password.

    >>> plan_key("postgresql+psycopg://ann:secret@db:5432/plans") == plan_key("postgresql://ann@db/plans")
    True
    """
    if not is_shared(location):
        return os.path.normcase(os.path.realpath(location))
    parts = urlsplit(location)
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:  # not a port: the plan cannot open, and matches nothing but itself
        return location
    backend = parts.scheme.partition("+")[0]
    backend = "postgresql" if backend == "postgres" else backend
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if k != "password"))
    host = (parts.hostname or "").lower()
    return f"{backend}://{parts.username or ''}@{host}:{port}{parts.path}?{query}"


class PlanWindows(QObject):
    """The app's windows in this process, each on one plan or on the welcome page.

    A plan already shown is brought forward rather than opened twice; a new plan takes a window
    that shows none yet, or a new one. Windows leave the list when they close.
    """

    presented = Signal(object)  # a window brought forward (to the front, restored if minimised)

    def __init__(self, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self._windows: list[MainWindow] = []  # the one used last at the end
        self._awaiting: dict[MainWindow, str] = {}  # windows opening a plan, not showing it yet
        self._made: set[MainWindow] = set()  # made here, so deleted here once closed
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication), "the windows need their application"
        app.focusWindowChanged.connect(self._focused)

    @property
    def windows(self) -> list[MainWindow]:
        """The open windows, the one used most recently last."""
        return list(self._windows)

    def add(self, window: MainWindow) -> None:
        """Look after a window: its plan counts as shown, and other plans ask it before opening."""
        if window in self._windows:
            return
        self._windows.append(window)
        window.show_elsewhere = self._show_elsewhere
        window.closed.connect(lambda: self._forget(window))
        window.destroyed.connect(lambda: self._forget(window))

    def new_window(self) -> MainWindow:
        """A new window on the welcome page, a little below and right of the last one (not shown yet)."""
        last = self._windows[-1] if self._windows else None
        window = MainWindow(self.settings)
        self._made.add(window)
        if last is not None:
            _cascade(window, last)
        self.add(window)
        return window

    def open(self, location: str | None) -> None:
        """Bring forward the window showing ``location``, or open it in a free or new window.

        Without a plan, the window used most recently comes forward (a new one if there is none).
        """
        if location is None:
            self.present(self._windows[-1] if self._windows else self.new_window())
            return
        shown = self.showing(location)
        if shown is not None:
            self.present(shown)
            return
        free = [w for w in self._windows if w.session is None and w not in self._awaiting]
        if free:  # on the welcome page: the plan opens there
            self.present(free[-1])
            self.open_in(free[-1], location)
            return
        window = self.new_window()
        self._awaiting[window] = location
        self.present(window)
        # As at start-up: the window paints first, then the plan opens in it.
        painted = StartupTrace(window, enabled=False)
        painted.after_paint("painted", lambda: self._open_in_new(window, location))

    def open_in(self, window: MainWindow, location: str) -> bool:
        """Open a plan in this window (unless another shows it); whether the window now shows it."""
        self._awaiting[window] = location
        try:
            return window.open_plan(location)
        finally:
            self._awaiting.pop(window, None)

    def expect(self, window: MainWindow, location: str) -> None:
        """Count a plan as this window's while it waits to open there: asked for again, it comes forward."""
        self._awaiting[window] = location

    def showing(self, location: str, *, besides: MainWindow | None = None) -> MainWindow | None:
        """The window that shows the plan (or is opening it), if any but ``besides`` does."""
        key = plan_key(location)
        for window in reversed(self._windows):
            if window is besides:
                continue
            if window.session is not None and plan_key(window.session.plan.location) == key:
                return window
            if window in self._awaiting and plan_key(self._awaiting[window]) == key:
                return window
        return None

    def present(self, window: MainWindow) -> None:
        """Bring the window to the front: restored if minimised, raised, and given the keyboard."""
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()
        self._used(window)
        self.presented.emit(window)

    def _focused(self, focus: QWindow | None) -> None:
        """A window the user turned to becomes the one used most recently."""
        for window in self._windows:
            if focus is not None and window.windowHandle() is focus:
                self._used(window)
                return

    def _show_elsewhere(self, window: MainWindow, location: str) -> bool:
        """Asked by a window before it opens a plan: bring forward another window that shows it."""
        other = self.showing(location, besides=window)
        if other is None:
            return False
        self.present(other)
        return True

    def _open_in_new(self, window: MainWindow, location: str) -> None:
        if window not in self._windows:
            return  # closed before it painted
        if not self.open_in(window, location) or window.session is None:
            window.close()  # it could not be opened (the window said why), or shows elsewhere

    def _used(self, window: MainWindow) -> None:
        if window in self._windows:
            self._windows.remove(window)
            self._windows.append(window)

    def _forget(self, window: MainWindow) -> None:
        if window not in self._windows:
            return
        self._windows.remove(window)
        self._awaiting.pop(window, None)
        if window in self._made:  # kept until Qt deletes it: not while it is still closing
            window.deleteLater()
            window.destroyed.connect(lambda: self._made.discard(window))


def _cascade(window: QWidget, last: QWidget) -> None:
    """Place ``window`` a step below and right of ``last``, or at the screen's corner if that runs off it."""
    spot = last.pos() + QPoint(CASCADE, CASCADE)
    screen = last.screen().availableGeometry()
    if not screen.contains(window.frameGeometry().translated(spot - window.pos())):
        spot = screen.topLeft()
    window.move(spot)
