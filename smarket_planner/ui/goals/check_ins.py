"""A KPI's check-ins: the dialog that records one, and the history, editable in place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.errors import NotFoundError
from smarket_planner.domain.records import CheckIn, EntityKind
from smarket_planner.services import ChangeNotice
from smarket_planner.services.views.goals_view import KpiView, check_ins_of, expected_value
from smarket_planner.ui.goals.kpi_chart import format_number
from smarket_planner.ui.goals.kpi_fields import (
    DECIMALS,
    NUMBER_LIMIT,
    date_box,
    number_box,
    same_number,
)
from smarket_planner.ui.kit.dates import day_text, from_qdate, to_qdate
from smarket_planner.ui.kit.edit_dialog import EditDialog
from smarket_planner.ui.kit.record_model import Column, RecordTableModel
from smarket_planner.ui.kit.session import PlanSession

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
DATE, VALUE, CONFIDENCE, NOTE = range(4)


class CheckInDialog(EditDialog):
    """Record where a KPI stands: the date, the value, how sure the reporter is, and a note."""

    def __init__(
        self, session: PlanSession, kpi: KpiView, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, f"Record check-in: {kpi.title}", parent)
        self.kpi = kpi
        self.date_edit = date_box(today or date.today())
        start = kpi.latest_value if kpi.latest_value is not None else kpi.baseline
        self.value = number_box(start, kpi.unit)
        self.confidence = QSlider(Qt.Orientation.Horizontal)
        self.confidence.setRange(1, 10)
        self.confidence.setPageStep(1)
        self.confidence.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.confidence.setValue(kpi.latest_confidence or 5)
        self.confidence_label = QLabel()
        self.confidence_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("10 / 10") + 6)
        confidence_row = QWidget()
        row = QHBoxLayout(confidence_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.confidence, 1)
        row.addWidget(self.confidence_label)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("What moved it, what is in the way (bad news is welcome)")
        self.note.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.expected = QLabel()
        self.expected.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.expected.setWordWrap(True)
        self.add_field("checked_on", "&Date:", self.date_edit)
        self.add_field("value", "&Value:", self.value)
        self.form.addRow("", self.expected)
        self.add_field(
            "confidence", "&Confidence:", confidence_row, "How sure you are of the value, from 1 to 10."
        )
        self.add_field("note", "&Note:", self.note)
        self.confidence.valueChanged.connect(self._show_confidence)
        self.date_edit.dateChanged.connect(self._show_expected)
        self._show_confidence(self.confidence.value())
        self._show_expected()
        self.setMinimumWidth(440)

    def _show_confidence(self, value: int) -> None:
        self.confidence_label.setText(f"{value} / 10")

    def _show_expected(self) -> None:
        expected = expected_value(self.kpi, from_qdate(self.date_edit.date()))
        unit = f" {self.kpi.unit}" if self.kpi.unit else ""
        target = f"target {format_number(self.kpi.target)}{unit}"
        due = f" by {day_text(self.kpi.due_date)}" if self.kpi.due_date else ""
        on_track = (
            f"On track means about {format_number(expected)}{unit} that day; " if expected is not None else ""
        )
        self.expected.setText(f"{on_track}{target}{due}.")

    def commit(self) -> bool | None:
        """Record the check-in."""
        plan, kpi_id = self.session.plan, self.kpi.id
        day = from_qdate(self.date_edit.date())
        value, confidence, note = self.value.value(), self.confidence.value(), self.note.toPlainText()
        return self.edit(
            lambda: services.record_check_in(plan, kpi_id, day, value, confidence=confidence, note=note),
            f"Record check-in of '{self.kpi.title}'",
        )


class CheckInDelegate(QStyledItemDelegate):
    """Editors that fit each column: a calendar, a number, a 1-10 confidence, a line of text."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """The right editor for the column."""
        column = index.column()
        if column == DATE:
            calendar = QDateEdit(parent)
            calendar.setCalendarPopup(True)
            calendar.setDisplayFormat("yyyy-MM-dd")
            editor: QWidget = calendar
        elif column == VALUE:
            editor = QDoubleSpinBox(parent, decimals=DECIMALS, minimum=-NUMBER_LIMIT, maximum=NUMBER_LIMIT)
            editor.setGroupSeparatorShown(True)
            editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        elif column == CONFIDENCE:
            editor = QSpinBox(parent, minimum=1, maximum=10, suffix=" / 10")
            editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        else:
            editor = QLineEdit(parent)
        editor.setAutoFillBackground(True)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Start the editor from the check-in's stored value."""
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateEdit):
            editor.setDate(value if isinstance(value, QDate) else to_qdate(value))
        elif isinstance(editor, QDoubleSpinBox | QSpinBox):
            editor.setValue(value)
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Hand the edited value to the model, which hands it to the plan."""
        if isinstance(editor, QDateEdit):
            model.setData(index, from_qdate(editor.date()))
        elif isinstance(editor, QDoubleSpinBox | QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())


class CheckInHistory(QWidget):
    """Every check-in of one KPI, oldest first; edit a cell in place or remove a check-in."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kpi_id: int | None = None
        self.model = RecordTableModel(
            [
                Column(
                    "Date",
                    lambda c: c.checked_on,
                    edit=self._editor("checked_on"),
                    sort_key=lambda c: c.checked_on,
                ),
                Column(
                    "Value",
                    lambda c: format_number(c.value),
                    edit=self._editor("value"),
                    edit_value=lambda c: c.value,
                    align=RIGHT,
                ),
                Column(
                    "Confidence",
                    lambda c: f"{c.confidence} / 10",
                    edit=self._editor("confidence"),
                    edit_value=lambda c: c.confidence,
                    tooltip=lambda c: "How sure the reporter was of the value, from 1 to 10.",
                    align=RIGHT,
                ),
                Column("Note", lambda c: c.note, edit=self._editor("note"), tooltip=lambda c: c.note),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(CheckInDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.verticalHeader().setVisible(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = self.fontMetrics()
        for column, sample in ((DATE, "0000-00-00"), (VALUE, "00,000.00"), (CONFIDENCE, "Confidence")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 20)
        self.remove_action = QAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon), "Remove check-in", self
        )
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.setToolTip("Remove the selected check-in (Delete); Undo brings it back.")
        self.remove_action.triggered.connect(self.remove_selected)
        self.table.addAction(self.remove_action)
        self.title = QLabel("History")
        self.title.setStyleSheet("font-weight: 600")
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons.addWidget(self.title, 1)
        self.buttons.addWidget(self._button(self.remove_action))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self._enable()

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        return button

    def add_button(self, action: QAction) -> None:
        """Put another action (such as Record check-in) beside Remove."""
        self.buttons.insertWidget(1, self._button(action))

    def show_kpi(self, kpi_id: int | None) -> None:
        """Show the history of this KPI (None: of none)."""
        self.kpi_id = kpi_id
        self.model.set_records(check_ins_of(self.session.plan, kpi_id) if kpi_id is not None else [])
        self.table.scrollToBottom()
        self._enable()

    def check_ins(self) -> list[CheckIn]:
        """The check-ins shown, oldest first."""
        return self.model.records()

    def apply_notices(self, notices: Sequence[ChangeNotice]) -> None:
        """Re-read the history when a check-in changed; keep the selection and the scroll."""
        if self.kpi_id is None or not any(n.kind is EntityKind.CHECK_IN for n in notices):
            return
        try:
            fresh = check_ins_of(self.session.plan, self.kpi_id)
        except NotFoundError:  # the KPI itself was removed
            self.show_kpi(None)
            return
        shown = [c.id for c in self.model.records()]
        if [c.id for c in fresh] == shown:
            self.model.update_records(
                [c for c, old in zip(fresh, self.model.records(), strict=True) if c != old]
            )
        else:
            selected = self.selected()
            self.model.set_records(fresh)
            if selected is not None and (row := self.model.row_of(selected.id)) is not None:
                self.table.selectRow(row)
        self._enable()

    def selected(self) -> CheckIn | None:
        """The check-in selected, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select_check_in(self, ident: int) -> bool:
        """Select the check-in with this id, if it is shown."""
        row = self.model.row_of(ident)
        if row is not None:
            self.table.selectRow(row)
        return row is not None

    def remove_selected(self) -> None:
        """Remove the selected check-in, as one undo step."""
        check_in = self.selected()
        if check_in is None:
            return
        label = f"Remove check-in of {day_text(check_in.checked_on)}"
        self.session.delete(EntityKind.CHECK_IN, check_in.id, check_in.version, label)

    def _editor(self, field: str) -> Callable[[CheckIn, Any], bool]:
        def edit(check_in: CheckIn, value: Any) -> bool:
            if isinstance(value, QDate):
                value = from_qdate(value)
            old = getattr(check_in, field)
            if value == old or (field == "value" and same_number(float(value), old)):
                return True
            label = f"Edit check-in of {day_text(check_in.checked_on)}"
            done = self.session.update(
                EntityKind.CHECK_IN, check_in.id, check_in.version, {field: value}, label
            )
            return done is not None

        return edit

    def _enable(self) -> None:
        self.remove_action.setEnabled(self.selected() is not None)
