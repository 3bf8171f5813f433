"""The Findings panel: what the analysis found, worst first; choosing one shows what it names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.services.reports.analysis import Finding, Severity
from smarket_planner.ui.kit.record_model import SORT_ROLE, Column, RecordTableModel

SEVERITY_COLOURS = {Severity.ERROR: "#d64541", Severity.WARNING: "#e0a526", Severity.INFO: "#4a90d9"}


@dataclass(frozen=True)
class FindingRow:
    """One finding as a row, with the names of the task forces it concerns."""

    id: int
    finding: Finding
    teams: str


class FindingsDock(QDockWidget):
    """Findings of the whole plan or of the shown task force; activate one to go there."""

    entity_chosen = Signal(object)  # the Finding chosen

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
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        header = self.view.horizontalHeader()
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
        bar = QHBoxLayout()
        bar.addWidget(self.severity)
        bar.addWidget(self.only_shown)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(bar)
        column.addWidget(self.view, 1)
        self.setWidget(body)
        self._all: list[FindingRow] = []
        self._shown_task_force: int | None = None

    def _columns(self) -> list[Column]:
        return [
            Column(
                "Severity",
                lambda row: row.finding.severity.value.capitalize(),
                sort_key=lambda row: (row.finding.severity.rank, -row.id),
                icon=lambda row: self._icons[row.finding.severity],
                foreground=lambda row: QColor(SEVERITY_COLOURS[row.finding.severity]),
            ),
            Column(
                "Finding",
                lambda row: row.finding.message,
                tooltip=lambda row: f"{row.finding.message}\n\nWhat to do: {row.finding.action}",
            ),
            Column("Task force", lambda row: row.teams, tooltip=lambda row: row.teams),
        ]

    def show_findings(self, findings: Sequence[Finding], task_force_names: Mapping[int, str]) -> None:
        """Show a fresh set of findings (after an analysis run)."""
        self._all = [
            FindingRow(n, finding, ", ".join(task_force_names.get(t, "") for t in finding.task_force_ids))
            for n, finding in enumerate(findings, start=1)
        ]
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
        self.model.set_records(rows)
        counts = {severity: 0 for severity in Severity}
        for row in self._all:
            counts[row.finding.severity] += 1
        self.summary.setText(
            f"{counts[Severity.ERROR]} errors · {counts[Severity.WARNING]} warnings · "
            f"{counts[Severity.INFO]} notes"
        )

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
