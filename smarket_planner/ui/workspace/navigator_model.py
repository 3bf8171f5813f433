"""The navigator's list of task forces: its rows, how a row is drawn, and the filters over them."""

from __future__ import annotations

import textwrap
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from smarket_planner.analysis.health import held_down, top_reason
from smarket_planner.analysis.model import Health
from smarket_planner.domain.enums import LifecycleStatus, TaskForceKind
from smarket_planner.services.views.navigator_view import TaskForceSummary
from smarket_planner.ui.kit.dates import day_text, span_text
from smarket_planner.ui.kit.marks import NO_DATA_COLOUR, health_colour, status_icon
from smarket_planner.ui.kit.record_model import SORT_ROLE, Column, RecordTableModel
from smarket_planner.ui.kit.scheme import ink_on

Index = QModelIndex | QPersistentModelIndex

STATUS_ORDER = {status: n for n, status in enumerate(LifecycleStatus)}
COLUMN_NAME, COLUMN_KIND, COLUMN_STATUS, COLUMN_DATES = range(4)
HEALTH_ROLE = Qt.ItemDataRole.UserRole + 10  # the alignment health 0-100, or None
ANALYSING_ROLE = Qt.ItemDataRole.UserRole + 11  # True while the badges wait for a newer analysis
TOOLTIP_WIDTH = 90  # characters: a long reason wraps instead of running off the screen


def _tooltip(summary: TaskForceSummary) -> str:
    people = f"{summary.member_count} {'person' if summary.member_count == 1 else 'people'}"
    objective = summary.objective if len(summary.objective) < 240 else summary.objective[:237] + "…"
    return f"<b>{summary.name}</b><br>{summary.kind.label} · {summary.status.label} · {people}" + (
        f"<p>{objective}</p>" if objective else ""
    )


def _dates_tooltip(summary: TaskForceSummary) -> str:
    start, end = day_text(summary.start_date, "not set"), day_text(summary.end_date, "not set")
    return f"Start: {start}\nEnd: {end}"


def _by_status(summary: TaskForceSummary) -> tuple[Any, ...]:
    return (STATUS_ORDER[summary.status], summary.start_date or date.max, summary.name.casefold())


class TaskForceListModel(RecordTableModel):
    """Task forces as rows; the status column shows a coloured dot."""

    def __init__(self, parent: QObject | None = None) -> None:
        columns = [
            Column("Name", lambda s: s.name, tooltip=_tooltip, sort_key=lambda s: s.name.casefold()),
            Column("Kind", lambda s: s.kind.label, sort_key=lambda s: (s.kind.label, s.name.casefold())),
            Column("Status", lambda s: s.status.label, sort_key=_by_status),
            Column(
                "Dates",
                lambda s: span_text(s.start_date, s.end_date),
                tooltip=_dates_tooltip,
                sort_key=lambda s: (s.start_date or date.max, s.end_date or date.max, s.name.casefold()),
            ),
        ]
        super().__init__(columns, parent)
        self.health: dict[int, Health] = {}
        self.analysing = False  # the badges show the last analysis while a newer one runs

    def set_analysing(self, analysing: bool) -> None:
        """Grey the badges while the analysis of the latest edits runs; colour them again when it is in."""
        self.analysing = analysing
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def set_health(self, healths: dict[int, Health]) -> None:
        """Show the latest alignment health of each live task force."""
        self.health = dict(healths)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's data; a status dot as the status column's decoration; the health score."""
        valid = index.isValid() and index.row() < self.rowCount()
        status_dot = role == Qt.ItemDataRole.DecorationRole and index.column() == COLUMN_STATUS
        if status_dot and valid:
            return status_icon(self.record(index.row()).status)
        if role == ANALYSING_ROLE:
            return self.analysing
        if role == HEALTH_ROLE and valid:
            health = self.health.get(self.record(index.row()).id)
            return None if health is None else health.score
        if role == Qt.ItemDataRole.ToolTipRole and valid and index.column() == COLUMN_NAME:
            health = self.health.get(self.record(index.row()).id)
            tip = super().data(index, role)
            if health is None:
                return tip
            lines = [tip, f"Alignment health {health.score:.0f}/100: {health.band.label}"]
            if self.analysing:
                lines.append("Analysing the latest changes…")
            lines += [held_down(health), top_reason(health)]
            return "\n".join(textwrap.fill(line, TOOLTIP_WIDTH) for line in lines if line)
        return super().data(index, role)


class NameAndDetails(QStyledItemDelegate):
    """Draws a task force's name in bold over its kind and dates, so a narrow list still says it all."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Two lines of text with a little air."""
        lines = option.fontMetrics.height() * 2 + 10
        return QSize(super().sizeHint(option, index).width(), lines)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The row's background as the style draws it, then the two lines of text."""
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        name, item.text = item.text, ""
        style = item.widget.style() if item.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        model = index.model()
        kind = model.index(index.row(), COLUMN_KIND).data()
        dates = model.index(index.row(), COLUMN_DATES).data()
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Normal
            if item.state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Disabled
        )
        main = item.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        quiet = main if selected else item.palette.color(group, QPalette.ColorRole.PlaceholderText)
        area = item.rect.adjusted(6, 4, -4, -4)
        half = area.height() // 2
        bold = QFont(item.font)
        bold.setBold(True)
        painter.save()
        top = QRect(area.left(), area.top(), area.width(), half)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        score = index.data(HEALTH_ROLE)
        if score is not None:
            stale = bool(index.data(ANALYSING_ROLE))
            top.setRight(top.right() - _draw_badge(painter, top, float(score), item.font, stale) - 6)
        painter.setFont(bold)
        painter.setPen(main)
        painter.drawText(
            top, flags, QFontMetrics(bold).elidedText(name, Qt.TextElideMode.ElideRight, top.width())
        )
        painter.setFont(item.font)
        painter.setPen(quiet)
        bottom = QRect(area.left(), area.top() + half, area.width(), area.height() - half)
        details = item.fontMetrics.elidedText(f"{kind} · {dates}", Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(bottom, flags, details)
        painter.restore()


def _draw_badge(painter: QPainter, line: QRect, score: float, font: QFont, stale: bool = False) -> int:
    """A rounded health badge at the right end of a line, grey while a newer analysis runs; its width."""
    small = QFont(font)
    small.setPointSizeF(max(font.pointSizeF() * 0.85, 6.0))
    small.setBold(True)
    metrics = QFontMetrics(small)
    text = f"{score:.0f}"
    width = max(metrics.horizontalAdvance("100"), metrics.horizontalAdvance(text)) + 10
    height = metrics.height() + 2
    badge = QRect(line.right() - width, line.center().y() - height // 2, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    fill = QColor(NO_DATA_COLOUR) if stale else health_colour(score)
    painter.setBrush(fill)
    painter.drawRoundedRect(badge, height / 2, height / 2)
    painter.setFont(small)
    painter.setPen(ink_on(fill))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
    return width


class TaskForceFilter(QSortFilterProxyModel):
    """Shows the task forces that match the search text and the chosen status, kind and function."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.search = ""
        self.status: LifecycleStatus | None = None
        self.kind: TaskForceKind | None = None
        self.function_id: int | None = None

    def set_filters(self, **values: Any) -> None:
        """Change some of the filters and show the rows that match them all."""
        self.beginFilterChange()
        for name, value in values.items():
            setattr(self, name, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Whether a task force matches every filter."""
        source = self.sourceModel()
        if not isinstance(source, RecordTableModel):
            return True
        summary: TaskForceSummary = source.record(source_row)
        words = self.search.casefold().split()
        haystack = f"{summary.name} {summary.kind.label} {summary.objective}".casefold()
        return (
            all(word in haystack for word in words)
            and self.status in (None, summary.status)
            and self.kind in (None, summary.kind)
            and (self.function_id is None or self.function_id in summary.function_ids)
        )

    def lessThan(self, left: Index, right: Index) -> bool:
        """Order rows by the column's natural sort key (status, then start date, by default)."""
        model = self.sourceModel()
        return bool(model.data(left, SORT_ROLE) < model.data(right, SORT_ROLE))
