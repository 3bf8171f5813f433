"""Take the staffing screenshots: the Team tab with a team's open roles, and the candidates for one of them.

    .venv/bin/python docs/make_staffing_images.py [--out docs/images] [--dark]

Runs offscreen on a fresh demo plan (dated 2026-11-23 so the pictures do not drift), at 1440x900.
Writes team-open-roles.png (the forming DACH Market Entry's Team tab: its members, then its open
roles in pencil) and candidates.png (the people ranked for one of those roles, the first chosen so
their week after the role shows). With ``--dark`` the same pictures with a ``-dark`` suffix.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain import EntityKind
from smarket_planner.services.views.open_roles_view import OpenRoleView
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import CONFIG_ENV, AppSettings
from smarket_planner.ui.app.smoke import save_screenshot, settle
from smarket_planner.ui.kit.scheme import ColourScheme
from smarket_planner.ui.team.team_tab import TeamTab

TODAY = date(2026, 11, 23)
TEAM = "DACH Market Entry"  # forming: its open roles are in pencil
SIZE = (1440, 900)  # a little more than the README's 1280x800: the whole team and its open roles show


def wait_for_findings(window: MainWindow, seconds: float = 30) -> None:
    """Let the background analysis finish, so the badges show in the pictures, not "Analysing…"."""
    deadline = time.monotonic() + seconds
    while window.findings is not None and not window.findings.model.rowCount():
        if time.monotonic() > deadline:
            raise RuntimeError("the analysis did not finish")
        settle()
        time.sleep(0.05)
    settle()


def team_tab(window: MainWindow) -> TeamTab:
    """The Team tab, brought to the front."""
    assert window.workspace is not None
    tab = next(page for page in window.workspace.pages if isinstance(page, TeamTab))
    window.workspace.tabs.setCurrentWidget(tab)
    return tab


def richest(roles: list[OpenRoleView]) -> OpenRoleView:
    """The role that shows the most in the candidates dialog: skills wanted, then the earliest."""
    return min(roles, key=lambda role: (-len(role.skills), role.first_day or date.max, role.id))


def shoot(out: Path, *, dark: bool) -> list[Path]:
    """Both pictures in one colour scheme."""
    suffix = "-dark" if dark else ""
    with tempfile.TemporaryDirectory() as scratch:
        os.environ[CONFIG_ENV] = scratch  # a clean recent list, not the developer's
        path = Path(scratch) / "Northwind demo.smplan"
        generate_demo(path, today=TODAY)
        settings = AppSettings(Path(scratch))
        if dark:
            settings.set_colour_scheme(ColourScheme.DARK)
        window = MainWindow(settings)
        window.resize(*SIZE)
        window.show()
        settle()
        window.open_plan(str(path))
        assert window.session is not None and window.workspace is not None
        dach = services.find(window.session.plan, EntityKind.TASK_FORCE, name=TEAM)[0].id
        window.workspace.select_task_force(dach)
        wait_for_findings(window)
        tab = team_tab(window)
        tab.open_roles.today = TODAY  # overdue as of the demo's day
        tab.open_roles.synchronous = True
        tab.show_task_force(dach)
        roles = tab.open_roles.model.records()
        if not roles:
            raise RuntimeError(f"the demo's {TEAM} has no open roles to show")
        settle()
        written = [save_screenshot(window, out / f"team-open-roles{suffix}.png")]
        role = richest(roles)
        tab.open_roles.select_role(role.id)
        dialog = tab.open_roles.candidates_dialog(role)
        dialog.show()
        settle()
        if dialog.model.rowCount():
            dialog.view.setCurrentIndex(dialog.proxy.index(0, 0))
        settle()
        picture = out / f"candidates{suffix}.png"
        if not dialog.grab().save(str(picture)):
            raise OSError(f"{picture} could not be written")
        written.append(picture)
        dialog.reject()
        window.close()
        settle()
        return written


def main() -> int:
    """Write the pictures and list them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "images")
    parser.add_argument("--dark", action="store_true", help="in the dark colour scheme, as NAME-dark.png")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for picture in shoot(args.out, dark=args.dark):
        print(picture)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
