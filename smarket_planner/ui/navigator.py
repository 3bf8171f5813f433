"""The list of task forces on the left: search, filter by status, kind and function, pick one."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QKeyEvent, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.enums import LifecycleStatus, TaskForceKind
from smarket_planner.domain.records import EntityKind
from smarket_planner.services import ChangeAction, ChangeNotice
from smarket_planner.services import navigator_view as view
from smarket_planner.services.navigator_view import TaskForceSummary
from smarket_planner.ui.record_model import ID_ROLE, SORT_ROLE, Column, RecordTableModel
from smarket_planner.ui.session import PlanSession

Index = QModelIndex | QPersistentModelIndex
K = EntityKind

# Mid-tone colours that read on light and dark palettes alike, one per lifecycle status.
STATUS_COLOURS = {
    LifecycleStatus.PROPOSED: "#7f8fa6",
    LifecycleStatus.FORMING: "#d4952a",
    LifecycleStatus.ACTIVE: "#2e9e5b",
    LifecycleStatus.DISPERSED: "#8a6fd1",
    LifecycleStatus.ARCHIVED: "#8c8c8c",
}
STATUS_ORDER = {status: n for n, status in enumerate(LifecycleStatus)}
COLUMN_NAME, COLUMN_KIND, COLUMN_STATUS, COLUMN_DATES = range(4)


@cache
def dot_icon(colour: str, size: int = 12) -> QIcon:
    """A small filled circle in a colour, as shown beside a status or a function."""
    pixmap = QPixmap(size * 2, size * 2)  # drawn at twice the size, sharp on high-DPI screens
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(colour)
    painter.setPen(fill.darker(130))
    painter.setBrush(fill)
    painter.drawEllipse(2, 2, size - 4, size - 4)
    painter.end()
    return QIcon(pixmap)


def status_icon(status: LifecycleStatus) -> QIcon:
    """The coloured dot of a lifecycle status."""
    return dot_icon(STATUS_COLOURS[status])


def date_span(start: date | None, end: date | None) -> str:
    """Two dates as a short span, "5 Jan to 30 Jun 2027" with an en dash; "No dates" if neither is set."""
    if start and end:
        head = f"{start.day} {start:%b}" if start.year == end.year else f"{start.day} {start:%b %Y}"
        return f"{head} \u2013 {end.day} {end:%b %Y}"
    if start:
        return f"From {start.day} {start:%b %Y}"
    if end:
        return f"Until {end.day} {end:%b %Y}"
    return "No dates"


def _tooltip(summary: TaskForceSummary) -> str:
    people = f"{summary.member_count} {'person' if summary.member_count == 1 else 'people'}"
    objective = summary.objective if len(summary.objective) < 240 else summary.objective[:237] + "…"
    return f"<b>{summary.name}</b><br>{summary.kind.label} · {summary.status.label} · {people}" + (
        f"<p>{objective}</p>" if objective else ""
    )


def _dates_tooltip(summary: TaskForceSummary) -> str:
    start = summary.start_date.isoformat() if summary.start_date else "not set"
    end = summary.end_date.isoformat() if summary.end_date else "not set"
    return f"Start: {start}\nEnd: {end}"


def _by_status(summary: TaskForceSummary) -> tuple[Any, ...]:
    return (STATUS_ORDER[summary.status], summary.start_date or date.max, summary.name.casefold())


class TaskForceListModel(RecordTableModel):
    """Task forces as rows; the status column shows a coloured dot."""

    def __init__(self, parent: Any = None) -> None:
        columns = [
            Column("Name", lambda s: s.name, tooltip=_tooltip, sort_key=lambda s: s.name.casefold()),
            Column("Kind", lambda s: s.kind.label, sort_key=lambda s: (s.kind.label, s.name.casefold())),
            Column("Status", lambda s: s.status.label, sort_key=_by_status),
            Column(
                "Dates",
                lambda s: date_span(s.start_date, s.end_date),
                tooltip=_dates_tooltip,
                sort_key=lambda s: (s.start_date or date.max, s.end_date or date.max, s.name.casefold()),
            ),
        ]
        super().__init__(columns, parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's data; a status dot as the status column's decoration."""
        status_dot = role == Qt.ItemDataRole.DecorationRole and index.column() == COLUMN_STATUS
        if status_dot and index.isValid() and index.row() < self.rowCount():
            return status_icon(self.record(index.row()).status)
        return super().data(index, role)


class _NameAndDetails(QStyledItemDelegate):
    """Draws a task force's name in bold over its kind and dates, so a narrow list still says it all."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Two lines of text with a little air."""
        lines = option.fontMetrics.height() * 2 + 10
        return QSize(super().sizeHint(option, index).width(), lines)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The row's background as the style draws it, then the two lines of text."""
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        name, item.text = item.text, ""
        style = item.widget.style() if item.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        model = index.model()
        kind = model.index(index.row(), COLUMN_KIND).data()
        dates = model.index(index.row(), COLUMN_DATES).data()
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Normal
            if item.state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Disabled
        )
        main = item.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        quiet = main if selected else item.palette.color(group, QPalette.ColorRole.PlaceholderText)
        area = item.rect.adjusted(6, 4, -4, -4)
        half = area.height() // 2
        bold = QFont(item.font)
        bold.setBold(True)
        painter.save()
        painter.setFont(bold)
        painter.setPen(main)
        top = QRect(area.left(), area.top(), area.width(), half)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(
            top, flags, QFontMetrics(bold).elidedText(name, Qt.TextElideMode.ElideRight, area.width())
        )
        painter.setFont(item.font)
        painter.setPen(quiet)
        bottom = QRect(area.left(), area.top() + half, area.width(), area.height() - half)
        details = item.fontMetrics.elidedText(f"{kind} · {dates}", Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(bottom, flags, details)
        painter.restore()


class TaskForceFilter(QSortFilterProxyModel):
    """Shows the task forces that match the search text and the chosen status, kind and function."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.search = ""
        self.status: LifecycleStatus | None = None
        self.kind: TaskForceKind | None = None
        self.function_id: int | None = None

    def set_filters(self, **values: Any) -> None:
        """Change some of the filters and show the rows that match them all."""
        self.beginFilterChange()
        for name, value in values.items():
            setattr(self, name, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Whether a task force matches every filter."""
        summary: TaskForceSummary = self.sourceModel().record(source_row)  # type: ignore[attr-defined]
        words = self.search.casefold().split()
        haystack = f"{summary.name} {summary.kind.label} {summary.objective}".casefold()
        return (
            all(word in haystack for word in words)
            and self.status in (None, summary.status)
            and self.kind in (None, summary.kind)
            and (self.function_id is None or self.function_id in summary.function_ids)
        )

    def lessThan(self, left: Index, right: Index) -> bool:
        """Order rows by the column's natural sort key (status, then start date, by default)."""
        model = self.sourceModel()
        return bool(model.data(left, SORT_ROLE) < model.data(right, SORT_ROLE))


class _SearchField(QLineEdit):
    """The search field: Down moves into the list, Escape clears the search."""

    step_into_list = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys that move between the search and the list."""
        if event.key() == Qt.Key.Key_Down:
            self.step_into_list.emit()
        elif event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)


class TaskForceNavigator(QWidget):
    """Every task force of the plan, searchable and filterable; choosing one opens it."""

    task_force_selected = Signal(object)  # the task force's id, or None

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
        self.search = _SearchField(self)
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
        self.view.setItemDelegateForColumn(COLUMN_NAME, _NameAndDetails(self.view))
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_STATUS, QHeaderView.ResizeMode.ResizeToContents)
        # Kind and dates are drawn under the name; their columns stay in the model for sorting.
        self.view.setColumnHidden(COLUMN_KIND, True)
        self.view.setColumnHidden(COLUMN_DATES, True)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
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
        for function in functions:
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
