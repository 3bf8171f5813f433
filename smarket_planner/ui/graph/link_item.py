"""A link of a graph: an arrow when work is handed on, a line when people work together."""

from __future__ import annotations

import math
from html import escape

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from smarket_planner.analysis.graph_picture import GraphLink, LinkKind
from smarket_planner.ui.graph.node_item import NodeItem
from smarket_planner.ui.graph.palette import CRITICAL, FAR_LOD, LINK_COLOURS, LINK_STYLES


class LinkItem(QGraphicsItem):
    """A link between two nodes: an arrow when work is handed on, a line when people work together."""

    def __init__(self, link: GraphLink, source: NodeItem, target: NodeItem, directed: bool) -> None:
        super().__init__()
        self.link, self.source, self.target, self.directed = link, source, target, directed
        source.links.append(self)
        target.links.append(self)
        self.setZValue(1 if link.critical or link.in_cycle else 0)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setToolTip(escape(link.label))
        self.pen = self._make_pen()
        self.path = QPainterPath()
        self.head = QPolygonF()
        self._bounds = QRectF()
        self.adjust()

    def _make_pen(self) -> QPen:
        link = self.link
        width = min(1.0 + math.log2(max(link.weight, 1.0)) * 0.9, 5.0)
        if link.kind is LinkKind.COLLABORATION:
            width = min(0.8 + math.log2(max(link.weight, 1.0)) * 0.6, 3.5)
        colour = QColor(LINK_COLOURS[link.kind])
        style = LINK_STYLES[link.kind]
        if link.critical:
            colour, width = QColor(CRITICAL), width + 1.5
        if link.in_cycle:
            colour, style = QColor(CRITICAL), Qt.PenStyle.DashLine
        pen = QPen(colour, width, style, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        return pen

    def adjust(self) -> None:
        """Redraw the link between where its two nodes are now."""
        self.prepareGeometryChange()
        start_centre, end_centre = self.source.pos(), self.target.pos()
        path = QPainterPath()
        source_rect, target_rect = self.source.shape_rect(), self.target.shape_rect()
        if self.source.boxed and end_centre.x() - start_centre.x() > source_rect.width():
            start = start_centre + QPointF(source_rect.right(), 0)
            end = end_centre + QPointF(target_rect.left() - (4 if self.directed else 0), 0)
            bend = max((end.x() - start.x()) * 0.5, 20.0)
            path.moveTo(start)
            path.cubicTo(start + QPointF(bend, 0), end - QPointF(bend, 0), end)
        else:
            line = QLineF(start_centre, end_centre)
            start = _edge_point(self.source, line, True)
            end = _edge_point(self.target, line, False)
            path.moveTo(start)
            path.lineTo(end)
        self.path = path
        self.head = QPolygonF()
        if self.directed and path.length() > 1:
            tip = path.pointAtPercent(1.0)
            angle = math.radians(path.angleAtPercent(1.0))
            size = 7.0 + self.pen.widthF()
            back = QPointF(math.cos(angle), -math.sin(angle))
            side = QPointF(-back.y(), back.x())
            self.head = QPolygonF(
                [tip, tip - back * size + side * size * 0.5, tip - back * size - side * size * 0.5]
            )
        margin = self.pen.widthF() + 8
        self._bounds = (
            path.boundingRect().united(self.head.boundingRect()).adjusted(-margin, -margin, margin, margin)
        )

    def boundingRect(self) -> QRectF:
        """The curve and its arrowhead."""
        return self._bounds

    def shape(self) -> QPainterPath:
        """The stroke, for hit tests and tooltips."""
        stroker = QPainterPathStroker()
        stroker.setWidth(max(self.pen.widthF(), 6.0))
        return stroker.createStroke(self.path)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the line in the link's style; the arrowhead only when it can be seen."""
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if lod < FAR_LOD:  # far out: a plain hairline, drawn without smoothing, is all one sees
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(self.pen.color(), 0))
            painter.drawPath(self.path)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            return
        painter.setPen(self.pen)
        painter.drawPath(self.path)
        if not self.head.isEmpty() and lod >= 0.3:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.pen.color())
            painter.drawPolygon(self.head)


def _edge_point(item: NodeItem, line: QLineF, at_start: bool) -> QPointF:
    """Where a straight link meets a node's outline (discs by radius, boxes by their side)."""
    rect = item.shape_rect()
    centre = line.p1() if at_start else line.p2()
    length = line.length()
    if length < 1e-6:
        return centre
    direction = (line.p2() - line.p1()) / length * (1 if at_start else -1)
    if item.boxed:
        dx, dy = abs(direction.x()), abs(direction.y())
        reach = min(rect.width() / 2 / dx if dx > 1e-6 else 1e9, rect.height() / 2 / dy if dy > 1e-6 else 1e9)
        reach += 0 if at_start else 4
    else:
        reach = rect.width() / 2 + (1 if at_start else 3)
    return centre + direction * reach
