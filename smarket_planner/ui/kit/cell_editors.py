"""Cell editors and painters shared by the work tabs: people, dates, days, links, and their sort order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from smarket_planner.services.views.log_view import PersonChoice
from smarket_planner.services.views.work_view import UpstreamLink
from smarket_planner.ui.kit.dates import from_qdate, to_qdate
from smarket_planner.ui.kit.marks import chip
from smarket_planner.ui.kit.record_model import SORT_ROLE, Index, RecordTableModel

Choice = tuple[str, Any]  # (what the user reads, the value stored)
UpstreamLinks = Callable[[QModelIndex], tuple[UpstreamLink, ...]]  # a row's upstream links, by its index


def _model_index(index: Index) -> QModelIndex:
    """The plain index of a cell, whichever kind of index Qt handed over."""
    return index if isinstance(index, QModelIndex) else index.sibling(index.row(), index.column())


def refresh_rows(model: RecordTableModel, fresh: Sequence[Any]) -> None:
    """Show ``fresh`` records, touching only the rows that differ from those shown."""
    shown = {record.id: record for record in model.records()}
    ids = {record.id for record in fresh}
    changed = [record for record in fresh if shown.get(record.id) != record]
    model.update_records(changed, [ident for ident in shown if ident not in ids])


def person_items(people: Sequence[PersonChoice], *, none: str = "") -> list[tuple[str, Any, QIcon | None]]:
    """People as combo items: "(none)" first if asked, then the team, then everyone else."""
    items: list[tuple[str, Any, QIcon | None]] = [(none, None, None)] if none else []
    items += [(f"{p.name} — {p.function_name}", p.id, chip(p.colour)) for p in people]
    return items


def fill_combo(combo: QComboBox, items: Sequence[tuple[str, Any, QIcon | None]], current: Any) -> None:
    """Put items in a combo box and select the one holding ``current``."""
    combo.clear()
    for text, value, icon in items:
        if icon is None:
            combo.addItem(text, value)
        else:
            combo.addItem(icon, text, value)
    found = combo.findData(current)
    combo.setCurrentIndex(max(found, 0))


def combo(items: Sequence[tuple[str, Any, QIcon | None]], current: Any) -> QComboBox:
    """A combo box of items with ``current`` selected."""
    box = QComboBox()
    box.setMaxVisibleItems(16)
    fill_combo(box, items, current)
    return box


def enum_items(enum: Any) -> list[tuple[str, Any, QIcon | None]]:
    """Every member of a domain enum, by its label."""
    return [(member.label, member, None) for member in enum]


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell by picking from a list; the pick is committed at once."""

    def __init__(
        self, items: Callable[[], Sequence[tuple[str, Any, QIcon | None]]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._items = items

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A combo box of the choices."""
        combo = QComboBox(parent)
        combo.setMaxVisibleItems(16)
        combo.activated.connect(lambda _=0: self._commit(combo))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Select the cell's current value."""
        if not isinstance(editor, QComboBox):
            super().setEditorData(editor, index)
            return
        fill_combo(editor, self._items(), index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Hand the picked value to the model, which hands it to the services."""
        if not isinstance(editor, QComboBox):
            super().setModelData(editor, model, index)
            return
        value = editor.currentData()
        if value != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, value)


class DateDelegate(QStyledItemDelegate):
    """Edits a date with a calendar; an empty date starts from today."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A date editor with a calendar pop-up."""
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("yyyy-MM-dd")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Start from the cell's date."""
        if not isinstance(editor, QDateEdit):
            super().setEditorData(editor, index)
            return
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setDate(to_qdate(value) if isinstance(value, date) else QDate.currentDate())

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Hand the date to the model."""
        if not isinstance(editor, QDateEdit):
            super().setModelData(editor, model, index)
            return
        value = from_qdate(editor.date())
        if value != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, value)


class DaysDelegate(QStyledItemDelegate):
    """Edits a number of days."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A spin box of days, in half days."""
        editor = QDoubleSpinBox(parent)
        editor.setRange(0, 3650)
        editor.setDecimals(1)
        editor.setSingleStep(1)
        editor.setSuffix(" d")
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Start from the cell's number."""
        if not isinstance(editor, QDoubleSpinBox):
            super().setEditorData(editor, index)
            return
        editor.setValue(float(index.data(Qt.ItemDataRole.EditRole) or 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Hand the number to the model."""
        if not isinstance(editor, QDoubleSpinBox):
            super().setModelData(editor, model, index)
            return
        editor.interpretText()
        value = editor.value()
        if value != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, value)


class RecordOrder(QSortFilterProxyModel):
    """Sorts rows by their natural values (numbers, dates, ranks), empty ones last."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def lessThan(self, left: Index, right: Index) -> bool:
        """Compare the two cells' sort values with Python's own ordering."""
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if isinstance(a, str) and isinstance(b, str):
            return a.casefold() < b.casefold()
        if a is None or b is None or a == "" or b == "":
            # Empty values sort after every value, whatever the direction.
            empty_a, empty_b = a in (None, ""), b in (None, "")
            ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
            return (empty_b and not empty_a) if ascending else (empty_a and not empty_b)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


class DependsOnDelegate(QStyledItemDelegate):
    """Lists upstream titles, those of other task forces in italics, elided to the cell."""

    def __init__(self, links: UpstreamLinks, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._links = links

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The cell's background, then each title in turn."""
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        links = self._links(_model_index(index))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(option.palette.color(role))
        rect = option.rect.adjusted(4, 0, -4, 0)
        x = rect.left()
        for number, link in enumerate(links):
            font = QFont(option.font)
            font.setItalic(link.other_team)
            metrics = QFontMetrics(font)
            text = link.shown + (", " if number < len(links) - 1 else "")
            room = rect.right() - x
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            if not shown:
                break
            painter.setFont(font)
            painter.drawText(x, rect.top(), room, rect.height(), Qt.AlignmentFlag.AlignVCenter, shown)
            x += metrics.horizontalAdvance(shown)
            if shown != text:
                break
        painter.restore()
