"""The Team tab's open roles: places known before the people, edited, removed and filled from the roster."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.records import EntityKind, OpenRole, TaskForce
from smarket_planner.services import ChangeAction, ChangeNotice
from smarket_planner.services.views.open_roles_view import OpenRoleView, open_roles
from smarket_planner.ui.kit.commands import command
from smarket_planner.ui.kit.form_fields import remove_together
from smarket_planner.ui.kit.marks import paint_empty_hint
from smarket_planner.ui.kit.record_model import Column, RecordTableModel
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.team.candidates_dialog import CandidatesDialog
from smarket_planner.ui.team.open_role_card import (
    PENCIL,
    CardText,
    OpenRoleCard,
    booking_tip,
    capitalised,
    card_height,
)
from smarket_planner.ui.team.open_role_dialog import OpenRoleDialog

K = EntityKind
Index = QModelIndex | QPersistentModelIndex
SHOWN_AT_MOST = 6  # cards the panel asks room for; more scroll
EMPTY = "No open roles. Add one when you know what you need before you know who."


class OpenRolesList(QListView):
    """The open roles as cards: Enter finds people, F2 edits, Delete removes; empty, it invites one."""

    def __init__(self, keys: dict[Qt.Key, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keys = keys  # answered here too: a window not yet active has no shortcuts

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """The keys of the actions on the selected roles."""
        action = next((act for key, act in self._keys.items() if key.value == event.key()), None)
        if action is not None and action.isEnabled():
            action.trigger()
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """An empty list invites the first open role."""
        super().paintEvent(event)
        paint_empty_hint(self, EMPTY, vertical_margin=8)


class OpenRolesPanel(QWidget):
    """The places on the shown task force still to be staffed, each ready to be filled from the roster."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.task_force_id: int | None = None
        self.today: date | None = None  # None: the real today (tests and pictures fix a day)
        self.synchronous = False  # tests rank the candidates in place, not on a thread
        shown = Column("Open role", lambda r: capitalised(r.name), tooltip=self.tip)
        self.model = RecordTableModel([shown], self)
        self._make_actions()
        keys = {Qt.Key.Key_Return: self.find_action, Qt.Key.Key_Enter: self.find_action}
        keys |= {Qt.Key.Key_F2: self.edit_action, Qt.Key.Key_Delete: self.remove_action}
        self.list = OpenRolesList(keys, self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(OpenRoleCard(self._card_at, self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(True)
        self.list.setMinimumHeight(card_height(self.list.font()) * 2 + 2 * self.list.frameWidth())
        self.list.addActions([self.find_action, self.edit_action, self.remove_action])
        separator = QAction(self.list)
        separator.setSeparator(True)
        self.list.addActions([separator, self.add_action])
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.heading = QLabel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.add_action, self.edit_action, self.remove_action])
        toolbar.addSeparator()
        toolbar.addAction(self.find_action)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        top = QHBoxLayout()
        top.setContentsMargins(4, 0, 0, 0)
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(toolbar)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(line)
        column.addLayout(top)
        column.addWidget(self.list, 1)
        column.addWidget(self.summary)
        self.list.selectionModel().selectionChanged.connect(self._enable_actions)
        self.list.selectionModel().currentChanged.connect(self._enable_actions)
        self.list.doubleClicked.connect(lambda _index: self.find_people())
        self._after_change()

    def _make_actions(self) -> None:
        self.add_action = command(
            self, "&Add open role…", self.add_role, "Ctrl+Shift+O", context=Qt.ShortcutContext.WindowShortcut
        )
        self.add_action.setToolTip("Add a place on the team before you know who fills it (Ctrl+Shift+O)")
        self.edit_action = command(self, "&Edit open role…", self.edit_role, "F2")
        self.remove_action = command(self, "&Remove open role", self.remove_roles, "Del")
        self.find_action = command(self, "&Find people…", self.find_people, "Ctrl+Shift+F")
        self.find_action.setToolTip("The people best placed for the selected role, and why (Enter)")
        self.add_action.setIconText("Add open role…")
        self.edit_action.setIconText("Edit…")
        self.remove_action.setIconText("Remove")
        self.find_action.setIconText("Find people…")
        for action in (self.edit_action, self.remove_action, self.find_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- what is shown -----------------------------------------------------------------------
    def day(self) -> date:
        """Today, or the day the panel was told to take as today."""
        return self.today or date.today()

    def card(self, role: OpenRoleView) -> CardText:
        """The words on a role's card, as of today."""
        return CardText.of(role, self.day())

    def _card_at(self, index: Index) -> tuple[CardText, str]:
        role: OpenRoleView = self.model.record(index.row())
        return self.card(role), role.function_colour

    def tip(self, role: OpenRoleView) -> str:
        """Everything about a role in a few lines: what, when, skills, a note, and pencil or ink."""
        card = self.card(role)
        lines = [capitalised(role.summary), f"{role.role.label}, {card.when}", capitalised(card.skills)]
        if card.late:
            lines.append(f"{card.late}, and still open")
        if not (role.start_date and role.end_date):
            lines.append("Dates not set are the task force's own")
        if role.note:
            lines.append(role.note)
        lines.append(booking_tip(role))
        return "\n".join(lines)

    def wanted_height(self) -> int:
        """How tall the panel would like to be: every card shown, two at least and six at most."""
        cards = min(max(self.model.rowCount(), 2), SHOWN_AT_MOST)
        chrome = self.sizeHint().height() - self.list.sizeHint().height()  # the heading and summary
        return chrome + cards * card_height(self.list.font()) + 2 * self.list.frameWidth()

    def show_task_force(self, task_force_id: int | None) -> None:
        """Show the open roles of a task force, or none."""
        self.task_force_id = task_force_id
        found = open_roles(self.session.plan, task_force_id=task_force_id) if task_force_id else []
        self.model.set_records(found)
        self._after_change()

    def plan_changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        """Follow edits to open roles, to their functions, and to the task force's status or dates."""
        if self.task_force_id is None:
            return
        for notice in notices:
            ours = notice.kind is K.TASK_FORCE and self.task_force_id in notice.ids
            if ours and notice.action is ChangeAction.DELETED:
                return  # the tab moves on to no task force by itself
            if notice.kind in (K.OPEN_ROLE, K.FUNCTION) or ours:
                found = open_roles(self.session.plan, task_force_id=self.task_force_id)
                self.model.sync_records(found, ordered=True)
                self._after_change()
                return

    def select_role(self, role_id: int) -> bool:
        """Select an open role's card, if shown."""
        row = self.model.row_of(role_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        return True

    def selected_roles(self) -> list[OpenRoleView]:
        """The open roles whose cards are selected."""
        rows = sorted({index.row() for index in self.list.selectionModel().selectedIndexes()})
        return [self.model.record(row) for row in rows]

    def current_role(self) -> OpenRoleView | None:
        """The open role with the keyboard's focus, if any."""
        index = self.list.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def _after_change(self) -> None:
        roles = self.model.records()
        self.heading.setText(f"<b>Open roles</b> ({len(roles) or 'none'}) · people still to find")
        if not roles:
            self.summary.clear()
            self.summary.hide()
        else:
            fte = sum(r.allocation_pct for r in roles) / 100
            parts = [f"{fte:.1f} full-time equivalents to find"]
            if overdue := sum(self.card(r).overdue for r in roles):
                parts.append(f"{overdue} overdue")
            if (first := roles[0]).pencilled:
                status = first.status.label.lower()
                parts.append(f"{PENCIL} in pencil while {first.task_force_name} is {status}")
            self.summary.setText(" · ".join(parts))
            self.summary.show()
        self._enable_actions()

    def _enable_actions(self, *_args: object) -> None:
        self.add_action.setEnabled(self.task_force_id is not None)
        picked = bool(self.list.selectionModel().selectedIndexes())
        one = picked and self.current_role() is not None
        self.edit_action.setEnabled(one)
        self.find_action.setEnabled(one)
        self.remove_action.setEnabled(picked)

    # -- edits -------------------------------------------------------------------------------
    def role_dialog(self, role_id: int | None = None) -> OpenRoleDialog:
        """The form for a new open role on the task force shown, or for one already there."""
        assert self.task_force_id is not None
        task_force = services.get(self.session.plan, K.TASK_FORCE, self.task_force_id)
        assert isinstance(task_force, TaskForce)
        role = services.get(self.session.plan, K.OPEN_ROLE, role_id) if role_id is not None else None
        assert role is None or isinstance(role, OpenRole)
        return OpenRoleDialog(self.session, task_force, role, self)

    def add_role(self) -> None:
        """Add an open role to the task force shown."""
        if self.task_force_id is not None:
            self._run(self.role_dialog())

    def edit_role(self) -> None:
        """Change the open role selected."""
        role = self.current_role()
        if role is not None:
            self._run(self.role_dialog(role.id))

    def remove_roles(self) -> None:
        """Remove the open roles selected, as one undo step."""
        roles = self.selected_roles()
        if not roles:
            return
        label = f"Remove open role: {roles[0].name}" if len(roles) == 1 else f"Remove {len(roles)} open roles"
        remove_together(self.session, label, [(K.OPEN_ROLE, r.id, r.version) for r in roles])

    def candidates_dialog(self, role: OpenRoleView) -> CandidatesDialog:
        """The people best placed for an open role, ready to fill it."""
        return CandidatesDialog(self.session, role, self, today=self.today, synchronous=self.synchronous)

    def find_people(self) -> None:
        """Rank the roster for the role selected and fill it with the one chosen."""
        role = self.current_role()
        if role is not None:
            self._run(self.candidates_dialog(role))

    def _run(self, dialog: OpenRoleDialog | CandidatesDialog) -> None:
        dialog.exec()
        dialog.deleteLater()
