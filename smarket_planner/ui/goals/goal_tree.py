"""The tree of a task force's goals with their KPIs: a thin model over the goals view."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from smarket_planner.analysis.kpi_status import AT_RISK_SHARE, LOW_CONFIDENCE, ON_TRACK_SHARE
from smarket_planner.analysis.model import KpiStatus
from smarket_planner.domain.enums import KpiCommitment, KpiDirection
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.views.goals_view import GoalView, KpiView, OwnerFunction, expected_value
from smarket_planner.ui.goals.kpi_chart import OWNERS_ROLE, SILO_ROLE, TREND_ROLE, format_number
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.marks import BAND_COLOURS, NO_DATA_COLOUR, dot_icon
from smarket_planner.ui.kit.record_model import ID_ROLE
from smarket_planner.ui.kit.two_level_model import TwoLevelModel

Index = QModelIndex | QPersistentModelIndex
KIND_ROLE = Qt.ItemDataRole.UserRole + 3  # EntityKind.GOAL or EntityKind.KPI
RECORD_ROLE = Qt.ItemDataRole.UserRole + 4  # the GoalView or KpiView of the row
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
SILO_TIP = (
    "Owned by {name} only: a silo goal. Goals shared by several functions put them on the same "
    "side; ask which other function this goal needs."
)


class GoalColumn(IntEnum):
    """The columns of the tree: what a manager scans first (where it stands) before the plan's figures."""

    TITLE = 0
    OWNERS = 1
    STATUS = 2
    LATEST = 3
    TREND = 4
    UNIT = 5
    BASELINE = 6
    TARGET = 7
    DIRECTION = 8
    DUE = 9
    WEIGHT = 10
    INCENTIVE = 11
    COMMITMENT = 12


HEADERS: dict[GoalColumn, tuple[str, str]] = {
    GoalColumn.TITLE: ("Goal / KPI", "Goals, with the KPIs that measure them"),
    GoalColumn.OWNERS: ("Owners", "The functions that own it together"),
    GoalColumn.UNIT: ("Unit", "What the KPI is counted in"),
    GoalColumn.BASELINE: ("Baseline", "Where the KPI stood at the start"),
    GoalColumn.TARGET: ("Target", "Where it should stand on the due date"),
    GoalColumn.DIRECTION: ("Dir.", "Whether higher or lower is better"),
    GoalColumn.DUE: ("Due", "When the target is due"),
    GoalColumn.WEIGHT: ("Weight", "How much the KPI counts among the goal's KPIs"),
    GoalColumn.INCENTIVE: ("Incentive", "The share of variable pay riding on the KPI"),
    GoalColumn.COMMITMENT: ("Commitment", "Committed (a promise) or aspirational (a stretch)"),
    GoalColumn.LATEST: ("Latest", "The value at the latest check-in"),
    GoalColumn.STATUS: ("Status", "Where the latest check-in stands against the expected trajectory"),
    GoalColumn.TREND: ("Trend", "Check-ins (line) against the expected trajectory (dashed)"),
}
STATUS_TIPS = {
    KpiStatus.ON_TRACK: (
        f"On track: the latest check-in is no more than {ON_TRACK_SHARE:.0%} of the way from baseline "
        "to target behind the expected trajectory."
    ),
    KpiStatus.AT_RISK: (
        f"At risk: behind the trajectory by up to {AT_RISK_SHARE:.0%} of the way from baseline to "
        f"target, or reported with a confidence of {LOW_CONFIDENCE}/10 or less."
    ),
    KpiStatus.OFF_TRACK: (
        f"Off track: behind the trajectory by more than {AT_RISK_SHARE:.0%} of the way from baseline "
        "to target."
    ),
    KpiStatus.NO_DATA: "No data: no check-in yet, so no one knows where it stands.",
}
NUMBERS = {GoalColumn.BASELINE, GoalColumn.TARGET, GoalColumn.WEIGHT, GoalColumn.INCENTIVE, GoalColumn.LATEST}


def owners_text(owners: Sequence[OwnerFunction]) -> str:
    """Owner functions as words: "Sales, Marketing and PR"."""
    names = [owner.name for owner in owners]
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


class GoalTreeModel(TwoLevelModel):
    """Goals as top rows and their KPIs beneath; refreshed row by row from the goals view."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._goals: list[GoalView] = []
        self._kpis: dict[int, list[KpiView]] = {}
        self._goal_rows: dict[int, int] = {}
        self.today = date.today()

    # -- structure: a goal row has internal id 0; a KPI row carries its goal's id -------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """The index of a goal (no parent) or of a KPI (under its goal)."""
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, self._goals[parent.row()].id)

    def group_row(self, key: int) -> int:
        """The row of the goal with this key."""
        return self._goal_rows[key]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Goals at the top, KPIs under the first column of their goal."""
        if not parent.isValid():
            return len(self._goals)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._kpis[self._goals[parent.row()].id])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Every row has the same columns."""
        return len(GoalColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles and what each means."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(GoalColumn):
            return None
        title, tip = HEADERS[GoalColumn(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMBERS:
            return RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Rows are selected and opened in dialogs, never edited in the cell."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- what each cell shows -----------------------------------------------------------------
    def item(self, index: Index) -> GoalView | KpiView | None:
        """The goal or KPI a row shows."""
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._goals[index.row()]
        return self._kpis[index.internalId()][index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What a cell shows for each role."""
        item = self.item(index)
        if item is None:
            return None
        column = GoalColumn(index.column())
        if role == ID_ROLE:
            return item.id
        if role == KIND_ROLE:
            return EntityKind.GOAL if isinstance(item, GoalView) else EntityKind.KPI
        if role == RECORD_ROLE:
            return item
        if column is GoalColumn.OWNERS and role == OWNERS_ROLE:
            return item.owners
        if column is GoalColumn.OWNERS and role == SILO_ROLE:
            return isinstance(item, GoalView) and item.is_silo
        if isinstance(item, GoalView):
            return self._goal_data(item, column, role)
        return self._kpi_data(item, column, role)

    def _goal_data(self, goal: GoalView, column: GoalColumn, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and column is GoalColumn.TITLE:
            font = QFont()
            font.setBold(True)
            return font
        if column is GoalColumn.TITLE:
            if role == Qt.ItemDataRole.DisplayRole:
                return goal.title
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(filter(None, (goal.title, goal.description)))
        if column is GoalColumn.OWNERS:
            if role == Qt.ItemDataRole.DisplayRole:
                return owners_text(goal.owners)
            if role == Qt.ItemDataRole.ToolTipRole:
                if goal.is_silo:
                    return SILO_TIP.format(name=goal.owners[0].name)
                return (
                    f"Owned by {owners_text(goal.owners)}."
                    if goal.owners
                    else "No function owns this goal yet."
                )
        return None

    def _kpi_data(self, kpi: KpiView, column: GoalColumn, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._kpi_text(kpi, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._kpi_tip(kpi, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in NUMBERS else CENTRE if column is GoalColumn.DIRECTION else None
        if role == TREND_ROLE and column is GoalColumn.TREND:
            return kpi
        if role == Qt.ItemDataRole.DecorationRole and column is GoalColumn.STATUS:
            band = kpi.status.band
            return dot_icon(BAND_COLOURS[band] if band else NO_DATA_COLOUR)
        return None

    def _kpi_text(self, kpi: KpiView, column: GoalColumn) -> str:
        latest = kpi.latest_value
        return {
            GoalColumn.TITLE: kpi.title,
            GoalColumn.OWNERS: owners_text(kpi.owners),
            GoalColumn.UNIT: kpi.unit,
            GoalColumn.BASELINE: format_number(kpi.baseline),
            GoalColumn.TARGET: format_number(kpi.target),
            GoalColumn.DIRECTION: "↑" if kpi.direction is KpiDirection.UP else "↓",
            GoalColumn.DUE: day_text(kpi.due_date),
            GoalColumn.WEIGHT: format_number(kpi.weight),
            GoalColumn.INCENTIVE: f"{format_number(kpi.incentive_pct)} %",
            GoalColumn.COMMITMENT: kpi.commitment.label,
            GoalColumn.LATEST: format_number(latest) if latest is not None else "",
            GoalColumn.STATUS: kpi.status.label,
            GoalColumn.TREND: "",
        }[column]

    def _kpi_tip(self, kpi: KpiView, column: GoalColumn) -> str | None:
        if column is GoalColumn.TITLE:
            who = kpi.accountable_name or "nobody yet"
            return f"{kpi.title}\nAccountable: {who}\nCheck-ins: {kpi.check_in_count}"
        if column is GoalColumn.OWNERS:
            return f"Owned by {owners_text(kpi.owners)}." if kpi.owners else "No function owns this KPI yet."
        if column is GoalColumn.DIRECTION:
            return kpi.direction.label
        if column is GoalColumn.COMMITMENT:
            if kpi.commitment is KpiCommitment.COMMITTED:
                return "Committed: a promise, such as a quota."
            return "Aspirational: a stretch. Pay should not ride on it."
        if (
            column is GoalColumn.INCENTIVE
            and kpi.commitment is KpiCommitment.ASPIRATIONAL
            and kpi.incentive_pct
        ):
            return "Pay rides on a stretch KPI: people sandbag stretch goals that carry pay."
        if column is GoalColumn.STATUS:
            return STATUS_TIPS[kpi.status]
        if column in (GoalColumn.LATEST, GoalColumn.TREND) and kpi.latest_on is not None:
            expected = expected_value(kpi, kpi.latest_on)
            tip = f"Recorded on {day_text(kpi.latest_on)} with confidence {kpi.latest_confidence}/10."
            if expected is not None:
                tip += f"\nExpected that day: {format_number(expected)} {kpi.unit}".rstrip() + "."
            return tip
        if column in (GoalColumn.LATEST, GoalColumn.TREND):
            return "No check-ins yet."
        return None

    # -- refreshing ---------------------------------------------------------------------------
    def goals(self) -> list[GoalView]:
        """The goals shown, in order."""
        return list(self._goals)

    def kpis(self, goal_id: int) -> list[KpiView]:
        """The KPIs shown under a goal."""
        return list(self._kpis.get(goal_id, []))

    def index_of(self, kind: EntityKind, ident: int) -> QModelIndex:
        """The first-column index of a goal or a KPI, or an invalid index if it is not shown."""
        if kind is EntityKind.GOAL and ident in self._goal_rows:
            return self.index(self._goal_rows[ident], 0)
        for goal_id, kpis in self._kpis.items() if kind is EntityKind.KPI else ():
            for row, kpi in enumerate(kpis):
                if kpi.id == ident:
                    return self.index(row, 0, self.index(self._goal_rows[goal_id], 0))
        return QModelIndex()

    def set_goals(self, goals: Sequence[GoalView]) -> None:
        """Show these goals: rows that went away are removed, new ones inserted, the rest updated."""
        wanted = {goal.id for goal in goals}
        for row in reversed(range(len(self._goals))):
            if self._goals[row].id not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._kpis[self._goals.pop(row).id]
                self._reindex()
                self.endRemoveRows()
        for row, goal in enumerate(goals):
            # Both lists are in id order and ids are never reused, so a goal is either here or new.
            if row < len(self._goals) and self._goals[row].id == goal.id:
                if self._goals[row] != goal:
                    self._goals[row] = goal
                    self._row_changed(QModelIndex(), row)
                self._set_kpis(row, goal)
            else:
                self.beginInsertRows(QModelIndex(), row, row)
                self._goals.insert(row, goal)
                self._kpis[goal.id] = list(goal.kpis)
                self._reindex()
                self.endInsertRows()

    def _set_kpis(self, goal_row: int, goal: GoalView) -> None:
        parent = self.index(goal_row, 0)
        shown = self._kpis[goal.id]
        wanted = {kpi.id for kpi in goal.kpis}
        for row in reversed(range(len(shown))):
            if shown[row].id not in wanted:
                self.beginRemoveRows(parent, row, row)
                del shown[row]
                self.endRemoveRows()
        for row, kpi in enumerate(goal.kpis):
            if row < len(shown) and shown[row].id == kpi.id:
                if shown[row] != kpi:
                    shown[row] = kpi
                    self._row_changed(parent, row)
            else:
                self.beginInsertRows(parent, row, row)
                shown.insert(row, kpi)
                self.endInsertRows()

    def _row_changed(self, parent: QModelIndex, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0, parent), self.index(row, len(GoalColumn) - 1, parent))

    def _reindex(self) -> None:
        self._goal_rows = {goal.id: row for row, goal in enumerate(self._goals)}
