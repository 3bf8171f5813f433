"""The review's fixtures: a review of the demo's dispersed campaign, and a main window with the demo open."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from smarket_planner import services
from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.review.review_dialog import ReviewDialog
from tests.ui.conftest import DEMO_TODAY

CAMPAIGN = "Data Days Spring Campaign"  # dispersed in the demo
LAUNCH = "Pulse 3.0 Launch"  # active in the demo


def team(session: PlanSession, name: str) -> int:
    """The id of the demo's task force of that name."""
    return next(tf.id for tf in services.find(session.plan, EntityKind.TASK_FORCE) if tf.name == name)


@pytest.fixture
def review(demo_session: PlanSession, qtbot: Any) -> ReviewDialog:
    """The review of the dispersed campaign on the demo's day, shown, without the app's hooks."""
    dialog = ReviewDialog(demo_session, team(demo_session, CAMPAIGN), today=DEMO_TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def window(tmp_path: Path, demo_master: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """A main window of its own settings with a copy of the demo plan open."""
    window = MainWindow(AppSettings(tmp_path / "config"))
    monkeypatch.setattr(window, "complain", lambda _title, _message: None)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    path = tmp_path / "Northwind demo.smplan"
    shutil.copyfile(demo_master, path)
    assert window.open_plan(str(path))
    return window
