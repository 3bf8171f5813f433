"""Marks of colour the window shares: a function's chip, a status dot, the health colour, an outcome."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView

from smarket_planner.analysis.model import HealthBand
from smarket_planner.domain.enums import LessonOutcome, LifecycleStatus

# Mid-tone colours that read on light and dark palettes alike, one per lifecycle status.
STATUS_COLOURS = {
    LifecycleStatus.PROPOSED: "#7f8fa6",
    LifecycleStatus.FORMING: "#d4952a",
    LifecycleStatus.ACTIVE: "#2e9e5b",
    LifecycleStatus.DISPERSED: "#8a6fd1",
    LifecycleStatus.ARCHIVED: "#8c8c8c",
}

# The health bands, in the same mid-tones: green, amber, red (the bands are the analysis's).
BAND_COLOURS = {HealthBand.GREEN: "#2e9e5b", HealthBand.AMBER: "#d4952a", HealthBand.RED: "#d64541"}
NO_DATA_COLOUR = "#9aa3ad"  # a KPI without a check-in: no colour of its own

# A lesson's outcome as a sign in a colour, never the colour alone: it worked, it hurt, some of each.
OUTCOME_MARKS = {
    LessonOutcome.WORKED: ("\u2713", BAND_COLOURS[HealthBand.GREEN]),
    LessonOutcome.HURT: ("\u2717", BAND_COLOURS[HealthBand.RED]),
    LessonOutcome.MIXED: ("\u00b1", BAND_COLOURS[HealthBand.AMBER]),
}


def health_colour(score: float) -> QColor:
    """Green when healthy, amber when it needs attention, red when it is pulling apart."""
    return QColor(BAND_COLOURS[HealthBand.of(score)])


def chip(colour: str | QColor, size: int = 12) -> QIcon:
    """A small rounded swatch of a colour, as shown beside a function's name."""
    return _chip(QColor(colour).name(QColor.NameFormat.HexArgb), size)


def dot_icon(colour: str | QColor, size: int = 12) -> QIcon:
    """A small filled circle in a colour, as shown beside a status or a function."""
    return _dot(QColor(colour).name(QColor.NameFormat.HexArgb), size)


@cache  # made once per colour: lists of hundreds of people ask for the same few
def _chip(colour: str, size: int) -> QIcon:
    fill = QColor(colour)

    def draw(painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(0, 0, size, size, 3, 3)

    return _icon(size, draw)


@cache
def _dot(colour: str, size: int) -> QIcon:
    fill = QColor(colour)

    def draw(painter: QPainter) -> None:
        painter.setPen(fill.darker(130))
        painter.setBrush(fill)
        painter.drawEllipse(2, 2, size - 4, size - 4)

    return _icon(size, draw)


def status_icon(status: LifecycleStatus) -> QIcon:
    """The coloured dot of a lifecycle status."""
    return dot_icon(STATUS_COLOURS[status])


def _icon(size: int, draw: Callable[[QPainter], None]) -> QIcon:
    """An icon of ``size`` points drawn at twice the size, sharp on high-DPI screens."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw(painter)
    painter.end()
    return QIcon(pixmap)


def paint_empty_hint(view: QAbstractItemView, text: str, vertical_margin: int = 24) -> None:
    """An empty list or table says, in quiet words across its middle, how to fill it."""
    model = view.model()
    if model is None or model.rowCount() != 0:
        return
    painter = QPainter(view.viewport())
    painter.setPen(view.palette().color(QPalette.ColorRole.PlaceholderText))
    painter.drawText(
        view.viewport().rect().adjusted(24, vertical_margin, -24, -vertical_margin),
        Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
        text,
    )
    painter.end()
