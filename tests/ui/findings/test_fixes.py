"""Fix… on a finding: each remedy opens prefilled, is one undo step, and the finding goes away."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from smarket_planner import services
from smarket_planner.analysis.model import Finding, FindingKind
from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import KpiCommitment, LifecycleStatus, RaciLetter, TaskForceKind
from smarket_planner.services.reports.analysis import analyse
from smarket_planner.ui.app.finding_fixes import FixDialog, fix_dialog
from smarket_planner.ui.findings.findings_dock import FindingsDock
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.team.candidates_dialog import CandidatesDialog
from smarket_planner.ui.team.people_dialogs import AddMemberDialog
from tests.ui.conftest import DEMO_TODAY

K = EntityKind
Kind = FindingKind


def findings(session: PlanSession, kind: FindingKind) -> list[Finding]:
    return [f for f in analyse(session.plan, today=DEMO_TODAY).findings if f.kind is kind]


def dump(session: PlanSession) -> Any:
    """The records a fix may touch, their versions aside (undo counts as one more change)."""
    kinds = (K.MEMBERSHIP, K.GOAL, K.KPI, K.RACI)
    return {
        kind: [dataclasses.replace(r, version=0) for r in services.find(session.plan, kind)] for kind in kinds
    }


def fix_first(session: PlanSession, qtbot: Any, kind: FindingKind) -> tuple[Finding, FixDialog]:
    finding = findings(session, kind)[0]
    remedy = services.remedy_for(session.plan, finding)
    assert remedy is not None
    dialog = fix_dialog(session, remedy)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, FixDialog)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Fix"
    return finding, dialog


def gone(session: PlanSession, finding: Finding) -> bool:
    return all(f.entities != finding.entities for f in findings(session, finding.kind))


def test_over_allocation_lowers_the_share_on_the_team_the_action_names(
    demo_session: PlanSession, qtbot: Any
) -> None:
    before = dump(demo_session)
    finding, dialog = fix_first(demo_session, qtbot, Kind.OVER_ALLOCATION)
    # Only in pencil: the time comes off the forming team's booking, not the launch in flight.
    assert "Move 30% of Priya Raman's time off DACH Market Entry" in finding.action
    assert dialog.share.value() == 10.0  # 40% less the 30% excess
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    membership = services.get(demo_session.plan, K.MEMBERSHIP, dialog.remedy.target.id)
    assert getattr(membership, "allocation_pct", None) == 10.0
    assert gone(demo_session, finding)
    demo_session.undo_stack.undo()
    assert dump(demo_session) == before


@pytest.mark.parametrize("kind", [Kind.SILO_KPI, Kind.SILO_GOAL])
def test_a_silo_gets_the_owner_the_finding_suggests(demo_session: PlanSession, qtbot: Any, kind: Any) -> None:
    before = dump(demo_session)
    finding, dialog = fix_first(demo_session, qtbot, kind)
    suggested = dialog.choice.currentData()
    assert suggested.name in finding.action  # "such as Customer Service or Finance"
    dialog.accept()
    subject = services.get(demo_session.plan, dialog.remedy.target.kind, dialog.remedy.target.id)
    assert suggested.id in getattr(subject, "owner_function_ids", ())
    assert gone(demo_session, finding)
    assert demo_session.undo_stack.count() == 1
    demo_session.undo_stack.undo()
    assert dump(demo_session) == before


def test_pay_on_a_stretch_kpi_is_made_committed(demo_session: PlanSession, qtbot: Any) -> None:
    finding, dialog = fix_first(demo_session, qtbot, Kind.PAY_ON_STRETCH)
    assert dialog.commit_it.isChecked() and not dialog.choice.isEnabled()
    dialog.accept()
    kpi = services.get(demo_session.plan, K.KPI, dialog.remedy.target.id)
    assert getattr(kpi, "commitment", None) is KpiCommitment.COMMITTED
    assert gone(demo_session, finding)


def test_pay_on_a_stretch_kpi_moves_to_a_committed_one_in_one_step(
    demo_session: PlanSession, qtbot: Any
) -> None:
    before = dump(demo_session)
    finding, dialog = fix_first(demo_session, qtbot, Kind.PAY_ON_STRETCH)
    dialog.move_it.setChecked(True)
    assert dialog.choice.isEnabled()
    target = dialog.choice.currentData()
    had = getattr(services.get(demo_session.plan, K.KPI, target.id), "incentive_pct", 0.0)
    dialog.accept()
    stretch = services.get(demo_session.plan, K.KPI, dialog.remedy.target.id)
    moved = services.get(demo_session.plan, K.KPI, target.id)
    assert getattr(stretch, "incentive_pct", None) == 0.0
    assert getattr(moved, "incentive_pct", None) == had + 10.0
    assert gone(demo_session, finding)
    assert demo_session.undo_stack.count() == 1
    demo_session.undo_stack.undo()
    assert dump(demo_session) == before


def test_an_activity_without_an_accountable_gets_the_one_who_does_the_work(
    demo_session: PlanSession, qtbot: Any
) -> None:
    finding, dialog = fix_first(demo_session, qtbot, Kind.RACI_NO_ACCOUNTABLE)
    picked = dialog.choice.currentData()
    dialog.accept()
    cells = services.find(demo_session.plan, K.RACI, activity_id=dialog.remedy.target.id)
    accountable = [c for c in cells if getattr(c, "letter", None) is RaciLetter.ACCOUNTABLE]
    assert len(accountable) == 1 and picked.id in (accountable[0].function_id, accountable[0].person_id)
    assert gone(demo_session, finding)


def test_a_missing_function_opens_the_roster_on_that_function(demo_session: PlanSession, qtbot: Any) -> None:
    plan = demo_session.plan
    status = LifecycleStatus.ACTIVE
    team = services.create(plan, K.TASK_FORCE, name="Solo", kind=TaskForceKind.PRODUCT_LAUNCH, status=status)
    sales = next(p for p in services.find(plan, K.PERSON) if p.name == "Sarah Kim")
    services.add_member(plan, team.value.id, sales.id)
    finding = next(
        f for f in findings(demo_session, Kind.MISSING_FUNCTION) if team.value.id in f.task_force_ids
    )
    remedy = services.remedy_for(plan, finding)
    assert remedy is not None
    dialog = fix_dialog(demo_session, remedy)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, AddMemberDialog)
    needed = remedy.proposed.name
    assert dialog.people.search.text() == needed
    picked = dialog.people.current()
    assert picked is not None and picked.function_name == needed
    dialog.accept()
    still = [f for f in findings(demo_session, Kind.MISSING_FUNCTION) if team.value.id in f.task_force_ids]
    assert all(needed not in f.message for f in still)


def test_the_panel_offers_fix_only_where_there_is_one(demo_session: PlanSession, qtbot: Any) -> None:
    dock = FindingsDock()
    qtbot.addWidget(dock)
    report = analyse(demo_session.plan, today=DEMO_TODAY)
    dock.show_findings(report.findings, {})
    asked: list[Finding] = []
    dock.fix_requested.connect(asked.append)
    kinds = []
    for row in range(dock.proxy.rowCount()):
        dock.view.setCurrentIndex(dock.proxy.index(row, 0))
        finding = dock.current_finding()
        assert finding is not None
        kinds.append(finding.kind)
        assert dock.fix_action.isEnabled() == (services.remedy_for(demo_session.plan, finding) is not None)
        if dock.fix_action.isEnabled():
            assert dock.fix_action.toolTip() == f"Fix: {finding.action}"
            dock.fix_action.trigger()
            assert asked[-1] is finding
    assert Kind.CRITICAL_PATH in kinds and asked  # some have no fix, some have


def test_the_panel_says_when_it_is_analysing(qtbot: Any) -> None:
    dock = FindingsDock()
    qtbot.addWidget(dock)
    dock.show()
    dock.set_busy(True)
    assert dock.busy.isVisible() and dock.summary.text().startswith("Analysing…")
    dock.set_busy(False)
    assert not dock.busy.isVisible() and not dock.summary.text().startswith("Analysing")


def test_an_open_role_past_its_start_opens_who_could_take_it(demo_session: PlanSession, qtbot: Any) -> None:
    finding = findings(demo_session, Kind.OPEN_ROLE_LATE)[0]
    remedy = services.remedy_for(demo_session.plan, finding)
    assert remedy is not None and remedy.target.kind is K.OPEN_ROLE
    team_name = next(e.name for e in finding.entities if e.kind is K.TASK_FORCE)
    assert remedy.title == f"Find someone for {remedy.target.name} on {team_name}"
    dialog = fix_dialog(demo_session, remedy)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, CandidatesDialog) and dialog.windowTitle() == remedy.title
    dialog.show()
    qtbot.waitUntil(lambda: dialog.proxy.rowCount() > 0)
    chosen = dialog.chosen()
    assert chosen is not None
    dialog.accept()
    assert gone(demo_session, finding)
    team = services.find(demo_session.plan, K.MEMBERSHIP, task_force_id=finding.task_force_ids[0])
    assert chosen.person_id in {m.person_id for m in team}
