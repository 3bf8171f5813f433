"""Going where something points: a finding or a graph node to its task force, its tab, the thing itself."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QStatusBar

from smarket_planner import services
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import Decision, Deliverable, EntityKind, Question, Risk
from smarket_planner.services.reports.analysis import Finding
from smarket_planner.ui.app.window_contract import WORKSPACE
from smarket_planner.ui.app.workspace import Workspace
from smarket_planner.ui.graph.panel import GraphPanel
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.team.roster_dock import RosterDock

# Things a task force owns, opened in its tab: the work, the risks, the questions and the decisions.
OWNED = frozenset({EntityKind.DELIVERABLE, EntityKind.RISK, EntityKind.QUESTION, EntityKind.DECISION})


class Window(Protocol):
    """What going somewhere needs of the main window: its workspace, roster, views and status bar."""

    @property
    def session(self) -> PlanSession | None:
        """The open plan."""
        ...

    @property
    def workspace(self) -> Workspace | None:
        """The task-force workspace."""
        ...

    @property
    def roster(self) -> RosterDock | None:
        """The roster panel."""
        ...

    def show_view(self, page: int) -> None:
        """Show the workspace or the portfolio."""
        ...

    def shown_graph(self) -> GraphPanel | None:
        """The graph in front, if one is."""
        ...

    def statusBar(self) -> QStatusBar:
        """The window's status bar."""
        ...


def open_entity(window: Window, kind: EntityKind, ident: int) -> None:
    """Open a thing where it is edited: its tab, or the roster's dialog for people and functions."""
    if window.workspace is None or window.session is None:
        return
    if kind is EntityKind.PERSON and window.roster is not None and window.roster.select_person(ident):
        window.roster.edit_person()
    elif kind is EntityKind.FUNCTION and window.roster is not None and window.roster.select_function(ident):
        window.roster.edit_function()
    elif kind is EntityKind.TASK_FORCE:
        window.show_view(WORKSPACE)
        window.workspace.select_task_force(ident)
        window.workspace.tabs.setCurrentIndex(0)
    elif kind in OWNED:
        try:
            thing = services.get(window.session.plan, kind, ident)
        except DomainError:
            return
        assert isinstance(thing, Deliverable | Risk | Question | Decision)  # asked for by its kind
        owner = thing.task_force_id
        window.show_view(WORKSPACE)
        if owner != window.workspace.current_task_force():
            window.workspace.select_task_force(owner)
        window.workspace.select_entity(kind, ident)


def go_to_finding(window: Window, finding: Finding) -> None:
    """Select the task force and the thing a finding names, and say what to do."""
    if window.workspace is None:
        return
    graph = window.shown_graph()
    if graph is not None:  # the graph stays in front: the finding's node is selected in it
        teams = finding.task_force_ids
        if not graph.portfolio and teams and window.workspace.current_task_force() not in teams:
            window.workspace.select_task_force(teams[0])
        for entity in finding.entities:
            if graph.select_entity(entity.kind, entity.id):
                break
        window.statusBar().showMessage(f"What to do: {finding.action}", 15000)
        return
    window.show_view(WORKSPACE)
    if finding.task_force_ids:
        window.workspace.select_task_force(finding.task_force_ids[0])
    for entity in finding.entities:
        if entity.kind is not EntityKind.TASK_FORCE and window.workspace.select_entity(
            entity.kind, entity.id
        ):
            break
    window.statusBar().showMessage(f"What to do: {finding.action}", 15000)
