"""The RACI grid as a table: a letter per activity and holder, painted on a tint of the holder's colour."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from smarket_planner.domain.enums import RaciLetter
from smarket_planner.services.views.work_view import RaciGrid, RaciHolder, RaciLine
from smarket_planner.ui.kit.marks import chip

Index = QModelIndex | QPersistentModelIndex
COLOUR_ROLE = Qt.ItemDataRole.UserRole + 10  # the holder's colour, for the cell's tint
# How strongly a letter tints its cell: the one Accountable stands out most.
TINT = {
    RaciLetter.ACCOUNTABLE: 150,
    RaciLetter.RESPONSIBLE: 95,
    RaciLetter.CONSULTED: 50,
    RaciLetter.INFORMED: 22,
}


class RaciModel(QAbstractTableModel):
    """Activities down, functions or people across, a letter in each cell that has one."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.grid: RaciGrid | None = None
        self._chips: dict[str, QIcon] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """How many activities."""
        return 0 if parent.isValid() or self.grid is None else len(self.grid.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """How many functions or people."""
        return 0 if parent.isValid() or self.grid is None else len(self.grid.holders)

    def line(self, row: int) -> RaciLine:
        """The activity shown in a row."""
        assert self.grid is not None
        return self.grid.lines[row]

    def holder(self, column: int) -> RaciHolder:
        """The function or person shown in a column."""
        assert self.grid is not None
        return self.grid.holders[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The letter of a cell, its tooltip and its tint."""
        if not index.isValid() or self.grid is None:
            return None
        line, holder = self.line(index.row()), self.holder(index.column())
        letter = line.letter(holder.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return letter.value if letter else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if letter is None:
                return f"{holder.name} has no part in {line.name}. Press R, A, C or I to give one."
            return f"{holder.name} is {letter.label} for {line.name}."
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == COLOUR_ROLE:
            return QColor(holder.colour)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{line.name}, {holder.name}: {letter.label if letter else 'none'}"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Holders across with their colour; activities down, with a warning where the RACI is wrong."""
        if self.grid is None:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.grid.holders):
            return self._holder_header(self.grid.holders[section], role)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.grid.lines):
            return self._line_header(self.grid.lines[section], role)
        return None

    def _holder_header(self, holder: RaciHolder, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return holder.name
        if role == Qt.ItemDataRole.DecorationRole:
            return self._chips.setdefault(holder.colour, chip(holder.colour))
        if role == Qt.ItemDataRole.FontRole and not holder.on_team:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if holder.is_person:
                where = "on the team" if holder.on_team else "not on the team"
                return f"{holder.name}, {holder.function_name} ({where})"
            return f"{holder.name}: " + ("on the team" if holder.on_team else "no one from it is on the team")
        return None

    def _line_header(self, line: RaciLine, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return line.name
        if role == Qt.ItemDataRole.DecorationRole and line.problem:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [line.problem, line.description]
            return "\n\n".join(part for part in parts if part) or line.name
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Cells are selected, never typed into: a keystroke sets the letter."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def set_grid(self, grid: RaciGrid | None) -> None:
        """Show a grid; rows whose letters changed are refreshed in place."""
        old = self.grid
        same_shape = (
            old is not None
            and grid is not None
            and old.holders == grid.holders
            and [line.id for line in old.lines] == [line.id for line in grid.lines]
        )
        if not same_shape:
            self.beginResetModel()
            self.grid = grid
            self.endResetModel()
            return
        assert old is not None and grid is not None
        self.grid = grid
        last = len(grid.holders) - 1
        for row, (before, after) in enumerate(zip(old.lines, grid.lines, strict=True)):
            if before != after:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
                self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)


class RaciDelegate(QStyledItemDelegate):
    """Paints a letter large and centred on a tint of the holder's colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The tint, the selection frame and the letter."""
        letter = index.data()
        rect: QRect = option.rect.adjusted(2, 2, -2, -2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            # The view fills selected cells with the highlight; a frame reads better over the tint.
            painter.fillRect(option.rect, palette.base())
        if letter:
            colour = QColor(index.data(COLOUR_ROLE))
            colour.setAlpha(TINT[RaciLetter(letter)])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(rect, 4, 4)
        if selected:
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 4, 4)
        if letter:
            font = QFont(option.font)
            font.setPointSizeF(font.pointSizeF() * 1.4)
            font.setBold(letter == "A")
            font.setWeight(QFont.Weight.Bold if letter == "A" else QFont.Weight.DemiBold)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(option.rect, Qt.AlignmentFlag.AlignCenter, letter)
        painter.restore()
