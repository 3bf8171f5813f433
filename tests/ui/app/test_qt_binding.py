"""The Qt binding in use keeps Python's reference counts straight (PySide6 6.12.0 did not)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage, QPainter


def test_qt_calls_that_return_nothing_leave_none_alone(qapp: object) -> None:
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(500):
            painter.save()
            painter.restore()
        # Other code may take or drop a few references meanwhile; a broken binding drops 1,000.
        assert abs(sys.getrefcount(None) - before) < 50
    finally:
        painter.end()
