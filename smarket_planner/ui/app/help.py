"""The Help menu: the user guide, the keyboard shortcuts and About, each in a window of its own."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSplitter,
    QStyle,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.resources import resource
from smarket_planner.ui.app.about import AboutDialog
from smarket_planner.ui.app.settings import AppSettings
from smarket_planner.ui.app.shortcuts import ShortcutsDialog

PAGE = Qt.ItemDataRole.UserRole  # the page file a contents entry opens
D = TypeVar("D", bound=QDialog)
# A contents entry in the guide's first page: <a href="kpis.html">Shared KPIs</a>.
_CONTENTS_LINK = re.compile(r'<li><a href="([^"#]+\.html)">([^<]+)</a>')


def guide_folder() -> Path:
    """The folder of the bundled user guide: its pages and their pictures."""
    return resource("guide")


def guide_sections(folder: Path) -> list[tuple[str, str]]:
    """The guide's sections as its first page lists them: (title, page file), in order."""
    index = (folder / "index.html").read_text(encoding="utf-8")
    return [(title, page) for page, title in _CONTENTS_LINK.findall(index)]


class UserGuide(QDialog):
    """The short guide to the app, with its contents beside it and Back and Forward as in a browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("smarket_planner User Guide")
        self.folder = guide_folder()
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(self.folder)])
        self.contents = QListWidget()
        start = QListWidgetItem("Start")
        start.setData(PAGE, "index.html")
        self.contents.addItem(start)
        for title, page in guide_sections(self.folder):
            item = QListWidgetItem(title)
            item.setData(PAGE, page)
            self.contents.addItem(item)
        self.contents.itemActivated.connect(self._open_item)
        self.contents.itemClicked.connect(self._open_item)
        self.back = self._button(QStyle.StandardPixmap.SP_ArrowBack, "Back", self.browser.backward)
        self.forward = self._button(QStyle.StandardPixmap.SP_ArrowForward, "Forward", self.browser.forward)
        self.home = self._button(QStyle.StandardPixmap.SP_DirHomeIcon, "Contents", self.browser.home)
        self.back.setShortcut(QKeySequence.StandardKey.Back)
        self.forward.setShortcut(QKeySequence.StandardKey.Forward)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.browser.forwardAvailable.connect(self.forward.setEnabled)
        self.browser.sourceChanged.connect(self._mark_section)
        bar = QHBoxLayout()
        for button in (self.back, self.forward, self.home):
            bar.addWidget(button)
        bar.addStretch(1)
        split = QSplitter()
        split.addWidget(self.contents)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setSizes([self.fontMetrics().horizontalAdvance("M" * 14), 760])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.back.setEnabled(False)
        self.forward.setEnabled(False)
        self.resize(940, 720)
        self.open_page("index.html")

    def _button(self, icon: QStyle.StandardPixmap, text: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton()
        button.setIcon(self.style().standardIcon(icon))
        button.setText(text)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.clicked.connect(slot)
        return button

    def open_page(self, page: str) -> None:
        """Show one page of the guide, such as "kpis.html"."""
        self.browser.setSource(QUrl.fromLocalFile(str(self.folder / page)))

    def page(self) -> str:
        """The file name of the page shown."""
        return Path(self.browser.source().toLocalFile()).name

    def _open_item(self, item: QListWidgetItem) -> None:
        page = item.data(PAGE)
        if page != self.page():
            self.open_page(str(page))

    def _mark_section(self, source: QUrl) -> None:
        """Highlight the section shown in the contents, whichever way it was reached."""
        shown = Path(source.toLocalFile()).name  # (source() may still name the page before)
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            if item.data(PAGE) == shown:
                self.contents.setCurrentItem(item)


class HelpMenu:
    """Help ▸ User Guide (F1), Keyboard Shortcuts and About; each window is made once and raised after."""

    def __init__(self, window: QMainWindow, settings: AppSettings, menu: QMenu) -> None:
        self._window = window
        self._settings = settings
        self._guide: UserGuide | None = None
        self._shortcuts: ShortcutsDialog | None = None
        self._about: AboutDialog | None = None
        self.guide = QAction("&User Guide", window)
        self.guide.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide.triggered.connect(self.show_guide)
        self.shortcuts = QAction("&Keyboard Shortcuts", window)
        self.shortcuts.triggered.connect(self.show_shortcuts)
        self.about = QAction("&About smarket_planner", window)
        self.about.triggered.connect(self.show_about)
        menu.addActions([self.guide, self.shortcuts])
        menu.addSeparator()
        menu.addAction(self.about)

    def show_guide(self) -> UserGuide:
        """Open the user guide beside the window (it stays open while you work)."""
        if self._guide is None:
            self._guide = UserGuide(self._window)
        return _bring_up(self._guide)

    def show_shortcuts(self) -> ShortcutsDialog:
        """List the keys of every command, read from the window as it is now."""
        if self._shortcuts is None:
            self._shortcuts = ShortcutsDialog(self._window)
        return _bring_up(self._shortcuts)

    def show_about(self) -> AboutDialog:
        """Say what this is, what it ships under which licence, and where it keeps its files."""
        if self._about is None:
            self._about = AboutDialog(self._settings, self._window)
        else:
            self._about.refresh()
        return _bring_up(self._about)


def _bring_up(dialog: D) -> D:
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
