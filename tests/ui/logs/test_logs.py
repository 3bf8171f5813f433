"""The Risks & Decisions tab: raise, edit and remove risks and decisions, each undone exactly."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smarket_planner import services
from smarket_planner.domain.enums import RiskSeverity, RiskStatus
from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.logs.log_dialogs import DecisionDialog, RiskDialog
from smarket_planner.ui.logs.logs_tab import EXPOSURE, LogsTab
from tests.services.helpers import plan_data
from tests.ui.conftest import confirm_next_removal


def _tab(qtbot: QtBot, session: PlanSession, task_force: str = "Pulse 3.0 Launch") -> LogsTab:
    tab = LogsTab(session)
    qtbot.addWidget(tab)
    tab.resize(1000, 650)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    tab.show_task_force(services.find(session.plan, EntityKind.TASK_FORCE, name=task_force)[0].id)
    return tab


def _person(session: PlanSession, name: str) -> int:
    return services.find(session.plan, EntityKind.PERSON, name=name)[0].id


def test_risks_are_sorted_open_and_most_exposed_first(qtbot: QtBot, demo_session: PlanSession) -> None:
    tab = _tab(qtbot, demo_session, "Data Days Spring Campaign")
    shown = [tab.risk_order.index(row, 0).data() for row in range(tab.risk_order.rowCount())]
    assert shown == ["Attendee follow-up slower than 48 hours", "Munich venue cancelled the booking"]
    tab = _tab(qtbot, demo_session)
    exposures = [int(tab.risk_order.index(row, EXPOSURE).data()) for row in range(tab.risk_order.rowCount())]
    assert exposures == [12, 9, 6]


def test_raise_edit_and_remove_a_risk_with_exact_undo(qtbot: QtBot, demo_session: PlanSession) -> None:
    tab = _tab(qtbot, demo_session)
    before = plan_data(demo_session.plan)
    dialog = tab.add_risk()
    assert isinstance(dialog, RiskDialog)
    dialog.title.setText("Analyst briefings slip past GA")
    dialog.severity.setCurrentIndex(dialog.severity.findData(RiskSeverity.CRITICAL))
    dialog.owner.setCurrentIndex(dialog.owner.findData(_person(demo_session, "Siobhán Kelly")))
    dialog.mitigation.setPlainText("Book the briefings now.\nKeep a fallback date.")
    dialog.accept()
    assert not dialog.isVisible()
    risk = tab.current_risk()
    assert risk is not None and risk.record.title == "Analyst briefings slip past GA"
    assert risk.owner_name == "Siobhán Kelly" and risk.record.severity is RiskSeverity.CRITICAL
    assert tab.risk_view.currentIndex().row() == 0  # the most exposed open risk is on top
    mitigation = tab.risk_order.index(0, 8)
    assert mitigation.data() == "Book the briefings now."
    assert mitigation.data(Qt.ItemDataRole.ToolTipRole) == "Book the briefings now.\nKeep a fallback date."
    qtbot.keyClick(tab.risk_view, Qt.Key.Key_F2)
    (edit,) = [d for d in tab.findChildren(RiskDialog) if d.isVisible()]
    edit.status.setCurrentIndex(edit.status.findData(RiskStatus.MITIGATING))
    edit.accept()
    assert services.get(demo_session.plan, EntityKind.RISK, risk.id).status is RiskStatus.MITIGATING  # type: ignore[union-attr]
    assert demo_session.undo_stack.undoText() == "Edit risk 'Analyst briefings slip past GA'"
    tab.risk_view.setFocus()
    confirm_next_removal()
    qtbot.keyClick(tab.risk_view, Qt.Key.Key_Delete)
    assert tab.risks.row_of(risk.id) is None
    after = plan_data(demo_session.plan)
    for _ in range(3):
        demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before
    for _ in range(3):
        demo_session.undo_stack.redo()
    assert plan_data(demo_session.plan) == after


def test_risk_fields_are_edited_in_place(qtbot: QtBot, demo_session: PlanSession) -> None:
    tab = _tab(qtbot, demo_session)
    before = plan_data(demo_session.plan)
    index = tab.risk_order.index(2, 2)  # the support backlog risk, medium
    assert index.data() == "Medium"
    ident = tab.risk_order.index(2, 0).data(Qt.ItemDataRole.UserRole + 1)
    assert tab.risk_order.setData(index, RiskSeverity.CRITICAL)
    assert services.get(demo_session.plan, EntityKind.RISK, ident).severity is RiskSeverity.CRITICAL  # type: ignore[union-attr]
    assert (
        tab.risk_order.index(0, 0).data() == "Support backlog spikes in launch week"
    )  # re-sorted to the top
    assert tab.risk_order.setData(tab.risk_order.index(0, 5), _person(demo_session, "Sarah Kim"))
    assert tab.risk_order.index(0, 5).data() == "Sarah Kim"
    demo_session.undo_stack.undo()
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before


def test_log_edit_and_remove_a_decision_with_committed_people(
    qtbot: QtBot, demo_session: PlanSession
) -> None:
    tab = _tab(qtbot, demo_session)
    before = plan_data(demo_session.plan)
    dialog = tab.add_decision()
    assert isinstance(dialog, DecisionDialog)
    dialog.title.setText("Delay GA by one week")
    dialog.decided_by.setCurrentIndex(dialog.decided_by.findData(_person(demo_session, "Sarah Kim")))
    dialog.data.setPlainText("Demo readiness at 60%.")
    dialog.committed.search.setText("priya")
    dialog.committed.set_chosen([_person(demo_session, "Priya Raman"), _person(demo_session, "Ethan Brooks")])
    dialog.accept()
    decision = tab.current_decision()
    assert decision is not None and decision.committed_names == ("Ethan Brooks", "Priya Raman")
    added = plan_data(demo_session.plan)
    edit = tab.edit_decision()
    assert edit is not None
    edit.reasoning.setPlainText("A ready sales team sells more than an early date.")
    edit.accept()
    assert tab.current_decision() is not None
    assert tab.current_decision().record.reasoning.startswith("A ready sales team")  # type: ignore[union-attr]
    untouched = tab.edit_decision()
    assert untouched is not None
    untouched.accept()  # nothing changed: no undo step
    assert demo_session.undo_stack.count() == 2
    confirm_next_removal()
    tab.decision_actions[2].trigger()
    assert tab.decisions.row_of(decision.id) is None
    demo_session.undo_stack.undo()
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == added
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before


@pytest.mark.parametrize("which", ["risks", "risk_order", "decisions", "decision_order"])
def test_every_model_passes_qt_checks(
    qtbot: QtBot, demo_session: PlanSession, qtmodeltester: Any, which: str
) -> None:
    tab = _tab(qtbot, demo_session)
    qtmodeltester.check(
        getattr(tab, which), force_py=True
    )  # stays connected: the changes below are checked too
    tab.risk_order.setData(tab.risk_order.index(2, 2), RiskSeverity.CRITICAL)
    tab.risk_view.selectRow(0)
    confirm_next_removal()
    tab.remove_risk()
    tab.decision_view.selectRow(0)
    confirm_next_removal()
    tab.remove_decision()
    demo_session.undo_stack.undo()
    tab.show_task_force(
        services.find(demo_session.plan, EntityKind.TASK_FORCE, name="DACH Market Entry")[0].id
    )
    tab.show_task_force(None)
    assert tab.stack.currentWidget() is tab.empty
