"""Step 5, open questions answered: what the team set out to find out, and the answers with their data."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QLabel, QStyle, QTableView, QWidget

from smarket_planner.domain.records import EntityKind, Question
from smarket_planner.services.reports.review import ReviewReport
from smarket_planner.ui.kit.commands import command
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.edit_dialog import EditDialog
from smarket_planner.ui.kit.form_fields import OptionalDate, text_box
from smarket_planner.ui.kit.record_model import Column, RecordTableModel
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.review.parts import (
    GREEN,
    RED,
    RIGHT,
    ReviewHooks,
    ReviewPage,
    bold,
    dot,
    first_line,
    ink,
    plural,
    quiet,
    review_table,
    section_bar,
    summary_label,
)

K = EntityKind.QUESTION
OPEN = "#d4952a"  # amber: still to answer


def overdue_days(question: Question, today: date) -> int:
    """How many days an open question is past its date (0 when answered, undated or not due yet)."""
    if not question.is_open or question.due_on is None or question.due_on >= today:
        return 0
    return (today - question.due_on).days


def questions_summary(questions: tuple[Question, ...], today: date) -> str:
    """'3 questions: 2 answered, 1 open (overdue).'"""
    if not questions:
        return "The team logged no questions."
    answered = sum(not q.is_open for q in questions)
    still = len(questions) - answered
    late = sum(overdue_days(q, today) > 0 for q in questions)
    line = f"{plural(len(questions), 'question')}: {answered} answered"
    if still:
        line += f", {still} open" + (f" ({late} overdue)" if late else "")
    return line + "."


class AnswerDialog(EditDialog):
    """Answer a question with the data behind it (when the Logs' question dialog is not at hand)."""

    def __init__(self, session: PlanSession, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(session, "Answer Question", parent, min_width=520)
        self.question = question
        asked = bold(QLabel(question.question))
        asked.setWordWrap(True)
        asked.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow("Question:", asked)
        self.answer = text_box(question.answer, 4)
        self.answer.setPlaceholderText("What the team found out")
        self.evidence = text_box(question.evidence, 3)
        self.evidence.setPlaceholderText("The numbers and evidence behind the answer")
        self.answered_on = OptionalDate("Answered &on", question.answered_on)
        self.add_field("answer", "&Answer:", self.answer)
        self.add_field("evidence", "The &data:", self.evidence)
        self.add_field("answered_on", "", self.answered_on)
        self.answer.textChanged.connect(self._date_the_answer)

    def _date_the_answer(self) -> None:
        given = bool(self.answer.toPlainText().strip())
        if given and self.answered_on.value() is None:
            self.answered_on.set_value(date.today())
        elif not given and self.answered_on.value() is not None:
            self.answered_on.tick.setChecked(False)

    def values(self) -> dict[str, Any]:
        """The answer as written."""
        return {
            "answer": self.answer.toPlainText(),
            "evidence": self.evidence.toPlainText(),
            "answered_on": self.answered_on.value(),
        }

    def commit(self) -> bool | None:
        """Change just what was changed, as one undo step."""
        current = {field.name: getattr(self.question, field.name) for field in fields(self.question)}
        changes = {name: value for name, value in self.values().items() if value != current.get(name)}
        if not changes:
            return True
        label = f"Answer question '{self.question.question}'"
        return self.change(K, self.question.id, self.question.version, changes, label)


class QuestionsPage(ReviewPage):
    """The team's questions with their answers; the open ones answered from here."""

    step = "Open questions"

    def __init__(self, session: PlanSession, hooks: ReviewHooks, parent: QWidget | None = None) -> None:
        super().__init__(session, hooks, parent)
        self.today = date.today()
        self.intro.setText(
            "What the team set out to find out. Answer the questions still open, with the data behind "
            "each answer, before the team moves on: the next team starts from what this one found."
        )
        self.summary = summary_label()
        self.model = RecordTableModel(self._columns(), self)
        self.view: QTableView = review_table(self.model)
        self.view.setAccessibleName("Questions")
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        for column, width in enumerate((360, 120, 120, 96)):
            self.view.setColumnWidth(column, width)
        icon = QStyle.StandardPixmap.SP_DialogYesButton
        self.answer_action = command(
            self.view, "Ans&wer…", self.answer, "F2", icon, Qt.ShortcutContext.WidgetShortcut
        )
        self.answer_action.setToolTip("Write the answer to the selected question and the data behind it (F2)")
        bar, _heading = section_bar("Questions", [self.answer_action])
        self.empty = quiet("No questions were logged. Questions are asked on the Risks & Decisions tab.")
        self.column.addSpacing(6)
        self.column.addLayout(bar)
        self.column.addWidget(self.summary)
        self.column.addWidget(self.empty)
        self.column.addWidget(self.view, 1)
        self.view.doubleClicked.connect(lambda _index: self.answer())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self._enable()

    def _columns(self) -> list[Column]:
        def person(ident: int | None) -> str:
            return self.report.person(ident) if self.report is not None else ""

        def status(question: Question) -> str:
            if not question.is_open:
                return first_line(question.answer)
            late = overdue_days(question, self.today)
            return f"Open, overdue by {plural(late, 'day')}" if late else "Open"

        def colour(question: Question) -> str:
            return GREEN if not question.is_open else RED if overdue_days(question, self.today) else OPEN

        def open_ink(question: Question) -> QColor | None:
            return ink(self.view, colour(question)) if question.is_open else None

        def answer_tip(question: Question) -> str:
            if question.is_open:
                return "Not answered yet: select it and press Answer…"
            parts = [question.answer.strip()]
            if question.evidence.strip():
                parts.append(f"Data: {question.evidence.strip()}")
            if question.answered_on:
                parts.append(f"Answered on {day_text(question.answered_on)}")
            return "\n\n".join(parts)

        return [
            Column("Question", lambda q: q.question, tooltip=lambda q: q.question),
            Column("Asked by", lambda q: person(q.asked_by_id)),
            Column("To answer", lambda q: person(q.answerer_id)),
            Column("Due", lambda q: q.due_on, align=RIGHT),
            Column("Answer", status, icon=lambda q: dot(colour(q)), foreground=open_ink, tooltip=answer_tip),
        ]

    def show_report(self, report: ReviewReport) -> None:
        """Show the questions, open ones first, then the answered ones as they came."""
        super().show_report(report)
        self.today = report.review.today
        questions = sorted(report.questions, key=lambda q: (not q.is_open, q.due_on or date.max, q.id))
        self.summary.setText(questions_summary(report.questions, self.today))
        self.model.sync_records(questions, ordered=True)
        self.empty.setVisible(not questions)
        self.view.setVisible(bool(questions))
        self._enable()

    def badge(self) -> str:
        """How many questions are still open."""
        if self.report is None:
            return ""
        still = sum(q.is_open for q in self.report.questions)
        return f"{still} open" if still else ""

    def current(self) -> Question | None:
        """The question chosen, if any."""
        index = self.view.currentIndex()
        record = self.model.record(index.row()) if index.isValid() else None
        return record if isinstance(record, Question) else None

    def select(self, ident: int) -> bool:
        """Choose a question in the list."""
        row = self.model.row_of(ident)
        if row is not None:
            self.view.selectRow(row)
        return row is not None

    def _enable(self) -> None:
        self.answer_action.setEnabled(not self.session.plan.read_only and self.current() is not None)

    def answer(self) -> QDialog | None:
        """Open the question chosen to answer it: the Logs' question dialog when lent, else a short form."""
        question = self.current()
        if question is None or self.session.plan.read_only:
            return None
        if self.hooks.answer_question is not None:
            return self.hooks.answer_question(question.id, self.window())
        dialog = AnswerDialog(self.session, question, self.window())
        dialog.open()
        return dialog
