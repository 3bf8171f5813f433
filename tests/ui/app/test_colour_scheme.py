"""View ▸ Colour Scheme: the choice is shown at once, kept for the next run, and every part follows it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings
from smarket_planner.ui.kit.scheme import TEXT_CONTRAST, Appearance, ColourScheme, contrast, is_dark


@pytest.fixture(autouse=True)
def platform_look_afterwards(qapp: QApplication) -> Iterator[None]:
    """Put the platform's look back for the other tests."""
    yield
    appearance = Appearance.of(qapp)
    appearance.choose(ColourScheme.SYSTEM)
    appearance.system_changed(Qt.ColorScheme.Unknown)


def test_view_menu_switches_and_keeps_the_scheme(qapp: QApplication, tmp_path: Path) -> None:
    window = MainWindow(AppSettings(tmp_path))
    try:
        assert window.commands.colour_schemes[ColourScheme.SYSTEM].isChecked()
        window.commands.colour_schemes[ColourScheme.DARK].trigger()
        assert is_dark(qapp.palette())
        assert window.commands.colour_schemes[ColourScheme.DARK].isChecked()
        assert AppSettings(tmp_path).colour_scheme() is ColourScheme.DARK
        window.commands.colour_schemes[ColourScheme.LIGHT].trigger()
        assert not is_dark(qapp.palette())
        assert AppSettings(tmp_path).colour_scheme() is ColourScheme.LIGHT
        assert [a.text() for a in window.commands.scheme_menu.actions()] == ["&System", "&Light", "&Dark"]
    finally:
        window.close()


def test_a_new_window_shows_the_scheme_kept(qapp: QApplication, tmp_path: Path) -> None:
    AppSettings(tmp_path).set_colour_scheme(ColourScheme.DARK)
    window = MainWindow(AppSettings(tmp_path))
    try:
        assert is_dark(qapp.palette())
        assert window.commands.colour_schemes[ColourScheme.DARK].isChecked()
    finally:
        window.close()


def test_an_open_plan_follows_a_switch_to_dark(
    window: MainWindow, demo_path: Path, qapp: QApplication, qtbot: Any
) -> None:
    window.open_plan(str(demo_path))
    assert window.workspace is not None and window.findings is not None
    findings = window.findings.model
    qtbot.waitUntil(lambda: findings.rowCount() > 0, timeout=30000)  # the analysis scores the health
    window.commands.colour_schemes[ColourScheme.DARK].trigger()
    qapp.processEvents()  # the new palette reaches the widgets as events
    palette = window.workspace.palette()
    window_colour, base = palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base)
    assert is_dark(palette)
    assert palette.color(QPalette.ColorRole.PlaceholderText).name() in window.workspace.heading.text()
    score = window.workspace.overview.health.score.styleSheet()
    assert score.startswith("color: #")
    assert contrast(QColor(score.removeprefix("color: ").rstrip(";")), window_colour) >= TEXT_CONTRAST
    severities = [
        findings.data(findings.index(row, 0), Qt.ItemDataRole.ForegroundRole)
        for row in range(findings.rowCount())
    ]
    assert min(contrast(colour, base) for colour in severities) >= TEXT_CONTRAST
