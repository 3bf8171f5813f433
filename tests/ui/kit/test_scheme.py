"""Light and dark: the palettes read at WCAG AA, and the View menu's choice is shown and kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from smarket_planner.analysis.model import HealthBand
from smarket_planner.ui.findings.findings_dock import SEVERITY_COLOURS
from smarket_planner.ui.kit.edit_dialog import error_colour
from smarket_planner.ui.kit.form_fields import warning_colour
from smarket_planner.ui.kit.marks import BAND_COLOURS, NO_DATA_COLOUR, STATUS_COLOURS
from smarket_planner.ui.kit.scheme import (
    TEXT_CONTRAST,
    Appearance,
    ColourScheme,
    contrast,
    ink_on,
    is_dark,
    legible,
    palette_of,
    text_on_base,
    text_on_window,
)
from smarket_planner.ui.portfolio.portfolio_heatmap import OVER_COLOUR, load_colour
from smarket_planner.ui.portfolio.timeline_painting import TODAY_COLOUR

Role = QPalette.ColorRole
TEXT_ON = [
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.WindowText, Role.Window),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.PlaceholderText, Role.Base),
    (Role.Link, Role.Base),
    (Role.LinkVisited, Role.Base),
]


@pytest.fixture
def appearance(qapp: QApplication) -> Iterator[Appearance]:
    """The app's appearance, put back to the platform's look afterwards for the other tests."""
    found = Appearance.of(qapp)
    yield found
    found.choose(ColourScheme.SYSTEM)
    found.system_changed(Qt.ColorScheme.Unknown)


def test_contrast_follows_wcag() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast(QColor("#123456"), QColor("#123456")) == pytest.approx(1.0)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize(("text", "background"), TEXT_ON, ids=lambda role: role.name)
def test_the_applied_palette_reads(
    appearance: Appearance, qapp: QApplication, dark: bool, text: Role, background: Role
) -> None:
    appearance.choose(ColourScheme.DARK if dark else ColourScheme.LIGHT)
    palette = qapp.palette()
    assert is_dark(palette) is dark
    ratio = contrast(palette.color(text), palette.color(background))
    assert ratio >= TEXT_CONTRAST, f"{text.name} on {background.name}: {ratio:.2f}"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_palette_fills_every_role_and_the_disabled_group(dark: bool) -> None:
    palette = palette_of(dark)
    active, disabled = QPalette.ColorGroup.Active, QPalette.ColorGroup.Disabled
    for role in (Role.Text, Role.WindowText, Role.ButtonText):
        # Disabled words are greyer than enabled ones, yet still there.
        assert contrast(palette.color(disabled, role), palette.color(active, Role.Base)) < contrast(
            palette.color(active, role), palette.color(active, Role.Base)
        )
        assert contrast(palette.color(disabled, role), palette.color(active, Role.Window)) >= 2.5


def test_legible_moves_a_colour_only_as_far_as_it_must() -> None:
    white, dark = QColor("#ffffff"), palette_of(True).color(Role.Base)
    assert legible("#e0a526", white).name() != "#e0a526"
    assert contrast(legible("#e0a526", white), white) >= TEXT_CONTRAST
    assert contrast(legible("#d64541", dark), dark) >= TEXT_CONTRAST
    assert legible("#000000", white).name() == "#000000"  # already fine: untouched
    assert ink_on(QColor("#d4952a")).name() == "#000000"
    assert ink_on(QColor("#1c5aa6")).name() == "#ffffff"


def test_system_is_followed_while_chosen(appearance: Appearance, qapp: QApplication) -> None:
    appearance.choose(ColourScheme.SYSTEM)
    native = qapp.palette().color(Role.Window).name()
    assert not is_dark(qapp.palette())  # offscreen says neither light nor dark
    appearance.system_changed(Qt.ColorScheme.Dark)
    assert is_dark(qapp.palette())
    appearance.system_changed(Qt.ColorScheme.Light)
    assert qapp.palette().color(Role.Window).name() == native  # the platform's own again
    appearance.choose(ColourScheme.DARK)
    appearance.system_changed(Qt.ColorScheme.Light)  # the user's Dark wins over the system
    assert is_dark(qapp.palette())


def test_system_scheme_signal_reaches_the_appearance(appearance: Appearance, qapp: QApplication) -> None:
    appearance.choose(ColourScheme.SYSTEM)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert is_dark(qapp.palette())


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_coloured_word_reads_on_what_it_is_drawn_on(dark: bool) -> None:
    palette = palette_of(dark)
    window, base, button = (palette.color(role) for role in (Role.Window, Role.Base, Role.Button))
    words = {
        "error message": (error_colour(palette), window),
        "over capacity in a table": (warning_colour(palette), base),
        "over capacity in a dialog": (warning_colour(palette), window),
        "today on the timeline": (text_on_window(TODAY_COLOUR, palette), window),
        "this week's heading": (legible(TODAY_COLOUR, button), button),
    }
    words |= {f"status {s.value}": (text_on_window(c, palette), window) for s, c in STATUS_COLOURS.items()}
    words |= {f"health {b.value}": (text_on_window(c, palette), window) for b, c in BAND_COLOURS.items()}
    words |= {f"finding {s.value}": (text_on_base(c, palette), base) for s, c in SEVERITY_COLOURS.items()}
    low = {name: round(contrast(ink, ground), 2) for name, (ink, ground) in words.items()}
    assert {name: ratio for name, ratio in low.items() if ratio < TEXT_CONTRAST} == {}


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_words_on_coloured_fills_read(dark: bool) -> None:
    palette = palette_of(dark)
    fills = [*BAND_COLOURS.values(), NO_DATA_COLOUR, *STATUS_COLOURS.values(), OVER_COLOUR]
    fills += [load_colour(load, 100, palette) for load in (5, 25, 50, 75, 100)]  # the heat map's ramp
    low = {QColor(f).name(): round(contrast(ink_on(QColor(f)), QColor(f)), 2) for f in fills if f is not None}
    assert {fill: ratio for fill, ratio in low.items() if ratio < TEXT_CONTRAST} == {}
    assert ink_on(QColor(BAND_COLOURS[HealthBand.AMBER])).name() == "#000000"  # white would not read
