"""Inputs the goal, KPI and check-in editors share: numbers, dates and owner functions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QWidget,
)

from smarket_planner.services.views.goals_view import OwnerFunction
from smarket_planner.ui.kit.date_edit import DateEdit
from smarket_planner.ui.kit.dates import from_qdate, to_qdate
from smarket_planner.ui.kit.pickers import FunctionPicker as KitFunctionPicker

NUMBER_LIMIT = 1e12
DECIMALS = 2
SHARED_TIP = "Goals and KPIs shared by several functions pull the team together."


def number_box(
    value: float, suffix: str = "", low: float = -NUMBER_LIMIT, high: float = NUMBER_LIMIT
) -> QDoubleSpinBox:
    """A spin box for a KPI number, aligned right, wide enough but not huge."""
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(DECIMALS)
    box.setGroupSeparatorShown(True)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    box.setSuffix(f" {suffix}" if suffix else "")
    box.setValue(value)
    box.setMinimumWidth(160)
    box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return box


def date_box(day: date) -> DateEdit:
    """A date field with a calendar, written the way the rest of the app writes dates."""
    box = DateEdit(to_qdate(day))
    box.setCalendarPopup(True)
    box.setDisplayFormat("yyyy-MM-dd")
    box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return box


def same_number(a: float, b: float) -> bool:
    """Whether two numbers look the same at the precision the editors show."""
    return round(a, DECIMALS) == round(b, DECIMALS)


class FunctionPicker(KitFunctionPicker):
    """The plan's functions to own a goal or a KPI, ticked in a list, each with its colour."""

    def __init__(self, functions: Sequence[OwnerFunction], checked: Sequence[int] = ()) -> None:
        super().__init__(functions, checked, SHARED_TIP)


class OptionalDate(QWidget):
    """A date that may be left unset; unset, the hint says what is used instead."""

    def __init__(self, value: date | None, fallback: date, hint: str) -> None:
        super().__init__()
        self.check = QCheckBox()
        self.check.setToolTip("Tick to set a date of this KPI's own.")
        self.edit = date_box(value or fallback)
        self.hint = QLabel(hint)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.setFocusProxy(self.check)  # the field's label moves to the tick; Tab goes on to the date
        self.check.toggled.connect(self._toggled)
        self.check.setChecked(value is not None)
        self._toggled(value is not None)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        self.hint.setVisible(not on)

    def value(self) -> date | None:
        """The date chosen, or None when it is left unset."""
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        """Set a date, or leave it unset (None)."""
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))
