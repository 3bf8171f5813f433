"""The Responsibilities tab: one keystroke per RACI cell, each an undo step back to the exact plan."""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from smarket_planner import services
from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.work.raci_tab import RaciTab
from smarket_planner.ui.work.work_dialogs import ActivityDialog
from tests.services.helpers import plan_data
from tests.ui.conftest import confirm_next_removal


def _tab(qtbot: QtBot, session: PlanSession, task_force: str = "Lead Qualification Reset") -> RaciTab:
    tab = RaciTab(session)
    qtbot.addWidget(tab)
    tab.resize(1000, 650)
    with qtbot.waitActive(tab):  # shortcuts (F2) reach only the active window
        tab.show()
        tab.activateWindow()
    tab.show_task_force(services.find(session.plan, EntityKind.TASK_FORCE, name=task_force)[0].id)
    return tab


def _cell(tab: RaciTab, activity: str, holder: str) -> QModelIndex:
    model = tab.model
    row = next(r for r in range(model.rowCount()) if model.line(r).name == activity)
    column = next(c for c in range(model.columnCount()) if model.holder(c).name == holder)
    return model.index(row, column)


def _letters(session: PlanSession, activity: str) -> list[tuple[Any, ...]]:
    assert session.plan.path is not None
    with sqlite3.connect(session.plan.path) as connection:
        return connection.execute(
            "SELECT coalesce(f.name, p.name), r.letter FROM raci_assignment r"
            " JOIN activity a ON a.id = r.activity_id LEFT JOIN function f ON f.id = r.function_id"
            " LEFT JOIN person p ON p.id = r.person_id WHERE a.name = ? AND a.task_force_id = 5 ORDER BY 1",
            (activity,),
        ).fetchall()


def _press(qtbot: QtBot, tab: RaciTab, index: QModelIndex, key: Qt.Key) -> None:
    tab.view.setFocus()
    tab.view.setCurrentIndex(index)
    qtbot.keyClick(tab.view, key)


def test_pressing_a_makes_marketing_accountable_and_undo_redo_are_exact(
    qtbot: QtBot, demo_session: PlanSession
) -> None:
    tab = _tab(qtbot, demo_session)
    index = _cell(tab, "Lead management", "Marketing")
    assert index.data() == "R"
    assert (
        tab.model.headerData(index.row(), Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole) is not None
    )
    before = plan_data(demo_session.plan)
    _press(qtbot, tab, index, Qt.Key.Key_A)
    assert ("Marketing", "A") in _letters(demo_session, "Lead management")
    assert index.data() == "A"
    assert tab.view.currentIndex() == index  # the cursor stays on the cell
    assert tab.model.headerData(index.row(), Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole) is None
    assert demo_session.undo_stack.undoText() == "Set A for Marketing on Lead management"
    after = plan_data(demo_session.plan)
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before
    assert _cell(tab, "Lead management", "Marketing").data() == "R"
    demo_session.undo_stack.redo()
    assert plan_data(demo_session.plan) == after


def test_a_letter_on_an_empty_cell_and_delete_clear_it_as_separate_steps(
    qtbot: QtBot, demo_session: PlanSession
) -> None:
    tab = _tab(qtbot, demo_session)
    index = _cell(tab, "Lead management", "Finance")
    assert index.data() == ""
    before = plan_data(demo_session.plan)
    _press(qtbot, tab, index, Qt.Key.Key_I)
    assert ("Finance", "I") in _letters(demo_session, "Lead management")
    with_i = plan_data(demo_session.plan)
    _press(qtbot, tab, _cell(tab, "Lead management", "Finance"), Qt.Key.Key_Delete)
    assert plan_data(demo_session.plan) == before
    _press(qtbot, tab, _cell(tab, "Lead management", "Sales"), Qt.Key.Key_Backspace)
    assert ("Sales", "R") not in _letters(demo_session, "Lead management")
    assert demo_session.undo_stack.count() == 3
    demo_session.undo_stack.undo()
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == with_i
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before


def test_no_accountable_is_flagged_on_lead_management(qtbot: QtBot, demo_session: PlanSession) -> None:
    tab = _tab(qtbot, demo_session)
    model = tab.model
    flagged = {
        model.line(row).name: model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
        for row in range(model.rowCount())
        if model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole) is not None
    }
    assert list(flagged) == ["Lead management"]
    assert flagged["Lead management"].startswith("No one is accountable for Lead management")


def test_by_person_letters_go_to_people(qtbot: QtBot, demo_session: PlanSession) -> None:
    tab = _tab(qtbot, demo_session)
    tab.by_person.click()
    holders = [tab.model.holder(c) for c in range(tab.model.columnCount())]
    assert holders and all(holder.is_person for holder in holders)
    before = plan_data(demo_session.plan)
    index = tab.model.index(0, 0)
    _press(qtbot, tab, index, Qt.Key.Key_C)
    assert (holders[0].name, "C") in _letters(demo_session, tab.model.line(0).name)
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before


def test_add_rename_and_remove_activities_with_undo(qtbot: QtBot, demo_session: PlanSession) -> None:
    tab = _tab(qtbot, demo_session)
    before = plan_data(demo_session.plan)
    dialog = tab.add_activity()
    assert isinstance(dialog, ActivityDialog)
    dialog.name.setText("Sales tools")
    dialog.accept()
    assert tab.model.line(tab.view.currentIndex().row()).name == "Sales tools"
    added = plan_data(demo_session.plan)
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    (rename,) = [d for d in tab.findChildren(ActivityDialog) if d.isVisible()]
    rename.name.setText("Sales tools and CRM")
    rename.accept()
    assert [tab.model.line(r).name for r in range(tab.model.rowCount())][-1] == "Sales tools and CRM"
    confirm_next_removal()
    tab.remove_action.trigger()
    assert tab.model.rowCount() == 3
    for _ in range(3):
        demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before
    demo_session.undo_stack.redo()
    assert plan_data(demo_session.plan) == added


def test_a_refused_name_keeps_the_dialog_open_with_the_message(
    qtbot: QtBot, demo_session: PlanSession
) -> None:
    tab = _tab(qtbot, demo_session)
    dialog = tab.add_activity()
    assert dialog is not None
    dialog.name.setText("   ")
    dialog.accept()
    assert dialog.isVisible() and not dialog.message.isHidden()
    assert "empty" in dialog.message.text()
    assert demo_session.undo_stack.count() == 0


def test_the_grid_model_passes_qt_checks(qtbot: QtBot, demo_session: PlanSession, qtmodeltester: Any) -> None:
    tab = _tab(qtbot, demo_session, "Pulse 3.0 Launch")
    qtmodeltester.check(tab.model, force_py=True)  # stays connected: every change below is checked too
    tab.by_person.click()
    _press(qtbot, tab, tab.model.index(1, 2), Qt.Key.Key_R)
    tab.by_function.click()
    tab.show_task_force(None)
    assert tab.stack.currentWidget() is tab.empty and tab.empty.text()
