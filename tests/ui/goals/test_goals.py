"""The Goals & KPIs tab: every edit it offers lands in the plan and undoes to the exact prior state."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDateEdit, QDoubleSpinBox

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.records import CheckIn, Kpi
from smarket_planner.services.reports.analysis import analyse
from smarket_planner.services.views.goals_view import KpiView, goals_of
from smarket_planner.ui.goals.check_ins import DATE, NOTE, VALUE, CheckInDialog
from smarket_planner.ui.goals.goal_dialog import GoalDialog
from smarket_planner.ui.goals.goal_tree import GoalColumn, GoalTreeModel
from smarket_planner.ui.goals.goals_tab import GoalsTab
from smarket_planner.ui.goals.kpi_dialogs import KpiDialog
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.session import PlanSession
from tests.ui.conftest import DEMO_TODAY, confirm_next_removal

K = EntityKind
TABLES = ("goal", "goal_owner", "kpi", "kpi_owner", "check_in")
BOOKKEEPING = {"changed_at", "created_at", "changed_by", "version"}
SALES, MARKETING, PRODUCT, PR = 1, 2, 3, 4


def dump(session: PlanSession) -> dict[str, list[tuple[Any, ...]]]:
    """The goal, KPI and check-in tables, bookkeeping left out, read straight from the file."""
    assert session.plan.path is not None
    data = {}
    with closing(sqlite3.connect(session.plan.path)) as connection:
        for table in TABLES:
            columns = [
                r[1] for r in connection.execute(f"PRAGMA table_info({table})") if r[1] not in BOOKKEEPING
            ]
            rows = connection.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            data[table] = sorted(rows, key=repr)
    return data


def assert_undo_redo(session: PlanSession, before: dict[str, Any], steps: int = 1) -> None:
    """Undo restores ``before`` exactly; redo brings back exactly what the edit made."""
    after = dump(session)
    assert after != before
    for _ in range(steps):
        session.undo_stack.undo()
    assert dump(session) == before
    for _ in range(steps):
        session.undo_stack.redo()
    assert dump(session) == after


@pytest.fixture
def tab(demo_session: PlanSession, qtbot: Any) -> Iterator[GoalsTab]:
    widget = GoalsTab(demo_session)
    widget.today = DEMO_TODAY
    qtbot.addWidget(widget)
    widget.resize(1000, 650)
    widget.show()
    widget.show_task_force(1)
    yield widget
    if widget.dialog is not None:
        widget.dialog.reject()


def kpi_row(tab: GoalsTab, kpi_id: int) -> KpiView:
    index = tab.model.index_of(K.KPI, kpi_id)
    return tab.model.item(index)  # type: ignore[return-value]


def test_the_tree_passes_qt_checks_as_goals_and_kpis_come_and_go(
    demo_session: PlanSession, qtmodeltester: Any
) -> None:
    model = GoalTreeModel()
    model.set_goals(goals_of(demo_session.plan, 1))
    qtmodeltester.check(model, force_py=True)  # walks every cell, then watches every change below
    assert [model.rowCount(model.index(r, 0)) for r in range(model.rowCount())] == [2, 2, 2, 1]
    services.delete(demo_session.plan, K.KPI, 3)
    services.add(demo_session.plan, K.GOAL, {"task_force_id": 1, "title": "Delight analysts"})
    model.set_goals(goals_of(demo_session.plan, 1))
    assert [model.rowCount(model.index(r, 0)) for r in range(model.rowCount())] == [2, 1, 2, 1, 0]
    model.set_goals(goals_of(demo_session.plan, 2))
    assert model.rowCount() == 2


def test_the_tree_shows_owners_direction_latest_value_and_silo_goals(tab: GoalsTab) -> None:
    model = tab.model
    kpi = model.index_of(K.KPI, 1)
    cell = lambda column: model.index(kpi.row(), column, kpi.parent())  # noqa: E731
    assert cell(GoalColumn.TITLE).data() == "Sales-accepted leads from launch programmes"
    assert cell(GoalColumn.OWNERS).data() == "Sales and Marketing"
    assert cell(GoalColumn.DIRECTION).data() == "↑"
    assert cell(GoalColumn.DIRECTION).data(Qt.ItemDataRole.ToolTipRole) == "Higher is better"
    assert cell(GoalColumn.INCENTIVE).data() == "10 %"
    assert cell(GoalColumn.LATEST).data() == "215"
    assert day_text(date(2026, 11, 17)) in cell(GoalColumn.LATEST).data(Qt.ItemDataRole.ToolTipRole)
    tab.show_task_force(2)
    silo = model.index_of(K.GOAL, 6)
    owners = model.index(silo.row(), GoalColumn.OWNERS)
    assert "silo goal" in owners.data(Qt.ItemDataRole.ToolTipRole)


def test_no_task_force_shows_a_hint_and_no_goals_offers_to_add_one(tab: GoalsTab, qtbot: Any) -> None:
    tab.show_task_force(None)
    assert tab.stack.currentIndex() == 0
    assert "Select a task force" in tab.stack.currentWidget().text()
    tf = services.create(tab.session.plan, K.TASK_FORCE, name="Empty team", kind="other", status="proposed")
    tab.show_task_force(tf.value.id)
    assert (tab.stack.currentIndex(), tab.tree_pages.currentIndex()) == (1, 0)


def test_editing_a_kpi_changes_target_incentive_and_owners_and_undoes_exactly(tab: GoalsTab) -> None:
    session = tab.session
    assert tab.select_entity(K.KPI, 1)
    before = dump(session)
    dialog = tab.edit_selected()
    assert isinstance(dialog, KpiDialog)
    dialog.target.setValue(450.0)
    dialog.incentive.setValue(12.5)
    dialog.owners.set_checked([SALES, MARKETING, PRODUCT])
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    kpi = services.get(session.plan, K.KPI, 1)
    assert isinstance(kpi, Kpi)
    assert (kpi.target, kpi.incentive_pct, kpi.owner_function_ids) == (
        450.0,
        12.5,
        (SALES, MARKETING, PRODUCT),
    )
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Edit KPI 'Sales-accepted leads from launch programmes'"
    assert kpi_row(tab, 1).target == 450.0
    assert_undo_redo(session, before)
    session.undo_stack.undo()
    assert kpi_row(tab, 1).owner_function_ids == (SALES, MARKETING)


def test_a_kpi_left_as_it_was_makes_no_undo_step(tab: GoalsTab) -> None:
    tab.select_entity(K.KPI, 4)
    dialog = tab.edit_selected()
    assert isinstance(dialog, KpiDialog)
    dialog.accept()
    assert tab.session.undo_stack.count() == 0


def test_recording_a_check_in_updates_the_latest_value_and_the_chart(tab: GoalsTab, qtbot: Any) -> None:
    session = tab.session
    tab.select_entity(K.KPI, 1)
    assert tab.chart.kpi is not None and len(tab.chart.check_ins) == 12
    before = dump(session)
    tab.tree.setFocus()
    QTest.keyClick(tab.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = tab.dialog
    assert isinstance(dialog, CheckInDialog)
    assert dialog.date_edit.date() == QDate(2026, 11, 23)
    dialog.value.setValue(248.0)
    dialog.confidence.setValue(9)
    dialog.note.setPlainText("Webinar week paid off.")
    assert dialog.confidence_label.text() == "9 / 10"
    dialog.accept()
    latest = tab.chart.check_ins[-1]
    assert (latest.checked_on, latest.value, latest.confidence) == (date(2026, 11, 23), 248.0, 9)
    assert len(tab.chart.check_ins) == 13 and tab.history.model.rowCount() == 13
    index = tab.model.index_of(K.KPI, 1)
    assert tab.model.index(index.row(), GoalColumn.LATEST, index.parent()).data() == "248"
    assert session.undo_stack.undoText() == "Record check-in of 'Sales-accepted leads from launch programmes'"
    assert_undo_redo(session, before)
    session.undo_stack.undo()
    assert len(tab.chart.check_ins) == 12
    assert tab.model.index(index.row(), GoalColumn.LATEST, index.parent()).data() == "215"


def test_a_check_in_is_edited_in_place_and_removed_with_undo(tab: GoalsTab, qtbot: Any) -> None:
    session = tab.session
    tab.select_entity(K.KPI, 1)
    history = tab.history
    first = history.model.record(0)
    before = dump(session)
    model = history.model
    assert model.setData(model.index(0, VALUE), 3.0)
    assert model.setData(model.index(0, NOTE), "Counted again: three leads.")
    edited = services.get(session.plan, K.CHECK_IN, first.id)
    assert isinstance(edited, CheckIn)
    assert (edited.value, edited.note) == (3.0, "Counted again: three leads.")
    assert history.model.record(0).value == 3.0 and tab.chart.check_ins[0].value == 3.0
    assert_undo_redo(session, before, steps=2)
    # A date moved past the others moves the check-in along the history.
    moved = dump(session)
    assert model.setData(model.index(0, DATE), date(2026, 11, 20))
    assert [c.id for c in history.check_ins()][-1] == first.id
    session.undo_stack.undo()
    assert dump(session) == moved
    # Remove the selected check-in with the Delete key.
    history.select_check_in(first.id)
    before_remove = dump(session)
    history.table.setFocus()
    QTest.keyClick(history.table, Qt.Key.Key_Delete)
    assert first.id not in [c.id for c in history.check_ins()]
    assert len(tab.chart.check_ins) == 11
    assert session.undo_stack.undoText() == f"Remove check-in of {day_text(date(2026, 9, 1))}"
    assert_undo_redo(session, before_remove)


def test_a_check_in_cannot_be_given_an_impossible_confidence(tab: GoalsTab) -> None:
    tab.select_entity(K.KPI, 1)
    before = dump(tab.session)
    said: list[str] = []
    tab.session.refused.connect(lambda message, field: said.append(field))
    assert not tab.history.model.setData(tab.history.model.index(0, 2), 11)
    assert said == ["confidence"] and dump(tab.session) == before


def test_adding_and_removing_a_goal_are_undo_steps(tab: GoalsTab) -> None:
    session = tab.session
    before = dump(session)
    dialog = tab.add_goal()
    assert isinstance(dialog, GoalDialog)
    dialog.title_edit.setText("Win back lapsed trial users")
    dialog.description_edit.setPlainText("Marketing nurtures, sales calls, service onboards.")
    dialog.owners.set_checked([SALES, MARKETING])
    dialog.accept()
    goal = tab.selected()
    assert goal is not None and goal.title == "Win back lapsed trial users"
    assert goal.owner_function_ids == (SALES, MARKETING)
    assert session.undo_stack.undoText() == "Add goal 'Win back lapsed trial users'"
    assert_undo_redo(session, before)
    added = dump(session)
    tab.select_entity(K.GOAL, 1)
    tab.tree.setFocus()
    confirm_next_removal()
    QTest.keyClick(tab.tree, Qt.Key.Key_Delete)
    assert not tab.model.index_of(K.GOAL, 1).isValid()
    assert session.undo_stack.undoText() == "Remove goal 'Build a qualified launch pipeline'"
    assert_undo_redo(session, added)
    session.undo_stack.undo()
    assert tab.model.index_of(K.KPI, 1).isValid()


def test_adding_a_kpi_under_the_selected_goal(tab: GoalsTab) -> None:
    session = tab.session
    tab.select_entity(K.GOAL, 4)
    before = dump(session)
    dialog = tab.add_kpi()
    assert isinstance(dialog, KpiDialog) and dialog.goal_box.currentData() == 4
    dialog.title_edit.setText("Analyst briefings held")
    dialog.unit_edit.setText("briefings")
    dialog.target.setValue(6)
    dialog.owners.set_checked([PR, PRODUCT])
    dialog.accept()
    kpi = tab.selected_kpi()
    assert kpi is not None and (kpi.title, kpi.goal_id, kpi.target) == ("Analyst briefings held", 4, 6.0)
    assert kpi.owner_function_ids == (PRODUCT, PR) and kpi.start_date is None
    assert_undo_redo(session, before)


def test_refused_edits_stay_in_the_dialog_and_change_nothing(tab: GoalsTab) -> None:
    session = tab.session
    before = dump(session)
    tab.select_entity(K.KPI, 1)
    dialog = tab.edit_selected()
    assert isinstance(dialog, KpiDialog)
    dialog.start.set_value(date(2026, 12, 1))
    dialog.due.set_value(date(2026, 11, 1))
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error_row.isVisible()
    assert dialog.error.text() == "The end (2026-11-01) cannot be before the start (2026-12-01)."
    assert dialog.form.labelForField(dialog.due).toolTip() == dialog.error.text()
    dialog.due.set_value(date(2027, 1, 31))
    dialog.title_edit.setText("   ")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text() == "Title cannot be empty."
    dialog.reject()
    goal_dialog = tab.add_goal()
    assert isinstance(goal_dialog, GoalDialog)
    goal_dialog.accept()
    assert goal_dialog.isVisible() and goal_dialog.error.text() == "Title cannot be empty."
    goal_dialog.reject()
    assert dump(session) == before and session.undo_stack.count() == 0


def test_notices_from_elsewhere_refresh_the_tab(tab: GoalsTab) -> None:
    session = tab.session
    tab.select_entity(K.KPI, 2)
    session.edit(lambda: services.update(session.plan, K.FUNCTION, MARKETING, name="Growth Marketing"))
    assert kpi_row(tab, 2).owners[0].name == "Growth Marketing"
    assert "Growth Marketing" in tab.kpi_facts.text()
    session.edit(lambda: services.delete(session.plan, K.KPI, 2))
    assert not tab.model.index_of(K.KPI, 2).isValid()
    shown = tab.selected()
    assert tab.history.kpi_id != 2 and (tab.chart.kpi is None or tab.chart.kpi.id != 2)
    assert shown is None or shown.id != 2 or not isinstance(shown, KpiView)


def test_a_check_in_can_be_selected_from_elsewhere(tab: GoalsTab) -> None:
    check_in = services.find(tab.session.plan, K.CHECK_IN, kpi_id=3)[4]
    assert tab.select_entity(K.CHECK_IN, check_in.id)
    assert tab.selected_kpi() is not None and tab.selected_kpi().id == 3  # type: ignore[union-attr]
    assert tab.history.selected() == check_in
    assert not tab.select_entity(K.KPI, 12)  # another task force's KPI


def test_the_history_cells_open_fitting_editors_and_commit_with_return(tab: GoalsTab, qtbot: Any) -> None:
    session = tab.session
    tab.select_entity(K.KPI, 1)
    table, model = tab.history.table, tab.history.model
    first = model.record(0)
    before = dump(session)
    table.setFocus()
    table.edit(model.index(0, VALUE))
    editor = table.focusWidget()
    assert isinstance(editor, QDoubleSpinBox) and editor.value() == first.value
    editor.setValue(4.5)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.record(0).value == 4.5)  # the delegate commits on the next turn
    table.edit(model.index(0, DATE))
    dates = table.focusWidget()
    assert isinstance(dates, QDateEdit) and dates.date() == QDate(2026, 9, 1)
    dates.setDate(QDate(2026, 9, 2))
    QTest.keyClick(dates, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.undo_stack.count() == 2)
    stored = services.get(session.plan, K.CHECK_IN, first.id)
    assert isinstance(stored, CheckIn) and (stored.value, stored.checked_on) == (4.5, date(2026, 9, 2))
    assert session.undo_stack.count() == 2
    assert_undo_redo(session, before, steps=2)


@pytest.mark.parametrize("team", [1, 2])
def test_the_status_column_says_what_the_findings_say(demo_session: PlanSession, team: int) -> None:
    report = analyse(demo_session.plan, today=DEMO_TODAY, task_force_ids=[team])
    said = {"kpi_off_track": "Off track", "kpi_at_risk": "At risk"}
    named = {
        entity.id: said[finding.kind.value]
        for finding in report.findings
        if finding.kind.value in said
        for entity in finding.entities
        if entity.kind is EntityKind.KPI
    }
    model = GoalTreeModel()
    model.set_goals(goals_of(demo_session.plan, team, DEMO_TODAY))
    shown: dict[int, str] = {}
    for goal_row in range(model.rowCount()):
        goal = model.index(goal_row, 0)
        for row in range(model.rowCount(goal)):
            cell = model.index(row, GoalColumn.STATUS, goal)
            kpi = model.item(cell)
            assert isinstance(kpi, KpiView)
            shown[kpi.id] = cell.data()
            assert cell.data(Qt.ItemDataRole.DecorationRole) is not None
            assert cell.data(Qt.ItemDataRole.ToolTipRole).startswith(cell.data())
    assert named, "the demo plants KPIs behind their line"
    assert {ident: text for ident, text in shown.items() if ident in named} == named
    assert all(shown[ident] in ("On track", "No data") for ident in shown.keys() - named.keys())
