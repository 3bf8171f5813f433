"""A big graph seen from afar: every node a dot, every link a hairline, drawn in a few strokes.

Thousands of items each painting itself cost a Python call apiece (60-80 ms a frame for
2,000 nodes and 8,000 links); from afar nothing but their colours and places can be seen
anyway. So when a big graph is zoomed out, its items step aside and this one item paints
the links as one batch of lines per colour and the nodes as one batch of round or square
points per colour and size, which takes a few milliseconds, and on screen keeps what it drew
as a picture (see kept_picture.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from smarket_planner.ui.graph.kept_picture import KeptPicture
from smarket_planner.ui.graph.link_item import LinkItem
from smarket_planner.ui.graph.node_item import NodeItem
from smarket_planner.ui.graph.palette import CRITICAL, SELECTED

# A graph with more items than this is drawn as an overview when zoomed out below OVERVIEW_ZOOM.
OVERVIEW_ITEMS = 1200
OVERVIEW_ZOOM = 0.3
SMOOTH_DOTS = 6.0  # dots at least this many pixels wide are smoothed
DIM_ALPHA = 40  # a node or link left out of an up- or downstream highlight


@dataclass
class _Strokes:
    """What one paint draws: lines by pen colour, points by colour, size and shape."""

    lines: dict[str, list[QLineF]]
    points: dict[tuple[str, int, float], QPolygonF]  # discs by colour, alpha and width
    boxes: dict[tuple[str, int], list[QRectF]]  # boxes by colour and alpha
    rings: list[QRectF]  # selected nodes


class OverviewItem(QGraphicsItem):
    """The whole graph as dots and hairlines, shown in place of its items when zoomed far out."""

    def __init__(self, nodes: Iterable[NodeItem], links: Iterable[LinkItem]) -> None:
        super().__init__()
        self.node_items, self.link_items = list(nodes), list(links)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(-1)
        self._strokes: _Strokes | None = None
        self._bounds = QRectF()
        self.picture = KeptPicture(self, self._draw)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # to know what is exposed

    def refresh(self) -> None:
        """Forget the strokes: nodes moved, were filtered, selected or lit up."""
        self.prepareGeometryChange()
        self._strokes = None
        self._bounds = QRectF()
        self.picture.forget()
        self.update()

    def _shown(self, item: NodeItem) -> bool:
        parent = item.parentItem()
        return item.isVisibleTo(parent) if parent is not None else item.isVisible()

    def _make(self) -> _Strokes:
        lines: dict[str, list[QLineF]] = {}
        for link in self.link_items:
            if not link.visible:
                continue
            name = link.pen.color().name()
            key = f"{name}/dim" if link.dim else name
            # A straight link's ends are known already (asking Qt for two positions costs more).
            line = link.line if link.line is not None else QLineF(link.source.pos(), link.target.pos())
            lines.setdefault(key, []).append(line)
        points: dict[tuple[str, int, float], QPolygonF] = {}
        boxes: dict[tuple[str, int], list[QRectF]] = {}
        rings: list[QRectF] = []
        for node in self.node_items:
            if not self._shown(node):
                continue
            rect = node.shape_rect()
            marked = node.node.critical or node.node.in_cycle
            colour: str = CRITICAL if marked else node.node.colour
            alpha = 255 if node.opacity() >= 1.0 else DIM_ALPHA
            if node.boxed:
                boxes.setdefault((colour, alpha), []).append(rect.translated(node.pos()))
            else:
                width = round(max(rect.width(), rect.height()), 1)
                points.setdefault((colour, alpha, width), QPolygonF()).append(node.pos())
            if node.isSelected():
                rings.append(rect.translated(node.pos()).adjusted(-6, -6, 6, 6))
        return _Strokes(lines, points, boxes, rings)

    def boundingRect(self) -> QRectF:
        """Every node and link it draws."""
        if self._bounds.isEmpty():
            rect = QRectF()
            for node in self.node_items:
                rect = rect.united(node.shape_rect().translated(node.pos()))
            self._bounds = rect.adjusted(-20, -20, 20, 20)
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """From the kept picture on screen, drawn directly into a file."""
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if widget is not None:
            self.picture.paint(painter, option.exposedRect, lod, self.boundingRect())
        else:
            self._draw(painter, option.exposedRect, lod)

    def _draw(self, painter: QPainter, seen: QRectF, lod: float) -> None:
        """Hairlines first, then the dots, then a ring round what is selected."""
        if self._strokes is None:
            self._strokes = self._make()
        strokes = self._strokes
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for key, lines in strokes.lines.items():
            colour = QColor(key.split("/")[0])
            if key.endswith("/dim"):
                colour.setAlpha(DIM_ALPHA)
            painter.setPen(QPen(colour, 0))
            painter.drawLines(lines)
        # Dots a few pixels wide look the same unsmoothed, and draw several times faster.
        painter.setPen(Qt.PenStyle.NoPen)
        for (name, alpha), rects in strokes.boxes.items():
            colour = QColor(name)
            colour.setAlpha(alpha)
            painter.setBrush(colour)
            painter.drawRects(rects)
        for (name, alpha, width), where in strokes.points.items():
            colour = QColor(name)
            colour.setAlpha(alpha)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, width * lod >= SMOOTH_DOTS)
            painter.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawPoints(where)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if strokes.rings:
            painter.setPen(QPen(QColor(SELECTED), 0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for ring in strokes.rings:
                painter.drawEllipse(ring)

    def node_near(self, point: QPointF, reach: float) -> NodeItem | None:
        """The shown node closest to a point, if one lies within ``reach``."""
        best: tuple[float, NodeItem] | None = None
        for node in self.node_items:
            if not self._shown(node):
                continue
            rect = node.shape_rect().translated(node.pos()).adjusted(-reach, -reach, reach, reach)
            if rect.contains(point):
                offset = node.pos() - point
                distance = offset.x() ** 2 + offset.y() ** 2
                if best is None or distance < best[0]:
                    best = (distance, node)
        return best[1] if best else None
