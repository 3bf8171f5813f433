"""The window onto a graph: wheel zoom, pan by dragging or with the arrow keys, a key in the corner."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QPainter, QResizeEvent, QShortcut, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from smarket_planner.ui.graph.legend import legend_size, paint_legend
from smarket_planner.ui.graph.node_item import NodeItem
from smarket_planner.ui.graph.overview import OVERVIEW_ZOOM
from smarket_planner.ui.graph.scene import GraphScene

MIN_ZOOM, MAX_ZOOM = 0.05, 4.0
FIT_MOST = 1.6  # Fit never zooms in further than this
PAN_STEP = 60  # pixels an arrow key moves the view
MARGIN = 10.0
DECLUTTER_MS = 80  # captions are chosen again this long after the last zoom step


class GraphView(QGraphicsView):
    """Shows a graph scene: wheel zoom about the cursor, drag the background to pan, Ctrl+0 to fit."""

    open_requested = Signal(object, int)  # EntityKind, id: a node double-clicked
    zoomed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlags(
            QGraphicsView.OptimizationFlag.DontSavePainterState
            | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing
        )
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setBackgroundBrush(Qt.GlobalColor.white)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.legend_shown = True
        self.auto_fit = True  # keep the whole graph in view until the user zooms or pans
        self._declutter = QTimer(self)
        self._declutter.setSingleShot(True)
        self._declutter.setInterval(DECLUTTER_MS)
        self._declutter.timeout.connect(self._declutter_now)
        fit = QShortcut(QKeySequence("Ctrl+0"), self)
        fit.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        fit.setWhatsThis("Fit the whole graph in view")  # its name in Help ▸ Keyboard Shortcuts
        fit.activated.connect(self.fit)

    def graph_scene(self) -> GraphScene | None:
        """The graph shown, if any."""
        scene = self.scene()
        return scene if isinstance(scene, GraphScene) else None

    def zoom(self) -> float:
        """Device pixels per point."""
        return self.transform().m11()

    # -- zoom -------------------------------------------------------------------------------
    def zoom_by(self, factor: float) -> None:
        """Zoom in (>1) or out, within sensible bounds."""
        current = self.zoom()
        factor = max(MIN_ZOOM / current, min(MAX_ZOOM / current, factor))
        self.scale(factor, factor)
        self.auto_fit = False
        self._zoom_changed()

    def fit(self) -> None:
        """Show the whole graph (Ctrl+0), beside the key rather than under it."""
        scene = self.graph_scene()
        if scene is None:
            return
        rect = scene.drawing_rect().adjusted(-20, -20, 20, 20)
        if rect.isEmpty():
            return
        self.auto_fit = True
        self.setSceneRect(rect.adjusted(-400, -400, 400, 400))
        room = QRectF(self.viewport().rect())
        key = self.legend_rect()
        if (
            not key.isEmpty()
        ):  # the key's column on the left, or its rows at the bottom: whichever leaves more
            beside = room.adjusted(key.right() + MARGIN, 0, 0, 0)
            below = room.adjusted(0, 0, 0, -(room.bottom() - key.top() + MARGIN))
            room = max(beside, below, key=lambda r: _scale_into(rect, r))
        scale = min(_scale_into(rect, room), FIT_MOST)
        self.resetTransform()
        self.scale(scale, scale)
        # Put the drawing's centre at the centre of the room left for it.
        offset = (QRectF(self.viewport().rect()).center() - room.center()) / scale
        self.centerOn(rect.center() + offset)
        self._zoom_changed()

    def zoom_to_selection(self) -> None:
        """Bring the selected nodes into view, close enough to read."""
        scene = self.graph_scene()
        if scene is None:
            return
        rect = QRectF()
        for key in scene.selected_keys():
            rect = rect.united(scene.nodes[key].area())
        if rect.isEmpty():
            return
        self.fitInView(rect.adjusted(-120, -120, 120, 120), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.2:
            self.resetTransform()
            self.centerOn(rect.center())
        self._zoom_changed()

    def centre_on_key(self, key: str) -> None:
        """Scroll a node into the middle, zooming in when it would be too small to read."""
        scene = self.graph_scene()
        if scene is None or key not in scene.nodes:
            return
        if self.zoom() < 0.6:
            self.scale(0.8 / self.zoom(), 0.8 / self.zoom())
            self._zoom_changed()
        self._grow_scene_rect()
        self.centerOn(scene.nodes[key])

    def _grow_scene_rect(self) -> None:
        scene = self.graph_scene()
        if scene is not None:
            self.setSceneRect(self.sceneRect().united(scene.drawing_rect().adjusted(-400, -400, 400, 400)))

    def _zoom_changed(self) -> None:
        scene = self.graph_scene()
        if scene is not None:
            scene.set_far(self.zoom())  # at once: the far-away drawing or the items
            # Choosing captions for thousands of nodes takes longer than a frame: it waits
            # until the wheel rests, and captions keep their old choice meanwhile.
            self._declutter.start()
        self.zoomed.emit(self.zoom())

    def _declutter_now(self) -> None:
        scene = self.graph_scene()
        if scene is not None:
            scene.declutter(self.zoom())

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Zoom about the cursor."""
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.15**steps)
        event.accept()

    # -- pan --------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Drag the background to pan (Shift to draw a selection box); drag a node to move it."""
        scene = self.graph_scene()
        if scene is not None and scene.far and event.button() is Qt.MouseButton.LeftButton:
            # Seen from afar the nodes are dots: a click near one goes to it and selects it.
            near = scene.overview.node_near(self.mapToScene(event.position().toPoint()), 6 / self.zoom())
            if near is not None:
                self.centre_on_key(near.node.key)
                scene.select_key(near.node.key)
                event.accept()
                return
        over_item = isinstance(self.itemAt(event.position().toPoint()), NodeItem)
        if event.button() is Qt.MouseButton.LeftButton and not over_item:
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            mode = QGraphicsView.DragMode
            self.setDragMode(mode.RubberBandDrag if shift else mode.ScrollHandDrag)
        super().mousePressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the whole graph in view while the user has not zoomed or panned."""
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End a pan or a drag."""
        if self.dragMode() is QGraphicsView.DragMode.ScrollHandDrag:
            self.auto_fit = False
        super().mouseReleaseEvent(event)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self._grow_scene_rect()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Open what a node stands for in its editor."""
        item = self.itemAt(event.position().toPoint())
        if isinstance(item, NodeItem):
            self.open_requested.emit(item.node.entity, item.node.ident)
            event.accept()
            return
        scene = self.graph_scene()
        if scene is not None and scene.far:  # seen from afar: go closer to where was clicked
            self.zoom_by(OVERVIEW_ZOOM * 2.5 / self.zoom())
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrow keys pan; + and - zoom; Z zooms to the selection."""
        key = Qt.Key
        moves = {key.Key_Left: (-1, 0), key.Key_Right: (1, 0), key.Key_Up: (0, -1), key.Key_Down: (0, 1)}
        if event.key() in moves:
            dx, dy = moves[event.key()]  # type: ignore[index]
            self.auto_fit = False
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx * PAN_STEP)
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy * PAN_STEP)
            return
        if event.key() in (key.Key_Plus, key.Key_Equal):
            self.zoom_by(1.25)
            return
        if event.key() == key.Key_Minus:
            self.zoom_by(0.8)
            return
        if event.key() == key.Key_Z and not event.modifiers():
            self.zoom_to_selection()
            return
        super().keyPressEvent(event)

    # -- the key in the corner --------------------------------------------------------------
    def legend_rect(self) -> QRectF:
        """Where the key sits in the viewport: the lower left corner."""
        scene = self.graph_scene()
        if scene is None or not self.legend_shown:
            return QRectF()
        size = legend_size(scene.legend)
        return QRectF(QPointF(MARGIN, self.viewport().height() - size.height() - MARGIN), size)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """Paint the key over the graph, fixed to the viewport."""
        scene = self.graph_scene()
        if scene is None or not self.legend_shown:
            return
        painter.save()
        painter.resetTransform()
        paint_legend(painter, scene.legend, self.legend_rect().topLeft())
        painter.restore()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Scrolling moves the pixels; repaint the key where it was and where it belongs."""
        super().scrollContentsBy(dx, dy)
        where = self.legend_rect().toAlignedRect()
        if not where.isEmpty():
            self.viewport().update(where)
            self.viewport().update(where.translated(dx, dy))


def _scale_into(rect: QRectF, room: QRectF) -> float:
    """The largest zoom at which a drawing fits a room (0 when there is no room)."""
    if room.width() <= 0 or room.height() <= 0:
        return 0.0
    return min(room.width() / rect.width(), room.height() / rect.height())
