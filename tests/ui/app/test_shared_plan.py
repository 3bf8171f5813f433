"""File ▸ Open Shared Plan…: a plan on a PostgreSQL server, found, tested and opened; no password kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.shared_plan import SharedPlanDialog, address_parts, shared_address, shared_name
from tests.postgres_cluster import SERVER_USER, Cluster, GuardedServer

pytestmark = pytest.mark.postgresql


@pytest.fixture
def shared(postgres: Cluster) -> Iterator[str]:
    """A small plan in a database of the test server: its address."""
    url = postgres.new_database()
    with services.new_plan(url, title="Company plan") as plan:
        services.create(plan, EntityKind.FUNCTION, name="Sales", colour="#1f77b4")
    yield url
    postgres.drop_database(url)


def fill_and(dialog_act: Any, port: int, database: str) -> list[str]:
    """Fill the Open Shared Plan dialog about to open, then act on it; what its test said."""
    said: list[str] = []

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SharedPlanDialog)
        dialog.host.setText("127.0.0.1")
        dialog.port.setValue(port)
        dialog.database.setText(database)
        dialog.user.setText(SERVER_USER)
        dialog_act(dialog, said)

    QTimer.singleShot(0, handle)
    return said


def test_a_shared_plan_is_tested_and_opened(
    window: MainWindow, shared: str, postgres: Cluster, qtbot: Any
) -> None:
    database = shared.rsplit("/", 1)[1]

    def test_then_open(dialog: SharedPlanDialog, said: list[str]) -> None:
        dialog.test_connection()
        qtbot.waitUntil(lambda: dialog.verdict.text().startswith(("✓", "✗")), timeout=10000)
        said.append(dialog.verdict.text())
        dialog.accept()

    said = fill_and(test_then_open, postgres.port, database)
    window.open_shared_dialog()
    assert said == ["✓ Connected: the plan 'Company plan', with 0 people."]
    assert window.session is not None
    assert window.session.plan.location == shared
    assert window.windowTitle().startswith("Company plan")
    assert window.settings.recent_plans()[0] == shared


def test_a_database_that_is_not_there_is_said_plainly(
    window: MainWindow, postgres: Cluster, qtbot: Any
) -> None:
    def test_then_cancel(dialog: SharedPlanDialog, said: list[str]) -> None:
        dialog.test_connection()
        qtbot.waitUntil(lambda: dialog.verdict.text().startswith(("✓", "✗")), timeout=10000)
        said.append(dialog.verdict.text())
        dialog.reject()

    said = fill_and(test_then_cancel, postgres.port, "no_such_plans")
    window.open_shared_dialog()
    assert said[0].startswith("✗ ")
    assert "no_such_plans" in said[0]
    assert window.session is None


def test_addresses_are_built_and_read_back_without_a_password(tmp_path: Path) -> None:
    url = shared_address("db.example.com", 5433, "plans 2027", "ann lee")
    assert url == "postgresql+psycopg://ann%20lee@db.example.com:5433/plans%202027"
    assert address_parts(url) == ("db.example.com", 5433, "plans 2027", "ann lee")
    assert shared_name(url) == "plans 2027 on db.example.com:5433"
    assert shared_name(shared_address("db", 5432, "plans", "ann")) == "plans on db"


def test_a_server_that_wants_a_password_gets_it_asked_and_never_stored(
    window: MainWindow, guarded: GuardedServer, qtbot: Any
) -> None:
    url = guarded.new_database()
    with services.new_plan(url, title="Guarded plan", password=guarded.password):
        pass
    asked: list[str] = []

    def answer(text: str) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        asked.append(dialog.labelText())
        dialog.setTextValue(text)
        dialog.accept()

    QTimer.singleShot(0, lambda: answer("not it"))
    QTimer.singleShot(300, lambda: answer(guarded.password))
    assert window.open_plan(url)
    assert len(asked) == 2  # a wrong one is asked again
    assert all(f"Password for {shared_name(url)}" in question for question in asked)
    assert window.session is not None and window.windowTitle().startswith("Guarded plan")
    window.settings.sync()
    stored = b"".join(p.read_bytes() for p in window.settings.path.parent.rglob("*") if p.is_file())
    assert guarded.password.encode() not in stored
    assert url in window.settings.recent_plans()


def test_declining_the_password_opens_nothing(window: MainWindow, guarded: GuardedServer) -> None:
    url = guarded.new_database()
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())  # type: ignore[union-attr]
    assert not window.open_plan(url)
    assert window.session is None
