"""Duplicating and deleting a task force from the menus: asked first, done as one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from smarket_planner import services
from smarket_planner.domain.records import EntityKind, TaskForce
from smarket_planner.ui.kit.removal import confirm_removal
from smarket_planner.ui.kit.session import PlanSession

K = EntityKind


def delete_task_force(parent: QWidget, session: PlanSession, task_force_id: int, seen: int) -> bool:
    """Delete a task force, seen at version ``seen``, with everything it holds, once the manager
    agrees; whether it went (if someone changed it since, the manager is shown that first)."""
    record = services.get(session.plan, K.TASK_FORCE, task_force_id)
    assert isinstance(record, TaskForce)
    if not confirm_removal(parent, session, K.TASK_FORCE, [task_force_id], record.name):
        return False
    done = session.delete(K.TASK_FORCE, task_force_id, seen, f"Delete task force '{record.name}'")
    return done is not None


def duplicate_task_force(parent: QWidget, session: PlanSession, task_force_id: int) -> int | None:
    """Copy a task force under a name the manager confirms; the copy's id, or None if cancelled."""
    record = services.get(session.plan, K.TASK_FORCE, task_force_id)
    assert isinstance(record, TaskForce)
    name, accepted = QInputDialog.getText(
        parent,
        "Duplicate task force",
        "The copy starts as proposed, with the same team, goals, KPIs, RACI, deliverables and\n"
        "risks; check-ins and decisions stay with the original.\n\n&Name of the copy:",
        QLineEdit.EchoMode.Normal,
        services.copy_name(session.plan, record.name),
    )
    if not accepted or not name.strip():
        return None
    done = session.edit(
        lambda: services.duplicate(session.plan, task_force_id, name.strip()),
        f"Duplicate task force '{record.name}'",
    )
    return None if done is None else int(done.value.id)
