"""The roster as a tree: functions with their people, searchable (by skill too), people dragged by id."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from smarket_planner.domain.records import EntityKind
from smarket_planner.services.views.staffing_view import FunctionSummary, RosterEntry, percent, search_key
from smarket_planner.ui.kit.record_model import ID_ROLE
from smarket_planner.ui.kit.two_level_model import TwoLevelModel

K = EntityKind
Index = QModelIndex | QPersistentModelIndex

PERSON_MIME = "application/x-smarket-person"
KIND_ROLE = Qt.ItemDataRole.UserRole + 3  # EntityKind.FUNCTION or EntityKind.PERSON
FUNCTION_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
PERSON_FLAGS = FUNCTION_FLAGS | Qt.ItemFlag.ItemIsDragEnabled


def people_mime(ids: Sequence[int], names: Sequence[str] = ()) -> QMimeData:
    """Drag data carrying people by id (and their names, for plain-text targets)."""
    mime = QMimeData()
    mime.setData(PERSON_MIME, ",".join(str(i) for i in ids).encode("ascii"))
    if names:
        mime.setText(", ".join(names))
    return mime


def people_in(mime: QMimeData) -> list[int]:
    """The ids of the people a drag carries."""
    raw = bytes(mime.data(PERSON_MIME).data()).decode("ascii", "ignore")
    return [int(part) for part in raw.split(",") if part.strip().isdigit()]


class RosterModel(TwoLevelModel):
    """Functions, with their people under them; a search keeps just the people who match."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._functions: dict[int, FunctionSummary] = {}
        self._people: dict[int, RosterEntry] = {}
        self._keys: dict[int, str] = {}
        self._words: list[str] = []
        self._groups: list[int] = []  # function ids shown, in the order they were made
        self._members: dict[int, list[int]] = {}  # function id -> person ids shown, by name

    # -- loading and searching ---------------------------------------------------------------
    def load(self, found_functions: Iterable[FunctionSummary], people: Iterable[RosterEntry]) -> None:
        """Show a whole roster."""
        self.beginResetModel()
        self._functions = {f.id: f for f in found_functions}
        self._people = {p.id: p for p in people}
        self._keys = {p.id: p.search_text for p in self._people.values()}
        self._layout()
        self.endResetModel()

    def set_search(self, text: str) -> None:
        """Keep only the people whose name, title, e-mail, location, function or skills hold every word."""
        self.beginResetModel()
        self._words = search_key(text).split()
        self._layout()
        self.endResetModel()

    def people_shown(self) -> int:
        """How many people rows are shown."""
        return sum(len(self._members[fid]) for fid in self._groups)

    @property
    def searching(self) -> bool:
        """Whether a search narrows the roster."""
        return bool(self._words)

    def _matches(self, person_id: int) -> bool:
        key = self._keys[person_id]
        return all(word in key for word in self._words)

    def _sort_key(self, person_id: int) -> tuple[str, int]:
        return search_key(self._people[person_id].name), person_id

    def _layout(self) -> None:
        self._members = {fid: [] for fid in self._functions}
        for person in sorted(self._people, key=self._sort_key):
            if self._matches(person):
                self._members[self._people[person].function_id].append(person)
        self._groups = [fid for fid in sorted(self._functions) if self._members[fid] or not self.searching]

    # -- the tree ----------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Function rows at the top (internal id 0); people under them (their function's id)."""
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, self._groups[parent.row()])

    def group_row(self, key: int) -> int:
        """The row of the function with this key."""
        return self._groups.index(key)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Functions at the top; the people shown under each."""
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._members[self._groups[parent.row()]])
        return 0

    def columnCount(self, _parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Name and title."""
        return 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Name", "Title")[section] if section in (0, 1) else None
        return None

    def function_at(self, index: Index) -> FunctionSummary | None:
        """The function of a function row."""
        if index.isValid() and index.internalId() == 0:
            return self._functions[self._groups[index.row()]]
        return None

    def person_at(self, index: Index) -> RosterEntry | None:
        """The person of a person row."""
        if index.isValid() and index.internalId() != 0:
            return self._people[self._members[index.internalId()][index.row()]]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What a function row and a person row show."""
        function = self.function_at(index)
        if function is not None:
            return self._function_data(function, index.column(), role)
        person = self.person_at(index)
        if person is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return person.name if index.column() == 0 else person.title
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [person.name, person.title, person.function_name, person.email, person.location]
            if person.skills:
                lines.append(f"Skills: {person.skills}")
            lines.append(f"Capacity {percent(person.capacity_pct)} of a week")
            return "\n".join(line for line in lines if line)
        if role == ID_ROLE:
            return person.id
        if role == KIND_ROLE:
            return K.PERSON
        return None

    def _function_data(self, function: FunctionSummary, column: int, role: int) -> Any:
        shown = len(self._members[function.id])
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            count = f"{shown} of {function.head_count}" if self.searching else str(function.head_count)
            return f"{function.name} ({count})"
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return QColor(function.colour)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            people = "1 person" if function.head_count == 1 else f"{function.head_count} people"
            return f"{function.name}: {people}" + (
                f"\n{function.description}" if function.description else ""
            )
        if role == ID_ROLE:
            return function.id
        if role == KIND_ROLE:
            return K.FUNCTION
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """People can be dragged onto a team; functions can be selected."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return PERSON_FLAGS if index.internalId() != 0 else FUNCTION_FLAGS

    def mimeTypes(self) -> list[str]:
        """People travel as their ids."""
        return [PERSON_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The people dragged, each once."""
        people = list(dict.fromkeys(p for p in (self.person_at(i) for i in indexes) if p is not None))
        return people_mime([p.id for p in people], [p.name for p in people])

    def supportedDragActions(self) -> Qt.DropAction:
        """A drag copies people onto a team; the roster keeps them."""
        return Qt.DropAction.CopyAction

    # -- refreshing just what changed --------------------------------------------------------
    def function_of(self, person_id: int) -> int | None:
        """The function a person belongs to, as shown."""
        person = self._people.get(person_id)
        return person.function_id if person else None

    def row_of_person(self, person_id: int) -> QModelIndex:
        """The row showing a person, if shown."""
        person = self._people.get(person_id)
        if person is None or person_id not in self._members.get(person.function_id, []):
            return QModelIndex()
        group = self.index(self._groups.index(person.function_id), 0)
        return self.index(self._members[person.function_id].index(person_id), 0, group)

    def row_of_function(self, function_id: int) -> QModelIndex:
        """The row showing a function, if shown."""
        return (
            self.index(self._groups.index(function_id), 0) if function_id in self._groups else QModelIndex()
        )

    def update_people(self, changed: Iterable[RosterEntry], removed: Iterable[int]) -> None:
        """Refresh the people named: in place, moved to their new place, added or taken out."""
        for person_id in removed:
            if person_id in self._people:
                self._hide_person(person_id)
                del self._people[person_id], self._keys[person_id]
        for person in changed:
            old = self._people.get(person.id)
            place = self.row_of_person(person.id)
            self._people[person.id], self._keys[person.id] = person, person.search_text
            stays = (
                place.isValid()
                and old is not None
                and old.function_id == person.function_id
                and self._matches(person.id)
                and self._in_order(person.function_id, place.row())
            )
            if stays:
                self.dataChanged.emit(place, place.siblingAtColumn(1))
                continue
            if place.isValid():
                self._hide_person(person.id, old.function_id if old else person.function_id)
            self._show_person(person.id)

    def update_functions(self, changed: Iterable[FunctionSummary], removed: Iterable[int]) -> None:
        """Refresh the functions named: colour, name and head count, or add and take them out."""
        for function_id in removed:
            if function_id in self._groups:
                row = self._groups.index(function_id)
                self.beginRemoveRows(QModelIndex(), row, row)
                self._groups.pop(row)
                self.endRemoveRows()
            self._functions.pop(function_id, None)
            self._members.pop(function_id, None)
        renamed_any = False
        for function in changed:
            known = function.id in self._functions
            renamed_any |= known and self._functions[function.id].name != function.name
            self._functions[function.id] = function
            if not known:
                self._members[function.id] = []
                if not self.searching:
                    self._show_group(function.id)
                continue
            for person in [p for p in self._people.values() if p.function_id == function.id]:
                self._people[person.id] = replace(
                    person, function_name=function.name, function_colour=function.colour
                )
                self._keys[person.id] = self._people[person.id].search_text
            group = self.row_of_function(function.id)
            if group.isValid():
                self.dataChanged.emit(group, group.siblingAtColumn(1))
        if self.searching and renamed_any:
            self.set_search(" ".join(self._words))  # a new name may match the search, or stop matching

    def _in_order(self, function_id: int, row: int) -> bool:
        members = self._members[function_id]
        key = self._sort_key(members[row])
        before = row == 0 or self._sort_key(members[row - 1]) < key
        return before and (row == len(members) - 1 or key < self._sort_key(members[row + 1]))

    def _hide_person(self, person_id: int, function_id: int | None = None) -> None:
        function_id = function_id or self._people[person_id].function_id
        members = self._members.get(function_id, [])
        if person_id not in members:
            return
        row = members.index(person_id)
        self.beginRemoveRows(self.row_of_function(function_id), row, row)
        members.pop(row)
        self.endRemoveRows()
        if self.searching and not members:
            group = self._groups.index(function_id)
            self.beginRemoveRows(QModelIndex(), group, group)
            self._groups.pop(group)
            self.endRemoveRows()

    def _show_person(self, person_id: int) -> None:
        function_id = self._people[person_id].function_id
        if not self._matches(person_id) or function_id not in self._functions:
            return
        members = self._members.setdefault(function_id, [])
        keys = [self._sort_key(p) for p in members]
        row = bisect.bisect(keys, self._sort_key(person_id))
        if function_id not in self._groups:
            members.insert(row, person_id)
            self._show_group(function_id)
            return
        self.beginInsertRows(self.row_of_function(function_id), row, row)
        members.insert(row, person_id)
        self.endInsertRows()

    def _show_group(self, function_id: int) -> None:
        row = bisect.bisect(self._groups, function_id)
        self.beginInsertRows(QModelIndex(), row, row)
        self._groups.insert(row, function_id)
        self.endInsertRows()
