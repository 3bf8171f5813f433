"""Forming a task force from a template or blank, moving it through its life, re-forming it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.enums import LifecycleStatus
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind, TaskForce
from smarket_planner.services import Outcome
from smarket_planner.services.actions import templates
from smarket_planner.services.views.navigator_view import people_choices
from smarket_planner.ui.kit.edit_dialog import error_colour
from smarket_planner.ui.kit.focus import keep_reading_order, plain_standard_buttons
from smarket_planner.ui.kit.marks import STATUS_COLOURS, status_icon
from smarket_planner.ui.kit.scheme import text_on_window
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.overview.task_force_fields import (
    DateField,
    PeopleModel,
    PersonPicker,
    UnknownPerson,
    try_edit,
)


class _FormDialog(QDialog):
    """A dialog that makes one edit on OK, shows a refusal in place and stays open."""

    def __init__(self, session: PlanSession, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(title)
        self.created_id: int | None = None
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name = QLineEdit(self)
        self.name.setMaxLength(120)
        self.start = DateField(self)
        self.end = DateField(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {error_colour(self.palette()).name()};")
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        plain_standard_buttons(self.buttons)
        keep_reading_order(self)
        self.name.textChanged.connect(self._enable_ok)

    def _finish_layout(self, ok_text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._enable_ok()

    def _enable_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name.text().strip()))

    def _make(self, action: Callable[[], Outcome[Any]]) -> None:
        """Make the edit; on success close with its new task force, else say why and stay."""
        outcome, refusal = try_edit(self.session, action)
        if outcome is None:
            self.message.setText(refusal[0] if refusal else "The task force could not be made.")
            self.message.show()
            field = {"name": self.name, "end_date": self.end, "start_date": self.start}.get(
                refusal[1] if refusal else "", self.name
            )
            field.setFocus()
            return
        self.created_id = outcome.value.id
        super().accept()


class NewTaskForceDialog(_FormDialog):
    """New task force: a name, a template (or blank), dates, a sponsor and a lead."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, "New Task Force", parent)
        self.name.setPlaceholderText("For example: Pulse 4.0 Launch")
        self.templates = QListWidget(self)
        blank = QListWidgetItem("Blank")
        blank.setData(Qt.ItemDataRole.UserRole, None)
        self.templates.addItem(blank)
        self._infos = {info.key: info for info in templates.list_templates()}
        for info in self._infos.values():
            item = QListWidgetItem(info.name)
            item.setData(Qt.ItemDataRole.UserRole, info.key)
            item.setToolTip(info.description)
            self.templates.addItem(item)
        self.templates.setCurrentRow(0)
        self.templates.setSpacing(3)
        self.templates.setMinimumHeight(self.templates.sizeHintForRow(0) * 7 + 6)
        self.about = QLabel(self)
        self.about.setWordWrap(True)
        self.about.setMinimumHeight(self.fontMetrics().height() * 5)
        self.about.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.templates.currentItemChanged.connect(self._describe)
        people = PeopleModel(self)
        people.set_people(people_choices(session.plan))
        self.sponsor = PersonPicker(people, self)
        self.lead = PersonPicker(people, self)
        today = date.today()
        self.start.set_value(today)
        self.end.set_value(today + timedelta(weeks=12))
        chooser = QHBoxLayout()
        chooser.addWidget(self.templates, 2)
        chooser.addWidget(self.about, 3)
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&Template:", chooser)
        self.form.addRow("&Start:", self.start)
        self.form.addRow("&End:", self.end)
        self.form.addRow("S&ponsor:", self.sponsor)
        self.form.addRow("&Lead:", self.lead)
        template_label = self.form.labelForField(chooser)
        if isinstance(template_label, QLabel):
            template_label.setBuddy(self.templates)
        for picker in (self.sponsor, self.lead):
            picker.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._describe()
        self._finish_layout("Create")
        self.resize(640, self.sizeHint().height())

    def template_key(self) -> str | None:
        """The template chosen; None for a blank task force."""
        item = self.templates.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _describe(self) -> None:
        key = self.template_key()
        if key is None:
            self.about.setText(
                "An empty task force of kind Other. Add its team, goals and KPIs, RACI and "
                "deliverables yourself."
            )
            return
        info = self._infos[key]
        self.about.setText(
            f"{info.description}<p>Creates {info.contents()}.<br>Functions: {', '.join(info.functions)}.</p>"
        )

    def accept(self) -> None:
        """Form the task force; stay open and say why if it cannot be formed."""
        try:
            sponsor, lead = self.sponsor.person_id(), self.lead.person_id()
        except UnknownPerson as error:
            self.message.setText(str(error))
            self.message.show()
            return
        plan = self.session.plan
        self._make(
            lambda: templates.create_from_template(
                plan,
                self.template_key(),
                name=self.name.text(),
                start_date=self.start.value(),
                end_date=self.end.value(),
                sponsor_id=sponsor,
                lead_id=lead,
            )
        )


class ReformDialog(_FormDialog):
    """Re-form a dispersed task force as a new one: a new name and new dates."""

    def __init__(self, session: PlanSession, task_force_id: int, parent: QWidget | None = None) -> None:
        super().__init__(session, "Re-form as New Task Force", parent)
        source = services.get(session.plan, EntityKind.TASK_FORCE, task_force_id)
        assert isinstance(source, TaskForce)
        self.source = source
        task_forces = services.find(session.plan, EntityKind.TASK_FORCE)
        taken = {tf.name.casefold() for tf in task_forces if isinstance(tf, TaskForce)}
        name, n = f"{source.name} (re-formed)", 2
        while name.casefold() in taken:
            name, n = f"{source.name} (re-formed {n})", n + 1
        self.name.setText(name[:120])
        today = date.today()
        self.start.set_value(today)
        if source.start_date and source.end_date:
            self.end.set_value(today + (source.end_date - source.start_date))
        intro = QLabel(
            f"A new task force carries over the team, the goals with their KPIs (latest values "
            f"as the new baselines) and the RACI of '{source.name}'. '{source.name}' keeps its history.",
            self,
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&Start:", self.start)
        self.form.addRow("&End:", self.end)
        self._finish_layout("Re-form")
        self.resize(480, self.sizeHint().height())

    def accept(self) -> None:
        """Re-form the task force; stay open and say why if it cannot be done."""
        plan, source = self.session.plan, self.source.id
        self._make(
            lambda: services.reform(
                plan, source, name=self.name.text(), start_date=self.start.value(), end_date=self.end.value()
            )
        )


class LifecycleBar(QWidget):
    """A task force's status with the steps it may take: advance, disperse, re-form."""

    task_force_created = Signal(int)  # a task force re-formed from this one
    refused = Signal(str)  # why a step was refused ("" once one succeeds)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._id: int | None = None
        icon = self.style().standardIcon
        self.status_dot = QLabel(self)
        self.status = QLabel(self)
        self.status.setToolTip(
            "Where the task force is in its life: proposed, forming, active, dispersed, archived"
        )
        self.advance = QPushButton(icon(QStyle.StandardPixmap.SP_ArrowForward), "", self)
        self.advance.clicked.connect(lambda: self._step(services.advance))
        self.disperse = QPushButton(icon(QStyle.StandardPixmap.SP_DialogCloseButton), "Disperse", self)
        self.disperse.setToolTip("The objective is met or dropped: the team disperses and its history stays")
        self.disperse.clicked.connect(lambda: self._step(services.disperse))
        self.reform = QPushButton(
            icon(QStyle.StandardPixmap.SP_BrowserReload), "Re-form as new task force…", self
        )
        self.reform.setToolTip("Form a new task force with this one's team, goals, KPIs and RACI")
        self.reform.clicked.connect(self._reform)
        self.origin = QLabel(self)
        self.origin.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.status_dot)
        row.addWidget(self.status)
        row.addSpacing(12)
        for button in (self.advance, self.disperse, self.reform):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.origin)

    def show_record(self, record: TaskForce) -> None:
        """Show a task force's status and offer the steps its status allows."""
        self._id = record.id
        status = record.status
        size = self.fontMetrics().height()
        self.status_dot.setPixmap(status_icon(status).pixmap(size, size))
        self.status.setText(f"<b>{status.label}</b>")
        self.status.setStyleSheet(f"color: {text_on_window(STATUS_COLOURS[status], self.palette()).name()};")
        following = status.next
        self.advance.setEnabled(following is not None)
        # Active moves on by dispersing: one button for it, not two.
        self.advance.setVisible(following is not LifecycleStatus.DISPERSED)
        self.advance.setText(f"Advance to {following.label}" if following else "Archived")
        self.advance.setToolTip(
            f"Move the task force on to {following.label.lower()}"
            if following
            else "Archived is the end of its life"
        )
        self.disperse.setEnabled(status.can_become(LifecycleStatus.DISPERSED))
        self.reform.setEnabled(status.can_reform)
        origin = None
        if record.reformed_from_id is not None:
            try:
                origin = services.get(self.session.plan, EntityKind.TASK_FORCE, record.reformed_from_id)
            except DomainError:
                origin = None
        self.origin.setText(f"Re-formed from '{origin.name}'" if isinstance(origin, TaskForce) else "")
        self.origin.setVisible(isinstance(origin, TaskForce))

    def _step(self, action: Callable[[Any, int], Outcome[Any]]) -> None:
        plan, ident = self.session.plan, self._id
        if ident is not None:
            outcome, refusal = try_edit(self.session, lambda: action(plan, ident))
            self.refused.emit("" if outcome is not None else refusal[0] if refusal else "")

    def _reform(self) -> None:
        if self._id is not None:
            created = reform_task_force(self.session, self._id, self)
            if created is not None:
                self.task_force_created.emit(created)


def new_task_force(session: PlanSession, parent: QWidget | None = None) -> int | None:
    """Ask for a new task force and form it; its id, or None if cancelled."""
    dialog = NewTaskForceDialog(session, parent)
    return dialog.created_id if dialog.exec() == QDialog.DialogCode.Accepted else None


def reform_task_force(session: PlanSession, task_force_id: int, parent: QWidget | None = None) -> int | None:
    """Ask for a name and dates and re-form a task force; the new one's id, or None if cancelled."""
    dialog = ReformDialog(session, task_force_id, parent)
    return dialog.created_id if dialog.exec() == QDialog.DialogCode.Accepted else None
