"""The Overview tab and the task-force dialogs: every edit stored, undone and redone exactly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt, QTime, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import LifecycleStatus, RhythmFrequency, TaskForceKind
from smarket_planner.domain.records import TaskForce
from smarket_planner.services.actions.templates import load_template
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.overview.overview_tab import OverviewTab
from smarket_planner.ui.overview.task_force_dialog import NewTaskForceDialog, ReformDialog
from tests.services.helpers import plan_data

K = EntityKind


def ids(session: PlanSession) -> dict[str, int]:
    return {tf.name: tf.id for tf in services.find(session.plan, K.TASK_FORCE)}


@pytest.fixture
def overview(demo_session: PlanSession, qtbot: Any) -> OverviewTab:
    tab = OverviewTab(demo_session)
    qtbot.addWidget(tab)
    tab.resize(1000, 650)
    tab.show()
    tab.show_task_force(ids(demo_session)["Pulse 3.0 Launch"])
    return tab


def stored(tab: OverviewTab) -> TaskForce:
    assert tab.task_force_id is not None
    record = services.get(tab.session.plan, K.TASK_FORCE, tab.task_force_id)
    assert isinstance(record, TaskForce)
    return record


def undoable(tab: OverviewTab, act: Callable[[], None], check: Callable[[TaskForce], bool]) -> None:
    """``act`` through the widget makes one undo step; undo restores every table exactly, redo re-applies."""
    session = tab.session
    before, steps = plan_data(session.plan), session.undo_stack.count()
    act()
    assert session.undo_stack.count() == steps + 1, "the edit was not one undo step"
    after = plan_data(session.plan)
    assert after != before and check(stored(tab))
    session.undo_stack.undo()
    assert plan_data(session.plan) == before
    assert not check(stored(tab))
    session.undo_stack.redo()
    assert plan_data(session.plan) == after and check(stored(tab))


def test_an_empty_selection_shows_a_hint(demo_session: PlanSession, qtbot: Any) -> None:
    tab = OverviewTab(demo_session)
    qtbot.addWidget(tab)
    assert tab.stack.currentWidget() is tab.empty and "Choose a task force" in tab.empty.text()
    assert tab.title == "Overview"


def test_the_name_is_typed_and_committed(overview: OverviewTab, qtbot: Any) -> None:
    def act() -> None:
        overview.name.selectAll()
        qtbot.keyClicks(overview.name, "Pulse Launch")
        qtbot.keyClick(overview.name, Qt.Key.Key_Return)

    undoable(overview, act, lambda tf: tf.name == "Pulse Launch")
    assert overview.session.undo_stack.undoText() == "Change name"
    overview.session.undo_stack.undo()
    assert overview.name.text() == "Pulse 3.0 Launch"  # the field follows undo


def test_leaving_an_unchanged_field_makes_no_edit(overview: OverviewTab, qtbot: Any) -> None:
    qtbot.keyClick(overview.name, Qt.Key.Key_Return)
    overview.objective.editing_finished.emit()
    assert overview.session.undo_stack.count() == 0


def test_the_objective_commits_on_leaving_it(overview: OverviewTab) -> None:
    def act() -> None:
        overview.objective.setPlainText("Sign 30 accounts.\nWin back Forecastly customers — schön.")
        overview.objective.editing_finished.emit()

    undoable(overview, act, lambda tf: tf.objective.startswith("Sign 30 accounts.\nWin back"))


def test_the_kind_is_chosen_from_a_list(overview: OverviewTab) -> None:
    def act() -> None:
        row = overview.kind.findData(TaskForceKind.CAMPAIGN)
        overview.kind.setCurrentIndex(row)
        overview.kind.activated.emit(row)

    undoable(overview, act, lambda tf: tf.kind is TaskForceKind.CAMPAIGN)


def test_the_lead_is_typed_or_picked(overview: OverviewTab, qtbot: Any) -> None:
    plan = overview.session.plan
    sarah = next(p for p in services.find(plan, K.PERSON) if p.name == "Sarah Kim")

    def typed() -> None:
        line = overview.lead.lineEdit()
        line.selectAll()
        qtbot.keyClicks(line, "sarah kim")
        line.editingFinished.emit()

    undoable(overview, typed, lambda tf: tf.lead_id == sarah.id)
    assert overview.lead.currentText() == "Sarah Kim — Sales"

    def no_one() -> None:
        overview.lead.setCurrentIndex(0)
        overview.lead.activated.emit(0)

    undoable(overview, no_one, lambda tf: tf.lead_id is None)


def test_a_name_nobody_has_is_refused_in_place(overview: OverviewTab, qtbot: Any) -> None:
    before = plan_data(overview.session.plan)
    line = overview.sponsor.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "Nobody Atall")
    line.editingFinished.emit()
    assert overview.message.text() == "There is no one called 'Nobody Atall' in the roster."
    assert overview.sponsor.property("invalid") is True
    assert overview.sponsor.currentText().endswith("— Leadership")  # put back
    assert plan_data(overview.session.plan) == before


def test_dates_are_set_and_cleared(overview: OverviewTab, qtbot: Any) -> None:
    def later() -> None:
        overview.end.edit.setDate(QDate(2027, 3, 31))
        overview.end.edit.editingFinished.emit()

    undoable(overview, later, lambda tf: tf.end_date == date(2027, 3, 31))

    def cleared() -> None:
        qtbot.mouseClick(overview.start.clear_button, Qt.MouseButton.LeftButton)

    undoable(overview, cleared, lambda tf: tf.start_date is None)
    assert overview.start.edit.text() == "No date"


def test_an_end_before_the_start_is_refused_and_marked(overview: OverviewTab) -> None:
    session = overview.session
    before, end = plan_data(session.plan), stored(overview).end_date
    said: list[str] = []
    session.refused.connect(lambda message, _field: said.append(message))
    overview.end.edit.setDate(QDate(2020, 1, 1))
    overview.end.edit.editingFinished.emit()
    assert plan_data(session.plan) == before and session.undo_stack.count() == 0
    assert overview.end.edit.property("invalid") is True
    assert overview.start.edit.property("invalid") is not True
    assert "cannot be before the start" in overview.message.text() and overview.message.isVisibleTo(overview)
    assert said == [overview.message.text()]  # the window hears of it too
    assert overview.end.value() == end  # the stored value is back
    overview.end.edit.setDate(QDate(2027, 2, 1))  # a good value clears the mark
    overview.end.edit.editingFinished.emit()
    assert overview.end.edit.property("invalid") is False and not overview.message.isVisibleTo(overview)


def test_the_rhythm_is_edited_and_described_live(overview: OverviewTab) -> None:
    assert overview.rhythm_text.text() == "On the charter: <i>Launch stand-up, weekly on Tue at 09:00</i>"

    def at_ten() -> None:
        overview.time.setTime(QTime(10, 30))
        overview.time.editingFinished.emit()

    undoable(overview, at_ten, lambda tf: tf.rhythm_time == "10:30")

    def fortnightly() -> None:
        row = overview.frequency.findData(RhythmFrequency.BIWEEKLY)
        overview.frequency.setCurrentIndex(row)
        overview.frequency.activated.emit(row)

    undoable(overview, fortnightly, lambda tf: tf.rhythm_frequency is RhythmFrequency.BIWEEKLY)
    assert "every two weeks on Tue at 10:30" in overview.rhythm_text.text()

    def no_meeting() -> None:
        overview.frequency.setCurrentIndex(0)
        overview.frequency.activated.emit(0)

    undoable(overview, no_meeting, lambda tf: tf.rhythm is None and tf.rhythm_weekday is None)
    assert not overview.weekday.isEnabled()

    def renamed() -> None:
        overview.meeting.setText("Weekly sync")
        overview.meeting.textEdited.emit("Weekly sync")
        overview.meeting.editingFinished.emit()

    undoable(overview, renamed, lambda tf: tf.rhythm_label == "Weekly sync")


def test_other_edits_reach_the_fields(overview: OverviewTab) -> None:
    session, ident = overview.session, stored(overview).id
    session.edit(lambda: services.update(session.plan, K.TASK_FORCE, ident, why="Because customers ask."))
    assert overview.why.toPlainText() == "Because customers ask."


def test_a_lifecycle_step_through_its_button(demo_session: PlanSession, qtbot: Any) -> None:
    tab = OverviewTab(demo_session)
    qtbot.addWidget(tab)
    tab.show()
    tab.show_task_force(ids(demo_session)["Lead Qualification Reset"])
    assert tab.lifecycle.advance.text() == "Advance to Forming" and not tab.lifecycle.reform.isEnabled()

    def advance() -> None:
        qtbot.mouseClick(tab.lifecycle.advance, Qt.MouseButton.LeftButton)

    undoable(tab, advance, lambda tf: tf.status is LifecycleStatus.FORMING)
    assert tab.lifecycle.advance.text() == "Advance to Active" and "Forming" in tab.lifecycle.status.text()

    def disperse() -> None:
        qtbot.mouseClick(tab.lifecycle.disperse, Qt.MouseButton.LeftButton)

    undoable(tab, disperse, lambda tf: tf.status is LifecycleStatus.DISPERSED)
    assert tab.lifecycle.reform.isEnabled() and not tab.lifecycle.disperse.isEnabled()


def _accept_dialog(fill: Callable[[Any], None]) -> None:
    """Fill in the dialog that is about to open, then press its OK button."""

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        fill(dialog)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, handle)


def test_re_forming_through_the_dialog(demo_session: PlanSession, qtbot: Any) -> None:
    tab = OverviewTab(demo_session)
    qtbot.addWidget(tab)
    tab.show()
    source = ids(demo_session)["Data Days Spring Campaign"]
    tab.show_task_force(source)
    made: list[int] = []
    tab.task_force_created.connect(made.append)
    before = plan_data(demo_session.plan)

    def fill(dialog: ReformDialog) -> None:
        assert dialog.name.text() == "Data Days Spring Campaign (re-formed)"
        dialog.name.setText("Data Days Autumn")
        dialog.start.set_value(date(2027, 3, 1))
        dialog.end.set_value(date(2027, 7, 1))

    _accept_dialog(fill)
    qtbot.mouseClick(tab.lifecycle.reform, Qt.MouseButton.LeftButton)
    assert len(made) == 1
    new = services.get(demo_session.plan, K.TASK_FORCE, made[0])
    assert (new.name, new.reformed_from_id, new.start_date) == ("Data Days Autumn", source, date(2027, 3, 1))
    assert len(services.find(demo_session.plan, K.MEMBERSHIP, task_force_id=new.id)) > 0
    after = plan_data(demo_session.plan)
    demo_session.undo_stack.undo()
    assert plan_data(demo_session.plan) == before
    demo_session.undo_stack.redo()
    assert plan_data(demo_session.plan) == after


def test_a_refused_re_form_stays_open_and_says_why(demo_session: PlanSession, qtbot: Any) -> None:
    dialog = ReformDialog(demo_session, ids(demo_session)["Data Days Spring Campaign"])
    qtbot.addWidget(dialog)
    dialog.name.setText("Pulse 3.0 Launch")
    dialog.accept()
    assert dialog.created_id is None and dialog.result() == 0
    assert dialog.message.text() == "There is already a task force called 'Pulse 3.0 Launch'."


def test_a_task_force_from_a_template_through_the_dialog(session: PlanSession, qtbot: Any) -> None:
    dialog = NewTaskForceDialog(session)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and dialog.templates.currentItem().text() == "Blank"
    qtbot.keyClicks(dialog.name, "Pulse 4.0 Launch")
    assert ok.isEnabled()
    row = next(
        r for r in range(dialog.templates.count()) if dialog.templates.item(r).text() == "Product launch"
    )
    dialog.templates.setCurrentRow(row)
    assert "Creates 4 goals with 6 KPIs" in dialog.about.text()
    dialog.start.set_value(date(2027, 1, 4))
    dialog.end.set_value(date(2027, 4, 30))
    before = plan_data(session.plan)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.created_id is not None and dialog.result() == 1
    template = load_template("product_launch")
    counts = services.counts(session.plan)
    assert counts[K.GOAL] == len(template.goals) and counts[K.DELIVERABLE] == len(template.deliverables)
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "New task force 'Pulse 4.0 Launch'"
    after = plan_data(session.plan)
    session.undo_stack.undo()
    assert plan_data(session.plan) == before
    session.undo_stack.redo()
    assert plan_data(session.plan) == after


def test_a_refused_new_task_force_stays_open(demo_session: PlanSession, qtbot: Any) -> None:
    dialog = NewTaskForceDialog(demo_session)
    qtbot.addWidget(dialog)
    dialog.name.setText("DACH Market Entry")
    dialog.accept()
    assert dialog.created_id is None and dialog.message.isVisibleTo(dialog)
    assert "already a task force called 'DACH Market Entry'" in dialog.message.text()
    dialog.name.setText("DACH Market Entry II")
    dialog.start.set_value(date(2027, 5, 1))
    dialog.end.set_value(date(2027, 4, 1))
    dialog.accept()
    assert dialog.created_id is None and "cannot be before the start" in dialog.message.text()
    assert demo_session.undo_stack.count() == 0


def test_the_people_model_is_sound(overview: OverviewTab, qtmodeltester: Any) -> None:
    qtmodeltester.check(overview.people, force_py=True)
    assert overview.people.index(0, 0).data() == "No one"


def test_a_field_being_typed_in_is_left_alone(overview: OverviewTab, qtbot: Any) -> None:
    session, ident = overview.session, stored(overview).id
    overview.activateWindow()
    overview.name.setFocus()
    qtbot.waitUntil(overview.name.hasFocus)
    overview.name.selectAll()
    qtbot.keyClicks(overview.name, "Half typed")
    session.edit(lambda: services.update(session.plan, K.TASK_FORCE, ident, objective="New aim."))
    assert overview.name.text() == "Half typed" and overview.objective.toPlainText() == "New aim."
    session.undo_stack.undo()  # an undo while typing: the typed text stays, the objective follows
    assert overview.name.text() == "Half typed" and overview.objective.toPlainText().startswith(
        "Launch Pulse"
    )
