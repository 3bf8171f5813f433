"""A node of a graph: a box for work, a disc for people and functions, marked by the analysis."""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape
from typing import Any, Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem, QStyle, QStyleOptionGraphicsItem, QWidget

from smarket_planner.analysis.graph_model import GraphNode
from smarket_planner.analysis.graph_placement import BOX_H, BOX_W
from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.graph.palette import (
    BOTTLENECK,
    BOX_TEXT_LOD,
    CAPTION_MAX_W,
    CRITICAL,
    DETAIL_LOD,
    FAR_LOD,
    INK,
    OUTLINE,
    QUIET_INK,
    RING,
    SELECTED,
    SINGLE_POINT,
    font,
    metrics,
)

PLATE = QColor(255, 255, 255, 200)
INK_COLOUR, QUIET_INK_COLOUR = QColor(INK), QColor(QUIET_INK)


class NodeDrawer(Protocol):
    """What draws the nodes (the NodeLayer): told where a node changed."""

    def holding(self) -> bool:
        """Whether many nodes are changing, to be drawn again all at once at the end."""

    def repaint_later(self) -> None:
        """A node changed while holding."""

    def repaint_area(self, rect: QRectF) -> None:
        """A node changed in this part of the drawing."""


def tooltip_html(node: GraphNode) -> str:
    """The node's facts as a small plain list, every word escaped."""
    lines = "".join(f"<tr><td>{escape(k)}:&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in node.facts)
    return f"<b>{escape(node.label)}</b><table>{lines}</table>"


def disc_radius(node: GraphNode) -> float:
    """How big a disc is: functions and large teams by their number of people."""
    if node.entity is EntityKind.FUNCTION:
        return min(14.0 + 5.0 * math.sqrt(node.size), 40.0)  # neighbours sit ~120 pt apart
    if node.entity is EntityKind.TASK_FORCE:  # a large team in the people graph
        return min(14.0 + 3.0 * math.sqrt(node.size), 44.0)
    return 10.0


class NodeItem(QGraphicsItem):
    """One thing of the graph, drawn by its kind; drag it to move it, its links follow.

    In a scene the item draws nothing itself: its NodeLayer draws every node in one loop
    (see node_layer.py), and the item tells the layer which part to draw again.
    """

    def __init__(self, node: GraphNode, boxed: bool) -> None:
        super().__init__()
        self.node = node
        self.layer: NodeDrawer | None = None  # draws it
        # Told when the node has moved, and whether a drag goes on (its links follow it).
        self.on_moved: list[Callable[[NodeItem, bool], None]] = []
        self._left: QRectF | None = None  # where it stood before a move
        self.boxed = boxed  # the layered graphs draw boxes; the networks discs and diamonds
        self.captioned = True  # chosen by the scene so that no two captions overlap
        self.caption_scale = 1.0  # captions keep their size on screen when zoomed out
        self.box_caption = False  # zoomed out so far that a box shows a caption, not its words
        self.importance = 0.0
        flag = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flag.ItemIsMovable | flag.ItemIsSelectable | flag.ItemSendsGeometryChanges)
        self.setFlag(flag.ItemHasNoContents)  # its layer draws it
        self.setAcceptHoverEvents(True)
        self.setToolTip(tooltip_html(node))
        self.setZValue(2)
        self._shape_rect = self._make_shape_rect()
        # Half width, half height and whether boxed, as plain numbers for the links' sums.
        self.extent = (self._shape_rect.width() / 2, self._shape_rect.height() / 2, boxed)
        self._caption = node.label
        self._caption_rect: QRectF | None = None
        self._caption_size: tuple[float, float] | None = None  # unscaled width and height
        self._bounds = self._shape_rect.adjusted(-RING, -RING, RING, RING)
        self._area: QRectF | None = None  # the bounds and the caption
        self._caption_words: tuple[QStaticText, float] | None = None  # elided, and its plate's width
        self._fill = QColor(node.colour)
        self._pen: QPen | None = None

    # -- geometry ---------------------------------------------------------------------------
    def _make_shape_rect(self) -> QRectF:
        if self.boxed:
            h = BOX_H + (8 if self.node.entity is EntityKind.TASK_FORCE else 0)
            return QRectF(-BOX_W / 2, -h / 2, BOX_W, h)
        r = disc_radius(self.node)
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape_rect(self) -> QRectF:
        """The box or disc itself, around the node's centre."""
        return self._shape_rect

    def shows_caption(self) -> bool:
        """Whether a caption (a name outside or over the shape) is drawn."""
        return self.captioned and (not self.boxed or self.box_caption)

    def caption_rect(self) -> QRectF:
        """Where the caption goes: under a disc, over a box, in scene units."""
        if self._caption_rect is None:
            self._caption_rect = self._measure_caption()
        return self._caption_rect

    def _measure_caption(self) -> QRectF:
        s = self.caption_scale
        if self._caption_size is None:  # the same words at every zoom: measured once
            measure = metrics(8.5 if not self.boxed else 9.0, self.boxed)
            self._caption_size = (
                min(measure.horizontalAdvance(self._caption) + 2, CAPTION_MAX_W),
                measure.height(),
            )
        width, height = self._caption_size[0] * s, self._caption_size[1] * s
        shape = self._shape_rect
        if self.boxed:
            return QRectF(-width / 2, -height / 2, width, height)
        return QRectF(-width / 2, shape.bottom() + 2 * s, width, height)

    def boundingRect(self) -> QRectF:
        """The shape and its marks (the caption is its layer's to draw: see ``area``)."""
        return self._bounds

    def area(self) -> QRectF:
        """What the node covers in its layer where it stands: shape, marks and caption."""
        if self._area is None:  # worked out once per caption change
            self._area = self._bounds.united(self.caption_rect()) if self.shows_caption() else self._bounds
        return self._area.translated(self.pos())

    def _repaint(self) -> None:
        if self.layer is not None:
            if self.layer.holding():  # it draws everything again at the end
                self.layer.repaint_later()
            else:
                self.layer.repaint_area(self.area())

    def shape(self) -> QPainterPath:
        """What a click hits: the box or the disc."""
        path = QPainterPath()
        if self.boxed:
            path.addRect(self._shape_rect)
        else:
            path.addEllipse(self._shape_rect)
        return path

    def set_caption(self, shown: bool, scale: float, box_caption: bool) -> None:
        """Show or hide the caption at a scale (the scene decides, so that captions never overlap)."""
        if (shown, scale, box_caption) == (self.captioned, self.caption_scale, self.box_caption):
            return
        self._repaint()
        self.captioned, self.caption_scale, self.box_caption = shown, scale, box_caption
        self._caption_rect = self._area = None
        self._repaint()

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        """Bring the links along when the node moves; have its layer draw what changed."""
        if change in _LOOKS:
            self._repaint()
        if change is QGraphicsItem.GraphicsItemChange.ItemPositionChange and self.layer is not None:
            self._left = None if self.layer.holding() else self.area()  # drawn again once left
        if change is QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            if self._left is not None and self.layer is not None and not self.layer.holding():
                self.layer.repaint_area(self._left)
            self._left = None
            self._repaint()
            scene = self.scene()
            dragging = scene is not None and scene.mouseGrabberItem() is not None
            for told in self.on_moved:
                told(self, dragging)
        return super().itemChange(change, value)

    # -- drawing ----------------------------------------------------------------------------
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the node alone (its layer draws it in a scene)."""
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        self.draw(painter, lod, bool(option.state & QStyle.StateFlag.State_Selected))

    def draw(self, painter: QPainter, lod: float, selected: bool) -> None:
        """Draw the shape, its marks and its words, as much as the zoom lets one read."""
        self.draw_shape(painter, lod, selected)
        self.draw_caption(painter, lod)

    def draw_shape(self, painter: QPainter, lod: float, selected: bool) -> None:
        """The box or disc with its marks, and a ring when selected."""
        if self.boxed:
            self._paint_box(painter, lod, self._fill)
        else:
            self._paint_disc(painter, lod, self._fill)
        if lod >= 0.25:
            self._paint_marks(painter)
        if selected:
            painter.setPen(QPen(QColor(SELECTED), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            self._outline(painter, self._shape_rect.adjusted(-4, -4, 4, 4))

    def draw_caption(self, painter: QPainter, lod: float) -> None:
        """The name, when the scene chose to show it and the zoom lets one read it."""
        if self.shows_caption() and lod * self.caption_scale >= 0.45:
            self._paint_caption(painter)

    def plain_disc(self) -> tuple[QColor, QPen] | None:
        """The fill and outline of a disc with no marks (drawn in a batch), or None."""
        node = self.node
        if self.boxed or node.entity is EntityKind.TASK_FORCE or node.external:
            return None
        if node.critical or node.in_cycle or node.bottleneck or node.single_point:
            return None
        return self._fill, self._border()

    def _outline(self, painter: QPainter, rect: QRectF) -> None:
        entity = self.node.entity
        if self.boxed and entity is EntityKind.TASK_FORCE:
            painter.drawPolygon(_hexagon(rect))
        elif self.boxed:
            painter.drawRoundedRect(rect, 6, 6)
        elif entity is EntityKind.TASK_FORCE:
            painter.drawPolygon(_diamond(rect))
        else:
            painter.drawEllipse(rect)

    def _border(self) -> QPen:
        if self._pen is None:  # drawn hundreds of times a frame: made once
            self._pen = self._make_border()
        return self._pen

    def _make_border(self) -> QPen:
        node = self.node
        if node.critical:
            return QPen(QColor(CRITICAL), 3)
        if node.in_cycle:
            pen = QPen(QColor(CRITICAL), 2.5, Qt.PenStyle.DashLine)
            return pen
        pen = QPen(QColor(OUTLINE if self.boxed else QColor(node.colour).darker(135)), 1.2)
        if node.external:
            pen.setStyle(Qt.PenStyle.DashLine)
        return pen

    def _paint_box(self, painter: QPainter, lod: float, colour: QColor) -> None:
        node, rect = self.node, self._shape_rect
        muted = node.done or node.external
        if lod < FAR_LOD:  # a speck: one flat rectangle is all the eye can see
            painter.fillRect(rect, colour.lighter(150) if muted else colour)
            if node.critical or node.in_cycle:
                painter.fillRect(rect.adjusted(0, rect.height() * 0.7, 0, 0), QColor(CRITICAL))
            return
        painter.setPen(self._border())
        if node.entity is EntityKind.TASK_FORCE:
            tint = QColor(colour)
            tint.setAlpha(60 if muted else 90)
            painter.setBrush(QBrush(QColor("#f6f7f9") if muted else QColor("white")))
            painter.drawPolygon(_hexagon(rect))
            painter.setBrush(tint)
            painter.drawPolygon(_hexagon(rect))
            text_rect = rect.adjusted(22, 4, -22, -4)
        else:
            painter.setBrush(QColor("#f3f4f6") if muted else QColor("white"))
            painter.drawRoundedRect(rect, 6, 6)
            band = QColor(colour)
            if muted:
                band.setAlpha(110)
            painter.fillRect(QRectF(rect.left() + 1, rect.top() + 4, 6, rect.height() - 8), band)
            text_rect = rect.adjusted(14, 5, -8, -5)
        if lod < BOX_TEXT_LOD or self.box_caption:
            return
        ink = QColor(QUIET_INK if muted else INK)
        painter.setPen(ink)
        title = metrics(8.0, True)
        painter.setFont(font(8.0, True))
        detail_shown = lod >= DETAIL_LOD and bool(node.detail)
        lines = _wrap(node.label, title, text_rect.width(), 2)
        small = metrics(7.5)
        block = title.height() * len(lines) + (small.height() if detail_shown else 0)
        top = text_rect.center().y() - block / 2
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for line in lines:
            painter.drawText(QRectF(text_rect.left(), top, text_rect.width(), title.height()), flags, line)
            top += title.height()
        if detail_shown:
            painter.setFont(font(7.5))
            painter.setPen(QColor(QUIET_INK))
            detail = small.elidedText(node.detail, Qt.TextElideMode.ElideRight, text_rect.width())
            painter.drawText(QRectF(text_rect.left(), top, text_rect.width(), small.height()), flags, detail)

    def _paint_disc(self, painter: QPainter, lod: float, colour: QColor) -> None:
        node, rect = self.node, self._shape_rect
        if node.external:
            colour = colour.lighter(140)
        if lod < FAR_LOD and node.entity is not EntityKind.TASK_FORCE:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(QColor(CRITICAL), 0) if node.critical else Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(rect)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            return
        painter.setPen(self._border())
        if node.entity is EntityKind.TASK_FORCE:
            painter.setBrush(QColor("#e5e7eb"))
            painter.drawPolygon(_diamond(rect))
        else:
            painter.setBrush(colour)
            painter.drawEllipse(rect)

    def _paint_marks(self, painter: QPainter) -> None:
        node, rect = self.node, self._shape_rect
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if node.single_point:
            painter.setPen(QPen(QColor(SINGLE_POINT), 2, Qt.PenStyle.DashLine))
            self._outline(painter, rect.adjusted(-6, -6, 6, 6))
        if node.bottleneck:
            painter.setPen(QPen(QColor(BOTTLENECK), 3))
            self._outline(painter, rect.adjusted(-3, -3, 3, 3))
            badge = QRectF(rect.right() - 5, rect.top() - 7, 11, 11)
            painter.setPen(QPen(QColor("white"), 1))
            painter.setBrush(QColor(BOTTLENECK))
            painter.drawEllipse(badge)
            painter.setFont(font(6.5, True))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "!")

    def _paint_caption(self, painter: QPainter) -> None:
        rect = self.caption_rect()
        s = self.caption_scale
        painter.save()
        world = painter.worldTransform()
        if abs(world.m11() * s - 1.0) < 0.01 and abs(world.m22() * s - 1.0) < 0.01 and not world.isRotating():
            # Words at their own size on screen: drawn at whole pixels, with no scaling at all
            # (a scaled painter lays static text out again on every paint, ten times slower).
            corner = world.map(rect.topLeft())
            painter.setWorldTransform(QTransform.fromTranslate(round(corner.x()), round(corner.y())))
        else:
            painter.translate(rect.topLeft())
            painter.scale(s, s)
        local = QRectF(0, 0, rect.width() / s, rect.height() / s)
        size = 9.0 if self.boxed else 8.5
        if self._caption_words is None:  # the same at every zoom: worked out once
            text = metrics(size, self.boxed).elidedText(
                self._caption, Qt.TextElideMode.ElideRight, local.width()
            )
            words = QStaticText(text)  # laid out once, drawn fast at every zoom
            words.setTextFormat(Qt.TextFormat.PlainText)
            words.prepare(QTransform(), font(size, self.boxed))
            self._caption_words = (words, metrics(size, self.boxed).horizontalAdvance(text) + 6)
        words, plate = self._caption_words
        # A pale plate under the words, so they read over links, boxes and colours alike.
        left = local.center().x() - plate / 2
        painter.fillRect(QRectF(left, 0, plate, local.height()), PLATE)
        painter.setFont(font(size, self.boxed))
        painter.setPen(QUIET_INK_COLOUR if self.node.done else INK_COLOUR)
        painter.drawStaticText(QPointF(left + 3, 0), words)
        painter.restore()


_LOOKS = (  # the changes that change how a node looks where it stands
    QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged,
    QGraphicsItem.GraphicsItemChange.ItemVisibleHasChanged,
    QGraphicsItem.GraphicsItemChange.ItemOpacityHasChanged,
)


def _wrap(text: str, measure: QFontMetricsF, width: float, most: int) -> list[str]:
    """Break words into at most ``most`` lines of a width, the last one elided."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < most - 1:
        line = words.pop(0)
        while words and measure.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(measure.elidedText(line, Qt.TextElideMode.ElideRight, width))
    if words:
        lines.append(measure.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width))
    return lines


def _hexagon(rect: QRectF) -> QPolygonF:
    inset = min(rect.height() / 2, 16.0)
    y = rect.center().y()
    return QPolygonF(
        [
            QPointF(rect.left(), y),
            QPointF(rect.left() + inset, rect.top()),
            QPointF(rect.right() - inset, rect.top()),
            QPointF(rect.right(), y),
            QPointF(rect.right() - inset, rect.bottom()),
            QPointF(rect.left() + inset, rect.bottom()),
        ]
    )


def _diamond(rect: QRectF) -> QPolygonF:
    c = rect.center()
    return QPolygonF(
        [
            QPointF(c.x(), rect.top()),
            QPointF(rect.right(), c.y()),
            QPointF(c.x(), rect.bottom()),
            QPointF(rect.left(), c.y()),
        ]
    )
