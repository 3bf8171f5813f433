"""The roster dock: everyone by function, searchable, dragged onto a team to staff it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QMenu,
    QStyle,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.records import EntityKind, Function, Person
from smarket_planner.services import ChangeAction, ChangeNotice
from smarket_planner.services.views.staffing_view import RosterEntry, functions, roster
from smarket_planner.ui.kit.form_fields import remove_together
from smarket_planner.ui.kit.removal import confirm_removal
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.team.people_dialogs import FunctionDialog, PersonDialog
from smarket_planner.ui.team.roster_model import RosterModel

K = EntityKind
OPEN_UP_TO = 1000  # people shown with every function opened; more, and functions start closed
Index = QModelIndex | QPersistentModelIndex


class RosterDock(QDockWidget):
    """Everyone who can be staffed, by function: search, drag onto a team, add and edit."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__("Roster", parent)
        self.session = session
        self.model = RosterModel(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name, title, skill, e-mail…")
        self.search.setToolTip("Finds people by name, title, skill, e-mail, location or function")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
            QLineEdit.ActionPosition.LeadingPosition,
        )
        self.search.textChanged.connect(self._search)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 170)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.installEventFilter(self)
        self._make_actions()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        self.setWidget(body)
        self.setMinimumWidth(260)
        self.model.modelReset.connect(self._after_reset)
        self.model.rowsInserted.connect(self._after_insert)
        self.tree.selectionModel().selectionChanged.connect(self._enable_actions)
        session.changed.connect(self._on_changed)
        people = roster(session.plan)
        self.model.load(functions(session.plan), people)

    def _action(self, text: str, slot: Any, shortcut: QKeySequence | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip or text.replace("&", ""))
        return action

    def _make_actions(self) -> None:
        trash = self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon)
        self.add_person_action = self._action(
            "&Add person…", self.add_person, tip="Add someone to the roster"
        )
        self.edit_person_action = self._action(
            "&Edit person…", self.edit_person, QKeySequence(Qt.Key.Key_F2), "Change the selected person (F2)"
        )
        self.remove_person_action = self._action(
            "&Remove person",
            self.remove_people,
            QKeySequence(QKeySequence.StandardKey.Delete),
            "Take the selected people off the roster (Delete)",
        )
        self.remove_person_action.setIcon(trash)
        self.add_function_action = self._action(
            "Add &function…", self.add_function, tip="Add a function with its colour"
        )
        self.edit_function_action = self._action(
            "Edit f&unction…", self.edit_function, tip="Change the name or colour of the selected function"
        )
        self.remove_function_action = self._action(
            "Remove functio&n",
            self.remove_function,
            tip="Remove the selected function (it must have no people)",
        )
        self.remove_function_action.setIcon(trash)
        self.edit_person_action.setIconText("Edit")
        self.remove_person_action.setIconText("Remove")
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions([self.add_person_action, self.edit_person_action, self.remove_person_action])
        self.function_menu = QMenu("Functions", self)
        self.function_menu.addActions(
            [self.add_function_action, self.edit_function_action, self.remove_function_action]
        )
        functions_button = QToolButton()
        functions_button.setText("Functions")
        functions_button.setToolTip("Add, edit or remove a function")
        functions_button.setMenu(self.function_menu)
        functions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar.addWidget(functions_button)
        person_actions = [self.add_person_action, self.edit_person_action, self.remove_person_action]
        self.tree.addActions(person_actions)
        separator = QAction(self)
        separator.setSeparator(True)
        self.tree.addActions([separator, *self.function_menu.actions()])
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._enable_actions()

    # -- what is selected --------------------------------------------------------------------
    def selected_people(self) -> list[RosterEntry]:
        """The people whose rows are selected."""
        rows = self.tree.selectionModel().selectedRows()
        return [p for p in (self.model.person_at(i) for i in rows) if p is not None]

    def current_function_id(self) -> int | None:
        """The function selected, or the function of the person selected."""
        index = self.tree.currentIndex()
        function = self.model.function_at(index)
        person = self.model.person_at(index)
        return function.id if function else person.function_id if person else None

    def select_person(self, person_id: int) -> bool:
        """Select a person in the roster, if shown."""
        return self._select(self.model.row_of_person(person_id))

    def select_function(self, function_id: int) -> bool:
        """Select a function row, if shown."""
        return self._select(self.model.row_of_function(function_id))

    def _select(self, index: QModelIndex) -> bool:
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def _enable_actions(self, *_args: object) -> None:
        people = bool(self.selected_people())
        function = self.model.function_at(self.tree.currentIndex()) is not None
        self.edit_person_action.setEnabled(people)
        self.remove_person_action.setEnabled(people)
        self.edit_function_action.setEnabled(self.current_function_id() is not None)
        self.remove_function_action.setEnabled(function)

    # -- edits -------------------------------------------------------------------------------
    def person_dialog(self, person_id: int | None = None) -> PersonDialog:
        """A dialog for a new person (in the selected function) or for one already there."""
        if person_id is None:
            return PersonDialog(self.session, function_id=self.current_function_id(), parent=self)
        person = services.get(self.session.plan, K.PERSON, person_id)
        assert isinstance(person, Person)
        return PersonDialog(self.session, person, parent=self)

    def function_dialog(self, function_id: int | None = None) -> FunctionDialog:
        """A dialog for a new function or for one already there."""
        function = services.get(self.session.plan, K.FUNCTION, function_id) if function_id else None
        assert function is None or isinstance(function, Function)
        return FunctionDialog(self.session, function, parent=self)

    def add_person(self) -> None:
        """Add someone to the roster."""
        self._run(self.person_dialog())

    def edit_person(self) -> None:
        """Change the selected person."""
        people = self.selected_people()
        if people:
            self._run(self.person_dialog(people[0].id))

    def add_function(self) -> None:
        """Add a function."""
        self._run(self.function_dialog())

    def edit_function(self) -> None:
        """Change the selected function (or the selected person's)."""
        function_id = self.current_function_id()
        if function_id is not None:
            self._run(self.function_dialog(function_id))

    def _run(self, dialog: PersonDialog | FunctionDialog) -> None:
        dialog.exec()
        dialog.deleteLater()

    def remove_people(self) -> None:
        """Take the selected people off the roster, with their places on teams; one undo step."""
        people = self.selected_people()
        if not people or not confirm_removal(
            self, self.session, K.PERSON, [p.id for p in people], people[0].name
        ):
            return
        label = f"Remove {people[0].name}" if len(people) == 1 else f"Remove {len(people)} people"
        remove_together(self.session, label, [(K.PERSON, p.id, p.version) for p in people])

    def remove_function(self) -> None:
        """Remove the selected function; refused while people still belong to it."""
        function = self.model.function_at(self.tree.currentIndex())
        if function is not None and confirm_removal(
            self, self.session, K.FUNCTION, [function.id], function.name
        ):
            self.session.delete(K.FUNCTION, function.id, function.version)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete removes and F2 edits what is selected, even where shortcuts are not yet active."""
        if watched is self.tree and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Delete):
                self._remove_selected()
                return True
            if event.key() == Qt.Key.Key_F2:
                self._double_clicked(self.tree.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _remove_selected(self) -> None:
        if self.selected_people():
            self.remove_people()
        else:
            self.remove_function()

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.model.person_at(index) is not None:
            self.edit_person()
        elif self.model.function_at(index) is not None:
            self.edit_function()

    # -- refreshing --------------------------------------------------------------------------
    def _search(self, text: str) -> None:
        self.model.set_search(text)

    def _after_reset(self) -> None:
        # A roster of thousands opens with its functions closed; a search opens what it found.
        opened = self.model.people_shown() <= OPEN_UP_TO
        for row in range(self.model.rowCount()):
            self._span(row, opened)
        self._enable_actions()

    def _after_insert(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            for row in range(first, last + 1):
                self._span(row, opened=True)

    def _span(self, row: int, opened: bool) -> None:
        self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        if opened:
            self.tree.expand(self.model.index(row, 0))

    def _on_changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        plan = self.session.plan
        people: set[int] = set()
        gone_people: set[int] = set()
        groups: set[int] = set()
        gone_groups: set[int] = set()
        for notice in notices:
            if notice.kind is K.PERSON:
                (gone_people if notice.action is ChangeAction.DELETED else people).update(notice.ids)
            elif notice.kind is K.FUNCTION:
                (gone_groups if notice.action is ChangeAction.DELETED else groups).update(notice.ids)
        if not (people or gone_people or groups or gone_groups):
            return
        before = {
            function_id
            for person_id in people | gone_people
            if (function_id := self.model.function_of(person_id)) is not None
        }
        fresh = roster(plan, people) if people else []
        self.model.update_functions(functions(plan, groups) if groups else [], gone_groups)
        self.model.update_people(fresh, gone_people)
        # Head counts move with the people who join, leave or change function.
        counted = (before | {p.function_id for p in fresh}) - gone_groups - groups
        if counted:
            self.model.update_functions(functions(plan, counted), [])
