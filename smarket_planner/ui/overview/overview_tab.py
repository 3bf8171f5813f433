"""The Overview tab: a task force's name, purpose, people, dates, rhythm and lifecycle."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.analysis.model import Health
from smarket_planner.analysis.plan_index import LIVE
from smarket_planner.domain.enums import RhythmFrequency, TaskForceKind
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind, TaskForce
from smarket_planner.services import ChangeAction, ChangeNotice
from smarket_planner.services.views.navigator_view import people_choices
from smarket_planner.ui.kit.edit_dialog import error_colour
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.kit.task_force_tab import TaskForceTab
from smarket_planner.ui.overview.carried_lessons import CarriedLessons
from smarket_planner.ui.overview.health_panel import HealthPanel
from smarket_planner.ui.overview.overview_fields import (
    LABELS,
    STYLE,
    FormField,
    combo_binding,
    person_binding,
    plain_binding,
    text_binding,
)
from smarket_planner.ui.overview.rhythm_editor import RhythmEditor
from smarket_planner.ui.overview.task_force_dialog import LifecycleBar
from smarket_planner.ui.overview.task_force_fields import (
    DateField,
    PeopleModel,
    PersonPicker,
    TextBox,
    UnknownPerson,
    try_session,
)

K = EntityKind
NARROW = 820  # below this width the details go under the purpose


class OverviewTab(TaskForceTab):
    """What a task force is for, who sponsors and leads it, when it runs and how it meets."""

    title = "Overview"
    task_force_created = Signal(int)  # a task force re-formed from this one, to be shown
    status_message = Signal(str)  # what was done, for the status bar ("Added the risk …")
    review_requested = Signal(int)  # open the review of a task force: just dispersed, or asked for

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._record: TaskForce | None = None
        self._healths: dict[int, Health] | None = None  # None until the first analysis is in
        self._rendering = False
        self.people = PeopleModel(self)
        self._build()
        self.setStyleSheet(STYLE)
        self._fields = self._bind()
        self.show_task_force(None)

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.name = QLineEdit(self)
        self.name.setMaxLength(120)
        self.name.setToolTip("The task force's name")
        big = QFont(self.name.font())
        big.setPointSizeF(big.pointSizeF() * 1.35)
        big.setBold(True)
        self.name.setFont(big)
        self.lifecycle = LifecycleBar(self.session, self)
        self.lifecycle.task_force_created.connect(self.task_force_created)
        self.lifecycle.review_requested.connect(self.review_requested)
        self.lifecycle.refused.connect(self._show_message)

        self.objective = TextBox(self)
        self.objective.setPlaceholderText("What the task force will achieve, and by when")
        self.why = TextBox(self)
        self.why.setPlaceholderText("Why it matters to the company, its customers and the team")
        for box in (self.objective, self.why):
            box.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        purpose = QGroupBox("Purpose", self)
        purpose_layout = QVBoxLayout(purpose)
        for caption, box in (("&Objective", self.objective), ("&Why it matters", self.why)):
            label = QLabel(caption, purpose)
            label.setBuddy(box)
            purpose_layout.addWidget(label)
            purpose_layout.addWidget(box, 1)

        self.kind = QComboBox(self)
        for kind in TaskForceKind:
            self.kind.addItem(kind.label, kind)
        self.sponsor = PersonPicker(self.people, self)
        self.sponsor.setToolTip("The leader who backs the task force and settles what it cannot")
        self.lead = PersonPicker(self.people, self)
        self.lead.setToolTip("The person who runs the task force day to day")
        self.start = DateField(self)
        self.end = DateField(self)
        details = QGroupBox("People and dates", self)
        details_form = QFormLayout(details)
        details_form.addRow("&Kind:", self.kind)
        details_form.addRow("S&ponsor:", self.sponsor)
        details_form.addRow("&Lead:", self.lead)
        details_form.addRow("&Start:", self.start)
        details_form.addRow("&End:", self.end)

        self.rhythm = rhythm = RhythmEditor(self)
        self.frequency, self.weekday, self.time = rhythm.frequency, rhythm.weekday, rhythm.time
        self.meeting, self.rhythm_text = rhythm.meeting, rhythm.rhythm_text
        details_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for choice in (self.kind, self.sponsor, self.lead):
            choice.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self.message_icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.message_icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {error_colour(self.palette()).name()};")

        message_row = QHBoxLayout()
        message_row.addWidget(self.message_icon)
        message_row.addWidget(self.message, 1)
        right = QVBoxLayout()
        right.addWidget(details)
        right.addWidget(rhythm)
        right.addStretch(1)
        # Side by side when there is room, one above the other in a narrow window.
        self.body = body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.addWidget(purpose, 3)
        body.addLayout(right, 2)
        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(self.name)
        page_layout.addWidget(self.lifecycle)
        self.health = HealthPanel(self)
        page_layout.addWidget(self.health)
        self.lessons = CarriedLessons(self.session, page)
        self.lessons.said.connect(self.status_message)
        page_layout.addWidget(self.lessons)
        page_layout.addLayout(body, 1)
        page_layout.addLayout(message_row)
        scroll = QScrollArea(self)
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.set_page(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._show_message("")

    def _bind(self) -> dict[str, FormField]:
        """Tie each input to its field: how it is read, shown, and committed."""
        rhythm = self.rhythm
        fields = {
            "name": FormField(self.name, *text_binding(self.name), self.name.hasFocus),
            "kind": FormField(self.kind, *combo_binding(self.kind, TaskForceKind), lambda: False),
            "objective": FormField(self.objective, *plain_binding(self.objective), self.objective.hasFocus),
            "why": FormField(self.why, *plain_binding(self.why), self.why.hasFocus),
            "sponsor_id": FormField(self.sponsor, *person_binding(self.sponsor), self.sponsor.entry.hasFocus),
            "lead_id": FormField(self.lead, *person_binding(self.lead), self.lead.entry.hasFocus),
            "start_date": FormField(self.start, self.start.value, self.start.set_value, self.start.has_focus),
            "end_date": FormField(self.end, self.end.value, self.end.set_value, self.end.has_focus),
            "rhythm_frequency": FormField(
                self.frequency, *combo_binding(self.frequency, RhythmFrequency), lambda: False
            ),
            "rhythm_weekday": FormField(self.weekday, *combo_binding(self.weekday), lambda: False),
            "rhythm_time": FormField(self.time, rhythm.time_value, rhythm.set_time_value, self.time.hasFocus),
            "rhythm_label": FormField(self.meeting, *text_binding(self.meeting), self.meeting.hasFocus),
        }
        touched: list[tuple[str, Any]] = [
            ("name", self.name.textEdited),
            ("objective", self.objective.textChanged),
            ("why", self.why.textChanged),
            ("sponsor_id", self.sponsor.entry.textEdited),
            ("lead_id", self.lead.entry.textEdited),
            ("start_date", self.start.edited),
            ("end_date", self.end.edited),
            ("rhythm_time", self.time.timeChanged),
            ("rhythm_label", self.meeting.textEdited),
        ]
        for name, signal in touched:
            signal.connect(lambda *_args, name=name: self._touch(name))
        finished: list[tuple[str, Any]] = [
            ("name", self.name.editingFinished),
            ("objective", self.objective.editing_finished),
            ("why", self.why.editing_finished),
            ("sponsor_id", self.sponsor.committed),
            ("lead_id", self.lead.committed),
            ("start_date", self.start.committed),
            ("end_date", self.end.committed),
            ("rhythm_time", self.time.editingFinished),
            ("rhythm_label", self.meeting.editingFinished),
        ]
        for name, signal in finished:
            signal.connect(lambda *_args, name=name: self._commit(name))
        chosen: list[tuple[str, QComboBox]] = [
            ("kind", self.kind),
            ("sponsor_id", self.sponsor),
            ("lead_id", self.lead),
            ("rhythm_frequency", self.frequency),
            ("rhythm_weekday", self.weekday),
        ]
        for name, box in chosen:
            box.activated.connect(lambda _row, name=name: self._touch(name, commit=True))
        self.rhythm.connect_description()
        return fields

    def resizeEvent(self, event: Any) -> None:
        """Lay the purpose and the details side by side only when both fit."""
        narrow = event.size().width() < NARROW
        self.body.setDirection(
            QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        )
        # One above the other, the text boxes stay short so the details show without scrolling.
        tallest = self.fontMetrics().lineSpacing() * 7 if narrow else 16_777_215
        for box in (self.objective, self.why):
            box.setMaximumHeight(tallest)
        super().resizeEvent(event)

    # -- what the main window asks -------------------------------------------------------------
    def show_task_force(self, task_force_id: int | None) -> None:
        """Show a task force's overview; None shows a hint to choose one."""
        self.task_force_id = task_force_id
        self._record = None
        if task_force_id is not None:
            try:
                record = services.get(self.session.plan, K.TASK_FORCE, task_force_id)
            except DomainError:
                record = None
            self._record = record if isinstance(record, TaskForce) else None
        if self._record is None:
            self.task_force_id = None
            self.lessons.show_task_force(None)
            self.show_placeholder("Choose a task force in the list to see its overview.")
            return
        self.people.set_people(people_choices(self.session.plan))
        for field in self._fields.values():
            field.dirty = False
        self._show_message("")
        self._render(keep_typing=False)
        self.show_page()

    # -- showing -------------------------------------------------------------------------------
    def _render(self, keep_typing: bool) -> None:
        """Show the stored values; with ``keep_typing``, leave a field the user is typing in alone."""
        record = self._record
        assert record is not None
        self._rendering = True
        try:
            for name, field in self._fields.items():
                if keep_typing and field.dirty and field.focused():
                    continue
                field.write(getattr(record, name))
                field.dirty = False
        finally:
            self._rendering = False
        self.lifecycle.show_record(record)
        self.lessons.show_task_force(record)
        self.rhythm.describe()
        self._show_health()

    def set_health(self, healths: dict[int, Health]) -> None:
        """Take the latest analysis's health of every live task force, and show this one's."""
        self._healths = dict(healths)
        if self._record is not None:
            self._show_health()

    def _show_health(self) -> None:
        record = self._record
        assert record is not None
        # A live team without a health yet is being analysed (after an edit, the analysis reruns).
        self.health.show_health((self._healths or {}).get(record.id), scored=record.status in LIVE)

    def _show_message(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.message_icon.setVisible(bool(message))

    def _mark(self, names: set[str]) -> None:
        for name, field in self._fields.items():
            widget = field.widget.edit if isinstance(field.widget, DateField) else field.widget
            if bool(widget.property("invalid")) != (name in names):
                widget.setProperty("invalid", name in names)
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    # -- editing -------------------------------------------------------------------------------
    def _touch(self, name: str, commit: bool = False) -> None:
        if not self._rendering:
            self._fields[name].dirty = True
            if commit:
                self._commit(name)

    def _commit(self, name: str) -> None:
        """Store a field the user changed, as one undo step; a refusal marks it and puts it back."""
        field = self._fields[name]
        if self._record is None or self.task_force_id is None or not field.dirty:
            return
        field.dirty = False
        try:
            value = field.read()
        except UnknownPerson as error:
            self._refused(name, str(error), "")
            return
        if value == getattr(self._record, name):
            field.write(value)  # tidy what was typed ("Sarah Kim" becomes "Sarah Kim — Sales")
            return
        changes = {name: value}
        if name == "rhythm_frequency" and value is None:
            changes |= {"rhythm_weekday": None, "rhythm_time": None}
        ident, seen, label = self.task_force_id, self._record.version, f"Change {LABELS[name]}"
        outcome, refusal = try_session(
            self.session, lambda: self.session.update(K.TASK_FORCE, ident, seen, changes, label)
        )
        if outcome is None:
            message, other = refusal or ("That change was not accepted.", "")
            self._refused(name, message, other)
        else:
            self._mark(set())
            self._show_message("")

    def _refused(self, name: str, message: str, other: str) -> None:
        self._mark({name} | ({other} & set(self._fields)))
        self._show_message(message)
        self._rendering = True
        try:
            self._fields[name].write(getattr(self._record, name))
        finally:
            self._rendering = False
        self.rhythm.describe()

    # -- keeping up with edits -------------------------------------------------------------------
    def plan_changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        """Follow edits to this task force and to the people it can name, keeping what is being typed."""
        people_changed = any(notice.kind in (K.PERSON, K.FUNCTION) for notice in notices)
        if people_changed:
            self.people.set_people(people_choices(self.session.plan))
        mine = [n for n in notices if n.kind is K.TASK_FORCE and self.task_force_id in n.ids]
        if any(notice.action is ChangeAction.DELETED for notice in mine):
            self.show_task_force(None)
            return
        if mine or people_changed:
            assert self.task_force_id is not None  # notices come only while a task force is shown
            try:
                record = services.get(self.session.plan, K.TASK_FORCE, self.task_force_id)
            except DomainError:
                self.show_task_force(None)
                return
            assert isinstance(record, TaskForce)
            self._record = record
            self._render(keep_typing=True)  # the lessons offered are read again too
        else:
            self.lessons.plan_changed(notices)
