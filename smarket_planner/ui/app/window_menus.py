"""The main window's actions, menus and toolbar, set up once like a designer form."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QStyle, QToolBar

if TYPE_CHECKING:
    from smarket_planner.ui.app.main_window import MainWindow
    from smarket_planner.ui.charter.charter_tab import CharterTab

# The pages of the window's central stack.
WELCOME, WORKSPACE, PORTFOLIO = range(3)


def _action(
    window: MainWindow, text: str, slot: object, shortcut: object = None, icon: object = None
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(shortcut)  # type: ignore[arg-type]
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))  # type: ignore[arg-type]
    action.triggered.connect(slot)  # type: ignore[arg-type]
    return action


def _on_charter(
    window: MainWindow, act: Callable[[CharterTab], object], show: bool = True
) -> Callable[[], None]:
    """A slot doing something with the Charter tab, brought to the front first when ``show``."""

    def slot() -> None:
        if window.workspace is None:
            return
        if show:
            window.show_view(WORKSPACE)
            act(window.workspace.show_charter())
        else:
            act(window.workspace.charter)

    return slot


def build_actions(window: MainWindow) -> None:
    """Make the window's actions: plans, task forces, views, presentation, help."""
    pixmap = QStyle.StandardPixmap
    key = QKeySequence.StandardKey
    window.new_plan_action = _action(window, "&New Plan…", window.new_plan, key.New, pixmap.SP_FileIcon)
    window.open_action = _action(window, "&Open…", window.open_dialog, key.Open, pixmap.SP_DialogOpenButton)
    window.demo_action = _action(window, "Open the &Demo Plan", window.open_demo)
    window.copy_action = _action(window, "Save a &Copy As…", window.save_copy, key.SaveAs)
    window.close_action = _action(window, "&Close Plan", window.close_plan, key.Close)
    window.export_charter_action = _action(
        window, "Export C&harter…", _on_charter(window, lambda tab: tab.export_pdf()), "Ctrl+E"
    )
    window.print_charter_action = _action(
        window, "&Print Charter…", _on_charter(window, lambda tab: tab.print_charter()), key.Print
    )
    window.export_all_action = _action(
        window, "Export &All Charters…", _on_charter(window, lambda tab: tab.export_all(), show=False)
    )
    window.export_graph_action = _action(window, "Export &Graph…", window.export_graph)
    window.quit_action = _action(window, "&Quit", window.close, key.Quit)
    window.new_task_force_action = _action(
        window, "New &Task Force…", window.new_task_force, "Ctrl+Shift+N", pixmap.SP_FileDialogNewFolder
    )
    window.find_action = _action(window, "&Find Task Force", window.find, key.Find)
    views = QActionGroup(window)
    window.workspace_action = _action(window, "&Task Forces", lambda: window.show_view(WORKSPACE), "Ctrl+1")
    window.portfolio_action = _action(window, "&Portfolio", lambda: window.show_view(PORTFOLIO), "Ctrl+2")
    for action in (window.workspace_action, window.portfolio_action):
        action.setCheckable(True)
        views.addAction(action)
    window.workspace_action.setIcon(window.style().standardIcon(pixmap.SP_FileDialogDetailedView))
    window.portfolio_action.setIcon(window.style().standardIcon(pixmap.SP_FileDialogListView))
    window.presentation_action = _action(window, "&Presentation Mode", window.presentation.toggle, "F11")
    window.presentation_action.setCheckable(True)
    window.presentation_action.setIcon(window.style().standardIcon(pixmap.SP_TitleBarMaxButton))
    window.navigator_action = _action(window, "Show &Navigator", window._toggle_navigator, "Ctrl+\\")
    window.navigator_action.setCheckable(True)
    window.navigator_action.setChecked(True)
    window.about_action = _action(window, "&About smarket_planner", window.about)


def build_menus(window: MainWindow) -> None:
    """Lay the actions out in menus and the toolbar."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([window.new_plan_action, window.open_action])
    window.recent_menu = file_menu.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(window._fill_recent_menu)
    file_menu.addAction(window.demo_action)
    file_menu.addSeparator()
    file_menu.addActions([window.copy_action, window.close_action])
    file_menu.addSeparator()
    file_menu.addActions(
        [window.export_charter_action, window.print_charter_action, window.export_all_action]
    )
    file_menu.addAction(window.export_graph_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    window.edit_menu = bar.addMenu("&Edit")
    window.edit_menu.addAction(window.find_action)
    task_menu = bar.addMenu("&Task Force")
    task_menu.addAction(window.new_task_force_action)
    view_menu = bar.addMenu("&View")
    view_menu.addActions([window.workspace_action, window.portfolio_action])
    view_menu.addSeparator()
    window.roster_menu_slot = view_menu.addSeparator()
    view_menu.addActions([window.navigator_action, window.presentation_action])
    window.view_menu = view_menu
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(window.about_action)
    window.toolbar = QToolBar("Main")
    window.toolbar.setObjectName("main-toolbar")
    window.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.toolbar.setMovable(False)
    window.addToolBar(window.toolbar)
