"""The Graph page's controls: a search box that knows every name, and a menu of filters."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCompleter, QLineEdit, QMenu, QToolButton, QWidget

from smarket_planner.analysis.graph_model import GraphPicture

Chosen = tuple[set[int | None] | None, set[str] | None, set[int | None] | None]


def tool_button(text: str, tip: str, *, checkable: bool = False) -> QToolButton:
    """A flat text button of the graph's toolbar."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setCheckable(checkable)
    button.setAutoRaise(True)
    return button


def search_box(parent: QWidget, go: Callable[[str], None]) -> tuple[QLineEdit, QStringListModel]:
    """A field that completes node names; Enter (or a completion) jumps to the node."""
    field = QLineEdit(parent)
    field.setPlaceholderText("Find a node…")
    field.setClearButtonEnabled(True)
    field.setMaximumWidth(260)
    labels = QStringListModel(parent)
    completer = QCompleter(labels, field)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    field.setCompleter(completer)
    field.returnPressed.connect(lambda: go(field.text()))
    completer.activated.connect(go)
    return field, labels


def status_words(value: str) -> str:
    """A status as a manager says it: "in_progress" -> "In progress"."""
    return value.replace("_", " ").capitalize() or "No status"


class FilterMenu(QObject):
    """Checkable functions, statuses and task forces; what is unticked is hidden."""

    changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.menu = QMenu(parent)
        self.button = QToolButton(parent)
        self.button.setText("Fi&lter")
        self.button.setToolTip("Show only some functions, statuses or task forces")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setAutoRaise(True)
        self.button.setMenu(self.menu)
        self.functions = self.menu.addMenu("&Function")
        self.statuses = self.menu.addMenu("&Status")
        self.task_forces = self.menu.addMenu("&Task force")
        self.menu.addSeparator()
        self.menu.addAction("Show &Everything", self.show_all)
        self._hidden: dict[str, set[object]] = {"function": set(), "status": set(), "task_force": set()}

    def offer(self, picture: GraphPicture) -> None:
        """Offer the functions, statuses and task forces of a graph; what was unticked stays unticked."""
        functions = {n.function_id: n.function or "No function" for n in picture.nodes}
        statuses = {n.status: status_words(n.status) for n in picture.nodes if n.status}
        teams = {n.task_force_id: n.task_force or "No task force" for n in picture.nodes}
        for menu, group, items in (
            (self.functions, "function", functions),
            (self.statuses, "status", statuses),
            (self.task_forces, "task_force", teams),
        ):
            menu.clear()
            for value, words in sorted(items.items(), key=lambda pair: pair[1].casefold()):
                action = menu.addAction(words)
                action.setCheckable(True)
                action.setChecked(value not in self._hidden[group])
                action.setData(value)
                action.toggled.connect(lambda on, g=group, v=value: self._toggle(g, v, on))
            menu.setEnabled(bool(items))
        self._mark()

    def _toggle(self, group: str, value: object, on: bool) -> None:
        (self._hidden[group].discard if on else self._hidden[group].add)(value)
        self._mark()
        self.changed.emit()

    def _mark(self) -> None:
        hiding = any(self._hidden.values())
        self.button.setText("Fi&lter •" if hiding else "Fi&lter")

    def actions_of(self, group: str) -> list[QAction]:
        """The checkable entries of one group: function, status or task_force."""
        menu = {"function": self.functions, "status": self.statuses, "task_force": self.task_forces}[group]
        return [action for action in menu.actions() if action.isCheckable()]

    def show_all(self) -> None:
        """Tick everything again."""
        for hidden in self._hidden.values():
            hidden.clear()
        for group in self._hidden:
            for action in self.actions_of(group):
                action.blockSignals(True)
                action.setChecked(True)
                action.blockSignals(False)
        self._mark()
        self.changed.emit()

    def chosen(self) -> Chosen:
        """What to show: the ticked function ids, statuses and task force ids (None: all of them)."""

        def ticked(group: str) -> set[object] | None:
            if not self._hidden[group]:
                return None
            return {action.data() for action in self.actions_of(group) if action.isChecked()}

        return ticked("function"), ticked("status"), ticked("task_force")  # type: ignore[return-value]
