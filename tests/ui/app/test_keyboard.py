"""The window from the keyboard: its keys work wherever the focus is, menus keep their letters apart.

Typing in a text box (the navigator's search, a roster search) keeps Ctrl+Z and Ctrl+Shift+Z for undoing
the typing, as every text box does; from tables and lists they undo and redo edits of the plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.ui.app.main_window import MainWindow
from tests.ui.kit.test_focus_order import mnemonic

Key = Qt.Key
CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)
NONE = Qt.KeyboardModifier.NoModifier


def _active(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitActive(window):  # shortcuts reach only the active window
        window.activateWindow()


@pytest.fixture
def open_window(window: MainWindow, demo_path: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    """The window on the demo plan, active, with the roster and findings panels shown."""
    assert window.open_plan(str(demo_path))
    assert window.roster is not None and window.findings is not None
    window.roster.show()
    window.findings.show()
    findings = window.findings
    qtbot.waitUntil(lambda: findings.model.rowCount() > 0, timeout=20_000)  # the first analysis is in
    _active(window, qtbot)
    yield window
    window.close_plan()  # waits for an analysis an edit started


def _places(window: MainWindow) -> dict[str, QWidget]:
    """Where the focus may be: a tab's table, the navigator's search, the findings, the roster."""
    workspace, roster, findings = window.workspace, window.roster, window.findings
    assert workspace is not None and roster is not None and findings is not None
    workspace.tabs.setCurrentWidget(workspace.deliverables)
    table = next(v for v in workspace.deliverables.findChildren(QAbstractItemView) if v.isVisible())
    return {
        "tab table": table,
        "navigator list": next(
            v for v in workspace.navigator.findChildren(QAbstractItemView) if v.isVisible()
        ),
        "navigator search": workspace.navigator.search,
        "findings": findings.view,
        "roster": roster.tree,
    }


def _spy(action: QAction) -> list[bool]:
    """Record the action's runs instead of running it (its own tests run it)."""
    fired: list[bool] = []
    action.triggered.disconnect()
    action.triggered.connect(lambda *_: fired.append(True))
    return fired


def _press(widget: QWidget, key: Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    assert QApplication.focusWidget() is widget or widget.isAncestorOf(QApplication.focusWidget())
    QTest.keyClick(widget, key, modifiers)


PLACES = ["tab table", "navigator list", "navigator search", "findings", "roster"]


@pytest.mark.parametrize("place", PLACES)
def test_the_window_keys_work_wherever_the_focus_is(open_window: MainWindow, place: str) -> None:
    commands = open_window.commands
    assert commands.tabs_menu is not None
    tabs = commands.tabs_menu.actions()
    keys: list[tuple[QAction, Key, Qt.KeyboardModifier]] = [
        (tabs[1], Key.Key_2, ALT),
        (tabs[0], Key.Key_1, ALT),
        (tabs[-1], Key(Key.Key_1 + len(tabs) - 1), ALT),
        (commands.portfolio, Key.Key_2, CTRL),
        (commands.workspace, Key.Key_1, CTRL),
        (commands.find_task_force, Key.Key_F, CTRL),
        (commands.new_task_force, Key.Key_N, CTRL | SHIFT),
        (commands.presentation, Key.Key_F11, NONE),
        (commands.export_charter, Key.Key_E, CTRL),
    ]
    widget = _places(open_window)[place]
    for action, key, modifiers in keys:
        fired = _spy(action)
        _press(widget, key, modifiers)
        assert fired, f"{action.text()} ({QKeySequence(key | modifiers).toString()}) from the {place}"


@pytest.mark.parametrize("place", ["tab table", "navigator list", "findings", "roster"])
def test_undo_and_redo_work_from_tables_and_lists(open_window: MainWindow, place: str) -> None:
    session = open_window.session
    assert session is not None
    person = services.find(session.plan, EntityKind.PERSON)[0]
    session.edit(lambda: services.update(session.plan, EntityKind.PERSON, person.id, title="Keyboard tester"))
    stack = session.undo_stack
    done = stack.index()
    widget = _places(open_window)[place]
    _press(widget, Key.Key_Z, CTRL)
    assert stack.index() == done - 1
    _press(widget, Key.Key_Z, CTRL | SHIFT)
    assert stack.index() == done


def _letters(menu: QMenu) -> list[str]:
    return [
        letter
        for action in menu.actions()
        if action.isVisible() and not action.isSeparator() and (letter := mnemonic(action.text()))
    ]


def _menus(menu: QMenu) -> list[QMenu]:
    found = [menu]
    for action in menu.actions():
        if isinstance(action.menu(), QMenu):
            found += _menus(action.menu())  # type: ignore[arg-type]
    return found


def test_no_two_menus_or_menu_entries_share_a_letter(open_window: MainWindow) -> None:
    bar = open_window.menuBar()
    top = [mnemonic(action.text()) for action in bar.actions()]
    assert None not in top and len(top) == len(set(top)), top
    for action in bar.actions():
        menu = action.menu()
        assert isinstance(menu, QMenu)
        for each in _menus(menu):
            each.aboutToShow.emit()  # menus that name their entries as they open
            found = _letters(each)
            assert len(found) == len(set(found)), f"{each.title()}: {sorted(found)}"


def test_the_focus_is_always_somewhere_to_be_seen(window: MainWindow, demo_path: Path, qtbot: QtBot) -> None:
    _active(window, qtbot)
    focus = QApplication.focusWidget()
    assert focus is not None and focus.isVisible(), focus
    assert window.welcome.isAncestorOf(focus)
    assert focus.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert window.open_plan(str(demo_path))
    _active(window, qtbot)  # the offscreen platform lets the window go while its layout is restored
    focus = QApplication.focusWidget()
    assert focus is not None and focus.isVisible(), focus
    window.close_plan()
    _active(window, qtbot)
    focus = QApplication.focusWidget()
    assert focus is not None and focus.isVisible() and window.welcome.isAncestorOf(focus), focus
