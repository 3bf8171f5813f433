"""When someone else changed a thing first: show their change beside yours, and let the user choose."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.domain.errors import StaleEditError
from smarket_planner.services import FieldClash
from smarket_planner.ui.kit.dates import day_text


def shown(value: Any) -> str:
    """A value as the conflict table shows it: dates as the locale writes them, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:,.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, date):
        return day_text(value)
    return str(value)


class ConflictDialog(QDialog):
    """Someone changed what you were editing: their values now beside yours; apply yours, or keep theirs."""

    def __init__(
        self, error: StaleEditError, clashes: Sequence[FieldClash], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed by someone else")
        layout = QVBoxLayout(self)
        said = QLabel(str(error))
        said.setWordWrap(True)
        said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(said)
        self.table = QTableWidget(len(clashes), 3, self)
        self.table.setHorizontalHeaderLabels(["Field", "Now (their change)", "Yours"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for row, clash in enumerate(clashes):
            for column, text in enumerate((clash.label, shown(clash.now), shown(clash.yours))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 1 and clash.now != clash.yours:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setVisible(bool(clashes))
        self.table.setMinimumWidth(520)
        self.table.setMaximumHeight(self.table.horizontalHeader().height() + 30 * max(1, len(clashes)) + 8)
        layout.addWidget(self.table)
        hint = QLabel("Apply yours over their change, or keep theirs and leave yours unmade.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton("&Apply Mine", QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button = buttons.addButton("&Keep Theirs", QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
