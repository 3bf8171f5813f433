"""Remember how the user arranged the window: its size, docks, splitters and column widths."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QWidget

from smarket_planner.ui.app.settings import AppSettings

# The first time, the window takes this share of the screen, up to a size where lines stay readable.
SCREEN_SHARE = 0.85
LARGEST = QSize(1680, 1050)


def widget_key(widget: QWidget, top: QWidget) -> str:
    """A name for a widget that stays the same from run to run: its path in the window."""
    parts: list[str] = []
    current: QWidget | None = widget
    while current is not None and current is not top:
        parent = current.parentWidget()
        name = current.objectName()
        if not name:
            kind = type(current)  # its own kind among its parent's own children, not the whole tree below
            siblings = [child for child in (parent.children() if parent else []) if isinstance(child, kind)]
            index = siblings.index(current) if current in siblings else 0
            name = f"{type(current).__name__}{index}"
        parts.append(name)
        current = parent
    return "/".join(reversed(parts))


def remember_window(window: QMainWindow, settings: AppSettings, key: str) -> None:
    """Store the window's size and place, and where its docks and toolbars are."""
    settings.set_layout(f"{key}/geometry", window.saveGeometry())
    settings.set_layout(f"{key}/state", window.saveState())


def restore_window(window: QMainWindow, settings: AppSettings, key: str) -> None:
    """Put back what ``remember_window`` stored; the first time, a sensible share of the screen."""
    geometry = settings.layout(f"{key}/geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        first_size(window)
    state = settings.layout(f"{key}/state")
    if state is not None:
        window.restoreState(state)


def first_size(window: QMainWindow) -> None:
    """Open at most of the screen the window is on (never below its minimum, never huge), centred."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    room = screen.availableGeometry()
    width = max(window.minimumWidth(), min(int(room.width() * SCREEN_SHARE), LARGEST.width()))
    height = max(window.minimumHeight(), min(int(room.height() * SCREEN_SHARE), LARGEST.height()))
    window.resize(min(width, room.width()), min(height, room.height()))
    frame = window.frameGeometry()
    frame.moveCenter(room.center())
    window.move(frame.topLeft())


def remember_layout(window: QMainWindow, settings: AppSettings, key: str) -> None:
    """Store the docks, and every splitter and table header (column widths) in the window."""
    settings.set_layout(f"{key}/state", window.saveState())
    for splitter in window.findChildren(QSplitter):
        settings.set_layout(f"{key}/splitter/{widget_key(splitter, window)}", splitter.saveState())
    for header in window.findChildren(QHeaderView):
        if header.count():
            settings.set_layout(f"{key}/header/{widget_key(header, window)}", header.saveState())


def restore_layout(window: QMainWindow, settings: AppSettings, key: str) -> None:
    """Put back what ``remember_layout`` stored; anything not stored keeps its default."""
    state = settings.layout(f"{key}/state")
    if state is not None:
        window.restoreState(state)
    for splitter in window.findChildren(QSplitter):
        saved = settings.layout(f"{key}/splitter/{widget_key(splitter, window)}")
        if saved is not None:
            splitter.restoreState(saved)
    for header in window.findChildren(QHeaderView):
        saved = settings.layout(f"{key}/header/{widget_key(header, window)}")
        if saved is not None and header.count():
            header.restoreState(saved)
