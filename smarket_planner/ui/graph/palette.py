"""The colours, marks and type the graph is drawn with, on screen and in every export."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF

from smarket_planner.analysis.graph_model import LinkKind

CRITICAL = "#d64541"
BOTTLENECK = "#f08c00"
SINGLE_POINT = "#b8860b"
SELECTED = "#2f7ed8"
INK, QUIET_INK, OUTLINE = "#1f2937", "#5b6472", "#6b7280"
LINK_COLOURS = {
    LinkKind.BLOCKING: "#4b5563",
    LinkKind.NON_BLOCKING: "#6b7280",
    LinkKind.HAND_OFF: "#7c5cbf",
    LinkKind.CROSS_TEAM: "#4b5563",
    LinkKind.COLLABORATION: "#a3a9b3",
}
LINK_STYLES = {
    LinkKind.BLOCKING: Qt.PenStyle.SolidLine,
    LinkKind.NON_BLOCKING: Qt.PenStyle.DotLine,
    LinkKind.HAND_OFF: Qt.PenStyle.DashLine,
    LinkKind.CROSS_TEAM: Qt.PenStyle.SolidLine,
    LinkKind.COLLABORATION: Qt.PenStyle.SolidLine,
}
# Zoom (device pixels per point) below which boxes show no words inside, and no second line.
BOX_TEXT_LOD, DETAIL_LOD = 0.5, 0.6
CAPTION_MAX_W = 120.0  # a caption under a disc is elided to this width, in points at 100 %
FAR_LOD = 0.3  # below this zoom links are hairlines and nodes flat shapes
RING = 7.0  # room around a shape for the marks and the selection ring


@cache
def font(size: float, bold: bool = False) -> QFont:
    """The text face of the graph at a point size (made once: fonts are dear to build)."""
    face = QFont()
    face.setPointSizeF(size)
    face.setBold(bold)
    return face


@cache
def metrics(size: float, bold: bool = False) -> QFontMetricsF:
    """Measures of that face."""
    return QFontMetricsF(font(size, bold))
