"""Asking before something is removed, and saying what goes with it (undo brings it all back)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from smarket_planner import services
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.kit.session import PlanSession

K = EntityKind


def what_goes(parts: list[tuple[EntityKind, int]]) -> str:
    """What a removal takes along, in words: "3 members, 2 goals and 1 risk"."""
    words = []
    for kind, count in parts:
        noun = "member" if kind is K.MEMBERSHIP else kind.label
        plural = "members" if kind is K.MEMBERSHIP else kind.plural
        words.append(f"{count} {noun if count == 1 else plural}")
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def confirm_removal(
    parent: QWidget, session: PlanSession, kind: EntityKind, idents: Sequence[int], name: str = ""
) -> bool:
    """Ask before removing things, saying what goes with them; refuse at once what others rely on.

    ``name`` names a single thing ("Delete the risk 'Churn'?"); several are counted.
    """
    try:
        parts = services.what_goes_with(session.plan, kind, *idents)
    except DomainError as error:  # refused as every refusal is: said where the window says them
        session.refused.emit(str(error), "")
        return False
    several = len(idents) > 1
    title = f"Delete {len(idents)} {kind.plural}" if several else f"Delete {kind.label}"
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(f"{title}?" if several else f"Delete the {kind.label} '{name}'?")
    goes = f"With {'them' if several else 'it'} go {what_goes(parts)}. " if parts else ""
    box.setInformativeText(goes + "Undo (Ctrl+Z) brings it all back.")
    delete = box.addButton("&Delete", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is delete
