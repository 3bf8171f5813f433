"""Task Force ▸ Save as Template…: asked a name and a description, saved beside the user's data, said so."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import CONFIG_ENV
from smarket_planner.ui.workspace.template_saving import SaveTemplateDialog

K = EntityKind


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's own folder for this test (templates go in its "templates")."""
    folder = tmp_path / "app data"
    monkeypatch.setenv(CONFIG_ENV, str(folder))
    return folder


@pytest.fixture
def opened(window: MainWindow, demo_path: Path, data: Path) -> MainWindow:
    """The window with the demo plan open and Pulse 3.0 Launch shown."""
    assert window.open_plan(str(demo_path)) and window.session is not None and window.workspace is not None
    pulse = next(
        t.id for t in services.find(window.session.plan, K.TASK_FORCE) if t.name == "Pulse 3.0 Launch"
    )
    window.workspace.select_task_force(pulse)
    return window


def then(act: Callable[[Any], None]) -> list[Any]:
    """Act on the dialog about to open (once it is up); the dialogs seen."""
    seen: list[Any] = []

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None, "no dialog opened"
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(0, handle)
    return seen


def save(name: str, description: str | None = None) -> Callable[[SaveTemplateDialog], None]:
    def act(dialog: SaveTemplateDialog) -> None:
        assert isinstance(dialog, SaveTemplateDialog)
        dialog.name.setText(name)
        if description is not None:
            dialog.description.setPlainText(description)
        dialog.accept()

    return act


def test_the_menu_saves_the_task_force_shown_and_says_where(opened: MainWindow, data: Path) -> None:
    action = opened.commands.save_as_template
    assert action.isEnabled() and action.text() == "Save as Te&mplate…"
    assert action in opened.menuBar().actions()[2].menu().actions()  # the Task Force menu
    seen = then(save("Our launch", "How we launch."))
    action.trigger()
    dialog = seen[0]
    assert dialog.windowTitle() == "Save as Template"
    written = data / "templates" / "our-launch.json"
    assert dialog.where.text() == f"Saved as our-launch.json in {data / 'templates'}"
    saved = json.loads(written.read_text(encoding="utf-8"))
    assert (saved["name"], saved["description"], saved["saved_from"]) == (
        "Our launch",
        "How we launch.",
        "Pulse 3.0 Launch",
    )
    assert "our-launch" in opened.statusBar().currentMessage()
    assert (
        opened.session is not None and opened.session.undo_stack.count() == 0
    )  # nothing in the plan changed


def test_the_dialog_offers_the_task_forces_name_and_a_description(opened: MainWindow, data: Path) -> None:
    def look(dialog: SaveTemplateDialog) -> None:
        assert dialog.name.text() == "Pulse 3.0 Launch"
        assert dialog.description.toPlainText().startswith(
            "The goals and KPIs, RACI and deliverables of Pulse 3.0 Launch, saved on "
        )
        save_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save_button.isEnabled()
        dialog.name.setText("  ")
        assert not save_button.isEnabled()
        dialog.reject()

    seen = then(look)
    opened.commands.save_as_template.trigger()
    assert seen and not (data / "templates").exists()  # cancelled: nothing written


def test_saving_over_a_template_asks_first(opened: MainWindow, data: Path) -> None:
    then(save("Our launch", "First."))
    opened.commands.save_as_template.trigger()
    asked: list[str] = []

    def keep(box: QMessageBox) -> None:
        asked.append(f"{box.text()} {box.informativeText()}")
        box.reject()

    def second(dialog: SaveTemplateDialog) -> None:
        then(keep)
        save("Our launch", "Second.")(dialog)
        assert dialog.isVisible()  # not replaced: the dialog stays open for another name
        dialog.reject()

    then(second)
    opened.commands.save_as_template.trigger()
    assert asked == [
        "Replace your template “Our launch”? "
        "It was saved before as our-launch.json; saving now writes over it."
    ]
    written = data / "templates" / "our-launch.json"
    assert json.loads(written.read_text(encoding="utf-8"))["description"] == "First."

    def replace(box: QMessageBox) -> None:
        next(button for button in box.buttons() if button.text() == "&Replace").click()

    def third(dialog: SaveTemplateDialog) -> None:
        then(replace)
        save("Our launch", "Third.")(dialog)

    then(third)
    opened.commands.save_as_template.trigger()
    assert json.loads(written.read_text(encoding="utf-8"))["description"] == "Third."


def test_a_template_that_cannot_be_saved_says_why_in_the_dialog(opened: MainWindow, data: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    (data / "templates").write_text("in the way", encoding="utf-8")
    said: list[str] = []

    def act(dialog: SaveTemplateDialog) -> None:
        save("Our launch")(dialog)
        said.append(dialog.message.text())
        assert dialog.isVisible() and dialog.message.isVisible()
        dialog.reject()

    then(act)
    opened.commands.save_as_template.trigger()
    assert said and said[0].startswith("The template could not be saved in ")
    assert "our-launch" not in opened.statusBar().currentMessage()


def test_the_navigators_menu_saves_the_task_force_chosen(opened: MainWindow, data: Path) -> None:
    assert opened.workspace is not None
    navigator = opened.workspace.navigator
    then(save("From the list"))
    navigator.template_action.trigger()
    assert (data / "templates" / "from-the-list.json").exists()


def test_the_new_task_force_dialog_lists_the_saved_template(opened: MainWindow, data: Path) -> None:
    then(save("Our launch"))
    opened.commands.save_as_template.trigger()
    listed: list[str] = []

    def look(dialog: Any) -> None:
        listed.extend(dialog.templates.item(row).text() for row in range(dialog.templates.count()))
        dialog.reject()

    then(look)
    opened.commands.new_task_force.trigger()
    assert listed[-2:] == ["Your templates", "Our launch"]
