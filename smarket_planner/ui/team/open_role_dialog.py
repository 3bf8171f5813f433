"""The open role form: function, title, part, share, dates, skills wanted and a note of a place to staff."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from smarket_planner import services
from smarket_planner.domain.enums import MembershipRole
from smarket_planner.domain.records import EntityKind, OpenRole, TaskForce
from smarket_planner.ui.kit.cell_editors import combo, enum_items
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.edit_dialog import EditDialog
from smarket_planner.ui.kit.form_fields import DateBox, PercentBox, text_box
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.team.people_dialogs import function_combo, tidy_tags

K = EntityKind.OPEN_ROLE
NARROW = 220  # the width of the short fields: part, share and dates


class OpenRoleDialog(EditDialog):
    """Add a place on the team before knowing who fills it, or change one: function, title, share, dates."""

    def __init__(
        self,
        session: PlanSession,
        task_force: TaskForce,
        open_role: OpenRole | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "Edit open role" if open_role else f"Add an open role to {task_force.name}"
        super().__init__(session, title, parent, min_width=520)
        self.task_force = task_force
        self.open_role = open_role
        role = open_role or OpenRole(0, task_force.id, 0)
        self.function = function_combo(session, role.function_id or None)
        self.function.setToolTip("The function the person should come from")
        self.was_called = role.title or f"someone from {self.function.currentText()}"  # for Undo's label
        self.role_title = QLineEdit(role.title)
        self.role_title.setPlaceholderText("e.g. Solutions engineer (else named after the function)")
        self.part = combo(enum_items(MembershipRole), role.role)
        self.part.setToolTip("The part the person will play on the team")
        self.allocation = PercentBox(role.allocation_pct)
        self.allocation.setToolTip("The share of the person's week this task force will take")
        self.start = DateBox(role.start_date)
        self.end = DateBox(role.end_date)
        self.start.setSpecialValueText("Task force's start")
        self.end.setSpecialValueText("Task force's end")
        span = f"{day_text(task_force.start_date, 'not set')} to {day_text(task_force.end_date, 'not set')}"
        for box in (self.start, self.end):
            box.setToolTip(f"Leave empty for the task force's own dates ({span}); Delete empties it")
        self.skills = QLineEdit(role.skills)
        self.skills.setPlaceholderText("e.g. German, pricing, events (comma separated)")
        self.skills.setToolTip("Skills wanted: people who have them come first among the candidates")
        self.note = text_box(role.note, 3)
        self.note.setPlaceholderText("Anything a candidate or their manager should know")
        for field in (self.part, self.allocation, self.start, self.end):
            field.setMaximumWidth(NARROW)
        self.add_field("function_id", "&Function:", self.function)
        self.add_field("title", "&Title:", self.role_title)
        self.add_field("role", "&Role:", self.part)
        self.add_field("allocation_pct", "&Allocation:", self.allocation)
        self.add_field("start_date", "F&rom:", self.start)
        self.add_field("end_date", "T&o:", self.end)
        self.add_field("skills", "&Skills wanted:", self.skills)
        self.add_field("note", "&Note:", self.note)
        self.function.setFocus()

    def values(self) -> dict[str, Any]:
        """The fields as the services take them."""
        return {
            "function_id": self.function.currentData(),
            "title": " ".join(self.role_title.text().split()),
            "role": MembershipRole(self.part.currentData()),
            "allocation_pct": self.allocation.value(),
            "start_date": self.start.value(),
            "end_date": self.end.value(),
            "skills": tidy_tags(self.skills.text()),
            "note": self.note.toPlainText().strip(),
        }

    def commit(self) -> bool | None:
        """Add the open role, or change just the fields that differ."""
        values = self.values()
        if values["function_id"] is None:
            self.show_error("Pick the function this role needs; add one in the roster first.", "function_id")
            return False
        plan = self.session.plan
        if self.open_role is None:
            values["task_force_id"] = self.task_force.id
            shown = values["title"] or f"someone from {self.function.currentText()}"
            return self.edit(lambda: services.add(plan, K, values), f"Add open role: {shown}")
        role = self.open_role
        changes = {k: v for k, v in values.items() if v != getattr(role, k)}
        if not changes:
            return True
        return self.change(K, role.id, role.version, changes, f"Edit open role: {self.was_called}")
