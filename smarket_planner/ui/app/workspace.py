"""The task-force workspace: the navigator on the left, the selected team's tabs on the right."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette, QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from smarket_planner import services
from smarket_planner.analysis.model import Health
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind, TaskForce
from smarket_planner.ui.charter.charter_tab import CharterTab
from smarket_planner.ui.goals.goals_tab import GoalsTab
from smarket_planner.ui.graph.panel import GraphPanel
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.logs.logs_tab import LogsTab
from smarket_planner.ui.overview.overview_tab import OverviewTab
from smarket_planner.ui.team.team_tab import TeamTab
from smarket_planner.ui.work.deliverables_tab import DeliverablesTab
from smarket_planner.ui.work.raci_tab import RaciTab
from smarket_planner.ui.workspace.navigator import TaskForceNavigator

# The navigator's width by default: narrow enough that all eight tabs show at 1280 pixels.
NAVIGATOR_WIDTH = 284

PAGES = (OverviewTab, TeamTab, GoalsTab, RaciTab, DeliverablesTab, LogsTab, CharterTab, GraphPanel)


class Workspace(QWidget):
    """Pick a task force on the left; see and edit every part of it on the right."""

    task_force_changed = Signal(object)  # int | None
    entity_selected = Signal(object, int)  # EntityKind, id: a node chosen in the graph
    open_requested = Signal(object, int)  # EntityKind, id: a node double-clicked in the graph

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("workspace-splitter")
        self.splitter.setChildrenCollapsible(True)
        self.navigator = TaskForceNavigator(session)
        self.navigator.setMinimumWidth(260)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.pages = [page(session) for page in PAGES]
        for page in self.pages:
            self.tabs.addTab(page, page.title.replace("&", "&&"))
        self.heading = QLabel()
        self.heading.setObjectName("task-force-heading")
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(8, 4, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.tabs, 1)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([NAVIGATOR_WIDTH, 1280 - NAVIGATOR_WIDTH])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.navigator.task_force_selected.connect(self.show_task_force)
        self.overview = overview = next(page for page in self.pages if isinstance(page, OverviewTab))
        overview.task_force_created.connect(self.select_task_force)  # after a re-form
        self.charter = next(page for page in self.pages if isinstance(page, CharterTab))
        self.graph = next(page for page in self.pages if isinstance(page, GraphPanel))
        self.deliverables = next(page for page in self.pages if isinstance(page, DeliverablesTab))
        self._syncing = False
        self.graph.entity_selected.connect(self._graph_selected)
        self.graph.open_requested.connect(self.open_requested)
        self.deliverables.entity_selected.connect(self._table_selected)
        session.changed.connect(self._refresh_heading)
        self._current: int | None = None
        self.show_task_force(self.navigator.current_task_force())

    def showEvent(self, event: QShowEvent) -> None:
        """Come in with the focus on the task force list, unless it is in here already."""
        super().showEvent(event)
        focus = self.window().focusWidget()
        if focus is None or not self.isAncestorOf(focus) or focus.isHidden():
            self.navigator.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def tab_actions(self) -> list[QAction]:
        """One action per tab, Alt+1 onwards, to jump there from the keyboard."""
        actions = []
        for index, page in enumerate(self.pages):
            action = QAction(page.title.replace("&", "&&"), self)
            action.setShortcut(QKeySequence(f"Alt+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            actions.append(action)
        return actions

    def show_charter(self) -> CharterTab:
        """Bring the Charter tab to the front (what is printed is what it shows)."""
        self.tabs.setCurrentWidget(self.charter)
        return self.charter

    def set_analysing(self, analysing: bool) -> None:
        """Say on the badges that a newer analysis is running, or that it is in."""
        self.navigator.model.set_analysing(analysing)

    def set_health(self, healths: dict[int, Health]) -> None:
        """Show the latest analysis: a badge per task force, and the shown one's health in its Overview."""
        self.navigator.set_health(healths)
        self.overview.set_health(healths)

    def current_task_force(self) -> int | None:
        """The task force shown, if any."""
        return self._current

    def show_task_force(self, task_force_id: int | None) -> None:
        """Show one task force in every tab."""
        self._current = task_force_id
        for page in self.pages:
            page.show_task_force(task_force_id)
        self._refresh_heading()
        self.task_force_changed.emit(task_force_id)

    def select_task_force(self, task_force_id: int) -> None:
        """Select a task force in the navigator (and so in the tabs)."""
        self.navigator.select_task_force(task_force_id)

    def select_entity(self, kind: EntityKind, ident: int) -> bool:
        """Bring the tab that shows a thing to the front and select it there."""
        for page in self.pages:
            if page is self.graph:  # the graph shows what the tables show: it follows them quietly
                continue
            select = getattr(page, "select_entity", None)
            if select is not None and select(kind, ident):
                self.tabs.setCurrentWidget(page)
                return True
        return False

    def select_quietly(self, kind: EntityKind, ident: int) -> None:
        """Select a thing in every tab that shows it, without changing tab or taking the focus."""
        focus = QApplication.focusWidget()
        self._syncing = True
        try:
            for page in self.pages:
                select = getattr(page, "select_entity", None)
                if page is not self.graph and select is not None:
                    select(kind, ident)
        finally:
            self._syncing = False
        if focus is not None:
            focus.setFocus()

    def graph_is_current(self) -> bool:
        """Whether the Graph tab is in front."""
        return self.tabs.currentWidget() is self.graph

    def _graph_selected(self, kind: EntityKind, ident: int) -> None:
        self.select_quietly(kind, ident)
        self.entity_selected.emit(kind, ident)

    def _table_selected(self, kind: EntityKind, ident: int) -> None:
        if not self._syncing:
            self.graph.select_entity(kind, ident)

    def set_navigator_visible(self, visible: bool) -> None:
        """Collapse or restore the navigator (presentation mode)."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        width = NAVIGATOR_WIDTH
        self.splitter.setSizes([width, max(total - width, 1)] if visible else [0, total])

    def changeEvent(self, event: QEvent) -> None:
        """Colour the heading's quiet part again when the colour scheme changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_current"):  # not while being built
            self._refresh_heading()

    def _refresh_heading(self, *_notices: object) -> None:
        if self._current is None:
            self.heading.setText("")
            return
        try:
            task_force = services.get(self.session.plan, EntityKind.TASK_FORCE, self._current)
        except DomainError:  # removed meanwhile: the navigator moves on by itself
            self.heading.setText("")
            return
        assert isinstance(task_force, TaskForce)  # asked for by its kind
        quiet = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self.heading.setText(
            f"<span style='font-size:15pt; font-weight:600'>{escape(task_force.name)}</span>"
            f"&nbsp;&nbsp;<span style='color:{quiet}'>{task_force.kind.label} · "
            f"{task_force.status.label}</span>"
        )
