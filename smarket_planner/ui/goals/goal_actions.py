"""The Goals & KPIs tab's commands: add a goal or a KPI, edit or remove one, record a check-in."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar, QWidget

from smarket_planner.services.views.goals_view import GoalView, KpiView

SP = QStyle.StandardPixmap
Slot = Callable[[], object]


class GoalActions:
    """The commands on a task force's goals and KPIs, for the toolbar, the context menu and shortcuts."""

    def __init__(
        self, tab: QWidget, add_goal: Slot, add_kpi: Slot, edit: Slot, remove: Slot, check_in: Slot
    ) -> None:
        self.tab = tab
        self.add_goal = self._action(
            SP.SP_FileDialogNewFolder, "Add goal…", add_goal, "Ctrl+Shift+G", "Add a goal"
        )
        self.add_kpi = self._action(
            SP.SP_FileIcon, "Add KPI…", add_kpi, "Ctrl+Shift+K", "Add a KPI to the selected goal"
        )
        self.edit = self._action(
            SP.SP_FileDialogDetailedView, "Edit…", edit, tip="Edit the selected goal or KPI (F2)"
        )
        self.remove = self._action(
            SP.SP_TrashIcon,
            "Remove",
            remove,
            tip="Remove the selected goal or KPI (Delete); Undo brings it back",
        )
        self.check_in = self._action(
            SP.SP_DialogApplyButton,
            "Record check-in…",
            check_in,
            "Ctrl+K",
            "Record where the selected KPI stands",
        )

    def _action(
        self, icon: SP, text: str, slot: Slot, keys: QKeySequence | str = "", tip: str = ""
    ) -> QAction:
        """A command with its icon, shortcut and tooltip, available anywhere in the tab."""
        action = QAction(self.tab.style().standardIcon(icon), text, self.tab)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or text} ({shown})" if keys else tip or text)
        action.triggered.connect(slot)
        self.tab.addAction(action)
        return action

    def toolbar(self) -> QToolBar:
        """The toolbar over the goals: adding, editing and removing, then the check-in."""
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setIconSize(bar.iconSize() * 0.75)
        for action in (self.add_goal, self.add_kpi, self.edit, self.remove):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.check_in)
        return bar

    def menu(self, item: GoalView | KpiView | None) -> QMenu:
        """The context menu for the goal or KPI selected (or for none)."""
        menu = QMenu(self.tab)
        if isinstance(item, KpiView):
            menu.addAction(self.check_in)
            menu.addSeparator()
        for action in (self.edit, self.remove):
            if item is not None:
                menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.add_goal)
        if item is not None:
            menu.addAction(self.add_kpi)
        return menu

    def enable_for(self, item: GoalView | KpiView | None) -> None:
        """Offer only the commands that apply to what is selected, named for it."""
        kpi = item if isinstance(item, KpiView) else None
        self.add_kpi.setEnabled(item is not None)
        self.edit.setEnabled(item is not None)
        self.remove.setEnabled(item is not None)
        self.check_in.setEnabled(kpi is not None)
        noun = "KPI" if kpi else "goal" if item else ""
        self.edit.setText(f"Edit {noun}…" if noun else "Edit…")
        self.remove.setText(f"Remove {noun}" if noun else "Remove")
