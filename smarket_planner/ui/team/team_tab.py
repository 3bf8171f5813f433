"""The Team tab: who is on the selected task force, their role, share, dates and total load."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.enums import MembershipRole
from smarket_planner.domain.records import EntityKind, TaskForce
from smarket_planner.services import ChangeAction, ChangeNotice
from smarket_planner.services.views.staffing_view import PersonLoad, TeamMember, loads, percent, team
from smarket_planner.ui.kit.form_fields import edit_together, remove_together, warning_colour
from smarket_planner.ui.kit.record_model import ID_ROLE, SORT_ROLE, Column
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.kit.task_force_tab import TaskForceTab
from smarket_planner.ui.team.capacity_warning import go_on_anyway, over_capacity
from smarket_planner.ui.team.open_role_card import PENCIL
from smarket_planner.ui.team.open_roles_panel import OpenRolesPanel
from smarket_planner.ui.team.people_dialogs import AddMemberDialog
from smarket_planner.ui.team.roster_model import people_in
from smarket_planner.ui.team.team_table import TeamModel, TeamTable

K = EntityKind
Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class TeamTab(TaskForceTab):
    """The members of the selected task force, edited in place, with everyone's total load."""

    title = "Team"

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._loads: dict[int, PersonLoad] = {}
        self.model = TeamModel(self._columns(), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = TeamTable(self._open_for_drops, self.drop_people, self.remove_members, self)
        self.table.setModel(self.proxy)
        self.table.set_up()
        self.add_action = QAction("&Add member…", self)
        self.add_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.add_action.setToolTip("Put someone from the roster on this task force (Ctrl+Shift+M)")
        self.add_action.triggered.connect(self.add_member)
        self.remove_action = QAction("&Remove member", self)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.setToolTip("Take the selected people off this task force (Delete)")
        self.remove_action.triggered.connect(self.remove_members)
        self.table.addAction(self.remove_action)
        self.table.addActions([self.add_action])
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.add_action, self.remove_action])
        self.summary = QLabel()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setWordWrap(True)
        self.refusal = QLabel()
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        members = QWidget()
        column = QVBoxLayout(members)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(toolbar)
        column.addWidget(self.table, 1)
        column.addWidget(self.refusal)
        column.addWidget(self.summary)
        self.open_roles = OpenRolesPanel(session)  # the places known before the people, apart from them
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(members)
        self.split.addWidget(self.open_roles)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.set_page(self.split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.table.selectionModel().selectionChanged.connect(self._enable_actions)
        self.show_task_force(None)

    def _columns(self) -> list[Column]:
        return [
            Column(
                "Person",
                lambda m: m.person_name,
                colour=lambda m: QColor(m.function_colour),
                tooltip=lambda m: f"{m.person_name}, {m.title or 'no title'} ({m.function_name})",
            ),
            Column("Title", lambda m: m.title),
            Column("Function", lambda m: m.function_name),
            Column(
                "Role",
                lambda m: m.role.label,
                edit=lambda m, v: self._change(m, f"Make {m.person_name} {MembershipRole(v).label}", role=v),
                edit_value=lambda m: m.role.value,
                sort_key=lambda m: list(MembershipRole).index(m.role),
            ),
            Column(
                "Allocation",
                lambda m: percent(m.allocation_pct),
                edit=lambda m, v: self._change(
                    m, f"Set {m.person_name}'s allocation to {percent(float(v))}", allocation_pct=float(v)
                ),
                edit_value=lambda m: m.allocation_pct,
                sort_key=lambda m: m.allocation_pct,
                tooltip=lambda m: "The share of the person's week this task force takes",
                align=RIGHT,
            ),
            Column(
                "All teams",
                lambda m: percent(self.load(m).total_pct),
                tooltip=lambda m: self.load(m).breakdown,
                foreground=lambda m: warning_colour(self.palette()) if self.load(m).over_capacity else None,
                sort_key=lambda m: self.load(m).total_pct,
                align=RIGHT,
            ),
            Column(
                "From",
                lambda m: m.start_date,
                edit=lambda m, v: self._change(m, f"Change {m.person_name}'s dates", start_date=_day(v)),
                sort_key=lambda m: m.start_date or date.min,
            ),
            Column(
                "To",
                lambda m: m.end_date,
                edit=lambda m, v: self._change(m, f"Change {m.person_name}'s dates", end_date=_day(v)),
                sort_key=lambda m: m.end_date or date.max,
            ),
        ]

    # -- the contract with the main window --------------------------------------------------
    def show_task_force(self, task_force_id: int | None) -> None:
        """Show the team of a task force, or a hint when none is selected."""
        self.task_force_id = task_force_id
        self.refusal.hide()
        self.open_roles.show_task_force(task_force_id)
        # The open roles as tall as they need, up to half the tab (the page fills the tab when shown).
        if (total := self.stack.contentsRect().height() - self.split.handleWidth()) > 0:
            roles = min(self.open_roles.wanted_height(), total // 2)
            self.split.setSizes([total - roles, roles])
        if task_force_id is None:
            self.model.set_records([])
            self._loads = {}
            self.show_placeholder("Select a task force to see its team and staff it.")
        else:
            members = team(self.session.plan, task_force_id)
            self._loads = loads(self.session.plan, {m.person_id for m in members})
            self.model.set_records(members)
            self.show_page()
        self._after_change()

    def select_entity(self, kind: EntityKind, ident: int) -> bool:
        """Select a member's row, by membership or by person, or an open role's."""
        if kind is K.OPEN_ROLE:
            return self.open_roles.select_role(ident)
        row: int | None = None
        if kind is K.MEMBERSHIP:
            row = self.model.row_of(ident)
        elif kind is K.PERSON:
            row = next((r for r, m in enumerate(self.model.records()) if m.person_id == ident), None)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _open_for_drops(self) -> bool:
        return self.task_force_id is not None

    # -- reading -----------------------------------------------------------------------------
    def load(self, member: TeamMember) -> PersonLoad:
        """A member's total allocation across live task forces."""
        found = self._loads.get(member.person_id)
        return found or PersonLoad(member.person_id, member.capacity_pct, 0.0)

    def selected_members(self) -> list[TeamMember]:
        """The members whose rows are selected."""
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.record(row) for row in sorted(rows)]

    # -- edits -------------------------------------------------------------------------------
    def _change(self, member: TeamMember, label: str, **changes: Any) -> bool:
        if all(getattr(member, name) == value for name, value in changes.items()):
            return True
        share = changes.get("allocation_pct", member.allocation_pct)
        if share > member.allocation_pct and self.task_force_id is not None:
            team_of = (self.task_force_id, self._team_name())
            warning = over_capacity(
                member.person_name, member.capacity_pct, self.load(member), team_of, share
            )
            if warning and not go_on_anyway(self, warning):
                return False
        self.refusal.hide()
        self.session.refused.connect(self._show_refusal)
        try:
            outcome = self.session.update(K.MEMBERSHIP, member.id, member.version, changes, label)
        finally:
            self.session.refused.disconnect(self._show_refusal)
        return outcome is not None

    def _team_name(self) -> str:
        """The name of the task force shown."""
        assert self.task_force_id is not None
        return str(getattr(services.get(self.session.plan, K.TASK_FORCE, self.task_force_id), "name", ""))

    def _show_refusal(self, message: str, _field: str) -> None:
        """Say under the table why an in-place edit was not made."""
        colour = warning_colour(self.palette()).name()
        self.refusal.setText(f"<span style='color:{colour}'>⚠</span> {escape(message)}")
        self.refusal.show()

    def member_dialog(self) -> AddMemberDialog:
        """A dialog to pick someone from the roster for this task force."""
        assert self.task_force_id is not None
        return AddMemberDialog(self.session, self.task_force_id, self)

    def add_member(self) -> None:
        """Pick someone from the roster and put them on the team."""
        if self.task_force_id is not None:
            dialog = self.member_dialog()
            dialog.exec()
            dialog.deleteLater()

    def remove_members(self) -> None:
        """Take the selected people off the team, as one undo step."""
        members = self.selected_members()
        if not members:
            return
        label = (
            f"Remove {members[0].person_name} from the team"
            if len(members) == 1
            else (f"Remove {len(members)} members from the team")
        )
        remove_together(self.session, label, [(K.MEMBERSHIP, m.id, m.version) for m in members])

    def drop_people(self, mime: QMimeData) -> bool:
        """Put the people carried by a drag on the team: core, 20%, for the task force's dates."""
        if self.task_force_id is None:
            return False
        wanted = people_in(mime)
        on_team = {m.person_id for m in self.model.records()}
        # Someone already on the team is skipped, unless that is all there is: then say so.
        fresh = [ident for ident in wanted if ident not in on_team] or wanted[:1]
        if not fresh:
            return False
        plan, team_id = self.session.plan, self.task_force_id
        task_force = services.get(plan, K.TASK_FORCE, team_id)
        start, end = getattr(task_force, "start_date", None), getattr(task_force, "end_date", None)
        actions = [
            lambda p=p: services.add_member(plan, team_id, p, start_date=start, end_date=end) for p in fresh
        ]
        label = "Add team member" if len(fresh) == 1 else f"Add {len(fresh)} team members"
        return edit_together(self.session, label, actions) > 0

    # -- refreshing --------------------------------------------------------------------------
    def plan_changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        """Follow edits to the team, its people, their other task forces and its open roles, row by row."""
        self.open_roles.plan_changed(notices)
        records = self.model.records()
        changed: set[int] = set()
        people: set[int] = set()
        removed: set[int] = set()
        reload_loads = False
        for notice in notices:
            ids = set(notice.ids)
            if notice.kind is K.TASK_FORCE:
                if notice.action is ChangeAction.DELETED and self.task_force_id in ids:
                    self.show_task_force(None)
                    return
                reload_loads = True  # a team dispersed or re-formed frees or takes time
            elif notice.kind is K.MEMBERSHIP:
                reload_loads = True  # any team's change may move our members' totals
                if notice.action is ChangeAction.DELETED:
                    removed |= ids
                else:
                    changed |= ids
            elif notice.kind is K.PERSON:
                if notice.action is ChangeAction.DELETED:
                    removed |= {m.id for m in records if m.person_id in ids}
                else:
                    people |= ids
            elif notice.kind is K.FUNCTION:
                people |= {m.person_id for m in records if m.function_id in ids}
        self._refresh(changed, people, removed, reload_loads)

    def _refresh(self, changed: set[int], people: set[int], removed: set[int], reload_loads: bool) -> None:
        plan, team_id = self.session.plan, self.task_force_id
        assert team_id is not None
        fresh: dict[int, TeamMember] = {}
        if changed:
            fresh |= {m.id: m for m in team(plan, team_id, membership_ids=changed)}
        if people:
            fresh |= {m.id: m for m in team(plan, team_id, person_ids=people)}
        gone = {ident for ident in removed if self.model.row_of(ident) is not None}
        self.model.update_records([], gone)
        staff = {m.person_id for m in self.model.records()} | {m.person_id for m in fresh.values()}
        asked = staff if reload_loads else people & staff
        before = dict(self._loads)
        if asked:
            self._loads = {k: v for k, v in self._loads.items() if k in staff} | loads(plan, asked)
        moved = {p for p in asked if before.get(p) != self._loads.get(p)}
        rows = [m for m in self.model.records() if m.person_id in moved and m.id not in fresh]
        self.model.update_records([*fresh.values(), *rows])
        self._after_change()

    def _after_change(self) -> None:
        members = self.model.records()
        if not members or self.task_force_id is None:
            self.refusal.hide()
        if self.task_force_id is None:
            self.summary.clear()
        elif not members:
            self.summary.setText("No members yet")
        else:
            functions = len({m.function_id for m in members})
            fte = sum(m.allocation_pct for m in members) / 100
            over = sum(self.load(m).over_capacity for m in members)
            text = f"{_count(len(members), 'member')} from {_count(functions, 'function')}"
            text += f" · {fte:.1f} full-time equivalents"
            if over:
                text += f" · {over} over capacity"
            task_force = services.get(self.session.plan, K.TASK_FORCE, self.task_force_id)
            if isinstance(task_force, TaskForce) and task_force.status.pencilled:  # may not go ahead
                text += f" · {PENCIL} in pencil while {task_force.status.label.lower()}"
            self.summary.setText(text)
        self._enable_actions()

    def _enable_actions(self, *_args: object) -> None:
        self.add_action.setEnabled(self.task_force_id is not None)
        self.remove_action.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def current_member_id(self) -> int | None:
        """The membership in the current row, if any."""
        index = self.table.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else None


def _day(value: Any) -> date | None:
    """A date from an editor: a Python date, a QDate or nothing."""
    if value is None or isinstance(value, date):
        return value
    return value.toPython() if hasattr(value, "toPython") else None


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
