"""Pieces the forms share: percent and date boxes, a date that may be empty, text boxes, joint edits."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QPlainTextEdit,
    QWidget,
)

from smarket_planner.domain.records import EntityKind
from smarket_planner.services import Outcome
from smarket_planner.ui.kit.date_edit import DateEdit
from smarket_planner.ui.kit.dates import from_qdate, to_qdate
from smarket_planner.ui.kit.session import PlanSession

# Colours offered to a new function, in turn; each reads on light and dark backgrounds.
NO_DATE = QDate(2000, 1, 1)  # the date edit's lowest value stands for "no date"


def warning_colour(palette: QPalette) -> QColor:
    """A red that reads on the palette's background, light or dark."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return QColor("#ff7b72") if dark else QColor("#c62828")


# A thing as the user saw it: its kind, its id and the version shown.
Seen = tuple[EntityKind, int, int]


def edit_together(session: PlanSession, label: str, actions: Iterable[Callable[[], Outcome[Any]]]) -> int:
    """Make several edits as one undo step; returns how many the plan took."""
    return _together(session, label, [partial(session.edit, action) for action in actions])


def remove_together(session: PlanSession, label: str, things: Iterable[Seen]) -> int:
    """Remove several things, each as the user saw it, as one undo step; returns how many went.

    One that someone changed since is shown beside the removal (see ``PlanSession.delete``),
    and goes only if the user says so.
    """
    return _together(session, label, [partial(session.delete, *thing) for thing in things])


def _together(session: PlanSession, label: str, makes: list[Callable[[], Outcome[Any] | None]]) -> int:
    if len(makes) == 1:
        return int(makes[0]() is not None)
    stack = session.undo_stack
    stack.beginMacro(label)
    made = sum(make() is not None for make in makes)
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


class DateBox(DateEdit):
    """A date with a calendar, or none ("Not set"); Delete clears it."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("Not set")
        self.set_value(value)

    def value(self) -> date | None:
        """The date chosen, or None."""
        chosen = self.date()
        return None if chosen == NO_DATE else from_qdate(chosen)

    def set_value(self, value: date | None) -> None:
        """Show a date, or "Not set"."""
        self.setDate(to_qdate(value) if value is not None else NO_DATE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete or Backspace on the whole date clears it."""
        whole = self.lineEdit().selectedText() == self.lineEdit().text()
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and whole:
            self.set_value(None)
            return
        super().keyPressEvent(event)


class OptionalDate(QWidget):
    """A date that may be left empty: a tick box beside a calendar."""

    def __init__(self, text: str, value: date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tick = QCheckBox(text)
        self.edit = DateEdit(to_qdate(value) if value else QDate.currentDate())
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.tick.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.tick.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tick)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.tick)  # the field's label moves to the tick; Tab goes on to the date

    def value(self) -> date | None:
        """The date, or None when left empty."""
        return from_qdate(self.edit.date()) if self.tick.isChecked() else None

    def set_value(self, value: date | None) -> None:
        """Show a date, or none."""
        self.tick.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))


def text_box(value: str, lines: int = 4) -> QPlainTextEdit:
    """A multi-line text box about ``lines`` lines tall that Tab leaves."""
    box = QPlainTextEdit(value)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box
