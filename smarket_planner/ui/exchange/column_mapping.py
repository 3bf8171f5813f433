"""The roster's columns, each with the field it goes to: matched automatically, changed by hand."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from smarket_planner.services.exchange.roster_columns import ColumnPlan, RosterField
from smarket_planner.ui.exchange.roster_check import column_keys

LEAVE_OUT = "Leave out"
IGNORE = "ignore"  # what the import takes for a column left out
COMBO_WIDTH = 164  # pixels: the longest field's name fits


class ElidedLabel(QLabel):
    """One line of text cut short with "…" when the room is too narrow for it."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setMinimumWidth(40)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Draw the text, cut short to the label's width."""
        painter = QPainter(self)
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        painter.setPen(self.palette().color(group, QPalette.ColorRole.WindowText))
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)


class ColumnMapping(QScrollArea):
    """One line per column of the file: its heading, a few of its values, and a choice of field."""

    changed = Signal()  # a field was chosen for a column by hand

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._inside = QWidget()
        self._grid = QGridLayout(self._inside)
        self._grid.setContentsMargins(0, 0, 4, 0)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(2)
        self._grid.setColumnStretch(0, 1)
        self.setWidget(self._inside)
        self.combos: list[QComboBox] = []
        self._keys: list[str] = []
        self._headings: list[QLabel] = []

    def show_columns(self, columns: ColumnPlan, samples: Sequence[str]) -> None:
        """Show the file's columns with the fields they were matched to."""
        self.clear()
        self._keys = column_keys(columns.headings)
        for column, field in enumerate(columns.fields):
            heading = QLabel(columns.heading(column))
            heading.setWordWrap(True)
            heading.setMinimumWidth(60)
            heading.setToolTip(f"Column {column + 1} of the file")
            sample_text = samples[column] if column < len(samples) else ""
            sample = muted(ElidedLabel(f"e.g. {sample_text}" if sample_text else "empty"))
            sample.setToolTip(sample_text)
            small = QFont(sample.font())
            small.setPointSizeF(max(small.pointSizeF() * 0.9, 7.0))
            sample.setFont(small)
            combo = QComboBox()
            combo.addItem(LEAVE_OUT, None)
            for choice in RosterField:
                combo.addItem(choice.label, choice.value)
            combo.setCurrentIndex(combo.findData(field.value) if field is not None else 0)
            combo.setFixedWidth(COMBO_WIDTH)
            combo.setAccessibleName(f"Field of the column {columns.heading(column)}")
            combo.currentIndexChanged.connect(lambda _index, at=column: self._chosen(at))
            row = column * 3
            self._grid.addWidget(heading, row, 0)
            self._grid.addWidget(combo, row, 1, 2, 1, Qt.AlignmentFlag.AlignVCenter)
            self._grid.addWidget(sample, row + 1, 0)
            self._grid.setRowMinimumHeight(row + 2, 8)
            self.combos.append(combo)
            self._headings.append(heading)
            self._mark(column)
        self._grid.setRowStretch(len(columns.fields) * 3, 1)

    def clear(self) -> None:
        """Show no columns (no file read yet, or one that could not be read)."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone from sight now, deleted once the window is idle
                widget.deleteLater()
        for row in range(self._grid.rowCount()):
            self._grid.setRowStretch(row, 0)
            self._grid.setRowMinimumHeight(row, 0)
        self.combos, self._keys, self._headings = [], [], []

    def field_of(self, column: int) -> RosterField | None:
        """The field chosen for a column (from 0), or None when it is left out."""
        value = self.combos[column].currentData()
        return RosterField(value) if value else None

    def choose(self, column: int, field: RosterField | None) -> None:
        """Choose the field of a column, as if by hand."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field.value) if field is not None else 0)

    def chosen(self) -> dict[str, str]:
        """Every column with its field, as the import takes them (``ignore`` for a column left out)."""
        return {
            key: (combo.currentData() or IGNORE) for key, combo in zip(self._keys, self.combos, strict=True)
        }

    def _chosen(self, column: int) -> None:
        """A field goes to one column only: the column that had it before leaves it."""
        field = self.combos[column].currentData()
        if field:
            for other, combo in enumerate(self.combos):
                if other != column and combo.currentData() == field:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
                    self._mark(other)
        self._mark(column)
        self.changed.emit()

    def _mark(self, column: int) -> None:
        """A column that is imported has its heading in bold; one left out does not."""
        font = QFont(self._headings[column].font())
        font.setBold(self.combos[column].currentData() is not None)
        self._headings[column].setFont(font)


def muted(label: QLabel) -> QLabel:
    """A label in a quieter text colour: the palette's text, part way to its background."""
    palette = label.palette()
    text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    paper = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Window)
    quiet = QColor(
        round(text.red() * 0.6 + paper.red() * 0.4),
        round(text.green() * 0.6 + paper.green() * 0.4),
        round(text.blue() * 0.6 + paper.blue() * 0.4),
    )
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.WindowText, quiet)  # disabled text stays as it is
    label.setPalette(palette)
    return label
