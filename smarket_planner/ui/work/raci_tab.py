"""The Responsibilities tab: who is Responsible, Accountable, Consulted, Informed for each activity."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.enums import RaciLetter
from smarket_planner.domain.errors import NotFoundError
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.views import work_view
from smarket_planner.ui.kit.commands import command
from smarket_planner.ui.kit.removal import confirm_removal
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.kit.task_force_tab import TaskForceTab
from smarket_planner.ui.work.raci_model import RaciDelegate, RaciModel
from smarket_planner.ui.work.work_dialogs import ActivityDialog

KEYS = {Qt.Key.Key_R: "R", Qt.Key.Key_A: "A", Qt.Key.Key_C: "C", Qt.Key.Key_I: "I"}
WATCHED = {
    EntityKind.ACTIVITY,
    EntityKind.RACI,
    EntityKind.FUNCTION,
    EntityKind.MEMBERSHIP,
    EntityKind.PERSON,
}


class RaciView(QTableView):
    """The grid: R, A, C or I sets the current cell's letter, Delete clears it."""

    letter_typed = Signal(object)  # the letter ("R", "A", "C", "I") or None to clear

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Letters and Delete act on the current cell; every other key moves as usual."""
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        key = Qt.Key(event.key())
        if plain and self.currentIndex().isValid():
            if key in KEYS:
                self.letter_typed.emit(KEYS[key])
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.letter_typed.emit(None)
                return
        super().keyPressEvent(event)


class RaciTab(TaskForceTab):
    """The RACI grid of the selected task force, by function or by person."""

    title = "Responsibilities"

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.model = RaciModel(self)
        self.view = RaciView()
        self.view.setModel(self.model)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._enable())
        self.view.setItemDelegate(RaciDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.letter_typed.connect(self.set_letter)
        self.view.doubleClicked.connect(lambda _index: self.rename_activity())
        self.view.setWordWrap(False)
        across = self.view.horizontalHeader()
        across.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        across.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        across.setDefaultSectionSize(96)
        across.setMinimumHeight(44)
        down = self.view.verticalHeader()
        down.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        down.setDefaultSectionSize(36)
        down.setMaximumWidth(300)
        down.setTextElideMode(Qt.TextElideMode.ElideRight)
        down.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        down.customContextMenuRequested.connect(self._header_menu)
        down.sectionDoubleClicked.connect(self._rename_row)

        self.add_action = command(self, "&Add activity…", self.add_activity, "Ins")
        self.rename_action = command(self, "&Rename…", self.rename_activity, "F2")
        self.remove_action = command(
            self, "Re&move activity", self.remove_activity, "", QStyle.StandardPixmap.SP_TrashIcon
        )
        self.by_function = self._toggle("By function", True)
        self.by_person = self._toggle("By person", False)
        bar = QHBoxLayout()
        for action in (self.add_action, self.rename_action, self.remove_action):
            bar.addWidget(self._button(action))
        bar.addStretch(1)
        bar.addWidget(QLabel("Show:"))
        bar.addWidget(self.by_function)
        bar.addWidget(self.by_person)
        self.hint = QLabel(
            "Press R, A, C or I to set a letter, Delete to clear it. Each activity needs one A."
        )
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.set_page(self.view)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.hint)
        self.show_task_force(None)

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        return button

    def _toggle(self, text: str, checked: bool) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setCheckable(True)
        button.setChecked(checked)
        button.setAutoExclusive(True)
        button.toggled.connect(self._reload_when_on)
        return button

    def _reload_when_on(self, on: bool) -> None:
        if on:
            self._reload()

    # -- what is shown ----------------------------------------------------------------------
    def show_task_force(self, task_force_id: int | None) -> None:
        """Show the RACI grid of a task force, or a hint when none is selected."""
        self.task_force_id = task_force_id
        self._reload()

    def select_entity(self, kind: EntityKind, ident: int) -> bool:
        """Put the cursor on an activity of this task force."""
        if kind is not EntityKind.ACTIVITY or self.model.grid is None:
            return False
        for row, line in enumerate(self.model.grid.lines):
            if line.id == ident:
                self.view.setCurrentIndex(self.model.index(row, 0))
                self.view.setFocus()
                return True
        return False

    def _reload(self) -> None:
        grid = None
        if self.task_force_id is not None:
            try:
                grid = work_view.raci_grid(
                    self.session.plan, self.task_force_id, by_person=self.by_person.isChecked()
                )
            except NotFoundError:
                self.task_force_id = None
        where = self._current_ids()
        self.model.set_grid(grid)
        self._restore(where)
        if grid is None:
            self.show_placeholder("Select a task force to agree who is responsible for what.")
        elif not grid.lines:
            self.show_placeholder(
                "No activities yet. Add the work the functions argue about (lead management,"
                " social media, sales tools…) with Add activity."
            )
        elif not grid.holders:
            self.show_placeholder("No one is on this task force yet: add members on the Team tab.")
        else:
            self.show_page()
        self.view.verticalHeader().resizeSections(QHeaderView.ResizeMode.Fixed)
        self._enable()

    def _current_ids(self) -> tuple[int, int] | None:
        index = self.view.currentIndex()
        if not index.isValid() or self.model.grid is None:
            return None
        return self.model.line(index.row()).id, self.model.holder(index.column()).id

    def _restore(self, where: tuple[int, int] | None) -> None:
        grid = self.model.grid
        if grid is None or where is None or self.view.currentIndex().isValid():
            return
        rows = [line.id for line in grid.lines]
        columns = [holder.id for holder in grid.holders]
        if where[0] in rows:
            column = columns.index(where[1]) if where[1] in columns else 0
            self.view.setCurrentIndex(self.model.index(rows.index(where[0]), column))

    def _enable(self) -> None:
        has_task_force = self.model.grid is not None
        has_row = self.view.currentIndex().isValid()
        self.add_action.setEnabled(has_task_force)
        self.rename_action.setEnabled(has_row)
        self.remove_action.setEnabled(has_row)

    def plan_changed(self, notices: tuple[services.ChangeNotice, ...]) -> None:
        """Redraw the grid after an edit to its activities, letters, functions or people."""
        if any(notice.kind in WATCHED for notice in notices):
            self._reload()

    # -- edits ------------------------------------------------------------------------------
    def set_letter(self, letter: str | None, index: QModelIndex | None = None) -> None:
        """Give the current cell's holder a letter on its activity, or clear it: one undo step."""
        index = index or self.view.currentIndex()
        if not index.isValid():
            return
        line, holder = self.model.line(index.row()), self.model.holder(index.column())
        current = line.letter(holder.id)
        if (current.value if current else None) == letter:
            return
        who = {"person_id": holder.id} if holder.is_person else {"function_id": holder.id}
        label = (
            f"Set {letter} for {holder.name} on {line.name}"
            if letter
            else f"Clear {holder.name} on {line.name}"
        )
        self.session.edit(lambda: services.set_raci(self.session.plan, line.id, letter, **who), label)

    def add_activity(self) -> ActivityDialog | None:
        """Open a dialog for a new activity of this task force."""
        if self.task_force_id is None:
            return None
        task_force = self.task_force_id

        def apply(values: dict[str, Any]) -> bool:
            outcome = self.session.edit(
                lambda: services.create(
                    self.session.plan, EntityKind.ACTIVITY, task_force_id=task_force, **values
                )
            )
            if outcome is not None:
                self.select_entity(EntityKind.ACTIVITY, outcome.value.id)
            return outcome is not None

        dialog = ActivityDialog(self.session, "Add Activity", apply, parent=self)
        dialog.open()
        return dialog

    def rename_activity(self) -> ActivityDialog | None:
        """Open a dialog to rename the current activity or say what it covers."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        line = self.model.line(index.row())

        def apply(values: dict[str, Any]) -> bool:
            label = f"Rename activity '{line.name}'"
            return self.session.update(EntityKind.ACTIVITY, line.id, line.version, values, label) is not None

        dialog = ActivityDialog(self.session, "Rename Activity", apply, line.name, line.description, self)
        dialog.open()
        return dialog

    def remove_activity(self) -> None:
        """Remove the current activity with its letters (undo brings them back)."""
        index = self.view.currentIndex()
        if index.isValid():
            line = self.model.line(index.row())
            if not confirm_removal(self, self.session, EntityKind.ACTIVITY, [line.id], line.name):
                return
            self.session.delete(EntityKind.ACTIVITY, line.id, line.version)

    def _rename_row(self, row: int) -> None:
        self.view.setCurrentIndex(self.model.index(row, max(self.view.currentIndex().column(), 0)))
        self.rename_activity()

    def _menu(self, point: Any) -> None:
        index = self.view.indexAt(point)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        for letter in RaciLetter:
            action = menu.addAction(f"{letter.label} ({letter.value})")
            action.triggered.connect(lambda _c=False, v=letter.value: self.set_letter(v, index))
        clear = menu.addAction("Clear (Del)")
        clear.triggered.connect(lambda _c=False: self.set_letter(None, index))
        clear.setEnabled(bool(index.data()))
        menu.addSeparator()
        menu.addAction(self.rename_action)
        menu.addAction(self.remove_action)
        menu.popup(self.view.viewport().mapToGlobal(point))

    def _header_menu(self, point: Any) -> None:
        row = self.view.verticalHeader().logicalIndexAt(point)
        if row < 0:
            return
        self.view.setCurrentIndex(self.model.index(row, max(self.view.currentIndex().column(), 0)))
        menu = QMenu(self)
        menu.addAction(self.rename_action)
        menu.addAction(self.remove_action)
        menu.popup(self.view.verticalHeader().mapToGlobal(point))
