"""The links of a graph: arrows where work is handed on, lines where people work together.

Links are many (8,000 for 2,000 people) and plain, so they are not items of their own: one
layer draws them all, a batch per pen (colour, width, dashes, dimmed or not), each batch one
path stroked in one call. Only the links of a node being dragged are drawn one by one, as
they move; the batches are made again when the drag ends, a filter or a highlight changes.
"""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from smarket_planner.analysis.graph_model import GraphLink, LinkKind
from smarket_planner.ui.graph.kept_picture import KeptPicture
from smarket_planner.ui.graph.palette import CRITICAL, FAR_LOD, LINK_COLOURS, LINK_STYLES

if TYPE_CHECKING:
    from smarket_planner.ui.graph.node_item import NodeItem

_PenKey = tuple[int, float, int, bool]  # colour, width, dashes, dimmed: the links drawn alike
DIM_ALPHA = 38  # a link left out of an up- or downstream highlight
ARROW_LOD = 0.3  # arrowheads are drawn from this zoom on
CULL_ABOVE = 600  # with more links than this, only those crossing the exposed part are stroked
SMOOTH_LOD = 0.6  # ... and they are smoothed only from this zoom on


class LinkItem:
    """One link between two nodes: its pen, its curve and arrowhead, shown or filtered out, lit or dim."""

    def __init__(self, link: GraphLink, source: NodeItem, target: NodeItem, directed: bool) -> None:
        self.link, self.source, self.target, self.directed = link, source, target, directed
        self.layer: LinkLayer | None = None
        self.pen = _pen(link)
        self.path = QPainterPath()
        self.line: QLineF | None = None  # the link when it is straight (drawn in a faster batch)
        self.head = QPolygonF()
        self.visible = True
        self.dim = False
        self.adjust()

    def isVisible(self) -> bool:
        """Whether the filter lets it through."""
        return self.visible

    def setVisible(self, visible: bool) -> None:
        """Show or hide it (the filter)."""
        if visible != self.visible:
            self.visible = visible
            self._changed()

    def opacity(self) -> float:
        """1.0, or less when dimmed by a highlight."""
        return DIM_ALPHA / 255 if self.dim else 1.0

    def setOpacity(self, opacity: float) -> None:
        """Dim it (below 1.0) or light it."""
        dim = opacity < 1.0
        if dim != self.dim:
            self.dim = dim
            self._changed()

    def sceneBoundingRect(self) -> QRectF:
        """The curve and its arrowhead, with the pen's width (a level line has no height of its own)."""
        reach = max(self.pen.widthF(), 1.0)
        bounds = self.path.boundingRect().united(self.head.boundingRect())
        return bounds.adjusted(-reach, -reach, reach, reach)

    def _changed(self) -> None:
        if self.layer is not None:
            self.layer.restyle()

    def pen_key(self) -> tuple[int, float, int, bool]:
        """Which batch it is drawn in."""
        return (self.pen.color().rgba(), self.pen.widthF(), self.pen.style().value, self.dim)

    def adjust(self) -> None:
        """Work out the curve between where its two nodes are now (plain numbers: fast for thousands)."""
        source, target = self.source.pos(), self.target.pos()
        sx, sy, tx, ty = source.x(), source.y(), target.x(), target.y()
        source_rect, target_rect = self.source.shape_rect(), self.target.shape_rect()
        path = QPainterPath()
        self.line = None
        if self.source.boxed and tx - sx > source_rect.width():
            start = QPointF(sx + source_rect.right(), sy)
            end = QPointF(tx + target_rect.left() - (4 if self.directed else 0), ty)
            bend = max((end.x() - start.x()) * 0.5, 20.0)
            path.moveTo(start)
            path.cubicTo(start + QPointF(bend, 0), end - QPointF(bend, 0), end)
        else:
            dx, dy = tx - sx, ty - sy
            length = math.hypot(dx, dy)
            ux, uy = (dx / length, dy / length) if length > 1e-6 else (0.0, 0.0)
            out = _reach(self.source, ux, uy, 0.0 if self.source.boxed else 1.0)
            back = _reach(self.target, ux, uy, 4.0 if self.target.boxed else 3.0)
            x1, y1, x2, y2 = sx + ux * out, sy + uy * out, tx - ux * back, ty - uy * back
            self.line = QLineF(x1, y1, x2, y2)
            path.moveTo(x1, y1)
            path.lineTo(x2, y2)
        self.path = path
        self.head = QPolygonF()
        if self.directed and path.length() > 1:
            tip = path.pointAtPercent(1.0)
            angle = math.radians(path.angleAtPercent(1.0))
            size = 7.0 + self.pen.widthF()
            back_x, back_y = math.cos(angle), -math.sin(angle)
            tip_x, tip_y = tip.x(), tip.y()
            self.head = QPolygonF(
                [
                    tip,
                    QPointF(
                        tip_x - back_x * size - back_y * size * 0.5,
                        tip_y - back_y * size + back_x * size * 0.5,
                    ),
                    QPointF(
                        tip_x - back_x * size + back_y * size * 0.5,
                        tip_y - back_y * size - back_x * size * 0.5,
                    ),
                ]
            )

    def draw(self, painter: QPainter, lod: float) -> None:
        """Draw this one link alone (while its node is dragged)."""
        painter.setPen(_at_lod(self.pen, lod, self.dim))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)
        if not self.head.isEmpty() and lod >= ARROW_LOD:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_faded(self.pen.color(), self.dim))
            painter.drawPolygon(self.head)


class LinkLayer(QGraphicsItem):
    """Every link of a graph, drawn a batch per pen."""

    def __init__(self, links: list[LinkItem]) -> None:
        super().__init__()
        self.links = links
        self._of_node: dict[int, list[LinkItem]] = {}  # by id of the node: the links it moves
        for link in links:
            link.layer = self
            for node in (link.source, link.target):
                if id(node) not in self._of_node:
                    self._of_node[id(node)] = []
                    node.on_moved.append(self._node_moved)
                self._of_node[id(node)].append(link)
        self.live: set[LinkItem] = set()  # links of nodes being dragged: drawn one by one
        self._batches: dict[tuple[int, float, int, bool], _Batch] | None = None
        self._heads: dict[tuple[int, bool], QPainterPath] = {}
        self._members: dict[tuple[int, float, int, bool], list[tuple[QRectF, LinkItem]]] = {}
        self._grid: _Grid | None = None
        self.picture = KeptPicture(self, self._draw)  # a big graph's links on screen, as pixels
        self._bounds = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # to know what is exposed
        self.setZValue(0)

    def restyle(self) -> None:
        """Make the batches again at the next paint (a filter, a highlight, a move that ended)."""
        self._batches = None
        self.update()

    def _node_moved(self, node: NodeItem, dragging: bool) -> None:
        self.moved(self._of_node.get(id(node), []), dragging)

    def moved(self, links: list[LinkItem], dragging: bool) -> None:
        """Some nodes moved: their links follow, drawn one by one while the drag lasts."""
        for link in links:
            link.adjust()
        if dragging:
            fresh = [link for link in links if link not in self.live]
            if fresh:
                self.live.update(fresh)
                self._batches = None
            self.prepareGeometryChange()
            self._bounds = QRectF()
            self.update()
        else:
            self.settle()

    def settle(self) -> None:
        """The drag is over: every link back in its batch."""
        self.live.clear()
        self.prepareGeometryChange()
        self._bounds = QRectF()
        self.restyle()

    def _make(self) -> None:
        batches: dict[tuple[int, float, int, bool], _Batch] = {}
        heads: dict[tuple[int, bool], QPainterPath] = {}
        members: dict[tuple[int, float, int, bool], list[tuple[QRectF, LinkItem]]] = {}
        for link in self.links:
            if not link.visible or link in self.live:
                continue
            key = link.pen_key()
            if key not in batches:
                batches[key] = _Batch(link.pen)
            batches[key].add(link)
            members.setdefault(key, []).append((link.sceneBoundingRect(), link))
            if not link.head.isEmpty():
                head_key = (link.pen.color().rgba(), link.dim)
                heads.setdefault(head_key, QPainterPath()).addPolygon(link.head)
        self._batches, self._heads, self._members = batches, heads, members
        self.picture.forget()
        self._grid = _Grid(members) if len(self.links) >= CULL_ABOVE else None

    def boundingRect(self) -> QRectF:
        """Every link's curve and arrowhead."""
        if self._bounds.isEmpty():
            rect = QRectF()
            for link in self.links:
                rect = rect.united(link.sceneBoundingRect())
            self._bounds = rect.adjusted(-8, -8, 8, 8)
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """The links, from the kept picture when a big graph is on screen; then the live links."""
        if self._batches is None:
            self._make()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if widget is not None and self._grid is not None:
            self.picture.paint(painter, option.exposedRect, lod, self.boundingRect())
        else:
            self._draw(painter, option.exposedRect, lod)
        for link in self.live:
            if link.visible:
                link.draw(painter, lod)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

    def _draw(self, painter: QPainter, seen: QRectF, lod: float) -> None:
        """Each batch crossing ``seen`` in one stroke, the arrowheads in one fill per colour."""
        if self._batches is None:
            self._make()
        assert self._batches is not None
        # Thousands of links zoomed out are hairlines anyway: smoothing them costs 3x the time.
        smooth = lod >= (FAR_LOD if len(self.links) < CULL_ABOVE else SMOOTH_LOD)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # Zoomed in on part of a big graph, stroking every link (Qt strokes a path whole, then
        # clips) costs more than picking out the few that cross what is shown.
        whole = seen.contains(self.boundingRect()) or len(self.links) < CULL_ABOVE
        near = None if whole or self._grid is None else self._grid.crossing(seen)
        for key, batch in self._batches.items():
            painter.setPen(_at_lod(batch.pen, lod, key[3]))
            if whole:
                batch.draw(painter)
            elif near is not None:  # already picked out by the grid
                _Batch.of(batch.pen, near.get(key, [])).draw(painter)
            else:
                _within(self._members[key], seen, batch.pen).draw(painter)
        if lod >= ARROW_LOD and self._heads:
            painter.setPen(Qt.PenStyle.NoPen)
            if whole:
                for (rgba, dim), heads in self._heads.items():
                    painter.fillPath(heads, _faded(QColor.fromRgba(rgba), dim))
            else:
                for key, members in (self._members if near is None else near).items():
                    heads = _heads_within(members, seen)
                    if not heads.isEmpty():
                        painter.fillPath(heads, _faded(QColor.fromRgba(key[0]), key[3]))


class _Grid:
    """The links filed by the squares of a grid their bounds touch, to find those crossing a
    rectangle without looking at all of them (numbers, not tuples, in the squares: quicker sets)."""

    CELL = 300.0  # points
    SPREAD = 64  # a link touching more squares than this is kept aside and always looked at
    LOOKUP_MOST = 4096  # a part bigger than this many squares is not looked up: all links are

    def __init__(self, members: dict[_PenKey, list[tuple[QRectF, LinkItem]]]) -> None:
        self.flat: list[tuple[_PenKey, QRectF, LinkItem]] = []
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.wide: list[int] = []
        for key, entries in members.items():
            for bounds, link in entries:
                number = len(self.flat)
                self.flat.append((key, bounds, link))
                cells = self._cells(bounds)
                if cells is None:
                    self.wide.append(number)
                    continue
                for cell in cells:
                    self.cells.setdefault(cell, []).append(number)

    def _cells(self, rect: QRectF, most: int = SPREAD) -> list[tuple[int, int]] | None:
        """The squares a rectangle touches; None when they are more than ``most``."""
        c = self.CELL
        xs = range(int(rect.left() // c), int(rect.right() // c) + 1)
        ys = range(int(rect.top() // c), int(rect.bottom() // c) + 1)
        if len(xs) * len(ys) > most:
            return None
        return [(x, y) for x in xs for y in ys]

    def crossing(self, rect: QRectF) -> dict[_PenKey, list[tuple[QRectF, LinkItem]]] | None:
        """The links whose bounds cross a rectangle, by batch; None when it is too big to look up."""
        cells = self._cells(rect, self.LOOKUP_MOST)
        if cells is None:
            return None
        found = set(self.wide)
        for cell in cells:
            found.update(self.cells.get(cell, ()))
        picked: dict[_PenKey, list[tuple[QRectF, LinkItem]]] = {}
        flat = self.flat
        for number in found:  # the order within a batch does not show
            key, bounds, link = flat[number]
            if bounds.intersects(rect):
                picked.setdefault(key, []).append((bounds, link))
        return picked


class _Batch:
    """Links drawn with one pen: the straight ones as lines (each stroked on its own, fast), the
    curved ones as one path (a path of many crossing lines fills slowly, so lines stay apart)."""

    def __init__(self, pen: QPen) -> None:
        self.pen = pen
        self.lines: list[QLineF] = []
        self.curves = QPainterPath()

    @classmethod
    def of(cls, pen: QPen, members: list[tuple[QRectF, LinkItem]]) -> _Batch:
        """A batch of these links."""
        batch = cls(pen)
        for _, link in members:
            batch.add(link)
        return batch

    def add(self, link: LinkItem) -> None:
        if link.line is not None:
            self.lines.append(link.line)
        else:
            self.curves.addPath(link.path)

    def draw(self, painter: QPainter) -> None:
        if self.lines:
            painter.drawLines(self.lines)
        if not self.curves.isEmpty():
            painter.drawPath(self.curves)


def _within(members: list[tuple[QRectF, LinkItem]], seen: QRectF, pen: QPen) -> _Batch:
    """The links of a batch that cross a rectangle."""
    batch = _Batch(pen)
    for bounds, link in members:
        if bounds.intersects(seen):
            batch.add(link)
    return batch


def _heads_within(members: list[tuple[QRectF, LinkItem]], seen: QRectF) -> QPainterPath:
    """The arrowheads of the links of a batch that cross a rectangle, as one path."""
    path = QPainterPath()
    for bounds, link in members:
        if bounds.intersects(seen) and not link.head.isEmpty():
            path.addPolygon(link.head)
    return path


def _pen(link: GraphLink) -> QPen:
    """A link's pen: width by weight, colour and dashes by kind, red on the critical path or in a loop."""
    return QPen(_pen_of(link.kind, link.weight, link.critical, link.in_cycle))


@cache
def _pen_of(kind: LinkKind, weight: float, critical: bool, in_cycle: bool) -> QPen:
    """The pens, made once each: thousands of links share a handful."""
    link = GraphLink("", "", kind, weight, critical, in_cycle)
    width = min(1.0 + math.log2(max(link.weight, 1.0)) * 0.9, 5.0)
    if link.kind is LinkKind.COLLABORATION:
        width = min(0.8 + math.log2(max(link.weight, 1.0)) * 0.6, 3.5)
    colour = QColor(LINK_COLOURS[link.kind])
    style = LINK_STYLES[link.kind]
    if link.critical:
        colour, width = QColor(CRITICAL), width + 1.5
    if link.in_cycle:
        colour, style = QColor(CRITICAL), Qt.PenStyle.DashLine
    return QPen(colour, width, style, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)


def _faded(colour: QColor, dim: bool) -> QColor:
    if not dim:
        return colour
    faded = QColor(colour)
    faded.setAlpha(DIM_ALPHA)
    return faded


def _at_lod(pen: QPen, lod: float, dim: bool) -> QPen:
    """The pen as drawn at a zoom: far out a plain hairline is all one sees."""
    colour = _faded(pen.color(), dim)
    if lod < FAR_LOD:
        return QPen(colour, 0)
    drawn = QPen(pen)
    drawn.setColor(colour)
    # Zoomed in, links keep their width on screen (as in Gephi or yEd): a line as wide as a
    # finger says nothing more, and filling thousands of them froze the view.
    drawn.setWidthF(pen.widthF() * min(lod, 1.0))
    drawn.setCosmetic(lod > 1.0)
    if lod > 1.0:
        drawn.setWidthF(pen.widthF())
    return drawn


def _reach(item: NodeItem, ux: float, uy: float, gap: float) -> float:
    """How far from a node's centre a straight link along (ux, uy) meets its outline, plus a gap."""
    half_w, half_h, boxed = item.extent
    if not boxed:
        return half_w + gap
    across = half_w / abs(ux) if abs(ux) > 1e-6 else 1e9
    down = half_h / abs(uy) if abs(uy) > 1e-6 else 1e9
    return min(across, down) + gap
