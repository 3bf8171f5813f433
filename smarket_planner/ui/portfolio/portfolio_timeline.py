"""Every task force as a bar on a time axis, coloured by where it is in its life."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from smarket_planner.services.views.portfolio_view import TimelineBar
from smarket_planner.ui.kit.dates import month_starts
from smarket_planner.ui.kit.scheme import ink_on
from smarket_planner.ui.portfolio.timeline_painting import (
    MONTHS,
    STATUS_COLOURS,
    TODAY_COLOUR,
    TimelinePainter,
    open_roles_text,
)

MIN_DAY, MAX_DAY = 0.4, 48.0  # pixels per day, zoomed out and in
MARGIN_DAYS = 14

__all__ = ["MONTHS", "STATUS_COLOURS", "TODAY_COLOUR", "TimelineChart", "ink_on", "when"]


def when(day: date | None) -> str:
    """A date as a manager reads it: 23 Nov 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else "open"


class TimelineChart(QAbstractScrollArea):
    """A scrollable, zoomable chart of task-force bars with month ticks and today's line."""

    activated = Signal(int)  # a task force was double-clicked or Enter was pressed on it
    selected = Signal(int)  # the selection moved to a task force

    def __init__(self, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.today = today or date.today()
        self.bars: list[TimelineBar] = []
        self.selected_id: int | None = None
        self._per_day: float | None = None  # None: fit the whole span into the width
        self._first = self._last = self.today
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setAccessibleName("Task force timeline")

    # -- data ------------------------------------------------------------------------------
    def set_bars(self, bars: Sequence[TimelineBar]) -> None:
        """Show these bars (in the order given: by start date, undated last)."""
        anchor = self._date_at(self.viewport().width() // 2) if self.bars else None
        self.bars = list(bars)
        dated = [day for bar in self.bars for day in (bar.start, bar.end) if day]
        self._first = min([*dated, self.today]) - timedelta(days=MARGIN_DAYS)
        self._last = max([*dated, self.today]) + timedelta(days=MARGIN_DAYS)
        if self.selected_id is not None and self.row_of(self.selected_id) is None:
            self.selected_id = None
        self._relayout(anchor)
        if anchor is None:
            # First showing: start at the task forces still running, not at the oldest ones.
            current = next(
                (row for row, bar in enumerate(self.bars) if (bar.end or date.max) >= self.today), 0
            )
            self.verticalScrollBar().setValue(current * self.row_height())

    def row_of(self, task_force_id: int) -> int | None:
        """The row a task force is drawn in."""
        return next((row for row, bar in enumerate(self.bars) if bar.task_force_id == task_force_id), None)

    def select(self, task_force_id: int | None) -> bool:
        """Select a task force's bar and scroll it into view; None clears the selection."""
        row = None if task_force_id is None else self.row_of(task_force_id)
        self.selected_id = None if row is None else task_force_id
        if row is not None:
            self._reveal(row)
        self.viewport().update()
        return row is not None or task_force_id is None

    # -- geometry --------------------------------------------------------------------------
    def row_height(self) -> int:
        """The height of one bar's row."""
        return self.fontMetrics().height() + 12

    def axis_height(self) -> int:
        """The height of the month and year axis at the top."""
        return self.fontMetrics().height() * 2 + 10

    def per_day(self) -> float:
        """The current zoom: pixels per day."""
        if self._per_day is not None:
            return self._per_day
        days = max(1, (self._last - self._first).days)
        return min(MAX_DAY, max(MIN_DAY, (self.viewport().width() - 2) / days))

    def x_of(self, day: date) -> float:
        """Where a day starts on screen."""
        return (day - self._first).days * self.per_day() - self.horizontalScrollBar().value()

    def bar_rect(self, row: int) -> QRectF:
        """The on-screen rectangle of a bar (empty for an undated task force)."""
        bar = self.bars[row]
        top = self.axis_height() + row * self.row_height() - self.verticalScrollBar().value()
        if bar.undated:
            return QRectF()
        left = self.x_of(bar.start or self._first)
        right = self.x_of((bar.end or self._last) + timedelta(days=1))
        pad = 4
        return QRectF(left, top + pad, max(3.0, right - left), self.row_height() - 2 * pad)

    def _row_at(self, y: int) -> int | None:
        row = (y - self.axis_height() + self.verticalScrollBar().value()) // self.row_height()
        return row if y >= self.axis_height() and 0 <= row < len(self.bars) else None

    def _date_at(self, x: int) -> date:
        return self._first + timedelta(days=(x + self.horizontalScrollBar().value()) / self.per_day())

    def _relayout(self, anchor: date | None = None, anchor_x: int | None = None) -> None:
        width = int((self._last - self._first).days * self.per_day())
        view = self.viewport()
        self.horizontalScrollBar().setRange(0, max(0, width - view.width()))
        self.horizontalScrollBar().setPageStep(view.width())
        self.horizontalScrollBar().setSingleStep(max(8, int(self.per_day() * 7)))
        height = len(self.bars) * self.row_height()
        self.verticalScrollBar().setRange(0, max(0, height - (view.height() - self.axis_height())))
        self.verticalScrollBar().setPageStep(max(1, view.height() - self.axis_height()))
        self.verticalScrollBar().setSingleStep(self.row_height())
        if anchor is not None:
            at = view.width() // 2 if anchor_x is None else anchor_x
            offset = (anchor - self._first).days * self.per_day() - at
            self.horizontalScrollBar().setValue(int(offset))
        view.update()

    def _reveal(self, row: int) -> None:
        bar = self.bars[row]
        top = row * self.row_height()
        visible = self.viewport().height() - self.axis_height()
        scroll = self.verticalScrollBar()
        if top < scroll.value() or top + self.row_height() > scroll.value() + visible:
            scroll.setValue(top - visible // 3)
        if not bar.undated:
            rect = self.bar_rect(row)
            if rect.right() < 0 or rect.left() > self.viewport().width():
                self._relayout(bar.start or bar.end, 40)

    # -- zoom ------------------------------------------------------------------------------
    def zoom(self, factor: float, at_x: int | None = None) -> None:
        """Zoom in (factor > 1) or out, keeping the date under ``at_x`` (or the centre) in place."""
        at = self.viewport().width() // 2 if at_x is None else at_x
        anchor = self._date_at(at)
        self._per_day = min(MAX_DAY, max(MIN_DAY, self.per_day() * factor))
        self._relayout(anchor, at)

    def fit(self) -> None:
        """Zoom so that every task force fits the width."""
        self._per_day = None
        self.horizontalScrollBar().setValue(0)
        self._relayout()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the scroll ranges (and a fitted zoom) in step with the size."""
        super().resizeEvent(event)
        self._relayout()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms around the pointer; the wheel alone scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom(1.25**steps, int(event.position().x()))
            event.accept()
            return
        super().wheelEvent(event)

    # -- interaction -----------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click selects the task force in that row."""
        row = self._row_at(int(event.position().y()))
        if row is not None:
            self._choose(row)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A double click opens the task force in the workspace."""
        row = self._row_at(int(event.position().y()))
        if row is not None:
            self._choose(row)
            self.activated.emit(self.bars[row].task_force_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up and Down move the selection, Enter opens it, + and - zoom, 0 fits."""
        key = Qt.Key(event.key())
        row = self.row_of(self.selected_id) if self.selected_id is not None else None
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.bars:
            step = 1 if key == Qt.Key.Key_Down else -1
            start = -1 if row is None and step > 0 else (len(self.bars) if row is None else row)
            self._choose(min(len(self.bars) - 1, max(0, start + step)))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_id is not None:
            self.activated.emit(self.selected_id)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom(0.8)
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def _choose(self, row: int) -> None:
        self.selected_id = self.bars[row].task_force_id
        self._reveal(row)
        self.viewport().update()
        self.selected.emit(self.selected_id)

    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltips name the task force, its kind, status, dates, lead, team size and open roles."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self._row_at(event.pos().y())
            if row is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe(self.bars[row]), self.viewport())
            return True
        return super().viewportEvent(event)

    @staticmethod
    def describe(bar: TimelineBar) -> str:
        """The tooltip of a bar."""
        lines = [f"<b>{escape(bar.name)}</b>", f"{bar.kind.label} · {bar.status.label}"]
        if bar.undated:
            lines.append("No dates yet")
        else:
            span = f"{when(bar.start)} \u2013 {when(bar.end)}"
            if bar.start and bar.end:
                span += f" ({(bar.end - bar.start).days // 7 + 1} weeks)"
            lines.append(span + (" — from its members' dates" if bar.estimated else ""))
        people = f"{bar.members} member{'s' if bar.members != 1 else ''}"
        if bar.open_roles:
            people += f" · {open_roles_text(bar.open_roles)}"
        lines.append(f"Led by {escape(bar.lead_name)} · {people}" if bar.lead_name else people)
        if bar.pencilled:
            lines.append("In pencil: its people and open roles count only if it goes ahead")
        lines.append("<i>Double-click to open it</i>")
        return "<br>".join(lines)

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, _event: object) -> None:
        """Rows, month grid, bars with their names, today's line, then the axis on top."""
        TimelinePainter(self).paint()

    def months(self) -> list[date]:
        """The first day of every month the chart spans."""
        return month_starts(self._first, self._last)
