"""The window's menus and toolbar: what they offer without a plan, what a plan adds and takes back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMenu, QToolBar

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.window_contract import WORKSPACE


def _entries(holder: QMenu | QToolBar) -> list[str]:
    return [action.text() if not action.isSeparator() else "—" for action in holder.actions()]


def test_without_a_plan_only_the_ways_in_are_offered(window: MainWindow) -> None:
    commands = window.commands
    assert _entries(commands.toolbar) == ["&New Plan…", "&Open…"]
    assert _entries(commands.edit_menu) == ["&Find Task Force"]
    assert commands.new_plan.isEnabled() and commands.open.isEnabled() and commands.demo.isEnabled()
    for action in (commands.save_copy, commands.export_charter, commands.presentation, commands.navigator):
        assert not action.isEnabled()
    assert commands.undo is None and commands.redo is None and commands.tabs_menu is None


def test_a_plan_adds_to_the_menus_and_closing_it_takes_everything_back(
    window: MainWindow, demo_path: Path
) -> None:
    commands = window.commands
    holders = (commands.edit_menu, commands.view_menu, commands.toolbar)
    before = [_entries(holder) for holder in holders]
    for _ in range(2):
        assert window.open_plan(str(demo_path))
        assert window.roster is not None and window.findings is not None
        assert _entries(commands.edit_menu) == ["&Undo", "&Redo", "—", "&Find Task Force"]
        view = commands.view_menu.actions()
        assert window.roster.toggleViewAction() in view and window.findings.toggleViewAction() in view
        assert commands.tabs_menu is not None and commands.tabs_menu.menuAction() in view
        shown = [action.text() for action in commands.toolbar.actions()]
        assert shown[shown.index("Undo") : shown.index("Undo") + 2] == ["Undo", "Redo"]  # fixed labels
        assert commands.new_task_force.isEnabled() and commands.save_copy.isEnabled()
        assert commands.workspace.isChecked()
        commands.close_plan.trigger()
        assert [_entries(holder) for holder in holders] == before


def test_the_recent_menu_lists_the_plans_opened_and_opens_them(window: MainWindow, demo_path: Path) -> None:
    recent = window.commands.recent_menu
    recent.aboutToShow.emit()
    [empty] = recent.actions()
    assert empty.text() == "No recent plans" and not empty.isEnabled()
    window.open_plan(str(demo_path))
    window.close_plan()
    recent.aboutToShow.emit()
    [entry] = recent.actions()
    assert (entry.text(), entry.toolTip()) == (demo_path.name, str(demo_path))
    entry.trigger()
    assert window.session is not None
    assert window.stack.currentIndex() == WORKSPACE


def test_closing_a_plan_in_presentation_mode_unticks_the_action(window: MainWindow, demo_path: Path) -> None:
    window.open_plan(str(demo_path))
    window.commands.presentation.trigger()
    assert window.presentation.active and window.commands.presentation.isChecked()
    window.commands.close_plan.trigger()
    assert not window.presentation.active
    assert not window.commands.presentation.isChecked()


def test_the_charter_commands_bring_the_charter_to_the_front(window: MainWindow, demo_path: Path) -> None:
    window.open_plan(str(demo_path))
    assert window.workspace is not None
    assert window.charter_tab(bring_to_front=False) is window.workspace.charter
    assert window.current_page() is not window.workspace.charter
    assert window.charter_tab(bring_to_front=True) is window.workspace.charter
    assert window.current_page() is window.workspace.charter


def test_the_toolbar_keeps_its_width_when_undo_names_an_edit(window: MainWindow, demo_path: Path) -> None:
    assert window.open_plan(str(demo_path)) and window.session is not None
    undo = next(a for a in window.commands.toolbar.actions() if a.text() == "Undo")
    assert not undo.isEnabled() and undo.toolTip() == "Nothing to undo"
    width = window.commands.toolbar.sizeHint().width()
    person = services.find(window.session.plan, EntityKind.PERSON)[0]
    window.session.edit(
        lambda: services.update(window.session.plan, EntityKind.PERSON, person.id, title="Chief")
    )
    assert undo.isEnabled() and undo.text() == "Undo" and undo.toolTip().startswith("Undo ")
    assert window.commands.undo is not None and window.commands.undo.text().startswith("&Undo ")  # Edit menu
    assert window.commands.toolbar.sizeHint().width() == width
    undo.trigger()
    assert (
        getattr(services.get(window.session.plan, EntityKind.PERSON, person.id), "title", "") == person.title
    )
