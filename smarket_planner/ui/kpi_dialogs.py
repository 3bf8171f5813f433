"""Editors for goals, KPIs and check-ins; refusals are shown inline and the dialog stays open."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.enums import KpiCommitment, KpiDirection
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.goals_view import (
    GoalView,
    KpiView,
    OwnerFunction,
    PersonChoice,
    functions_of,
    people_for,
)
from smarket_planner.ui.session import PlanSession

NUMBER_LIMIT = 1e12
DECIMALS = 2


def colour_icon(colour: str, size: int = 12) -> QIcon:
    """A small round swatch of a function's colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def error_colour(palette: QPalette) -> QColor:
    """A red that reads on the palette's window colour, light or dark."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ff7b72" if dark else "#b3261e")


def to_qdate(day: date) -> QDate:
    """A Python date as Qt's."""
    return QDate(day.year, day.month, day.day)


def number_box(
    value: float, suffix: str = "", low: float = -NUMBER_LIMIT, high: float = NUMBER_LIMIT
) -> QDoubleSpinBox:
    """A spin box for a KPI number, aligned right, wide enough but not huge."""
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(DECIMALS)
    box.setGroupSeparatorShown(True)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    box.setSuffix(f" {suffix}" if suffix else "")
    box.setValue(value)
    box.setMinimumWidth(160)
    box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return box


def date_box(day: date) -> QDateEdit:
    """A date field with a calendar, written the way the rest of the app writes dates."""
    box = QDateEdit(to_qdate(day))
    box.setCalendarPopup(True)
    box.setDisplayFormat("yyyy-MM-dd")
    box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return box


def same_number(a: float, b: float) -> bool:
    """Whether two numbers look the same at the precision the editors show."""
    return round(a, DECIMALS) == round(b, DECIMALS)


class FunctionPicker(QListWidget):
    """A checkable list of the plan's functions, each with its colour."""

    def __init__(self, functions: Sequence[OwnerFunction], checked: Sequence[int] = ()) -> None:
        super().__init__()
        for function in functions:
            item = QListWidgetItem(colour_icon(function.colour), function.name)
            item.setData(Qt.ItemDataRole.UserRole, function.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if function.id in checked else Qt.CheckState.Unchecked)
            self.addItem(item)
        rows = min(max(3, self.count()), 7)
        self.setFixedHeight(rows * (self.sizeHintForRow(0) if self.count() else 20) + 6)
        self.setToolTip("Goals and KPIs shared by several functions pull the team together.")

    def checked_ids(self) -> tuple[int, ...]:
        """The ids of the functions ticked, in id order."""
        items = (self.item(row) for row in range(self.count()))
        ids = (
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )
        return tuple(sorted(ids))

    def set_checked(self, ids: Sequence[int]) -> None:
        """Tick exactly these functions."""
        for row in range(self.count()):
            item = self.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)


class OptionalDate(QWidget):
    """A date that may be left unset; unset, the hint says what is used instead."""

    def __init__(self, value: date | None, fallback: date, hint: str) -> None:
        super().__init__()
        self.check = QCheckBox()
        self.check.setToolTip("Tick to set a date of this KPI's own.")
        self.edit = date_box(value or fallback)
        self.hint = QLabel(hint)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.check.toggled.connect(self._toggled)
        self.check.setChecked(value is not None)
        self._toggled(value is not None)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        self.hint.setVisible(not on)

    def value(self) -> date | None:
        """The date chosen, or None when it is left unset."""
        return self.edit.date().toPython() if self.check.isChecked() else None  # type: ignore[no-any-return]

    def set_value(self, value: date | None) -> None:
        """Set a date, or leave it unset (None)."""
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(to_qdate(value))


class EditDialog(QDialog):
    """A form that makes one edit on OK; a refusal is shown beside the field and the form stays."""

    def __init__(self, session: PlanSession, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("error")
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour(palette))
        self.error.setPalette(palette)
        icon = QLabel()
        size = self.fontMetrics().height()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size)
        )
        self.error_row = QWidget()
        row = QHBoxLayout(self.error_row)
        row.setContentsMargins(0, 4, 0, 4)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.error, 1)
        self.error_row.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_row)
        layout.addWidget(self.buttons)
        self._heard: list[tuple[str, str]] = []
        self.outcome: Any = None  # the edit made on OK, if any
        self._marked: QWidget | None = None

    def add_row(self, label: str, name: str, widget: QWidget, tip: str = "") -> None:
        """Add a labelled field that a refusal about ``name`` can point at."""
        self.form.addRow(label, widget)
        self.fields[name] = widget
        if tip:
            widget.setToolTip(tip)

    def commit(self) -> bool | None:
        """Make the edit; True when done, None when it was refused."""
        raise NotImplementedError

    def edit(self, action: Callable[[], Any], label: str) -> bool | None:
        """Make one edit as an undo step; None when the plan refused it."""
        self.outcome = self.session.edit(action, label)
        return True if self.outcome is not None else None

    def accept(self) -> None:
        """Make the edit; close only if it was made."""
        self._heard.clear()
        self.session.refused.connect(self._on_refused)
        try:
            done = self.commit()
        finally:
            self.session.refused.disconnect(self._on_refused)
        if done:
            super().accept()
        elif self._heard:
            self.show_error(*self._heard[-1])

    def _on_refused(self, message: str, field: str) -> None:
        self._heard.append((message, field))

    def show_error(self, message: str, field: str) -> None:
        """Say why the edit was refused and mark the field it is about."""
        self._unmark()
        self.error.setText(message)
        self.error_row.setVisible(True)
        widget = self.fields.get(field) or self.fields.get(field.removesuffix("_id"))
        label = self.form.labelForField(widget) if widget else None
        if isinstance(label, QLabel):
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, error_colour(palette))
            label.setPalette(palette)
            label.setToolTip(message)
            self._marked = label
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _unmark(self) -> None:
        if self._marked is not None:
            self._marked.setPalette(self.palette())
            self._marked.setToolTip("")
            self._marked = None


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
        self.add_row("&Title:", "title", self.title_edit)
        self.add_row("&Description:", "description", self.description_edit)
        self.add_row("&Owned by:", "owner_function_ids", self.owners)
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
        ident = self.goal.id
        return self.edit(lambda: services.update(plan, EntityKind.GOAL, ident, **changes), "Edit goal")


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
            f"from the task force start ({fallback_start.isoformat()})" if fallback_start else "not set"
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
            self.accountable.addItem(colour_icon(person.colour), _person_label(person), person.id)
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
        self.add_row("&Goal:", "goal_id", self.goal_box)
        self.add_row("&Title:", "title", self.title_edit)
        self.add_row("&Unit:", "unit", self.unit_edit)
        self.add_row("&Baseline:", "baseline", self.baseline, "Where the measure stands at the start.")
        self.add_row("Tar&get:", "target", self.target, "Where it should stand on the due date.")
        self.add_row("&Direction:", "direction", self.direction)
        self.add_row("&Start date:", "start_date", self.start)
        self.add_row("D&ue date:", "due_date", self.due)
        self.add_row("&Weight:", "weight", self.weight, "How much this KPI counts among the goal's KPIs.")
        self.add_row(
            "&Incentive:", "incentive_pct", self.incentive, "The share of variable pay riding on it."
        )
        self.add_row("&Commitment:", "commitment", self.commitment)
        self.form.addRow("", self.pay_warning)
        self.add_row(
            "&Accountable:", "accountable_id", self.accountable, "The one person who answers for it."
        )
        self.add_row("&Owned by:", "owner_function_ids", self.owners)
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
        return self.edit(
            lambda: services.update(plan, EntityKind.KPI, kpi.id, **changes), f"Edit KPI '{kpi.title}'"
        )


def _same(new: object, old: object) -> bool:
    if isinstance(new, float) and isinstance(old, float):
        return same_number(new, old)
    return new == old


def _person_label(person: PersonChoice) -> str:
    return f"{person.name} ({person.function_name})" + ("" if person.is_member else " - not on the team")
