"""Every node of a graph drawn by one layer, so that a repaint is one call, not one per node.

A node stays an item of its own for all a person does with it (click, drag, select, hover
for its facts), but it draws nothing itself: Qt calling into Python once per visible node,
with a painter, an option and a widget made for each call, cost more than the drawing
(measured with 2,000 people at 40 %: 15-25 ms of a 20-30 ms frame). This layer asks the
which nodes cross what is exposed and draws them in one loop, the selected
ones last so that their rings stay on top. (The scene's own index is not asked: it finds
nothing while the scene is rendered to a file.)
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from smarket_planner.ui.graph.node_item import NodeItem
from smarket_planner.ui.graph.palette import FAR_LOD

NODE_Z = 2.0  # above the links


class NodeLayer(QGraphicsItem):
    """Draws the nodes that cross the exposed part of the view, in one loop."""

    def __init__(self, nodes: Iterable[NodeItem]) -> None:
        super().__init__()
        self.nodes = list(nodes)
        for node in self.nodes:
            node.layer = self
        self._bounds = QRectF()
        # The nodes near the part last drawn, and that part grown by half on every side: a pan
        # or a zoom step within it need not look at every node again.
        self._near: tuple[QRectF, list[tuple[QRectF, NodeItem]]] | None = None
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # to know what is exposed
        self.setZValue(NODE_Z)

    def repaint_area(self, rect: QRectF) -> None:
        """Draw a part again (a node changed there), growing the layer if the node left it."""
        self._near = None
        if not self._bounds.isEmpty() and not self._bounds.contains(rect):
            self.prepareGeometryChange()
            self._bounds = self._bounds.united(rect)
        self.update(rect)

    def boundingRect(self) -> QRectF:
        """Every node with its marks and caption."""
        if self._bounds.isEmpty():
            rect = QRectF()
            for node in self.nodes:
                rect = rect.united(node.area())
            self._bounds = rect
        return self._bounds

    def shape(self) -> QPainterPath:
        """Nothing to click: clicks go to the nodes themselves."""
        return QPainterPath()

    def _crossing(self, seen: QRectF) -> list[NodeItem]:
        """The shown nodes whose area crosses a part of the layer, bottom to top."""
        if self._near is None or not self._near[0].contains(seen):
            region = seen.adjusted(-seen.width() / 2, -seen.height() / 2, seen.width() / 2, seen.height() / 2)
            near = [
                (area, node)
                for node in self.nodes
                if node.isVisible() and (area := node.area()).intersects(region)
            ]
            self._near = (region, near)
        return [node for area, node in self._near[1] if area.intersects(seen)]

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Plain discs a batch per colour, then the other nodes, the selected last, then the names."""
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        nodes = self._crossing(option.exposedRect)
        plain: dict[int, tuple[QColor, QPen, list[QRectF]]] = {}
        special: list[NodeItem] = []
        selected: list[NodeItem] = []
        for node in nodes:
            if node.isSelected():
                selected.append(node)
                continue
            disc = node.plain_disc() if node.opacity() >= 1.0 else None
            if disc is None:
                special.append(node)
                continue
            fill, pen = disc
            batch = plain.get(fill.rgba())
            if batch is None:
                batch = plain[fill.rgba()] = (fill, pen, [])
            where = node.pos()
            batch[2].append(node.shape_rect().translated(where.x(), where.y()))
        far = lod < FAR_LOD
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, not far)  # specks need no smoothing
        for fill, pen, rects in plain.values():
            painter.setPen(Qt.PenStyle.NoPen if far else pen)
            painter.setBrush(fill)
            for rect in rects:
                painter.drawEllipse(rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        base = painter.worldTransform()
        opacity = painter.opacity()
        for group, is_selected in ((special, False), (selected, True)):
            for node in group:
                self._at(painter, node, base, opacity)
                node.draw_shape(painter, lod, is_selected)
        for node in nodes:  # names over every shape, so that none is hidden by a neighbour
            if node.shows_caption():
                self._at(painter, node, base, opacity)
                node.draw_caption(painter, lod)
        painter.setWorldTransform(base)
        painter.setOpacity(opacity)

    @staticmethod
    def _at(painter: QPainter, node: NodeItem, base: QTransform, opacity: float) -> None:
        """Set the painter to draw one node where it stands, faint when dimmed."""
        where = node.pos()
        painter.setWorldTransform(QTransform.fromTranslate(where.x(), where.y()) * base)
        painter.setOpacity(opacity * node.opacity())
