"""The app icon: the pixels rendered for each desktop size, the drawing at any other."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage

from smarket_planner.resources import resource
from smarket_planner.ui.kit.icons import ICON_SIZES, app_icon, icon_png


def pixels(icon: QIcon, size: int) -> QImage:
    return icon.pixmap(QSize(size, size)).toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def test_the_app_icon_shows_the_rendered_pixels_at_each_desktop_size(qapp: object) -> None:
    """Title bar, task bar and menus show the same sharp icon the desktop shows for the app."""
    for size in ICON_SIZES:
        rendered = QImage(icon_png(size)).convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        assert pixels(app_icon(), size) == rendered, f"{size}x{size}"


def test_the_app_icon_is_drawn_afresh_at_any_other_size(qapp: object) -> None:
    """At a size with no rendering of its own, the icon is drawn from the SVG, not scaled from a PNG."""
    drawing = QIcon(str(resource("icons", "smarket-planner.svg")))

    for size in (20, 40, 96, 1024):
        assert pixels(app_icon(), size) == pixels(drawing, size), f"{size}x{size}"
