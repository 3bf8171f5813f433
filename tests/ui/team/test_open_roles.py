"""Open roles on the Team tab: added, changed, removed and filled from the ranked roster, each undone."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import MembershipRole
from smarket_planner.services.views.candidates_view import candidates
from smarket_planner.services.views.open_roles_view import OpenRoleView
from smarket_planner.ui.kit.focus import stops
from smarket_planner.ui.kit.form_fields import warning_colour
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.team.candidates_dialog import CandidatesDialog
from smarket_planner.ui.team.open_role_card import CardText
from smarket_planner.ui.team.open_roles_panel import EMPTY, OpenRolesPanel
from smarket_planner.ui.team.team_tab import TeamTab
from tests.ui.conftest import DEMO_TODAY
from tests.ui.team.test_team import dump, ident, row_of

K = EntityKind
DACH, LAUNCH = "DACH Market Entry", "Pulse 3.0 Launch"  # forming and active


def tab_on(session: PlanSession, qtbot: Any, task_force: str) -> TeamTab:
    """The Team tab on a task force, its open roles dated as of the demo's day, candidates ranked in place."""
    tab = TeamTab(session)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.open_roles.today = DEMO_TODAY
    tab.open_roles.synchronous = True
    tab.show_task_force(ident(session, K.TASK_FORCE, task_force))
    return tab


def add_role(session: PlanSession, task_force: str, **values: Any) -> int:
    """An open role added through the services (not undoable from the window): its id."""
    fields = {"task_force_id": ident(session, K.TASK_FORCE, task_force)} | values
    return int(services.add(session.plan, K.OPEN_ROLE, fields).value.id)


def roles_shown(panel: OpenRolesPanel) -> list[OpenRoleView]:
    return panel.model.records()


def role_named(panel: OpenRolesPanel, title: str) -> OpenRoleView:
    return next(role for role in roles_shown(panel) if role.title == title)


def open_role_rows(session: PlanSession, task_force: str) -> list[tuple[Any, ...]]:
    assert session.plan.path is not None
    team = ident(session, K.TASK_FORCE, task_force)
    with sqlite3.connect(session.plan.path) as db:
        columns = "function_id, title, role, allocation_pct, start_date, end_date, skills, note"
        query = f"SELECT {columns} FROM open_role WHERE task_force_id = ? ORDER BY id"
        return db.execute(query, (team,)).fetchall()


def test_the_open_roles_model_passes_qt_checks(
    demo_session: PlanSession, qtbot: Any, qtmodeltester: Any
) -> None:
    tab = tab_on(demo_session, qtbot, DACH)
    qtmodeltester.check(tab.open_roles.model, force_py=True)  # and through every change below
    sales = ident(demo_session, K.FUNCTION, "Sales")
    team = ident(demo_session, K.TASK_FORCE, DACH)
    demo_session.edit(
        lambda: services.add(demo_session.plan, K.OPEN_ROLE, {"task_force_id": team, "function_id": sales})
    )
    demo_session.undo_stack.undo()
    demo_session.undo_stack.redo()
    tab.show_task_force(ident(demo_session, K.TASK_FORCE, LAUNCH))
    tab.show_task_force(None)


def test_a_team_without_open_roles_invites_one(demo_session: PlanSession, qtbot: Any) -> None:
    plan = demo_session.plan
    launch = ident(demo_session, K.TASK_FORCE, LAUNCH)
    for role in services.find(plan, K.OPEN_ROLE, task_force_id=launch):
        services.delete(plan, K.OPEN_ROLE, role.id)
    tab = tab_on(demo_session, qtbot, LAUNCH)
    tab.show()
    panel = tab.open_roles
    assert panel.model.rowCount() == 0
    assert "Open roles</b> (none)" in panel.heading.text()
    assert panel.summary.isHidden()
    assert EMPTY == "No open roles. Add one when you know what you need before you know who."
    assert panel.add_action.isEnabled()
    assert not panel.find_action.isEnabled() and not panel.remove_action.isEnabled()
    assert not panel.list.grab().isNull()  # the invitation is painted without trouble


def test_add_an_open_role_by_the_dialog_then_undo_and_redo(demo_session: PlanSession, qtbot: Any) -> None:
    tab = tab_on(demo_session, qtbot, DACH)
    panel = tab.open_roles
    before = open_role_rows(demo_session, DACH)
    shown_before = len(roles_shown(panel))
    dialog = panel.role_dialog()
    qtbot.addWidget(dialog)
    sales = ident(demo_session, K.FUNCTION, "Sales")
    dialog.function.setCurrentIndex(dialog.function.findData(sales))
    dialog.role_title.setText("  Demo   engineer ")
    dialog.part.setCurrentIndex(dialog.part.findData(MembershipRole.LEAD))
    dialog.allocation.setValue(50)
    dialog.start.set_value(date(2027, 1, 11))
    dialog.skills.setText("German,  pricing ,german")
    dialog.note.setPlainText("Demos in German for the first ten accounts")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    added = (
        sales,
        "Demo engineer",
        "lead",
        50.0,
        "2027-01-11",
        None,
        "German, pricing",
        dialog.note.toPlainText(),
    )
    assert open_role_rows(demo_session, DACH) == [*before, added]
    assert demo_session.undo_stack.undoText() == "Add open role: Demo engineer"
    role = role_named(panel, "Demo engineer")
    assert role.skills == ("German", "pricing") and role.last_day == date(2027, 5, 22)  # the team's end
    assert len(roles_shown(panel)) == shown_before + 1
    demo_session.undo_stack.undo()
    assert open_role_rows(demo_session, DACH) == before
    assert len(roles_shown(panel)) == shown_before
    demo_session.undo_stack.redo()
    assert open_role_rows(demo_session, DACH) == [*before, added]
    assert role_named(panel, "Demo engineer").role is MembershipRole.LEAD


def test_a_refused_open_role_says_why_at_its_field_and_adds_nothing(
    demo_session: PlanSession, qtbot: Any
) -> None:
    tab = tab_on(demo_session, qtbot, DACH)
    before = dump(demo_session, "open_role")
    dialog = tab.open_roles.role_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start.set_value(date(2027, 5, 1))
    dialog.end.set_value(date(2027, 1, 1))
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.message.text() == "The end (2027-01-01) cannot be before the start (2027-05-01)."
    assert dialog.end.toolTip() == dialog.message.text()  # the field is marked
    assert dump(demo_session, "open_role") == before
    assert demo_session.undo_stack.count() == 0


def test_edit_an_open_role_then_undo(demo_session: PlanSession, qtbot: Any) -> None:
    add_role(demo_session, DACH, function_id=ident(demo_session, K.FUNCTION, "PR"), title="Press lead")
    tab = tab_on(demo_session, qtbot, DACH)
    panel = tab.open_roles
    before = dump(demo_session, "open_role")
    assert panel.select_role(role_named(panel, "Press lead").id)
    dialog = panel.role_dialog(panel.current_role().id)  # type: ignore[union-attr]
    qtbot.addWidget(dialog)
    assert dialog.role_title.text() == "Press lead" and dialog.start.value() is None
    dialog.allocation.setValue(35)
    dialog.skills.setText("German, press")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert demo_session.undo_stack.undoText() == "Edit open role: Press lead"
    edited = role_named(panel, "Press lead")
    assert edited.allocation_pct == 35 and edited.skills == ("German", "press")
    demo_session.undo_stack.undo()
    assert dump(demo_session, "open_role") == before
    assert role_named(panel, "Press lead").allocation_pct == 20


def test_remove_two_open_roles_with_the_delete_key_as_one_step(demo_session: PlanSession, qtbot: Any) -> None:
    pr = ident(demo_session, K.FUNCTION, "PR")
    add_role(demo_session, DACH, function_id=pr, title="Press lead")
    add_role(demo_session, DACH, function_id=pr, title="Events lead")
    tab = tab_on(demo_session, qtbot, DACH)
    tab.show()
    panel = tab.open_roles
    before = dump(demo_session, "open_role")
    panel.list.setFocus()
    panel.select_role(role_named(panel, "Press lead").id)
    second = panel.model.index(panel.model.row_of(role_named(panel, "Events lead").id) or 0, 0)
    panel.list.selectionModel().select(second, panel.list.selectionModel().SelectionFlag.Select)
    assert {role.title for role in panel.selected_roles()} == {"Press lead", "Events lead"}
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert not {"Press lead", "Events lead"} & {role.title for role in roles_shown(panel)}
    assert demo_session.undo_stack.count() == 1
    assert demo_session.undo_stack.undoText() == "Remove 2 open roles"
    demo_session.undo_stack.undo()
    assert dump(demo_session, "open_role") == before
    assert {"Press lead", "Events lead"} <= {role.title for role in roles_shown(panel)}


def test_a_forming_teams_open_roles_are_in_pencil_and_ink_once_active(
    demo_session: PlanSession, qtbot: Any
) -> None:
    add_role(demo_session, DACH, function_id=ident(demo_session, K.FUNCTION, "Sales"), title="Demo engineer")
    tab = tab_on(demo_session, qtbot, DACH)
    panel = tab.open_roles
    role = role_named(panel, "Demo engineer")
    assert panel.card(role).mark == "✎ pencil"
    tip = panel.model.index(panel.model.row_of(role.id) or 0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("Tentative: DACH Market Entry is forming")
    assert "✎ in pencil while DACH Market Entry is forming" in panel.summary.text()
    assert "✎ in pencil while forming" in tab.summary.text()  # the members too
    demo_session.edit(lambda: services.advance(demo_session.plan, ident(demo_session, K.TASK_FORCE, DACH)))
    role = role_named(panel, "Demo engineer")
    assert not role.pencilled and panel.card(role).mark == ""
    tip = panel.model.index(panel.model.row_of(role.id) or 0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("Confirmed: DACH Market Entry is active")
    assert "pencil" not in panel.summary.text() and "pencil" not in tab.summary.text()


def test_an_open_role_past_its_first_day_is_marked_overdue(demo_session: PlanSession, qtbot: Any) -> None:
    pr = ident(demo_session, K.FUNCTION, "PR")
    add_role(demo_session, DACH, function_id=pr, title="Late", start_date=date(2026, 11, 16))
    add_role(demo_session, DACH, function_id=pr, title="Later", start_date=date(2027, 2, 1))
    tab = tab_on(demo_session, qtbot, DACH)
    panel = tab.open_roles
    late, later = panel.card(role_named(panel, "Late")), panel.card(role_named(panel, "Later"))
    assert late.overdue and late.late == "⚠ Overdue since 16 Nov 2026"
    assert late.when == "16 Nov 2026 \u2013 22 May 2027"
    assert not later.overdue and later.when == "1 Feb 2027 \u2013 22 May 2027"
    assert CardText.of(role_named(panel, "Late"), date(2026, 11, 16)).overdue is False  # due today, not late
    assert "overdue" in panel.summary.text()


def test_the_candidates_dialog_ranks_people_with_reasons_and_shows_their_week(
    demo_session: PlanSession, qtbot: Any
) -> None:
    sales = ident(demo_session, K.FUNCTION, "Sales")
    role_id = add_role(demo_session, DACH, function_id=sales, title="Demo engineer", allocation_pct=100)
    tab = tab_on(demo_session, qtbot, DACH)
    panel = tab.open_roles
    dialog = panel.candidates_dialog(role_named(panel, "Demo engineer"))
    qtbot.addWidget(dialog)
    dialog.show()
    ranked = candidates(demo_session.plan, role_id, limit=15, today=DEMO_TODAY)
    assert ranked, "the demo has sellers to offer"
    names = [dialog.proxy.index(row, 0).data() for row in range(dialog.proxy.rowCount())]
    assert names == [c.name for c in ranked]  # best first, as the services rank them
    team = {m.person_name for m in tab.model.records()}
    assert not team & set(names)  # no one already on the team
    first = dialog.proxy.index(0, 0)
    assert first.data(Qt.ItemDataRole.ToolTipRole) == ranked[0].reason
    assert dialog.chosen() == ranked[0]
    assert dialog.reason.text().startswith(f"<b>Why {ranked[0].name}:</b>")
    assert "best placed, best first" in dialog.status.text()
    # At 100% nobody already booked can take it: their week after is over capacity, said in red.
    busy = next(row for row, c in enumerate(ranked) if c.free_pct < 100)
    dialog.view.setCurrentIndex(dialog.proxy.index(busy, 0))
    assert dialog.load is not None and dialog.load.over_capacity
    assert "Over capacity with this role" in dialog.load_text.text()
    assert warning_colour(dialog.palette()).name() in dialog.load_text.text()
    assert dialog.load.breakdown in dialog.load_text.text().replace("&amp;", "&")
    assert dialog.proxy.index(busy, 2).data(Qt.ItemDataRole.ForegroundRole) == warning_colour(
        dialog.palette()
    )
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "&Fill role"


def test_fill_a_role_from_the_keyboard_then_undo_brings_the_role_back(
    demo_session: PlanSession, qtbot: Any
) -> None:
    role_id = add_role(
        demo_session, DACH, function_id=ident(demo_session, K.FUNCTION, "Sales"), title="Seller"
    )
    tab = tab_on(demo_session, qtbot, DACH)
    panel = tab.open_roles
    before = dump(demo_session, "open_role", "membership")
    members_before = tab.model.rowCount()
    dialog = panel.candidates_dialog(role_named(panel, "Seller"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.view  # the list has the keyboard when the dialog opens
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down)
    chosen = dialog.chosen()
    assert chosen is not None
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)  # the default button: Fill role
    assert dialog.result() == dialog.DialogCode.Accepted
    assert demo_session.undo_stack.count() == 1
    assert demo_session.undo_stack.undoText() == f"Fill open role: Seller, with {chosen.name}"
    assert role_id not in [role.id for role in roles_shown(panel)]
    assert tab.model.rowCount() == members_before + 1
    assert tab.proxy.index(row_of(tab, chosen.name), 0).data() == chosen.name
    after = dump(demo_session, "open_role", "membership")
    demo_session.undo_stack.undo()
    assert dump(demo_session, "open_role", "membership") == before
    assert role_named(panel, "Seller").id == role_id  # the same role, back under its own number
    assert tab.model.rowCount() == members_before
    demo_session.undo_stack.redo()
    assert dump(demo_session, "open_role", "membership") == after


def test_candidates_are_ranked_off_the_window_thread(demo_session: PlanSession, qtbot: Any) -> None:
    add_role(demo_session, DACH, function_id=ident(demo_session, K.FUNCTION, "Marketing"), title="Campaigns")
    tab = tab_on(demo_session, qtbot, DACH)
    tab.open_roles.synchronous = False
    dialog = tab.open_roles.candidates_dialog(role_named(tab.open_roles, "Campaigns"))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10_000)
    assert dialog.chosen() is not None and dialog.load is not None


def test_double_click_enter_and_the_menu_each_find_people(demo_session: PlanSession, qtbot: Any) -> None:
    add_role(demo_session, DACH, function_id=ident(demo_session, K.FUNCTION, "Sales"), title="Seller")
    tab = tab_on(demo_session, qtbot, DACH)
    tab.show()
    panel = tab.open_roles
    panel.select_role(role_named(panel, "Seller").id)
    assert panel.find_action in panel.list.actions()  # in the card's context menu
    opened: list[str] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CandidatesDialog)
        opened.append(dialog.windowTitle())
        dialog.reject()

    index = panel.model.index(panel.model.row_of(role_named(panel, "Seller").id) or 0, 0)
    QTimer.singleShot(0, close_it)
    panel.list.doubleClicked.emit(index)
    panel.list.setFocus()
    QTimer.singleShot(0, close_it)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    QTimer.singleShot(0, close_it)
    panel.find_action.trigger()
    assert opened == ["Find people for Seller on DACH Market Entry"] * 3
    assert demo_session.undo_stack.count() == 0


def test_the_open_role_form_is_walked_in_reading_order(demo_session: PlanSession, qtbot: Any) -> None:
    tab = tab_on(demo_session, qtbot, DACH)
    dialog = tab.open_roles.role_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    fields = [dialog.function, dialog.role_title, dialog.part, dialog.allocation, dialog.start, dialog.end]
    fields += [dialog.skills, dialog.note]
    order = [widget for widget in stops(dialog) if widget in fields]
    assert order == fields
    assert dialog.focusWidget() is dialog.function  # the form opens on its first field
