"""The main window: welcome view, opening plans, remembered layout, presentation mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings
from smarket_planner.ui.app.window_contract import PORTFOLIO, WELCOME, WORKSPACE
from smarket_planner.ui.app.workspace import PAGES


def test_without_a_plan_the_welcome_view_offers_the_ways_in(window: MainWindow) -> None:
    assert window.stack.currentIndex() == WELCOME
    assert window.windowTitle() == "smarket_planner"
    assert not window.commands.close_plan.isEnabled()
    assert not window.commands.new_task_force.isEnabled()
    assert window.welcome.no_recent.isVisible()


def test_opening_a_plan_shows_its_task_forces_in_every_tab(window: MainWindow, demo_path: Path) -> None:
    assert window.open_plan(str(demo_path))
    assert window.stack.currentIndex() == WORKSPACE
    assert window.windowTitle().startswith("Northwind Analytics")
    assert window.workspace is not None
    assert window.workspace.tabs.count() == len(PAGES)
    assert window.workspace.current_task_force() is not None
    assert "saved the moment you make it" in window.saved_label.text()
    assert window.settings.recent_plans()[0] == str(demo_path)
    window.show_view(PORTFOLIO)
    assert window.stack.currentIndex() == PORTFOLIO
    assert window.commands.portfolio.isChecked()


def test_a_plan_that_cannot_be_used_is_explained_and_nothing_changes(
    window: MainWindow, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.smplan"
    bad.write_text("shopping list")
    assert not window.open_plan(str(bad))
    assert window.stack.currentIndex() == WELCOME
    assert window.complaints == [  # type: ignore[attr-defined]
        ("The plan could not be opened", f"{bad} is not a smarket_planner plan (it is not a plan database).")
    ]
    assert bad.read_text() == "shopping list"


def test_undo_and_redo_are_named_after_the_edit(window: MainWindow, demo_path: Path) -> None:
    from smarket_planner import services
    from smarket_planner.domain import EntityKind

    window.open_plan(str(demo_path))
    assert window.session is not None
    plan = window.session.plan
    window.session.edit(lambda: services.create(plan, EntityKind.FUNCTION, name="Legal", colour="#444444"))
    undo, redo = window.commands.undo, window.commands.redo
    assert undo is not None and redo is not None
    assert undo.text() == "&Undo Add function 'Legal'"
    undo.trigger()
    assert redo.text() == "&Redo Add function 'Legal'"
    assert "All changes saved" in window.saved_label.text()


def test_the_layout_and_recent_plans_are_remembered(
    settings: AppSettings, demo_path: Path, qtbot: Any
) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.resize(1100, 700)
    first.show()
    first.open_plan(str(demo_path))
    assert first.workspace is not None
    first.workspace.splitter.setSizes([400, 300])
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.show()
    assert (second.size().width(), second.size().height()) == (1100, 700)
    assert second.settings.recent_plans() == [str(demo_path)]
    assert second.welcome.recent.count() == 1
    second.open_plan(str(demo_path))
    assert second.workspace is not None
    assert second.workspace.splitter.sizes()[0] == 400  # the default is the narrowest, 260


def test_confirmed_only_is_remembered_for_the_next_window(
    settings: AppSettings, demo_path: Path, qtbot: Any
) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.open_plan(str(demo_path))
    assert first.portfolio is not None and not first.portfolio.heatmap.confirmed_only.isChecked()
    first.portfolio.demand.confirmed_only.setChecked(True)  # either box: they follow each other
    assert first.portfolio.heatmap.confirmed_only.isChecked()
    first.close()
    second = MainWindow(AppSettings(settings.path.parent))
    qtbot.addWidget(second)
    second.open_plan(str(demo_path))
    assert second.portfolio is not None
    assert second.portfolio.heatmap.confirmed_only.isChecked()
    assert second.portfolio.demand.confirmed_only.isChecked()
    assert second.portfolio.heatmap.model.confirmed_only


def test_presentation_mode_enlarges_and_restores_exactly(window: MainWindow, demo_path: Path) -> None:
    window.open_plan(str(demo_path))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.processEvents()  # docks appear on the next turn of the event loop
    font, palette = app.font(), app.palette()
    assert window.roster is not None and not window.roster.isHidden()
    window.commands.presentation.trigger()
    assert window.presentation.active
    assert app.font().pointSizeF() > font.pointSizeF()
    assert window.roster.isHidden()
    window.commands.navigator.trigger()
    assert window.workspace is not None
    assert window.workspace.splitter.sizes()[0] == 0
    window.commands.navigator.trigger()
    assert window.workspace.splitter.sizes()[0] > 0
    window.commands.presentation.trigger()
    assert not window.presentation.active
    assert app.font() == font
    assert app.palette() == palette
    assert not window.roster.isHidden()


def test_closing_the_plan_returns_to_the_welcome_view(window: MainWindow, demo_path: Path) -> None:
    window.open_plan(str(demo_path))
    window.commands.close_plan.trigger()
    assert window.stack.currentIndex() == WELCOME
    assert window.session is None
    assert window.welcome.recent.count() == 1
