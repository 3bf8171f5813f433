"""A thin table model over plain records: shows columns, hands edits to the services."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon

from smarket_planner.ui.kit.dates import day_text

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record's id, for views that act on a row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts naturally (numbers, dates)


class HasId(Protocol):
    """Anything shown as a row: it has an id that stays the same across refreshes."""

    @property
    def id(self) -> int: ...


@dataclass(frozen=True)
class Column:
    """One column: its title and how a row shows, sorts, colours and edits in it.

    Beside the text goes either ``icon`` or, when there is none, the chip of ``colour``.
    """

    title: str
    value: Callable[[Any], Any]
    edit: Callable[[Any, Any], bool] | None = None  # returns whether the edit was accepted
    edit_value: Callable[[Any], Any] | None = None  # what the editor starts from
    tooltip: Callable[[Any], str] | None = None
    colour: Callable[[Any], QColor | None] | None = None  # a chip beside the text
    foreground: Callable[[Any], QColor | None] | None = None
    sort_key: Callable[[Any], Any] | None = None
    align: Qt.AlignmentFlag = field(default=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    icon: Callable[[Any], QIcon | None] | None = None  # an icon beside the text, in place of a chip


class RecordTableModel(QAbstractTableModel):
    """Rows of records with stable ids; refreshed row by row as change notices arrive."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []
        self._where: dict[int, int] = {}

    # -- reading ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """How many records are shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """How many columns are shown."""
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What a cell shows for each role."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        record = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _shown(column.value(record))
        if role == Qt.ItemDataRole.EditRole:
            return (column.edit_value or column.value)(record)
        if role == ID_ROLE:
            return record.id
        if role == SORT_ROLE:
            return (column.sort_key or column.value)(record)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(record) or None
        if role == Qt.ItemDataRole.DecorationRole and column.icon:
            return column.icon(record)
        if role == Qt.ItemDataRole.DecorationRole and column.colour:
            return column.colour(record)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground:
            return column.foreground(record)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Cells of editable columns can be edited in place."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].edit is not None:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Hand an in-place edit to the column's service call; the notice refreshes the row."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        edit = self.columns[index.column()].edit
        return bool(edit and edit(self._rows[index.row()], value))

    # -- records ---------------------------------------------------------------------------
    def record(self, row: int) -> Any:
        """The record shown in a row."""
        return self._rows[row]

    def records(self) -> list[Any]:
        """Every record shown, in order."""
        return list(self._rows)

    def row_of(self, ident: int) -> int | None:
        """The row showing the record with this id, if any."""
        return self._where.get(ident)

    def set_records(self, records: Iterable[Any]) -> None:
        """Show exactly these records (a new selection, a new plan)."""
        self.beginResetModel()
        self._rows = list(records)
        self._reindex()
        self.endResetModel()

    def update_records(self, changed: Iterable[Any], removed: Iterable[int] = ()) -> None:
        """Refresh just the records named: changed ones in place, new ones appended."""
        for ident in removed:
            row = self._where.get(ident)
            if row is None:
                continue
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self._reindex()
            self.endRemoveRows()
        for record in changed:
            row = self._where.get(record.id)
            if row is None:
                end = len(self._rows)
                self.beginInsertRows(QModelIndex(), end, end)
                self._rows.append(record)
                self._where[record.id] = end
                self.endInsertRows()
            else:
                self._rows[row] = record
                last = self.index(row, len(self.columns) - 1)
                self.dataChanged.emit(self.index(row, 0), last)

    def sync_records(self, records: Iterable[Any], *, ordered: bool = False) -> None:
        """Show exactly these records, telling views only what changed: rows gone, rows changed, rows new.

        Records keep their rows, so a selection and the scroll position stay; new ones come last,
        or, with ``ordered`` (``records`` in the order to show, the ones shown already in theirs),
        each where ``records`` puts it.
        """
        wanted = {record.id: record for record in records}
        if not self._rows:
            self.set_records(wanted.values())
            return
        gone = sorted((row for ident, row in self._where.items() if ident not in wanted), reverse=True)
        for last, first in _runs(gone):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        self._reindex()
        for row, record in enumerate(self._rows):
            fresh = wanted[record.id]
            if fresh != record:
                self._rows[row] = fresh
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        if ordered:
            self._insert_in_order(list(wanted.values()))
            return
        new = [record for ident, record in wanted.items() if ident not in self._where]
        if new:
            end = len(self._rows)
            self.beginInsertRows(QModelIndex(), end, end + len(new) - 1)
            self._rows.extend(new)
            self._reindex()
            self.endInsertRows()

    def _insert_in_order(self, records: list[Any]) -> None:
        """Insert the records not shown yet where ``records`` has them (the others are in its order)."""
        row = 0
        place = 0
        while place < len(records):
            if records[place].id in self._where:
                place += 1
                row += 1
                continue
            run = place
            while run < len(records) and records[run].id not in self._where:
                run += 1
            self.beginInsertRows(QModelIndex(), row, row + run - place - 1)
            self._rows[row:row] = records[place:run]
            self._reindex()
            self.endInsertRows()
            row += run - place
            place = run

    def _reindex(self) -> None:
        self._where = {record.id: row for row, record in enumerate(self._rows)}


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Rows given from the bottom up, as runs of neighbours: (last, first) of each, bottom run first."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _shown(value: Any) -> Any:
    """Numbers and dates (as the locale writes them) as a manager reads them; nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, date):
        return day_text(value)
    return value
