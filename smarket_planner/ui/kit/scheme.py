"""Light and dark: the app's two palettes, which one is in use, and colours that stay readable on either."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

Role, Group = QPalette.ColorRole, QPalette.ColorGroup
TEXT_CONTRAST = 4.5  # WCAG AA for ordinary text
# The app's own look, so Light and Dark come out the same on every platform.
STYLE = "Fusion"

# Role by role; the disabled group only greys out what can be read or pressed.
LIGHT = {
    Role.Window: "#f3f4f6",
    Role.WindowText: "#1b1f24",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f5f6f8",
    Role.Text: "#1b1f24",
    Role.PlaceholderText: "#636a73",
    Role.Button: "#eceef1",
    Role.ButtonText: "#1b1f24",
    Role.BrightText: "#ffffff",
    Role.Light: "#ffffff",
    Role.Midlight: "#e3e6ea",
    Role.Mid: "#b9bec6",
    Role.Dark: "#8d939b",
    Role.Shadow: "#4a4f57",
    Role.Highlight: "#2458b3",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#0b57d0",
    Role.LinkVisited: "#6c3fb0",
    Role.ToolTipBase: "#fffbe0",
    Role.ToolTipText: "#1b1f24",
    Role.Accent: "#2458b3",
}
LIGHT_DISABLED = {
    Role.WindowText: "#8b9098",
    Role.Text: "#8b9098",
    Role.ButtonText: "#8b9098",
    Role.PlaceholderText: "#a6abb2",
    Role.Highlight: "#c9ced6",
    Role.HighlightedText: "#5b6068",
    Role.Base: "#f3f4f6",
}
DARK = {
    Role.Window: "#25282d",
    Role.WindowText: "#e6e8eb",
    Role.Base: "#1b1d21",
    Role.AlternateBase: "#23262b",
    Role.Text: "#e6e8eb",
    Role.PlaceholderText: "#9aa1aa",
    Role.Button: "#33373d",
    Role.ButtonText: "#e6e8eb",
    Role.BrightText: "#ffffff",
    Role.Light: "#4a4f57",
    Role.Midlight: "#3d4148",
    Role.Mid: "#5c626b",
    Role.Dark: "#16181b",
    Role.Shadow: "#000000",
    Role.Highlight: "#2f6bc4",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#8ab4f8",
    Role.LinkVisited: "#c5a3f7",
    Role.ToolTipBase: "#3a3e45",
    Role.ToolTipText: "#eef0f2",
    Role.Accent: "#2f6bc4",
}
DARK_DISABLED = {
    Role.WindowText: "#7c828a",
    Role.Text: "#7c828a",
    Role.ButtonText: "#7c828a",
    Role.PlaceholderText: "#61676f",
    Role.Highlight: "#3d4148",
    Role.HighlightedText: "#9aa1aa",
    Role.Base: "#22252a",
}


class ColourScheme(StrEnum):
    """The View menu's choice: follow the system, or always light, or always dark."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @property
    def label(self) -> str:
        """The menu's words for it."""
        return {"system": "&System", "light": "&Light", "dark": "&Dark"}[self.value]


def palette_of(dark: bool) -> QPalette:
    """The app's dark or light palette, every role and the disabled group filled in."""
    palette = QPalette()
    for role, colour in (DARK if dark else LIGHT).items():
        palette.setColor(role, QColor(colour))  # all groups at once
    for role, colour in (DARK_DISABLED if dark else LIGHT_DISABLED).items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    return palette


def is_dark(palette: QPalette) -> bool:
    """Whether a palette draws light text on a dark window."""
    return palette.color(Role.Window).lightness() < 128


def luminance(colour: QColor) -> float:
    """A colour's relative luminance, as WCAG defines it (0 black to 1 white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def contrast(one: QColor, other: QColor) -> float:
    """The WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def legible(colour: QColor | str, background: QColor, ratio: float = TEXT_CONTRAST) -> QColor:
    """The colour, darkened on a light background or lightened on a dark one until text in it reads."""
    start = QColor(colour)
    toward = QColor("#000000") if luminance(background) > 0.18 else QColor("#ffffff")
    for step in range(21):  # same hue, a little more of black or white each time
        share = step / 20
        mixed = QColor.fromRgbF(
            start.redF() + (toward.redF() - start.redF()) * share,
            start.greenF() + (toward.greenF() - start.greenF()) * share,
            start.blueF() + (toward.blueF() - start.blueF()) * share,
        )
        if contrast(mixed, background) >= ratio:
            return mixed
    return toward


def ink_on(fill: QColor) -> QColor:
    """White text on ``fill`` where it reads, else black (which then always does)."""
    white = QColor("#ffffff")
    return white if contrast(white, fill) >= TEXT_CONTRAST else QColor("#000000")


def text_on_window(colour: QColor | str, palette: QPalette) -> QColor:
    """A colour for words on the window's background, readable in light and dark."""
    return legible(colour, palette.color(Role.Window))


def text_on_base(colour: QColor | str, palette: QPalette) -> QColor:
    """A colour for words in a list or table, readable in light and dark."""
    return legible(colour, palette.color(Role.Base))


class Appearance(QObject):
    """Which scheme the app shows: the user's choice, or the system's while the choice is System."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("appearance")
        self._app = app
        self._native_style = app.style().name()
        self.choice = ColourScheme.SYSTEM
        self.dark = False
        self._own_palette = False  # until then the platform's palette and style are left alone
        app.styleHints().colorSchemeChanged.connect(self.system_changed)

    @staticmethod
    def of(app: QApplication | None = None) -> Appearance:
        """The application's one appearance, made on first use."""
        app = app or QApplication.instance()  # type: ignore[assignment]
        assert isinstance(app, QApplication)
        found = app.findChild(Appearance, "appearance")
        return found if isinstance(found, Appearance) else Appearance(app)

    def choose(self, choice: ColourScheme) -> None:
        """Show the scheme chosen in the View menu."""
        self.choice = choice
        self.system_changed(QGuiApplication.styleHints().colorScheme())

    def system_changed(self, system: Qt.ColorScheme) -> None:
        """Follow the system's light or dark while the choice is System."""
        if self.choice is ColourScheme.LIGHT:
            self._show(dark=False)
        elif self.choice is ColourScheme.DARK:
            self._show(dark=True)
        elif system is Qt.ColorScheme.Dark:
            # Some platforms say dark but keep a light palette; draw our own dark then.
            if self._own_palette or not is_dark(QGuiApplication.palette()):
                self._show(dark=True)
            self.dark = True
        else:
            self._show_native()

    def _show(self, *, dark: bool) -> None:
        if not self._own_palette:
            self._app.setStyle(QStyleFactory.create(STYLE))
        self._own_palette = True
        self.dark = dark
        self._app.setPalette(palette_of(dark))
        self._restyle()

    def _show_native(self) -> None:
        """Back to the platform's own style and palette."""
        self.dark = False
        if not self._own_palette:
            return
        self._own_palette = False
        self._app.setStyle(QStyleFactory.create(self._native_style))
        self._app.setPalette(QPalette())  # a palette with nothing set resolves to the platform's
        self._restyle()

    def _restyle(self) -> None:
        """Widgets with a style sheet keep the palette they were polished with: polish them again."""
        for widget in self._app.allWidgets():
            if widget.styleSheet():
                widget.setStyleSheet(widget.styleSheet())
