"""Inputs the task-force forms share: people by name, dates that may be empty, long text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QToolButton,
    QWidget,
)

from smarket_planner.services import Outcome
from smarket_planner.services.views.navigator_view import PersonChoice
from smarket_planner.ui.kit.date_edit import DateEdit
from smarket_planner.ui.kit.dates import from_qdate, to_qdate
from smarket_planner.ui.kit.marks import dot_icon
from smarket_planner.ui.kit.session import PlanSession

Index = QModelIndex | QPersistentModelIndex
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
NO_DATE = QDate(1900, 1, 1)  # the date edit's lowest value stands for "no date"
ERROR_COLOUR = "#d83b3b"  # the border of a wrong field; words in red take error_colour()


def try_edit(
    session: PlanSession, action: Callable[[], Outcome[Any]], label: str = ""
) -> tuple[Outcome[Any] | None, tuple[str, str] | None]:
    """Make an edit through the session; also hand back why it was refused, if it was."""
    return try_session(session, lambda: session.edit(action, label))


def try_session(
    session: PlanSession, make: Callable[[], Outcome[Any] | None]
) -> tuple[Outcome[Any] | None, tuple[str, str] | None]:
    """Make an edit with one of the session's own calls (``session.update``, say); also hand back
    why it was refused, if it was."""
    heard: list[tuple[str, str]] = []

    def hear(message: str, field: str) -> None:
        heard.append((message, field))

    session.refused.connect(hear)
    try:
        outcome = make()
    finally:
        session.refused.disconnect(hear)
    return outcome, (heard[-1] if heard else None)


class PeopleModel(QAbstractListModel):
    """The roster as a pick list: "No one" first, then "Name — Function" with a function dot."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._people: list[PersonChoice] = []

    def set_people(self, people: list[PersonChoice]) -> None:
        """Offer exactly these people."""
        self.beginResetModel()
        self._people = list(people)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """How many choices there are, "No one" included."""
        return 0 if parent.isValid() else len(self._people) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A person's name and function, dot, title and id."""
        if not index.isValid() or not 0 <= index.row() <= len(self._people):
            return None
        person = self._people[index.row() - 1] if index.row() else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return person.shown if person else "No one"
        if role == PERSON_ROLE:
            return person.id if person else None
        if role == Qt.ItemDataRole.DecorationRole and person:
            return dot_icon(person.function_colour)
        if role == Qt.ItemDataRole.ToolTipRole and person:
            return f"{person.name}, {person.title or person.function_name}"
        return None

    def row_of(self, person_id: int | None) -> int:
        """The row offering a person (0, "No one", for None or someone not listed)."""
        for row, person in enumerate(self._people, start=1):
            if person.id == person_id:
                return row
        return 0

    def person_id_at(self, row: int) -> int | None:
        """The id of the person a row offers; None for "No one" or a row past the end."""
        return self._people[row - 1].id if 0 < row <= len(self._people) else None

    def find(self, text: str) -> int | None:
        """The row whose person is named by ``text`` (full entry or just the name), if one is."""
        wanted = " ".join(text.split()).casefold()
        if wanted in ("", "no one"):
            return 0
        for row, person in enumerate(self._people, start=1):
            if wanted in (person.shown.casefold(), person.name.casefold()):
                return row
        return None


class UnknownPerson(ValueError):
    """The text typed in a person field names no one in the roster."""


class PersonPicker(QComboBox):
    """Choose a person by typing part of their name or function, or from the list."""

    committed = Signal()  # the user finished typing (a choice from the list is ``activated``)

    def __init__(self, people: PeopleModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setModel(people)
        self._people = people
        completer = QCompleter(people, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        entry = self.lineEdit()
        assert entry is not None  # an editable combo box always has its line edit
        self.entry: QLineEdit = entry  # where the name is typed
        entry.setPlaceholderText("Type a name or function")
        entry.editingFinished.connect(self.committed.emit)

    def person_id(self) -> int | None:
        """The person chosen, None for no one; UnknownPerson if the text names no one."""
        row = self._people.find(self.currentText())
        if row is None:
            raise UnknownPerson(f"There is no one called '{self.currentText().strip()}' in the roster.")
        return self._people.person_id_at(row)

    def set_person_id(self, person_id: int | None) -> None:
        """Show a person (or no one) as chosen."""
        self.setCurrentIndex(self._people.row_of(person_id))
        self.setEditText(self.itemText(self.currentIndex()))


class DateField(QWidget):
    """A date with a calendar, or no date: Delete or the clear button empties it."""

    committed = Signal()
    edited = Signal()  # the user changed the date (not yet committed)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = DateEdit(parent=self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("d MMM yyyy")
        self.edit.setMinimumDate(NO_DATE)
        self.edit.setSpecialValueText("No date")
        self.edit.setDate(NO_DATE)
        self.edit.editingFinished.connect(self.committed.emit)
        self.edit.dateChanged.connect(lambda _day: self.edited.emit())
        calendar = self._calendar = self.edit.calendarWidget()
        calendar.installEventFilter(self)
        self.edit.installEventFilter(self)
        calendar.clicked.connect(lambda _day: self.committed.emit())
        calendar.activated.connect(lambda _day: self.committed.emit())
        self.clear_button = QToolButton(self)
        self.clear_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_LineEditClearButton))
        self.clear_button.setToolTip("No date")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self._clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)

    def value(self) -> date | None:
        """The date shown, or None."""
        day = self.edit.date()
        return None if day == NO_DATE else from_qdate(day)

    def set_value(self, day: date | None) -> None:
        """Show a date, or "No date"."""
        self.edit.setDate(NO_DATE if day is None else to_qdate(day))

    def has_focus(self) -> bool:
        """Whether the user is in the field."""
        return self.edit.hasFocus() or self._calendar.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete empties the date; an empty date's calendar opens on this month."""
        if watched is self.edit and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            erase = event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            if erase and self.edit.lineEdit().hasSelectedText():
                self._clear()
                return True
        if watched is self._calendar and event.type() == QEvent.Type.Show and self.value() is None:
            today = QDate.currentDate()
            self._calendar.setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def _clear(self) -> None:
        if self.value() is not None:
            self.edit.setDate(NO_DATE)
            self.committed.emit()


class TextBox(QPlainTextEdit):
    """Multi-line text that commits when the user leaves it; Tab moves on."""

    editing_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: Any) -> None:
        """Leaving the box finishes the edit."""
        super().focusOutEvent(event)
        self.editing_finished.emit()
