"""The Goals & KPIs tab: shared goals, the KPIs under them, their trends and check-ins."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import CheckIn, EntityKind
from smarket_planner.services import ChangeAction, ChangeNotice
from smarket_planner.services.views.goals_view import GoalView, KpiView, goals_of
from smarket_planner.ui.goals.check_ins import CheckInDialog
from smarket_planner.ui.goals.goal_actions import GoalActions
from smarket_planner.ui.goals.goal_dialog import GoalDialog
from smarket_planner.ui.goals.goal_tree import RECORD_ROLE, GoalColumn, GoalTreeModel
from smarket_planner.ui.goals.kpi_chart import OwnerChipsDelegate, SparklineDelegate
from smarket_planner.ui.goals.kpi_detail import KpiDetail, hint_label
from smarket_planner.ui.goals.kpi_dialogs import KpiDialog
from smarket_planner.ui.kit.edit_dialog import EditDialog
from smarket_planner.ui.kit.removal import confirm_removal
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.kit.task_force_tab import TaskForceTab

K = EntityKind
WATCHED = {K.GOAL, K.KPI, K.CHECK_IN, K.FUNCTION, K.PERSON}


class GoalsTab(TaskForceTab):
    """A task force's shared goals and KPIs, each KPI's trend, and its check-in history."""

    title = "Goals & KPIs"

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.today = date.today()
        self.dialog: QDialog | None = None  # the editor open now, if any
        self.model = GoalTreeModel(self)
        self._build_actions()
        self._build_tree()
        self._build_detail()
        self.set_page(self._workspace())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_task_force(None)

    # -- building -----------------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.commands = commands = GoalActions(
            self, self.add_goal, self.add_kpi, self.edit_selected, self.remove_selected, self.record_check_in
        )
        self.add_goal_action, self.add_kpi_action = commands.add_goal, commands.add_kpi
        self.edit_action, self.remove_action = commands.edit, commands.remove
        self.check_in_action = commands.check_in

    def _build_tree(self) -> None:
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(16)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.doubleClicked.connect(lambda _index: self.edit_selected())
        self.sparkline = SparklineDelegate(self.tree)
        self.tree.setItemDelegateForColumn(GoalColumn.OWNERS, OwnerChipsDelegate(self.tree))
        self.tree.setItemDelegateForColumn(GoalColumn.TREND, self.sparkline)
        for name, keys, slot in (  # named for Help ▸ Keyboard Shortcuts
            ("Remove goal or KPI", QKeySequence.StandardKey.Delete, self.remove_selected),
            ("Edit goal or KPI", "F2", self.edit_selected),
            ("Edit goal or KPI", "Return", self.edit_selected),
        ):
            action = QAction(name, self.tree)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.tree.addAction(action)
        header = self.tree.header()
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        # The title is what a manager reads first: wide, with the figures scrolling beside it.
        header.setSectionResizeMode(GoalColumn.TITLE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(GoalColumn.TITLE, metrics.horizontalAdvance("M" * 24))
        widths = {
            GoalColumn.OWNERS: "MM Sales MM Mark",
            GoalColumn.UNIT: "mentions",
            GoalColumn.BASELINE: "Baseline",
            GoalColumn.TARGET: "Baseline",
            GoalColumn.DIRECTION: "Dir.",
            GoalColumn.DUE: "0000-00-00",
            GoalColumn.WEIGHT: "Weight",
            GoalColumn.INCENTIVE: "Incentive",
            GoalColumn.COMMITMENT: "Aspirational",
            GoalColumn.LATEST: "Baseline",
            GoalColumn.STATUS: "MMOff track",
            GoalColumn.TREND: "Trend line",
        }
        for column, sample in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 14)
        header.setMinimumSectionSize(metrics.horizontalAdvance("Dir.") + 14)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)

    def _build_detail(self) -> None:
        self.detail = KpiDetail(self.session, self.check_in_action)
        self.chart, self.history = self.detail.chart, self.detail.history
        self.kpi_title, self.kpi_facts = self.detail.kpi_title, self.detail.kpi_facts
        self.detail_hint = self.detail.hint

    def _workspace(self) -> QWidget:
        bar = self.commands.toolbar()
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(
            hint_label("No goals yet. Agree shared goals with the functional leaders, then add them here.")
        )
        add = QToolButton()
        add.setDefaultAction(self.add_goal_action)
        add.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        empty_layout.addWidget(add, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(1)
        self.tree_pages = QStackedWidget()
        self.tree_pages.addWidget(empty)
        self.tree_pages.addWidget(self.tree)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.tree_pages)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([300, 260])
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(bar)
        layout.addWidget(self.splitter, 1)
        return page

    # -- the contract with the main window ------------------------------------------------------
    def show_task_force(self, task_force_id: int | None) -> None:
        """Show the goals and KPIs of a task force (None: a hint to pick one)."""
        if task_force_id != self.task_force_id:
            self.model.set_goals([])
        self.task_force_id = task_force_id
        if task_force_id is None:
            self.show_placeholder("Select a task force to see its shared goals and KPIs.")
        else:
            self.show_page()
            self._reload()
            self.tree.expandAll()
            if not self.tree.currentIndex().isValid():
                self._select_first_kpi()
        self._selection_changed()

    def _select_first_kpi(self) -> None:
        """Open on the first KPI, so its trend shows without a click."""
        for row in range(self.model.rowCount()):
            goal = self.model.index(row, 0)
            if self.model.rowCount(goal):
                self.tree.setCurrentIndex(self.model.index(0, 0, goal))
                return

    def select_entity(self, kind: EntityKind, ident: int) -> bool:
        """Select a goal, a KPI or a check-in of the task force shown."""
        check_in = None
        if kind is K.CHECK_IN:
            try:
                check_in = services.get(self.session.plan, K.CHECK_IN, ident)
            except DomainError:
                return False
            assert isinstance(check_in, CheckIn)
            kind, ident = K.KPI, check_in.kpi_id
        index = self.model.index_of(kind, ident)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.tree.selectionModel().select(index, flags)
        return check_in is None or self.history.select_check_in(check_in.id)

    # -- what is selected -----------------------------------------------------------------------
    def selected(self) -> GoalView | KpiView | None:
        """The goal or KPI selected in the tree."""
        rows = self.tree.selectionModel().selectedRows()
        return rows[0].data(RECORD_ROLE) if rows else None

    def selected_goal(self) -> GoalView | None:
        """The goal selected, or the goal of the KPI selected."""
        item = self.selected()
        if isinstance(item, KpiView):
            return next((g for g in self.model.goals() if g.id == item.goal_id), None)
        return item

    def selected_kpi(self) -> KpiView | None:
        """The KPI selected, if a KPI is."""
        item = self.selected()
        return item if isinstance(item, KpiView) else None

    # -- actions --------------------------------------------------------------------------------
    def _open(self, dialog: EditDialog) -> EditDialog:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._after_edit(dialog))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: EditDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _after_edit(self, dialog: EditDialog) -> None:
        made = getattr(dialog.outcome, "value", None)
        if isinstance(dialog, GoalDialog | KpiDialog) and made is not None and hasattr(made, "id"):
            kind = K.GOAL if isinstance(dialog, GoalDialog) else K.KPI
            self.tree.expandAll()
            self.select_entity(kind, made.id)

    def add_goal(self) -> EditDialog | None:
        """Open the editor for a new goal."""
        if self.task_force_id is None:
            return None
        return self._open(GoalDialog(self.session, self.task_force_id, parent=self))

    def add_kpi(self) -> EditDialog | None:
        """Open the editor for a new KPI under the selected goal."""
        goal = self.selected_goal()
        if goal is None:
            return None
        return self._open(KpiDialog(self.session, self.model.goals(), goal.id, None, self._start(), self))

    def edit_selected(self) -> EditDialog | None:
        """Open the editor of the selected goal or KPI."""
        item = self.selected()
        if isinstance(item, GoalView):
            return self._open(GoalDialog(self.session, item.task_force_id, item, self))
        if isinstance(item, KpiView):
            return self._open(
                KpiDialog(self.session, self.model.goals(), item.goal_id, item, self._start(), self)
            )
        return None

    def remove_selected(self) -> None:
        """Remove the selected goal (with its KPIs) or KPI, as one undo step."""
        item = self.selected()
        if item is None:
            return
        kind = K.GOAL if isinstance(item, GoalView) else K.KPI
        if not confirm_removal(self, self.session, kind, [item.id], item.title):
            return
        self.session.delete(kind, item.id, item.version, f"Remove {kind.label} '{item.title}'")

    def record_check_in(self) -> EditDialog | None:
        """Open the check-in dialog for the selected KPI."""
        kpi = self.selected_kpi()
        if kpi is None:
            return None
        return self._open(CheckInDialog(self.session, kpi, self.today, self))

    def _start(self) -> date | None:
        kpis = [k for g in self.model.goals() for k in self.model.kpis(g.id)]
        if kpis:
            return kpis[0].task_force_start
        if self.task_force_id is None:
            return None
        found = services.get(self.session.plan, K.TASK_FORCE, self.task_force_id)
        return getattr(found, "start_date", None)

    def _context_menu(self, where: QPoint) -> None:
        index = self.tree.indexAt(where)
        if not index.isValid():
            self.tree.clearSelection()
        self.commands.menu(self.selected()).exec(self.tree.viewport().mapToGlobal(where))

    # -- refreshing -----------------------------------------------------------------------------
    def _reload(self) -> None:
        assert self.task_force_id is not None
        self.model.today = self.sparkline.today = self.today
        try:
            goals = goals_of(self.session.plan, self.task_force_id, self.today)
        except DomainError:  # the task force itself is gone
            self.show_task_force(None)
            return
        self.model.set_goals(goals)
        self.tree_pages.setCurrentIndex(1 if goals else 0)

    def plan_changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        """Follow edits to the goals, KPIs and check-ins shown, and to their owners."""
        ours = any(n.kind is K.TASK_FORCE and self.task_force_id in n.ids for n in notices)
        if ours and any(n.action is ChangeAction.DELETED for n in notices if n.kind is K.TASK_FORCE):
            self.show_task_force(None)
            return
        if not ours and not any(n.kind in WATCHED for n in notices):
            return
        self._reload()
        created = {n.kind for n in notices if n.action is ChangeAction.CREATED}
        if K.KPI in created or K.GOAL in created:
            self.tree.expandAll()
        self.history.apply_notices(notices)
        self._selection_changed()

    def _selection_changed(self) -> None:
        item = self.selected()
        self.commands.enable_for(item)
        if isinstance(item, KpiView):
            self.detail.show_kpi(item, self.today)
        else:
            self.detail.show_goal(item)
