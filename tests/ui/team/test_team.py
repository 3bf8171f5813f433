"""The Team tab: staffing by dialog and by drag, in-place edits, totals, each undone exactly."""

from __future__ import annotations

import sqlite3
import warnings
from datetime import date
from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import MembershipRole
from smarket_planner.services.views.staffing_view import functions
from smarket_planner.services.views.staffing_view import roster as everyone
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.form_fields import PercentBox, warning_colour
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.team.roster_model import PERSON_MIME, RosterModel, people_mime
from smarket_planner.ui.team.team_tab import TeamTab
from smarket_planner.ui.team.team_table import ALLOCATION, ROLE, START, TOTAL

K = EntityKind
HIDDEN = {"changed_at", "created_at", "changed_by", "version"}
PRIYA_LOAD = (
    "Pulse 3.0 Launch 50% · Halvorsen Logistics Pursuit 40% · DACH Market Entry 40% = 130% of 100% capacity"
)


def dump(session: PlanSession, *tables: str) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of some tables as read straight from the file, bookkeeping columns left out."""
    assert session.plan.path is not None
    result = {}
    with sqlite3.connect(session.plan.path) as db:
        for table in tables:
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})") if row[1] not in HIDDEN]
            result[table] = db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id").fetchall()
    return result


def ident(session: PlanSession, kind: EntityKind, name: str) -> int:
    return services.find(session.plan, kind, name=name)[0].id


def tab_on(session: PlanSession, qtbot: Any, task_force: str) -> TeamTab:
    tab = TeamTab(session)
    qtbot.addWidget(tab)
    tab.resize(1000, 650)
    tab.show_task_force(ident(session, K.TASK_FORCE, task_force))
    return tab


def row_of(tab: TeamTab, name: str) -> int:
    """The row (as shown, sorted or not) of a member."""
    for row in range(tab.proxy.rowCount()):
        if tab.proxy.index(row, 0).data() == name:
            return row
    raise AssertionError(f"{name} is not on the team")


def memberships(session: PlanSession, person: int) -> list[tuple[Any, ...]]:
    assert session.plan.path is not None
    with sqlite3.connect(session.plan.path) as db:
        columns = "task_force_id, role, allocation_pct, start_date, end_date"
        return db.execute(f"SELECT {columns} FROM membership WHERE person_id = ?", (person,)).fetchall()


def test_the_team_model_passes_qt_checks(demo_session: PlanSession, qtbot: Any, qtmodeltester: Any) -> None:
    tab = tab_on(demo_session, qtbot, "Pulse 3.0 Launch")
    qtmodeltester.check(tab.model, force_py=True)  # and it keeps checking every change from here on
    plan = demo_session.plan
    zoe = ident(demo_session, K.PERSON, "Zoë Whitfield")
    demo_session.edit(lambda: services.add_member(plan, tab.task_force_id, zoe))
    demo_session.undo_stack.undo()
    tab.show_task_force(ident(demo_session, K.TASK_FORCE, "DACH Market Entry"))
    tab.show_task_force(None)


def test_the_roster_picker_passes_qt_checks(
    demo_session: PlanSession, qtbot: Any, qtmodeltester: Any
) -> None:
    tab = tab_on(demo_session, qtbot, "Pulse 3.0 Launch")
    dialog = tab.member_dialog()
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.people.proxy, force_py=True)
    dialog.people.search.setText("sales")
    assert 0 < dialog.people.proxy.rowCount() < dialog.people.model.rowCount()


def test_an_over_allocated_member_is_red_with_the_teams_that_make_it_up(
    demo_session: PlanSession, qtbot: Any
) -> None:
    tab = tab_on(demo_session, qtbot, "DACH Market Entry")
    priya = tab.proxy.index(row_of(tab, "Priya Raman"), TOTAL)
    assert priya.data() == "130%"
    assert priya.data(Qt.ItemDataRole.ToolTipRole) == PRIYA_LOAD
    assert priya.data(Qt.ItemDataRole.ForegroundRole) == warning_colour(tab.palette())
    greta = tab.proxy.index(row_of(tab, "Greta Müller"), TOTAL)
    assert greta.data() == "50%"
    assert greta.data(Qt.ItemDataRole.ForegroundRole) is None
    assert "1 over capacity" in tab.summary.text()


def test_no_task_force_shows_a_hint_not_a_blank_pane(demo_session: PlanSession, qtbot: Any) -> None:
    tab = TeamTab(demo_session)
    qtbot.addWidget(tab)
    assert tab.stack.currentWidget() is tab.empty
    assert "Select a task force" in tab.empty.text()
    assert not tab.add_action.isEnabled()


def test_add_a_member_by_the_dialog_then_undo_and_redo(demo_session: PlanSession, qtbot: Any) -> None:
    tab = tab_on(demo_session, qtbot, "DACH Market Entry")
    before = dump(demo_session, "membership")
    dialog = tab.member_dialog()
    qtbot.addWidget(dialog)
    dialog.people.search.setText("positioning")  # a skill finds people too
    assert "Zoë Whitfield" in [
        dialog.people.proxy.index(r, 0).data() for r in range(dialog.people.proxy.rowCount())
    ]
    dialog.people.search.setText("zoe vp")  # accents and case aside; every word must match
    assert dialog.people.proxy.rowCount() == 1
    assert dialog.people.current() is not None and dialog.people.current().name == "Zoë Whitfield"
    dialog.role.setCurrentIndex(dialog.role.findData("advisor"))
    dialog.allocation.setValue(15)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    zoe = ident(demo_session, K.PERSON, "Zoë Whitfield")
    dach = ident(demo_session, K.TASK_FORCE, "DACH Market Entry")
    assert memberships(demo_session, zoe) == [(dach, "advisor", 15.0, "2026-11-09", "2027-05-22")]
    assert tab.proxy.index(row_of(tab, "Zoë Whitfield"), ROLE).data() == "Advisor"
    assert demo_session.undo_stack.undoText() == "Add Zoë Whitfield to the team"
    after = dump(demo_session, "membership")
    demo_session.undo_stack.undo()
    assert dump(demo_session, "membership") == before
    assert "Zoë Whitfield" not in [tab.proxy.index(r, 0).data() for r in range(tab.proxy.rowCount())]
    demo_session.undo_stack.redo()
    assert dump(demo_session, "membership") == after
    assert row_of(tab, "Zoë Whitfield") >= 0


def test_the_dialog_leaves_out_members_and_asks_for_a_pick(demo_session: PlanSession, qtbot: Any) -> None:
    tab = tab_on(demo_session, qtbot, "DACH Market Entry")
    dialog = tab.member_dialog()
    qtbot.addWidget(dialog)
    dialog.people.search.setText("Priya")
    assert dialog.people.proxy.rowCount() == 0  # already on the team
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.message.text() == "Pick a person from the roster first."
    assert demo_session.undo_stack.count() == 0


def test_drop_people_from_the_roster_then_undo_and_redo(demo_session: PlanSession, qtbot: Any) -> None:
    tab = tab_on(demo_session, qtbot, "Lead Qualification Reset")
    tab.show()
    before = dump(demo_session, "membership")
    roster = RosterModel()
    roster.load(functions(demo_session.plan), everyone(demo_session.plan))
    zoe = ident(demo_session, K.PERSON, "Zoë Whitfield")
    sales = roster.row_of_function(ident(demo_session, K.FUNCTION, "Sales"))
    people = [roster.row_of_person(zoe), roster.index(0, 0, sales), sales]  # a function row carries no one
    mime = roster.mimeData(people)
    assert mime.hasFormat(PERSON_MIME)
    first_seller = roster.person_at(roster.index(0, 0, sales))
    assert first_seller is not None
    # A real drag entering the table's viewport, then dropped on it.
    point = QPointF(tab.table.viewport().rect().center())
    with warnings.catch_warnings():  # PySide6 flags Qt's only constructor (a QPoint) as deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            point.toPoint(),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(tab.table.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(tab.table.viewport(), drop)
    assert drop.isAccepted()
    reset = ident(demo_session, K.TASK_FORCE, "Lead Qualification Reset")
    assert memberships(demo_session, zoe) == [(reset, "core", 20.0, "2026-12-23", "2027-04-22")]
    assert reset in [row[0] for row in memberships(demo_session, first_seller.id)]
    assert demo_session.undo_stack.count() == 1
    assert demo_session.undo_stack.undoText() == "Add 2 team members"
    after = dump(demo_session, "membership")
    demo_session.undo_stack.undo()
    assert dump(demo_session, "membership") == before
    demo_session.undo_stack.redo()
    assert dump(demo_session, "membership") == after
    assert tab.model.rowCount() == len(after["membership"]) - len(before["membership"]) + 5


def test_dropping_someone_already_on_the_team_is_refused_harmlessly(
    demo_session: PlanSession, qtbot: Any
) -> None:
    tab = tab_on(demo_session, qtbot, "DACH Market Entry")
    said: list[str] = []
    demo_session.refused.connect(lambda message, _field: said.append(message))
    before = dump(demo_session, "membership")
    assert not tab.drop_people(people_mime([ident(demo_session, K.PERSON, "Priya Raman")]))
    assert said == ["Priya Raman is already on this task force."]
    assert dump(demo_session, "membership") == before
    assert demo_session.undo_stack.count() == 0


def test_remove_a_member_with_the_delete_key_then_undo(demo_session: PlanSession, qtbot: Any) -> None:
    tab = tab_on(demo_session, qtbot, "Pulse 3.0 Launch")
    tab.show()
    before = dump(demo_session, "membership")
    tab.table.setFocus()
    tab.table.selectRow(row_of(tab, "Liam O'Connor"))
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    liam = ident(demo_session, K.PERSON, "Liam O'Connor")
    assert memberships(demo_session, liam) == []
    assert tab.model.rowCount() == 13
    demo_session.undo_stack.undo()
    assert dump(demo_session, "membership") == before
    assert row_of(tab, "Liam O'Connor") >= 0
    demo_session.undo_stack.redo()
    assert memberships(demo_session, liam) == []


def test_edit_the_allocation_in_place_and_see_the_totals_move(demo_session: PlanSession, qtbot: Any) -> None:
    tab = tab_on(demo_session, qtbot, "Pulse 3.0 Launch")
    tab.show()
    before = dump(demo_session, "membership")
    index = tab.proxy.index(row_of(tab, "Priya Raman"), ALLOCATION)
    tab.table.setCurrentIndex(index)
    tab.table.edit(index)
    editor = tab.table.viewport().findChild(PercentBox)
    assert editor is not None and editor.value() == 50
    editor.lineEdit().selectAll()
    qtbot.keyClicks(editor, "20")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.table.state() != tab.table.State.EditingState)  # commits on the next turn
    row = row_of(tab, "Priya Raman")
    assert tab.proxy.index(row, ALLOCATION).data() == "20%"
    total = tab.proxy.index(row, TOTAL)
    assert total.data() == "100%"
    assert total.data(Qt.ItemDataRole.ForegroundRole) is None  # at capacity, not over it
    assert demo_session.undo_stack.undoText() == "Set Priya Raman's allocation to 20%"
    demo_session.undo_stack.undo()
    assert dump(demo_session, "membership") == before
    assert tab.proxy.index(row, TOTAL).data() == "130%"
    demo_session.undo_stack.redo()
    assert tab.proxy.index(row, TOTAL).data() == "100%"


def test_change_a_role_in_place_with_the_combo_then_undo(demo_session: PlanSession, qtbot: Any) -> None:
    tab = tab_on(demo_session, qtbot, "Pulse 3.0 Launch")
    tab.show()
    before = dump(demo_session, "membership")
    index = tab.proxy.index(row_of(tab, "Arjun Mehta"), ROLE)
    tab.table.edit(index)
    combo = tab.table.viewport().findChild(QComboBox)
    assert combo is not None and combo.currentText() == "Core"
    combo.setCurrentIndex(combo.findData(MembershipRole.ADVISOR.value))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.table.state() != tab.table.State.EditingState)
    assert tab.proxy.index(row_of(tab, "Arjun Mehta"), ROLE).data() == "Advisor"
    arjun = ident(demo_session, K.PERSON, "Arjun Mehta")
    assert memberships(demo_session, arjun)[0][1] == "advisor"
    demo_session.undo_stack.undo()
    assert dump(demo_session, "membership") == before
    demo_session.undo_stack.redo()
    assert memberships(demo_session, arjun)[0][1] == "advisor"


def test_a_refused_date_says_why_and_changes_nothing(demo_session: PlanSession, qtbot: Any) -> None:
    tab = tab_on(demo_session, qtbot, "Pulse 3.0 Launch")
    tab.show()
    before = dump(demo_session, "membership")
    index = tab.proxy.index(row_of(tab, "Arjun Mehta"), START)
    assert not tab.proxy.setData(index, date(2027, 6, 1))
    assert dump(demo_session, "membership") == before
    assert demo_session.undo_stack.count() == 0
    assert tab.refusal.isVisible()
    assert "The end (2027-01-18) cannot be before the start (2027-06-01)." in tab.refusal.text()
    assert tab.proxy.index(row_of(tab, "Arjun Mehta"), START).data() == day_text(date(2026, 8, 31))


def test_totals_follow_changes_made_on_another_task_force(demo_session: PlanSession, qtbot: Any) -> None:
    tab = tab_on(demo_session, qtbot, "DACH Market Entry")
    plan = demo_session.plan
    pursuit = ident(demo_session, K.TASK_FORCE, "Halvorsen Logistics Pursuit")
    priya = ident(demo_session, K.PERSON, "Priya Raman")
    on_pursuit = services.find(plan, K.MEMBERSHIP, task_force_id=pursuit, person_id=priya)[0].id
    demo_session.edit(lambda: services.delete(plan, K.MEMBERSHIP, on_pursuit))
    total = tab.proxy.index(row_of(tab, "Priya Raman"), TOTAL)
    assert total.data() == "90%"
    assert total.data(Qt.ItemDataRole.ToolTipRole) == (
        "Pulse 3.0 Launch 50% · DACH Market Entry 40% = 90% of 100% capacity"
    )
    demo_session.edit(lambda: services.disperse(plan, ident(demo_session, K.TASK_FORCE, "Pulse 3.0 Launch")))
    assert tab.proxy.index(row_of(tab, "Priya Raman"), TOTAL).data() == "40%"
    demo_session.undo_stack.undo()
    demo_session.undo_stack.undo()
    assert tab.proxy.index(row_of(tab, "Priya Raman"), TOTAL).data() == "130%"


def test_a_member_can_be_selected_by_person(demo_session: PlanSession, qtbot: Any) -> None:
    tab = tab_on(demo_session, qtbot, "Pulse 3.0 Launch")
    assert tab.select_entity(K.PERSON, ident(demo_session, K.PERSON, "Noor Haddad"))
    assert [m.person_name for m in tab.selected_members()] == ["Noor Haddad"]
    assert not tab.select_entity(K.PERSON, ident(demo_session, K.PERSON, "Zoë Whitfield"))


def test_the_dialog_says_before_adding_that_someone_goes_over_capacity(
    demo_session: PlanSession, qtbot: Any
) -> None:
    tab = tab_on(demo_session, qtbot, "Lead Qualification Reset")
    dialog = tab.member_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.people.search.setText("zoe vp")  # barely booked: no warning
    dialog.allocation.setValue(20)
    assert not dialog.check_capacity() and dialog.capacity.isHidden()
    dialog.people.search.setText("priya raman")  # already at 130% on three teams
    assert dialog.people.current() is not None
    warning = dialog.check_capacity()
    assert warning.startswith("This takes Priya Raman to 150% against a capacity of 100%")
    assert "Lead Qualification Reset 20%" in warning and "Pulse 3.0 Launch 50%" in warning
    assert dialog.capacity.isVisible() and "You can still add them." in dialog.capacity.text()
    dialog.allocation.setValue(0)
    assert "to 130%" in dialog.check_capacity()
    dialog.allocation.setValue(20)
    dialog.accept()  # a warning, not a refusal
    assert dialog.result() == dialog.DialogCode.Accepted
    priya = ident(demo_session, K.PERSON, "Priya Raman")
    lead = ident(demo_session, K.TASK_FORCE, "Lead Qualification Reset")
    assert lead in [row[0] for row in memberships(demo_session, priya)]


def test_raising_a_share_past_capacity_asks_first(demo_session: PlanSession, qtbot: Any) -> None:
    tab = tab_on(demo_session, qtbot, "DACH Market Entry")
    tab.show()
    before = dump(demo_session, "membership")
    index = tab.proxy.index(row_of(tab, "Priya Raman"), ALLOCATION)
    said = answer_capacity_question(go_on=False)
    assert not tab.proxy.setData(index, 60.0)
    assert said[0].startswith("This takes Priya Raman to 150% against a capacity of 100% (DACH Market")
    assert dump(demo_session, "membership") == before
    said = answer_capacity_question(go_on=True)
    assert tab.proxy.setData(index, 60.0)
    assert tab.proxy.index(row_of(tab, "Priya Raman"), ALLOCATION).data() == "60%"
    lower = tab.proxy.index(row_of(tab, "Priya Raman"), ALLOCATION)
    assert tab.proxy.setData(lower, 10.0)  # lowering never asks (no dialog is waiting)


def answer_capacity_question(go_on: bool) -> list[str]:
    """Answer the over-capacity question about to be asked; what it said."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    said: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        if go_on:
            next(button for button in box.buttons() if button.text() == "&Make the change").click()
        else:
            box.reject()

    QTimer.singleShot(0, answer)
    return said
