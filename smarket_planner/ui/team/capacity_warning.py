"""Saying, before it is made, that a booking takes someone past their capacity (the manager may go on)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from smarket_planner.services.views.staffing_view import PersonLoad, percent

ROUNDING = 1e-9


def over_capacity(
    name: str,
    capacity_pct: float,
    load: PersonLoad | None,
    task_force: tuple[int, str],
    share_pct: float,
) -> str:
    """What booking ``share_pct`` of someone on a task force does to them, if it takes them past capacity.

    The total counts every live task force the person is on, this one at the new share; empty
    when it stays within their capacity.
    """
    ident, team_name = task_force
    others = [share for share in (load.shares if load else ()) if share.task_force_id != ident]
    total = share_pct + sum(share.allocation_pct for share in others)
    if total <= capacity_pct + ROUNDING:
        return ""
    parts = [f"{team_name} {percent(share_pct)}"]
    parts += [f"{share.task_force_name} {percent(share.allocation_pct)}" for share in others]
    return (
        f"This takes {name} to {percent(total)} against a capacity of {percent(capacity_pct)} "
        f"({', '.join(parts)}): some of that work will slip."
    )


def go_on_anyway(parent: QWidget, warning: str) -> bool:
    """Ask whether to make a change that takes someone past capacity; whether the manager goes on."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Over capacity")
    box.setText(warning)
    box.setInformativeText(
        "Make the change anyway? The findings will show the overload until it is resolved."
    )
    proceed = box.addButton("&Make the change", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(proceed)
    box.exec()
    return box.clickedButton() is proceed
