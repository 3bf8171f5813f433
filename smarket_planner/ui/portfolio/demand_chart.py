"""Demand by function: for each function, the people its task forces ask for week by week, against capacity.

One small chart per function, one under the other, sharing the weeks across: stacked weekly bars
of what active task forces book (ink), what proposed and forming ones book (pencil) and the open
roles still to be staffed (outlined), with the function's capacity as a line. Weeks where the
function is short are marked, in pencil when only the proposed teams would make it so.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from smarket_planner.analysis.demand import DemandChart
from smarket_planner.ui.portfolio.demand_painting import DemandPainter
from smarket_planner.ui.portfolio.demand_weeks import (
    WeekDemand,
    function_words,
    short_weeks,
    week_demand,
    week_words,
)

MIN_ROW = 78  # pixels: the least height one function's chart is given before the list scrolls
MIN_SLOT = 7.0  # pixels: the least width of one week


class DemandByFunction(QAbstractScrollArea):
    """Small multiples of weekly demand, one per function, scrolling when there are many."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.demand: DemandChart | None = None
        self.confirmed_only = False
        self.message = "Working out the demand\u2026"  # shown while there is no chart
        self.hovered: tuple[int, int] | None = None  # (function row, week) under the pointer
        self.viewport().setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(self.gutter_width() + int(MIN_SLOT * 26))
        self.setAccessibleName("Demand by function")

    # -- data ------------------------------------------------------------------------------
    def set_demand(self, demand: DemandChart | None, message: str = "") -> None:
        """Show this demand (None: show ``message`` instead)."""
        self.demand = demand
        if message:
            self.message = message
        if demand is None or (self.hovered is not None and self.hovered[0] >= len(demand.functions)):
            self.hovered = None
        self._relayout()

    def set_confirmed_only(self, confirmed_only: bool) -> None:
        """Show confirmed demand alone, or the pencil of proposed and forming teams too."""
        self.confirmed_only = confirmed_only
        self.viewport().update()

    def week(self, row: int, week: int) -> WeekDemand:
        """A function's week as shown."""
        assert self.demand is not None
        return week_demand(self.demand.functions[row], week, confirmed_only=self.confirmed_only)

    def short_weeks(self, row: int) -> list[int]:
        """The weeks in which a function is short, as shown."""
        assert self.demand is not None
        return short_weeks(self.demand.functions[row], confirmed_only=self.confirmed_only)

    # -- geometry --------------------------------------------------------------------------
    def gutter_width(self) -> int:
        """The width of the names down the left."""
        return max(190, self.fontMetrics().horizontalAdvance("Customer Service ") + 40)

    def axis_height(self) -> int:
        """The height of the months and week numbers at the top."""
        return self.fontMetrics().height() * 2 + 10

    def row_height(self) -> int:
        """The height of one function's chart: the viewport shared out, never less than MIN_ROW."""
        count = len(self.demand.functions) if self.demand else 1
        room = self.viewport().height() - self.axis_height()
        return max(MIN_ROW, self.fontMetrics().height() * 4 + 8, room // max(1, count))

    def slot(self) -> float:
        """The width of one week."""
        weeks = len(self.demand.weeks) if self.demand else 52
        return max(MIN_SLOT, (self.viewport().width() - self.gutter_width() - 12) / max(1, weeks))

    def x_of(self, week: int) -> float:
        """Where a week starts across."""
        return self.gutter_width() + week * self.slot()

    def row_top(self, row: int) -> int:
        """Where a function's chart starts down the viewport."""
        return self.axis_height() + row * self.row_height() - self.verticalScrollBar().value()

    def plot_rect(self, row: int) -> QRectF:
        """The rectangle a function's bars stand in (their base at its bottom)."""
        return QRectF(
            self.gutter_width(), self.row_top(row) + 8, self.slot() * self._weeks(), self.row_height() - 16
        )

    def bar_rect(self, row: int, week: int) -> QRectF:
        """The slot of one week in a function's chart, as high as its plot."""
        plot = self.plot_rect(row)
        return QRectF(self.x_of(week), plot.top(), self.slot(), plot.height())

    def top_value(self, row: int) -> float:
        """The most people a function's chart has room for: its capacity or its busiest week, and a little."""
        assert self.demand is not None
        function = self.demand.functions[row]
        weeks = range(len(self.demand.weeks))
        busiest = max((week_demand(function, w, confirmed_only=False).total for w in weeks), default=0.0)
        return max(0.5, function.capacity, busiest) * 1.12

    def at(self, x: float, y: float) -> tuple[int, int] | None:
        """The (function row, week) under a point of the viewport."""
        if self.demand is None or y < self.axis_height() or x < self.gutter_width():
            return None
        row = int((y - self.axis_height() + self.verticalScrollBar().value()) // self.row_height())
        week = int((x - self.gutter_width()) // self.slot())
        if 0 <= row < len(self.demand.functions) and 0 <= week < len(self.demand.weeks):
            return row, week
        return None

    def _weeks(self) -> int:
        return len(self.demand.weeks) if self.demand else 0

    def _relayout(self) -> None:
        rows = len(self.demand.functions) if self.demand else 0
        scroll = self.verticalScrollBar()
        visible = self.viewport().height() - self.axis_height()
        scroll.setRange(0, max(0, rows * self.row_height() - visible))
        scroll.setPageStep(max(1, visible))
        scroll.setSingleStep(self.row_height())
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Share the new height out among the functions again."""
        super().resizeEvent(event)
        self._relayout()

    # -- interaction -----------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Light up the week under the pointer."""
        hovered = self.at(event.position().x(), event.position().y())
        if hovered != self.hovered:
            self.hovered = hovered
            self.viewport().update()
        super().mouseMoveEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltips tell a week's demand against capacity; the names tell a function's weeks."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            spot = self.at(event.pos().x(), event.pos().y())
            row = self._row_at(event.pos().y())
            if spot is not None:
                QToolTip.showText(event.globalPos(), self.describe_week(*spot), self.viewport())
            elif row is not None and event.pos().x() < self.gutter_width():
                QToolTip.showText(event.globalPos(), self.describe_function(row), self.viewport())
            else:
                QToolTip.hideText()
            return True
        if event.type() == QEvent.Type.Leave:
            self.hovered = None
            self.viewport().update()
        return super().viewportEvent(event)

    def _row_at(self, y: int) -> int | None:
        if self.demand is None or y < self.axis_height():
            return None
        row = (y - self.axis_height() + self.verticalScrollBar().value()) // self.row_height()
        return row if 0 <= row < len(self.demand.functions) else None

    # -- words -----------------------------------------------------------------------------
    def describe_week(self, row: int, week: int) -> str:
        """A week's tooltip: "Week 7 (9 Feb): confirmed 3.2, pencil 1.1, open roles 0.5 of 4.0 people — …"."""
        assert self.demand is not None
        function = self.demand.functions[row]
        return week_words(function, self.demand.weeks, week, confirmed_only=self.confirmed_only)

    def describe_function(self, row: int) -> str:
        """A function's tooltip: its capacity and the weeks it falls short."""
        assert self.demand is not None
        return function_words(self.demand.functions[row], confirmed_only=self.confirmed_only)

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, _event: object) -> None:
        """Each function's chart, then the weeks' axis on top."""
        DemandPainter(self).paint()
