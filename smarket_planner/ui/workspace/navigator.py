"""The list of task forces on the left: search, filter by status, kind and function, pick one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.analysis.model import Health
from smarket_planner.domain.enums import LifecycleStatus, TaskForceKind
from smarket_planner.domain.records import EntityKind, Function
from smarket_planner.services import ChangeAction, ChangeNotice
from smarket_planner.services.views import navigator_view as view
from smarket_planner.ui.kit.marks import STATUS_COLOURS, dot_icon, status_icon
from smarket_planner.ui.kit.record_model import ID_ROLE
from smarket_planner.ui.kit.search_field import SearchField
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.workspace.navigator_model import (
    COLUMN_DATES,
    COLUMN_KIND,
    COLUMN_NAME,
    COLUMN_STATUS,
    NameAndDetails,
    TaskForceFilter,
    TaskForceListModel,
)
from smarket_planner.ui.workspace.task_force_commands import delete_task_force, duplicate_task_force

__all__ = [
    "COLUMN_NAME",
    "STATUS_COLOURS",
    "TaskForceFilter",
    "TaskForceListModel",
    "TaskForceNavigator",
    "dot_icon",
    "status_icon",
]

K = EntityKind


class TaskForceNavigator(QWidget):
    """Every task force of the plan, searchable and filterable; choosing one opens it."""

    task_force_selected = Signal(object)  # the task force's id, or None
    save_as_template_requested = Signal(int)  # the task force's id: the window asks and saves

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._current: int | None = None
        self._quiet = False  # set while rows move for reasons other than the user's choice
        self._owners: dict[int, int] = {}  # membership id -> task force id
        self.model = TaskForceListModel(self)
        self.proxy = TaskForceFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.reload()
        session.changed.connect(self._on_changed)

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = SearchField(self)
        self.search.setPlaceholderText("Search task forces")
        self.search.setToolTip("Search names, kinds and objectives (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self._filter(search=text))
        self.status_filter = self._combo("Status", "Show only task forces in this status")
        for status in LifecycleStatus:
            self.status_filter.addItem(status_icon(status), status.label, status)
        self.kind_filter = self._combo("Kind", "Show only task forces of this kind")
        for kind in TaskForceKind:
            self.kind_filter.addItem(kind.label, kind)
        self.function_filter = self._combo(
            "Function", "Show only task forces with a member from this function"
        )
        self.status_filter.currentIndexChanged.connect(
            lambda: self._filter(status=self.status_filter.currentData())
        )
        self.kind_filter.currentIndexChanged.connect(
            lambda: self._filter(kind=self.kind_filter.currentData())
        )
        self.function_filter.currentIndexChanged.connect(
            lambda: self._filter(function_id=self.function_filter.currentData())
        )

        self.view = QTreeView(self)
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COLUMN_STATUS, Qt.SortOrder.AscendingOrder)
        self.view.setItemDelegateForColumn(COLUMN_NAME, NameAndDetails(self.view))
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_NAME, QHeaderView.ResizeMode.Stretch)
        # As wide as the widest status, worked out once: sizing to the contents would read every
        # row of a plan of a thousand task forces whenever the list changes.
        header.setSectionResizeMode(COLUMN_STATUS, QHeaderView.ResizeMode.Fixed)
        widest = max(self.view.fontMetrics().horizontalAdvance(status.label) for status in LifecycleStatus)
        style = self.view.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.view) + 1
        icon = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, self.view)
        header.resizeSection(COLUMN_STATUS, widest + icon + 6 * margin + 16)  # text, dot, padding, sort arrow
        # Kind and dates are drawn under the name; their columns stay in the model for sorting.
        self.view.setColumnHidden(COLUMN_KIND, True)
        self.view.setColumnHidden(COLUMN_DATES, True)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.duplicate_action = QAction("D&uplicate Task Force…", self)
        self.duplicate_action.triggered.connect(self.duplicate_current)
        self.delete_action = QAction("&Delete Task Force…", self)
        self.delete_action.triggered.connect(self.delete_current)
        self.template_action = QAction("Save as Te&mplate…", self)
        self.template_action.setToolTip(
            "Save its goals, KPIs, RACI, deliverables and lessons as your own template"
        )
        self.template_action.triggered.connect(self._save_as_template)
        self.search.step_into_list.connect(self._step_into_list)
        self.proxy.rowsInserted.connect(self._show_count)
        self.proxy.rowsRemoved.connect(self._show_count)
        self.proxy.modelReset.connect(self._show_count)

        self.count = QLabel(self)
        self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # quieter than the list

        filters = QHBoxLayout()
        filters.setSpacing(4)
        for combo in (self.status_filter, self.kind_filter, self.function_filter):
            filters.addWidget(combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)

    def _combo(self, everything: str, tooltip: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(everything, None)
        combo.setToolTip(tooltip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        return combo

    # -- what the main window asks -------------------------------------------------------------
    def set_health(self, healths: dict[int, Health]) -> None:
        """Show each live task force's alignment health as a badge (from the latest analysis)."""
        self.model.set_health(healths)

    def duplicate_current(self) -> None:
        """Copy the chosen task force under a new name and show the copy."""
        chosen = self.current_task_force()
        if chosen is not None and not self.session.plan.read_only:
            copy = duplicate_task_force(self, self.session, chosen)
            if copy is not None:
                self.select_task_force(copy)

    def delete_current(self) -> None:
        """Delete the chosen task force with everything it holds, after asking."""
        chosen = self.current_task_force()
        row = self.model.row_of(chosen) if chosen is not None else None
        if chosen is not None and row is not None and not self.session.plan.read_only:
            delete_task_force(self, self.session, chosen, self.model.record(row).version)

    def _context_menu(self, where: QPoint) -> None:
        index = self.view.indexAt(where)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addActions([self.duplicate_action, self.delete_action])
        for action in menu.actions():
            action.setEnabled(not self.session.plan.read_only)
        menu.addSeparator()
        menu.addAction(self.template_action)  # only reads the plan: a read-only one too
        menu.exec(self.view.viewport().mapToGlobal(where))

    def _save_as_template(self) -> None:
        chosen = self.current_task_force()
        if chosen is not None:
            self.save_as_template_requested.emit(chosen)

    def focus_search(self) -> None:
        """Put the cursor in the search field, its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current_task_force(self) -> int | None:
        """The task force chosen in the list, if any."""
        return self._current

    def select_task_force(self, task_force_id: int | None) -> bool:
        """Choose a task force in the list (clearing filters that hide it); None clears the choice."""
        if task_force_id is None:
            self.view.selectionModel().clear()
            self._set_current(None)
            return True
        row = self.model.row_of(task_force_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.clear_filters()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self._set_current(task_force_id)
        return True

    def clear_filters(self) -> None:
        """Show every task force again."""
        for combo in (self.status_filter, self.kind_filter, self.function_filter):
            combo.setCurrentIndex(0)
        self.search.clear()

    def reload(self) -> None:
        """Read every task force afresh (a new plan, or after a large import)."""
        summaries = view.task_force_summaries(self.session.plan)
        self._owners = {m: s.id for s in summaries for m in s.membership_ids}
        self.model.set_records(summaries)
        self._fill_functions()
        if self._current is None or self.model.row_of(self._current) is None:
            # Open on the first task force listed rather than on an empty workspace.
            first = self.proxy.index(0, 0).data(ID_ROLE) if self.proxy.rowCount() else None
            self._current = None
            self.select_task_force(first)
        self._keep_selection()
        self._show_count()

    # -- keeping up with edits -------------------------------------------------------------------
    def _on_changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        plan = self.session.plan
        affected: set[int] = set()
        removed: set[int] = set()
        for notice in notices:
            if notice.kind is K.TASK_FORCE:
                (removed if notice.action is ChangeAction.DELETED else affected).update(notice.ids)
            elif notice.kind is K.MEMBERSHIP:
                affected.update(self._owners[m] for m in notice.ids if m in self._owners)
                if notice.action is not ChangeAction.DELETED:
                    affected |= view.task_forces_of_memberships(plan, notice.ids)
            elif notice.kind is K.PERSON and notice.action is ChangeAction.UPDATED:
                affected |= view.task_forces_of_people(plan, notice.ids)
            elif notice.kind is K.FUNCTION:
                self._fill_functions()
        affected -= removed
        if not affected and not removed:
            return
        summaries = view.task_force_summaries(plan, affected) if affected else []
        removed |= affected - {summary.id for summary in summaries}
        self._owners = {m: t for m, t in self._owners.items() if t not in removed | affected}
        self._owners.update({m: s.id for s in summaries for m in s.membership_ids})
        self._quiet = True  # rows moving or going away do not change the choice
        try:
            self.model.update_records(summaries, sorted(removed))
        finally:
            self._quiet = False
        self._keep_selection()
        self._show_count()
        if self._current in removed:
            self._set_current(None)

    def _fill_functions(self) -> None:
        chosen = self.function_filter.currentData()
        self.function_filter.blockSignals(True)
        self.function_filter.clear()
        self.function_filter.addItem("Function", None)
        functions = services.find(self.session.plan, K.FUNCTION, order=("name",))
        for function in (record for record in functions if isinstance(record, Function)):
            self.function_filter.addItem(dot_icon(function.colour), function.name, function.id)
        found = self.function_filter.findData(chosen)
        self.function_filter.setCurrentIndex(max(found, 0))
        self.function_filter.blockSignals(False)
        if found < 0 and chosen is not None:
            self._filter(function_id=None)

    def _filter(self, **values: Any) -> None:
        self._quiet = True  # filtering shows and hides rows; it does not choose another one
        try:
            self.proxy.set_filters(**values)
        finally:
            self._quiet = False
        self._keep_selection()
        self._show_count()

    def _keep_selection(self) -> None:
        """Show the chosen task force as selected again after rows moved or came back."""
        row = self.model.row_of(self._current) if self._current is not None else None
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else QModelIndex()
        current = self.view.currentIndex()
        if index.isValid() and (not current.isValid() or current.row() != index.row()):
            self._quiet = True
            try:
                self.view.setCurrentIndex(index)
            finally:
                self._quiet = False
        elif not index.isValid() and current.isValid():
            # The choice is hidden (or gone): no other row should look chosen.
            self.view.selectionModel().blockSignals(True)
            self.view.selectionModel().clear()
            self.view.selectionModel().blockSignals(False)
            self.view.viewport().update()

    def _show_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if total == 0:
            self.count.setText("No task forces yet: form one with New Task Force…")
        elif shown == total:
            self.count.setText(f"{total} task force{'s' if total != 1 else ''}")
        else:
            self.count.setText(f"{shown} of {total} task forces match")

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._quiet:
            self._set_current(current.data(ID_ROLE))

    def _set_current(self, task_force_id: int | None) -> None:
        if task_force_id != self._current:
            self._current = task_force_id
            self.task_force_selected.emit(task_force_id)

    def _step_into_list(self) -> None:
        self.view.setFocus(Qt.FocusReason.TabFocusReason)
        if not self.view.currentIndex().isValid() and self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))
