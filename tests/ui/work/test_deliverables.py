"""The Deliverables tab: in-place edits, a cross-team dependency through the picker, all undoable."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from smarket_planner import services
from smarket_planner.domain.enums import DeliverableStatus, DependencyKind
from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.work.deliverables_tab import DEPENDS, DURATION, OWNER, START, STATUS, DeliverablesTab
from tests.services.helpers import plan_data
from tests.ui.conftest import confirm_next_removal


def _tab(qtbot: QtBot, session: PlanSession, task_force: str = "Lead Qualification Reset") -> DeliverablesTab:
    tab = DeliverablesTab(session)
    qtbot.addWidget(tab)
    tab.resize(1000, 650)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    tab.show_task_force(services.find(session.plan, EntityKind.TASK_FORCE, name=task_force)[0].id)
    return tab


def _select(tab: DeliverablesTab, title: str) -> int:
    ident = next(line.id for line in tab.model.records() if line.record.title == title)
    assert tab.select_entity(EntityKind.DELIVERABLE, ident)
    return ident


def _cell(tab: DeliverablesTab, column: int) -> QModelIndex:
    return tab.order.index(tab.view.currentIndex().row(), column)


def _links(session: PlanSession) -> list[tuple[Any, ...]]:
    assert session.plan.path is not None
    with sqlite3.connect(session.plan.path) as connection:
        return connection.execute(
            "SELECT u.title, d.title, k.kind FROM dependency k JOIN deliverable u ON u.id = k.upstream_id"
            " JOIN deliverable d ON d.id = k.downstream_id"
        ).fetchall()


def test_a_cross_team_dependency_through_the_picker_with_exact_undo(
    qtbot: QtBot, demo_session: PlanSession
) -> None:
    tab = _tab(qtbot, demo_session)
    _select(tab, "Lead scoring model v2")
    before = plan_data(demo_session.plan)
    picker = tab.add_upstream()
    assert picker is not None
    picker.search.setText("pricing pulse")
    assert [c.task_force_name for c in picker.model.records()] == ["Pulse 3.0 Launch"]
    picker.kind.setCurrentIndex(picker.kind.findData(DependencyKind.HAND_OFF))
    picker.accept()
    assert not picker.isVisible()
    assert ("Launch pricing and packaging", "Lead scoring model v2", "hand_off") in _links(demo_session)
    shown = _cell(tab, DEPENDS).data()
    assert (
        shown == "Shared definition of a sales-accepted lead, Launch pricing and packaging (Pulse 3.0 Launch)"
    )
    assert "Hand-off" in _cell(tab, DEPENDS).data(Qt.ItemDataRole.ToolTipRole)
    assert [link.task_force_name for link in tab.links.records()][-1] == "Pulse 3.0 Launch"
    after = plan_data(demo_session.plan)
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before
    assert tab.links.rowCount() == 1
    demo_session.undo_stack.redo()
    assert plan_data(demo_session.plan) == after


def test_a_duplicate_link_is_refused_in_the_picker(qtbot: QtBot, demo_session: PlanSession) -> None:
    tab = _tab(qtbot, demo_session)
    _select(tab, "Lead scoring model v2")
    before = plan_data(demo_session.plan)
    picker = tab.add_upstream()
    assert picker is not None
    picker.search.setText("sales-accepted")
    assert [c.linked for c in picker.model.records()] == [True]
    picker.view.selectRow(0)
    picker.accept()
    assert picker.isVisible()
    assert picker.message.text() == "These deliverables are already linked."
    assert plan_data(demo_session.plan) == before and demo_session.undo_stack.count() == 0


def test_in_place_edits_each_undo_exactly(qtbot: QtBot, demo_session: PlanSession) -> None:
    tab = _tab(qtbot, demo_session)
    ident = _select(tab, "CRM routing rules")
    before = plan_data(demo_session.plan)
    sato = services.find(demo_session.plan, EntityKind.PERSON, name="Yuki Sato")[0].id
    edits = [
        (DURATION, 20.5, "duration_days"),
        (STATUS, DeliverableStatus.BLOCKED, "status"),
        (OWNER, sato, "owner_id"),
        (START, date(2027, 2, 1), "start_date"),
    ]
    for column, value, name in edits:
        _select(tab, "CRM routing rules")
        assert tab.order.setData(_cell(tab, column), value)
        assert getattr(services.get(demo_session.plan, EntityKind.DELIVERABLE, ident), name) == value
    _select(tab, "CRM routing rules")
    assert _cell(tab, STATUS).data() == "Blocked" and _cell(tab, OWNER).data() == "Yuki Sato"
    assert _cell(tab, DURATION).data() == "20.5"
    after = plan_data(demo_session.plan)
    for _ in edits:
        demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before
    for _ in edits:
        demo_session.undo_stack.redo()
    assert plan_data(demo_session.plan) == after


def test_a_start_after_the_due_date_is_refused(qtbot: QtBot, demo_session: PlanSession) -> None:
    tab = _tab(qtbot, demo_session)
    _select(tab, "CRM routing rules")
    said: list[str] = []
    demo_session.refused.connect(lambda message, _field: said.append(message))
    before = plan_data(demo_session.plan)
    assert not tab.order.setData(_cell(tab, START), date(2030, 1, 1))
    assert said and plan_data(demo_session.plan) == before
    assert _cell(tab, START).data() == day_text(date(2027, 2, 3))


def test_add_and_remove_deliverables_and_links(qtbot: QtBot, demo_session: PlanSession) -> None:
    tab = _tab(qtbot, demo_session)
    before = plan_data(demo_session.plan)
    dialog = tab.add_deliverable()
    assert dialog is not None
    dialog.title.setText("Lead routing playbook")
    dialog.duration.setValue(10)
    dialog.accept()
    assert tab.current_line() is not None and tab.current_line().record.title == "Lead routing playbook"
    _select(tab, "CRM routing rules")
    tab.links_view.setCurrentIndex(tab.links.index(0, 0))
    tab.unlink_action.trigger()
    assert tab.links.rowCount() == 1
    tab.view.setFocus()
    confirm_next_removal()
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert "CRM routing rules" not in {line.record.title for line in tab.model.records()}
    for _ in range(3):
        demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before


def test_a_link_kind_is_changed_in_place(qtbot: QtBot, demo_session: PlanSession) -> None:
    tab = _tab(qtbot, demo_session)
    _select(tab, "Funnel dashboard shared by sales and marketing")
    before = plan_data(demo_session.plan)
    assert tab.links.setData(tab.links.index(0, 2), DependencyKind.BLOCKING)
    assert ("CRM routing rules", "Funnel dashboard shared by sales and marketing", "blocking") in _links(
        demo_session
    )
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before


@pytest.mark.parametrize("which", ["deliverables", "sorted", "links", "picker"])
def test_every_model_passes_qt_checks(
    qtbot: QtBot, demo_session: PlanSession, qtmodeltester: Any, which: str
) -> None:
    tab = _tab(qtbot, demo_session, "Pulse 3.0 Launch")
    _select(tab, "General availability release")
    picker = tab.add_upstream()
    assert picker is not None
    models = {"deliverables": tab.model, "sorted": tab.order, "links": tab.links, "picker": picker.model}
    qtmodeltester.check(models[which], force_py=True)  # stays connected: the changes below are checked too
    picker.search.setText("launch")
    picker.kind.setCurrentIndex(1)
    picker.accept()
    tab.order.setData(tab.order.index(0, DURATION), 3.0)
    demo_session.undo_stack.undo()
    demo_session.undo_stack.undo()
    tab.show_task_force(None)
    assert tab.stack.currentWidget() is tab.empty and tab.empty.text()
