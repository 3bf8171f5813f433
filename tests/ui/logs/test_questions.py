"""The question log of the Risks & Decisions tab: ask, answer with data, mark the overdue, undo exactly."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smarket_planner import services
from smarket_planner.domain.records import EntityKind, Question
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.logs.logs_tab import LogsTab
from smarket_planner.ui.logs.question_dialog import STATUS, QuestionDialog
from tests.services.helpers import plan_data
from tests.ui.conftest import DEMO_TODAY, confirm_next_removal

K = EntityKind.QUESTION
QUESTION, ASKED_BY, TO_ANSWER, DUE = 0, 1, 2, 3


@pytest.fixture(autouse=True)
def no_demo_questions(request: pytest.FixtureRequest) -> None:
    """The demo's own open questions taken out: these tests ask the questions they count on."""
    if "demo_session" not in request.fixturenames:
        return
    plan = request.getfixturevalue("demo_session").plan
    for question in services.find(plan, K):
        services.delete(plan, K, question.id)


def _tab(qtbot: QtBot, session: PlanSession, task_force: str = "Pulse 3.0 Launch") -> LogsTab:
    tab = LogsTab(session)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.today = DEMO_TODAY
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    tab.show_task_force(services.find(session.plan, EntityKind.TASK_FORCE, name=task_force)[0].id)
    return tab


def _person(session: PlanSession, name: str) -> int:
    return services.find(session.plan, EntityKind.PERSON, name=name)[0].id


def _cell(tab: LogsTab, row: int, column: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
    return tab.questions.order.index(row, column).data(role)


def _ask(session: PlanSession, text: str, due: date | None, **values: Any) -> int:
    team = services.find(session.plan, EntityKind.TASK_FORCE, name="Pulse 3.0 Launch")[0].id
    made = services.create(session.plan, K, task_force_id=team, question=text, due_on=due, **values).value
    assert isinstance(made, Question)
    return made.id


def test_ask_answer_and_remove_a_question_with_exact_undo(qtbot: QtBot, demo_session: PlanSession) -> None:
    tab = _tab(qtbot, demo_session)
    assert tab.questions.model.rowCount() == 0 and not tab.questions.empty.isHidden()
    before = plan_data(demo_session.plan)

    dialog = tab.questions.add()
    assert isinstance(dialog, QuestionDialog) and dialog.focusWidget() is dialog.question
    dialog.question.setText("Which segment converts best from trial to paid?")
    dialog.asked_by.setCurrentIndex(dialog.asked_by.findData(_person(demo_session, "Sarah Kim")))
    dialog.answerer.setCurrentIndex(dialog.answerer.findData(_person(demo_session, "Priya Raman")))
    dialog.due_on.set_value(DEMO_TODAY - timedelta(days=14))
    dialog.accept()
    assert not dialog.isVisible() and tab.questions.empty.isHidden()
    line = tab.questions.current()
    assert line is not None and line.answerer_name == "Priya Raman" and line.asked_by_name == "Sarah Kim"
    row = tab.questions.view.currentIndex().row()
    assert _cell(tab, row, STATUS) == "Overdue by 14 days"
    assert _cell(tab, row, STATUS, Qt.ItemDataRole.ForegroundRole) is not None  # marked in red
    assert _cell(tab, row, DUE, Qt.ItemDataRole.ForegroundRole) is not None
    assert "Priya Raman should answer it by" in _cell(tab, row, STATUS, Qt.ItemDataRole.ToolTipRole)
    asked = plan_data(demo_session.plan)

    answering = tab.questions.answer()
    assert answering is not None and answering.focusWidget() is answering.answer
    answering.answer.setPlainText(
        "Mid-market teams of 20-50 seats.\nEnterprise trials stall in security review."
    )
    assert answering.answered_on.value() == date.today()  # an answer written is dated
    answering.answered_on.set_value(DEMO_TODAY)
    answering.evidence.setPlainText("Trial-to-paid 31% against 12%, Q3 cohort")
    answering.accept()
    assert (
        demo_session.undo_stack.undoText()
        == "Edit question 'Which segment converts best from trial to paid?'"
    )
    answered = services.get(demo_session.plan, K, line.id)
    assert isinstance(answered, Question) and not answered.is_open and answered.answered_on == DEMO_TODAY
    row = tab.questions.view.currentIndex().row()
    assert _cell(tab, row, STATUS) == "Answered: Mid-market teams of 20-50 seats."
    assert _cell(tab, row, STATUS, Qt.ItemDataRole.ForegroundRole) is None  # no longer marked
    assert "Data: Trial-to-paid 31%" in _cell(tab, row, STATUS, Qt.ItemDataRole.ToolTipRole)

    untouched = tab.questions.edit()
    assert untouched is not None
    untouched.accept()  # nothing changed: no undo step
    assert demo_session.undo_stack.count() == 2
    tab.questions.view.setFocus()
    confirm_next_removal()
    qtbot.keyClick(tab.questions.view, Qt.Key.Key_Delete)
    assert tab.questions.model.rowCount() == 0
    demo_session.undo_stack.undo()
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == asked
    assert tab.questions.current() is None or tab.questions.current().status == "Overdue"  # type: ignore[union-attr]
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before and tab.questions.model.rowCount() == 0


def test_overdue_questions_come_first_and_are_marked(qtbot: QtBot, demo_session: PlanSession) -> None:
    _ask(demo_session, "Not due yet?", DEMO_TODAY + timedelta(days=5))
    _ask(demo_session, "Due today?", DEMO_TODAY)
    _ask(demo_session, "Long overdue?", DEMO_TODAY - timedelta(days=30))
    _ask(demo_session, "Answered?", DEMO_TODAY - timedelta(days=60), answer="Yes, with data.")
    _ask(demo_session, "Undated?", None)
    _ask(demo_session, "A day late?", DEMO_TODAY - timedelta(days=1))
    tab = _tab(qtbot, demo_session)
    rows = range(tab.questions.order.rowCount())
    shown = [(_cell(tab, row, QUESTION), _cell(tab, row, STATUS)) for row in rows]
    assert shown == [
        ("Long overdue?", "Overdue by 30 days"),
        ("A day late?", "Overdue by 1 day"),
        ("Due today?", "Open"),
        ("Not due yet?", "Open"),
        ("Undated?", "Open"),
        ("Answered?", "Answered: Yes, with data."),
    ]
    marked = [_cell(tab, row, QUESTION, Qt.ItemDataRole.ForegroundRole) is not None for row in rows]
    assert marked == [True, True, False, False, False, False]
    icons = [_cell(tab, row, STATUS, Qt.ItemDataRole.DecorationRole) for row in rows]
    assert all(icon is not None for icon in icons)


def test_a_question_is_edited_in_place_and_found_by_its_id(qtbot: QtBot, demo_session: PlanSession) -> None:
    ident = _ask(demo_session, "Who signs for Acme?", DEMO_TODAY - timedelta(days=3))
    tab = _tab(qtbot, demo_session)
    before = plan_data(demo_session.plan)
    assert tab.select_entity(K, ident) and tab.questions.current().id == ident  # type: ignore[union-attr]
    assert _cell(tab, 0, STATUS) == "Overdue by 3 days"
    assert tab.questions.order.setData(tab.questions.order.index(0, DUE), DEMO_TODAY + timedelta(days=7))
    assert _cell(tab, 0, STATUS) == "Open"  # its date moved: no longer overdue
    assert tab.questions.order.setData(
        tab.questions.order.index(0, TO_ANSWER), _person(demo_session, "Sarah Kim")
    )
    assert _cell(tab, 0, TO_ANSWER) == "Sarah Kim"
    demo_session.undo_stack.undo()
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before
    assert not tab.select_entity(K, ident + 1000)


def test_the_parts_fit_their_rows(qtbot: QtBot, demo_session: PlanSession) -> None:
    for day in range(4):
        _ask(demo_session, f"Question {day}?", DEMO_TODAY + timedelta(days=day))
    tab = _tab(qtbot, demo_session)
    qtbot.waitUntil(lambda: not tab._fit_pending)
    for part in tab.parts:  # every row of each log is in sight, none scrolled away
        assert part.height() >= part.wanted_height() - 1, part
    assert tab.questions.view.verticalScrollBar().maximum() == 0


def test_the_question_model_passes_qt_checks(
    qtbot: QtBot, demo_session: PlanSession, qtmodeltester: Any
) -> None:
    _ask(demo_session, "Who signs for Acme?", DEMO_TODAY - timedelta(days=3))
    tab = _tab(qtbot, demo_session)
    qtmodeltester.check(tab.questions.order, force_py=True)
    tab.questions.order.setData(tab.questions.order.index(0, DUE), DEMO_TODAY)
    tab.questions.view.selectRow(0)
    confirm_next_removal()
    tab.questions.remove()
    demo_session.undo_stack.undo()
    tab.show_task_force(None)
    assert tab.stack.currentWidget() is tab.empty
    assert not tab.questions.actions[0].isEnabled()
