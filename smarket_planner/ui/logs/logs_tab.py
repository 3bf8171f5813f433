"""The Risks & Decisions tab: the task force's bad news, what it must find out, and what it decided."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QSplitter, QStyle, QVBoxLayout, QWidget

from smarket_planner import services
from smarket_planner.domain.enums import RiskLikelihood, RiskSeverity, RiskStatus
from smarket_planner.domain.errors import NotFoundError
from smarket_planner.domain.records import Decision, EntityKind, Risk
from smarket_planner.services.views import log_view
from smarket_planner.services.views.log_view import DecisionLine, PersonChoice, QuestionLine, RiskLine
from smarket_planner.ui.kit.cell_editors import (
    ChoiceDelegate,
    DateDelegate,
    RecordOrder,
    enum_items,
    person_items,
    refresh_rows,
)
from smarket_planner.ui.kit.record_model import RecordTableModel
from smarket_planner.ui.kit.removal import confirm_removal
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.kit.task_force_tab import TaskForceTab
from smarket_planner.ui.logs.log_dialogs import DecisionDialog, RiskDialog, decision_columns, risk_columns
from smarket_planner.ui.logs.log_parts import (
    Apply,
    LogPart,
    log_table,
    saver,
    share_out,
    table_command,
)
from smarket_planner.ui.logs.question_log import QuestionLog

LogRecord = TypeVar("LogRecord", Risk, Decision)
LogDialog = TypeVar("LogDialog", RiskDialog, DecisionDialog)

WATCHED = {EntityKind.RISK, EntityKind.DECISION, EntityKind.QUESTION, EntityKind.PERSON}
EXPOSURE = 1
Lines = tuple[list[RiskLine], list[QuestionLine], list[DecisionLine]]


class LogsTab(TaskForceTab):
    """The risk log, the question log and the decision log of the selected task force."""

    title = "Risks & Decisions"

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.risks = RecordTableModel(risk_columns(self._risk_setter), self)
        self.risk_order = RecordOrder(self)
        self.risk_order.setSourceModel(self.risks)
        self.risk_view = log_table(self.risk_order)
        self.risk_view.sortByColumn(EXPOSURE, Qt.SortOrder.DescendingOrder)
        people = ChoiceDelegate(self._people, self.risk_view)
        for column in (5, 6):
            self.risk_view.setItemDelegateForColumn(column, people)
        for column, enum in ((2, RiskSeverity), (3, RiskLikelihood), (4, RiskStatus)):
            self.risk_view.setItemDelegateForColumn(column, ChoiceDelegate(partial(enum_items, enum), self))
        self.risk_view.setItemDelegateForColumn(7, DateDelegate(self.risk_view))
        widths = (190, 84, 88, 104, 90, 112, 112, 88)
        for column, width in enumerate(widths):
            self.risk_view.setColumnWidth(column, width)
        self.risk_view.doubleClicked.connect(lambda _index: self.edit_risk())

        self.questions = QuestionLog(session, self, lambda: self.task_force_id, self._people)

        self.decisions = RecordTableModel(decision_columns(), self)
        self.decision_order = RecordOrder(self)
        self.decision_order.setSourceModel(self.decisions)
        self.decision_view = log_table(self.decision_order)
        self.decision_view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.decision_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for column, width in enumerate((240, 104, 120, 170, 170)):
            self.decision_view.setColumnWidth(column, width)
        self.decision_view.doubleClicked.connect(lambda _index: self.edit_decision())

        # The tables share Ins, F2 and Del: each table's keys act only where the focus is.
        trash = QStyle.StandardPixmap.SP_TrashIcon
        risk_actions = [
            table_command(self.risk_view, "&Add risk…", self.add_risk, "Ins"),
            table_command(self.risk_view, "&Edit risk…", self.edit_risk, "F2"),
            table_command(self.risk_view, "&Remove risk", self.remove_risk, "Del", trash),
        ]
        decision_actions = [
            table_command(self.decision_view, "Add &decision…", self.add_decision, "Ins"),
            table_command(self.decision_view, "Edi&t decision…", self.edit_decision, "F2"),
            table_command(self.decision_view, "Remo&ve decision", self.remove_decision, "Del", trash),
        ]
        self.risk_actions, self.decision_actions = risk_actions, decision_actions
        self.risk_empty = QLabel("No risks raised yet. Raise one early: bad news is welcome here.")
        self.decision_empty = QLabel("No decisions logged yet. Log what was decided and the data behind it.")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.parts = (
            LogPart("Risks — bad news is welcome", risk_actions, self.risk_view, self.risk_empty),
            self.questions.part,
            LogPart("Decisions", decision_actions, self.decision_view, self.decision_empty),
        )
        for part in self.parts:
            self.splitter.addWidget(part)
        self.splitter.setSizes([240, 200, 200])
        self._fit_pending = True  # the parts are fitted to their rows once the tab is on screen
        self.set_page(self.splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        for view in (self.risk_view, self.decision_view):
            view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.show_task_force(None)

    @property
    def today(self) -> date | None:
        """The day questions are overdue against: None for the day it is when they are read."""
        return self.questions.today

    @today.setter
    def today(self, value: date | None) -> None:
        self.questions.today = value

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the parts to their rows once laid out, if what they show changed meanwhile."""
        super().showEvent(event)
        if self._fit_pending:
            QTimer.singleShot(0, self, self._fit_parts)  # not if the tab is gone by then

    def _counts(self) -> tuple[int, int, int]:
        return self.risks.rowCount(), self.questions.model.rowCount(), self.decisions.rowCount()

    def _fit_parts(self) -> None:
        """Give each log the height its rows need, sharing out the rest, when the tab is on screen."""
        self._fit_pending = True
        if not self.splitter.isVisible() or self.splitter.height() <= 0:
            return
        wanted = [part.wanted_height() for part in self.parts]
        self.splitter.setSizes(share_out(sum(self.splitter.sizes()), wanted))
        self._fit_pending = False

    def _people(self) -> list[Any]:
        return person_items(log_view.person_choices(self.session.plan, self.task_force_id), none="No one")

    # -- what is shown ----------------------------------------------------------------------
    def show_task_force(self, task_force_id: int | None) -> None:
        """Show the risks, questions and decisions of a task force, or a hint when none is selected."""
        self.task_force_id = task_force_id
        lines = self._query()
        risks, questions, decisions = lines or ([], [], [])
        self.risks.set_records(risks)
        self.decisions.set_records(decisions)
        self.questions.show(questions)
        self._shown(lines is not None)
        self._fit_parts()

    def select_entity(self, kind: EntityKind, ident: int) -> bool:
        """Select a risk, a question or a decision of this task force."""
        if kind is EntityKind.QUESTION:
            return self.questions.select(ident)
        pairs = {
            EntityKind.RISK: (self.risks, self.risk_order, self.risk_view),
            EntityKind.DECISION: (self.decisions, self.decision_order, self.decision_view),
        }
        if kind not in pairs:
            return False
        model, order, view = pairs[kind]
        row = model.row_of(ident)
        if row is None:
            return False
        view.selectRow(order.mapFromSource(model.index(row, 0)).row())
        view.setFocus()
        return True

    def _query(self) -> Lines | None:
        if self.task_force_id is None:
            return None
        try:
            plan, ident = self.session.plan, self.task_force_id
            risks, decisions = log_view.risk_lines(plan, ident), log_view.decision_lines(plan, ident)
            return risks, self.questions.lines(ident), decisions
        except NotFoundError:
            return None

    def _shown(self, has_task_force: bool) -> None:
        if has_task_force:
            self.show_page()
        else:
            self.show_placeholder("Select a task force to see its risks, questions and decisions.")
        self.risk_empty.setVisible(self.risks.rowCount() == 0)
        self.decision_empty.setVisible(self.decisions.rowCount() == 0)
        self._enable()

    def _enable(self) -> None:
        for actions, view in (
            (self.risk_actions, self.risk_view),
            (self.decision_actions, self.decision_view),
        ):
            actions[0].setEnabled(self.task_force_id is not None)
            for action in actions[1:]:
                action.setEnabled(view.currentIndex().isValid())
        self.questions.enable()

    def plan_changed(self, notices: tuple[services.ChangeNotice, ...]) -> None:
        """Refresh the risks, questions and decisions an edit touched, and the people they name."""
        if not any(notice.kind in WATCHED for notice in notices):
            return
        counts = self._counts()
        lines = self._query()
        risks, questions, decisions = lines or ([], [], [])
        refresh_rows(self.risks, risks)
        refresh_rows(self.decisions, decisions)
        self.questions.show(questions, refresh=True)
        self._shown(lines is not None)
        if self._counts() != counts:  # a log grew or shrank: fit them again
            self._fit_parts()

    def current_risk(self) -> RiskLine | None:
        """The selected risk, if any."""
        index = self.risk_view.currentIndex()
        return self.risks.record(self.risk_order.mapToSource(index).row()) if index.isValid() else None

    def current_decision(self) -> DecisionLine | None:
        """The selected decision, if any."""
        index = self.decision_view.currentIndex()
        return (
            self.decisions.record(self.decision_order.mapToSource(index).row()) if index.isValid() else None
        )

    # -- edits ------------------------------------------------------------------------------
    def _risk_setter(self, name: str) -> Callable[[RiskLine, Any], bool]:
        def edit(line: RiskLine, value: Any) -> bool:
            risk = line.record
            done = self.session.update(
                EntityKind.RISK, risk.id, risk.version, {name: value}, f"Edit risk '{risk.title}'"
            )
            return done is not None

        return edit

    def _open(
        self,
        dialog_type: Callable[
            [PlanSession, str, Apply, Sequence[PersonChoice], LogRecord, QWidget], LogDialog
        ],
        kind: EntityKind,
        record: LogRecord,
        title: str,
    ) -> LogDialog:
        people = log_view.person_choices(self.session.plan, self.task_force_id)
        label = f"Edit {kind.label} '{record.title}'"
        apply = saver(self.session, kind, record, label, partial(self.select_entity, kind))
        dialog = dialog_type(self.session, title, apply, people, record, self)
        dialog.open()
        return dialog

    def add_risk(self) -> RiskDialog | None:
        """Open a dialog to raise a new risk."""
        if self.task_force_id is None:
            return None
        return self._open(
            RiskDialog, EntityKind.RISK, Risk(0, self.task_force_id, "", raised_on=date.today()), "Raise Risk"
        )

    def edit_risk(self) -> RiskDialog | None:
        """Open the selected risk in full."""
        line = self.current_risk()
        return self._open(RiskDialog, EntityKind.RISK, line.record, "Edit Risk") if line else None

    def remove_risk(self) -> None:
        """Remove the selected risk (undo brings it back)."""
        line = self.current_risk()
        if line is not None and confirm_removal(
            self, self.session, EntityKind.RISK, [line.id], line.record.title
        ):
            self.session.delete(EntityKind.RISK, line.id, line.record.version)

    def add_decision(self) -> DecisionDialog | None:
        """Open a dialog to log a decision."""
        if self.task_force_id is None:
            return None
        return self._open(
            DecisionDialog,
            EntityKind.DECISION,
            Decision(0, self.task_force_id, "", decided_on=date.today()),
            "Log Decision",
        )

    def edit_decision(self) -> DecisionDialog | None:
        """Open the selected decision in full."""
        line = self.current_decision()
        return self._open(DecisionDialog, EntityKind.DECISION, line.record, "Edit Decision") if line else None

    def remove_decision(self) -> None:
        """Remove the selected decision (undo brings it back)."""
        line = self.current_decision()
        decision = EntityKind.DECISION
        if line is not None and confirm_removal(self, self.session, decision, [line.id], line.record.title):
            self.session.delete(EntityKind.DECISION, line.id, line.record.version)
