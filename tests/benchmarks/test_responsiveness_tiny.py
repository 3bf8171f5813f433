"""The stall probe of responsiveness.py sees a blocked GUI thread, and its pager reaches the end."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The same offscreen screen as the app's tests, whichever of them makes the application first.
os.environ.setdefault(
    "QT_QPA_PLATFORM", f"offscreen:configfile={ROOT / 'tests' / 'ui' / 'offscreen_screen.json'}"
)
pytest.importorskip("PySide6")
sys.path.insert(0, str(ROOT / "benchmarks"))

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import QListView  # noqa: E402
from stall_probe import Pager, StallProbe, measure  # noqa: E402

Index = QModelIndex | QPersistentModelIndex


class Paged(QAbstractListModel):
    """A thousand rows, handed out a hundred at a time."""

    def __init__(self) -> None:
        """The first hundred rows loaded."""
        super().__init__()
        self.loaded, self.total = 100, 1000

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """The rows loaded so far."""
        return 0 if parent.isValid() else self.loaded

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Each row's name."""
        return f"row {index.row()}" if role == Qt.ItemDataRole.DisplayRole else None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        """Whether rows are left to load."""
        return not parent.isValid() and self.loaded < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        """Load the next hundred rows."""
        if self.canFetchMore(parent):
            self.beginInsertRows(QModelIndex(), self.loaded, self.loaded + 99)
            self.loaded += 100
            self.endInsertRows()


def test_work_done_on_the_gui_thread_is_a_stall(qapp: object) -> None:
    probe = StallProbe()
    measured = measure(probe, "blocking", lambda: time.sleep(0.08), lambda: True)
    assert measured.seconds >= 0.08
    assert measured.stall >= 0.07


def test_the_pager_scrolls_to_the_last_row(qapp: object) -> None:
    model, view = Paged(), QListView()
    view.setModel(model)
    view.resize(200, 300)
    view.show()
    pager = Pager(view, lambda: model.canFetchMore(), lambda: model.fetchMore())
    try:
        measure(StallProbe(), "paging", lambda: None, pager.page_down, timeout=30)
    finally:
        pager.stop()
        view.close()
    assert model.loaded == model.total
    assert view.verticalScrollBar().value() == view.verticalScrollBar().maximum()
