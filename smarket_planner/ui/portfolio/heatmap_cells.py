"""How a week of the heat map looks: the load's colour, pencil against ink, and what the model tells."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from smarket_planner.ui.kit.scheme import ink_on
from smarket_planner.ui.portfolio.pencil import hatch, mixed, paint_pencil
from smarket_planner.ui.portfolio.timeline_painting import TODAY_COLOUR

Index = QModelIndex | QPersistentModelIndex
LOAD_ROLE = Qt.ItemDataRole.UserRole + 10  # the week's allocation percent shown (float)
CAPACITY_ROLE = Qt.ItemDataRole.UserRole + 11  # the person's capacity percent
OVER_ROLE = Qt.ItemDataRole.UserRole + 12  # True when the week shown is above capacity
PERSON_ROLE = Qt.ItemDataRole.UserRole + 13  # the person's id (None on a function's heading row)
CURRENT_ROLE = Qt.ItemDataRole.UserRole + 14  # True in the column of this week
PENCIL_ROLE = Qt.ItemDataRole.UserRole + 15  # the part of the load shown that is booked in pencil
PENCIL_OVER_ROLE = Qt.ItemDataRole.UserRole + 16  # True when over capacity only because of pencil
OVER_COLOUR = QColor("#e8590c")  # above capacity: warm, apart from the blue ramp


def percent(value: float) -> str:
    """A percentage as a manager reads it: 130%, 12.5%."""
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def load_colour(load: float, capacity: float, palette: QPalette) -> QColor | None:
    """The colour of a load: none when free, blue deepening up to capacity, warning above."""
    if load <= 0:
        return None
    if load > capacity + 1e-9:
        return QColor(OVER_COLOUR)
    base = palette.color(QPalette.ColorRole.Base)
    deep = QColor("#1c5aa6") if base.lightnessF() > 0.5 else QColor("#5aa2ee")
    share = load / capacity if capacity > 0 else 1.0
    return mixed(base, deep, 0.12 + 0.88 * min(1.0, share))


class LoadDelegate(QStyledItemDelegate):
    """Paints a week's load: a ramp up to capacity, a warning colour above, hatched where it is pencil."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Fill the cell by load, mark its pencilled part, then the percent if it fits."""
        # Ask the Python model directly: PySide6 6.12's QModelIndex.data() drops a
        # reference to None for every empty answer, and enough of them abort Python.
        model = index.model()

        def value(role: int) -> Any:
            return model.data(index, role)

        if value(PERSON_ROLE) is None:
            painter.fillRect(option.rect, option.palette.color(QPalette.ColorRole.Window))
            super().paint(painter, option, index)
            return
        load = value(LOAD_ROLE)
        if load is None:
            super().paint(painter, option, index)
            return
        painter.save()
        cell = QRect(option.rect).adjusted(1, 1, -1, -1)
        fill: QColor | None
        if value(PENCIL_OVER_ROLE):
            # Over capacity only if the pencilled task forces go ahead: the warning, in pencil.
            fill = paint_pencil(painter, QRectF(cell), OVER_COLOUR, option.palette)
        else:
            fill = load_colour(load, value(CAPACITY_ROLE), option.palette)
            if fill is not None:
                painter.fillRect(cell, fill)
            pencil = value(PENCIL_ROLE)
            if pencil and fill is not None:
                # The pencilled share of the load, hatched at the cell's right end in proportion.
                width = max(6.0, cell.width() * min(1.0, pencil / load))
                share = QRectF(cell.right() + 1 - width, cell.top(), width, cell.height())
                lines = ink_on(fill)
                lines.setAlpha(90)
                hatch(painter, share, lines)
        if value(CURRENT_ROLE):
            painter.setPen(QPen(TODAY_COLOUR, 1))
            painter.drawLine(option.rect.topLeft(), option.rect.bottomLeft())
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), 2))
            painter.drawRect(cell.adjusted(1, 1, -1, -1))
        text = value(Qt.ItemDataRole.DisplayRole)
        if text and option.fontMetrics.horizontalAdvance(text) + 6 <= cell.width():
            font = QFont(option.font)
            font.setBold(bool(value(OVER_ROLE)))
            painter.setFont(font)
            painter.setPen(
                ink_on(fill) if fill is not None else option.palette.color(QPalette.ColorRole.Text)
            )
            painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
