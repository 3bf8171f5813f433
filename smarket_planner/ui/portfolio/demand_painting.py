"""How the demand chart is drawn: weekly bars in ink, pencil and open roles, capacity, short weeks."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QScrollBar, QWidget

from smarket_planner.analysis.demand import DemandChart
from smarket_planner.ui.kit.scheme import text_on_base
from smarket_planner.ui.portfolio.demand_weeks import SHORT, WeekDemand
from smarket_planner.ui.portfolio.pencil import hatch, paint_open, paint_pencil
from smarket_planner.ui.portfolio.timeline_painting import MONTHS

SHORT_COLOUR = QColor("#d64541")  # a week the function is short: the health colours' red
BAR_SHARE = 0.74  # of a week's width, the bar's


class DemandView(Protocol):
    """What the painter reads of the chart it draws."""

    demand: DemandChart | None
    message: str
    hovered: tuple[int, int] | None

    def viewport(self) -> QWidget: ...
    def palette(self) -> QPalette: ...
    def font(self) -> QFont: ...
    def fontMetrics(self) -> QFontMetrics: ...
    def verticalScrollBar(self) -> QScrollBar: ...
    def gutter_width(self) -> int: ...
    def axis_height(self) -> int: ...
    def row_height(self) -> int: ...
    def row_top(self, row: int) -> int: ...
    def slot(self) -> float: ...
    def x_of(self, week: int) -> float: ...
    def plot_rect(self, row: int) -> QRectF: ...
    def bar_rect(self, row: int, week: int) -> QRectF: ...
    def top_value(self, row: int) -> float: ...
    def week(self, row: int, week: int) -> WeekDemand: ...
    def short_weeks(self, row: int) -> list[int]: ...


def faded(colour: QColor, alpha: int) -> QColor:
    """The colour, see-through to ``alpha`` (0-255)."""
    copy = QColor(colour)
    copy.setAlpha(alpha)
    return copy


class DemandPainter:
    """Draws a demand chart's viewport: the functions' rows, then the weeks' axis over them."""

    def __init__(self, chart: DemandView) -> None:
        self.chart = chart

    def paint(self) -> None:
        """Every function's row in view, then the axis; a message when there is nothing to draw."""
        chart = self.chart
        view = chart.viewport()
        painter = QPainter(view)
        palette = chart.palette()
        painter.fillRect(view.rect(), palette.color(QPalette.ColorRole.Base))
        demand = chart.demand
        if demand is None or not demand.functions or not demand.weeks:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            hint = chart.message
            if demand is not None:
                hint = "No functions yet: add functions and people to the roster to see their demand here."
            painter.drawText(view.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, hint)
            return
        height = chart.row_height()
        for row in range(len(demand.functions)):
            top = chart.row_top(row)
            if top + height < chart.axis_height() or top > view.height():
                continue
            self._row(painter, palette, row)
        self._axis(painter, palette, demand)

    def _row(self, painter: QPainter, palette: QPalette, row: int) -> None:
        chart = self.chart
        assert chart.demand is not None
        top, width = chart.row_top(row), chart.viewport().width()
        band = QRect(0, top, width, chart.row_height())
        if row % 2:
            painter.fillRect(band, palette.color(QPalette.ColorRole.AlternateBase))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Midlight), 1))
        painter.drawLine(0, band.bottom(), width, band.bottom())
        self._names(painter, palette, row)
        plot = chart.plot_rect(row)
        scale = plot.height() / chart.top_value(row)
        for week in range(len(chart.demand.weeks)):
            self._week(painter, palette, row, week, scale)
        # The capacity line over the bars: what the function's people can give each week.
        capacity = chart.demand.functions[row].capacity
        y = plot.bottom() - capacity * scale
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(faded(palette.color(QPalette.ColorRole.Text), 215), 1.6))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(faded(palette.color(QPalette.ColorRole.Text), 90), 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))

    def _week(self, painter: QPainter, palette: QPalette, row: int, week: int, scale: float) -> None:
        chart = self.chart
        assert chart.demand is not None
        slot, shown = chart.bar_rect(row, week), chart.week(row, week)
        if shown.short > SHORT:
            # Short: the week's column tinted red, hatched when only the proposed teams make it so.
            if shown.pencil_short:
                painter.fillRect(slot, faded(SHORT_COLOUR, 22))
                hatch(painter, slot, faded(SHORT_COLOUR, 120))
            else:
                painter.fillRect(slot, faded(SHORT_COLOUR, 58))
        if chart.hovered == (row, week):
            painter.fillRect(slot, faded(palette.color(QPalette.ColorRole.Highlight), 60))
        colour = QColor(chart.demand.functions[row].colour)
        width = max(3.0, slot.width() * BAR_SHARE)
        left = slot.left() + (slot.width() - width) / 2
        base = slot.bottom()
        parts = (
            (shown.confirmed, "ink"),
            (shown.tentative, "pencil"),
            (shown.open_confirmed, "open"),
            (shown.open_tentative, "open pencil"),
        )
        for value, look in parts:
            if value <= 0:
                continue
            height = value * scale
            piece = QRectF(left, base - height, width, height)
            if look == "ink":
                painter.fillRect(piece, colour)
            elif look == "pencil":
                paint_pencil(painter, piece, colour, palette)
            else:
                paint_open(painter, piece, text_on_base(colour, palette), dashed=look == "open pencil")
            base -= height

    def _names(self, painter: QPainter, palette: QPalette, row: int) -> None:
        """The function's chip and name, its capacity, and how often it falls short."""
        chart = self.chart
        assert chart.demand is not None
        function = chart.demand.functions[row]
        metrics = chart.fontMetrics()
        line = metrics.height()
        left, top = 10, chart.row_top(row) + 6
        room = chart.gutter_width() - left - 14
        box = line - 4
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(function.colour))
        painter.drawRoundedRect(QRectF(left, top + 2, box, box), 3, 3)
        bold = QFont(chart.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        name = QFontMetrics(bold).elidedText(function.name, Qt.TextElideMode.ElideRight, room - box - 6)
        painter.drawText(QRectF(left + box + 6, top, room, line), Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(chart.font())
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        capacity = f"Capacity {function.capacity:.1f} people"
        painter.drawText(QRectF(left, top + line + 2, room, line), Qt.AlignmentFlag.AlignVCenter, capacity)
        short = chart.short_weeks(row)
        if short:
            pencil = sum(1 for w in short if chart.week(row, w).pencil_short)
            said = f"Short {len(short)} week{'s' if len(short) != 1 else ''}"
            if pencil:
                said += ", in pencil" if pencil == len(short) else f" ({pencil} in pencil)"
            painter.setPen(text_on_base(SHORT_COLOUR, palette))
        else:
            said = "Enough people"
        said = metrics.elidedText(said, Qt.TextElideMode.ElideRight, room)
        painter.drawText(QRectF(left, top + 2 * line + 4, room, line), Qt.AlignmentFlag.AlignVCenter, said)

    def _axis(self, painter: QPainter, palette: QPalette, demand: DemandChart) -> None:
        """Months (with the year at January) above, every few weeks' numbers below."""
        chart = self.chart
        metrics = chart.fontMetrics()
        line = metrics.height()
        band = QRect(0, 0, chart.viewport().width(), chart.axis_height())
        painter.fillRect(band, palette.color(QPalette.ColorRole.Window))
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            QRectF(10, line + 6, chart.gutter_width() - 14, line),
            Qt.AlignmentFlag.AlignVCenter,
            "People a week",
        )
        wide = metrics.horizontalAdvance("W52 ")
        every = next((step for step in (1, 2, 4, 8) if step * chart.slot() >= wide), 13)
        weeks = demand.weeks
        starts = [
            week for week, monday in enumerate(weeks) if week == 0 or monday.month != weeks[week - 1].month
        ]
        year_shown: int | None = None
        for place, week in enumerate(starts):
            monday, x = weeks[week], chart.x_of(week)
            painter.setPen(QPen(faded(text, 110), 1))
            painter.drawLine(QPointF(x, 2), QPointF(x, line + 2))
            following = starts[place + 1] if place + 1 < len(starts) else len(weeks)
            room = chart.x_of(following) - x - 6
            month = MONTHS[monday.month - 1]
            # The year goes with the first month named in it; a month too narrow for its name waits.
            labels = [f"{month} {monday.year}", month] if monday.year != year_shown else [month]
            label = next((each for each in labels if metrics.horizontalAdvance(each) <= room), None)
            if label is None:
                continue
            year_shown = monday.year if label != month else year_shown
            painter.setPen(text)
            painter.drawText(QRectF(x + 3, 2, room + 3, line), Qt.AlignmentFlag.AlignLeft, label)
        for week in range(0, len(weeks), every):
            painter.setPen(faded(text, 170))
            number = f"W{weeks[week].isocalendar().week}"
            painter.drawText(
                QRectF(chart.x_of(week) + 1, line + 6, 60, line), Qt.AlignmentFlag.AlignLeft, number
            )
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(0, band.bottom(), band.right(), band.bottom())
