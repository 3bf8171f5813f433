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


def test_syncing_tells_views_which_rows_went_changed_or_came_never_to_start_again(qtmodeltester: Any) -> None:
    model, _ = _model()
    qtmodeltester.check(model, force_py=True)
    model.set_records([Row(1, "Ann", 1.0), Row(2, "Bo", 2.0), Row(4, "Di", 4.0), Row(5, "Ed", 5.0)])
    told: list[str] = []
    model.modelReset.connect(lambda: told.append("reset"))
    model.rowsRemoved.connect(lambda _parent, first, last: told.append(f"removed {first}-{last}"))
    model.rowsInserted.connect(lambda _parent, first, last: told.append(f"inserted {first}-{last}"))
    model.dataChanged.connect(lambda first, _last: told.append(f"changed {first.row()}"))
    wanted = [Row(0, "Al", 0.0), Row(2, "Bo", 2.5), Row(3, "Cy", 3.0), Row(5, "Ed", 5.0), Row(6, "Flo", 6.0)]
    model.sync_records(wanted, ordered=True)
    assert [r.id for r in model.records()] == [0, 2, 3, 5, 6]
    assert told == ["removed 2-2", "removed 0-0", "changed 0", "inserted 0-0", "inserted 2-2", "inserted 4-4"]
    model.sync_records([Row(7, "Gus", 7.0), *wanted])  # not in order: a newcomer goes last
    assert [r.id for r in model.records()] == [0, 2, 3, 5, 6, 7]
    assert "reset" not in told
    qtmodeltester.check(model, force_py=True)
