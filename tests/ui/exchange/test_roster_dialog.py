"""The Import Roster dialog: columns matched, each row's outcome shown, imported as one undo step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from smarket_planner import services
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.exchange.roster_columns import RosterField
from smarket_planner.services.exchange.roster_import import RowOutcome
from smarket_planner.ui.exchange import roster_dialog
from smarket_planner.ui.exchange.column_mapping import LEAVE_OUT
from smarket_planner.ui.exchange.roster_dialog import ImportRosterDialog
from smarket_planner.ui.kit.session import PlanSession
from tests.ui.exchange.conftest import HEADINGS, ROWS, RosterWriter

K = EntityKind


def _dialog(qtbot: QtBot, session: PlanSession, path: Path) -> ImportRosterDialog:
    dialog = ImportRosterDialog(session, path)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _outcomes(dialog: ImportRosterDialog) -> dict[str, str]:
    return {line.name: line.row.outcome.value for line in dialog.shown_lines()}


def _people(session: PlanSession) -> set[str]:
    return {person.name for person in services.find(session.plan, K.PERSON)}  # type: ignore[attr-defined]


def test_a_csv_file_is_matched_by_its_headings_and_each_row_says_what_would_happen(
    qtbot: QtBot, plan_session: PlanSession, write_roster: RosterWriter
) -> None:
    dialog = _dialog(qtbot, plan_session, write_roster())
    mapping = dialog.ui.mapping
    assert [mapping.combos[column].currentText() for column in range(len(HEADINGS))] == [
        LEAVE_OUT, "Full name", "Work e-mail", "Job title", "Function (department)", "Location",
    ]  # fmt: skip
    assert _outcomes(dialog) == {
        "Ana Lopez": "update", "Ben Ode": "unchanged", "Cleo Park": "new", "Dev Rao": "new",
        "Eve Stone": "error",
    }  # fmt: skip
    lines = {line.name: line for line in dialog.shown_lines()}
    assert lines["Ana Lopez"].details == "job title: Analyst → Senior Analyst"
    assert lines["Dev Rao"].function_text == "Analytics (new)"
    assert lines["Cleo Park"].function_text == "Sales"
    assert lines["Eve Stone"].details == "Work Email: This is not an e-mail address."
    assert dialog.ui.summary.text() == dialog.check.preview.summary()  # type: ignore[union-attr]
    assert dialog.ui.summary.text().startswith("1 row cannot be imported")
    assert dialog.ui.problems_box.isVisibleTo(dialog)
    [problem] = dialog.ui.problems_model.records()
    assert (problem.problem.row, problem.problem.column, problem.problem.value) == (
        6,
        "Work Email",
        "eve@northwind",
    )
    assert "UTF-8, comma-separated" in dialog.ui.file_details.text()
    assert not dialog.ui.import_button.isEnabled()
    assert not dialog.ui.sheet_row.isVisibleTo(dialog)


def test_import_waits_until_the_errors_are_gone_then_is_one_undo_step(
    qtbot: QtBot, plan_session: PlanSession, write_roster: RosterWriter
) -> None:
    # The e-mails sit in a column the import does not recognise; the names alone say who is who.
    headings = ["Name", "Contact", "Department"]
    rows = [["Cleo Park", "cleo@northwind.example", "Sales"], ["Dev Rao", "not an address", "Analytics"]]
    dialog = _dialog(qtbot, plan_session, write_roster("people.csv", rows, headings))
    assert dialog.ui.mapping.field_of(1) is None
    assert dialog.ui.import_button.isEnabled()
    dialog.ui.mapping.choose(1, RosterField.EMAIL)  # by hand: now Dev's cell is read as an e-mail
    assert _outcomes(dialog) == {"Cleo Park": "new", "Dev Rao": "error"}
    assert not dialog.ui.import_button.isEnabled()
    assert "Fix the rows with errors" in dialog.ui.import_button.toolTip()
    dialog.ui.mapping.choose(1, None)  # left out again: nothing wrong
    assert _outcomes(dialog) == {"Cleo Park": "new", "Dev Rao": "new"}
    assert dialog.ui.import_button.isEnabled()
    before = _people(plan_session)
    imported: list[str] = []
    dialog.imported.connect(imported.append)
    qtbot.mouseClick(dialog.ui.import_button, Qt.MouseButton.LeftButton)
    assert imported == ["Imported 2 people (1 new function) from people.csv"]
    assert _people(plan_session) == before | {"Cleo Park", "Dev Rao"}
    assert "Analytics" in {function.name for function in services.find(plan_session.plan, K.FUNCTION)}  # type: ignore[attr-defined]
    stack = plan_session.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Import roster from people.csv"
    stack.undo()
    assert _people(plan_session) == before
    assert "Analytics" not in {function.name for function in services.find(plan_session.plan, K.FUNCTION)}  # type: ignore[attr-defined]
    stack.redo()
    assert _people(plan_session) == before | {"Cleo Park", "Dev Rao"}
    assert not dialog.isVisible()


def test_choosing_a_field_for_one_column_takes_it_from_the_other(
    qtbot: QtBot, plan_session: PlanSession, write_roster: RosterWriter
) -> None:
    dialog = _dialog(qtbot, plan_session, write_roster())
    mapping = dialog.ui.mapping
    mapping.choose(0, RosterField.NAME)  # the employee ids as names: everyone would be new
    assert mapping.field_of(0) is RosterField.NAME and mapping.field_of(1) is None
    assert mapping.chosen()["Preferred Name"] == "ignore"
    assert _outcomes(dialog)["E1"] == "update"  # found by e-mail, renamed
    lines = {line.name: line for line in dialog.shown_lines()}
    assert lines["E1"].details.startswith("name: Ana Lopez → E1")


def test_the_filter_shows_one_kind_of_row_and_counts_each(
    qtbot: QtBot, plan_session: PlanSession, write_roster: RosterWriter
) -> None:
    dialog = _dialog(qtbot, plan_session, write_roster())
    combo = dialog.ui.show_combo
    assert [combo.itemText(index) for index in range(combo.count())] == [
        "All (5)", "New (2)", "Updates (1)", "Unchanged (1)", "Errors (1)",
    ]  # fmt: skip
    combo.setCurrentIndex(combo.findData(RowOutcome.NEW))
    assert set(_outcomes(dialog)) == {"Cleo Park", "Dev Rao"}
    assert dialog.ui.shown_count.text() == "2 of 5 rows"
    # Choosing the problem brings its row back into view.
    dialog.ui.problems.clicked.emit(dialog.ui.problems_proxy.index(0, 0))
    assert combo.currentIndex() == 0
    [selected] = dialog.ui.table.selectionModel().selectedRows()
    assert dialog.shown_lines()[selected.row()].name == "Eve Stone"


def test_the_table_sorts_by_outcome(
    qtbot: QtBot, plan_session: PlanSession, write_roster: RosterWriter
) -> None:
    dialog = _dialog(qtbot, plan_session, write_roster())
    dialog.ui.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [line.row.outcome for line in dialog.shown_lines()] == [
        RowOutcome.ERROR, RowOutcome.NEW, RowOutcome.NEW, RowOutcome.UPDATE, RowOutcome.SAME,
    ]  # fmt: skip


def test_a_workbook_with_several_sheets_offers_them(
    qtbot: QtBot, plan_session: PlanSession, write_roster: RosterWriter
) -> None:
    sheets = {
        "Summary": [["Headcount report"], ["Total", "2"]],
        "People": [HEADINGS, ROWS[2], ROWS[3]],
    }
    dialog = _dialog(qtbot, plan_session, write_roster("hr.xlsx", sheets=sheets))
    assert dialog.ui.sheet_row.isVisibleTo(dialog)
    assert [dialog.ui.sheet.itemText(index) for index in range(2)] == ["Summary", "People"]
    assert dialog.check is not None and not dialog.check.preview.ok  # the first sheet holds no names
    dialog.ui.sheet.setCurrentIndex(1)
    dialog.ui.sheet.activated.emit(1)
    assert _outcomes(dialog) == {"Cleo Park": "new", "Dev Rao": "new"}
    assert "sheet “People”" in dialog.ui.file_details.text()
    assert dialog.ui.import_button.isEnabled()


def test_a_file_that_cannot_be_read_is_explained_and_another_can_be_chosen(
    qtbot: QtBot, plan_session: PlanSession, write_roster: RosterWriter, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    broken = tmp_path / "export.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    dialog = _dialog(qtbot, plan_session, broken)
    assert dialog.ui.error_row.isVisibleTo(dialog)
    assert dialog.ui.error.text() == "export.xlsx is not an Excel workbook, or it is damaged."
    assert not dialog.ui.import_button.isEnabled() and dialog.ui.model.rowCount() == 0
    monkeypatch.setattr(dialog, "choose_file", lambda: write_roster())
    dialog.ui.other_file.click()
    assert not dialog.ui.error_row.isVisibleTo(dialog)
    assert dialog.ui.file_name.text() == "workday_export.csv"
    assert dialog.ui.model.rowCount() == 5


def test_an_import_the_plan_no_longer_allows_writes_nothing_and_says_why(
    qtbot: QtBot, plan_session: PlanSession, write_roster: RosterWriter
) -> None:
    # Ana's row gives no function: fine while she is in the plan, wrong for a new person.
    rows = [["E1", "Ana Lopez", "ana@northwind.example", "Senior Analyst", "", "Berlin"], ROWS[2]]
    dialog = _dialog(qtbot, plan_session, write_roster(rows=rows))
    assert _outcomes(dialog) == {"Ana Lopez": "update", "Cleo Park": "new"}
    assert dialog.ui.import_button.isEnabled()
    [ana] = services.find(plan_session.plan, K.PERSON, name="Ana Lopez")
    services.delete(plan_session.plan, K.PERSON, ana.id)  # meanwhile, elsewhere
    before = _people(plan_session)
    dialog.start_import()
    assert dialog.isVisible() and dialog.outcome is None
    assert dialog.ui.error.text() == (
        "The roster was not imported. Row 2, Department: A new person needs a function (department)."
    )
    assert _people(plan_session) == before and plan_session.undo_stack.count() == 0
    assert _outcomes(dialog) == {"Ana Lopez": "error", "Cleo Park": "new"}  # checked again
    assert not dialog.ui.import_button.isEnabled()


def test_enter_does_not_import_unless_import_has_the_focus(
    qtbot: QtBot, plan_session: PlanSession, write_roster: RosterWriter
) -> None:
    dialog = _dialog(qtbot, plan_session, write_roster(rows=ROWS[2:4]))
    dialog.ui.show_combo.setFocus()
    qtbot.keyClick(dialog.ui.show_combo, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.outcome is None
    dialog.ui.import_button.setFocus()
    qtbot.keyClick(dialog.ui.import_button, Qt.Key.Key_Return)
    assert dialog.outcome is not None and not dialog.isVisible()


def test_escape_closes_without_importing(
    qtbot: QtBot, plan_session: PlanSession, write_roster: RosterWriter
) -> None:
    dialog = _dialog(qtbot, plan_session, write_roster())
    before = _people(plan_session)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.outcome is None
    assert _people(plan_session) == before


def test_a_long_roster_is_checked_and_imported_off_the_window_thread(
    qtbot: QtBot, plan_session: PlanSession, write_roster: RosterWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster_dialog, "IN_PLACE_BYTES", 0)
    monkeypatch.setattr(roster_dialog, "IN_PLACE_ROWS", 0)
    rows = [
        [f"E{n}", f"Person {n:04}", f"p{n}@northwind.example", "Analyst", "Sales", "Oslo"]
        for n in range(1200)
    ]
    dialog = _dialog(qtbot, plan_session, write_roster("big.csv", rows))
    assert dialog.ui.bar.isVisibleTo(dialog)  # reading: the window goes on meanwhile
    qtbot.waitUntil(lambda: dialog.check is not None and not dialog.loader.busy, timeout=20_000)
    assert dialog.ui.model.rowCount() == 1200 and dialog.ui.import_button.isEnabled()
    progress: list[tuple[int, int]] = []
    dialog.importer.progressed.connect(lambda done, total, _note: progress.append((done, total)))
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as said:
        dialog.start_import()
        assert dialog.importing and not dialog.ui.import_button.isEnabled()
        assert not dialog.ui.mapping.isEnabled()
    assert said.args == ["Imported 1,200 people from big.csv"]
    assert progress and progress[-1] == (1200, 1200)
    assert len(_people(plan_session)) == 1202
    plan_session.undo_stack.undo()
    assert len(_people(plan_session)) == 2


def test_cancelling_a_long_import_writes_nothing(
    qtbot: QtBot, plan_session: PlanSession, write_roster: RosterWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster_dialog, "IN_PLACE_ROWS", 0)
    rows = [
        [f"E{n}", f"Person {n:04}", f"p{n}@northwind.example", "Analyst", "Sales", "Oslo"] for n in range(600)
    ]
    dialog = _dialog(qtbot, plan_session, write_roster("big.csv", rows))
    qtbot.waitUntil(lambda: dialog.check is not None and not dialog.loader.busy, timeout=20_000)
    original = roster_dialog.import_roster

    def slow_import(plan: Any, preview: Any, progress: Any) -> Any:
        dialog.importer.cancel()  # Cancel pressed before the roster is checked again
        return original(plan, preview, progress)

    monkeypatch.setattr(roster_dialog, "import_roster", slow_import)
    with qtbot.waitSignal(dialog.finished, timeout=20_000):
        dialog.start_import()
        dialog.reject()
        assert dialog.isVisible()  # it waits for the import to stop
    assert dialog.outcome is None
    assert len(_people(plan_session)) == 2 and plan_session.undo_stack.count() == 0
    QApplication.processEvents()
