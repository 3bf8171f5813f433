"""Step 2, goals and work: goals met, deliverables on time or late, risks that came true, decisions kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.analysis.review import DeliverableResult, DeliveryOutcome, GoalResult
from smarket_planner.analysis.scorecard import grade_text
from smarket_planner.domain.enums import DecisionStanding
from smarket_planner.domain.records import Decision, EntityKind, Risk
from smarket_planner.services.reports.review import ReviewReport
from smarket_planner.ui.kit.cell_editors import ChoiceDelegate, enum_items
from smarket_planner.ui.kit.commands import command
from smarket_planner.ui.kit.form_fields import DateBox
from smarket_planner.ui.kit.record_model import Column, Index, RecordTableModel
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.review.parts import (
    DELIVERY_COLOURS,
    GOAL_COLOURS,
    QUIET,
    RIGHT,
    STANDING_COLOURS,
    FittedTable,
    ReviewHooks,
    ReviewPage,
    dot,
    first_line,
    ink,
    plural,
    section_bar,
    summary_label,
)

K = EntityKind
FINISHED = 3  # the deliverables' column of the day each was finished, edited in place
STANDING = 3  # the decisions' column of whether each held, edited in place


@dataclass(frozen=True)
class GoalRow:
    """A goal and whether it was met."""

    id: int
    result: GoalResult


@dataclass(frozen=True)
class DeliverableRow:
    """A deliverable and how it ended."""

    id: int
    result: DeliverableResult


def outcome_text(result: DeliverableResult) -> str:
    """'On time', 'Late by 6 days', 'Finished, date not recorded', 'Dropped'."""
    if result.outcome is DeliveryOutcome.LATE and result.days_late is not None:
        return f"Late by {plural(result.days_late, 'day')}"
    return result.outcome.label


def outcome_tip(result: DeliverableResult) -> str:
    """What the outcome rests on, and what would settle it."""
    if result.outcome is DeliveryOutcome.DATE_NOT_RECORDED:
        return "Done, but the day it was finished is not recorded: set it under Finished to judge it."
    if result.outcome is DeliveryOutcome.UNFINISHED:
        return f"Still {result.deliverable.status.label.lower()}: it was not finished."
    if result.outcome is DeliveryOutcome.DROPPED:
        return "Cancelled: dropped on purpose is no failure."
    if result.outcome is DeliveryOutcome.FINISHED:
        return "Done, with no due date to be late against."
    return ""


def _kpis_text(row: GoalRow) -> str:
    result = row.result
    if not result.scores:
        return "No KPIs"
    text = ", ".join(grade_text(score.grade) if score.measured else "not measured" for score in result.scores)
    return f"{plural(len(result.scores), 'KPI')}: {text}"


def _kpis_tip(row: GoalRow) -> str:
    return "\n".join(
        f"{score.kpi.title}: {grade_text(score.grade)} ({score.verdict.label.lower()})"
        for score in row.result.scores
    )


class FinishedDelegate(QStyledItemDelegate):
    """Edits the day a deliverable was finished: a calendar, or none (Delete clears it)."""

    def __init__(self, start: Callable[[int], date], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._start = start  # the day an empty cell's calendar opens on, by row

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A date box that may be emptied."""
        editor = DateBox(parent=parent)
        editor.setToolTip("The day it was finished; Delete clears it")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Start from the day recorded, else from the due date (or today)."""
        if not isinstance(editor, DateBox):
            super().setEditorData(editor, index)
            return
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.set_value(value if isinstance(value, date) else self._start(index.row()))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Hand the day (or none) to the model, which hands it to the services."""
        if not isinstance(editor, DateBox):
            super().setModelData(editor, model, index)
            return
        value = editor.value()
        if value != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, value)


class RecordPage(ReviewPage):
    """Goals met or not, deliverables by outcome, risks that came true, decisions that held."""

    step = "Goals and work"

    def __init__(self, session: PlanSession, hooks: ReviewHooks, parent: QWidget | None = None) -> None:
        super().__init__(session, hooks, parent)
        self.intro.setText(
            "How the work went. Set the day each deliverable was finished; mark decisions held or reversed."
        )
        body = QWidget()
        self.sections = QVBoxLayout(body)
        self.sections.setContentsMargins(0, 0, 8, 0)
        self.sections.setSpacing(4)
        self.goals = RecordTableModel(self._goal_columns(), self)
        self.goals_view, self.goals_summary = self._section("Goals", self.goals, [], (340, 110))
        self.deliverables = RecordTableModel(self._deliverable_columns(), self)
        self.set_finished = command(self, "Set &Finished Date…", self.edit_finished, "")
        self.set_finished.setToolTip(
            "Set the day the selected deliverable was finished (double-click the date)"
        )
        self.deliverables_view, self.deliverables_summary = self._section(
            "Deliverables", self.deliverables, [self.set_finished], (300, 100, 100, 110)
        )
        self.deliverables_view.setItemDelegateForColumn(FINISHED, FinishedDelegate(self._start_day, self))
        self.risks = RecordTableModel(self._risk_columns(), self)
        self.risks_view, self.risks_summary = self._section(
            "Risks that came true", self.risks, [], (300, 80, 90, 140)
        )
        self.decisions = RecordTableModel(self._decision_columns(), self)
        self.mark_held = command(
            self,
            "&Held",
            lambda: self.set_standing(DecisionStanding.HELD),
            "",
            QStyle.StandardPixmap.SP_DialogApplyButton,
        )
        self.mark_reversed = command(
            self,
            "&Reversed",
            lambda: self.set_standing(DecisionStanding.REVERSED),
            "",
            QStyle.StandardPixmap.SP_BrowserReload,
        )
        self.mark_in_force = command(
            self, "Still &in Force", lambda: self.set_standing(DecisionStanding.IN_FORCE)
        )
        for action, tip in (
            (self.mark_held, "The selected decision held: looking back, it was right"),
            (self.mark_reversed, "The selected decision was reversed: new data changed it"),
            (self.mark_in_force, "The selected decision still stands and is not judged yet"),
        ):
            action.setToolTip(tip)
        self.decisions_view, self.decisions_summary = self._section(
            "Decisions",
            self.decisions,
            [self.mark_held, self.mark_reversed, self.mark_in_force],
            (300, 100, 130, 100),
        )
        self.decisions_view.setItemDelegateForColumn(
            STANDING, ChoiceDelegate(lambda: enum_items(DecisionStanding), self.decisions_view)
        )
        self.sections.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.column.addWidget(scroll, 1)
        for view in (self.deliverables_view, self.decisions_view):
            view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self._enable()

    def _section(
        self, title: str, model: RecordTableModel, actions: list[QAction], widths: tuple[int, ...]
    ) -> tuple[QTableView, QLabel]:
        bar, _heading = section_bar(title, actions)
        summary = summary_label()
        view = FittedTable(model)
        view.setAccessibleName(title)
        for column, width in enumerate(widths):
            view.setColumnWidth(column, width)
        self.sections.addSpacing(8)
        self.sections.addLayout(bar)
        self.sections.addWidget(summary)
        self.sections.addWidget(view)
        return view, summary

    # -- columns ----------------------------------------------------------------------------
    def _goal_columns(self) -> list[Column]:
        def colour(row: GoalRow) -> str:
            return GOAL_COLOURS[row.result.outcome]

        return [
            Column("Goal", lambda r: r.result.goal.title, tooltip=lambda r: r.result.goal.description),
            Column(
                "Outcome",
                lambda r: r.result.outcome.label,
                icon=lambda r: dot(colour(r)),
                foreground=lambda r: ink(self.goals_view, colour(r)),
            ),
            Column("KPI grades", _kpis_text, tooltip=_kpis_tip),
        ]

    def _deliverable_columns(self) -> list[Column]:
        def colour(row: DeliverableRow) -> str:
            return DELIVERY_COLOURS[row.result.outcome]

        def finished(row: DeliverableRow) -> Any:
            result = row.result
            if result.deliverable.finished_on is not None:
                return result.deliverable.finished_on
            return "Not recorded" if result.outcome is DeliveryOutcome.DATE_NOT_RECORDED else ""

        def missing(row: DeliverableRow) -> Any:
            return ink(self.deliverables_view, QUIET) if row.result.deliverable.finished_on is None else None

        return [
            Column(
                "Deliverable",
                lambda r: r.result.deliverable.title,
                tooltip=lambda r: r.result.deliverable.title,
            ),
            Column("Status", lambda r: r.result.deliverable.status.label),
            Column("Due", lambda r: r.result.deliverable.due_date, align=RIGHT),
            Column(
                "Finished",
                finished,
                edit=self._set_finished,
                edit_value=lambda r: r.result.deliverable.finished_on,
                align=RIGHT,
                foreground=missing,
                tooltip=lambda _r: "The day it was finished: double-click to set it, Delete clears it",
            ),
            Column(
                "Outcome",
                lambda r: outcome_text(r.result),
                icon=lambda r: dot(colour(r)),
                foreground=lambda r: ink(self.deliverables_view, colour(r)),
                tooltip=lambda r: outcome_tip(r.result),
            ),
        ]

    def _risk_columns(self) -> list[Column]:
        def owner(risk: Risk) -> str:
            return self.report.person(risk.owner_id) if self.report is not None else ""

        return [
            Column(
                "Risk",
                lambda r: r.title,
                tooltip=lambda r: "\n\n".join(t for t in (r.title, r.description) if t),
            ),
            Column("Severity", lambda r: r.severity.label),
            Column("Likelihood", lambda r: r.likelihood.label),
            Column("Owner", owner),
            Column("Mitigation", lambda r: first_line(r.mitigation), tooltip=lambda r: r.mitigation),
        ]

    def _decision_columns(self) -> list[Column]:
        def decided_by(decision: Decision) -> str:
            return self.report.person(decision.decided_by_id) if self.report is not None else ""

        def colour(decision: Decision) -> str:
            return STANDING_COLOURS[decision.standing]

        def data_tip(decision: Decision) -> str:
            parts = [
                f"Data: {decision.data}" if decision.data else "",
                f"Why: {decision.reasoning}" if decision.reasoning else "",
            ]
            return "\n\n".join(part for part in parts if part)

        return [
            Column("Decision", lambda d: d.title, tooltip=lambda d: d.title),
            Column("Decided on", lambda d: d.decided_on, align=RIGHT),
            Column("Decided by", decided_by),
            Column(
                "Standing",
                lambda d: d.standing.label,
                edit=lambda d, value: self._change_standing(d, value),
                edit_value=lambda d: d.standing,
                icon=lambda d: dot(colour(d)),
                foreground=lambda d: ink(self.decisions_view, colour(d)),
                tooltip=lambda _d: "Held, reversed or still in force: double-click to change it",
            ),
            Column("Data", lambda d: first_line(d.data), tooltip=data_tip),
        ]

    # -- showing ----------------------------------------------------------------------------
    def show_report(self, report: ReviewReport) -> None:
        """Show the goals, the work, the risks and the decisions as they stand."""
        super().show_report(report)
        review = report.review
        self.goals_summary.setText(review.goals.summary)
        self.goals.sync_records([GoalRow(r.goal.id, r) for r in review.goals.results], ordered=True)
        self.deliverables_summary.setText(review.deliverables.summary)
        rows = [DeliverableRow(r.deliverable.id, r) for r in review.deliverables.results]
        self.deliverables.sync_records(rows, ordered=True)
        self.risks_summary.setText(review.risks.summary)
        self.risks.sync_records(review.risks.occurred, ordered=True)
        self.risks_view.setVisible(bool(review.risks.occurred))
        self.decisions_summary.setText(review.decisions.summary)
        decisions = sorted(
            (*review.decisions.held, *review.decisions.reversed, *review.decisions.in_force),
            key=lambda d: (d.decided_on or date.max, d.id),
        )
        self.decisions.sync_records(decisions, ordered=True)
        for view, model in (
            (self.goals_view, self.goals),
            (self.deliverables_view, self.deliverables),
            (self.decisions_view, self.decisions),
        ):
            view.setVisible(model.rowCount() > 0)
        self._enable()

    def badge(self) -> str:
        """How many deliverables still lack the day they were finished."""
        if self.report is None:
            return ""
        missing = self.report.review.deliverables.count(DeliveryOutcome.DATE_NOT_RECORDED)
        return f"{missing} dates to set" if missing > 1 else "1 date to set" if missing else ""

    def _enable(self) -> None:
        writable = not self.session.plan.read_only
        self.set_finished.setEnabled(writable and self.deliverables_view.currentIndex().isValid())
        decision = self.current_decision()
        for action, standing in (
            (self.mark_held, DecisionStanding.HELD),
            (self.mark_reversed, DecisionStanding.REVERSED),
            (self.mark_in_force, DecisionStanding.IN_FORCE),
        ):
            action.setEnabled(writable and decision is not None and decision.standing is not standing)

    def _start_day(self, row: int) -> date:
        due = self.deliverables.record(row).result.deliverable.due_date
        return due or date.today()

    # -- edits ------------------------------------------------------------------------------
    def _set_finished(self, row: DeliverableRow, value: date | None) -> bool:
        deliverable = row.result.deliverable
        label = f"Set the day '{deliverable.title}' was finished"
        if value is None:
            label = f"Clear the day '{deliverable.title}' was finished"
        changes = {"finished_on": value}
        return (
            self.session.update(K.DELIVERABLE, deliverable.id, deliverable.version, changes, label)
            is not None
        )

    def _change_standing(self, decision: Decision, standing: Any) -> bool:
        if not isinstance(standing, DecisionStanding) or standing is decision.standing:
            return False
        label = f"Mark the decision '{decision.title}' {standing.label.lower()}"
        changes = {"standing": standing}
        return self.session.update(K.DECISION, decision.id, decision.version, changes, label) is not None

    def select_deliverable(self, ident: int) -> bool:
        """Select a deliverable's row."""
        row = self.deliverables.row_of(ident)
        if row is not None:
            self.deliverables_view.selectRow(row)
        return row is not None

    def select_decision(self, ident: int) -> bool:
        """Select a decision's row."""
        row = self.decisions.row_of(ident)
        if row is not None:
            self.decisions_view.selectRow(row)
        return row is not None

    def current_decision(self) -> Decision | None:
        """The decision selected, if any."""
        index = self.decisions_view.currentIndex()
        record = self.decisions.record(index.row()) if index.isValid() else None
        return record if isinstance(record, Decision) else None

    def edit_finished(self) -> None:
        """Open the selected deliverable's finished date for editing."""
        index = self.deliverables_view.currentIndex()
        if index.isValid():
            self.deliverables_view.setFocus()
            self.deliverables_view.edit(index.siblingAtColumn(FINISHED))

    def set_standing(self, standing: DecisionStanding) -> bool:
        """Mark the selected decision held, reversed or still in force, as one undo step."""
        decision = self.current_decision()
        return decision is not None and self._change_standing(decision, standing)
