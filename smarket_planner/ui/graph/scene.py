"""One graph laid out as items: select, find, filter, light up what lies up- or downstream."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from smarket_planner.analysis.graph_model import GraphPicture
from smarket_planner.analysis.graph_placement import Place
from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.graph.legend import Legend, legend_of
from smarket_planner.ui.graph.link_item import LinkItem, LinkLayer
from smarket_planner.ui.graph.node_item import NodeItem
from smarket_planner.ui.graph.node_layer import NodeLayer
from smarket_planner.ui.graph.overview import OVERVIEW_ITEMS, OVERVIEW_ZOOM, OverviewItem
from smarket_planner.ui.graph.palette import BOX_TEXT_LOD

if TYPE_CHECKING:
    import networkx as nx

P = ParamSpec("P")
R = TypeVar("R")
DIMMED = 0.15
# Captions keep their size on screen down to this zoom; below it they shrink with the graph.
CAPTION_FLOOR = 0.3
# In a graph of more than CROWD nodes zoomed out below CROWD_ZOOM, only the most important
# 1 / CROWD_SHARE of the nodes may show their names.
CROWD, CROWD_ZOOM, CROWD_SHARE = 500, 0.6, 4


def _all_at_once(method: Callable[Concatenate[GraphScene, P], R]) -> Callable[Concatenate[GraphScene, P], R]:
    """A change to many nodes, drawn once when it is over rather than node by node."""

    @functools.wraps(method)
    def changed(scene: GraphScene, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with scene.node_layer.changing():
            return method(scene, *args, **kwargs)

    return changed


class GraphScene(QGraphicsScene):
    """The nodes and links of one graph picture at their places."""

    nodes_moved = Signal(object)  # dict[key, (x, y)] of the nodes a drag moved

    def __init__(self, picture: GraphPicture, places: Mapping[str, Place]) -> None:
        super().__init__()
        self.picture = picture
        self.legend: Legend = legend_of(picture)
        self.nodes: dict[str, NodeItem] = {}
        self.links: list[LinkItem] = []
        self.zoom = 1.0
        self._pressed: dict[str, QPointF] = {}
        self._topology: nx.Graph | None = None
        boxed = picture.directed
        degree: dict[str, int] = {}
        for link in picture.links:
            degree[link.source] = degree.get(link.source, 0) + 1
            degree[link.target] = degree.get(link.target, 0) + 1
        # Every node and link hangs from one layer, so that a big graph seen from afar can swap
        # them all for the overview at once (their own visibility is the filter's).
        self.layer = _Layer()
        self.addItem(self.layer)
        for node in picture.nodes:
            item = NodeItem(node, boxed)
            item.setParentItem(self.layer)
            x, y = places.get(node.key, (0.0, 0.0))
            item.setPos(x, y)
            item.importance = (
                (1000.0 if node.critical or node.bottleneck or node.single_point else 0.0)
                + node.size * 10
                + degree.get(node.key, 0)
            )
            self.nodes[node.key] = item
        for link in picture.links:
            source, target = self.nodes.get(link.source), self.nodes.get(link.target)
            if source is not None and target is not None:
                self.links.append(LinkItem(link, source, target, picture.directed))
        self.link_layer = LinkLayer(self.links)
        self.link_layer.setParentItem(self.layer)
        self.node_layer = NodeLayer(self.nodes.values())
        self.node_layer.setParentItem(self.layer)
        self.overview = OverviewItem(self.nodes.values(), self.links)
        self.overview.setVisible(False)
        self.addItem(self.overview)
        self.far = False  # drawn as the overview
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.declutter(1.0, force=True)
        self.selectionChanged.connect(self._selection_changed)

    def _selection_changed(self) -> None:
        # The scene may be being torn down, its items gone already.
        with contextlib.suppress(RuntimeError):
            self.declutter(self.zoom, force=True)  # the selected node's caption goes first

    def shown(self, item: QGraphicsItem) -> bool:
        """Whether the filter lets a node or link through (seen from afar or not)."""
        return item.isVisibleTo(self.layer)

    def set_far(self, zoom: float) -> None:
        """Seen from afar, a big graph is drawn as the overview; close up, as its items."""
        self._set_far(zoom < OVERVIEW_ZOOM and len(self.nodes) + len(self.links) > OVERVIEW_ITEMS)

    def _set_far(self, far: bool) -> None:
        """Swap the items for the overview (far) or back."""
        if far != self.far:
            self.far = far
            self.layer.setVisible(not far)
            self.overview.setVisible(far)
            if far:
                self.overview.refresh()

    # -- places -----------------------------------------------------------------------------
    def places(self) -> dict[str, Place]:
        """Where every node is now."""
        return {key: (item.pos().x(), item.pos().y()) for key, item in self.nodes.items()}

    @_all_at_once
    def move_to(self, places: Mapping[str, Place]) -> None:
        """Put nodes at these places (after an undo or a reload); links follow."""
        for key, (x, y) in places.items():
            item = self.nodes.get(key)
            if item is not None and (item.pos().x(), item.pos().y()) != (x, y):
                item.setPos(x, y)
        self.overview.refresh()
        self.declutter(self.zoom, force=True)

    def drawing_rect(self) -> QRectF:
        """The rectangle the visible nodes and links take."""
        rect = QRectF()
        for item in self.nodes.values():
            if self.shown(item):
                rect = rect.united(item.area())
        for link in self.links:
            if link.visible:
                rect = rect.united(link.sceneBoundingRect())
        return rect

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Remember where the selected nodes were, to tell a drag from a click."""
        super().mousePressEvent(event)
        self._pressed = {key: item.pos() for key, item in self.nodes.items() if item.isSelected()}

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """Report the nodes a drag moved, all at once, so that one undo step takes them back."""
        super().mouseReleaseEvent(event)
        moved = {
            key: (item.pos().x(), item.pos().y())
            for key, item in self.nodes.items()
            if key in self._pressed and item.pos() != self._pressed[key]
        }
        self._pressed = {}
        if self.link_layer.live:
            self.link_layer.settle()
        if moved:
            self.declutter(self.zoom, force=True)
            self.nodes_moved.emit(moved)

    # -- selection and search ---------------------------------------------------------------
    def selected_keys(self) -> list[str]:
        """The keys of the selected nodes."""
        return [key for key, item in self.nodes.items() if item.isSelected()]

    def select_key(self, key: str) -> bool:
        """Select one node alone; False when the graph does not show it."""
        item = self.nodes.get(key)
        if item is None or not self.shown(item):
            return False
        if self.selected_keys() == [key]:
            return True
        self.clearSelection()
        item.setSelected(True)
        return True

    def find(self, text: str) -> list[str]:
        """The visible nodes whose label holds the text (any case), best match first."""
        wanted = text.strip().casefold()
        if not wanted:
            return []
        found = [
            (not item.node.label.casefold().startswith(wanted), item.node.label.casefold(), key)
            for key, item in self.nodes.items()
            if wanted in item.node.label.casefold() and self.shown(item)
        ]
        return [key for *_, key in sorted(found)]

    # -- emphasis ---------------------------------------------------------------------------
    def topology(self) -> nx.Graph:
        """The bare graph of keys (made once)."""
        if self._topology is None:
            self._topology = self.picture.topology()
        return self._topology

    @_all_at_once
    def highlight_around(self, key: str, upstream: bool = True, downstream: bool = True) -> set[str]:
        """Dim every node that is neither up- nor downstream of one (neighbours when undirected)."""
        import networkx as nx  # once a graph is on screen, so it is loaded already

        graph = self.topology()
        if key not in graph:
            self.clear_highlight()
            return set()
        lit = {key}
        if isinstance(graph, nx.DiGraph):
            if upstream:
                lit |= nx.ancestors(graph, key)
            if downstream:
                lit |= nx.descendants(graph, key)
        else:
            lit |= set(graph.neighbors(key))
        for node_key, item in self.nodes.items():
            item.setOpacity(1.0 if node_key in lit else DIMMED)
        for link in self.links:
            on = link.link.source in lit and link.link.target in lit
            link.setOpacity(1.0 if on else DIMMED)
        if self.far:
            self.overview.refresh()
        return lit

    @_all_at_once
    def clear_highlight(self) -> None:
        """Show every node at full strength."""
        for item in self.nodes.values():
            if item.opacity() != 1.0:
                item.setOpacity(1.0)
        for link in self.links:
            link.setOpacity(1.0)
        if self.far:
            self.overview.refresh()

    def dimmed_keys(self) -> set[str]:
        """The nodes shown faint."""
        return {key for key, item in self.nodes.items() if item.opacity() < 1.0}

    @_all_at_once
    def apply_filter(
        self,
        function_ids: Collection[int | None] | None = None,
        statuses: Collection[str] | None = None,
        task_force_ids: Collection[int | None] | None = None,
    ) -> None:
        """Show only the nodes of these functions, statuses and task forces (None: any), and their links."""
        for item in self.nodes.values():
            node = item.node
            shown = (
                (function_ids is None or node.function_id in function_ids)
                and (statuses is None or node.status in statuses)
                and (task_force_ids is None or node.task_force_id in task_force_ids)
            )
            item.setVisible(shown)
            if not shown:
                item.setSelected(False)
        for link in self.links:
            link.setVisible(self.shown(link.source) and self.shown(link.target))
        self.declutter(self.zoom, force=True)

    def visible_keys(self) -> set[str]:
        """The nodes the filter lets through."""
        return {key for key, item in self.nodes.items() if self.shown(item)}

    # -- captions ---------------------------------------------------------------------------
    def declutter(self, zoom: float, *, force: bool = False) -> None:
        """Choose the captions to show at a zoom: most important first, never two overlapping.

        Called when the wheel rests: the kept pictures are drawn sharp at this zoom."""
        for picture in (self.link_layer.picture, self.node_layer.picture, self.overview.picture):
            picture.sharpen(zoom)
        with self.node_layer.changing(gradual=True):
            self._declutter(zoom, force)

    def _declutter(self, zoom: float, force: bool) -> None:
        if not force and abs(zoom - self.zoom) < 0.08 * max(self.zoom, 0.01):
            return
        self.zoom = zoom
        self.set_far(zoom)
        if self.far:
            if force:  # something changed (a filter, a selection, a move): the dots follow
                self.overview.refresh()
            return
        scale = 1.0 / max(min(zoom, 1.0), CAPTION_FLOOR)
        box_caption = zoom < BOX_TEXT_LOD
        taken = _Grid(60.0 * scale)
        order = sorted(
            self.nodes.values(), key=lambda item: (not item.isSelected(), -item.importance, item.node.label)
        )
        # A crowd seen from some way off reads best by its most connected names only.
        eligible = len(order) // CROWD_SHARE if len(order) > CROWD and zoom < CROWD_ZOOM else len(order)
        for rank, item in enumerate(order):
            if not self.shown(item):
                continue
            if rank >= eligible and not item.isSelected():
                item.set_caption(False, scale, box_caption)
                continue
            item.set_caption(item.captioned, scale, box_caption)
            if item.boxed and not box_caption:  # words inside the box: nothing to clash
                item.set_caption(True, scale, box_caption)
                continue
            rect = item.caption_rect().translated(item.pos()).adjusted(-3, -1, 3, 1)
            free = not taken.hits(rect)
            if free:
                taken.add(rect)
            item.set_caption(free, scale, box_caption)

    def node_entity(self, key: str) -> tuple[EntityKind, int] | None:
        """What a node stands for."""
        item = self.nodes.get(key)
        return (item.node.entity, item.node.ident) if item is not None else None


class _Layer(QGraphicsItem):
    """The invisible parent of every node and link."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)

    def boundingRect(self) -> QRectF:
        """Nothing of its own to draw."""
        return QRectF()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Nothing of its own to draw."""


class _Grid:
    """Rectangles bucketed by cell, to test a new one against its neighbours only."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[QRectF]] = {}

    def _cells(self, rect: QRectF) -> list[tuple[int, int]]:
        c = self.cell
        left, right = int(rect.left() // c), int(rect.right() // c)
        top, bottom = int(rect.top() // c), int(rect.bottom() // c)
        if left == right and top == bottom:  # most captions lie in one cell
            return [(left, top)]
        return [(x, y) for x in range(left, right + 1) for y in range(top, bottom + 1)]

    def hits(self, rect: QRectF) -> bool:
        for cell in self._cells(rect):
            for other in self.cells.get(cell, ()):
                if rect.intersects(other):
                    return True
        return False

    def add(self, rect: QRectF) -> None:
        for cell in self._cells(rect):
            self.cells.setdefault(cell, []).append(rect)
