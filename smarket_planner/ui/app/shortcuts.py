"""Help ▸ Keyboard Shortcuts: every key the window answers to, read from its commands as they are now."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

NATIVE = QKeySequence.SequenceFormat.NativeText
EVERYWHERE = "Anywhere in the window"


@dataclass(frozen=True)
class KeyShortcut:
    """One command and the keys that run it, with where it sits: its menu, or the part of the window."""

    where: str
    command: str
    keys: tuple[str, ...]


def plain_text(text: str) -> str:
    """A command's text as read out: without the '&' of its mnemonic or a trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def keys_of(thing: QAction | QShortcut) -> tuple[str, ...]:
    """The keys of an action or shortcut, as the platform writes them (Ctrl+Shift+N, ⌘N)."""
    sequences = thing.shortcuts() if isinstance(thing, QAction) else thing.keys()
    return tuple(sequence.toString(NATIVE) for sequence in sequences if not sequence.isEmpty())


def window_shortcuts(window: QMainWindow) -> list[KeyShortcut]:
    """Every command of the window that has a key: its menus in order, then each tab and panel's own."""
    found: list[KeyShortcut] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, f"{path} ▸ {plain_text(action.text())}")
            elif not action.isSeparator() and id(action) not in seen and keys_of(action):
                seen.add(id(action))
                found.append(KeyShortcut(path, plain_text(action.text()), keys_of(action)))

    for top in window.menuBar().actions():
        if isinstance(top.menu(), QMenu):
            walk(top.menu(), plain_text(top.text()))  # type: ignore[arg-type]  # checked just above
    elsewhere: list[KeyShortcut] = []
    for action in window.findChildren(QAction):
        if id(action) not in seen and keys_of(action):
            seen.add(id(action))
            elsewhere.append(KeyShortcut(_place(action), _name(action), keys_of(action)))
    for shortcut in window.findChildren(QShortcut):
        if keys_of(shortcut):
            elsewhere.append(KeyShortcut(_place(shortcut), _name(shortcut), keys_of(shortcut)))
    return found + _merged(sorted(elsewhere, key=lambda entry: (entry.where != EVERYWHERE, entry.where)))


def _merged(entries: list[KeyShortcut]) -> list[KeyShortcut]:
    """One line per command in one place, however many actions give it a key (F2 and Return: Edit)."""
    lines: dict[tuple[str, str], tuple[str, ...]] = {}
    for entry in entries:
        keys = lines.get((entry.where, entry.command), ())
        lines[entry.where, entry.command] = keys + tuple(key for key in entry.keys if key not in keys)
    return [KeyShortcut(where, command, keys) for (where, command), keys in lines.items()]


def _name(thing: QAction | QShortcut) -> str:
    """What a command is called: an action's text, else what it says of itself."""
    text = thing.text() or thing.toolTip() if isinstance(thing, QAction) else ""
    return plain_text(text or thing.whatsThis()) or "(unnamed)"


def _place(thing: QAction | QShortcut) -> str:
    """Where a command's keys work: the tab or panel holding it, or the whole window."""
    owner: QObject | None = thing.parent()
    if isinstance(thing, QAction):
        # A menu's command works anywhere; a tab's works while its table or toolbar is on screen.
        widgets = [obj for obj in thing.associatedObjects() if isinstance(obj, QWidget)]
        if any(isinstance(widget, QMenu) for widget in widgets):
            return EVERYWHERE
        owner = widgets[0] if widgets else owner
    names: list[str] = []
    while isinstance(owner, QWidget) and not isinstance(owner, QMainWindow):
        parent = owner.parentWidget()
        if isinstance(owner, QDockWidget):
            names.append(f"{owner.windowTitle()} panel")
        elif isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            tabs = parent.parentWidget()
            assert isinstance(tabs, QTabWidget)  # checked in the condition
            names.append(f"{plain_text(tabs.tabText(tabs.indexOf(owner)))} tab")
        elif isinstance(title := getattr(owner, "title", None), str):
            names.append(title)  # a page's own title, such as Portfolio
        owner = parent
    return " ▸ ".join(reversed(names)) or EVERYWHERE


class ShortcutsDialog(QDialog):
    """The keys of every command, grouped by menu and by the tab or panel where they work."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_shown = window
        self.setWindowTitle("Keyboard Shortcuts")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setColumnCount(2)
        self.table.setHeaderLabels(["Command", "Keys"])
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(560, 640)
        self.refresh()

    def refresh(self) -> None:
        """Read the keys again from the window's commands as they are now."""
        self.shortcuts = window_shortcuts(self.window_shown)
        self.table.clear()
        group: QTreeWidgetItem | None = None
        bold = QFont(self.font())
        bold.setBold(True)
        for entry in self.shortcuts:
            if group is None or group.text(0) != entry.where:
                group = QTreeWidgetItem(self.table, [entry.where])
                group.setFirstColumnSpanned(True)
                group.setFont(0, bold)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            row = QTreeWidgetItem(group, [entry.command, ", ".join(entry.keys)])
            row.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.expandAll()
        tabs = (
            ""
            if any("tab" in entry.where for entry in self.shortcuts)
            else (" Open a plan to see the keys of its tabs and panels as well.")
        )
        self.note.setText(
            "A tab's or panel's keys work while you are in it; the menus' keys work anywhere." + tabs
        )

    def showEvent(self, event: QShowEvent) -> None:
        """Read the keys afresh each time the list is shown: a plan opened or closed changes them."""
        self.refresh()
        super().showEvent(event)
