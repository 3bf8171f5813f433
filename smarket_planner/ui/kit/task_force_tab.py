"""What every tab about the selected task force is built on: its page, or a sentence in its place."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from smarket_planner.services import ChangeNotice
from smarket_planner.ui.kit.session import PlanSession


class TaskForceTab(QWidget):
    """A tab about the selected task force: its page, or a quiet sentence when there is nothing to show."""

    title: ClassVar[str]  # the tab's name in the workspace

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.task_force_id: int | None = None
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self._page: QWidget = self.empty  # until the tab hands over its page
        session.changed.connect(self._notices_arrived)

    def set_page(self, page: QWidget) -> None:
        """Make ``page`` what the tab shows when there is something to show."""
        self.stack.addWidget(page)
        self._page = page

    def show_page(self) -> None:
        """Show the tab's page."""
        self.stack.setCurrentWidget(self._page)

    def show_placeholder(self, sentence: str) -> None:
        """Show a sentence in place of the page: pick a task force, or what to add first."""
        self.empty.setText(sentence)
        self.stack.setCurrentWidget(self.empty)

    def plan_changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        """Keep up with one edit's change notices; called only while a task force is shown."""

    def _notices_arrived(self, notices: tuple[ChangeNotice, ...]) -> None:
        if self.task_force_id is not None:
            self.plan_changed(notices)
