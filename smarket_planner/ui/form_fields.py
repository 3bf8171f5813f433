"""Pieces the staffing forms share: percent and date boxes, colour chips, a refusal-aware dialog."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.services import Outcome
from smarket_planner.ui.session import PlanSession

# Colours offered to a new function, in turn; each reads on light and dark backgrounds.
FUNCTION_COLOURS = ("#2f7ed8", "#cf6a1f", "#8b5fd6", "#d64c8f", "#1f9471", "#6f7f99", "#a2801a", "#c0392b")
NO_DATE = QDate(2000, 1, 1)  # the date edit's lowest value stands for "no date"


def chip(colour: str | QColor, size: int = 12) -> QIcon:
    """A small square of a function's colour, for lists and combo boxes."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def warning_colour(palette: QPalette) -> QColor:
    """A red that reads on the palette's background, light or dark."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return QColor("#ff7b72") if dark else QColor("#c62828")


def edit_together(session: PlanSession, label: str, actions: Iterable[Callable[[], Outcome[Any]]]) -> int:
    """Make several edits as one undo step; returns how many the plan took."""
    actions = list(actions)
    if len(actions) == 1:
        return int(session.edit(actions[0]) is not None)
    stack = session.undo_stack
    stack.beginMacro(label)
    made = sum(session.edit(action) is not None for action in actions)
    stack.endMacro()
    if not made:
        # Every edit was refused: drop the empty step rather than leave it in Undo.
        stack.command(stack.count() - 1).setObsolete(True)
        stack.undo()
    return made


class PercentBox(QDoubleSpinBox):
    """A percentage from 0 to 100, shown as 20% or 12.5%."""

    def __init__(self, value: float = 0.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0.0, 100.0)
        self.setDecimals(1)
        self.setSingleStep(5.0)
        self.setSuffix("%")
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setValue(value)

    def textFromValue(self, value: float) -> str:
        """Whole numbers without a trailing .0."""
        return f"{value:.1f}".removesuffix(".0")


class DateBox(QDateEdit):
    """A date with a calendar, or none ("Not set"); Delete clears it."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("Not set")
        self.set_value(value)

    def value(self) -> date | None:
        """The date chosen, or None."""
        chosen = self.date()
        return None if chosen == NO_DATE else chosen.toPython()

    def set_value(self, value: date | None) -> None:
        """Show a date, or "Not set"."""
        self.setDate(QDate(value) if value is not None else NO_DATE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete or Backspace on the whole date clears it."""
        whole = self.lineEdit().selectedText() == self.lineEdit().text()
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and whole:
            self.set_value(None)
            return
        super().keyPressEvent(event)


class EditorDialog(QDialog):
    """A form whose OK makes one edit; a refusal keeps it open, marks the field and says why."""

    def __init__(self, session: PlanSession, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._icon = QLabel()
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._icon.setPixmap(warning.pixmap(16, 16))
        note = QHBoxLayout()
        note.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        note.addWidget(self.message, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.body.addLayout(note)
        self.body.addWidget(self.buttons)
        self._show_refusal("", "")

    def add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        """Put a field in the form under the name the services use for it."""
        self.fields[name] = widget
        self.form.addRow(label, widget)
        return widget

    def submit(self) -> bool:
        """Make the edit through ``self.session``; False if the plan refused it."""
        raise NotImplementedError

    def accept(self) -> None:
        """Make the edit; close only if the plan took it."""
        self._show_refusal("", "")
        self.session.refused.connect(self._show_refusal)
        try:
            done = self.submit()
        finally:
            self.session.refused.disconnect(self._show_refusal)
        if done:
            super().accept()

    def _show_refusal(self, message: str, field: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self._icon.setVisible(bool(message))
        for name, widget in self.fields.items():
            widget.setToolTip(message if name == field else "")
        target = self.fields.get(field)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(target, QLineEdit):
                target.selectAll()
