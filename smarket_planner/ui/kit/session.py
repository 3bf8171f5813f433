"""An open plan inside the app: edits as undo steps, change signals, refusals shown kindly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QDialog

from smarket_planner import services
from smarket_planner.domain.errors import DomainError, StaleEditError, ValidationError
from smarket_planner.domain.records import EntityKind
from smarket_planner.services import ChangeNotice, Outcome, Plan
from smarket_planner.ui.kit.conflict import ConflictDialog

# The "field" of a refusal the user has already answered (Keep Theirs): no field to mark, no box.
KEPT_THEIRS = "-"


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
        self._replay("redo")

    def undo(self) -> None:
        """Reverse the edit."""
        self._replay("undo")

    def _replay(self, verb: str = "redo") -> None:
        try:
            self._outcome = services.undo(self._session.plan, self._outcome)
        except DomainError as error:
            # Someone changed what this step touched since: their change is kept, and only
            # this step leaves the history (the steps before it check for themselves).
            self.setObsolete(True)
            self._session.refused.emit(
                f"Could not {verb} “{self.text()}”: {error} That step has left the undo history.", ""
            )


class PlanSession(QObject):
    """The plan the window works on, its undo history, and what changed in it."""

    changed = Signal(object)  # tuple[ChangeNotice, ...] of one committed edit, here or elsewhere
    saved = Signal(object)  # ... of an edit made in this window
    heard = Signal(object)  # ... of an edit made elsewhere: another window, program or colleague
    refused = Signal(str, str)  # the message, and the field to mark ("" if none)

    # How often the window looks for edits made elsewhere (a cheap check when there are none).
    LISTEN_MS = 250

    def __init__(self, plan: Plan, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.undo_stack = QUndoStack(self)
        self._hearing = False
        plan.changes.subscribe(self._publish)
        self._watch = services.PlanWatch(plan)
        self._listening = QTimer(self)
        self._listening.setInterval(self.LISTEN_MS)
        self._listening.timeout.connect(self.listen)
        self._listening.start()

    def listen(self) -> None:
        """Bring in the edits made elsewhere since the last look: views refresh just what changed."""
        self._hearing = True
        try:
            self._watch.poll()
        except DomainError as error:  # the plan cannot be read just now; the next look tries again
            self.refused.emit(str(error), "")
        finally:
            self._hearing = False

    def _publish(self, notices: tuple[ChangeNotice, ...]) -> None:
        self.changed.emit(notices)
        (self.heard if self._hearing else self.saved).emit(notices)

    def update(
        self, kind: EntityKind, ident: int, seen: int | None, changes: dict[str, Any], label: str = ""
    ) -> Outcome[Any] | None:
        """Change fields of a thing the user saw at version ``seen``, as one undo step.

        If someone changed it since, their change is shown beside this one and the user
        chooses: apply this one over theirs, or keep theirs.
        """

        def attempt(version: int | None) -> Outcome[Any]:
            return services.update(self.plan, kind, ident, seen=version, **changes)

        return self.edit(lambda: attempt(seen), label, reapply=attempt, changes=changes)

    def delete(self, kind: EntityKind, ident: int, seen: int | None, label: str = "") -> Outcome[Any] | None:
        """Remove a thing the user saw at version ``seen``; if someone changed it since, ask first."""

        def attempt(version: int | None) -> Outcome[Any]:
            return services.delete(self.plan, kind, ident, seen=version)

        return self.edit(lambda: attempt(seen), label, reapply=attempt)

    def resolve(self, error: StaleEditError, changes: dict[str, Any]) -> bool:
        """Show someone else's newer change beside the user's; whether to apply the user's over it."""
        clashes = services.compare_with_now(self.plan, EntityKind(error.kind), error.ident, changes)
        parent = QApplication.activeWindow()
        return ConflictDialog(error, clashes, parent).exec() == QDialog.DialogCode.Accepted

    def edit(
        self,
        action: Callable[[], Outcome[Any]],
        label: str = "",
        *,
        reapply: Callable[[int | None], Outcome[Any]] | None = None,
        changes: dict[str, Any] | None = None,
    ) -> Outcome[Any] | None:
        """Make an edit through a service as one undo step; a refusal is reported, not raised.

        With ``reapply``, an edit refused because someone changed the thing since is shown
        to the user (see ``resolve``) and, if they say so, made again on the newer version.
        """
        try:
            try:
                outcome = action()
            except StaleEditError as error:
                if reapply is None or error.version is None:
                    raise
                if not self.resolve(error, changes or {}):
                    # The user has seen it and chose theirs: said to an open dialog, not again in a box.
                    self.refused.emit(str(error), KEPT_THEIRS)
                    return None
                outcome = reapply(error.version)
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
        self._listening.stop()
        self._watch.close()
        self.plan.changes.unsubscribe(self._publish)
        self.undo_stack.clear()
        self.plan.close()
