"""The main window: one plan at a time, its workspace or portfolio, menus, and what is saved."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from smarket_planner.domain.errors import DomainError, PasswordNeededError
from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.app.actions import WindowActions
from smarket_planner.ui.app.layout_memory import (
    remember_layout,
    remember_window,
    restore_layout,
    restore_window,
)
from smarket_planner.ui.app.presentation import PresentationMode
from smarket_planner.ui.app.settings import DEMO_PLAN_NAME, AppSettings, data_dir, templates_dir
from smarket_planner.ui.app.shared_plan import is_shared
from smarket_planner.ui.app.welcome import WelcomeView
from smarket_planner.ui.app.window_contract import PORTFOLIO, WELCOME, WORKSPACE
from smarket_planner.ui.kit.icons import app_icon
from smarket_planner.ui.kit.scheme import Appearance, ColourScheme

if TYPE_CHECKING:  # the plan's pages come in once a plan opens, after the window has painted
    from smarket_planner import services
    from smarket_planner.services.reports.analysis import Finding
    from smarket_planner.services.reports.plan_findings import PlanFindings
    from smarket_planner.ui.app.portfolio_view import PortfolioView
    from smarket_planner.ui.app.reviews import Reviews
    from smarket_planner.ui.app.workspace import Workspace
    from smarket_planner.ui.charter.charter_tab import CharterTab
    from smarket_planner.ui.findings.findings_dock import FindingsDock
    from smarket_planner.ui.graph.panel import GraphPanel
    from smarket_planner.ui.kit.analysis_runner import AnalysisRunner
    from smarket_planner.ui.kit.session import PlanSession
    from smarket_planner.ui.team.roster_dock import RosterDock

PLAN_FILTER = "smarket_planner plans (*.smplan);;All files (*)"


class MainWindow(QMainWindow):
    """The app's window: welcome view, task-force workspace and portfolio over one plan."""

    analysed_once = Signal()  # findings of an analysis are on screen (each time; traced once)
    closed = Signal()  # the window closed (its plan closed with it)

    def __init__(self, settings: AppSettings | None = None) -> None:
        settings = settings or AppSettings()
        # Before the window exists: widgets made later start with the scheme's palette.
        Appearance.of().choose(settings.colour_scheme())
        super().__init__()
        self.settings = settings
        self.session: PlanSession | None = None
        self.workspace: Workspace | None = None
        self.portfolio: PortfolioView | None = None
        self.roster: RosterDock | None = None
        self.findings: FindingsDock | None = None
        self.analysis: AnalysisRunner | None = None
        self.reviews: Reviews | None = None  # the review dialogs open on the plan
        # Set by the app's list of windows (plan_windows.py): asked before a plan opens here, it
        # brings forward another window that shows the plan and says so; then it does not open here.
        self.show_elsewhere: Callable[[MainWindow, str], bool] | None = None
        self.setWindowIcon(app_icon())
        self.setMinimumSize(960, 600)
        self.stack = QStackedWidget()
        self.welcome = WelcomeView()
        self.stack.addWidget(self.welcome)
        self.setCentralWidget(self.stack)
        self.welcome.new_requested.connect(self.new_plan)
        self.welcome.open_requested.connect(self.open_dialog)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_chosen.connect(self.open_plan)
        self.presentation = PresentationMode(self, lambda: self.roster, self._presentation_switched)
        self.commands = WindowActions(self, self)
        self._build_status_bar()
        restore_window(self, self.settings, "main-window")
        self._show_welcome()

    def _build_status_bar(self) -> None:
        self.saved_label = QLabel()
        self.location_label = QLabel()
        self.statusBar().addWidget(self.saved_label, 1)
        self.statusBar().addPermanentWidget(self.location_label)

    # -- plans -----------------------------------------------------------------------------
    def open_dialog(self) -> None:
        """Ask for a plan file and open it."""
        path, _ = QFileDialog.getOpenFileName(self, "Open Plan", str(Path.home()), PLAN_FILTER)
        if path:
            self.open_plan(path)

    def open_shared_dialog(self) -> None:
        """Ask where a plan the company shares on its database server is, and open it."""
        from smarket_planner.ui.app.shared_plan import SharedPlanDialog

        dialog = SharedPlanDialog([p for p in self.settings.recent_plans() if is_shared(p)], self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.open_plan(dialog.location(), password=dialog.secret())

    def new_plan(self) -> None:
        """Ask where to put a new, empty plan and open it."""
        from smarket_planner import services

        path, _ = QFileDialog.getSaveFileName(self, "New Plan", str(Path.home() / "plan.smplan"), PLAN_FILTER)
        if not path:
            return
        try:
            plan = services.new_plan(path, force=Path(path).exists())
        except DomainError as error:
            self.complain("The plan could not be created", str(error))
            return
        self._adopt(plan)

    def open_demo(self) -> None:
        """Open the demo plan, writing it first if it is not there yet."""
        from smarket_planner.demo.northwind import generate_demo

        path = data_dir() / DEMO_PLAN_NAME
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                generate_demo(path)
            except DomainError as error:
                self.complain("The demo plan could not be written", str(error))
                return
            finally:
                QApplication.restoreOverrideCursor()
        self.open_plan(str(path))

    def open_plan(self, location: str, password: str | None = None) -> bool:
        """Open a plan file (or database URL) in this window, closing the one before.

        A plan another of the app's windows shows is brought forward there instead (then True too).
        A server that wants a password gets one asked for; it is kept only while the plan is open.
        """
        from smarket_planner import services
        from smarket_planner.ui.app.shared_plan import ask_password

        if self.show_elsewhere is not None and self.show_elsewhere(self, location):
            return True
        try:
            plan = services.open_existing(location, password=password)
        except PasswordNeededError as error:
            password = ask_password(self, location, str(error))
            return password is not None and self.open_plan(location, password)
        except DomainError as error:
            self.complain("The plan could not be opened", str(error))
            if not is_shared(location) and not Path(location).exists():
                self.settings.forget_recent(location)
                self.welcome.set_recent(self.settings.recent_plans())
            return False
        self._adopt(plan)
        return True

    def _adopt(self, plan: services.Plan) -> None:
        from smarket_planner.ui.app.portfolio_view import PortfolioView
        from smarket_planner.ui.app.reviews import Reviews
        from smarket_planner.ui.app.workspace import Workspace
        from smarket_planner.ui.findings.findings_dock import FindingsDock
        from smarket_planner.ui.kit.analysis_runner import AnalysisRunner
        from smarket_planner.ui.kit.session import PlanSession
        from smarket_planner.ui.team.roster_dock import RosterDock

        self.close_plan()
        self.session = PlanSession(plan, self)
        self.session.refused.connect(self._refused)
        self.session.saved.connect(self._saved)
        self.session.heard.connect(self._heard)
        self.settings.add_recent(plan.location)
        self.workspace = Workspace(self.session)
        self.portfolio = PortfolioView(self.session)
        self.portfolio.task_force_activated.connect(self._jump_to_task_force)
        self.portfolio.heatmap.confirmed_only.setChecked(self.settings.confirmed_only())
        self.portfolio.heatmap.confirmed_only_changed.connect(self.settings.set_confirmed_only)
        self.stack.addWidget(self.workspace)
        self.stack.addWidget(self.portfolio)
        for said in (self.workspace.charter.message, self.workspace.overview.status_message):
            said.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.workspace.charter.problem.connect(self.complain)
        self.workspace.navigator.save_as_template_requested.connect(self.save_task_force_as_template)
        self.reviews = Reviews(self.session, self, self.show_guide_page)
        self.workspace.overview.review_requested.connect(self.review_task_force)
        self.findings = FindingsDock(self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings)
        self.findings.entity_chosen.connect(self._go_to_finding)
        self.findings.fix_requested.connect(self.fix_finding)
        self.workspace.task_force_changed.connect(self.findings.show_task_force)
        for graph_source in (self.workspace, self.portfolio.graph):
            graph_source.entity_selected.connect(self._graph_selected)
            graph_source.open_requested.connect(self.open_entity)
        analysis = self.analysis = AnalysisRunner(self.session)
        analysis.finished.connect(self._analysed)
        analysis.analysing.connect(self.findings.set_busy)
        analysis.analysing.connect(self.workspace.set_analysing)
        analysis.failed.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.roster = RosterDock(self.session, self)
        self.roster.setObjectName("roster-dock")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.roster)
        # Narrow and low by default: the workspace needs the room at 1280x800.
        self.resizeDocks([self.roster], [250], Qt.Orientation.Horizontal)
        self.resizeDocks([self.findings], [150], Qt.Orientation.Vertical)
        self.commands.attach_plan(
            plan, self.session.undo_stack, [self.roster, self.findings], self.workspace.tab_actions()
        )
        restore_layout(self, self.settings, "plan-window")
        self.show_view(WORKSPACE)
        analysis.run_now()
        note = " (read-only)" if plan.read_only else ""
        if plan.backup is not None:
            note += f" — upgraded; the old version was kept as {plan.backup.name}"
        self.saved_label.setText(f"Every change is saved the moment you make it.{note}")
        self.location_label.setText(plan.location)
        read_only = " [read-only]" if plan.read_only else ""
        self.setWindowTitle(f"{plan.title}{read_only} — smarket_planner")
        # What the plan's window is made of stays while it is open: the garbage collector's full
        # passes need not walk it again (they stopped the window for up to 0.7 s on a big plan).
        gc.freeze()

    def close_plan(self) -> None:
        """Close the plan (everything is already saved) and go back to the welcome view."""
        if self.session is None:
            return
        gc.unfreeze()  # what the plan's window was made of may go once it closes
        remember_layout(self, self.settings, "plan-window")
        if self.presentation.active:
            self.presentation.toggle()
        for widget in (self.workspace, self.portfolio):
            if widget is not None:
                self.stack.removeWidget(widget)
                widget.deleteLater()
        QThreadPool.globalInstance().waitForDone(10_000)  # an analysis still reading the plan
        if self.reviews is not None:
            self.reviews.close_all()
            self.reviews = None
        self.commands.detach_plan()
        for dock in (self.roster, self.findings):
            if dock is not None:
                self.removeDockWidget(dock)
                dock.deleteLater()
        self.workspace = self.portfolio = self.roster = self.findings = None
        self.session.close()
        self.session = None
        self._show_welcome()

    def _show_welcome(self) -> None:
        self.welcome.set_recent(self.settings.recent_plans())
        self.stack.setCurrentIndex(WELCOME)
        self.setWindowTitle("smarket_planner")
        self.saved_label.setText("Open a plan, start a new one, or look around the demo plan.")
        self.location_label.setText("")

    def save_copy(self) -> None:
        """Write a copy of the plan under another name (a what-if, a hand-out)."""
        from smarket_planner import services

        if self.session is None or self.session.plan.path is None:
            return
        suggestion = self.session.plan.path.with_name(f"{self.session.plan.path.stem} copy.smplan")
        path, _ = QFileDialog.getSaveFileName(self, "Save a Copy As", str(suggestion), PLAN_FILTER)
        if not path:
            return
        try:
            # The file dialog has already asked before replacing an existing file.
            copy = services.save_copy(self.session.plan, path, force=True)
        except DomainError as error:
            self.complain("The copy could not be saved", str(error))
            return
        self.statusBar().showMessage(f"Saved a copy as {copy}", 8000)

    # -- views -----------------------------------------------------------------------------
    def show_view(self, page: int) -> None:
        """Show the task-force workspace or the portfolio."""
        if self.session is None:
            return
        self.stack.setCurrentIndex(page)
        self.commands.mark_page(page)
        if page == PORTFOLIO and self.portfolio is not None:
            self.portfolio.refresh()

    def _jump_to_task_force(self, task_force_id: int) -> None:
        self.show_view(WORKSPACE)
        if self.workspace is not None:
            self.workspace.select_task_force(task_force_id)

    def show_navigator(self, visible: bool) -> None:
        """Show or hide the task-force navigator beside the tabs."""
        if self.workspace is not None:
            self.workspace.set_navigator_visible(visible)

    def choose_colour_scheme(self, scheme: ColourScheme) -> None:
        """Show the app light, dark, or as the system does, and remember the choice."""
        Appearance.of().choose(scheme)
        self.settings.set_colour_scheme(scheme)
        self.commands.colour_schemes[scheme].setChecked(True)

    def toggle_presentation(self) -> None:
        """Switch presentation mode for the projector on or off."""
        self.presentation.toggle()

    def _presentation_switched(self, active: bool) -> None:
        self.commands.presentation.setChecked(active)

    def charter_tab(self, bring_to_front: bool) -> CharterTab | None:
        """The open plan's Charter tab, shown first when asked; None without a plan."""
        if self.workspace is None:
            return None
        if not bring_to_front:
            return self.workspace.charter
        self.show_view(WORKSPACE)
        return self.workspace.show_charter()

    def shown_task_force(self) -> int | None:
        """The task force shown in the workspace, if any."""
        return self.workspace.current_task_force() if self.workspace is not None else None

    def new_task_force(self) -> None:
        """Form a new task force, blank or from a template."""
        from smarket_planner.ui.overview.task_force_dialog import new_task_force

        if self.session is None:
            return
        created = new_task_force(self.session, self, templates_dir())
        if created is not None and self.workspace is not None:
            self.show_view(WORKSPACE)
            self.workspace.select_task_force(created)

    def duplicate_task_force(self) -> None:
        """Copy the task force shown under a new name, and show the copy."""
        if self.workspace is not None:
            self.show_view(WORKSPACE)
            self.workspace.navigator.duplicate_current()

    def delete_task_force(self) -> None:
        """Delete the task force shown with everything it holds, after asking."""
        if self.workspace is not None:
            self.show_view(WORKSPACE)
            self.workspace.navigator.delete_current()

    def save_as_template(self) -> None:
        """Save the task force shown as a template of the user's own, after asking its name."""
        chosen = self.shown_task_force()
        if chosen is None:
            self.statusBar().showMessage("Choose a task force to save as a template first.", 8000)
            return
        self.save_task_force_as_template(chosen)

    def save_task_force_as_template(self, task_force_id: int) -> None:
        """Ask for a template's name and description and save a task force as one; say where."""
        from smarket_planner.ui.workspace.template_saving import save_as_template

        if self.session is None:
            return
        saved = save_as_template(self, self.session, task_force_id, templates_dir())
        if saved is not None:
            self.statusBar().showMessage(
                f"Saved the template {saved.stem}: New Task Force lists it under Your templates.", 10000
            )

    def show_guide_page(self, page: str) -> None:
        """Open the user guide at a page, and at a section of it after a # ("review.html#grades")."""
        name, _, anchor = page.partition("#")
        guide = self.commands.help.show_guide()
        guide.open_page(name)
        if anchor:
            guide.browser.scrollToAnchor(anchor)

    def review_shown_task_force(self) -> None:
        """Open the review of the task force shown (active, dispersed or archived)."""
        chosen = self.shown_task_force()
        if chosen is None:
            self.statusBar().showMessage("Choose a task force to review first.", 8000)
            return
        self.review_task_force(chosen)

    def review_task_force(self, task_force_id: int) -> QDialog | None:
        """Open the review of a task force beside the window; say why not if it is too early for one."""
        if self.reviews is None or self.session is None:
            return None
        why_not = self.reviews.reviewable(self.session, task_force_id)
        if why_not:
            self.statusBar().showMessage(why_not, 10000)
            return None
        return self.reviews.open(task_force_id)

    def find_task_force(self) -> None:
        """Jump to the navigator's search field."""
        if self.workspace is not None:
            self.show_view(WORKSPACE)
            self.workspace.navigator.focus_search()

    def fix_finding(self, finding: Finding) -> None:
        """Open the edit that remedies a finding, filled in; the analysis reruns once it is made."""
        from smarket_planner.ui.app.finding_fixes import fix_finding

        if self.session is not None:
            fix_finding(self.session, finding, self)

    # -- analysis --------------------------------------------------------------------------
    def _analysed(self, found: PlanFindings) -> None:
        if self.workspace is None or self.findings is None:
            return
        self.analysed_once.emit()
        self.workspace.set_health(dict(found.health))
        self.findings.show_findings(found.findings, found.names)

    def shown_graph(self) -> GraphPanel | None:
        """The graph in front: the Graph tab of the workspace, or the portfolio's Graph page."""
        if self.stack.currentWidget() is self.portfolio and self.portfolio is not None:
            return self.portfolio.graph if self.portfolio.graph_is_current() else None
        if self.workspace is not None and self.workspace.graph_is_current():
            return self.workspace.graph
        return None

    def export_graph(self) -> None:
        """Save the graph shown (or the task force's) as a picture or for another tool."""
        if self.workspace is None:
            return
        graph = self.shown_graph()
        if graph is None:
            self.show_view(WORKSPACE)
            self.workspace.tabs.setCurrentWidget(self.workspace.graph)
            graph = self.workspace.graph
        if graph.graph_layout is None:
            self.statusBar().showMessage("The graph is still being laid out; try again in a moment.", 8000)
            return
        written = graph.export_dialog()
        if written is not None:
            self.statusBar().showMessage(f"Graph saved to {written}", 10000)

    def _graph_selected(self, kind: EntityKind, ident: int) -> None:
        if self.findings is not None:
            self.findings.select_entity(kind, ident)

    def open_entity(self, kind: EntityKind, ident: int) -> None:
        """Open a thing where it is edited: its tab, or the roster's dialog for people and functions."""
        from smarket_planner.ui.app.navigation import open_entity

        open_entity(self, kind, ident)

    def _go_to_finding(self, finding: Finding) -> None:
        from smarket_planner.ui.app.navigation import go_to_finding

        go_to_finding(self, finding)

    # -- feedback --------------------------------------------------------------------------
    def _saved(self, _notices: object) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        self.saved_label.setText(f"All changes saved · last at {stamp}")

    def _heard(self, _notices: object) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        self.statusBar().showMessage(f"Brought up to date with changes made elsewhere at {stamp}", 5000)

    def _refused(self, message: str, field: str) -> None:
        self.statusBar().showMessage(message, 10000)
        # A dialog that is open shows the message itself, beside the field; a conflict the
        # user answered (Keep Theirs) was seen already.
        if not field and QApplication.activeModalWidget() is None:
            QTimer.singleShot(0, lambda: self.complain("That change was not made", message))

    def complain(self, title: str, message: str) -> None:
        """Tell the user, in a message box, what could not be done and why."""
        QMessageBox.warning(self, title, message)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the layout and close the plan; there is nothing unsaved to ask about."""
        if self.presentation.active:
            self.presentation.toggle()
        remember_window(self, self.settings, "main-window")
        self.close_plan()
        self.settings.sync()
        event.accept()
        self.closed.emit()

    def current_page(self) -> QWidget | None:
        """The tab shown in the workspace (for tests and screenshots)."""
        return self.workspace.tabs.currentWidget() if self.workspace is not None else None
