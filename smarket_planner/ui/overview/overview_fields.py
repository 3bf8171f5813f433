"""How the Overview form ties each input to a task-force field: reading, showing, and marking it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from smarket_planner.ui.overview.task_force_fields import ERROR_COLOUR, PersonPicker, TextBox

Binding = tuple[Callable[[], Any], Callable[[Any], None]]

# The words for each field in undo labels ("Change meeting day").
LABELS = {
    "name": "name",
    "kind": "kind",
    "objective": "objective",
    "why": "why",
    "sponsor_id": "sponsor",
    "lead_id": "lead",
    "start_date": "start date",
    "end_date": "end date",
    "rhythm_frequency": "meeting frequency",
    "rhythm_weekday": "meeting day",
    "rhythm_time": "meeting time",
    "rhythm_label": "meeting name",
}
STYLE = (
    f"QLineEdit[invalid='true'], QPlainTextEdit[invalid='true'], QComboBox[invalid='true'], "
    f"QDateEdit[invalid='true'], QTimeEdit[invalid='true'] {{ border: 2px solid {ERROR_COLOUR}; "
    f"border-radius: 3px; }}"
)


@dataclass
class FormField:
    """One input of the form: how it reads and shows a task force field, and whether it was typed in."""

    widget: QWidget
    read: Callable[[], Any]
    write: Callable[[Any], None]
    focused: Callable[[], bool]
    dirty: bool = False


def combo_binding(box: QComboBox, enum: Any = None) -> Binding:
    """Read and show a choice list's value, turned into ``enum`` when one is given."""

    def read() -> Any:
        data = box.currentData()
        return enum(data) if enum is not None and data is not None else data

    def write(value: Any) -> None:
        box.setCurrentIndex(max(box.findData(value), 0) if value is not None else 0)

    return read, write


def text_binding(box: QLineEdit) -> Binding:
    """Read and show a one-line text; showing it clears the typed-in mark."""

    def write(value: Any) -> None:
        box.setText(value or "")
        box.setModified(False)

    return box.text, write


def plain_binding(box: TextBox) -> Binding:
    """Read and show a long text."""
    return box.toPlainText, lambda value: box.setPlainText(value or "")


def person_binding(box: PersonPicker) -> Binding:
    """Read and show the person chosen by name."""
    return box.person_id, box.set_person_id
