"""The goal editor: a shared goal's title, description and owner functions."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from smarket_planner import services
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.views.goals_view import GoalView, functions_of
from smarket_planner.ui.goals.kpi_fields import FunctionPicker
from smarket_planner.ui.kit.edit_dialog import EditDialog
from smarket_planner.ui.kit.session import PlanSession


class GoalDialog(EditDialog):
    """Add or change a goal: its title, description and owner functions."""

    def __init__(
        self,
        session: PlanSession,
        task_force_id: int,
        goal: GoalView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, "Edit goal" if goal else "Add goal", parent)
        self.task_force_id, self.goal = task_force_id, goal
        self.title_edit = QLineEdit(goal.title if goal else "")
        self.title_edit.setPlaceholderText("What the team will achieve together")
        self.description_edit = QPlainTextEdit(goal.description if goal else "")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.owners = FunctionPicker(functions_of(session.plan), goal.owner_function_ids if goal else ())
        self.add_field("title", "&Title:", self.title_edit)
        self.add_field("description", "&Description:", self.description_edit)
        self.add_field("owner_function_ids", "&Owned by:", self.owners)
        note = QLabel(
            "A goal owned by one function only is a silo goal; share it with the functions it needs."
        )
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.form.addRow("", note)
        self.setMinimumWidth(460)

    def values(self) -> dict[str, Any]:
        """The goal as filled in."""
        return {
            "title": self.title_edit.text(),
            "description": self.description_edit.toPlainText(),
            "owner_function_ids": self.owners.checked_ids(),
        }

    def commit(self) -> bool | None:
        """Add the goal, or change just what was changed."""
        plan, values = self.session.plan, self.values()
        if self.goal is None:
            values["task_force_id"] = self.task_force_id
            return self.edit(
                lambda: services.add(plan, EntityKind.GOAL, values), f"Add goal '{values['title']}'"
            )
        changes = {k: v for k, v in values.items() if v != getattr(self.goal, k)}
        if not changes:
            return True
        return self.change(EntityKind.GOAL, self.goal.id, self.goal.version, changes, "Edit goal")
