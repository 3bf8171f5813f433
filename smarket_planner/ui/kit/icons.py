"""The app's own icons, found wherever the program is installed."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from smarket_planner.resources import resource

APP_ID = "io.github.smarketplanner.SmarketPlanner"  # the desktop file's name and the icon's, on Linux
# The sizes packaging/render-icons.sh renders the SVG at, under resources/icons/hicolor/.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_png(size: int) -> str:
    """The path of the icon's PNG rendering ``size`` pixels square."""
    return str(resource("icons", "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png"))


@cache
def app_icon() -> QIcon:
    """The smarket_planner icon (three overlapping functions, one shared goal).

    The SVG draws it at any size; the PNG renderings answer for their exact sizes, so a title
    bar, a task bar or a menu gets the same pixels the desktop shows for the installed app.
    """
    icon = QIcon(str(resource("icons", "smarket-planner.svg")))
    for size in ICON_SIZES:
        icon.addFile(icon_png(size), QSize(size, size))
    return icon
