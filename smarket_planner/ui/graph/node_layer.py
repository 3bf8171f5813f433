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

import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from smarket_planner.ui.graph.kept_picture import KeptPicture
from smarket_planner.ui.graph.node_item import NodeItem
from smarket_planner.ui.graph.palette import FAR_LOD

NODE_Z = 2.0  # above the links
CELL = 400.0  # points a side of the squares nodes are filed by
PICTURE_FROM = 300  # nodes: a graph this big keeps its nodes on screen as a picture


class NodeLayer(QGraphicsItem):
    """Draws the nodes that cross the exposed part of the view, in one loop."""

    def __init__(self, nodes: Iterable[NodeItem]) -> None:
        super().__init__()
        self.nodes = list(nodes)
        for node in self.nodes:
            node.layer = self
        self._bounds = QRectF()
        # The shown nodes filed by the squares of a grid their areas touch, in drawing order:
        # a part of the layer is drawn without looking at every node (made again on a change).
        self._cells: dict[tuple[int, int], list[tuple[int, QRectF, NodeItem]]] | None = None
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # to know what is exposed
        self.setZValue(NODE_Z)
        self.picture = KeptPicture(self, self._draw)  # a big graph's nodes on screen, as pixels
        self._holding = 0
        self._changed = False  # a node changed while holding

    @contextmanager
    def changing(self, gradual: bool = False) -> Iterator[None]:
        """Many nodes change at once (a filter, a highlight): one redraw at the end, at once or
        (names chosen again when the wheel rests) a few tiles at a time."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
            if self._holding == 0 and self._changed:
                self._changed = False
                self.prepareGeometryChange()
                self._bounds = QRectF()
                if gradual:
                    self.picture.renew()
                else:
                    self.picture.forget()
                self.update()

    def holding(self) -> bool:
        """Whether many nodes are changing, to be drawn again all at once at the end."""
        return self._holding > 0

    def repaint_later(self) -> None:
        """A node changed while holding: everything is drawn again at the end."""
        self._cells = None
        self._changed = True

    def repaint_area(self, rect: QRectF) -> None:
        """Draw a part again (a node changed there), growing the layer if the node left it."""
        if self._holding:
            self.repaint_later()
            return
        self._cells = None
        self.picture.redraw(rect)
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
        if self._cells is None:
            self._cells = {}
            for order, node in enumerate(self.nodes):
                if node.isVisible():
                    area = node.area()
                    for cell in _cells_of(area):
                        self._cells.setdefault(cell, []).append((order, area, node))
        found: dict[int, NodeItem] = {}
        for cell in _cells_of(seen):
            for order, area, node in self._cells.get(cell, ()):
                if order not in found and area.intersects(seen):
                    found[order] = node
        return [found[order] for order in sorted(found)]

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """From the kept picture when a big graph is on screen, else directly."""
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if widget is not None and len(self.nodes) >= PICTURE_FROM:
            self.picture.paint(painter, option.exposedRect, lod, self.boundingRect())
        else:
            self._draw(painter, option.exposedRect, lod)

    def _draw(self, painter: QPainter, seen: QRectF, lod: float) -> None:
        """Plain discs a batch per colour, then the other nodes, the selected last, then the names."""
        nodes = self._crossing(seen)
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


def _cells_of(rect: QRectF) -> list[tuple[int, int]]:
    """The squares of the grid a rectangle touches."""
    xs = range(math.floor(rect.left() / CELL), math.floor(rect.right() / CELL) + 1)
    ys = range(math.floor(rect.top() / CELL), math.floor(rect.bottom() / CELL) + 1)
    return [(x, y) for x in xs for y in ys]
