"""The editor dialog the goal, KPI and check-in forms build on: one edit on OK, refusals shown inline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.ui.session import PlanSession


def error_colour(palette: QPalette) -> QColor:
    """A red that reads on the palette's window colour, light or dark."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ff7b72" if dark else "#b3261e")


class EditDialog(QDialog):
    """A form that makes one edit on OK; a refusal is shown beside the field and the form stays."""

    def __init__(self, session: PlanSession, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("error")
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour(palette))
        self.error.setPalette(palette)
        icon = QLabel()
        size = self.fontMetrics().height()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size)
        )
        self.error_row = QWidget()
        row = QHBoxLayout(self.error_row)
        row.setContentsMargins(0, 4, 0, 4)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.error, 1)
        self.error_row.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_row)
        layout.addWidget(self.buttons)
        self._heard: list[tuple[str, str]] = []
        self.outcome: Any = None  # the edit made on OK, if any
        self._marked: QWidget | None = None

    def add_row(self, label: str, name: str, widget: QWidget, tip: str = "") -> None:
        """Add a labelled field that a refusal about ``name`` can point at."""
        self.form.addRow(label, widget)
        self.fields[name] = widget
        if tip:
            widget.setToolTip(tip)

    def commit(self) -> bool | None:
        """Make the edit; True when done, None when it was refused."""
        raise NotImplementedError

    def edit(self, action: Callable[[], Any], label: str) -> bool | None:
        """Make one edit as an undo step; None when the plan refused it."""
        self.outcome = self.session.edit(action, label)
        return True if self.outcome is not None else None

    def accept(self) -> None:
        """Make the edit; close only if it was made."""
        self._heard.clear()
        self.session.refused.connect(self._on_refused)
        try:
            done = self.commit()
        finally:
            self.session.refused.disconnect(self._on_refused)
        if done:
            super().accept()
        elif self._heard:
            self.show_error(*self._heard[-1])

    def _on_refused(self, message: str, field: str) -> None:
        self._heard.append((message, field))

    def show_error(self, message: str, field: str) -> None:
        """Say why the edit was refused and mark the field it is about."""
        self._unmark()
        self.error.setText(message)
        self.error_row.setVisible(True)
        widget = self.fields.get(field) or self.fields.get(field.removesuffix("_id"))
        label = self.form.labelForField(widget) if widget else None
        if isinstance(label, QLabel):
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, error_colour(palette))
            label.setPalette(palette)
            label.setToolTip(message)
            self._marked = label
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _unmark(self) -> None:
        if self._marked is not None:
            self._marked.setPalette(self.palette())
            self._marked.setToolTip("")
            self._marked = None
