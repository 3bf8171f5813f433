"""What every log of the tab is built from: its table, its part with a heading and buttons, its saves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.records import Decision, EntityKind, Question, Risk
from smarket_planner.ui.kit.commands import command
from smarket_planner.ui.kit.session import PlanSession

Apply = Callable[[dict[str, Any]], bool]
LogRecord = Risk | Decision | Question


def changes(record: LogRecord, values: dict[str, Any]) -> dict[str, Any]:
    """Only the fields a dialog changed, so an untouched OK adds no undo step."""
    current = {field.name: getattr(record, field.name) for field in fields(record)}
    # Id lists are kept in id order, so the same people in another order are no change.
    clean = {name: tuple(sorted(v)) if isinstance(v, tuple) else v for name, v in values.items()}
    return {name: value for name, value in clean.items() if value != current.get(name)}


def saver(
    session: PlanSession, kind: EntityKind, record: LogRecord, label: str, select: Callable[[int], Any]
) -> Apply:
    """An ``apply`` for a dialog: create when there is no record yet (then select it), else change
    what differs."""

    def apply(values: dict[str, Any]) -> bool:
        plan = session.plan
        if record.id == 0:
            values = {"task_force_id": record.task_force_id, **values}
            outcome = session.edit(lambda: services.add(plan, kind, values))
            if outcome is not None:
                select(outcome.value.id)
            return outcome is not None
        changed = changes(record, values)
        if not changed:
            return True
        return session.update(kind, record.id, record.version, changed, label) is not None

    return apply


def log_table(model: QAbstractItemModel) -> QTableView:
    """A log's table: sorted, one row selected at a time, edited in place by a click or by typing."""
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    # Double-click and F2 open the full record; a click on a selected cell or typing edits in place.
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.SelectedClicked | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    return view


def table_command(view: QTableView, text: str, slot: Any, keys: str, icon: Any = None) -> QAction:
    """A command of one table: the tables share Ins, F2 and Del, each acting only where the focus is."""
    return command(view, text, slot, keys, icon, Qt.ShortcutContext.WidgetShortcut)


class LogPart(QWidget):
    """A log as the tab shows it: its heading and buttons on one line, a hint when empty, its table."""

    def __init__(self, heading: str, actions: list[QAction], view: QTableView, empty: QLabel) -> None:
        super().__init__()
        self.view, self.empty = view, empty
        title = QLabel(heading)
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        title.setFont(font)
        self.bar = QHBoxLayout()
        self.bar.addWidget(title)
        self.bar.addStretch(1)
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            self.bar.addWidget(button)
        empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 4, 0, 4)
        self.column.addLayout(self.bar)
        self.column.addWidget(empty)
        self.column.addWidget(view, 1)

    def wanted_height(self) -> int:
        """The height that shows every row of the table (one at least) without scrolling down."""
        view, margins, spacing = self.view, self.column.contentsMargins(), max(0, self.column.spacing())
        hint = 0 if self.empty.isHidden() else self.empty.sizeHint().height() + spacing
        header = view.horizontalHeader()
        wide = header.length() > view.viewport().width()
        scroll = view.horizontalScrollBar().sizeHint().height() if wide else 0
        rows = max(view.model().rowCount(), 1) * view.verticalHeader().defaultSectionSize()
        table = header.sizeHint().height() + rows + 2 * view.frameWidth() + scroll
        return margins.top() + margins.bottom() + self.bar.sizeHint().height() + spacing + hint + table


def share_out(total: int, wanted: list[int]) -> list[int]:
    """Heights for parts wanting ``wanted`` within ``total``: each what it wants and the rest shared
    evenly; when they want more than there is, each in proportion to what it wants."""
    if total <= 0 or not wanted:
        return wanted
    asked = sum(wanted)
    if asked <= total:
        extra, left = divmod(total - asked, len(wanted))
        return [want + extra + (1 if index < left else 0) for index, want in enumerate(wanted)]
    sizes = [want * total // asked for want in wanted]
    sizes[-1] += total - sum(sizes)
    return sizes
