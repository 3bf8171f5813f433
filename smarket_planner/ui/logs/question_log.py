"""The question log of a task force: what it needs to find out, who should answer by when, and the answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QStyle, QWidget

from smarket_planner.domain.records import EntityKind, Question
from smarket_planner.services.views import log_view
from smarket_planner.services.views.log_view import QuestionLine
from smarket_planner.ui.kit.cell_editors import ChoiceDelegate, DateDelegate, RecordOrder, refresh_rows
from smarket_planner.ui.kit.form_fields import warning_colour
from smarket_planner.ui.kit.record_model import RecordTableModel
from smarket_planner.ui.kit.removal import confirm_removal
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.logs.log_parts import LogPart, log_table, saver, table_command
from smarket_planner.ui.logs.question_dialog import STATUS, QuestionDialog, question_columns

K = EntityKind.QUESTION
PEOPLE_COLUMNS = (1, 2)
DUE = 3


class QuestionLog:
    """The questions of the task force shown: a table, its buttons, and the dialog that asks and answers."""

    def __init__(
        self,
        session: PlanSession,
        owner: QWidget,
        task_force: Callable[[], int | None],
        people: Callable[[], list[Any]],
    ) -> None:
        self.session, self.owner, self.task_force = session, owner, task_force
        self.today: date | None = None  # the day questions are overdue against; None: the day it is
        self.model = RecordTableModel(question_columns(self._setter, self._warning), owner)
        self.order = RecordOrder(owner)
        self.order.setSourceModel(self.model)
        self.view = log_table(self.order)
        self.view.sortByColumn(STATUS, Qt.SortOrder.AscendingOrder)
        chooser = ChoiceDelegate(people, self.view)
        for column in PEOPLE_COLUMNS:
            self.view.setItemDelegateForColumn(column, chooser)
        self.view.setItemDelegateForColumn(DUE, DateDelegate(self.view))
        for column, width in enumerate((250, 104, 104, 90)):
            self.view.setColumnWidth(column, width)
        self.view.doubleClicked.connect(lambda _index: self.edit())
        trash = QStyle.StandardPixmap.SP_TrashIcon
        self.actions = [
            table_command(self.view, "Add &question…", self.add, "Ins"),
            table_command(self.view, "Ans&wer…", self.answer, ""),
            table_command(self.view, "Edit q&uestion…", self.edit, "F2"),
            table_command(self.view, "Re&move question", self.remove, "Del", trash),
        ]
        self.empty = QLabel("No questions asked yet. Ask what the team must find out, and who should answer.")
        self.part = LogPart("Questions", self.actions, self.view, self.empty)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.enable())

    def _warning(self) -> QColor:
        return warning_colour(self.view.palette())

    # -- what is shown ----------------------------------------------------------------------
    def lines(self, task_force_id: int) -> list[QuestionLine]:
        """The task force's questions as the log shows them today."""
        return log_view.question_lines(self.session.plan, task_force_id, self.today or date.today())

    def show(self, lines: list[QuestionLine], refresh: bool = False) -> None:
        """Show these questions: all anew, or only the rows that changed."""
        if refresh:
            refresh_rows(self.model, lines)
        else:
            self.model.set_records(lines)
        self.empty.setVisible(self.model.rowCount() == 0)
        self.enable()

    def enable(self) -> None:
        """Answer, edit and remove only with a question selected; add with a task force shown."""
        self.actions[0].setEnabled(self.task_force() is not None)
        for action in self.actions[1:]:
            action.setEnabled(self.view.currentIndex().isValid())

    def select(self, ident: int) -> bool:
        """Select a question of the log, if it is there."""
        row = self.model.row_of(ident)
        if row is None:
            return False
        self.view.selectRow(self.order.mapFromSource(self.model.index(row, 0)).row())
        self.view.setFocus()
        return True

    def current(self) -> QuestionLine | None:
        """The selected question, if any."""
        index = self.view.currentIndex()
        return self.model.record(self.order.mapToSource(index).row()) if index.isValid() else None

    # -- edits ------------------------------------------------------------------------------
    def _setter(self, name: str) -> Callable[[QuestionLine, Any], bool]:
        def edit(line: QuestionLine, value: Any) -> bool:
            question = line.record
            label = f"Edit question '{question.question}'"
            return self.session.update(K, question.id, question.version, {name: value}, label) is not None

        return edit

    def _open(self, question: Question, title: str, answering: bool = False) -> QuestionDialog:
        people = log_view.person_choices(self.session.plan, self.task_force())
        apply = saver(self.session, K, question, f"Edit question '{question.question}'", self.select)
        dialog = QuestionDialog(self.session, title, apply, people, question, self.owner, answering=answering)
        dialog.open()
        return dialog

    def add(self) -> QuestionDialog | None:
        """Open a dialog to ask a new question."""
        task_force = self.task_force()
        if task_force is None:
            return None
        return self._open(Question(0, task_force, ""), "Ask Question")

    def edit(self) -> QuestionDialog | None:
        """Open the selected question in full."""
        line = self.current()
        return self._open(line.record, "Edit Question") if line else None

    def answer(self) -> QuestionDialog | None:
        """Open the selected question to write its answer and the data behind it."""
        line = self.current()
        return self._open(line.record, "Answer Question", answering=True) if line else None

    def remove(self) -> None:
        """Remove the selected question (undo brings it back)."""
        line = self.current()
        if line is not None and confirm_removal(self.owner, self.session, K, [line.id], line.record.question):
            self.session.delete(K, line.id, line.record.version)
