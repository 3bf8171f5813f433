"""Dialogs for the roster: a person, a function with its colour, and the shared form pieces."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.enums import MembershipRole
from smarket_planner.domain.records import EntityKind, Function, Person, TaskForce, split_tags
from smarket_planner.domain.rules import unused_colour
from smarket_planner.services.views.staffing_view import (
    FunctionSummary,
    PersonLoad,
    RosterEntry,
    functions,
    loads,
    percent,
    roster,
    search_key,
    team,
)
from smarket_planner.ui.kit.edit_dialog import EditDialog
from smarket_planner.ui.kit.form_fields import DateBox, PercentBox, warning_colour
from smarket_planner.ui.kit.marks import chip
from smarket_planner.ui.kit.record_model import SORT_ROLE, Column, RecordTableModel
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.team.capacity_warning import over_capacity

# Colours offered to a new function, in turn; each reads on light and dark backgrounds.


def _tidy(text: str) -> str:
    """A one-line entry as the plan keeps it, so an unchanged field is seen as unchanged."""
    return " ".join(text.split())


def tidy_tags(text: str) -> str:
    """Tags as the plan keeps them ("German, pricing"), so an unchanged field is seen as unchanged."""
    return ", ".join(_tidy(tag) for tag in split_tags(text))


def function_combo(session: PlanSession, current: int | None) -> QComboBox:
    """A combo box of the plan's functions, each with its colour, ``current`` selected."""
    box = QComboBox()
    box.setMaxVisibleItems(16)
    found: list[FunctionSummary] = functions(session.plan)
    for function in found:
        box.addItem(chip(function.colour), function.name, function.id)
    index = box.findData(current) if current is not None else -1
    box.setCurrentIndex(max(index, 0) if found else -1)
    return box


class PersonDialog(EditDialog):
    """Add someone to the roster, or change their name, title, function, skills and capacity."""

    def __init__(
        self,
        session: PlanSession,
        person: Person | None = None,
        *,
        function_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, "Edit person" if person else "Add person", parent, min_width=440)
        self.person = person
        self.name = QLineEdit(person.name if person else "")
        self.name.setPlaceholderText("Full name")
        self.job_title = QLineEdit(person.title if person else "")
        self.job_title.setPlaceholderText("e.g. Account Executive")
        self.function = function_combo(session, person.function_id if person else function_id)
        self.skills = QLineEdit(person.skills if person else "")
        self.skills.setPlaceholderText("e.g. German, pricing, events (comma separated)")
        self.skills.setToolTip("What this person is good at: open roles that want it find them first")
        self.email = QLineEdit((person.email or "") if person else "")
        self.email.setPlaceholderText("name@example.com")
        self.location = QLineEdit(person.location if person else "")
        self.location.setPlaceholderText("City or office")
        self.capacity = PercentBox(person.capacity_pct if person else 100.0)
        self.capacity.setToolTip("The share of a full week this person has for task forces")
        self.add_field("name", "&Name:", self.name)
        self.add_field("title", "&Title:", self.job_title)
        self.add_field("function_id", "&Function:", self.function)
        self.add_field("skills", "&Skills:", self.skills)
        self.add_field("email", "&E-mail:", self.email)
        self.add_field("location", "&Location:", self.location)
        self.add_field("capacity_pct", "&Capacity:", self.capacity)
        self.name.setFocus()

    def values(self) -> dict[str, Any]:
        """The fields as the services take them."""
        return {
            "name": _tidy(self.name.text()),
            "title": _tidy(self.job_title.text()),
            "function_id": self.function.currentData(),
            "skills": tidy_tags(self.skills.text()),
            "email": self.email.text().strip() or None,
            "location": _tidy(self.location.text()),
            "capacity_pct": self.capacity.value(),
        }

    def commit(self) -> bool:
        """Add the person, or change just the fields that differ."""
        values = self.values()
        plan = self.session.plan
        if self.person is None:
            return self.session.edit(lambda: services.add(plan, EntityKind.PERSON, values)) is not None
        person = self.person
        changes = {k: v for k, v in values.items() if v != getattr(person, k)}
        if not changes:
            return True
        label = f"Edit {person.name}"
        return self.change(EntityKind.PERSON, person.id, person.version, changes, label) is not None


class FunctionDialog(EditDialog):
    """Add a function, or change its name, colour and description."""

    def __init__(
        self, session: PlanSession, function: Function | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, "Edit function" if function else "Add function", parent, min_width=440)
        self.function = function
        self.name = QLineEdit(function.name if function else "")
        self.name.setPlaceholderText("e.g. Customer Success")
        self.colour_button = QPushButton()
        self.colour_button.setToolTip("Pick the colour this function has in tables, graphs and the charter")
        self.colour_button.clicked.connect(self.pick_colour)
        self.description = QLineEdit(function.description if function else "")
        self.description.setPlaceholderText("What the function does, in a line")
        self.add_field("name", "&Name:", self.name)
        self.add_field("colour", "&Colour:", self.colour_button)
        self.add_field("description", "&Description:", self.description)
        self.set_colour(QColor(function.colour if function else self._unused_colour()))
        self.name.setFocus()

    def _unused_colour(self) -> str:
        return unused_colour([function.colour for function in functions(self.session.plan)])

    def colour(self) -> str:
        """The colour chosen, as #rrggbb."""
        return self._colour.name()

    def set_colour(self, colour: QColor) -> None:
        """Show a colour on the button."""
        self._colour = QColor(colour)
        self.colour_button.setIcon(chip(colour, 16))
        self.colour_button.setText(f" {self._colour.name()}")

    def pick_colour(self) -> None:
        """Choose the colour in the platform's colour dialog."""
        chosen = QColorDialog.getColor(self._colour, self, "Colour of the function")
        if chosen.isValid():
            self.set_colour(chosen)

    def values(self) -> dict[str, Any]:
        """The fields as the services take them."""
        return {
            "name": _tidy(self.name.text()),
            "colour": self.colour(),
            "description": self.description.text().strip(),
        }

    def commit(self) -> bool:
        """Add the function, or change just the fields that differ."""
        values = self.values()
        plan = self.session.plan
        if self.function is None:
            return self.session.edit(lambda: services.add(plan, EntityKind.FUNCTION, values)) is not None
        function = self.function
        changes = {k: v for k, v in values.items() if v != getattr(function, k)}
        if not changes:
            return True
        label = f"Edit function {function.name}"
        return self.change(EntityKind.FUNCTION, function.id, function.version, changes, label) is not None


class AddMemberDialog(EditDialog):
    """Put someone from the roster on a task force: search, pick, give a role and a share."""

    def __init__(self, session: PlanSession, task_force_id: int, parent: QWidget | None = None) -> None:
        super().__init__(session, "Add member", parent, min_width=440)
        plan = session.plan
        task_force = services.get(plan, EntityKind.TASK_FORCE, task_force_id)
        assert isinstance(task_force, TaskForce)
        self.task_force = task_force
        self.setWindowTitle(f"Add a member to {task_force.name}")
        taken = {member.person_id for member in team(plan, task_force_id)}
        self.loads = loads(plan)
        self.people = RosterPicker([e for e in roster(plan) if e.id not in taken], self.loads, self)
        self.people.view.doubleClicked.connect(lambda _index: self.accept())
        self.role = QComboBox()
        for role in MembershipRole:
            self.role.addItem(role.label, role.value)
        self.role.setCurrentIndex(self.role.findData(MembershipRole.CORE.value))
        self.allocation = PercentBox(20.0)
        self.allocation.setToolTip("The share of the person's week this task force takes")
        self.start = DateBox(task_force.start_date)
        self.end = DateBox(task_force.end_date)
        self.fields["person_id"] = self.people.view
        for field in (self.role, self.allocation, self.start, self.end):
            field.setMaximumWidth(220)
        self.add_field("role", "&Role:", self.role)
        self.add_field("allocation_pct", "&Allocation:", self.allocation)
        self.add_field("start_date", "&From:", self.start)
        self.add_field("end_date", "&To:", self.end)
        self.body.insertWidget(0, self.people, 1)
        self.capacity = QLabel(self)
        self.capacity.setWordWrap(True)
        self.capacity.setStyleSheet(f"color: {warning_colour(self.palette()).name()};")
        self.capacity.hide()
        self.body.addWidget(self.capacity)
        self.people.view.selectionModel().currentChanged.connect(self.check_capacity)
        self.allocation.valueChanged.connect(self.check_capacity)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add to team")
        self.resize(720, 560)
        self.people.search.setFocus()

    def check_capacity(self, *_args: object) -> str:
        """Say under the form, before anything is added, when the share takes the person past capacity."""
        picked = self.people.current()
        warning = ""
        if picked is not None:
            team_of = (self.task_force.id, self.task_force.name)
            load = self.loads.get(picked.id)
            warning = over_capacity(picked.name, picked.capacity_pct, load, team_of, self.allocation.value())
        self.capacity.setText(f"\u26a0 {warning} You can still add them." if warning else "")
        self.capacity.setVisible(bool(warning))
        return warning

    def commit(self) -> bool:
        """Add the person picked, with the role, allocation and dates given."""
        picked = self.people.current()
        if picked is None:
            self.show_error("Pick a person from the roster first.", "person_id")
            return False
        plan = self.session.plan
        ident = self.task_force.id
        role = MembershipRole(self.role.currentData())
        share, start, end = self.allocation.value(), self.start.value(), self.end.value()
        outcome = self.session.edit(
            lambda: services.add_member(
                plan, ident, picked.id, role=role, allocation_pct=share, start_date=start, end_date=end
            ),
            f"Add {picked.name} to the team",
        )
        return outcome is not None


class Matching(QSortFilterProxyModel):
    """Rows a test function accepts, sorted by their natural values."""

    def __init__(self, accepts: Callable[[int], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accepts = accepts
        self.setSortRole(SORT_ROLE)

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        """Whether the source row is shown."""
        return self._accepts(source_row)


class RosterPicker(QWidget):
    """A searchable list of people: name, function, title and how much of them is taken."""

    def __init__(
        self, people: list[RosterEntry], load: dict[int, PersonLoad], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._keys = {p.id: search_key(p.name, p.function_name, p.title, p.skills) for p in people}
        self._load = load
        self._words: list[str] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, function, title or skill")
        self.search.setClearButtonEnabled(True)
        self.model = RecordTableModel(
            [
                Column("Name", lambda p: p.name, colour=lambda p: QColor(p.function_colour)),
                Column("Function", lambda p: p.function_name),
                Column("Title", lambda p: p.title),
                Column(
                    "Allocated",
                    lambda p: percent(self._total(p)),
                    sort_key=self._total,
                    tooltip=lambda p: self._breakdown(p),
                    foreground=self._warn,
                    align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                ),
            ],
            self,
        )
        self.model.set_records(people)
        self.proxy = Matching(self._accepts, self)
        self.proxy.setSourceModel(self.model)
        self.view = QTreeView()
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setModel(self.proxy)
        # Kept in the roster's order until a column is clicked: sorting 10,000 rows up front is slow.
        self.view.header().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 190), (1, 130), (3, 80)):
            header.resizeSection(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        self.search.textChanged.connect(self.set_filter)
        self.search.returnPressed.connect(self._pick_first)
        self.count_shown()

    def _total(self, person: RosterEntry) -> float:
        load = self._load.get(person.id)
        return load.total_pct if load else 0.0

    def _breakdown(self, person: RosterEntry) -> str:
        load = self._load.get(person.id)
        return load.breakdown if load else ""

    def _warn(self, person: RosterEntry) -> QColor | None:
        load = self._load.get(person.id)
        return warning_colour(self.palette()) if load and load.over_capacity else None

    def _accepts(self, row: int) -> bool:
        key = self._keys[self.model.record(row).id]
        return all(word in key for word in self._words)

    def set_filter(self, text: str) -> None:
        """Show only the people whose name, function, title or skills hold every word typed."""
        self.proxy.beginFilterChange()
        self._words = search_key(text).split()
        self.proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        if self.proxy.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.proxy.index(0, 0))
        self.count_shown()

    def count_shown(self) -> None:
        """Say in the search field's tooltip how many people match."""
        self.search.setToolTip(f"{self.proxy.rowCount()} of {self.model.rowCount()} people shown")

    def _pick_first(self) -> None:
        if self.proxy.rowCount():
            self.view.setFocus()
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.proxy.index(0, 0))

    def current(self) -> RosterEntry | None:
        """The person picked, if any."""
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isSelected(index):
            return None
        person: RosterEntry = self.model.record(self.proxy.mapToSource(index).row())
        return person

    def pick(self, person_id: int) -> bool:
        """Pick a person by id, if shown."""
        row = self.model.row_of(person_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        return True
