"""Fixtures for the app's tests: Qt offscreen, a fresh plan or the demo plan in a session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

# A 1920x1200 offscreen screen: Qt's default (800x800) would clamp every window restored.
SCREEN = Path(__file__).with_name("offscreen_screen.json")
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={SCREEN}")
pytest.importorskip("PySide6")

from smarket_planner import services  # noqa: E402
from smarket_planner.demo.northwind import generate_demo  # noqa: E402
from smarket_planner.ui.kit.session import PlanSession  # noqa: E402

DEMO_TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plan, generated once per test run (copied for each test that uses it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.smplan"
    generate_demo(path, today=DEMO_TODAY)
    return path


@pytest.fixture
def demo_session(demo_master: Path, tmp_path: Path, qapp: object) -> Iterator[PlanSession]:
    """A session on a private copy of the demo plan."""
    path = tmp_path / "demo.smplan"
    shutil.copyfile(demo_master, path)
    session = PlanSession(services.open_existing(path))
    yield session
    session.close()


@pytest.fixture
def session(tmp_path: Path, qapp: object) -> Iterator[PlanSession]:
    """A session on a new, empty plan."""
    session = PlanSession(services.new_plan(tmp_path / "plan.smplan"))
    yield session
    session.close()


def confirm_next_removal(delete: bool = True) -> list[str]:
    """Answer the removal question about to be asked (Delete, or Cancel); what it said."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    said: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), "no removal question was asked"
        said.append(f"{box.text()} {box.informativeText()}")
        if delete:
            next(button for button in box.buttons() if button.text() == "&Delete").click()
        else:
            box.reject()

    QTimer.singleShot(0, answer)
    return said
