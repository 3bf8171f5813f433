"""Presentation mode for the projector: full screen, larger type, higher contrast."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

SCALE = 1.35


class PresentationMode:
    """Enter and leave presentation mode, restoring the layout exactly on the way out."""

    def __init__(
        self,
        window: QMainWindow,
        roster: Callable[[], QWidget | None],
        switched: Callable[[bool], None],
    ) -> None:
        """Present ``window``, hiding the roster dock ``roster`` finds; tell ``switched`` on and off."""
        self.window = window
        self._roster = roster
        self._switched = switched
        self.active = False
        self._geometry = QByteArray()
        self._state = QByteArray()
        self._font = QFont()
        self._palette = QPalette()
        self._style_sheet = ""

    def toggle(self) -> None:
        """Switch presentation mode on or off."""
        if self.active:
            self._leave()
        else:
            self._enter()
        self._switched(self.active)

    def _enter(self) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._geometry = self.window.saveGeometry()
        self._state = self.window.saveState()
        self._font = app.font()
        self._palette = app.palette()
        self._style_sheet = app.styleSheet()
        bigger = QFont(self._font)
        bigger.setPointSizeF(max(self._font.pointSizeF(), 9.0) * SCALE)
        app.setFont(bigger)
        app.setPalette(high_contrast(self._palette))
        # Thicker focus and selection so the room can follow the cursor.
        app.setStyleSheet(
            "QAbstractItemView { selection-background-color: palette(highlight); }"
            "QAbstractItemView::item:selected { font-weight: 600; }"
            "QTabBar::tab:selected { font-weight: 700; }"
        )
        self.active = True
        roster = self._roster()
        if roster is not None:
            roster.hide()  # the room looks at the team, not the whole roster
        self.window.showFullScreen()

    def _leave(self) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setStyleSheet(self._style_sheet)
        app.setPalette(self._palette)
        app.setFont(self._font)
        self.active = False
        self.window.showNormal()
        self.window.restoreGeometry(self._geometry)
        self.window.restoreState(self._state)


def high_contrast(base: QPalette) -> QPalette:
    """The same palette, light or dark, pushed towards full contrast for a projector."""
    palette = QPalette(base)
    dark = base.color(QPalette.ColorRole.Window).lightness() < 128
    ink, paper = (QColor("#ffffff"), QColor("#000000")) if dark else (QColor("#000000"), QColor("#ffffff"))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.ToolTipText,
    ):
        palette.setColor(role, ink)
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):
        palette.setColor(role, paper)
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#ffd400" if dark else "#0046ad"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#000000" if dark else "#ffffff"))
    return palette
