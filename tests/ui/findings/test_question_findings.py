"""An overdue question in the window: its finding goes to it, its fix answers it or moves its date."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from smarket_planner import services
from smarket_planner.analysis.model import EntityRef, Finding, FindingKind
from smarket_planner.domain import EntityKind
from smarket_planner.domain.records import Question
from smarket_planner.services import Remedy
from smarket_planner.services.reports.analysis import analyse
from smarket_planner.ui.app.finding_fixes import fix_dialog
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.logs.logs_tab import LogsTab
from smarket_planner.ui.logs.question_dialog import QuestionDialog
from tests.ui.conftest import DEMO_TODAY

K = EntityKind
ASKED = "Which segment converts best from trial to paid?"
LONG_AGO = date(2020, 1, 6)  # past whatever day the tests run on


def ask(session: PlanSession, task_force: str = "Pulse 3.0 Launch") -> int:
    """An open question of the task force, for Priya Raman to answer, long overdue."""
    plan = session.plan
    team = services.find(plan, K.TASK_FORCE, name=task_force)[0].id
    priya = services.find(plan, K.PERSON, name="Priya Raman")[0].id
    outcome = session.edit(
        lambda: services.add(
            plan,
            K.QUESTION,
            {"task_force_id": team, "question": ASKED, "answerer_id": priya, "due_on": LONG_AGO},
        )
    )
    assert outcome is not None
    return int(outcome.value.id)


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


def overdue(window: MainWindow) -> list[Finding]:
    assert window.findings is not None
    rows = window.findings.model.records()
    return [row.finding for row in rows if row.finding.kind is FindingKind.OVERDUE_QUESTION]


def logs(window: MainWindow) -> LogsTab:
    assert window.workspace is not None
    page = window.workspace.tabs.currentWidget()
    assert isinstance(page, LogsTab), page
    return page


def test_opening_a_question_shows_it_in_its_task_forces_logs(window: MainWindow) -> None:
    assert window.session is not None and window.workspace is not None
    ident = ask(window.session)
    dach = services.find(window.session.plan, K.TASK_FORCE, name="DACH Market Entry")
    window.workspace.select_task_force(dach[0].id)
    window.open_entity(K.QUESTION, ident)
    launch = services.find(window.session.plan, K.TASK_FORCE, name="Pulse 3.0 Launch")[0].id
    assert window.workspace.current_task_force() == launch
    line = logs(window).questions.current()
    assert line is not None and line.id == ident and line.status == "Overdue"


def test_the_finding_goes_to_the_question_and_says_what_to_do(window: MainWindow, qtbot: Any) -> None:
    assert window.session is not None and window.workspace is not None
    ident = ask(window.session)
    qtbot.waitUntil(lambda: len(overdue(window)) == 1, timeout=20_000)
    (finding,) = overdue(window)
    assert f"'{ASKED}' of Pulse 3.0 Launch is " in finding.message and "Priya Raman" in finding.message
    window.workspace.tabs.setCurrentIndex(0)
    assert window.findings is not None
    window.findings.entity_chosen.emit(finding)
    line = logs(window).questions.current()
    assert line is not None and line.id == ident
    said = window.statusBar().currentMessage()
    assert (
        said
        == f"What to do: Get Priya Raman's answer to '{ASKED}', with the data behind it, or move its date."
    )


def test_its_fix_opens_the_question_at_its_answer_and_is_one_undo_step(
    demo_session: PlanSession, qtbot: Any
) -> None:
    ident = ask(demo_session)
    (finding,) = [
        f
        for f in analyse(demo_session.plan, today=DEMO_TODAY).findings
        if f.kind is FindingKind.OVERDUE_QUESTION
    ]
    remedy = Remedy(finding, f"Answer '{ASKED}' or move its date", EntityRef(K.QUESTION, ident, ASKED))
    dialog = fix_dialog(demo_session, remedy)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, QuestionDialog) and dialog.windowTitle() == remedy.title
    assert dialog.question.text() == ASKED and dialog.due_on.value() == LONG_AGO
    steps = demo_session.undo_stack.count()
    dialog.due_on.set_value(DEMO_TODAY.replace(year=DEMO_TODAY.year + 10))
    dialog.accept()
    assert demo_session.undo_stack.count() == steps + 1
    moved = services.get(demo_session.plan, K.QUESTION, ident)
    assert isinstance(moved, Question) and moved.due_on == date(2036, 11, 23) and moved.is_open
    after = analyse(demo_session.plan, today=DEMO_TODAY).findings
    assert not [f for f in after if f.kind is FindingKind.OVERDUE_QUESTION]
