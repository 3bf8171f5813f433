"""The Risks & Decisions tab: the task force's bad news and what it decided, with the data behind it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import date
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.enums import RiskLikelihood, RiskSeverity, RiskStatus
from smarket_planner.domain.errors import NotFoundError
from smarket_planner.domain.records import Decision, EntityKind, Risk
from smarket_planner.services.views import log_view
from smarket_planner.services.views.log_view import DecisionLine, PersonChoice, RiskLine
from smarket_planner.ui.kit.cell_editors import (
    ChoiceDelegate,
    DateDelegate,
    RecordOrder,
    enum_items,
    person_items,
    refresh_rows,
)
from smarket_planner.ui.kit.commands import command
from smarket_planner.ui.kit.record_model import RecordTableModel
from smarket_planner.ui.kit.removal import confirm_removal
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.kit.task_force_tab import TaskForceTab
from smarket_planner.ui.logs.log_dialogs import DecisionDialog, RiskDialog, decision_columns, risk_columns

Apply = Callable[[dict[str, Any]], bool]
LogRecord = TypeVar("LogRecord", Risk, Decision)
LogDialog = TypeVar("LogDialog", RiskDialog, DecisionDialog)

WATCHED = {EntityKind.RISK, EntityKind.DECISION, EntityKind.PERSON}
EXPOSURE = 1


def _changes(record: Risk | Decision, values: dict[str, Any]) -> dict[str, Any]:
    """Only the fields a dialog changed, so an untouched OK adds no undo step."""
    current = {field.name: getattr(record, field.name) for field in fields(record)}
    # Id lists are kept in id order, so the same people in another order are no change.
    clean = {name: tuple(sorted(v)) if isinstance(v, tuple) else v for name, v in values.items()}
    return {name: value for name, value in clean.items() if value != current.get(name)}


class LogsTab(TaskForceTab):
    """The risk log and the decision log of the selected task force."""

    title = "Risks & Decisions"

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.risks = RecordTableModel(risk_columns(self._risk_setter), self)
        self.risk_order = RecordOrder(self)
        self.risk_order.setSourceModel(self.risks)
        self.risk_view = self._table(self.risk_order)
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

        self.decisions = RecordTableModel(decision_columns(), self)
        self.decision_order = RecordOrder(self)
        self.decision_order.setSourceModel(self.decisions)
        self.decision_view = self._table(self.decision_order)
        self.decision_view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.decision_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for column, width in enumerate((240, 104, 120, 170, 170)):
            self.decision_view.setColumnWidth(column, width)
        self.decision_view.doubleClicked.connect(lambda _index: self.edit_decision())

        # Two tables share Ins, F2 and Del: each table's keys act only where the focus is.
        trash = QStyle.StandardPixmap.SP_TrashIcon

        def on(view: QTableView, text: str, slot: Any, keys: str, icon: Any = None) -> QAction:
            return command(view, text, slot, keys, icon, Qt.ShortcutContext.WidgetShortcut)

        risk_actions = [
            on(self.risk_view, "&Add risk…", self.add_risk, "Ins"),
            on(self.risk_view, "&Edit risk…", self.edit_risk, "F2"),
            on(self.risk_view, "&Remove risk", self.remove_risk, "Del", trash),
        ]
        decision_actions = [
            on(self.decision_view, "Add &decision…", self.add_decision, "Ins"),
            on(self.decision_view, "Edi&t decision…", self.edit_decision, "F2"),
            on(self.decision_view, "Remo&ve decision", self.remove_decision, "Del", trash),
        ]
        self.risk_actions, self.decision_actions = risk_actions, decision_actions
        self.risk_empty = QLabel("No risks raised yet. Raise one early: bad news is welcome here.")
        self.decision_empty = QLabel("No decisions logged yet. Log what was decided and the data behind it.")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(
            self._part("Risks — bad news is welcome", risk_actions, self.risk_view, self.risk_empty)
        )
        self.splitter.addWidget(
            self._part("Decisions", decision_actions, self.decision_view, self.decision_empty)
        )
        self.splitter.setSizes([330, 270])
        self.set_page(self.splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        for view in (self.risk_view, self.decision_view):
            view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.show_task_force(None)

    # -- building ---------------------------------------------------------------------------
    def _table(self, model: Any) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Double-click and F2 open the full record; a click on a selected cell or typing edits in place.
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.SelectedClicked | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        return view

    def _part(self, heading: str, actions: list[QAction], view: QTableView, empty: QLabel) -> QWidget:
        title = QLabel(heading)
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        title.setFont(font)
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addStretch(1)
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            bar.addWidget(button)
        empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        part = QWidget()
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addLayout(bar)
        layout.addWidget(empty)
        layout.addWidget(view, 1)
        return part

    def _people(self) -> list[Any]:
        return person_items(log_view.person_choices(self.session.plan, self.task_force_id), none="No one")

    # -- what is shown ----------------------------------------------------------------------
    def show_task_force(self, task_force_id: int | None) -> None:
        """Show the risks and decisions of a task force, or a hint when none is selected."""
        self.task_force_id = task_force_id
        risks, decisions = self._query()
        self.risks.set_records(risks or [])
        self.decisions.set_records(decisions or [])
        self._shown(risks is not None)

    def select_entity(self, kind: EntityKind, ident: int) -> bool:
        """Select a risk or a decision of this task force."""
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

    def _query(self) -> tuple[list[RiskLine] | None, list[DecisionLine] | None]:
        if self.task_force_id is None:
            return None, None
        try:
            plan = self.session.plan
            return log_view.risk_lines(plan, self.task_force_id), log_view.decision_lines(
                plan, self.task_force_id
            )
        except NotFoundError:
            return None, None

    def _shown(self, has_task_force: bool) -> None:
        if has_task_force:
            self.show_page()
        else:
            self.show_placeholder("Select a task force to see its risks and decisions.")
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

    def plan_changed(self, notices: tuple[services.ChangeNotice, ...]) -> None:
        """Refresh the risks and decisions an edit touched, and the people they name."""
        if not any(notice.kind in WATCHED for notice in notices):
            return
        risks, decisions = self._query()
        refresh_rows(self.risks, risks or [])
        refresh_rows(self.decisions, decisions or [])
        self._shown(risks is not None)

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

    def _save(self, kind: EntityKind, record: Risk | Decision, label: str) -> Apply:
        """An ``apply`` for a dialog: create when there is no record yet, else change what differs."""
        plan = self.session.plan

        def apply(values: dict[str, Any]) -> bool:
            if record.id == 0:
                values = {"task_force_id": record.task_force_id, **values}
                outcome = self.session.edit(lambda: services.add(plan, kind, values))
                if outcome is not None:
                    self.select_entity(kind, outcome.value.id)
                return outcome is not None
            changes = _changes(record, values)
            if not changes:
                return True
            return self.session.update(kind, record.id, record.version, changes, label) is not None

        return apply

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
        dialog = dialog_type(self.session, title, self._save(kind, record, label), people, record, self)
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
