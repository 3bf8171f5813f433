"""The end-to-end tests' desktop: a private X server (Xvfb) and xdotool to type into the real app."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def display(tmp_path: Path) -> Iterator[str]:
    """A private X server on a free display number, 1280x800."""
    read_end, write_end = os.pipe()
    log = (tmp_path / "xvfb.log").open("w")
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    os.close(write_end)
    # Xvfb writes the number, then a newline: read both, or it dies writing the second.
    received = b""
    deadline = time.monotonic() + 15
    while not received.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([read_end], [], [], 0.5)
        if ready:
            chunk = os.read(read_end, 32)
            if not chunk:
                break
            received += chunk
    os.close(read_end)
    number = received.decode().strip()
    if not number:
        server.kill()
        pytest.fail("Xvfb did not start")
    _wait_until_serving(f":{number}", server, tmp_path / "xvfb.log")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_until_serving(display: str, server: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until a client can really connect (the display number comes a little early)."""
    env = os.environ | {"DISPLAY": display}
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and server.poll() is None:
        probe = subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True, check=False)
        if probe.returncode == 0:
            return
        time.sleep(0.1)
    server.kill()
    pytest.fail(f"Xvfb on {display} never accepted a connection: {log.read_text()[-1500:]}")


def start_app(display: str, plan: Path, config: Path) -> subprocess.Popen[str]:
    """The real app on a plan, on the X server given, with its own settings folder."""
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env |= {"DISPLAY": display, "SMARKET_PLANNER_CONFIG_DIR": str(config)}
    return subprocess.Popen(
        [sys.executable, "-m", "smarket_planner", str(plan)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class Desktop:
    """xdotool on one display: find windows, focus them, press keys, type."""

    def __init__(self, display: str, app: subprocess.Popen[str]) -> None:
        self.env = os.environ | {"DISPLAY": display}
        self.app = app

    def run(self, *args: str) -> str:
        result = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, check=False)
        return result.stdout.strip()

    def window(self, title: str, timeout: float = 30) -> str:
        """The id of the first visible window whose title holds ``title``, once it is there."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.run("search", "--onlyvisible", "--name", title).split()
            if found:
                return found[0]
            if self.app.poll() is not None:
                break
            time.sleep(0.2)
        if self.app.poll() is None:
            self.app.kill()
        _out, err = self.app.communicate(timeout=10)
        pytest.fail(f"no window titled '{title}' appeared; the app said: {err[-2000:]}")

    def gone(self, title: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while self.run("search", "--onlyvisible", "--name", title) and time.monotonic() < deadline:
            time.sleep(0.2)

    def focus(self, window: str) -> None:
        self.run("windowfocus", "--sync", window)
        time.sleep(0.3)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("key", "--clearmodifiers", key)
            time.sleep(0.4)

    def type(self, text: str) -> None:
        self.run("type", "--delay", "40", text)
        time.sleep(0.4)
