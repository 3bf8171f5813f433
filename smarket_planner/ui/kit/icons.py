"""The app's own icons, found wherever the program is installed."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from smarket_planner.resources import resource


@cache
def app_icon() -> QIcon:
    """The smarket_planner icon (three overlapping functions, one shared goal)."""
    return QIcon(str(resource("icons", "smarket-planner.svg")))
