"""After an edit, only the task forces it touched are analysed again, and the panel changes rows, not all."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain import EntityKind
from smarket_planner.services.reports.analysis import FindingKind, analyse
from smarket_planner.services.reports.plan_findings import PlanFindings
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings

K = EntityKind
TODAY = date.today()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("incremental") / "generated.smplan"
    generate_demo(path, people=3_000, task_forces=300, seed=11, today=TODAY)
    return path


@pytest.fixture
def window(generated: Path, tmp_path: Path, qtbot: Any) -> MainWindow:
    plan = tmp_path / "generated.smplan"
    shutil.copyfile(generated, plan)
    window = MainWindow(AppSettings(tmp_path / "config"))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.open_plan(str(plan))
    assert window.analysis is not None
    qtbot.waitUntil(
        lambda: window.analysis is not None and window.analysis.findings is not None, timeout=120_000
    )
    return window


class ModelSignals:
    """Counts what the findings model told its views."""

    def __init__(self, model: Any) -> None:
        self.counts = {"reset": 0, "removed": 0, "inserted": 0, "changed": 0}
        model.modelReset.connect(lambda: self._count("reset"))
        model.rowsRemoved.connect(lambda *_: self._count("removed"))
        model.rowsInserted.connect(lambda *_: self._count("inserted"))
        model.dataChanged.connect(lambda *_: self._count("changed"))

    def _count(self, what: str) -> None:
        self.counts[what] += 1


def test_an_edit_re_analyses_only_what_it_touched_and_changes_rows_not_all(
    window: MainWindow, qtbot: Any
) -> None:
    runner, dock, session = window.analysis, window.findings, window.session
    assert runner is not None and dock is not None and session is not None
    before = runner.findings
    assert before is not None and before.scope is None  # the whole plan when it opened
    overloads = [f for f in before.findings if f.kind is FindingKind.OVER_ALLOCATION]
    assert len(overloads) > 20
    chosen = overloads[0]
    person = next(e.id for e in chosen.entities if e.kind is K.PERSON)
    relieved = int(chosen.facts["relieve_task_force_id"])  # type: ignore[call-overload]
    (membership,) = services.find(session.plan, K.MEMBERSHIP, person_id=person, task_force_id=relieved)
    rows_before = dock.model.rowCount()
    signals = ModelSignals(dock.model)

    with qtbot.waitSignal(runner.finished, timeout=60_000):
        session.update(K.MEMBERSHIP, membership.id, membership.version, {"allocation_pct": 0.0}, "Relieve")

    after = runner.findings
    assert after is not None and after is not before
    scope = after.scope
    assert scope is not None, "the whole plan was analysed again"
    assert relieved in scope and set(chosen.task_force_ids) <= set(scope)
    assert len(scope) < len(before.health) / 4  # a few task forces of the 300, not all of them
    assert chosen not in after.findings
    # The same findings as analysing the whole plan again, in the same order.
    whole = PlanFindings.of(analyse(session.plan))
    assert [f.message for f in after.findings] == [f.message for f in whole.findings]
    assert dict(after.health) == dict(whole.health)
    # The panel was told which rows went, not to start again.
    assert signals.counts["reset"] == 0
    assert signals.counts["removed"] >= 1
    assert dock.model.rowCount() == len(after.findings) < rows_before + signals.counts["inserted"]
    shown = {row.finding.message for row in dock.model.records()}
    assert chosen.message not in shown


def test_placing_a_node_in_a_graph_analyses_nothing_again(window: MainWindow, qtbot: Any) -> None:
    runner, session = window.analysis, window.session
    assert runner is not None and session is not None
    before = runner.findings
    assert before is not None
    session.changed.emit((services.ChangeNotice(K.VIEW_POSITION, services.ChangeAction.UPDATED, (1,)),))
    with qtbot.waitSignal(runner.finished, timeout=60_000):
        pass
    after = runner.findings
    assert after is not None and after.scope == ()
    assert after.findings == before.findings
