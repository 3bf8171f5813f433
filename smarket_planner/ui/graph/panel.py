"""The Graph page: pick one of the four graphs, find, filter, light up, drag, lay out again, export."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.analysis.graph_model import GraphKind, node_key
from smarket_planner.analysis.graph_placement import Place
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind
from smarket_planner.services import ChangeNotice, Outcome, Plan
from smarket_planner.services.views import graph_view
from smarket_planner.ui.graph.export import EXPORT_FILTERS, choose_export_path, export_graph
from smarket_planner.ui.graph.layout_job import GraphLayout, LayoutRunner, kept_of, lay_out_graph
from smarket_planner.ui.graph.scene import GraphScene
from smarket_planner.ui.graph.toolbar import FilterMenu, search_box, tool_button
from smarket_planner.ui.graph.view import GraphView
from smarket_planner.ui.kit.session import PlanSession

RELOAD_MS = 400  # wait this long after the last edit before reading the graph again
# Edits that change what a graph shows (dragged places only move nodes; see _apply_kept).
WATCHED = {
    EntityKind.DELIVERABLE,
    EntityKind.DEPENDENCY,
    EntityKind.PERSON,
    EntityKind.FUNCTION,
    EntityKind.MEMBERSHIP,
    EntityKind.TASK_FORCE,
}

__all__ = ["EXPORT_FILTERS", "GraphPanel"]


class GraphPanel(QWidget):
    """The dependency and collaboration graphs of a task force, or of the whole portfolio."""

    title = "Graph"
    entity_selected = Signal(object, int)  # EntityKind, id: a node the user selected
    open_requested = Signal(object, int)  # EntityKind, id: a node double-clicked
    layout_ready = Signal()  # a freshly laid-out graph is on screen

    def __init__(
        self, session: PlanSession, parent: QWidget | None = None, *, portfolio: bool = False
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.portfolio = portfolio
        self.task_force_id: int | None = None
        self.graph_layout: GraphLayout | None = None
        self.home: dict[str, Place] = {}  # where nodes go when no place is kept for them
        self.folder = Path.home()
        self._wanted: str | None = None  # a node to select once the graph arrives
        self._stale = True
        self._fresh_pending = True
        self._quiet = False
        self.runner = LayoutRunner(self)
        self.runner.progressed.connect(lambda done, total, _note: self.progress.setValue(done * 100 // total))
        self.runner.finished.connect(self._laid_out)
        self.runner.failed.connect(self._layout_failed)
        self.runner.cancelled.connect(self._layout_stopped)
        self._build()
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_MS)
        self._reload_timer.timeout.connect(lambda: self.reload(fresh=False))
        session.changed.connect(self._changed)
        self._show_hint()

    def _build(self) -> None:
        self.kind_box = QComboBox()
        for kind in GraphKind:
            self.kind_box.addItem(kind.label, kind.value)
        self.kind_box.setToolTip("Which graph to show")
        self.kind_box.currentIndexChanged.connect(lambda _i: self.reload(fresh=True))
        self.search, self.labels = search_box(self, self._search)
        self.filters = FilterMenu(self)
        self.filters.changed.connect(self._refilter)
        self.upstream = tool_button("&Upstream", "Light up what the selected node waits for", checkable=True)
        self.downstream = tool_button(
            "&Downstream", "Light up what waits for the selected node", checkable=True
        )
        for button in (self.upstream, self.downstream):
            button.toggled.connect(self._rehighlight)
        self.relayout_button = tool_button(
            "Lay Out &Again", "Forget where nodes were dragged and lay out afresh"
        )
        self.relayout_button.clicked.connect(self.lay_out_again)
        self.fit_button = tool_button(
            "&Fit", "Show the whole graph (Ctrl+0); Z zooms to the selected nodes, + and - zoom, arrows pan"
        )
        self.export_button = tool_button("E&xport…", "Save the graph as a picture or for another tool")
        self.export_button.clicked.connect(self.export_dialog)
        # A tool bar folds what does not fit behind a » button, so the page stays narrow.
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addWidget(self.kind_box)
        bar.addWidget(self.search)
        for widget in (self.filters.button, self.upstream, self.downstream, self.relayout_button):
            bar.addWidget(widget)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.export_button)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.cancel_button = tool_button("Cancel", "Stop laying out the graph")
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Laying out the graph…"))
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.hide()

        self.view = GraphView()
        self.fit_button.clicked.connect(self.view.fit)
        self.view.open_requested.connect(self.open_requested)
        self.hint = QLabel()
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.addWidget(bar)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.stack, 1)

    # -- what is shown ----------------------------------------------------------------------
    def kind(self) -> GraphKind:
        """The graph chosen."""
        return GraphKind(self.kind_box.currentData())

    def set_kind(self, kind: GraphKind) -> None:
        """Show another of the four graphs."""
        self.kind_box.setCurrentIndex(list(GraphKind).index(kind))

    def scope(self) -> list[int] | None:
        """The task forces drawn: one, or None for the whole portfolio."""
        return None if self.portfolio else ([self.task_force_id] if self.task_force_id is not None else [])

    def view_name(self) -> str:
        """The name the graph's dragged places are kept under."""
        return graph_view.view_name(self.kind(), None if self.portfolio else self.task_force_id)

    def scene(self) -> GraphScene | None:
        """The graph on screen, if any."""
        return self.view.graph_scene()

    def show_task_force(self, task_force_id: int | None) -> None:
        """Show the graphs of a task force (the portfolio page shows every live one regardless)."""
        if self.portfolio or (task_force_id == self.task_force_id and self.graph_layout is not None):
            return
        self.task_force_id = task_force_id
        self.reload(fresh=True)

    def reload(self, *, fresh: bool = True) -> None:
        """Read and lay out the graph again, off the GUI thread (now if shown, else when shown)."""
        if not self.portfolio and self.task_force_id is None:
            self.runner.cancel()
            self.graph_layout = None
            self.view.setScene(None)
            self._show_hint()
            return
        if not self.isVisible():
            self._stale = True
            self._fresh_pending = self._fresh_pending or fresh
            return
        self._stale, self._fresh_pending = False, False
        if self.stack.currentWidget() is self.hint:  # the progress row says what is going on
            self.hint.setText("")
        plan, kind, scope = self.session.plan, self.kind(), self.scope()
        self.progress.setValue(0)
        self.progress_row.show()
        self.runner.start(partial(lay_out_graph, plan, kind, scope, fresh=fresh))

    def showEvent(self, event: QShowEvent) -> None:
        """Lay the graph out the first time it is seen, or if it changed while hidden."""
        super().showEvent(event)
        if self._stale:
            QTimer.singleShot(0, self._reload_if_stale)

    def _reload_if_stale(self) -> None:
        if self._stale and self.isVisible():
            self.reload(fresh=self._fresh_pending or self.graph_layout is None)

    def _show_hint(self) -> None:
        self.hint.setText("Select a task force to see how its work and its people hang together.")
        self.stack.setCurrentWidget(self.hint)

    def _laid_out(self, layout: GraphLayout) -> None:
        self.progress_row.hide()
        old = self.scene()
        selected = old.selected_keys() if old is not None else []
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        transform = self.view.transform()
        self.graph_layout = layout
        self.home = dict(layout.places)
        scene = GraphScene(layout.picture, layout.places)
        scene.setParent(self)
        scene.nodes_moved.connect(self._nodes_moved)
        scene.selectionChanged.connect(self._selection_changed)
        self.view.setScene(scene)
        if old is not None:
            old.blockSignals(True)
            old.deleteLater()
        if not layout.picture.nodes:
            self.hint.setText(f"Nothing to draw in the {layout.picture.kind.label.lower()} graph yet.")
            self.stack.setCurrentWidget(self.hint)
        else:
            self.stack.setCurrentWidget(self.view)
        self.filters.offer(layout.picture)
        self._refilter()
        self._quiet = True
        for key in selected:
            if key in scene.nodes:
                scene.nodes[key].setSelected(True)
        self._quiet = False
        if layout.fresh or old is None:
            self.view.resetTransform()
            self.view.fit()
        else:
            self.view.setTransform(transform)
            self.view.centerOn(QPointF(centre))
            scene.declutter(self.view.zoom(), force=True)
        self.labels.setStringList(sorted({n.label for n in layout.picture.nodes}, key=str.casefold))
        wanted, self._wanted = self._wanted, None
        if wanted is not None and wanted in scene.nodes:
            self._select_key(wanted, quiet=True)
        self._rehighlight()
        self.layout_ready.emit()

    def _layout_failed(self, message: str) -> None:
        self.progress_row.hide()
        self.hint.setText(f"The graph could not be drawn: {message}")
        self.stack.setCurrentWidget(self.hint)

    def _layout_stopped(self) -> None:
        self.progress_row.hide()
        if self.graph_layout is None:
            self.hint.setText("Laying out was stopped. Choose the graph again to draw it.")
            self.stack.setCurrentWidget(self.hint)

    # -- edits ------------------------------------------------------------------------------
    def _nodes_moved(self, places: dict[str, Place]) -> None:
        scene = self.scene()
        if scene is None or self.session.plan.read_only:
            return
        plan, view = self.session.plan, self.view_name()
        first = scene.nodes[next(iter(places))].node.label
        label = f"Move '{first}'" if len(places) == 1 else f"Move {len(places)} nodes"
        self.session.edit(lambda: graph_view.place_nodes(plan, view, places, label=label), label)

    def lay_out_again(self) -> None:
        """Forget where nodes were dragged (one undo step) and lay the graph out afresh."""
        plan, view = self.session.plan, self.view_name()
        if kept_of(plan, view):
            self.session.edit(lambda: _forgotten(plan, view), "Lay Out the Graph Again")
        self.reload(fresh=True)

    def _changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        kinds = {notice.kind for notice in notices}
        if kinds & WATCHED:
            self._reload_timer.start()
        elif EntityKind.VIEW_POSITION in kinds:
            self._apply_kept()

    def _apply_kept(self) -> None:
        """After a move, its undo or redo: put each node where it is kept, or back where it was laid out."""
        scene = self.scene()
        if scene is None:
            return
        kept = kept_of(self.session.plan, self.view_name())
        scene.move_to({key: kept.get(key, home) for key, home in self.home.items()})

    # -- selection, search, filter, highlight -----------------------------------------------
    def select_entity(self, kind: EntityKind, ident: int) -> bool:
        """Select and centre the node of a thing, if the graph shows it (quietly: no echo)."""
        key = node_key(kind, ident)
        scene = self.scene()
        if scene is None or self.runner.busy or self._stale or key not in scene.nodes:
            self._wanted = key
            return False
        return self._select_key(key, quiet=True)

    def _select_key(self, key: str, *, quiet: bool) -> bool:
        scene = self.scene()
        if scene is None:
            return False
        item = scene.nodes.get(key)
        if item is None or not scene.shown(item):
            return False
        self.view.centre_on_key(key)  # first: seen from afar, nodes are dots that cannot be selected
        self._quiet = quiet
        try:
            found = scene.select_key(key)
        finally:
            self._quiet = False
        return found

    def _selection_changed(self) -> None:
        scene = self.scene()
        if scene is None or scene is not self.sender():
            return
        try:
            self._rehighlight()
            keys = scene.selected_keys()
        except RuntimeError:  # the scene is being torn down: its items are gone already
            return
        if self._quiet:
            return
        if len(keys) == 1:
            kind, ident = scene.nodes[keys[0]].node.entity, scene.nodes[keys[0]].node.ident
            self.entity_selected.emit(kind, ident)

    def _search(self, text: str) -> None:
        scene = self.scene()
        found = scene.find(text) if scene is not None else []
        if found:
            self._select_key(found[0], quiet=False)
            self.view.setFocus()

    def _refilter(self) -> None:
        scene = self.scene()
        if scene is not None:
            scene.apply_filter(*self.filters.chosen())

    def _rehighlight(self) -> None:
        scene = self.scene()
        if scene is None:
            return
        keys = scene.selected_keys()
        up, down = self.upstream.isChecked(), self.downstream.isChecked()
        if len(keys) == 1 and (up or down):
            scene.highlight_around(keys[0], up, down)
        else:
            scene.clear_highlight()

    # -- export -----------------------------------------------------------------------------
    def export(self, path: Path, fmt: str, dpi: int = 144) -> Path:
        """Write the graph as shown (places included) to a file: png, svg, pdf, graphml, gexf or dot."""
        scene = self.scene()
        if self.graph_layout is None or scene is None:
            raise DomainError("There is no graph to export yet; wait for it to appear.")
        return export_graph(self.graph_layout.picture, scene.places(), path, fmt, dpi)

    def export_dialog(self) -> Path | None:
        """Ask for a file and a format, then write the graph there."""
        if self.graph_layout is None:
            return None
        stem = self.graph_layout.picture.title.replace("—", "-").replace("/", "-")
        chosen = choose_export_path(self, self.folder / f"{stem}.png")
        if chosen is None:
            return None
        path, fmt = chosen
        self.folder = path.parent
        try:
            return self.export(path, fmt)
        except (DomainError, OSError) as error:
            QMessageBox.warning(self, "The graph could not be exported", str(error))
            return None


def _forgotten(plan: Plan, view: str) -> Outcome[Any]:
    outcome = graph_view.forget_places(plan, view)
    if outcome is None:
        raise DomainError("No node of this graph was moved: there is nothing to lay out again.")
    return outcome
