"""The one editor dialog every form builds on: one edit on OK, a refusal shown inline and the form kept."""

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
    QLineEdit,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.kit.focus import keep_reading_order, plain_standard_buttons
from smarket_planner.ui.kit.session import PlanSession

# An edit made from the form's values; True when the plan took it.
Apply = Callable[[dict[str, Any]], bool]


def error_colour(palette: QPalette) -> QColor:
    """A red that reads on the palette's window colour, light or dark."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ff7b72" if dark else "#b3261e")


class EditDialog(QDialog):
    """A form that makes one edit on OK; a refusal is shown beside the field and the form stays.

    The edit is either ``apply``, given the form's ``values()``, or a subclass's own ``commit()``.
    """

    def __init__(
        self,
        session: PlanSession,
        title: str,
        parent: QWidget | None = None,
        *,
        apply: Apply | None = None,
        min_width: int = 0,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._apply = apply
        self.setWindowTitle(title)
        if min_width:
            self.setMinimumWidth(min_width)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("error")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        palette = self.message.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour(palette))
        self.message.setPalette(palette)
        icon = QLabel()
        size = self.fontMetrics().height()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size)
        )
        self.error_row = QWidget()
        row = QHBoxLayout(self.error_row)
        row.setContentsMargins(0, 4, 0, 4)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.message, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        plain_standard_buttons(self.buttons)
        keep_reading_order(self)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.body.addWidget(self.error_row)
        self.body.addWidget(self.buttons)
        self._heard: list[tuple[str, str]] = []
        self.outcome: Any = None  # the edit made on OK, if any
        self._marked: tuple[QWidget, str, QLabel | None] | None = None
        self.clear_error()

    @property
    def error(self) -> QLabel:
        """The label that says why the plan refused the edit."""
        return self.message

    def add_field(self, name: str, label: str, widget: QWidget, tip: str = "") -> QWidget:
        """Add a labelled field that a refusal about ``name`` (the services' field name) can point at."""
        self.form.addRow(label, widget)
        self.fields[name] = widget
        if tip:
            widget.setToolTip(tip)
        return widget

    def values(self) -> dict[str, Any]:
        """The fields as the services take them; forms with fields say what they hold."""
        return {}

    def commit(self) -> bool | None:
        """Make the edit; True when done, None or False when it was refused.

        By default the form's values go to the ``apply`` given; with none there is nothing to make.
        """
        return self._apply(self.values()) if self._apply is not None else True

    def edit(self, action: Callable[[], Any], label: str) -> bool | None:
        """Make one edit as an undo step; None when the plan refused it."""
        self.outcome = self.session.edit(action, label)
        return True if self.outcome is not None else None

    def change(
        self, kind: EntityKind, ident: int, seen: int, changes: dict[str, Any], label: str
    ) -> bool | None:
        """Change the thing the form was filled from (seen at version ``seen``) as one undo step.

        None when the plan refused it, or when someone changed the thing since and the user
        kept their change (``PlanSession.update`` shows both and asks).
        """
        self.outcome = self.session.update(kind, ident, seen, changes, label)
        return True if self.outcome is not None else None

    def accept(self) -> None:
        """Make the edit; close only if the plan took it."""
        self.clear_error()
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
        self.message.setText(message)
        self.message.setVisible(True)
        self.error_row.setVisible(True)
        widget = self.fields.get(field) or self.fields.get(field.removesuffix("_id"))
        if widget is None:
            return
        field_label = self.form.labelForField(widget)
        label = field_label if isinstance(field_label, QLabel) else None
        self._marked = (widget, widget.toolTip(), label)
        widget.setToolTip(message)
        if label is not None:
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, error_colour(palette))
            label.setPalette(palette)
            label.setToolTip(message)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    def clear_error(self) -> None:
        """Hide the refusal and unmark its field."""
        self._unmark()
        self.message.clear()
        self.message.setVisible(False)
        self.error_row.setVisible(False)

    def _unmark(self) -> None:
        if self._marked is not None:
            widget, tip, label = self._marked
            widget.setToolTip(tip)
            if label is not None:
                label.setPalette(self.palette())
                label.setToolTip("")
            self._marked = None
