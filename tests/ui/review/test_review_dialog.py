"""The review dialog: opened on dispersal and later, it shows the report's grades; every edit is undoable."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox

from smarket_planner import services
from smarket_planner.analysis.scorecard import grade_text
from smarket_planner.domain.enums import DecisionStanding, KpiCommitment, LessonOutcome, LifecycleStatus
from smarket_planner.domain.records import Credit, Decision, Deliverable, EntityKind, Goal, Lesson, Question
from smarket_planner.services.reports.review import review_report
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.goals.check_ins import CheckInDialog
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.logs.question_dialog import QuestionDialog
from smarket_planner.ui.review.lesson_dialog import LessonDialog, names_in
from smarket_planner.ui.review.questions_page import AnswerDialog
from smarket_planner.ui.review.record_page import FINISHED, STANDING, FinishedDelegate
from smarket_planner.ui.review.review_dialog import ReviewDialog
from tests.ui.conftest import DEMO_TODAY
from tests.ui.kit.test_focus_order import letters
from tests.ui.review.conftest import CAMPAIGN, LAUNCH, team

K = EntityKind
GRADE, VERDICT, FINAL = 6, 7, 4  # the scorecard's columns


def cell(model: Any, row: int, column: int) -> str:
    return str(model.index(row, column).data())


def ok(dialog: Any) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def settle(qtbot: Any) -> None:
    """Let the review catch up with the change notices (it works itself out again on the next turn)."""
    qtbot.wait(10)


def lessons(session: PlanSession, task_force_id: int) -> list[Lesson]:
    return [item for item in services.find(session.plan, K.LESSON, task_force_id=task_force_id)]  # type: ignore[misc]


# -- opening ------------------------------------------------------------------------------------
def test_dispersing_opens_the_review(window: MainWindow, qtbot: Any) -> None:
    assert window.workspace is not None and window.session is not None and window.reviews is not None
    launch = team(window.session, LAUNCH)
    window.workspace.select_task_force(launch)
    lifecycle = window.workspace.overview.lifecycle
    assert lifecycle.review.isVisible()  # an active team may be reviewed half-way
    qtbot.mouseClick(lifecycle.disperse, Qt.MouseButton.LeftButton)
    dialog = window.reviews.dialogs[launch]
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.current_step() == 0 and dialog.stack.currentWidget() is dialog.scorecard
    assert dialog.heading.text() == f"Review: {LAUNCH}" and "Dispersed" in dialog.about.text()
    # Undo in the main window takes the dispersal back; the review follows the plan.
    assert window.commands.undo is not None
    window.commands.undo.trigger()
    settle(qtbot)
    assert "Active" in dialog.about.text()


def test_the_review_is_asked_for_later_from_the_menu_and_the_overview(window: MainWindow, qtbot: Any) -> None:
    assert window.workspace is not None and window.session is not None and window.reviews is not None
    campaign = team(window.session, CAMPAIGN)
    window.workspace.select_task_force(campaign)
    assert window.commands.review.isEnabled()
    window.commands.review.trigger()
    first = window.reviews.dialogs[campaign]
    assert first.isVisible() and first.report is not None and first.report.task_force.id == campaign
    window.commands.review.trigger()  # asked twice: the same review comes up
    assert window.reviews.dialogs[campaign] is first
    first.close()
    qtbot.waitUntil(lambda: campaign not in window.reviews.dialogs)  # gone with its window
    qtbot.mouseClick(window.workspace.overview.lifecycle.review, Qt.MouseButton.LeftButton)
    again = window.reviews.dialogs[campaign]
    assert again.isVisible() and again.lessons.model.rowCount() == len(lessons(window.session, campaign))


def test_a_team_still_forming_has_nothing_to_review_yet(window: MainWindow) -> None:
    assert window.workspace is not None and window.session is not None and window.reviews is not None
    forming = next(
        tf for tf in services.find(window.session.plan, K.TASK_FORCE) if tf.status is LifecycleStatus.FORMING
    )
    window.workspace.select_task_force(forming.id)
    assert not window.workspace.overview.lifecycle.review.isVisibleTo(window)
    window.review_shown_task_force()
    assert not window.reviews.dialogs
    assert "reviewed once it is active" in window.statusBar().currentMessage()


def test_closing_the_plan_closes_its_reviews(window: MainWindow) -> None:
    assert window.session is not None and window.reviews is not None
    dialog = window.reviews.open(team(window.session, CAMPAIGN))
    window.close_plan()
    assert not dialog.isVisible() and window.reviews is None


# -- step 1: the scorecard ----------------------------------------------------------------------
def test_the_scorecard_shows_the_grades_of_the_review_report(review: ReviewDialog) -> None:
    session = review.session
    report = review_report(session.plan, review.task_force_id, DEMO_TODAY)
    card = report.review.scorecard
    page = review.scorecard
    assert page.summary.text() == card.summary
    assert page.model.rowCount() == len(card.scores) > 0
    for row, score in enumerate(card.scores):
        assert cell(page.model, row, 0) == score.kpi.title
        assert cell(page.model, row, GRADE) == grade_text(score.grade)
        assert cell(page.model, row, VERDICT) == score.verdict.label
        assert cell(page.model, row, 1) == score.kpi.commitment.label
    assert page.committed.grade.text() == grade_text(card.committed.mean_grade)
    assert page.aspirational.grade.text() == grade_text(card.aspirational.mean_grade)
    assert "How grades work" not in page.help.text()  # no guide to open without the app's hook
    assert "0.0 to 1.0" in page.help.text()


def test_a_kpi_without_check_ins_reads_not_measured(review: ReviewDialog, qtbot: Any) -> None:
    session = review.session
    goal = next(g for g in services.find(session.plan, K.GOAL, task_force_id=review.task_force_id))
    assert isinstance(goal, Goal)
    values = {"goal_id": goal.id, "title": "Attendees who became opportunities", "target": 12.0}
    made = session.edit(
        lambda: services.add(session.plan, K.KPI, {**values, "commitment": KpiCommitment.ASPIRATIONAL})
    )
    assert made is not None
    settle(qtbot)  # the review follows the change
    page = review.scorecard
    row = page.model.row_of(made.value.id)
    assert row is not None
    assert [cell(page.model, row, c) for c in (FINAL, 5, GRADE, VERDICT)] == [
        "No check-ins",
        "\u2014",
        "\u2014",
        "Not measured",
    ]
    assert "not measured" in page.model.index(row, FINAL).data(Qt.ItemDataRole.ToolTipRole)
    assert "1 not measured" in review.steps.item(0).text()
    assert "1 not measured" in page.aspirational.counts.text()
    assert page.select_kpi(made.value.id)
    assert page.check_in.isHidden()  # without the Goals area's dialog the page says where instead
    assert "Goals & KPIs tab" in page.check_in_note.text()


def test_the_final_check_in_opens_the_goals_dialog_lent_by_the_app(window: MainWindow, qtbot: Any) -> None:
    assert window.session is not None and window.reviews is not None
    dialog = window.reviews.open(team(window.session, CAMPAIGN))
    page = dialog.scorecard
    assert page.check_in.isVisible()
    page.view.selectRow(1)
    kpi = page.current()
    assert kpi is not None
    opened = page.record_check_in()
    assert isinstance(opened, CheckInDialog) and opened.kpi.id == kpi.id
    opened.value.setValue(180.0)
    steps = window.session.undo_stack.count()
    ok(opened)
    assert window.session.undo_stack.count() == steps + 1
    settle(qtbot)
    assert page.model.row_of(kpi.id) is not None
    assert cell(page.model, page.model.row_of(kpi.id) or 0, FINAL) == "180"


# -- step 2: goals and work ---------------------------------------------------------------------
def test_marking_a_decision_reversed_is_one_undo_step(review: ReviewDialog, qtbot: Any) -> None:
    session, page = review.session, review.record
    review.go_to(1)
    decision = page.decisions.record(0)
    assert isinstance(decision, Decision)
    page.decisions_view.selectRow(0)
    steps = session.undo_stack.count()
    page.mark_reversed.trigger()
    assert session.undo_stack.count() == steps + 1
    assert services.get(session.plan, K.DECISION, decision.id).standing is DecisionStanding.REVERSED  # type: ignore[union-attr]
    settle(qtbot)
    assert cell(page.decisions, 0, STANDING) == "Reversed"
    assert "reversed" in page.decisions_summary.text()
    assert not page.mark_reversed.isEnabled() and page.mark_held.isEnabled()
    review.undo_action.trigger()  # the review's own Undo: the same history as the window's
    settle(qtbot)
    assert services.get(session.plan, K.DECISION, decision.id).standing is decision.standing  # type: ignore[union-attr]
    # In place, through the cell's list of choices.
    other = next(standing for standing in DecisionStanding if standing is not decision.standing)
    assert page.decisions.setData(page.decisions.index(0, STANDING), other)
    assert services.get(session.plan, K.DECISION, decision.id).standing is other  # type: ignore[union-attr]


def test_a_deliverables_finished_date_is_set_and_cleared_in_place(review: ReviewDialog, qtbot: Any) -> None:
    session, page = review.session, review.record
    row = next(
        r
        for r in range(page.deliverables.rowCount())
        if page.deliverables.record(r).result.deliverable.due_date is not None
        and page.deliverables.record(r).result.deliverable.status.value == "done"
    )
    deliverable = page.deliverables.record(row).result.deliverable
    due = deliverable.due_date
    assert isinstance(due, date)
    index = page.deliverables.index(row, FINISHED)
    assert page.deliverables.flags(index) & Qt.ItemFlag.ItemIsEditable
    # Through the cell's editor, as a double-click opens it: three days late.
    delegate = page.deliverables_view.itemDelegateForColumn(FINISHED)
    assert isinstance(delegate, FinishedDelegate)
    editor = delegate.createEditor(page.deliverables_view.viewport(), None, index)  # type: ignore[arg-type]
    delegate.setEditorData(editor, index)
    editor.set_value(date.fromordinal(due.toordinal() + 3))  # type: ignore[attr-defined]
    steps = session.undo_stack.count()
    delegate.setModelData(editor, page.deliverables, index)
    assert session.undo_stack.count() == steps + 1
    stored = services.get(session.plan, K.DELIVERABLE, deliverable.id)
    assert isinstance(stored, Deliverable) and stored.finished_on == date.fromordinal(due.toordinal() + 3)
    settle(qtbot)
    assert cell(page.deliverables, row, FINISHED + 1) == "Late by 3 days"
    assert "late" in page.deliverables_summary.text()
    # Cleared: the review says the date is not recorded.
    assert page.deliverables.setData(page.deliverables.index(row, FINISHED), None)
    settle(qtbot)
    assert cell(page.deliverables, row, FINISHED) == "Not recorded"
    assert cell(page.deliverables, row, FINISHED + 1) == "Finished, date not recorded"
    session.undo_stack.undo()
    session.undo_stack.undo()
    stored = services.get(session.plan, K.DELIVERABLE, deliverable.id)
    assert isinstance(stored, Deliverable) and stored.finished_on == deliverable.finished_on


# -- steps 3 and 4: lessons and credits ---------------------------------------------------------
def test_adding_a_lesson_then_undo_takes_it_back(review: ReviewDialog, qtbot: Any) -> None:
    session, page = review.session, review.lessons
    review.go_to(2)
    before = page.model.rowCount()
    dialog = page.add()
    assert isinstance(dialog, LessonDialog)
    assert dialog.what_happened.placeholderText().startswith("What happened, not who")
    dialog.title_edit.setText("Hold two days of SDR time after each event")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(LessonOutcome.HURT))
    dialog.what_happened.setPlainText("Follow-up calls came a week late.")
    dialog.why.setPlainText("Follow-up was planned for an average week.")
    dialog.evidence.setPlainText("Median time to first call: 6 days.")
    dialog.next_time.setPlainText("Book the SDR calendar before the event.")
    dialog.functions.set_checked([dialog.functions.item(0).data(Qt.ItemDataRole.UserRole)])
    dialog.tags.setText("events, follow-up")
    steps = session.undo_stack.count()
    ok(dialog)
    assert session.undo_stack.count() == steps + 1
    settle(qtbot)
    assert page.model.rowCount() == before + 1
    added = page.current()
    assert added is not None and added.title == "Hold two days of SDR time after each event"
    assert added.outcome is LessonOutcome.HURT and added.tag_list == ("events", "follow-up")
    assert "Median time to first call" in page.detail.toPlainText()
    assert f"{before + 1} lessons" in review.steps.item(2).text()
    # Ctrl+Z in the review undoes it, as in the main window.
    assert QKeySequence(QKeySequence.StandardKey.Undo) in review.undo_action.shortcuts()
    assert "Add lesson" in review.undo_action.toolTip()
    review.undo_action.trigger()
    settle(qtbot)
    assert page.model.rowCount() == before
    assert len(lessons(session, review.task_force_id)) == before


def test_editing_and_removing_a_lesson_are_undoable(review: ReviewDialog, qtbot: Any) -> None:
    from tests.ui.conftest import confirm_next_removal

    session, page = review.session, review.lessons
    page.view.selectRow(0)
    lesson = page.current()
    assert lesson is not None
    dialog = page.edit()
    assert dialog is not None
    dialog.next_time.setPlainText("Write the definition down in week one.")
    ok(dialog)
    settle(qtbot)
    stored = services.get(session.plan, K.LESSON, lesson.id)
    assert isinstance(stored, Lesson) and stored.next_time == "Write the definition down in week one."
    page.view.selectRow(page.model.row_of(lesson.id) or 0)
    confirm_next_removal()
    assert page.remove()
    settle(qtbot)
    assert page.model.row_of(lesson.id) is None
    session.undo_stack.undo()
    settle(qtbot)
    assert page.model.row_of(lesson.id) is not None


def test_a_lesson_that_names_someone_is_gently_told_so(review: ReviewDialog) -> None:
    assert names_in("Ethan Brooks forgot the file; ethan brooks again.", ["Ethan Brooks", "Ethan"]) == [
        "Ethan Brooks",
        "Ethan",
    ]
    assert names_in("Brooksides and Ethanol", ["Ethan Brooks", "Ethan"]) == []
    dialog = review.lessons.add()
    assert dialog is not None
    assert dialog.named.isHidden()
    person = next(iter(review.report.people.values())) if review.report else ""
    dialog.what_happened.setPlainText(f"{person} did not send the hand-off file.")
    assert not dialog.named.isHidden() and person in dialog.named.text()
    dialog.title_edit.setText("A hand-off nobody owned")
    ok(dialog)  # a word, never a refusal
    assert dialog.result() == dialog.DialogCode.Accepted


def test_giving_a_credit_then_undo_in_the_main_window_takes_it_back(window: MainWindow, qtbot: Any) -> None:
    assert window.session is not None and window.reviews is not None and window.commands.undo is not None
    session = window.session
    campaign = team(session, CAMPAIGN)
    review = window.reviews.open(campaign)
    page = review.credits
    review.go_to(3)
    before = page.model.rowCount()
    dialog = page.add()
    assert dialog is not None
    dialog.for_what.setText("Lending two SDRs at a day's notice")
    ok(dialog)  # nobody chosen: refused beside the field, the dialog stays
    assert dialog.isVisible() and "Say who is thanked" in dialog.error.text()
    dialog.function.setCurrentIndex(1)
    ok(dialog)
    settle(qtbot)
    assert page.model.rowCount() == before + 1
    credit = page.current()
    assert isinstance(credit, Credit) and credit.function_id is not None
    assert cell(page.model, page.model.row_of(credit.id) or 0, 1) == "Lending two SDRs at a day's notice"
    window.commands.undo.trigger()  # Edit ▸ Undo of the main window
    settle(qtbot)
    assert page.model.rowCount() == before
    assert not services.find(session.plan, K.CREDIT, id=credit.id)


# -- step 5: open questions ---------------------------------------------------------------------
def test_a_question_is_answered_from_the_review(review: ReviewDialog, qtbot: Any) -> None:
    session, page = review.session, review.questions
    asked = {"task_force_id": review.task_force_id, "question": "Was Zurich worth it?"}
    made = session.edit(lambda: services.add(session.plan, K.QUESTION, asked))
    assert made is not None
    settle(qtbot)
    assert page.select(made.value.id)
    assert "open" in review.steps.item(4).text()
    dialog = page.answer()  # no Logs dialog lent: the review's own short form
    assert isinstance(dialog, AnswerDialog)
    dialog.answer.setPlainText("Yes: 410 registrations and 31 meetings.")
    assert dialog.answered_on.value() is not None  # dated as it is written
    ok(dialog)
    settle(qtbot)
    stored = services.get(session.plan, K.QUESTION, made.value.id)
    assert isinstance(stored, Question) and not stored.is_open
    row = page.model.row_of(made.value.id)
    assert row is not None and cell(page.model, row, 4) == "Yes: 410 registrations and 31 meetings."
    session.undo_stack.undo()
    stored = services.get(session.plan, K.QUESTION, made.value.id)
    assert isinstance(stored, Question) and stored.is_open


def test_answering_in_the_app_opens_the_logs_question_dialog(window: MainWindow) -> None:
    assert window.session is not None and window.reviews is not None
    review = window.reviews.open(team(window.session, CAMPAIGN))
    page = review.questions
    assert page.model.rowCount() > 0
    page.view.selectRow(0)
    dialog = page.answer()
    assert isinstance(dialog, QuestionDialog) and dialog.windowTitle() == "Answer Question"
    dialog.reject()


# -- the whole dialog ---------------------------------------------------------------------------
def test_the_steps_walk_forward_and_back(review: ReviewDialog) -> None:
    assert [review.steps.item(i).text().split("\n")[0] for i in range(5)] == [
        "1.  Scorecard",
        "2.  Goals and work",
        "3.  Lessons",
        "4.  Credits",
        "5.  Open questions",
    ]
    assert not review.back.isEnabled()
    for step in range(1, 5):
        review.next.click()
        assert review.current_step() == step
    assert review.next.text() == "&Done"
    review.back.click()
    assert review.current_step() == 3
    review.go_to(4)
    review.next.click()  # Done closes the review
    assert not review.isVisible()


def test_the_review_follows_edits_made_elsewhere(review: ReviewDialog, qtbot: Any) -> None:
    session = review.session
    before = review.lessons.model.rowCount()
    written = {"task_force_id": review.task_force_id, "title": "Written in another window"}
    session.edit(lambda: services.add(session.plan, K.LESSON, written))
    settle(qtbot)
    assert review.lessons.model.rowCount() == before + 1
    session.edit(lambda: services.delete(session.plan, K.TASK_FORCE, review.task_force_id))
    settle(qtbot)
    assert not review.isVisible()  # the team is gone: so is its review


def test_the_forms_have_no_letter_twice(review: ReviewDialog) -> None:
    for dialog in (review.lessons.add(), review.credits.add()):
        assert dialog is not None
        found = letters(dialog)
        assert len(found) == len(set(found)), found
        dialog.reject()


def test_export_pdf_writes_the_review(review: ReviewDialog, tmp_path: Path) -> None:
    written = review.write_pdf(tmp_path / "campaign review.pdf")
    assert written is not None and written.read_bytes().startswith(b"%PDF")
    assert str(written) in review.note.text()


def test_how_grades_work_opens_the_guide_at_its_section(window: MainWindow) -> None:
    assert window.session is not None and window.reviews is not None
    review = window.reviews.open(team(window.session, CAMPAIGN))
    assert review.guide_button.isVisibleTo(review) and "How grades work" in review.scorecard.help.text()
    review.guide_button.click()
    guide = window.commands.help.show_guide()
    assert guide.isVisible() and guide.page() == "review.html"
    assert guide.contents.currentItem().text() == "Reviewing a task force"
