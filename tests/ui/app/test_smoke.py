"""`smarket-planner PLAN --smoke --screenshot FILE` tours the real window and exits cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["SMARKET_PLANNER_CONFIG_DIR"] = str(cwd / "config")
    return subprocess.run(
        [sys.executable, "-m", "smarket_planner", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_smoke_run_on_the_demo_plan_saves_a_screenshot(demo_master: Path, tmp_path: Path) -> None:
    shot = tmp_path / "window.png"
    result = _run(str(demo_master), "--smoke", "--screenshot", str(shot), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert str(shot) in result.stdout
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 40) for y in range(0, 800, 40)}
    assert len(colours) > 10  # a real window, not a blank rectangle


def test_smoke_run_on_a_bad_plan_exits_3_and_leaves_it_alone(tmp_path: Path) -> None:
    bad = tmp_path / "bad.smplan"
    bad.write_bytes(b"\x00" * 512)
    result = _run(str(bad), "--smoke", cwd=tmp_path)
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "not a smarket_planner plan" in result.stderr
    assert bad.read_bytes() == b"\x00" * 512


def test_without_a_display_the_app_says_how_to_render_it(tmp_path: Path) -> None:
    result = _run(cwd=tmp_path)
    assert result.returncode == 1
    assert "--smoke" in result.stderr
