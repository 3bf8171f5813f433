"""How the portfolio timeline is drawn: status colours, row stripes, month grid, bars, today, axis.

A proposed or forming task force's bar is drawn in pencil (lighter, hatched); a bar names its open roles.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QLinearGradient, QPainter, QPalette, QPen
from PySide6.QtWidgets import QScrollBar, QWidget

from smarket_planner.services.views.portfolio_view import TimelineBar
from smarket_planner.ui.kit.marks import STATUS_COLOURS as STATUS_COLOUR_NAMES
from smarket_planner.ui.kit.scheme import ink_on, text_on_window
from smarket_planner.ui.portfolio.pencil import hatch, pencil_fill

STATUS_COLOURS = {status: QColor(colour) for status, colour in STATUS_COLOUR_NAMES.items()}
"""The lifecycle colours of the navigator, on the bars."""

TODAY_COLOUR = QColor("#e5484d")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def open_roles_text(count: int) -> str:
    """How many places a team still has to staff: "1 open role", "2 open roles"."""
    return f"{count} open role{'' if count == 1 else 's'}"


class ChartView(Protocol):
    """What the painter reads of the chart it draws: its bars, its scale and its viewport."""

    bars: list[TimelineBar]
    today: date
    selected_id: int | None

    def viewport(self) -> QWidget: ...
    def palette(self) -> QPalette: ...
    def font(self) -> QFont: ...
    def fontMetrics(self) -> QFontMetrics: ...
    def verticalScrollBar(self) -> QScrollBar: ...
    def row_height(self) -> int: ...
    def axis_height(self) -> int: ...
    def per_day(self) -> float: ...
    def x_of(self, day: date) -> float: ...
    def bar_rect(self, row: int) -> QRectF: ...
    def months(self) -> list[date]: ...


class TimelinePainter:
    """Draws a timeline chart's viewport: rows, month grid, bars with their names, today, the axis."""

    def __init__(self, chart: ChartView) -> None:
        self.chart = chart

    def paint(self) -> None:
        """Rows, month grid, bars with their names, today's line, then the axis on top."""
        chart = self.chart
        view = chart.viewport()
        painter = QPainter(view)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = chart.palette()
        painter.fillRect(view.rect(), palette.color(QPalette.ColorRole.Base))
        if not chart.bars:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            hint = "No task forces yet: create one, and it appears here on its dates."
            painter.drawText(view.rect(), Qt.AlignmentFlag.AlignCenter, hint)
            return
        self._rows(painter, palette)
        self._grid(painter, palette, ticks_only=False)
        for row in range(len(chart.bars)):
            self._bar(painter, palette, row)
        x_today = chart.x_of(chart.today) + chart.per_day() / 2
        painter.setPen(QPen(TODAY_COLOUR, 2))
        painter.drawLine(QPoint(int(x_today), chart.axis_height()), QPoint(int(x_today), view.height()))
        self._axis(painter, palette, x_today)

    def _rows(self, painter: QPainter, palette: QPalette) -> None:
        chart = self.chart
        height, width = chart.row_height(), chart.viewport().width()
        for row in range(len(chart.bars)):
            top = chart.axis_height() + row * height - chart.verticalScrollBar().value()
            if top + height < chart.axis_height() or top > chart.viewport().height():
                continue
            if chart.bars[row].task_force_id == chart.selected_id:
                shade = QColor(palette.color(QPalette.ColorRole.Highlight))
                shade.setAlpha(50)
                painter.fillRect(QRect(0, top, width, height), shade)
            elif row % 2:
                painter.fillRect(
                    QRect(0, top, width, height), palette.color(QPalette.ColorRole.AlternateBase)
                )

    def _grid(self, painter: QPainter, palette: QPalette, *, ticks_only: bool) -> None:
        chart = self.chart
        line = QColor(palette.color(QPalette.ColorRole.Text))
        line.setAlpha(110 if ticks_only else 28)
        painter.setPen(QPen(line, 1))
        top = chart.fontMetrics().height() + 4 if ticks_only else chart.axis_height()
        bottom = chart.axis_height() if ticks_only else chart.viewport().height()
        for month in chart.months():
            x = round(chart.x_of(month)) + 0.5
            painter.drawLine(QRectF(x, top, 0, bottom - top).topLeft(), QRectF(x, bottom, 0, 0).topLeft())

    def _bar(self, painter: QPainter, palette: QPalette, row: int) -> None:
        chart = self.chart
        bar, rect = chart.bars[row], chart.bar_rect(row)
        view = chart.viewport()
        if rect.isNull():
            top = chart.axis_height() + row * chart.row_height() - chart.verticalScrollBar().value()
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            text = QRect(8, top, view.width() - 16, chart.row_height())
            painter.drawText(text, Qt.AlignmentFlag.AlignVCenter, f"{bar.name} — no dates yet")
            return
        if rect.bottom() < chart.axis_height() or rect.top() > view.height():
            return
        colour = STATUS_COLOURS[bar.status]
        # A proposed or forming team's bar is in pencil: lighter and hatched, its words in text colour.
        fill = pencil_fill(colour, palette) if bar.pencilled else QColor(colour)
        if bar.estimated:
            fill.setAlpha(170)
        brush = QBrush(fill)
        if bar.start is None or bar.end is None:
            # An open end fades out: the task force has no date on that side yet.
            gradient = QLinearGradient(rect.left(), 0, rect.right(), 0)
            faded = QColor(fill)
            faded.setAlpha(30)
            gradient.setColorAt(0.0, faded if bar.start is None else fill)
            gradient.setColorAt(1.0, faded if bar.end is None else fill)
            brush = QBrush(gradient)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(brush)
        painter.drawRoundedRect(rect, 3, 3)
        if bar.pencilled:
            hatch(painter, rect, colour, radius=3)
            if not bar.estimated:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(colour, 1))
                painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        if bar.estimated:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(colour.darker(130), 1, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        if bar.task_force_id == chart.selected_id:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 4, 4)
        ink = palette.color(QPalette.ColorRole.Text) if bar.pencilled else ink_on(colour)
        texts = (
            [f"{bar.name} \u00b7 {open_roles_text(bar.open_roles)}", bar.name]
            if bar.open_roles
            else [bar.name]
        )
        self._label(painter, palette, texts, rect, ink)

    def _label(
        self, painter: QPainter, palette: QPalette, texts: list[str], rect: QRectF, ink: QColor
    ) -> None:
        """The first words that fit inside the bar, else beside it, else the name elided inside.

        ``texts`` go from the fullest (name and open roles) to the shortest (the name); the tooltip
        has everything.
        """
        chart = self.chart
        metrics = QFontMetrics(chart.font())
        visible = QRectF(rect).intersected(QRectF(0, rect.top(), chart.viewport().width(), rect.height()))
        right_room = chart.viewport().width() - rect.right() - 6
        left_room = rect.left() - 6
        middle = Qt.AlignmentFlag.AlignVCenter
        name = texts[-1]
        inside = next((t for t in texts if metrics.horizontalAdvance(t) + 12 <= visible.width()), None)
        right = next((t for t in texts if metrics.horizontalAdvance(t) + 12 <= right_room), None)
        left = next((t for t in texts if metrics.horizontalAdvance(t) + 12 <= left_room), None)
        if inside is not None:
            painter.setPen(ink)
            painter.drawText(visible.adjusted(6, 0, -6, 0), middle | Qt.AlignmentFlag.AlignLeft, inside)
        elif right is not None:
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            beside = QRectF(rect.right() + 6, rect.top(), right_room, rect.height())
            painter.drawText(beside, middle | Qt.AlignmentFlag.AlignLeft, right)
        elif left is not None:
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            beside = QRectF(0, rect.top(), left_room, rect.height())
            painter.drawText(beside, middle | Qt.AlignmentFlag.AlignRight, left)
        elif visible.width() > 24:
            painter.setPen(ink)
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(visible.width() - 12))
            painter.drawText(visible.adjusted(6, 0, -6, 0), middle | Qt.AlignmentFlag.AlignLeft, shown)

    def _axis(self, painter: QPainter, palette: QPalette, x_today: float) -> None:
        chart = self.chart
        metrics = chart.fontMetrics()
        band = QRect(0, 0, chart.viewport().width(), chart.axis_height())
        painter.fillRect(band, palette.color(QPalette.ColorRole.Window))
        self._grid(painter, palette, ticks_only=True)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        line = metrics.height()
        width = 30.4 * chart.per_day()
        for month in chart.months():
            x = chart.x_of(month)
            label = MONTHS[month.month - 1]
            if metrics.horizontalAdvance(label) + 6 > width:
                label = label[0] if metrics.horizontalAdvance("M") + 4 <= width else ""
            painter.drawText(QRectF(x + 3, line + 5, width, line), Qt.AlignmentFlag.AlignLeft, label)
        years = sorted({month.year for month in chart.months()})
        bold = QFont(chart.font())
        bold.setBold(True)
        painter.setFont(bold)
        for year in years:
            x = max(chart.x_of(date(year, 1, 1)), 0.0)
            room = min(chart.x_of(date(year + 1, 1, 1)), float(chart.viewport().width())) - x
            if room >= QFontMetrics(bold).horizontalAdvance(str(year)) + 6:
                painter.drawText(QRectF(x + 3, 2, 80, line), Qt.AlignmentFlag.AlignLeft, str(year))
        painter.setFont(chart.font())
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(0, band.bottom(), band.right(), band.bottom())
        painter.setPen(text_on_window(TODAY_COLOUR, palette))
        label = "Today"
        box = QRectF(x_today - 40, 2, 80, line)
        painter.fillRect(
            QRectF(
                x_today - metrics.horizontalAdvance(label) / 2 - 3,
                2,
                metrics.horizontalAdvance(label) + 6,
                line,
            ),
            palette.color(QPalette.ColorRole.Window),
        )
        painter.drawText(box, Qt.AlignmentFlag.AlignHCenter, label)
        painter.drawLine(QPoint(int(x_today), line + 2), QPoint(int(x_today), band.bottom()))
