"""A main window with its own settings folder, and a copy of the demo plan to open in it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(tmp_path / "config")


@pytest.fixture
def window(settings: AppSettings, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    window = MainWindow(settings)
    complaints: list[tuple[str, str]] = []
    monkeypatch.setattr(window, "complain", lambda title, message: complaints.append((title, message)))
    window.complaints = complaints  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


@pytest.fixture
def demo_path(demo_master: Path, tmp_path: Path) -> Path:
    path = tmp_path / "Northwind demo.smplan"
    shutil.copyfile(demo_master, path)
    return path
