"""Risks and decisions as the logs show them: their table columns and their full dialogs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from smarket_planner.domain.enums import RiskLikelihood, RiskSeverity, RiskStatus
from smarket_planner.domain.records import Decision, Risk
from smarket_planner.services.views.log_view import PersonChoice, RiskLine
from smarket_planner.ui.kit.cell_editors import combo, enum_items, person_items
from smarket_planner.ui.kit.edit_dialog import EditDialog
from smarket_planner.ui.kit.form_fields import OptionalDate, text_box
from smarket_planner.ui.kit.marks import chip
from smarket_planner.ui.kit.record_model import Column
from smarket_planner.ui.kit.session import PlanSession

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SEVERITY_COLOURS = {
    RiskSeverity.LOW: "#2e9e5b",
    RiskSeverity.MEDIUM: "#d9a21b",
    RiskSeverity.HIGH: "#e0691a",
    RiskSeverity.CRITICAL: "#d23f3f",
}
STATUS_ORDER = {RiskStatus.OPEN: 0, RiskStatus.MITIGATING: 0, RiskStatus.OCCURRED: 1, RiskStatus.CLOSED: 2}


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _position(member: Enum) -> int:
    """Where a choice stands in its enum's own order (low before high), for sorting."""
    return list(type(member)).index(member)


def risk_columns(setter: Callable[[str], Any]) -> list[Column]:
    """The risk log's columns; ``setter(field)`` gives the in-place edit of that field."""

    def person(name: str, shown: str) -> Column:
        return Column(
            shown,
            lambda r: getattr(r, name.removesuffix("_id") + "_name"),
            edit=setter(name),
            edit_value=lambda r: getattr(r.record, name),
        )

    def choice(name: str, shown: str, icon: Callable[[RiskLine], QIcon] | None = None) -> Column:
        return Column(
            shown,
            lambda r: getattr(r.record, name).label,
            edit=setter(name),
            edit_value=lambda r: getattr(r.record, name),
            icon=icon,
            sort_key=lambda r: _position(getattr(r.record, name)),
        )

    return [
        Column(
            "Title",
            lambda r: r.record.title,
            edit=setter("title"),
            tooltip=lambda r: "\n\n".join(t for t in (r.record.title, r.record.description) if t),
        ),
        Column(
            "Exposure",
            lambda r: r.exposure,
            align=RIGHT,
            sort_key=lambda r: (-STATUS_ORDER[r.record.status], r.exposure, r.record.severity.rank),
            tooltip=lambda r: (
                f"Severity {r.record.severity.rank} of 4 times likelihood {r.record.likelihood.rank} of 5"
            ),
        ),
        choice("severity", "Severity", lambda r: chip(SEVERITY_COLOURS[r.record.severity])),
        choice("likelihood", "Likelihood"),
        choice("status", "Status"),
        person("owner_id", "Owner"),
        person("raised_by_id", "Raised by"),
        Column("Raised on", lambda r: r.record.raised_on, edit=setter("raised_on"), align=RIGHT),
        Column(
            "Mitigation",
            lambda r: _first_line(r.record.mitigation),
            tooltip=lambda r: r.record.mitigation,
        ),
    ]


def decision_columns() -> list[Column]:
    """The decision log's columns, read only: a decision is edited in its dialog."""
    return [
        Column("Title", lambda d: d.record.title, tooltip=lambda d: d.record.title),
        Column("Decided on", lambda d: d.record.decided_on, align=RIGHT),
        Column("Decided by", lambda d: d.decided_by_name),
        Column("Data", lambda d: _first_line(d.record.data), tooltip=lambda d: d.record.data),
        Column("Reasoning", lambda d: _first_line(d.record.reasoning), tooltip=lambda d: d.record.reasoning),
        Column(
            "Committed",
            lambda d: ", ".join(d.committed_names),
            tooltip=lambda d: "\n".join(d.committed_names),
        ),
    ]


class PeoplePicker(QWidget):
    """Several people ticked in a searchable list (the team first)."""

    def __init__(
        self, people: Sequence[PersonChoice], chosen: Sequence[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search people…")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setMinimumHeight(150)
        for person in people:
            team = "" if person.on_team else " (not on the team)"
            item = QListWidgetItem(chip(person.colour), f"{person.name} — {person.function_name}{team}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if person.id in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.search.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(not all(w in item.text().casefold() for w in words))

    def chosen(self) -> tuple[int, ...]:
        """The ids of the people ticked."""
        items = (self.list.item(row) for row in range(self.list.count()))
        return tuple(
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )

    def set_chosen(self, ids: Sequence[int]) -> None:
        """Tick exactly these people."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)


class RiskDialog(EditDialog):
    """Every field of a risk: bad news is welcome."""

    def __init__(
        self,
        session: PlanSession,
        title: str,
        apply: Callable[[dict[str, Any]], bool],
        people: Sequence[PersonChoice],
        risk: Risk,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, title, parent, apply=apply, min_width=520)
        self.title = QLineEdit(risk.title)
        self.title.setPlaceholderText("What could go wrong, in a line")
        self.description = text_box(risk.description, 3)
        self.severity = combo(enum_items(RiskSeverity), risk.severity)
        self.likelihood = combo(enum_items(RiskLikelihood), risk.likelihood)
        self.status = combo(enum_items(RiskStatus), risk.status)
        self.owner = combo(person_items(people, none="No owner yet"), risk.owner_id)
        self.raised_by = combo(person_items(people, none="Not said"), risk.raised_by_id)
        self.raised_on = OptionalDate("Raised on", risk.raised_on)
        self.mitigation = text_box(risk.mitigation, 4)
        for name, label, widget in (
            ("title", "&Title:", self.title),
            ("description", "&Details:", self.description),
            ("severity", "&Severity:", self.severity),
            ("likelihood", "&Likelihood:", self.likelihood),
            ("status", "Stat&us:", self.status),
            ("owner_id", "&Owner:", self.owner),
            ("raised_by_id", "&Raised by:", self.raised_by),
            ("raised_on", "", self.raised_on),
            ("mitigation", "&Mitigation:", self.mitigation),
        ):
            self.add_field(name, label, widget)

    def values(self) -> dict[str, Any]:
        """The risk's fields."""
        return {
            "title": self.title.text(),
            "description": self.description.toPlainText(),
            "severity": self.severity.currentData(),
            "likelihood": self.likelihood.currentData(),
            "status": self.status.currentData(),
            "owner_id": self.owner.currentData(),
            "raised_by_id": self.raised_by.currentData(),
            "raised_on": self.raised_on.value(),
            "mitigation": self.mitigation.toPlainText(),
        }


class DecisionDialog(EditDialog):
    """What was decided, when, by whom, on what data and reasoning, and who committed to it."""

    def __init__(
        self,
        session: PlanSession,
        title: str,
        apply: Callable[[dict[str, Any]], bool],
        people: Sequence[PersonChoice],
        decision: Decision,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, title, parent, apply=apply, min_width=520)
        self.title = QLineEdit(decision.title)
        self.title.setPlaceholderText("What was decided, in a line")
        self.decided_on = OptionalDate("Decided on", decision.decided_on)
        self.decided_by = combo(person_items(people, none="Not said"), decision.decided_by_id)
        self.data = text_box(decision.data, 3)
        self.data.setPlaceholderText("The numbers and evidence behind it")
        self.reasoning = text_box(decision.reasoning, 3)
        self.committed = PeoplePicker(people, decision.committed_person_ids)
        for name, label, widget in (
            ("title", "&Title:", self.title),
            ("decided_on", "", self.decided_on),
            ("decided_by_id", "Decided &by:", self.decided_by),
            ("data", "&Data:", self.data),
            ("reasoning", "&Reasoning:", self.reasoning),
            ("committed_person_ids", "&Committed:", self.committed),
        ):
            self.add_field(name, label, widget)

    def values(self) -> dict[str, Any]:
        """The decision's fields."""
        return {
            "title": self.title.text(),
            "decided_on": self.decided_on.value(),
            "decided_by_id": self.decided_by.currentData(),
            "data": self.data.toPlainText(),
            "reasoning": self.reasoning.toPlainText(),
            "committed_person_ids": self.committed.chosen(),
        }
