"""Drawings of a KPI's progress: the trend chart, the sparkline in the tree, owner chips."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QToolTip, QWidget

from smarket_planner.domain.records import CheckIn
from smarket_planner.services.views.goals_view import KpiView, OwnerFunction, TrendPoint, expected_value
from smarket_planner.ui.kit.dates import day_text, month_starts

Index = QModelIndex | QPersistentModelIndex
TREND_ROLE = Qt.ItemDataRole.UserRole + 5  # the KpiView whose trend a cell draws
OWNERS_ROLE = Qt.ItemDataRole.UserRole + 6  # the owner functions a cell draws as chips
SILO_ROLE = Qt.ItemDataRole.UserRole + 7  # whether the owners cell marks a silo goal


def format_number(value: float) -> str:
    """A number as a manager reads it: thousands separated, at most two decimals."""
    if not math.isfinite(value):
        return "\u2013"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values between low and high for an axis, about ``count`` of them."""
    if not high > low:
        return [low]
    raw = (high - low) / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


@dataclass(frozen=True)
class TrendScale:
    """Maps days and values of a KPI onto a rectangle of the screen."""

    rect: QRectF
    first: date
    last: date
    low: float
    high: float

    @classmethod
    def fit(cls, rect: QRectF, kpi: KpiView, points: Sequence[TrendPoint], today: date) -> TrendScale:
        """A scale that shows the trajectory, every check-in and, when near, today."""
        days = [d for d in (kpi.trajectory_start, kpi.due_date) if d] + [p.checked_on for p in points]
        first, last = (min(days), max(days)) if days else (today - timedelta(days=30), today)
        if days and first - timedelta(days=14) <= today <= last + timedelta(days=14):
            first, last = min(first, today), max(last, today)
        if last <= first:
            first, last = first - timedelta(days=7), last + timedelta(days=7)
        values = [kpi.baseline, kpi.target, *(p.value for p in points)]
        low, high = min(values), max(values)
        pad = (high - low) * 0.08 or max(abs(high) * 0.1, 1.0)
        return cls(rect, first, last, low - pad, high + pad)

    def x(self, day: date) -> float:
        """Where a day falls across."""
        share = (day - self.first).days / (self.last - self.first).days
        return self.rect.left() + share * self.rect.width()

    def y(self, value: float) -> float:
        """Where a value falls up the rectangle."""
        share = (value - self.low) / (self.high - self.low)
        return self.rect.bottom() - share * self.rect.height()


def _faded(colour: QColor, alpha: int) -> QColor:
    faded = QColor(colour)
    faded.setAlpha(alpha)
    return faded


def draw_trend(
    painter: QPainter,
    scale: TrendScale,
    kpi: KpiView,
    points: Sequence[TrendPoint],
    palette: QPalette,
    *,
    dot: float = 3.5,
) -> None:
    """Draw the expected trajectory (dashed) and the check-ins (a line through points)."""
    text, line = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Highlight)
    start, due = kpi.trajectory_start, kpi.due_date
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if start and due:
        path = QPainterPath()
        for index, day in enumerate((scale.first, start, due, scale.last)):
            value = expected_value(kpi, day)
            assert value is not None
            where = QPointF(scale.x(day), scale.y(value))
            if index == 0:
                path.moveTo(where)
            else:
                path.lineTo(where)
        painter.setPen(QPen(_faded(text, 140), 1.2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
    shown = [QPointF(scale.x(p.checked_on), scale.y(p.value)) for p in points]
    if len(shown) > 1:
        painter.setPen(
            QPen(line, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        )
        painter.drawPolyline(shown)
    painter.setPen(QPen(palette.color(QPalette.ColorRole.Base), 1.0))
    painter.setBrush(line)
    for where in shown if dot > 2 else shown[-1:]:
        painter.drawEllipse(where, dot, dot)


class KpiTrendChart(QWidget):
    """A KPI's check-ins against the trajectory expected from baseline to target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kpi: KpiView | None = None
        self.check_ins: list[CheckIn] = []
        self.today = date.today()
        self.setMinimumSize(260, 180)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_kpi(
        self, kpi: KpiView | None, check_ins: Sequence[CheckIn] = (), today: date | None = None
    ) -> None:
        """Show a KPI and its check-ins (None: nothing to show)."""
        self.kpi, self.check_ins = kpi, sorted(check_ins, key=lambda c: (c.checked_on, c.id))
        self.today = today or date.today()
        self.setToolTip("")
        self.update()

    def sizeHint(self) -> QSize:
        """Room for a readable chart."""
        return QSize(480, 260)

    def _points(self) -> list[TrendPoint]:
        return [TrendPoint(c.checked_on, c.value) for c in self.check_ins]

    def _scale(self) -> TrendScale | None:
        if self.kpi is None:
            return None
        metrics = self.fontMetrics()
        values = (self.kpi.baseline, self.kpi.target, *(c.value for c in self.check_ins))
        left = max(metrics.horizontalAdvance(format_number(v)) for v in values) + 18
        top = metrics.height() * 2 + 8
        plot = QRectF(self.rect()).adjusted(left, top, -16, -(metrics.height() + 12))
        return TrendScale.fit(plot, self.kpi, self._points(), self.today)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Axes, guides, the expected trajectory and the check-ins."""
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        scale = self._scale()
        if self.kpi is None or scale is None or scale.rect.width() < 40 or scale.rect.height() < 30:
            painter.end()
            return
        self._draw_axes(painter, scale, palette)
        self._draw_guides(painter, scale, palette)
        draw_trend(painter, scale, self.kpi, self._points(), palette)
        self._draw_legend(painter, palette)
        painter.end()

    def _draw_axes(self, painter: QPainter, scale: TrendScale, palette: QPalette) -> None:
        text = palette.color(QPalette.ColorRole.Text)
        metrics = painter.fontMetrics()
        plot = scale.rect
        count = max(2, min(6, int(plot.height() / (metrics.height() * 2.2))))
        for value in nice_ticks(scale.low, scale.high, count):
            y = scale.y(value)
            painter.setPen(QPen(_faded(text, 28), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(_faded(text, 170))
            tick_box = QRectF(0, y - metrics.height() / 2, plot.left() - 8, metrics.height())
            painter.drawText(
                tick_box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, format_number(value)
            )
        painter.setPen(QPen(_faded(text, 120), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        for day, label in _date_ticks(scale, metrics):
            x = scale.x(day)
            painter.setPen(QPen(_faded(text, 120), 1))
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            painter.setPen(_faded(text, 170))
            box = QRectF(x - 60, plot.bottom() + 5, 120, metrics.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)
        if self.kpi and self.kpi.unit:
            painter.setPen(_faded(text, 170))
            unit_box = QRectF(4, plot.top() - metrics.height() - 6, plot.width(), metrics.height())
            painter.drawText(
                unit_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.kpi.unit
            )

    def _draw_guides(self, painter: QPainter, scale: TrendScale, palette: QPalette) -> None:
        assert self.kpi is not None
        plot, metrics = scale.rect, painter.fontMetrics()
        target = palette.color(QPalette.ColorRole.Link)
        y = scale.y(self.kpi.target)
        painter.setPen(QPen(_faded(target, 200), 1.2, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(target)
        label = f"Target {format_number(self.kpi.target)}"
        above = y - metrics.height() - 2 >= plot.top() - metrics.height()
        box = QRectF(
            plot.left() + 4, y - metrics.height() - 1 if above else y + 1, plot.width() - 8, metrics.height()
        )
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        if scale.first <= self.today <= scale.last:
            x = scale.x(self.today)
            today = palette.color(QPalette.ColorRole.PlaceholderText)
            painter.setPen(QPen(today, 1, Qt.PenStyle.SolidLine))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            # The label goes to the end of the line away from the target guide.
            top = plot.top() if y > plot.center().y() else plot.bottom() - metrics.height() - 2
            painter.drawText(QRectF(x + 3, top, 80, metrics.height()), Qt.AlignmentFlag.AlignLeft, "Today")

    def _draw_legend(self, painter: QPainter, palette: QPalette) -> None:
        metrics = painter.fontMetrics()
        text = palette.color(QPalette.ColorRole.Text)
        entries = [
            ("Check-ins", QPen(palette.color(QPalette.ColorRole.Highlight), 2.0)),
            ("Expected", QPen(_faded(text, 140), 1.2, Qt.PenStyle.DashLine)),
            ("Target", QPen(palette.color(QPalette.ColorRole.Link), 1.2, Qt.PenStyle.DotLine)),
        ]
        if not self.check_ins:
            entries = entries[1:]  # nothing drawn for it; the plot says so instead
        x = float(self.width() - 12)
        y = 6 + metrics.height() / 2
        for label, pen in reversed(entries):
            x -= metrics.horizontalAdvance(label)
            painter.setPen(_faded(text, 190))
            painter.drawText(QPointF(x, y + metrics.ascent() / 2 - 1), label)
            x -= 24
            painter.setPen(pen)
            painter.drawLine(QPointF(x, y), QPointF(x + 18, y))
            x -= 14
        if not self.check_ins:
            painter.setPen(_faded(text, 170))
            below_legend = QRectF(0, y + metrics.height(), self.width(), metrics.height() + 4)
            painter.drawText(below_legend, Qt.AlignmentFlag.AlignCenter, "No check-ins yet")

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Name the check-in under the pointer: its date, value, confidence and note."""
        scale = self._scale()
        nearest, distance = None, 12.0
        for check_in in self.check_ins if scale else ():
            assert scale is not None
            where = QPointF(scale.x(check_in.checked_on), scale.y(check_in.value))
            gap = math.hypot(where.x() - event.position().x(), where.y() - event.position().y())
            if gap < distance:
                nearest, distance = check_in, gap
        if nearest is None:
            QToolTip.hideText()
            return
        unit = f" {self.kpi.unit}" if self.kpi and self.kpi.unit else ""
        tip = f"{day_text(nearest.checked_on)}: {format_number(nearest.value)}{unit}"
        tip += f"\nConfidence {nearest.confidence}/10" + (f"\n{nearest.note}" if nearest.note else "")
        QToolTip.showText(event.globalPosition().toPoint(), tip, self)


def _date_ticks(scale: TrendScale, metrics: QFontMetrics) -> list[tuple[date, str]]:
    """First days of months (or of weeks, on a short span) that fit without overlapping."""
    span = (scale.last - scale.first).days
    wide = metrics.horizontalAdvance("00 Mmm 0000") + 12
    room = max(1, int(scale.rect.width() / wide))
    if span <= 70:
        step = max(7, math.ceil(span / room / 7) * 7)
        day = scale.first + timedelta(days=(7 - scale.first.weekday()) % 7)
        ticks = []
        while day <= scale.last:
            ticks.append((day, f"{day.day} {day:%b}"))
            day += timedelta(days=step)
        return ticks
    months = [month for month in month_starts(scale.first, scale.last) if month >= scale.first]
    every = max(1, math.ceil(len(months) / room))
    return [(d, f"{d:%b %Y}" if d.month == 1 or i == 0 else f"{d:%b}") for i, d in enumerate(months[::every])]


class SparklineDelegate(QStyledItemDelegate):
    """Draws a KPI's check-ins and expected trajectory small, inside a table cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = date.today()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The cell's background as usual, then the trend."""
        kpi = index.data(TREND_ROLE)
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        if not isinstance(kpi, KpiView):
            return
        palette = QPalette(option.palette)
        if option.state & QStyle.StateFlag.State_Selected:
            palette.setColor(QPalette.ColorRole.Highlight, palette.color(QPalette.ColorRole.HighlightedText))
            palette.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.HighlightedText))
        rect = QRectF(option.rect).adjusted(6, 4, -6, -4)
        painter.save()
        painter.setClipRect(option.rect)
        draw_trend(
            painter, TrendScale.fit(rect, kpi, kpi.trend, self.today), kpi, kpi.trend, palette, dot=2.0
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Wide enough to read a trend."""
        return QSize(96, max(22, option.fontMetrics.height() + 6))


class OwnerChipsDelegate(QStyledItemDelegate):
    """Draws owner functions as colour chips with their names, and a subtle silo marker."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """A dot of each function's colour before its name."""
        owners: Sequence[OwnerFunction] = index.data(OWNERS_ROLE) or ()
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text = option.palette.color(role)
        metrics = option.fontMetrics
        rect = QRect(option.rect).adjusted(4, 0, -4, 0)
        painter.save()
        painter.setClipRect(option.rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x, mid, size = rect.left(), rect.center().y(), max(8, metrics.height() // 2)
        silo = bool(index.data(SILO_ROLE))
        room = rect.width() - (metrics.horizontalAdvance("silo") + 14 if silo else 0)
        full = sum(metrics.horizontalAdvance(o.name) + size + 14 for o in owners)
        # Too many owners for the column: every name gets an equal share, or only its dot.
        share = room / max(1, len(owners))
        named = full <= room or share >= size + 4 + metrics.horizontalAdvance("Mar…")
        for owner in owners:
            painter.setPen(QPen(_faded(text, 90), 1))
            painter.setBrush(QColor(owner.colour))
            painter.drawEllipse(QRectF(x, mid - size / 2, size, size))
            x += size + 4
            if not named:
                continue
            width = rect.right() - x if full <= room else int(share - size - 10)
            name = metrics.elidedText(owner.name, Qt.TextElideMode.ElideRight, max(0, width))
            painter.setPen(text)
            painter.drawText(
                QRect(x, rect.top(), max(0, width), rect.height()), Qt.AlignmentFlag.AlignVCenter, name
            )
            x += metrics.horizontalAdvance(name) + 10
        if silo and x < rect.right() - 20:
            badge = QRectF(
                x, mid - metrics.height() / 2, metrics.horizontalAdvance("silo") + 10, metrics.height()
            )
            painter.setPen(QPen(_faded(text, 110), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(_faded(text, 150))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "silo")
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Room for every chip and name."""
        owners: Sequence[OwnerFunction] = index.data(OWNERS_ROLE) or ()
        metrics = option.fontMetrics
        width = sum(metrics.horizontalAdvance(o.name) + metrics.height() // 2 + 14 for o in owners)
        if index.data(SILO_ROLE):
            width += metrics.horizontalAdvance("silo") + 14
        return QSize(width + 8, max(22, metrics.height() + 6))
