"""Deleting and duplicating a task force from the navigator: asked first, one undo step each."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.ui.kit.removal import what_goes
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.workspace.navigator import TaskForceNavigator

K = EntityKind


def dump(session: PlanSession) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the plan file, sorted (not the log of what changed, nor SQLite's own)."""
    path = session.plan.path
    assert path is not None
    with closing(sqlite3.connect(path)) as db:
        listed = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        names = [r[0] for r in db.execute(listed) if r[0] != "change_log"]
        return {name: sorted(db.execute(f'SELECT * FROM "{name}"'), key=repr) for name in names}


def answer(act: Callable[[Any], None]) -> list[str]:
    """Act on the dialog about to open; what it said, for the test to read."""
    said: list[str] = []

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        if isinstance(dialog, QMessageBox):
            said.append(f"{dialog.text()} {dialog.informativeText()}")
        elif isinstance(dialog, QInputDialog):
            said.append(dialog.textValue())
        act(dialog)

    QTimer.singleShot(0, handle)
    return said


def pulse(session: PlanSession) -> int:
    return next(t.id for t in services.find(session.plan, K.TASK_FORCE) if t.name == "Pulse 3.0 Launch")


def test_deleting_asks_says_what_goes_and_undo_brings_every_row_back(
    navigator: TaskForceNavigator, demo_session: PlanSession
) -> None:
    before = dump(demo_session)
    navigator.select_task_force(pulse(demo_session))
    said = answer(lambda box: box.reject())
    navigator.delete_current()
    assert dump(demo_session) == before  # cancelled: nothing goes
    assert "Delete the task force 'Pulse 3.0 Launch'?" in said[0]
    assert "members" in said[0] and "check-ins" in said[0] and "Undo (Ctrl+Z)" in said[0]

    said = answer(lambda box: next(b for b in box.buttons() if b.text() == "&Delete").click())
    navigator.delete_current()
    assert "Pulse 3.0 Launch" not in [t.name for t in services.find(demo_session.plan, K.TASK_FORCE)]
    assert demo_session.undo_stack.undoText() == "Delete task force 'Pulse 3.0 Launch'"
    demo_session.undo_stack.undo()
    assert dump(demo_session) == before
    demo_session.undo_stack.redo()
    assert dump(demo_session) != before


def test_duplicating_offers_a_free_name_and_shows_the_copy(
    navigator: TaskForceNavigator, demo_session: PlanSession
) -> None:
    navigator.select_task_force(pulse(demo_session))
    said = answer(lambda dialog: dialog.accept())
    navigator.duplicate_current()
    assert said == ["Pulse 3.0 Launch (copy)"]
    copy = next(t for t in services.find(demo_session.plan, K.TASK_FORCE) if t.name == said[0])
    assert navigator.current_task_force() == copy.id
    assert len(services.find(demo_session.plan, K.MEMBERSHIP, task_force_id=copy.id)) == len(
        services.find(demo_session.plan, K.MEMBERSHIP, task_force_id=pulse(demo_session))
    )
    demo_session.undo_stack.undo()
    assert copy.id not in [t.id for t in services.find(demo_session.plan, K.TASK_FORCE)]


def test_the_context_menu_offers_both(navigator: TaskForceNavigator) -> None:
    texts = [navigator.duplicate_action.text(), navigator.delete_action.text()]
    assert texts == ["D&uplicate Task Force…", "&Delete Task Force…"]


def test_what_goes_reads_as_a_sentence() -> None:
    assert what_goes([(K.MEMBERSHIP, 1)]) == "1 member"
    assert what_goes([(K.MEMBERSHIP, 3), (K.GOAL, 2), (K.RISK, 1)]) == "3 members, 2 goals and 1 risk"
