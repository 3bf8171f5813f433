"""Everything in the window's menus and toolbar, from New Plan to About, and what an open plan adds."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QStyle, QToolBar

from smarket_planner.ui.app.help import HelpMenu
from smarket_planner.ui.app.shared_plan import is_shared, shared_name
from smarket_planner.ui.app.window_contract import PORTFOLIO, WORKSPACE, ActionTarget
from smarket_planner.ui.kit.scheme import ColourScheme

if TYPE_CHECKING:
    from smarket_planner.services import Plan
    from smarket_planner.ui.charter.charter_tab import CharterTab
    from smarket_planner.ui.exchange.plan_exchange import PlanExchange

Shortcut = QKeySequence | QKeySequence.StandardKey | str
TEAM_CALENDAR = "&Calendar of This Task Force…"


class WindowActions:
    """The window's commands, the menus they sit in and the toolbar; made once, owned by the window."""

    def __init__(self, window: QMainWindow, target: ActionTarget) -> None:
        self._window = window
        self._target = target
        pixmap = QStyle.StandardPixmap
        key = QKeySequence.StandardKey
        # File
        self.new_plan = self._action("&New Plan…", target.new_plan, key.New, pixmap.SP_FileIcon)
        self.open = self._action("&Open…", target.open_dialog, key.Open, pixmap.SP_DialogOpenButton)
        self.open_shared = self._action("Open &Shared Plan…", target.open_shared_dialog)
        self.demo = self._action("Open the &Demo Plan", target.open_demo)
        self.save_copy = self._action("Save a Cop&y As…", target.save_copy, key.SaveAs)
        self.close_plan = self._action("&Close Plan", target.close_plan, key.Close)
        self.export_charter = self._action(
            "Export C&harter…", self._on_charter(lambda tab: tab.export_pdf()), "Ctrl+E"
        )
        self.print_charter = self._action(
            "&Print Charter…", self._on_charter(lambda tab: tab.print_charter()), key.Print
        )
        self.export_all_charters = self._action(
            "Export &All Charters…", self._on_charter(lambda tab: tab.export_all(), bring_to_front=False)
        )
        self.export_graph = self._action("Export &Graph…", target.export_graph)
        self._exchange: PlanExchange | None = None  # made when first needed, with what it loads
        self.import_roster = self._action("&Import Roster…", lambda: self.exchange.import_roster())
        self.export_roster = self._action("&Roster…", lambda: self.exchange.export_roster())
        self.export_plan_json = self._action("Plan as &JSON…", lambda: self.exchange.export_plan_json())
        self.export_task_force_calendar = self._action(
            TEAM_CALENDAR, lambda: self.exchange.export_calendar(whole_plan=False)
        )
        self.export_plan_calendar = self._action(
            "Calendar of the &Whole Plan…", lambda: self.exchange.export_calendar(whole_plan=True)
        )
        self.export_plan_calendar.setToolTip("Every task force that is not archived")
        self.quit = self._action("&Quit", window.close, key.Quit)
        # Edit and Task Force
        self.find_task_force = self._action("&Find Task Force", target.find_task_force, key.Find)
        self.new_task_force = self._action(
            "New &Task Force…", target.new_task_force, "Ctrl+Shift+N", pixmap.SP_FileDialogNewFolder
        )
        self.duplicate_task_force = self._action("D&uplicate Task Force…", target.duplicate_task_force)
        self.delete_task_force = self._action("&Delete Task Force…", target.delete_task_force)
        self.save_as_template = self._action("Save as Te&mplate…", target.save_as_template)
        self.save_as_template.setToolTip(
            "Save the goals, KPIs, RACI, deliverables and lessons of the task force shown as a template"
        )
        self.review = self._action("&Review…", target.review_shown_task_force)
        self.review.setToolTip(
            "Review the task force shown: its KPI scorecard, work, lessons, credits and open questions"
        )
        # View
        self.workspace = self._action(
            "&Task Forces", lambda: target.show_view(WORKSPACE), "Ctrl+1", pixmap.SP_FileDialogDetailedView
        )
        self.portfolio = self._action(
            "&Portfolio", lambda: target.show_view(PORTFOLIO), "Ctrl+2", pixmap.SP_FileDialogListView
        )
        views = QActionGroup(window)
        for action in (self.workspace, self.portfolio):
            action.setCheckable(True)
            views.addAction(action)
        self.presentation = self._action(
            "Pr&esentation Mode", target.toggle_presentation, "F11", pixmap.SP_TitleBarMaxButton
        )
        self.presentation.setCheckable(True)
        self.navigator = self._action(
            "Show &Navigator", lambda: target.show_navigator(self.navigator.isChecked()), "Ctrl+\\"
        )
        self.navigator.setCheckable(True)
        self.navigator.setChecked(True)
        schemes = QActionGroup(window)
        self.colour_schemes = {scheme: self._scheme_action(scheme, schemes) for scheme in ColourScheme}
        self.colour_schemes[target.settings.colour_scheme()].setChecked(True)
        # Made from the open plan's undo stack, and gone with it.
        self.undo: QAction | None = None
        self.redo: QAction | None = None
        self._undo_separator: QAction | None = None
        self._toolbar_edits: list[QAction] = []  # the toolbar's Undo and Redo, fixed labels
        self._panel_toggles: list[QAction] = []
        self.tabs_menu: QMenu | None = None

        bar = window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_plan, self.open, self.open_shared])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.demo)
        file_menu.addSeparator()
        file_menu.addActions([self.save_copy, self.close_plan])
        file_menu.addSeparator()
        file_menu.addAction(self.import_roster)
        self.export_menu = file_menu.addMenu("&Export")
        self.export_menu.addActions([self.export_roster, self.export_plan_json])
        self.export_menu.addSeparator()
        self.export_menu.addActions([self.export_task_force_calendar, self.export_plan_calendar])
        self.export_menu.aboutToShow.connect(self._name_calendar)
        file_menu.addSeparator()
        file_menu.addActions([self.export_charter, self.print_charter, self.export_all_charters])
        file_menu.addAction(self.export_graph)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addAction(self.find_task_force)
        task_menu = bar.addMenu("&Task Force")
        task_menu.addAction(self.new_task_force)
        task_menu.addSeparator()
        task_menu.addActions([self.duplicate_task_force, self.delete_task_force])
        task_menu.addSeparator()
        task_menu.addActions([self.review, self.save_as_template])
        self.view_menu = bar.addMenu("&View")
        self.view_menu.addActions([self.workspace, self.portfolio])
        self.view_menu.addSeparator()
        self._panels_slot = self.view_menu.addSeparator()  # the plan's panels go in above this
        self.view_menu.addActions([self.navigator, self.presentation])
        self.view_menu.addSeparator()
        self.scheme_menu = self.view_menu.addMenu("&Colour Scheme")
        self.scheme_menu.addActions(list(self.colour_schemes.values()))
        self.help = HelpMenu(window, target.settings, bar.addMenu("&Help"))
        self.toolbar = QToolBar("Main")
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setMovable(False)
        window.addToolBar(self.toolbar)
        self._show_welcome_tools()

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: Shortcut | None = None,
        icon: QStyle.StandardPixmap | None = None,
    ) -> QAction:
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        if icon is not None:
            action.setIcon(self._window.style().standardIcon(icon))
        action.triggered.connect(slot)
        return action

    @property
    def exchange(self) -> PlanExchange:
        """Imports and exports of rosters, plans and calendars (made on first use)."""
        if self._exchange is None:
            from smarket_planner.ui.exchange.plan_exchange import PlanExchange

            target, window = self._target, self._window
            exchange = self._exchange = PlanExchange(window, lambda: target.session, target.shown_task_force)
            exchange.message.connect(lambda text: window.statusBar().showMessage(text, 15000))
            exchange.problem.connect(target.complain)
        return self._exchange

    def _scheme_action(self, scheme: ColourScheme, group: QActionGroup) -> QAction:
        """One entry of View ▸ Colour Scheme: ticked when chosen, one of three."""
        action = self._action(scheme.label, lambda: self._target.choose_colour_scheme(scheme))
        action.setCheckable(True)
        group.addAction(action)
        return action

    def _on_charter(
        self, act: Callable[[CharterTab], object], bring_to_front: bool = True
    ) -> Callable[[], None]:
        """A command doing something with the Charter tab, brought to the front first unless told not to."""

        def run() -> None:
            tab = self._target.charter_tab(bring_to_front)
            if tab is not None:
                act(tab)

        return run

    def _name_calendar(self) -> None:
        """Name the task force whose calendar File ▸ Export offers; without one shown, there is none."""
        name = self.exchange.task_force_name()
        action = self.export_task_force_calendar
        action.setText(f"&Calendar of {name.replace('&', '&&')}…" if name else TEAM_CALENDAR)
        action.setEnabled(name is not None)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self._target.settings.recent_plans():
            shared = is_shared(path)
            action = self.recent_menu.addAction(shared_name(path) if shared else Path(path).name)
            action.setToolTip(path)
            action.setEnabled(shared or Path(path).exists())
            action.triggered.connect(lambda _checked=False, location=path: self._target.open_plan(location))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent plans").setEnabled(False)

    # -- an open plan ----------------------------------------------------------------------
    def attach_plan(
        self,
        plan: Plan,
        undo_stack: QUndoStack,
        panels: Sequence[QDockWidget],
        tab_actions: Sequence[QAction],
    ) -> None:
        """Add what an open plan brings: its panels and tabs in the View menu, Undo and Redo, its toolbar."""
        from smarket_planner.ui.findings.findings_dock import FindingsDock

        self._panel_toggles = [panel.toggleViewAction() for panel in panels]
        for panel in panels:
            if isinstance(panel, FindingsDock):  # the keyboard's way into the panel, shown if hidden
                go_to = self._action("Go to &Findings", panel.focus_table, "F6")
                go_to.setToolTip("Show the Findings panel and move the keyboard into its list")
                self._panel_toggles.append(go_to)
        for toggle in self._panel_toggles:
            self.view_menu.insertAction(self._panels_slot, toggle)
        self.tabs_menu = self.view_menu.addMenu("&Go to Tab")
        for action in tab_actions:
            self.tabs_menu.addAction(action)
            self._window.addAction(action)  # the shortcut works wherever the focus is
        pixmap, key = QStyle.StandardPixmap, QKeySequence.StandardKey
        self.undo = self._edit_action(
            undo_stack.createUndoAction(self._window, "&Undo"), key.Undo, pixmap.SP_ArrowBack
        )
        self.redo = self._edit_action(
            undo_stack.createRedoAction(self._window, "&Redo"), key.Redo, pixmap.SP_ArrowForward
        )
        self.edit_menu.insertActions(self.find_task_force, [self.undo, self.redo])
        self._undo_separator = self.edit_menu.insertSeparator(self.find_task_force)
        self.toolbar.clear()
        self.toolbar.addActions([self.new_task_force])
        self.toolbar.addSeparator()
        self._toolbar_edits = self._toolbar_undo(undo_stack)
        self.toolbar.addActions(self._toolbar_edits)
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.workspace, self.portfolio])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.presentation)
        self._enable_plan_actions(True)
        self.save_copy.setEnabled(plan.path is not None)
        for action in (
            self.new_task_force,
            self.import_roster,
            self.duplicate_task_force,
            self.delete_task_force,
        ):
            action.setEnabled(not plan.read_only)

    def _toolbar_undo(self, stack: QUndoStack) -> list[QAction]:
        """Undo and Redo for the toolbar: fixed labels (the bar never jumps), what they undo in tooltips."""
        made = []
        for text, step, can, named, icon in (
            ("Undo", stack.undo, stack.canUndo, stack.undoText, QStyle.StandardPixmap.SP_ArrowBack),
            ("Redo", stack.redo, stack.canRedo, stack.redoText, QStyle.StandardPixmap.SP_ArrowForward),
        ):
            action = QAction(self._window.style().standardIcon(icon), text, self.toolbar)
            action.triggered.connect(step)

            def follow(
                *_args: object, action: QAction = action, text: str = text, can: Any = can, named: Any = named
            ) -> None:
                action.setEnabled(bool(can()))
                action.setToolTip(f"{text} {named()}".strip() if can() else f"Nothing to {text.lower()}")

            stack.indexChanged.connect(follow)
            stack.cleanChanged.connect(follow)
            follow()
            made.append(action)
        return made

    def _edit_action(self, action: QAction, shortcut: Shortcut, icon: QStyle.StandardPixmap) -> QAction:
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every key the platform has: Redo is Ctrl+Y and Ctrl+Shift+Z
        else:
            action.setShortcut(shortcut)
        action.setIcon(self._window.style().standardIcon(icon))
        return action

    def detach_plan(self) -> None:
        """Take out what the closed plan brought, back to the menus and toolbar of the welcome view."""
        for toggle in self._panel_toggles:
            self.view_menu.removeAction(toggle)
            if toggle.parent() is self._window:  # made here (Go to Findings), not a panel's own
                toggle.deleteLater()
        self._panel_toggles = []
        if self.tabs_menu is not None:
            self.view_menu.removeAction(self.tabs_menu.menuAction())
            for action in self.tabs_menu.actions():
                self._window.removeAction(action)
            self.tabs_menu.deleteLater()
            self.tabs_menu = None
        for fixed in self._toolbar_edits:
            fixed.deleteLater()
        self._toolbar_edits = []
        for edit in (self.undo, self.redo, self._undo_separator):
            if edit is not None:
                self.edit_menu.removeAction(edit)
                self.toolbar.removeAction(edit)
                edit.deleteLater()
        self.undo = self.redo = None
        self._undo_separator = None
        self._show_welcome_tools()

    def _show_welcome_tools(self) -> None:
        self.toolbar.clear()
        self.toolbar.addActions([self.new_plan, self.open])
        self._enable_plan_actions(False)

    def _enable_plan_actions(self, enabled: bool) -> None:
        for action in (
            self.save_copy,
            self.close_plan,
            self.new_task_force,
            self.duplicate_task_force,
            self.delete_task_force,
            self.save_as_template,
            self.review,
            self.find_task_force,
            self.workspace,
            self.portfolio,
            self.presentation,
            self.navigator,
            self.export_charter,
            self.print_charter,
            self.export_all_charters,
            self.export_graph,
            self.import_roster,
            self.export_menu.menuAction(),
            self.export_roster,
            self.export_plan_json,
            self.export_task_force_calendar,
            self.export_plan_calendar,
        ):
            action.setEnabled(enabled)

    def mark_page(self, page: int) -> None:
        """Tick the View menu's entry for the page shown: the task forces or the portfolio."""
        (self.workspace if page == WORKSPACE else self.portfolio).setChecked(True)
