"""The Deliverables tab: the work of a task force, its owners and dates, and what it depends on."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.enums import DeliverableStatus, DependencyKind
from smarket_planner.domain.errors import NotFoundError
from smarket_planner.domain.records import EntityKind, TaskForce
from smarket_planner.services.views import log_view, work_view
from smarket_planner.services.views.work_view import DeliverableLine, UpstreamLink
from smarket_planner.ui.kit.cell_editors import (
    ChoiceDelegate,
    DateDelegate,
    DaysDelegate,
    DependsOnDelegate,
    RecordOrder,
    enum_items,
    person_items,
    refresh_rows,
)
from smarket_planner.ui.kit.commands import command
from smarket_planner.ui.kit.marks import chip
from smarket_planner.ui.kit.record_model import Column, RecordTableModel
from smarket_planner.ui.kit.removal import confirm_removal
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.kit.task_force_tab import TaskForceTab
from smarket_planner.ui.work.work_dialogs import DeliverableDialog, UpstreamPicker

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
STATUS_COLOURS = {
    DeliverableStatus.PLANNED: "#8a94a6",
    DeliverableStatus.IN_PROGRESS: "#2f7ed8",
    DeliverableStatus.BLOCKED: "#d64541",
    DeliverableStatus.DONE: "#2e9e5b",
    DeliverableStatus.CANCELLED: "#b0a89a",
}
WATCHED = {EntityKind.DELIVERABLE, EntityKind.DEPENDENCY, EntityKind.PERSON, EntityKind.TASK_FORCE}
OWNER, DURATION, START, DUE, STATUS, DEPENDS = 1, 2, 3, 4, 5, 6


def _links_tooltip(line: DeliverableLine) -> str:
    if not line.upstream:
        return "Depends on nothing"
    return "Depends on:\n" + "\n".join(f"• {link.shown} — {link.kind.label}" for link in line.upstream)


class DeliverablesTab(TaskForceTab):
    """The deliverables of the selected task force, edited in place, with their upstream links."""

    title = "Deliverables"
    entity_selected = Signal(object, int)  # EntityKind.DELIVERABLE, id: the row chosen

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.model = RecordTableModel(self._columns(), self)
        self.order = RecordOrder(self)
        self.order.setSourceModel(self.model)
        self.view = self._table(self.order)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(START, Qt.SortOrder.AscendingOrder)
        people = ChoiceDelegate(self._people, self.view)
        self.view.setItemDelegateForColumn(OWNER, people)
        self.view.setItemDelegateForColumn(DURATION, DaysDelegate(self.view))
        self.view.setItemDelegateForColumn(START, DateDelegate(self.view))
        self.view.setItemDelegateForColumn(DUE, DateDelegate(self.view))
        self.view.setItemDelegateForColumn(
            STATUS, ChoiceDelegate(lambda: enum_items(DeliverableStatus), self.view)
        )
        self.view.setItemDelegateForColumn(DEPENDS, DependsOnDelegate(self._upstream_of, self.view))
        for column, width in ((0, 230), (OWNER, 120), (DURATION, 56), (START, 92), (DUE, 92), (STATUS, 104)):
            self.view.setColumnWidth(column, width)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._row_changed())

        self.links = RecordTableModel(
            [
                Column("Upstream deliverable", lambda link: link.title, tooltip=lambda link: link.shown),
                Column("Task force", lambda link: link.task_force_name, foreground=self._other_team),
                Column(
                    "Kind",
                    lambda link: link.kind.label,
                    edit=self._set_kind,
                    edit_value=lambda link: link.kind,
                ),
            ],
            self,
        )
        self.links_view = self._table(self.links)
        self.links_view.setItemDelegateForColumn(2, ChoiceDelegate(lambda: enum_items(DependencyKind), self))
        self.links_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.links_view.setColumnWidth(1, 200)
        self.links_view.setColumnWidth(2, 120)
        self.links_view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())

        self.add_action = command(self, "&Add deliverable…", self.add_deliverable, "Ins")
        self.remove_action = command(
            self, "&Remove deliverable", self.remove_deliverable, "Del", QStyle.StandardPixmap.SP_TrashIcon
        )
        self.link_action = command(
            self, "Add &upstream…", self.add_upstream, "Ctrl+L", QStyle.StandardPixmap.SP_ArrowUp
        )
        self.unlink_action = command(
            self, "Remove lin&k", self.remove_link, "", QStyle.StandardPixmap.SP_DialogCancelButton
        )
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.addAction(self.remove_action)

        bar = QHBoxLayout()
        bar.addWidget(_button(self.add_action))
        bar.addWidget(_button(self.remove_action))
        bar.addStretch(1)
        self.links_title = QLabel()
        self.links_title.setTextFormat(Qt.TextFormat.PlainText)
        # Wrapping keeps a long deliverable title from widening the whole workspace.
        self.links_title.setWordWrap(True)
        links_bar = QHBoxLayout()
        links_bar.addWidget(self.links_title, 1)
        links_bar.addWidget(_button(self.link_action))
        links_bar.addWidget(_button(self.unlink_action))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addLayout(links_bar)
        lower_layout.addWidget(self.links_view)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([420, 170])
        self.set_page(self.splitter)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.show_task_force(None)

    # -- building ---------------------------------------------------------------------------
    def _columns(self) -> list[Column]:
        return [
            Column(
                "Title",
                lambda d: d.record.title,
                edit=self._setter("title"),
                tooltip=lambda d: d.record.title,
            ),
            Column(
                "Owner",
                lambda d: d.owner_name,
                edit=self._setter("owner_id"),
                edit_value=lambda d: d.record.owner_id,
            ),
            Column("Days", lambda d: d.record.duration_days, edit=self._setter("duration_days"), align=RIGHT),
            Column("Start", lambda d: d.record.start_date, edit=self._setter("start_date"), align=RIGHT),
            Column("Due", lambda d: d.record.due_date, edit=self._setter("due_date"), align=RIGHT),
            Column(
                "Status",
                lambda d: d.record.status.label,
                edit=self._setter("status"),
                edit_value=lambda d: d.record.status,
                icon=lambda d: chip(STATUS_COLOURS[d.record.status]),
                sort_key=lambda d: list(DeliverableStatus).index(d.record.status),
            ),
            Column(
                "Depends on", lambda d: ", ".join(link.shown for link in d.upstream), tooltip=_links_tooltip
            ),
        ]

    def _table(self, model: Any) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        return view

    def _upstream_of(self, index: QModelIndex) -> tuple[UpstreamLink, ...]:
        line: DeliverableLine = self.model.record(self.order.mapToSource(index).row())
        return line.upstream

    def _people(self) -> list[Any]:
        return person_items(log_view.person_choices(self.session.plan, self.task_force_id), none="No owner")

    def _other_team(self, link: UpstreamLink) -> QColor | None:
        return self.palette().color(QPalette.ColorRole.Link) if link.other_team else None

    # -- what is shown ----------------------------------------------------------------------
    def show_task_force(self, task_force_id: int | None) -> None:
        """Show the deliverables of a task force, or a hint when none is selected."""
        self.task_force_id = task_force_id
        lines = self._query()
        self.model.set_records(lines or [])
        self._show_lines(lines)
        if lines:
            self.view.selectRow(0)
        self._show_links()

    def select_entity(self, kind: EntityKind, ident: int) -> bool:
        """Select a deliverable of this task force."""
        row = self.model.row_of(ident) if kind is EntityKind.DELIVERABLE else None
        if row is None:
            return False
        self.view.selectRow(self.order.mapFromSource(self.model.index(row, 0)).row())
        self.view.setFocus()
        return True

    def _row_changed(self) -> None:
        self._show_links()
        line = self.current_line()
        if line is not None:
            self.entity_selected.emit(EntityKind.DELIVERABLE, line.id)

    def current_line(self) -> DeliverableLine | None:
        """The selected deliverable, if any."""
        index = self.view.currentIndex()
        return self.model.record(self.order.mapToSource(index).row()) if index.isValid() else None

    def _query(self) -> list[DeliverableLine] | None:
        if self.task_force_id is None:
            return None
        try:
            return work_view.deliverable_lines(self.session.plan, self.task_force_id)
        except NotFoundError:
            return None

    def _show_lines(self, lines: list[DeliverableLine] | None) -> None:
        if lines:
            self.show_page()
        elif lines is None:
            self.show_placeholder("Select a task force to see its deliverables and what they depend on.")
        else:
            self.show_placeholder("No deliverables yet. Add the first piece of work with Add deliverable.")

    def _show_links(self) -> None:
        line = self.current_line()
        self.links.set_records(line.upstream if line else [])
        if line is None:
            self.links_title.setText("Select a deliverable to see what it depends on.")
        elif not line.upstream:
            self.links_title.setText(
                f"“{line.record.title}” depends on nothing yet: it can start on its own."
            )
        else:
            self.links_title.setText(f"“{line.record.title}” depends on:")
        self._enable()

    def _enable(self) -> None:
        has_line = self.current_line() is not None
        self.add_action.setEnabled(self.task_force_id is not None)
        self.remove_action.setEnabled(has_line)
        self.link_action.setEnabled(has_line)
        self.unlink_action.setEnabled(self.links_view.currentIndex().isValid())

    def plan_changed(self, notices: tuple[services.ChangeNotice, ...]) -> None:
        """Refresh the rows and links an edit touched, keeping the selection."""
        if not any(notice.kind in WATCHED for notice in notices):
            return
        lines = self._query()
        refresh_rows(self.model, lines or [])
        self._show_lines(lines)
        line = self.current_line()
        if line is not None:
            refresh_rows(self.links, line.upstream)
        else:
            self.links.set_records([])
        self._enable()

    # -- edits ------------------------------------------------------------------------------
    def _setter(self, name: str) -> Any:
        def edit(line: DeliverableLine, value: Any) -> bool:
            deliverable = line.record
            label = f"Edit deliverable '{deliverable.title}'"
            done = self.session.update(
                EntityKind.DELIVERABLE, deliverable.id, deliverable.version, {name: value}, label
            )
            return done is not None

        return edit

    def _set_kind(self, link: UpstreamLink, kind: Any) -> bool:
        label = f"Make the link to '{link.title}' {kind.label.lower()}"
        done = self.session.update(EntityKind.DEPENDENCY, link.id, link.version, {"kind": kind}, label)
        return done is not None

    def add_deliverable(self) -> DeliverableDialog | None:
        """Open a dialog for a new deliverable of this task force."""
        if self.task_force_id is None:
            return None
        task_force = self.task_force_id
        plan = self.session.plan
        record = services.get(plan, EntityKind.TASK_FORCE, task_force)
        assert isinstance(record, TaskForce)
        start = record.start_date

        def apply(values: dict[str, Any]) -> bool:
            outcome = self.session.edit(
                lambda: services.create(plan, EntityKind.DELIVERABLE, task_force_id=task_force, **values)
            )
            if outcome is not None:
                self.select_entity(EntityKind.DELIVERABLE, outcome.value.id)
            return outcome is not None

        people = log_view.person_choices(plan, task_force)
        dialog = DeliverableDialog(self.session, apply, people, start, self)
        dialog.open()
        return dialog

    def remove_deliverable(self) -> None:
        """Remove the selected deliverable and its links (undo brings them back)."""
        line = self.current_line()
        kind = EntityKind.DELIVERABLE
        if line is not None and confirm_removal(self, self.session, kind, [line.id], line.record.title):
            self.session.delete(kind, line.id, line.record.version)

    def add_upstream(self) -> UpstreamPicker | None:
        """Open the picker of deliverables, of any task force, that the selected one depends on."""
        line = self.current_line()
        if line is None:
            return None
        dialog = UpstreamPicker(self.session, line, self.link_upstream, self)
        dialog.open()
        return dialog

    def link_upstream(self, values: dict[str, Any]) -> bool:
        """Link two deliverables as one undo step; a refused link says why."""
        if values["upstream_id"] is None:
            self.session.refused.emit("Pick the deliverable this one depends on.", "upstream_id")
            return False
        return self.session.edit(lambda: services.add_dependency(self.session.plan, **values)) is not None

    def remove_link(self) -> None:
        """Drop the selected upstream link."""
        index = self.links_view.currentIndex()
        if index.isValid():
            link: UpstreamLink = self.links.record(index.row())
            self.session.delete(EntityKind.DEPENDENCY, link.id, link.version, "Remove dependency")


def _button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setAutoRaise(True)
    return button
