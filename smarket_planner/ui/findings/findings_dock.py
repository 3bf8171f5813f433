"""The Findings panel: what the analysis found, worst first; choosing one shows what it names."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPoint, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.services.actions.remedies import FIXABLE
from smarket_planner.services.reports.analysis import Finding, Severity
from smarket_planner.ui.kit.record_model import SORT_ROLE, Column, RecordTableModel
from smarket_planner.ui.kit.scheme import text_on_base

SEVERITY_COLOURS = {Severity.ERROR: "#d64541", Severity.WARNING: "#e0a526", Severity.INFO: "#4a90d9"}


FindingKey = tuple[object, ...]


def finding_key(finding: Finding) -> FindingKey:
    """What tells one finding from another across analyses (the numbers behind it may move)."""
    return (finding.kind, finding.severity, finding.message, finding.task_force_ids, finding.entities)


@dataclass(frozen=True)
class FindingRow:
    """One finding as a row, with the names of the task forces it concerns."""

    id: int
    finding: Finding
    teams: str


class FindingsDock(QDockWidget):
    """Findings of the whole plan or of the shown task force; activate one to go there."""

    entity_chosen = Signal(object)  # the Finding chosen
    fix_requested = Signal(object)  # the Finding whose remedy the manager asked for

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Findings", parent)
        self.setObjectName("findings-dock")
        style = self.style()
        self._icons = {
            Severity.ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            Severity.WARNING: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            Severity.INFO: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }
        self.model = RecordTableModel(self._columns(), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        # Worst first, as the rows are kept: the proxy sorts only once a header is clicked, not
        # thousands of findings through Python on every analysis.
        self.view.setSortingEnabled(True)
        self.proxy.sort(-1)
        header = self.view.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 90)
        header.resizeSection(2, 190)
        # One click on a finding goes to what it names; Enter does the same from the keyboard.
        self.view.clicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        self.severity = QComboBox()
        self.severity.addItem("All findings", Severity.INFO.rank)
        self.severity.addItem("Warnings and errors", Severity.WARNING.rank)
        self.severity.addItem("Errors only", Severity.ERROR.rank)
        self.severity.currentIndexChanged.connect(self._refilter)
        self.only_shown = QCheckBox("Only the task force shown")
        self.only_shown.toggled.connect(self._refilter)
        self.summary = QLabel()
        self.summary.setForegroundRole(self.summary.foregroundRole())
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # an indicator that moves: the analysis is running
        self.busy.setMaximumWidth(90)
        self.busy.setMaximumHeight(self.fontMetrics().height())
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.fix_action = QAction("&Fix…", self)
        self.fix_action.setToolTip("Open the edit that remedies the selected finding, filled in")
        self.fix_action.setShortcut(QKeySequence("Ctrl+Return"))  # the button's own text has no mnemonic
        self.fix_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.fix_action.triggered.connect(self._fix)
        self.addAction(self.fix_action)
        self.fix_button = QToolButton()
        self.fix_button.setDefaultAction(self.fix_action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable_fix())
        bar = QHBoxLayout()
        bar.addWidget(self.severity)
        bar.addWidget(self.only_shown)
        bar.addWidget(self.fix_button)
        bar.addStretch(1)
        bar.addWidget(self.busy)
        bar.addWidget(self.summary)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(bar)
        column.addWidget(self.view, 1)
        self.setWidget(body)
        self._all: list[FindingRow] = []
        # A finding keeps its row number while analyses find it again, so its row stays put.
        self._numbers: dict[FindingKey, int] = {}
        self._counter = itertools.count(1)
        self._shown_task_force: int | None = None
        self._busy = False
        self._enable_fix()

    def _columns(self) -> list[Column]:
        return [
            Column(
                "Severity",
                lambda row: row.finding.severity.value.capitalize(),
                sort_key=lambda row: (row.finding.severity.rank, -row.id),
                icon=lambda row: self._icons[row.finding.severity],
                foreground=lambda row: text_on_base(SEVERITY_COLOURS[row.finding.severity], self.palette()),
            ),
            Column(
                "Finding",
                lambda row: row.finding.message,
                tooltip=lambda row: f"{row.finding.message}\n\nWhat to do: {row.finding.action}",
            ),
            Column("Task force", lambda row: row.teams, tooltip=lambda row: row.teams),
        ]

    def show_findings(self, findings: Sequence[Finding], task_force_names: Mapping[int, str]) -> None:
        """Show a fresh set of findings (after an analysis run); rows that stay keep their place."""
        numbers: dict[FindingKey, int] = {}
        rows = []
        for finding in findings:
            key = finding_key(finding)
            number = numbers[key] = self._numbers.get(key) or next(self._counter)
            teams = ", ".join(task_force_names.get(t, "") for t in finding.task_force_ids)
            rows.append(FindingRow(number, finding, teams))
        self._numbers = numbers
        self._all = rows
        self._refilter()

    def show_task_force(self, task_force_id: int | None) -> None:
        """Remember which task force is shown, for "Only the task force shown"."""
        self._shown_task_force = task_force_id
        if self.only_shown.isChecked():
            self._refilter()

    def _refilter(self) -> None:
        least = self.severity.currentData() or 0
        rows = [row for row in self._all if row.finding.severity.rank >= least]
        if self.only_shown.isChecked():
            rows = [row for row in rows if self._shown_task_force in row.finding.task_force_ids]
        rows.sort(key=lambda row: (-row.finding.severity.rank, row.id))  # what the severity column sorts by
        self.model.sync_records(rows, ordered=True)
        self._say_counts()
        self._enable_fix()

    def _say_counts(self) -> None:
        counts = {severity: 0 for severity in Severity}
        for row in self._all:
            counts[row.finding.severity] += 1
        self.summary.setText(
            ("Analysing… " if self._busy else "")
            + f"{counts[Severity.ERROR]} errors · {counts[Severity.WARNING]} warnings · "
            f"{counts[Severity.INFO]} notes"
        )

    def set_busy(self, busy: bool) -> None:
        """Say that the analysis is running (the findings shown are the last ones), or that it is done."""
        self._busy = busy
        self.busy.setVisible(busy)
        self._say_counts()

    def focus_table(self) -> None:
        """Show the panel and put the keyboard in its table (View ▸ Go to Findings)."""
        self.show()
        self.raise_()
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_finding(self) -> Finding | None:
        """The finding selected, if any."""
        index = self.view.currentIndex()
        source = self.proxy.mapToSource(index) if index.isValid() else QModelIndex()
        return self.model.record(source.row()).finding if source.isValid() else None

    def _enable_fix(self) -> None:
        finding = self.current_finding()
        fixable = finding is not None and finding.kind in FIXABLE
        self.fix_action.setEnabled(fixable)
        self.fix_action.setToolTip(
            f"Fix: {finding.action}" if fixable and finding else "Select a finding that has a fix"
        )

    def _fix(self) -> None:
        finding = self.current_finding()
        if finding is not None and finding.kind in FIXABLE:
            self.fix_requested.emit(finding)

    def _context_menu(self, where: QPoint) -> None:
        index = self.view.indexAt(where)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        go = menu.addAction("&Go to What It Names")
        go.triggered.connect(lambda: self._activated(index))
        menu.addAction(self.fix_action)
        menu.exec(self.view.viewport().mapToGlobal(where))

    def _activated(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid():
            self.entity_chosen.emit(self.model.record(source.row()).finding)

    def select_entity(self, kind: object, ident: int) -> bool:
        """Quietly select the first finding, in the order shown, that names a thing (no jump)."""
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            finding = self.model.record(source.row()).finding
            if any(entity.kind is kind and entity.id == ident for entity in finding.entities):
                self.view.selectRow(row)
                self.view.scrollTo(self.proxy.index(row, 0))
                return True
        self.view.clearSelection()
        return False

    def icon_for(self, severity: Severity) -> QIcon:
        """The icon shown for a severity."""
        return self._icons[severity]
