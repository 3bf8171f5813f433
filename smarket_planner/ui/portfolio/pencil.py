"""Pencil and ink: how the portfolio draws what is only tentative, and the legends that say so.

Proposed and forming task forces book in pencil: they may not go ahead. Everywhere in the
portfolio their part looks the same: the colour made lighter and hatched across, where what
is confirmed (ink) is solid. Open roles, places still to be staffed, are drawn as outlines.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QWidget

PENCIL_SHARE = 0.32  # how much of its colour a pencilled fill keeps over the background


def mixed(base: QColor, colour: QColor, share: float) -> QColor:
    """``colour`` laid over ``base`` at ``share`` (0: only the base, 1: only the colour)."""
    share = min(1.0, max(0.0, share))
    return QColor.fromRgbF(
        base.redF() + (colour.redF() - base.redF()) * share,
        base.greenF() + (colour.greenF() - base.greenF()) * share,
        base.blueF() + (colour.blueF() - base.blueF()) * share,
    )


def pencil_fill(colour: QColor, palette: QPalette) -> QColor:
    """The lighter colour under a pencilled mark's hatching (darker in the dark scheme)."""
    return mixed(palette.color(QPalette.ColorRole.Base), colour, PENCIL_SHARE)


def hatch(painter: QPainter, rect: QRectF, colour: QColor, *, radius: float = 0.0) -> None:
    """Lines across ``rect`` in ``colour``, as a pencil shades: the mark of something tentative."""
    painter.save()
    if radius:
        outline = QPainterPath()
        outline.addRoundedRect(rect, radius, radius)
        painter.setClipPath(outline, Qt.ClipOperation.IntersectClip)
    lines = QColor(colour)
    lines.setAlpha(210)
    # A pattern brush is fast enough for a heat map of thousands of cells, and its lines meet
    # from one cell to the next because the pattern is anchored to the widget, not the cell.
    painter.fillRect(rect, QBrush(lines, Qt.BrushStyle.BDiagPattern))
    painter.restore()


def paint_pencil(
    painter: QPainter,
    rect: QRectF,
    colour: QColor,
    palette: QPalette,
    *,
    radius: float = 0.0,
    outline: bool = False,
) -> QColor:
    """Fill ``rect`` the pencil way (lighter, hatched); returns the fill, to choose the words' colour."""
    fill = pencil_fill(colour, palette)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, radius, radius)
    hatch(painter, rect, colour, radius=radius)
    if outline:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colour, 1))
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
    painter.restore()
    return fill


def paint_open(painter: QPainter, rect: QRectF, colour: QColor, *, dashed: bool = False) -> None:
    """An outline with a faint fill: a place still to be staffed (dashed when it is in pencil)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    faint = QColor(colour)
    faint.setAlpha(30)
    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    painter.setPen(QPen(colour, 1.4, style))
    painter.setBrush(faint)
    painter.drawRect(rect.adjusted(0.7, 0.7, -0.7, -0.7))
    painter.restore()


@dataclass(frozen=True, eq=False)
class Pencil:
    """A legend's mark for what is booked in pencil: the colour lighter and hatched."""

    colour: QColor


@dataclass(frozen=True, eq=False)
class Outline:
    """A legend's mark for an open role: the colour's outline, dashed when in pencil."""

    colour: QColor
    dashed: bool = False


@dataclass(frozen=True, eq=False)
class Rule:
    """A legend's mark for a line drawn across a chart, such as capacity."""

    colour: QColor
    width: float = 2.0


Mark = QColor | Pencil | Outline | Rule | None  # None: an empty square, "free"


class Swatches(QWidget):
    """A legend: coloured squares (solid, pencilled, outlined) or lines with their words, in one line."""

    def __init__(self, entries: list[tuple[Mark, str]], tooltip: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.entries = entries
        self.setToolTip(tooltip)

    def set_entries(self, entries: list[tuple[Mark, str]]) -> None:
        """Show other marks and words."""
        self.entries = entries
        self.updateGeometry()
        self.update()

    def _advance(self, text: str) -> int:
        return self.fontMetrics().horizontalAdvance(text) + 12 if text else 2

    def _box(self, mark: Mark) -> int:
        box = self.fontMetrics().height() - 4
        return box * 2 if isinstance(mark, Rule) else box

    def sizeHint(self) -> QSize:
        """Wide enough for every mark and word."""
        width = sum(self._box(mark) + 4 + self._advance(text) for mark, text in self.entries)
        return QSize(width, self.fontMetrics().height() + 4)

    def minimumSizeHint(self) -> QSize:
        """Never squeezed: the words would be clipped."""
        return self.sizeHint()

    def paintEvent(self, _event: object) -> None:
        """Each mark then its word."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        box, x = self.fontMetrics().height() - 4, 0
        top = (self.height() - box) // 2
        for mark, text in self.entries:
            width = self._box(mark)
            square = QRectF(x, top, width, box)
            if isinstance(mark, Pencil):
                paint_pencil(painter, square, mark.colour, palette, radius=2, outline=True)
            elif isinstance(mark, Outline):
                paint_open(painter, square, mark.colour, dashed=mark.dashed)
            elif isinstance(mark, Rule):
                painter.setPen(QPen(mark.colour, mark.width))
                middle = square.center().y()
                painter.drawLine(QPointF(square.left(), middle), QPointF(square.right(), middle))
            else:
                painter.setPen(palette.color(QPalette.ColorRole.Mid))
                painter.setBrush(mark if mark is not None else palette.color(QPalette.ColorRole.Base))
                painter.drawRoundedRect(square, 2, 2)
            x += width + 4
            if text:
                painter.setPen(palette.color(QPalette.ColorRole.WindowText))
                painter.drawText(
                    x, 0, self._advance(text), self.height(), Qt.AlignmentFlag.AlignVCenter, text
                )
            x += self._advance(text)
