"""The first thing a manager sees without a plan: start one, open one, or try the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QFont, QIcon, QShowEvent
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.ui.kit.icons import app_icon


class WelcomeView(QWidget):
    """New plan, Open, Open the demo plan, and the plans opened recently."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)

        heading = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(72, 72)))
        heading.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        title = QLabel("smarket_planner")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)
        words.addWidget(title)
        tagline = QLabel(
            "Form task forces across sales, marketing, product, PR and service, "
            "agree shared goals, and print the charter everyone signs."
        )
        tagline.setWordWrap(True)
        words.addWidget(tagline)
        heading.addLayout(words, 1)
        column.addLayout(heading)
        column.addSpacing(18)

        style = self.style()
        self.new_button = self._button(
            "New plan",
            "Start an empty plan file for your company.",
            style.standardIcon(QStyle.StandardPixmap.SP_FileIcon),
            self.new_requested,
        )
        self.open_button = self._button(
            "Open…",
            "Open a plan file (.smplan) from your computer.",
            style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton),
            self.open_requested,
        )
        self.demo_button = self._button(
            "Open the demo plan",
            "Northwind Analytics: 40 people, five task forces, shared KPIs and a few problems.",
            app_icon(),
            self.demo_requested,
        )
        for button in (self.new_button, self.open_button, self.demo_button):
            column.addWidget(button)

        column.addSpacing(18)
        recent_title = QLabel("Recent plans")
        bold = QFont(recent_title.font())
        bold.setBold(True)
        recent_title.setFont(bold)
        column.addWidget(recent_title)
        self.recent = QListWidget()
        self.recent.setFrameShape(QFrame.Shape.StyledPanel)
        self.recent.setMinimumHeight(140)
        self.recent.itemActivated.connect(self._activated)
        column.addWidget(self.recent)
        self.no_recent = QLabel("Plans you open will be listed here.")
        self.no_recent.setEnabled(False)
        column.addWidget(self.no_recent)
        column.addStretch(2)

    def showEvent(self, event: QShowEvent) -> None:
        """Open with the focus on New plan, its frame showing, unless it is on this view already."""
        super().showEvent(event)
        focus = self.window().focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.new_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _button(self, text: str, description: str, icon: QIcon, signal: SignalInstance) -> QCommandLinkButton:
        button = QCommandLinkButton(text, description)
        button.setIcon(icon)
        button.setIconSize(QSize(28, 28))
        button.clicked.connect(signal.emit)
        return button

    def set_recent(self, paths: list[str]) -> None:
        """List the recent plans, newest first; missing files are shown but disabled."""
        self.recent.clear()
        for path in paths:
            plan = Path(path)
            item = QListWidgetItem(f"{plan.stem}    —    {plan.parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            if not plan.exists():
                item.setText(f"{plan.stem}    —    missing: {plan.parent}")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.no_recent.setVisible(not paths)
        if paths:
            self.recent.setCurrentRow(0)

    def _activated(self, item: QListWidgetItem) -> None:
        self.recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
