"""Forming a task force from a template or blank, moving it through its life, re-forming it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
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
from smarket_planner.domain.enums import LifecycleStatus, TaskForceKind
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind, TaskForce
from smarket_planner.services import Outcome
from smarket_planner.services.actions import templates
from smarket_planner.services.views.lessons_view import lessons_for_new_team, team_function_ids
from smarket_planner.services.views.navigator_view import people_choices
from smarket_planner.ui.kit.edit_dialog import error_colour
from smarket_planner.ui.kit.focus import keep_reading_order, plain_standard_buttons
from smarket_planner.ui.kit.marks import STATUS_COLOURS, status_icon
from smarket_planner.ui.kit.scheme import text_on_window
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.overview.lesson_offers import LessonOffers, none_offered, offers_for
from smarket_planner.ui.overview.task_force_fields import (
    DateField,
    PeopleModel,
    PersonPicker,
    UnknownPerson,
    try_edit,
)

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1  # why a template of the user's cannot be used
NO_LESSONS = (
    "No task force in this plan has written down a lesson yet: a team does when it disperses, "
    "and the next team of its kind reads them here."
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
    """New task force: a name, a template (shipped or the user's own, or blank), dates, a sponsor
    and a lead; under the template, the lessons of earlier task forces of its kind."""

    def __init__(
        self, session: PlanSession, parent: QWidget | None = None, user_templates: Path | None = None
    ) -> None:
        super().__init__(session, "New Task Force", parent)
        self.user_templates = user_templates
        self.name.setPlaceholderText("For example: Pulse 4.0 Launch")
        self.templates = QListWidget(self)
        blank = QListWidgetItem("Blank")
        blank.setData(Qt.ItemDataRole.UserRole, None)
        self.templates.addItem(blank)
        self._infos = {info.key: info for info in templates.list_templates()}
        for info in self._infos.values():
            self._add_template(info)
        if user_templates is not None:
            self._add_user_templates(user_templates)
        self.templates.setCurrentRow(0)
        spacing = 3
        self.templates.setSpacing(spacing)  # around each row: a row takes its height and twice this
        rows = min(self.templates.count(), 10)  # the shipped ones and a few of the user's, then it scrolls
        pitch = self.templates.sizeHintForRow(0) + 2 * spacing
        self.templates.setMinimumHeight(pitch * rows + spacing + 2 * self.templates.frameWidth())
        self.about = QLabel(self)
        self.about.setWordWrap(True)
        self.about.setMinimumHeight(self.fontMetrics().height() * 5)
        self.about.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.lessons = LessonOffers(self)
        self.no_lessons = _quiet_line(NO_LESSONS, self)
        self.any_lessons = bool(services.find(session.plan, EntityKind.LESSON))
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
        _lessons_row(self.form, self.lessons, self.no_lessons, self.any_lessons)
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
        self.resize(680, self.sizeHint().height())

    def _add_template(self, info: templates.TemplateInfo) -> None:
        item = QListWidgetItem(info.name)
        item.setData(Qt.ItemDataRole.UserRole, info.key)
        item.setToolTip(_tip(f"Your template: {info.description}" if info.is_user else info.description))
        self.templates.addItem(item)

    def _add_user_templates(self, folder: Path) -> None:
        """The user's own templates under a heading of their own, then any that cannot be used."""
        found = templates.read_user_templates(folder)
        if not (found.templates or found.problems):
            return
        heading = QListWidgetItem("Your templates")
        heading.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading: never chosen
        heading.setToolTip(_tip(f"Templates you saved from your task forces, kept in {folder}"))
        font = QFont(self.templates.font())
        font.setBold(True)
        heading.setFont(font)
        self.templates.addItem(heading)
        for info in found.templates:
            self._infos[info.key] = info
            self._add_template(info)
        for problem in found.problems:
            item = QListWidgetItem(f"{problem.path.stem} (cannot be used)")
            item.setData(Qt.ItemDataRole.UserRole, None)
            item.setData(PROBLEM_ROLE, problem.message)
            item.setToolTip(_tip(problem.message))
            item.setForeground(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            self.templates.addItem(item)

    def template_key(self) -> str | None:
        """The template chosen; None for a blank task force (or a template that cannot be used)."""
        item = self.templates.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def template_problem(self) -> str:
        """Why the template chosen cannot be used ("" when it can)."""
        item = self.templates.currentItem()
        problem = item.data(PROBLEM_ROLE) if item else None
        return str(problem) if problem else ""

    def _enable_ok(self) -> None:
        usable = bool(self.name.text().strip()) and not self.template_problem()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(usable)

    def _describe(self) -> None:
        problem = self.template_problem()
        key = self.template_key()
        if problem:
            colour = error_colour(self.palette()).name()
            self.about.setText(
                f"<span style='color: {colour}'>{escape(problem)}</span><p>Mend the file or remove it "
                f"from {escape(str(self.user_templates))}, then open this dialog again.</p>"
            )
            self.lessons.show_offers([], "The lessons show once a template that can be used is chosen.")
        elif key is None:
            self.about.setText(
                "An empty task force of kind Other. Add its team, goals and KPIs, RACI and "
                "deliverables yourself."
            )
            self._offer_lessons(TaskForceKind.OTHER, ())
        else:
            info = self._infos[key]
            whose = "<i>Your template.</i> " if info.is_user else ""
            self.about.setText(
                f"{whose}{escape(info.description)}<p>Creates {info.contents()}.<br>"
                f"Functions: {escape(', '.join(info.functions))}.</p>"
            )
            self._offer_lessons(info.kind, info.functions)
        self._enable_ok()

    def _offer_lessons(self, kind: TaskForceKind, functions: tuple[str, ...]) -> None:
        """Show the lessons a new team of the template's kind and functions should read."""
        if self.any_lessons:
            self.lessons.show_offers(offers_for(self.session.plan, kind, functions), none_offered(kind))

    def accept(self) -> None:
        """Form the task force; stay open and say why if it cannot be formed."""
        if self.template_problem():
            return
        try:
            sponsor, lead = self.sponsor.person_id(), self.lead.person_id()
        except UnknownPerson as error:
            self.message.setText(str(error))
            self.message.show()
            return
        plan, folder = self.session.plan, self.user_templates
        self._make(
            lambda: templates.create_from_template(
                plan,
                self.template_key(),
                name=self.name.text(),
                start_date=self.start.value(),
                end_date=self.end.value(),
                sponsor_id=sponsor,
                lead_id=lead,
                user_folder=folder,
            )
        )


def _tip(text: str) -> str:
    """A tooltip that shows the text as written: a saved template's words are never markup."""
    return f"<p>{escape(text)}</p>"


def _quiet_line(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _lessons_row(form: QFormLayout, lessons: LessonOffers, quiet: QLabel, any_lessons: bool) -> None:
    """The form's row of lessons: the list, or a quiet line when the plan holds none at all."""
    holder = QWidget(lessons.parentWidget())
    holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(lessons)
    column.addWidget(quiet)
    lessons.setVisible(any_lessons)
    quiet.setVisible(not any_lessons)
    form.addRow("Less&ons:", holder)
    label = form.labelForField(holder)
    if isinstance(label, QLabel):
        label.setBuddy(lessons)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


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
        self.lessons = LessonOffers(self)
        plan = session.plan
        offers = lessons_for_new_team(plan, source.kind, source.id, team_function_ids(plan, source.id))
        self.lessons.show_offers(offers, "")
        self.no_lessons = _quiet_line(
            f"No lessons yet from {source.name} or earlier task forces of its kind: a team writes "
            "them down when it disperses, in its review.",
            self,
        )
        self.form.addRow(intro)
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&Start:", self.start)
        self.form.addRow("&End:", self.end)
        _lessons_row(self.form, self.lessons, self.no_lessons, bool(offers))
        self._finish_layout("Re-form")
        self.resize(560 if offers else 480, self.sizeHint().height())

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
    review_requested = Signal(int)  # the task force to review: just dispersed, or Review… pressed

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
        self.disperse.clicked.connect(self._disperse)
        self.review = QPushButton(icon(QStyle.StandardPixmap.SP_FileDialogContentsView), "Review…", self)
        self.review.setToolTip("Look back: the KPI scorecard, the work, lessons, credits and questions")
        self.review.clicked.connect(self._review)
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
        for button in (self.advance, self.disperse, self.reform, self.review):
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
        self.review.setVisible(
            status in (LifecycleStatus.ACTIVE, LifecycleStatus.DISPERSED, LifecycleStatus.ARCHIVED)
        )
        origin = None
        if record.reformed_from_id is not None:
            try:
                origin = services.get(self.session.plan, EntityKind.TASK_FORCE, record.reformed_from_id)
            except DomainError:
                origin = None
        self.origin.setText(f"Re-formed from '{origin.name}'" if isinstance(origin, TaskForce) else "")
        self.origin.setVisible(isinstance(origin, TaskForce))

    def _step(self, action: Callable[[Any, int], Outcome[Any]]) -> bool:
        plan, ident = self.session.plan, self._id
        if ident is not None:
            outcome, refusal = try_edit(self.session, lambda: action(plan, ident))
            self.refused.emit("" if outcome is not None else refusal[0] if refusal else "")
            return outcome is not None
        return False

    def _disperse(self) -> None:
        if self._step(services.disperse):
            self._review()  # the team looks back on what it did and learned

    def _review(self) -> None:
        if self._id is not None:
            self.review_requested.emit(self._id)

    def _reform(self) -> None:
        if self._id is not None:
            created = reform_task_force(self.session, self._id, self)
            if created is not None:
                self.task_force_created.emit(created)


def new_task_force(
    session: PlanSession, parent: QWidget | None = None, user_templates: Path | None = None
) -> int | None:
    """Ask for a new task force and form it (from ``user_templates`` too); its id, or None if cancelled."""
    dialog = NewTaskForceDialog(session, parent, user_templates)
    return dialog.created_id if dialog.exec() == QDialog.DialogCode.Accepted else None


def reform_task_force(session: PlanSession, task_force_id: int, parent: QWidget | None = None) -> int | None:
    """Ask for a name and dates and re-form a task force; the new one's id, or None if cancelled."""
    dialog = ReformDialog(session, task_force_id, parent)
    return dialog.created_id if dialog.exec() == QDialog.DialogCode.Accepted else None
