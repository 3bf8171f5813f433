"""The search field above a list: Down steps into the list, Escape clears the search."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit


class SearchField(QLineEdit):
    """The search field: Down moves into the list, Escape clears the search."""

    step_into_list = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys that move between the search and the list."""
        if event.key() == Qt.Key.Key_Down:
            self.step_into_list.emit()
        elif event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)
