"""Pickers the forms share: several of the plan's functions ticked in a list, each with its colour."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from smarket_planner.services.views.goals_view import OwnerFunction
from smarket_planner.ui.kit.marks import chip

MOST_ROWS = 7  # the list is this many rows tall at most; more functions scroll


class FunctionPicker(QListWidget):
    """A checkable list of the plan's functions, each with its colour."""

    def __init__(
        self,
        functions: Sequence[OwnerFunction],
        checked: Sequence[int] = (),
        tip: str = "",
        most_rows: int = MOST_ROWS,
    ) -> None:
        super().__init__()
        for function in functions:
            item = QListWidgetItem(chip(function.colour), function.name)
            item.setData(Qt.ItemDataRole.UserRole, function.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if function.id in checked else Qt.CheckState.Unchecked)
            self.addItem(item)
        rows = min(max(3, self.count()), most_rows)
        self.setFixedHeight(rows * (self.sizeHintForRow(0) if self.count() else 20) + 6)
        if tip:
            self.setToolTip(tip)

    def checked_ids(self) -> tuple[int, ...]:
        """The ids of the functions ticked, in id order."""
        items = (self.item(row) for row in range(self.count()))
        ids = (
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )
        return tuple(sorted(ids))

    def set_checked(self, ids: Sequence[int]) -> None:
        """Tick exactly these functions."""
        for row in range(self.count()):
            item = self.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
