"""File ▸ Import Roster and File ▸ Export in the window: offered with a plan, files written and read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from smarket_planner import services
from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings
from smarket_planner.ui.exchange.plan_exchange import PlanExchange
from tests.ui.exchange.conftest import RosterWriter

K = EntityKind


def _file_menu(window: MainWindow) -> QMenu:
    [menu] = [action.menu() for action in window.menuBar().actions() if action.text() == "&File"]
    assert isinstance(menu, QMenu)
    return menu


def _answer(exchange: PlanExchange, monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[Path]:
    """Answer the save dialog with ``path``; the suggestions it was asked with are kept."""
    asked: list[Path] = []

    def choose(_title: str, suggestion: Path, _formats: Any) -> Path | None:
        asked.append(suggestion)
        return path

    monkeypatch.setattr(exchange, "choose_save_path", choose)
    return asked


def test_the_file_menu_offers_import_and_export_with_a_plan_only(qtbot: QtBot, tmp_path: Path) -> None:
    empty = MainWindow(AppSettings(tmp_path / "alone"))
    qtbot.addWidget(empty)
    commands = empty.commands
    entries = [action.text() for action in _file_menu(empty).actions()]
    assert "&Import Roster…" in entries and "&Export" in entries
    assert entries.index("&Import Roster…") + 1 == entries.index("&Export")
    assert [action.text() for action in commands.export_menu.actions() if not action.isSeparator()] == [
        "&Roster…", "Plan as &JSON…", "&Calendar of This Task Force…", "Calendar of the &Whole Plan…",
    ]  # fmt: skip
    assert not commands.import_roster.isEnabled() and not commands.export_menu.menuAction().isEnabled()
    assert not commands.export_roster.isEnabled()
    empty.close()


def test_with_a_plan_every_exchange_command_is_enabled(window: MainWindow) -> None:
    commands = window.commands
    for action in (
        commands.import_roster, commands.export_menu.menuAction(), commands.export_roster,
        commands.export_plan_json, commands.export_plan_calendar,
    ):  # fmt: skip
        assert action.isEnabled(), action.text()


def test_the_task_force_calendar_is_named_after_the_task_force_shown(window: MainWindow) -> None:
    assert window.session is not None and window.workspace is not None
    commands = window.commands
    commands.export_menu.aboutToShow.emit()
    assert not commands.export_task_force_calendar.isEnabled()  # no task force yet
    team = services.create(
        window.session.plan, K.TASK_FORCE, name="R&D Launch", kind="other", status="active"
    ).value
    window.workspace.select_task_force(team.id)
    commands.export_menu.aboutToShow.emit()
    assert commands.export_task_force_calendar.text() == "&Calendar of R&&D Launch…"
    assert commands.export_task_force_calendar.isEnabled()


def test_import_roster_asks_for_the_file_then_imports_it_as_one_undo_step(
    window: MainWindow, write_roster: RosterWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    exchange = window.commands.exchange
    rows = [["E3", "Cleo Park", "cleo@northwind.example", "Account Manager", "Sales", "Paris"]]
    path = write_roster(rows=rows)
    monkeypatch.setattr(exchange, "choose_roster_file", lambda _folder: path)
    window.commands.import_roster.trigger()
    dialog = exchange.dialog
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    assert dialog.parent() is window
    dialog.ui.import_button.click()
    assert window.statusBar().currentMessage() == "Imported 1 person from workday_export.csv"
    assert window.session is not None
    names = {person.name for person in services.find(window.session.plan, K.PERSON)}  # type: ignore[attr-defined]
    assert "Cleo Park" in names
    assert window.commands.undo is not None
    assert window.commands.undo.text() == "&Undo Import roster from workday_export.csv"
    window.commands.undo.trigger()
    names = {person.name for person in services.find(window.session.plan, K.PERSON)}  # type: ignore[attr-defined]
    assert "Cleo Park" not in names


def test_import_roster_does_nothing_when_no_file_is_chosen(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(window.commands.exchange, "choose_roster_file", lambda _folder: None)
    window.commands.import_roster.trigger()
    assert window.commands.exchange.dialog is None


@pytest.mark.parametrize("ending", ["csv", "xlsx"])
def test_export_roster_writes_the_people_as_the_file_name_says(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    target = tmp_path / f"people.{ending}"
    asked = _answer(window.commands.exchange, monkeypatch, target)
    window.commands.export_roster.trigger()
    assert asked == [tmp_path / "Northwind roster.csv"]
    assert window.statusBar().currentMessage() == f"Roster of 2 people saved to {target}"
    if ending == "csv":
        with target.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(target).active
        assert sheet is not None
        rows = [
            [str(cell) if cell is not None else "" for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    assert rows[0][:3] == ["Name", "Work email", "Function"]
    assert sorted(row[0] for row in rows[1:]) == ["Ana Lopez", "Ben Ode"]


def test_an_export_that_cannot_be_written_is_explained(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer(window.commands.exchange, monkeypatch, tmp_path / "missing" / "people.csv")
    window.commands.export_roster.trigger()
    [(title, message)] = window.complaints  # type: ignore[attr-defined]
    assert title == "The roster could not be saved"
    assert message == f"The folder {tmp_path / 'missing'} does not exist."


def test_a_cancelled_save_dialog_writes_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer(window.commands.exchange, monkeypatch, None)
    before = set(tmp_path.iterdir())
    window.commands.export_roster.trigger()
    window.commands.export_plan_calendar.trigger()
    assert set(tmp_path.iterdir()) == before and not window.complaints  # type: ignore[attr-defined]


def test_export_plan_as_json_writes_the_plan(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "northwind.json"
    asked = _answer(window.commands.exchange, monkeypatch, target)
    window.commands.export_plan_json.trigger()
    assert asked == [tmp_path / "Northwind.json"]
    assert window.statusBar().currentMessage() == f"Plan saved as JSON to {target}"
    written = json.loads(target.read_text(encoding="utf-8"))
    assert "Ana Lopez" in json.dumps(written)


def test_export_calendar_of_the_task_force_or_the_whole_plan(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.session is not None and window.workspace is not None
    plan = window.session.plan
    launch = services.create(
        plan, K.TASK_FORCE, name="Launch", kind="other", status="active",
        start_date="2026-03-02", end_date="2026-06-26",
    ).value  # fmt: skip
    services.create(
        plan, K.TASK_FORCE, name="Pricing", kind="other", status="active",
        start_date="2026-04-01", end_date="2026-05-29",
    )  # fmt: skip
    window.workspace.select_task_force(launch.id)
    exchange = window.commands.exchange
    target = tmp_path / "launch.ics"
    asked = _answer(exchange, monkeypatch, target)
    window.commands.export_menu.aboutToShow.emit()
    window.commands.export_task_force_calendar.trigger()
    assert asked == [tmp_path / "Launch calendar.ics"]
    text = target.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "Launch" in text and "Pricing" not in text
    assert window.statusBar().currentMessage() == f"Calendar of Launch (2 events) saved to {target}"
    whole = tmp_path / "plan.ics"
    asked = _answer(exchange, monkeypatch, whole)
    window.commands.export_plan_calendar.trigger()
    assert asked == [tmp_path / "Northwind calendar.ics"]
    text = whole.read_text(encoding="utf-8")
    assert "Launch" in text and "Pricing" in text
    assert window.statusBar().currentMessage().startswith("Calendar of the whole plan (4 events)")


def test_an_export_on_a_thread_reports_when_done(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    exchange = window.commands.exchange
    exchange.synchronous = False
    target = tmp_path / "people.csv"
    _answer(exchange, monkeypatch, target)
    window.commands.export_roster.trigger()
    qtbot.waitUntil(lambda: not exchange.writing, timeout=10_000)
    assert window.statusBar().currentMessage() == f"Roster of 2 people saved to {target}"
    assert target.exists()
