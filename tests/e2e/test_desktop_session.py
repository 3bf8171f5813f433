"""A manager's session on the real app under a real X server (Xvfb), driven from the keyboard.

Start `smarket-planner PLAN`, form a task force (Ctrl+Shift+N), go to its Team tab (Alt+2),
add a member (Ctrl+Shift+M), quit (Ctrl+Q); then reopen the plan and find both.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain import EntityKind, LifecycleStatus
from tests.e2e.conftest import Desktop, start_app

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which("Xvfb") and shutil.which("xdotool")),
        reason="needs Debian's xvfb and xdotool (installed by .ci/setup)",
    ),
]


def test_form_a_task_force_and_staff_it_then_find_both_after_reopening(display: str, tmp_path: Path) -> None:
    plan = tmp_path / "planning session.smplan"
    generate_demo(plan, today=date(2026, 11, 23))
    app = start_app(display, plan, tmp_path / "config")
    desk = Desktop(display, app)
    try:
        main = desk.window("Northwind Analytics")
        desk.focus(main)
        desk.keys("ctrl+shift+n")
        desk.focus(desk.window("New Task Force"))
        desk.type("Kickoff Squad")
        desk.keys("Return")
        desk.gone("New Task Force")
        desk.focus(main)
        desk.keys("alt+2", "ctrl+shift+m")
        desk.focus(desk.window("Add a member to Kickoff Squad"))
        desk.type("Priya")
        desk.keys("Return", "Return")
        desk.gone("Add a member")
        desk.focus(main)
        desk.keys("ctrl+q")
        _out, err = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == 0, err
    assert "Traceback" not in err
    reopened = services.open_existing(plan)
    try:
        squads = services.find(reopened, EntityKind.TASK_FORCE, name="Kickoff Squad")
        assert [squad.status for squad in squads] == [LifecycleStatus.PROPOSED]
        members = services.find(reopened, EntityKind.MEMBERSHIP, task_force_id=squads[0].id)
        names = [services.get(reopened, EntityKind.PERSON, m.person_id).name for m in members]
        assert names == ["Priya Raman"]
    finally:
        reopened.close()
    with sqlite3.connect(plan) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
