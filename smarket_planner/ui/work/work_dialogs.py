"""Forms of the work tabs: activities, deliverables and the picker of what a deliverable depends on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from smarket_planner.domain.enums import DeliverableStatus, DependencyKind
from smarket_planner.services.views import work_view
from smarket_planner.services.views.log_view import PersonChoice
from smarket_planner.services.views.work_view import DeliverableChoice, DeliverableLine
from smarket_planner.ui.kit.cell_editors import combo, enum_items, person_items
from smarket_planner.ui.kit.edit_dialog import EditDialog
from smarket_planner.ui.kit.form_fields import OptionalDate, text_box
from smarket_planner.ui.kit.record_model import ID_ROLE, Column, RecordTableModel
from smarket_planner.ui.kit.session import PlanSession


class ActivityDialog(EditDialog):
    """An activity's name and what it covers."""

    def __init__(
        self,
        session: PlanSession,
        title: str,
        apply: Callable[[dict[str, Any]], bool],
        name: str = "",
        description: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, title, parent, apply=apply, min_width=520)
        self.name = QLineEdit(name)
        self.name.setPlaceholderText("e.g. Lead management")
        self.description = text_box(description, 3)
        self.add_field("name", "&Name:", self.name)
        self.add_field("description", "&Covers:", self.description)

    def values(self) -> dict[str, Any]:
        """The name and description."""
        return {"name": self.name.text(), "description": self.description.toPlainText()}


class DeliverableDialog(EditDialog):
    """A new deliverable: title, owner, duration, dates and status."""

    def __init__(
        self,
        session: PlanSession,
        apply: Callable[[dict[str, Any]], bool],
        people: Sequence[PersonChoice],
        start: date | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, "Add Deliverable", parent, apply=apply, min_width=520)
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Sales enablement sessions")
        self.owner = combo(person_items(people, none="No owner yet"), None)
        self.duration = QDoubleSpinBox()
        self.duration.setRange(0, 3650)
        self.duration.setDecimals(1)
        self.duration.setValue(5)
        self.duration.setSuffix(" days")
        self.start = OptionalDate("Starts", start)
        self.due = OptionalDate("Due", None)
        self.status = combo(enum_items(DeliverableStatus), DeliverableStatus.PLANNED)
        self.add_field("title", "&Title:", self.title)
        self.add_field("owner_id", "&Owner:", self.owner)
        self.add_field("duration_days", "D&uration:", self.duration)
        self.add_field("start_date", "St&art:", self.start)
        self.add_field("due_date", "Du&e:", self.due)
        self.add_field("status", "&Status:", self.status)

    def values(self) -> dict[str, Any]:
        """The fields of the new deliverable."""
        return {
            "title": self.title.text(),
            "owner_id": self.owner.currentData(),
            "duration_days": self.duration.value(),
            "start_date": self.start.value(),
            "due_date": self.due.value(),
            "status": self.status.currentData(),
        }


class UpstreamPicker(EditDialog):
    """Pick a deliverable of any task force that this one depends on, and how."""

    def __init__(
        self,
        session: PlanSession,
        line: DeliverableLine,
        apply: Callable[[dict[str, Any]], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, "Add Upstream Deliverable", parent, apply=apply)
        self.setMinimumSize(640, 440)
        self._plan, self._line = session.plan, line
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search deliverables of every task force…")
        self.search.setClearButtonEnabled(True)
        self.model = RecordTableModel(
            [
                Column(
                    "Deliverable", lambda c: c.title, foreground=self._linked_colour, tooltip=self._tooltip
                ),
                Column("Task force", lambda c: c.task_force_name, foreground=self._linked_colour),
                Column("Owner", lambda c: c.owner_name, foreground=self._linked_colour),
            ],
            self,
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(1, 180)
        self.view.setColumnWidth(2, 130)
        self.view.doubleClicked.connect(lambda _index: self.accept())
        self.kind = combo(enum_items(DependencyKind), DependencyKind.BLOCKING)
        self.form.addRow(QLabel(f"<b>{line.record.title}</b> depends on:"))
        self.form.addRow(self.search)
        self.form.addRow(self.view)
        self.add_field("kind", "&Kind:", self.kind)
        self.search.textChanged.connect(self._find)
        self.search.returnPressed.connect(self.view.setFocus)
        self._find("")

    def _linked_colour(self, choice: DeliverableChoice) -> QColor | None:
        return self.palette().color(QPalette.ColorRole.PlaceholderText) if choice.linked else None

    def _tooltip(self, choice: DeliverableChoice) -> str:
        return f"{choice.title} — already linked" if choice.linked else choice.title

    def _find(self, text: str) -> None:
        self.model.set_records(work_view.upstream_candidates(self._plan, self._line.id, text))
        first = next((row for row, c in enumerate(self.model.records()) if not c.linked), 0)
        if self.model.rowCount():
            self.view.selectRow(first)

    def values(self) -> dict[str, Any]:
        """The chosen upstream deliverable and the kind of link."""
        rows = self.view.selectionModel().selectedRows()
        upstream = rows[0].data(ID_ROLE) if rows else None
        return {"upstream_id": upstream, "downstream_id": self._line.id, "kind": self.kind.currentData()}
