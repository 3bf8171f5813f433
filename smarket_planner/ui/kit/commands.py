"""A tab's commands: one action with its icon, shortcut and tooltip, made the same way everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget


def command(
    owner: QWidget,
    text: str,
    slot: Callable[[], Any],
    keys: str = "",
    icon: QStyle.StandardPixmap | None = None,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> QAction:
    """An action on ``owner``: its shortcut works while the focus is within it, and says so."""
    action = QAction(text, owner)
    if icon is not None:
        action.setIcon(owner.style().standardIcon(icon))
    if keys:
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(context)
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shown})")
    action.triggered.connect(lambda _checked=False: slot())
    owner.addAction(action)
    return action
