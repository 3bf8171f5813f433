"""An open plan inside the app: edits as undo steps, change signals, refusals shown kindly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from smarket_planner import services
from smarket_planner.domain.errors import DomainError, ValidationError
from smarket_planner.services import ChangeNotice, Outcome, Plan


class EditCommand(QUndoCommand):
    """One committed edit on the undo stack; undo and redo replay its reverse edits."""

    def __init__(self, session: PlanSession, outcome: Outcome[Any], label: str) -> None:
        super().__init__(label)
        self._session = session
        self._outcome = outcome
        self._done_once = False

    def redo(self) -> None:
        """Do the edit again (the first call does nothing: the edit is already made)."""
        if not self._done_once:
            self._done_once = True
            return
        self._replay()

    def undo(self) -> None:
        """Reverse the edit."""
        self._replay()

    def _replay(self) -> None:
        try:
            self._outcome = services.undo(self._session.plan, self._outcome)
        except DomainError as error:
            # The plan moved on under this step (another window, a shared plan): the
            # history no longer fits it, so it is dropped rather than replayed wrongly.
            self.setObsolete(True)
            self._session.refused.emit(str(error), "")
            QTimer.singleShot(0, self._session.undo_stack.clear)


class PlanSession(QObject):
    """The plan the window works on, its undo history, and what changed in it."""

    changed = Signal(object)  # tuple[ChangeNotice, ...] of one committed edit
    refused = Signal(str, str)  # the message, and the field to mark ("" if none)

    def __init__(self, plan: Plan, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.undo_stack = QUndoStack(self)
        plan.changes.subscribe(self._publish)

    def _publish(self, notices: tuple[ChangeNotice, ...]) -> None:
        self.changed.emit(notices)

    def edit(self, action: Callable[[], Outcome[Any]], label: str = "") -> Outcome[Any] | None:
        """Make an edit through a service as one undo step; a refusal is reported, not raised."""
        try:
            outcome = action()
        except ValidationError as error:
            self.refused.emit(str(error), error.field)
            return None
        except DomainError as error:
            self.refused.emit(str(error), "")
            return None
        self.undo_stack.push(EditCommand(self, outcome, label or outcome.label))
        return outcome

    def close(self) -> None:
        """Stop listening to the plan and close it; every edit is already saved."""
        self.plan.changes.unsubscribe(self._publish)
        self.undo_stack.clear()
        self.plan.close()
