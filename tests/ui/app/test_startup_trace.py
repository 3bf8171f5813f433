"""--startup-trace says when the window showed, painted, listed the plan and analysed it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from smarket_planner.ui.app.settings import CONFIG_ENV

MOMENTS = ["window shown", "first paint", "task forces listed", "first analysis done"]


def test_the_trace_gives_each_moment_once_in_order(demo_master: Path, tmp_path: Path) -> None:
    plan = tmp_path / "demo.smplan"
    shutil.copyfile(demo_master, plan)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{CONFIG_ENV: str(tmp_path / "config")})
    env["XDG_RUNTIME_DIR"] = str(tmp_path)  # the socket the terminated app leaves behind stays in here
    command = [sys.executable, "-m", "smarket_planner", str(plan), "--startup-trace"]
    app = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    said: list[str] = []
    try:
        assert app.stderr is not None
        deadline = time.monotonic() + 120
        while len(said) < len(MOMENTS) and time.monotonic() < deadline:
            line = app.stderr.readline()
            if not line:
                break
            said.append(line.strip())
    finally:
        app.terminate()
        app.wait(30)
    found = [re.fullmatch(r"startup-trace: (.+) (\d+) ms", line) for line in said]
    assert all(found), said
    moments = [(match.group(1), int(match.group(2))) for match in found if match]
    assert [name for name, _ in moments] == MOMENTS
    times = [ms for _, ms in moments]
    assert times == sorted(times) and 0 < times[0] < 60_000
