"""Who is loaded in which week: people (by function) x weeks, coloured by load vs capacity."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QPalette

from smarket_planner import services
from smarket_planner.domain.records import EntityKind, Function
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.views import portfolio_view as portfolio
from smarket_planner.services.views.portfolio_view import HeatmapRow, week_start
from smarket_planner.ui.kit.marks import chip
from smarket_planner.ui.kit.scheme import legible
from smarket_planner.ui.portfolio.heatmap_cells import (
    CAPACITY_ROLE,
    CURRENT_ROLE,
    LOAD_ROLE,
    OVER_COLOUR,
    OVER_ROLE,
    PENCIL_OVER_ROLE,
    PENCIL_ROLE,
    PERSON_ROLE,
    Index,
    LoadDelegate,
    load_colour,
    percent,
)
from smarket_planner.ui.portfolio.portfolio_timeline import when
from smarket_planner.ui.portfolio.timeline_painting import MONTHS, TODAY_COLOUR

__all__ = [
    "CAPACITY_ROLE",
    "CURRENT_ROLE",
    "LOAD_ROLE",
    "OVER_COLOUR",
    "OVER_ROLE",
    "PAGE",
    "PENCIL_OVER_ROLE",
    "PENCIL_ROLE",
    "PERSON_ROLE",
    "FunctionHeading",
    "HeatmapModel",
    "LoadDelegate",
    "functions_by_name",
    "load_colour",
    "percent",
]

PAGE = 200  # people fetched at a time: a large plan is never loaded whole


@dataclass(frozen=True, slots=True)
class FunctionHeading:
    """The heading row of a function's group of people."""

    function_id: int
    people: int


class HeatmapModel(QAbstractTableModel):
    """People grouped by function (rows) x weeks (columns); loaded a page at a time."""

    def __init__(
        self, plan: Plan, *, today: date | None = None, page: int = PAGE, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.plan = plan
        self.today = today or date.today()
        self.first_week = week_start(self.today)
        self.weeks: tuple[date, ...] = ()
        self.week_count = 16
        self.function_id: int | None = None
        self.search = ""
        self.confirmed_only = False  # show what active task forces book, leaving out the pencil
        self.page = page
        self.functions: dict[int, Function] = {}
        self.total = 0
        self._items: list[FunctionHeading | HeatmapRow] = []
        self._people = 0
        self._icons: dict[str, QIcon] = {}
        self._sizes: dict[int, int] = {}
        self._fetching = False

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Load the first page again for the current window, function and search."""
        self.beginResetModel()
        self.functions = {f.id: f for f in functions_by_name(self.plan)}
        self._icons.clear()
        self._items, self._people, self.total = [], 0, 0
        heat = self._fetch(0)
        self.weeks, self.total = heat.weeks, heat.total
        self._sizes = dict(heat.group_sizes)
        self._items = self._with_headings(heat.rows)
        self._people = len(heat.rows)
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        """Whether more people are left to load."""
        return not parent.isValid() and self._people < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        """Load the next page of people."""
        if self._fetching or not self.canFetchMore(parent):
            return
        self._fetching = True  # views and testers may ask again while rows go in
        try:
            heat = self._fetch(self._people)
            items = self._with_headings(heat.rows)
            if not items:
                self.total = self._people  # the plan shrank under us: stop asking
                return
            end = len(self._items)
            self.beginInsertRows(QModelIndex(), end, end + len(items) - 1)
            self._items.extend(items)
            self._people += len(heat.rows)
            self.endInsertRows()
        finally:
            self._fetching = False

    def _fetch(self, offset: int) -> portfolio.Heatmap:
        return portfolio.allocation_heatmap(
            self.plan,
            self.first_week,
            self.week_count,
            function_id=self.function_id,
            search=self.search,
            offset=offset,
            limit=self.page,
        )

    def _with_headings(self, rows: Iterable[HeatmapRow]) -> list[FunctionHeading | HeatmapRow]:
        last = next((i.function_id for i in reversed(self._items) if isinstance(i, HeatmapRow)), None)
        items: list[FunctionHeading | HeatmapRow] = []
        for row in rows:
            if row.function_id != last:
                items.append(FunctionHeading(row.function_id, self._sizes.get(row.function_id, 0)))
                last = row.function_id
            items.append(row)
        return items

    def set_confirmed_only(self, confirmed_only: bool) -> None:
        """Show confirmed load alone, or pencil included: the loaded rows hold both, nothing is read again."""
        if confirmed_only == self.confirmed_only:
            return
        self.confirmed_only = confirmed_only
        if self._items and len(self.weeks):
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._items) - 1, len(self.weeks)))

    @property
    def loaded(self) -> int:
        """How many people are loaded so far."""
        return self._people

    # -- refreshing ------------------------------------------------------------------------
    def loaded_people(self) -> set[int]:
        """The people whose rows are loaded."""
        return {item.person_id for item in self._items if isinstance(item, HeatmapRow)}

    def people_holding(
        self, membership_ids: Iterable[int] = (), task_force_ids: Iterable[int] = ()
    ) -> set[int]:
        """Loaded people whose shown load comes partly from these memberships or task forces."""
        memberships, task_forces = set(membership_ids), set(task_force_ids)
        return {
            item.person_id
            for item in self._items
            if isinstance(item, HeatmapRow)
            and any(
                a.membership_id in memberships or a.task_force_id in task_forces for a in item.assignments
            )
        }

    def refresh_people(self, person_ids: Iterable[int]) -> bool:
        """Re-read just these people's rows; False if the grouping or order changed (reload then)."""
        wanted = set(person_ids) & self.loaded_people()
        if not wanted:
            return True
        fresh = {
            row.person_id: row
            for row in portfolio.heatmap_rows(self.plan, wanted, self.first_week, self.week_count)
        }
        for index, item in enumerate(self._items):
            if not isinstance(item, HeatmapRow) or item.person_id not in wanted:
                continue
            row = fresh.get(item.person_id)
            if row is None or (row.name, row.function_id) != (item.name, item.function_id):
                return False
            self._items[index] = row
            self.dataChanged.emit(self.index(index, 0), self.index(index, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, index, index)
        return True

    def item(self, row: int) -> FunctionHeading | HeatmapRow:
        """The heading or person shown in a row."""
        return self._items[row]

    def row_of_person(self, person_id: int) -> int | None:
        """The row showing a person, if loaded."""
        return next(
            (
                i
                for i, item in enumerate(self._items)
                if isinstance(item, HeatmapRow) and item.person_id == person_id
            ),
            None,
        )

    # -- reading ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Headings and people loaded so far."""
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Capacity, then one column per week."""
        return 0 if parent.isValid() else 1 + len(self.weeks)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Cells can be selected, not edited: the load comes from memberships."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Weeks across the top; people (and their function's heading) down the side."""
        if orientation == Qt.Orientation.Horizontal:
            return self._week_header(section, role)
        if not 0 <= section < len(self._items):
            return None
        item = self._items[section]
        function = self.functions.get(item.function_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(item, FunctionHeading):
                return function.name if function else ""
            return item.name
        if role == Qt.ItemDataRole.DecorationRole and function is not None:
            return self._chip(function.colour)
        if role == Qt.ItemDataRole.FontRole and isinstance(item, FunctionHeading):
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(item, HeatmapRow):
            lines = [f"<b>{escape(item.name)}</b>"]
            if item.title:
                lines.append(escape(item.title))
            lines.append(
                f"{escape(function.name) if function else ''} · capacity {percent(item.capacity_pct)}"
            )
            return "<br>".join(lines)
        return None

    def _week_header(self, section: int, role: int) -> Any:
        if section == 0:
            texts = {
                Qt.ItemDataRole.DisplayRole: "Capacity",
                Qt.ItemDataRole.ToolTipRole: "Share of a full week each person has for task forces",
            }
            return texts.get(Qt.ItemDataRole(role))
        if not 1 <= section <= len(self.weeks):
            return None
        monday = self.weeks[section - 1]
        current = monday == week_start(self.today)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"W{monday.isocalendar().week}\n{monday.day} {MONTHS[monday.month - 1]}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Week {monday.isocalendar().week}: {_week_span(monday)}" + (
                " (this week)" if current else ""
            )
        if role == Qt.ItemDataRole.FontRole and current:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.ForegroundRole and current:  # words on the header's button colour
            return legible(TODAY_COLOUR, QGuiApplication.palette().color(QPalette.ColorRole.Button))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Each week's load (and the person's capacity), with the task forces in the tooltip."""
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item, column = self._items[index.row()], index.column()
        if isinstance(item, FunctionHeading):
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return f"{item.people:,} {'person' if item.people == 1 else 'people'}"
            return None
        if role == PERSON_ROLE:
            return item.person_id
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return percent(item.capacity_pct)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{item.name} has {percent(item.capacity_pct)} of a full week for task forces."
            return None
        week = column - 1
        if week >= len(item.loads):
            return None
        load = item.load(week, confirmed_only=self.confirmed_only)
        if role == Qt.ItemDataRole.DisplayRole:
            return percent(load) if load else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == LOAD_ROLE:
            return load
        if role == CAPACITY_ROLE:
            return item.capacity_pct
        if role == OVER_ROLE:
            return item.over(week, confirmed_only=self.confirmed_only)
        if role == PENCIL_ROLE:
            return 0.0 if self.confirmed_only else round(load - item.confirmed(week), 6)
        if role == PENCIL_OVER_ROLE:
            return not self.confirmed_only and item.over_in_pencil(week)
        if role == CURRENT_ROLE:
            return self.weeks[week] == week_start(self.today)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tooltip(item, week)
        return None

    def _cell_tooltip(self, item: HeatmapRow, week: int) -> str:
        monday = self.weeks[week]
        head = f"<b>{escape(item.name)}</b> · week {monday.isocalendar().week}, {_week_span(monday)}"
        alone = self.confirmed_only
        shares = item.shares(monday, confirmed_only=alone)
        pencil = round(item.loads[week] - item.confirmed(week), 6)
        left_out = f"{percent(pencil)} more in pencil, not counted" if alone and pencil else ""
        if not shares:
            told = "On no active task force that week." if alone else "On no task force that week."
            return "<br>".join([head, told, *([left_out] if left_out else [])])
        rows = "".join(
            f"<tr><td>{escape(share.task_force_name)}{' <i>(pencil)</i>' if share.pencilled else ''}</td>"
            f"<td align='right'>&nbsp;{percent(share.allocation_pct)}</td></tr>"
            for share in shares
        )
        load, capacity = item.load(week, confirmed_only=alone), item.capacity_pct
        verdict = f"{percent(load)} of {percent(capacity)} capacity"
        if item.over(week, confirmed_only=alone):
            verdict = f"<b>{verdict}: {percent(load - capacity)} over</b>"
        lines = [verdict]
        if alone:
            lines[0] += " (confirmed only)"
            lines += [left_out] if left_out else []
        elif item.over_in_pencil(week):
            note = escape(item.pencil_note(week, monday))
            lines.append(f"{note}: {percent(item.confirmed(week))} confirmed")
        elif pencil:
            lines.append(f"{percent(pencil)} of it in pencil: proposed and forming teams may not go ahead")
        return f"{head}<table>{rows}</table>" + "<br>".join(lines)

    def _chip(self, colour: str) -> QIcon:
        if colour not in self._icons:
            self._icons[colour] = chip(colour)
        return self._icons[colour]


def functions_by_name(plan: Plan) -> list[Function]:
    """The plan's functions, by name."""
    return [f for f in services.find(plan, EntityKind.FUNCTION, order=("name",)) if isinstance(f, Function)]


def _week_span(monday: date) -> str:
    sunday = monday + timedelta(days=6)
    return f"{monday.day} {MONTHS[monday.month - 1]} \u2013 {when(sunday)}"
