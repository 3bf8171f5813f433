"""The KPI editor: a KPI's figures, dates, owners and accountable person; refusals show inline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from smarket_planner import services
from smarket_planner.domain.enums import KpiCommitment, KpiDirection
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.views.goals_view import (
    GoalView,
    KpiView,
    PersonChoice,
    functions_of,
    people_for,
)
from smarket_planner.ui.goals.goal_dialog import GoalDialog
from smarket_planner.ui.goals.kpi_fields import (
    DECIMALS,
    NUMBER_LIMIT,
    FunctionPicker,
    OptionalDate,
    date_box,
    number_box,
    same_number,
)
from smarket_planner.ui.kit.dates import day_text, to_qdate
from smarket_planner.ui.kit.edit_dialog import EditDialog, error_colour
from smarket_planner.ui.kit.marks import chip
from smarket_planner.ui.kit.session import PlanSession

__all__ = [
    "DECIMALS",
    "NUMBER_LIMIT",
    "EditDialog",
    "FunctionPicker",
    "GoalDialog",
    "KpiDialog",
    "OptionalDate",
    "date_box",
    "error_colour",
    "number_box",
    "same_number",
    "to_qdate",
]


class KpiDialog(EditDialog):
    """Add or change a KPI: every field, its owner functions and its accountable person."""

    def __init__(
        self,
        session: PlanSession,
        goals: Sequence[GoalView],
        goal_id: int,
        kpi: KpiView | None = None,
        fallback_start: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, "Edit KPI" if kpi else "Add KPI", parent)
        self.kpi = kpi
        today = date.today()
        self.goal_box = QComboBox()
        for goal in goals:
            self.goal_box.addItem(goal.title, goal.id)
        self.goal_box.setCurrentIndex(max(0, self.goal_box.findData(goal_id)))
        self.goal_box.setEnabled(kpi is None)
        self.title_edit = QLineEdit(kpi.title if kpi else "")
        self.title_edit.setPlaceholderText("What is measured, e.g. Sales-accepted leads")
        self.unit_edit = QLineEdit(kpi.unit if kpi else "")
        self.unit_edit.setPlaceholderText("e.g. leads, %, USD k")
        self.baseline = number_box(kpi.baseline if kpi else 0.0)
        self.target = number_box(kpi.target if kpi else 0.0)
        self.direction = QComboBox()
        for direction in KpiDirection:
            arrow = "↑" if direction is KpiDirection.UP else "↓"
            self.direction.addItem(f"{arrow}  {direction.label}", direction)
        self.direction.setCurrentIndex(self.direction.findData(kpi.direction if kpi else KpiDirection.UP))
        start_hint = (
            f"from the task force start ({day_text(fallback_start)})" if fallback_start else "not set"
        )
        self.start = OptionalDate(kpi.start_date if kpi else None, fallback_start or today, start_hint)
        self.due = OptionalDate(kpi.due_date if kpi else None, today, "not set")
        self.weight = number_box(kpi.weight if kpi else 1.0, low=0.0, high=1000.0)
        self.incentive = number_box(kpi.incentive_pct if kpi else 0.0, "%", 0.0, 100.0)
        self.commitment = QComboBox()
        self.commitment.addItem("Committed: a promise, such as a quota", KpiCommitment.COMMITTED)
        self.commitment.addItem("Aspirational: a stretch", KpiCommitment.ASPIRATIONAL)
        self.commitment.setCurrentIndex(
            self.commitment.findData(kpi.commitment if kpi else KpiCommitment.COMMITTED)
        )
        self.accountable = QComboBox()
        self.accountable.addItem("Nobody yet", None)
        task_force = goals[0].task_force_id if goals else None
        for person in people_for(session.plan, task_force):
            self.accountable.addItem(chip(person.colour), _person_label(person), person.id)
        self.accountable.setCurrentIndex(
            max(0, self.accountable.findData(kpi.accountable_id if kpi else None))
        )
        self.owners = FunctionPicker(functions_of(session.plan), kpi.owner_function_ids if kpi else ())
        self.pay_warning = QLabel(
            "Pay should ride only on committed KPIs: people sandbag stretch goals that carry pay."
        )
        self.pay_warning.setWordWrap(True)
        self.pay_warning.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._lay_out()
        self.commitment.currentIndexChanged.connect(self._warn_pay)
        self.incentive.valueChanged.connect(self._warn_pay)
        self._warn_pay()

    def _lay_out(self) -> None:
        self.add_field("goal_id", "&Goal:", self.goal_box)
        self.add_field("title", "&Title:", self.title_edit)
        self.add_field("unit", "&Unit:", self.unit_edit)
        self.add_field("baseline", "&Baseline:", self.baseline, "Where the measure stands at the start.")
        self.add_field("target", "Ta&rget:", self.target, "Where it should stand on the due date.")
        self.add_field("direction", "&Direction:", self.direction)
        self.add_field("start_date", "&Start date:", self.start)
        self.add_field("due_date", "Du&e date:", self.due)
        self.add_field("weight", "&Weight:", self.weight, "How much this KPI counts among the goal's KPIs.")
        self.add_field(
            "incentive_pct", "&Incentive:", self.incentive, "The share of variable pay riding on it."
        )
        self.add_field("commitment", "&Commitment:", self.commitment)
        self.form.addRow("", self.pay_warning)
        self.add_field(
            "accountable_id", "&Accountable:", self.accountable, "The one person who answers for it."
        )
        self.add_field("owner_function_ids", "&Owned by:", self.owners)
        self.setMinimumWidth(520)

    def _warn_pay(self) -> None:
        aspirational = self.commitment.currentData() is KpiCommitment.ASPIRATIONAL
        self.pay_warning.setVisible(aspirational and self.incentive.value() > 0)

    def values(self) -> dict[str, Any]:
        """The KPI as filled in."""
        return {
            "title": self.title_edit.text(),
            "unit": self.unit_edit.text(),
            "baseline": self.baseline.value(),
            "target": self.target.value(),
            "direction": self.direction.currentData(),
            "start_date": self.start.value(),
            "due_date": self.due.value(),
            "weight": self.weight.value(),
            "incentive_pct": self.incentive.value(),
            "commitment": self.commitment.currentData(),
            "accountable_id": self.accountable.currentData(),
            "owner_function_ids": self.owners.checked_ids(),
        }

    def commit(self) -> bool | None:
        """Add the KPI, or change just what was changed."""
        plan, values = self.session.plan, self.values()
        if self.kpi is None:
            values["goal_id"] = self.goal_box.currentData()
            return self.edit(
                lambda: services.add(plan, EntityKind.KPI, values), f"Add KPI '{values['title']}'"
            )
        kpi = self.kpi
        changes = {k: v for k, v in values.items() if not _same(v, getattr(kpi, k))}
        if not changes:
            return True
        return self.change(EntityKind.KPI, kpi.id, kpi.version, changes, f"Edit KPI '{kpi.title}'")


def _same(new: object, old: object) -> bool:
    if isinstance(new, float) and isinstance(old, float):
        return same_number(new, old)
    return new == old


def _person_label(person: PersonChoice) -> str:
    return f"{person.name} ({person.function_name})" + ("" if person.is_member else " - not on the team")
