"""Two windows on one plan (two people, or one person twice): each sees the other's edits at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings

K = EntityKind


@pytest.fixture
def second(tmp_path: Path, qtbot: Any) -> MainWindow:
    """Another window, with settings of its own, as a colleague's would be."""
    window = MainWindow(AppSettings(tmp_path / "config-2"))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def names_in(window: MainWindow) -> list[str]:
    """The task forces the window's navigator lists."""
    assert window.workspace is not None
    model = window.workspace.navigator.model
    return [str(model.index(row, 0).data(Qt.ItemDataRole.DisplayRole)) for row in range(model.rowCount())]


def test_an_edit_in_one_window_appears_in_the_other_within_a_second(
    window: MainWindow, second: MainWindow, demo_path: Path, qtbot: Any
) -> None:
    assert window.open_plan(str(demo_path)) and second.open_plan(str(demo_path))
    assert window.session is not None and second.session is not None
    plan = window.session.plan
    launch = next(tf for tf in services.find(plan, K.TASK_FORCE) if tf.name in names_in(second))
    window.session.update(K.TASK_FORCE, launch.id, launch.version, {"name": "Launch, second wave"})
    qtbot.waitUntil(lambda: "Launch, second wave" in names_in(second), timeout=1000)
    assert launch.name not in names_in(second)
    assert "changes made elsewhere" in second.statusBar().currentMessage()
    # The window that made the edit says it saved it, and lists it once.
    assert names_in(window).count("Launch, second wave") == 1
    assert "All changes saved" in window.saved_label.text()


def test_an_addition_and_a_removal_elsewhere_appear_too(
    window: MainWindow, second: MainWindow, demo_path: Path, qtbot: Any
) -> None:
    assert window.open_plan(str(demo_path)) and second.open_plan(str(demo_path))
    assert window.session is not None
    plan = window.session.plan
    window.session.edit(
        lambda: services.create(plan, K.TASK_FORCE, name="Nordics", kind="market_entry", status="proposed")
    )
    qtbot.waitUntil(lambda: "Nordics" in names_in(second), timeout=1000)
    window.commands.undo.trigger()
    qtbot.waitUntil(lambda: "Nordics" not in names_in(second), timeout=1000)
