"""Health badges in the navigator and the Findings panel, fed by the analysis after each edit."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from smarket_planner import services
from smarket_planner.analysis.model import HealthBand
from smarket_planner.domain import EntityKind
from smarket_planner.services.reports.analysis import FindingKind, Severity
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings
from smarket_planner.ui.kit.marks import BAND_COLOURS, health_colour
from smarket_planner.ui.workspace.navigator_model import HEALTH_ROLE


@pytest.fixture
def window(demo_master: Path, tmp_path: Path, qtbot: Any) -> MainWindow:
    plan = tmp_path / "demo.smplan"
    shutil.copyfile(demo_master, plan)
    window = MainWindow(AppSettings(tmp_path / "config"))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.open_plan(str(plan))
    assert window.findings is not None
    qtbot.waitUntil(lambda: window.findings.model.rowCount() > 0, timeout=20_000)
    return window


def _finding_rows(window: MainWindow) -> list[Any]:
    assert window.findings is not None
    return [row.finding for row in window.findings.model.records()]


def test_live_task_forces_wear_a_health_badge(window: MainWindow) -> None:
    assert window.workspace is not None
    model = window.workspace.navigator.model
    rows = {model.record(row).name: row for row in range(model.rowCount())}
    scores = {name: model.index(row, 0).data(HEALTH_ROLE) for name, row in rows.items()}
    assert scores["Data Days Spring Campaign"] is None  # dispersed: no longer scored
    live = {name: score for name, score in scores.items() if name != "Data Days Spring Campaign"}
    assert all(isinstance(score, float) and 0 <= score <= 100 for score in live.values())
    launch = model.index(rows["Pulse 3.0 Launch"], 0)
    tooltip = launch.data(Qt.ItemDataRole.ToolTipRole)
    assert f"Alignment health {live['Pulse 3.0 Launch']:.0f}/100: pulling apart" in tooltip
    assert "open errors put it in the red until they are fixed" in tooltip


def test_the_panel_lists_the_planted_problems_worst_first(window: MainWindow) -> None:
    kinds = {finding.kind for finding in _finding_rows(window)}
    assert {FindingKind.OVER_ALLOCATION, FindingKind.SILO_KPI, FindingKind.RACI_NO_ACCOUNTABLE} <= kinds
    assert window.findings is not None
    window.findings.severity.setCurrentIndex(2)  # errors only
    shown = [window.findings.model.record(row).finding for row in range(window.findings.model.rowCount())]
    assert shown and all(finding.severity is Severity.ERROR for finding in shown)


def test_choosing_a_finding_shows_what_it_names(window: MainWindow) -> None:
    assert window.findings is not None and window.workspace is not None
    missing_a = next(f for f in _finding_rows(window) if f.kind is FindingKind.RACI_NO_ACCOUNTABLE)
    row = next(
        r
        for r in range(window.findings.proxy.rowCount())
        if window.findings.model.record(
            window.findings.proxy.mapToSource(window.findings.proxy.index(r, 0)).row()
        ).finding
        is missing_a
    )
    target = window.findings.proxy.index(row, 1)
    window.findings.view.scrollTo(target)
    cell = window.findings.view.visualRect(target).center()
    # One click, as a manager would: the task force opens on the activity the finding names.
    QTest.mouseClick(window.findings.view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert window.workspace.current_task_force() == missing_a.task_force_ids[0]
    assert window.workspace.tabs.currentWidget().title == "Responsibilities"
    assert "What to do:" in window.statusBar().currentMessage()


def test_the_analysis_runs_again_after_an_edit(window: MainWindow, qtbot: Any) -> None:
    assert window.session is not None and window.findings is not None
    plan = window.session.plan
    activity = next(f for f in _finding_rows(window) if f.kind is FindingKind.RACI_NO_ACCOUNTABLE).entities
    activity_id = next(e.id for e in activity if e.kind is EntityKind.ACTIVITY)
    sales = services.find(plan, EntityKind.FUNCTION, name="Sales")[0]
    window.session.edit(lambda: services.set_raci(plan, activity_id, "A", function_id=sales.id))
    qtbot.waitUntil(
        lambda: FindingKind.RACI_NO_ACCOUNTABLE not in {f.kind for f in _finding_rows(window)},
        timeout=20_000,
    )


@pytest.mark.parametrize("score", [100.0, 80.0, 79.9, 60.0, 59.9, 0.0])
def test_the_badge_takes_the_colour_of_the_band_the_check_names(score: float) -> None:
    assert health_colour(score) == QColor(BAND_COLOURS[HealthBand.of(score)])
    assert (score >= 80) == (HealthBand.of(score) is HealthBand.GREEN)


def test_the_overview_explains_the_health_the_badge_shows(window: MainWindow) -> None:
    assert window.workspace is not None
    model = window.workspace.navigator.model
    rows = {model.record(row).name: model.record(row) for row in range(model.rowCount())}
    pulse = rows["Pulse 3.0 Launch"]
    window.workspace.select_task_force(pulse.id)
    panel = window.workspace.overview.health
    health = model.health[pulse.id]

    assert panel.score.text() == f"{health.score:.0f}"
    assert health.band.label.capitalize() in panel.band.text()
    assert panel.held.isVisibleTo(window) and "open errors" in panel.held.text()
    shown = [(name.text(), points.text()) for name, _bar, points in panel.rows if name.isVisibleTo(window)]
    assert [name for name, _ in shown] == [
        "Coverage",
        "Shared KPIs",
        "Incentive alignment",
        "RACI completeness",
        "Allocation",
        "Dependency risk",
        "KPI status",
    ]
    assert dict(shown)["KPI status"] == "0 of 15"  # three KPIs off track, two at risk
    assert panel.costs.text().startswith("<b>KPI status</b>")

    tooltip = model.index(list(rows).index("Pulse 3.0 Launch"), 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Costs most: KPI status, 15 of 15 points lost." in tooltip.replace("\n", " ")
    assert max(map(len, tooltip.splitlines())) <= 90

    window.workspace.select_task_force(rows["Data Days Spring Campaign"].id)
    assert "proposed, forming and active task forces only" in panel.held.text()
    assert not panel.costs.isVisibleTo(window)


def test_fix_from_the_panel_is_one_undo_step_and_the_finding_goes(window: MainWindow, qtbot: Any) -> None:
    assert window.findings is not None and window.session is not None
    dock, stack = window.findings, window.session.undo_stack
    rows = [row.finding for row in dock.model.records()]
    over = next(f for f in rows if f.kind is FindingKind.OVER_ALLOCATION)
    dock.view.setCurrentIndex(dock.proxy.mapFromSource(dock.model.index(rows.index(over), 0)))
    assert dock.fix_action.isEnabled()

    def accept() -> None:
        dialog = QApplication.activeModalWidget()
        assert (
            dialog is not None and dialog.windowTitle() == "Reduce Priya Raman's share of DACH Market Entry"
        )
        dialog.accept()

    QTimer.singleShot(0, accept)
    dock.fix_action.trigger()
    assert stack.count() == 1 and stack.undoText() == "Reduce Priya Raman's share of DACH Market Entry"
    assert dock.busy.isVisibleTo(window) and dock.summary.text().startswith("Analysing…")
    assert window.workspace is not None and window.workspace.navigator.model.analysing  # grey badges
    qtbot.waitUntil(lambda: not dock.busy.isVisibleTo(window), timeout=20_000)
    assert not window.workspace.navigator.model.analysing
    assert all(f.kind is not FindingKind.OVER_ALLOCATION for f in _finding_rows(window))
    stack.undo()
    qtbot.waitUntil(lambda: not dock.busy.isVisibleTo(window), timeout=20_000)
    qtbot.waitUntil(lambda: any(f.kind is FindingKind.OVER_ALLOCATION for f in _finding_rows(window)))
