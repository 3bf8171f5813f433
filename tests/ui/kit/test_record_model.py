"""The shared table model passes Qt's model checks and refreshes just the rows named."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from smarket_planner.ui.kit.record_model import ID_ROLE, Column, RecordTableModel


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    share: float


def _model() -> tuple[RecordTableModel, list[tuple[int, Any]]]:
    edits: list[tuple[int, Any]] = []

    def edit(row: Row, value: Any) -> bool:
        edits.append((row.id, value))
        return True

    columns = [
        Column("Name", lambda r: r.name, edit=edit),
        Column("Share", lambda r: r.share, align=Qt.AlignmentFlag.AlignRight),
    ]
    return RecordTableModel(columns), edits


def test_model_passes_qt_checks_through_every_change(qtmodeltester: Any) -> None:
    model, _ = _model()
    qtmodeltester.check(model, force_py=True)
    model.set_records([Row(1, "Ann", 20.0), Row(2, "Bo", 12.5)])
    model.update_records([Row(2, "Bo", 30.0), Row(3, "Cy", 5.0)], removed=[1])
    qtmodeltester.check(model, force_py=True)
    assert [r.id for r in model.records()] == [2, 3]
    assert model.data(model.index(0, 1)) == "30"
    assert model.data(model.index(1, 1)) == "5"
    assert model.data(model.index(0, 0), ID_ROLE) == 2
    assert model.row_of(3) == 1


def test_in_place_edits_go_to_the_column_and_not_to_the_rows(qtmodeltester: Any) -> None:
    model, edits = _model()
    model.set_records([Row(1, "Ann", 20.0)])
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(0, 0), "Anne")
    assert edits == [(1, "Anne")]
    assert model.data(model.index(0, 0)) == "Ann"  # the change notice, not the view, refreshes it
