"""The members' table: in-place editors for role, allocation and dates, and drops from the roster."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from smarket_planner.domain.enums import MembershipRole
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.form_fields import DateBox, PercentBox
from smarket_planner.ui.kit.marks import paint_empty_hint
from smarket_planner.ui.kit.record_model import RecordTableModel
from smarket_planner.ui.team.roster_model import PERSON_MIME

Index = QModelIndex | QPersistentModelIndex
ROLE, ALLOCATION, TOTAL, START, END = 3, 4, 5, 6, 7
# The widest text each column usually holds; the title column takes what is left.
SAMPLES = {
    0: "Fatima Zahra Idrissi",
    2: "Customer Service",
    ROLE: "Extended",
    ALLOCATION: "Allocation",
    START: "31 Dec 2026",
    END: "31 Dec 2026",
    TOTAL: "All teams",
}


class RoleDelegate(QStyledItemDelegate):
    """Edits a member's role in a combo box of the roles' names."""

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem, _index: Index) -> QWidget:
        """A combo box of every role."""
        box = QComboBox(parent)
        for role in MembershipRole:
            box.addItem(role.label, role.value)
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Start from the member's role."""
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(str(index.data(Qt.ItemDataRole.EditRole))), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        """Hand the role chosen to the model."""
        assert isinstance(editor, QComboBox)
        model.setData(index, MembershipRole(editor.currentData()), Qt.ItemDataRole.EditRole)


class PercentDelegate(QStyledItemDelegate):
    """Edits an allocation in a spin box from 0 to 100%."""

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem, _index: Index) -> QWidget:
        """A percentage spin box."""
        return PercentBox(parent=parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Start from the member's allocation."""
        assert isinstance(editor, PercentBox)
        editor.setValue(float(index.data(Qt.ItemDataRole.EditRole) or 0.0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        """Hand the allocation typed to the model."""
        assert isinstance(editor, PercentBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class DateDelegate(QStyledItemDelegate):
    """Edits a date with a calendar; Delete clears it."""

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem, _index: Index) -> QWidget:
        """A date box."""
        return DateBox(parent=parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Start from the member's date."""
        assert isinstance(editor, DateBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.set_value(value.toPython() if hasattr(value, "toPython") else value)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        """Hand the date chosen to the model."""
        assert isinstance(editor, DateBox)
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class TeamTable(QTableView):
    """The members' table; people dragged from the roster are dropped on it to join."""

    def __init__(
        self,
        open_for_drops: Callable[[], bool],
        drop: Callable[[QMimeData], bool],
        remove: Callable[[], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._open_for_drops = open_for_drops
        self._drop = drop
        self._remove = remove
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(False)

    def set_up(self) -> None:
        """Rows selected whole, the editors of each column, and columns as wide as what they hold."""
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)  # leads first, by name, until a column is clicked
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.setItemDelegateForColumn(ROLE, RoleDelegate(self))
        self.setItemDelegateForColumn(ALLOCATION, PercentDelegate(self))
        self.setItemDelegateForColumn(START, DateDelegate(self))
        self.setItemDelegateForColumn(END, DateDelegate(self))
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        metrics = self.fontMetrics()
        for column, sample in SAMPLES.items():
            shown = day_text(date(2026, 12, 31)) if column in (START, END) else sample  # as the locale has it
            header.resizeSection(column, metrics.horizontalAdvance(shown) + (36 if column == 0 else 18))
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def _wanted(self, event: QDragEnterEvent | QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(PERSON_MIME) and self._open_for_drops():
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Welcome people dragged from the roster."""
        self._wanted(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Anywhere on the table will do."""
        self._wanted(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """Add the people dropped to the team."""
        if self._drop(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete takes the selected members off the team (when no cell is being edited)."""
        if event.matches(QKeySequence.StandardKey.Delete) and self.state() != self.State.EditingState:
            self._remove()
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """An empty team says how to staff it."""
        super().paintEvent(event)
        paint_empty_hint(self, "No members yet. Drag people here from the roster, or use Add member…")


class TeamModel(RecordTableModel):
    """The members' rows; number columns have their titles on the right, like their values."""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles, aligned like the column."""
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
            return int(self.columns[section].align.value) if 0 <= section < len(self.columns) else None
        return super().headerData(section, orientation, role)
