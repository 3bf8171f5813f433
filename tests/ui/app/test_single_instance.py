"""One window per plan: a second start hands its plan to the app already running, and exits 0."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QDir, QEvent
from PySide6.QtWidgets import QApplication

from smarket_planner.ui.app.instance import LIMIT, PlanServer, read_request, request, server_name
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.plan_windows import PlanWindows, plan_key
from smarket_planner.ui.app.settings import CONFIG_ENV, AppSettings

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the tests talk to the socket as a file")

START_S = 60  # a fresh interpreter that imports Qt, on a slow machine


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A settings folder of the test's own, so the socket's name is the test's own too."""
    folder = tmp_path / "config"
    monkeypatch.setenv(CONFIG_ENV, str(folder))
    return folder


@pytest.fixture
def windows(config: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[PlanWindows]:
    """The first app's windows; a plan that cannot be opened fails the test instead of asking."""
    complaints: list[tuple[str, str]] = []
    monkeypatch.setattr(MainWindow, "complain", lambda _self, title, text: complaints.append((title, text)))
    windows = PlanWindows(AppSettings(config))
    yield windows
    for window in windows.windows:
        window.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert complaints == []


@pytest.fixture
def server(windows: PlanWindows) -> Iterator[PlanServer]:
    """The first app's end of the hand-off, listening."""
    server = PlanServer(windows.open)
    assert server.listen()
    yield server
    server.close()


@pytest.fixture
def plans(demo_master: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the demo plan: A and B."""
    for name in ("A.smplan", "B.smplan"):
        shutil.copyfile(demo_master, tmp_path / name)
    return tmp_path / "A.smplan", tmp_path / "B.smplan"


def opened(windows: PlanWindows, plan: Path, qtbot: Any) -> MainWindow:
    """Open a plan through the app's windows and wait until a window shows it."""
    windows.open(str(plan))
    qtbot.waitUntil(lambda: windows.showing(str(plan)) is not None, timeout=30_000)
    window = windows.showing(str(plan))
    qtbot.waitUntil(lambda: window is not None and window.session is not None, timeout=30_000)
    assert window is not None
    return window


def start_again(plan: Path, config: Path, qtbot: Any) -> subprocess.CompletedProcess[str]:
    """Start the app a second time, as the desktop would, while this app keeps answering."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{CONFIG_ENV: str(config)})
    command = [sys.executable, "-m", "smarket_planner", str(plan)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=START_S * 1000)
    finally:
        if process.poll() is None:
            process.kill()
        out, err = process.communicate(timeout=30)
    assert time.monotonic() - started < START_S
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def ask(server: PlanServer, data: bytes, qtbot: Any) -> bytes:
    """Send raw bytes to the server, as any program of the user's could; its answer."""
    answer = bytearray()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(server.server.fullServerName())
        client.sendall(data)
        client.setblocking(False)

        def answered() -> bool:
            try:
                chunk = client.recv(4096)
            except BlockingIOError:
                return False
            except ConnectionResetError:
                return True
            answer.extend(chunk)
            return not chunk or answer.endswith(b"\n")

        qtbot.waitUntil(answered, timeout=5000)
    return bytes(answer)


def main_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_a_second_start_on_the_same_plan_brings_its_window_forward_and_exits_0(
    windows: PlanWindows, server: PlanServer, plans: tuple[Path, Path], config: Path, qtbot: Any
) -> None:
    first = opened(windows, plans[0], qtbot)
    first.showMinimized()
    assert first.isMinimized()
    presented: list[object] = []
    windows.presented.connect(presented.append)
    done = start_again(plans[0], config, qtbot)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "smarket-planner: A.smplan opens in the smarket_planner already running"
    qtbot.waitUntil(lambda: presented == [first])
    assert not first.isMinimized()
    assert windows.windows == [first] and main_windows() == [first]
    assert first.session is not None and Path(first.session.plan.location) == plans[0]


def test_a_second_start_on_another_plan_opens_a_second_window_in_the_running_app(
    windows: PlanWindows, server: PlanServer, plans: tuple[Path, Path], config: Path, qtbot: Any
) -> None:
    first = opened(windows, plans[0], qtbot)
    done = start_again(plans[1], config, qtbot)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: len(windows.windows) == 2, timeout=5000)
    second = windows.windows[-1]
    qtbot.waitUntil(lambda: second.session is not None, timeout=30_000)
    assert second is not first and second.session is not None
    assert Path(second.session.plan.location) == plans[1]
    assert first.session is not None and Path(first.session.plan.location) == plans[0]
    assert second.pos() != first.pos()  # a step aside, not exactly over the first


def test_a_start_on_a_relative_path_names_the_plan_from_where_it_was_started(
    plans: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(plans[0].parent)
    assert read_request(request("A.smplan").rstrip(b"\n")) == str(plans[0])
    assert read_request(request(None).rstrip(b"\n")) is None


@pytest.mark.parametrize(
    "data",
    [
        b"not json\n",
        b"\xff\xfe\n",
        b"[]\n",
        b'{"open": 5}\n',
        b'{"open": ""}\n',
        b'{"open": "A.smplan"}\n',
        b'{"open": null, "and": "more"}\n',
        b'{"open": "/' + b"a" * LIMIT + b'"}\n',
        b"x" * (LIMIT + 10),
    ],
    ids=["text", "not-utf8", "list", "number", "empty", "relative", "more", "too-long", "no-end"],
)
def test_a_request_that_is_not_one_is_answered_with_an_error_and_changes_nothing(
    windows: PlanWindows, server: PlanServer, plans: tuple[Path, Path], qtbot: Any, data: bytes
) -> None:
    first = opened(windows, plans[0], qtbot)
    presented: list[object] = []
    windows.presented.connect(presented.append)
    answer = ask(server, data, qtbot)
    assert answer.startswith(b"error: ") and answer.endswith(b"\n"), answer
    qtbot.wait(50)
    assert presented == [] and windows.windows == [first]
    assert first.session is not None and Path(first.session.plan.location) == plans[0]


def test_a_start_without_a_plan_brings_the_window_used_last_forward(
    windows: PlanWindows, server: PlanServer, plans: tuple[Path, Path], qtbot: Any
) -> None:
    first, second = opened(windows, plans[0], qtbot), opened(windows, plans[1], qtbot)
    first.activateWindow()  # the user turns to the first window
    qtbot.waitUntil(lambda: windows.windows == [second, first])
    presented: list[object] = []
    windows.presented.connect(presented.append)
    assert ask(server, b'{"open": null}\n', qtbot) == b"ok\n"
    qtbot.waitUntil(lambda: presented == [first])
    assert windows.windows == [second, first]


@pytest.mark.parametrize("left", ["socket of a killed app", "plain file"])
def test_what_a_crashed_app_left_behind_does_not_stop_the_next_from_serving(
    windows: PlanWindows, config: Path, qtbot: Any, left: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    name = server_name()
    path = os.path.join(QDir.tempPath(), name)  # where Qt puts a socket named without a folder
    if left == "plain file":
        Path(path).write_bytes(b"")
    else:
        probe = (
            "import sys; from PySide6.QtNetwork import QLocalServer; s = QLocalServer(); "
            "print(s.listen(sys.argv[1]), flush=True); sys.stdin.read()"
        )
        command = [sys.executable, "-c", probe, name]
        crashed = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert crashed.stdout is not None and crashed.stdout.readline().strip() == b"True"
        crashed.kill()
        crashed.wait(30)
    assert os.path.exists(path)
    server = PlanServer(windows.open)
    try:
        assert server.listen()
        assert ask(server, b'{"open": null}\n', qtbot) == b"ok\n"
        qtbot.waitUntil(lambda: len(windows.windows) == 1)
    finally:
        server.close()
    assert not os.path.exists(path)


def test_each_user_and_settings_folder_has_a_socket_of_its_own(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    name = server_name()
    assert name.startswith("smarket-planner-") and "/" not in name
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "elsewhere"))
    assert server_name() != name
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert Path(server_name()).parent == tmp_path


def test_a_start_that_finds_one_listening_leaves_it_be(
    windows: PlanWindows, server: PlanServer, qtbot: Any
) -> None:
    late = PlanServer(windows.open)
    assert not late.listen()
    assert ask(server, b'{"open": null}\n', qtbot) == b"ok\n"


def test_opening_in_one_window_a_plan_another_shows_brings_that_one_forward(
    windows: PlanWindows, plans: tuple[Path, Path], qtbot: Any
) -> None:
    first, second = opened(windows, plans[0], qtbot), opened(windows, plans[1], qtbot)
    presented: list[object] = []
    windows.presented.connect(presented.append)
    another_name = plans[0].parent / "folder" / ".." / "A.smplan"
    (plans[0].parent / "folder").mkdir()
    assert second.open_plan(str(another_name))
    assert presented == [first]
    assert second.session is not None and Path(second.session.plan.location) == plans[1]
    # Its own plan again, or a plan no other window shows: it opens in this window, as ever.
    assert second.open_plan(str(plans[1])) and presented == [first]
    assert len(windows.windows) == 2


def test_a_plan_asked_for_goes_to_a_window_on_the_welcome_page_and_closed_windows_leave(
    windows: PlanWindows, plans: tuple[Path, Path], qtbot: Any
) -> None:
    welcome = windows.new_window()
    welcome.show()
    windows.open(str(plans[0]))
    assert windows.windows == [welcome] and welcome.session is not None
    welcome.close()
    assert windows.windows == []
    windows.open(None)
    assert len(windows.windows) == 1 and windows.windows[0] is not welcome


def test_the_same_shared_plan_is_the_same_whatever_its_password() -> None:
    shown = "postgresql+psycopg://ann@db.example.com:5432/plans"
    assert plan_key("postgresql://ann:secret@DB.example.com/plans") == plan_key(shown)
    assert plan_key("postgres://ann@db.example.com/plans?password=x") == plan_key(shown)
    assert plan_key("postgresql://bob@db.example.com/plans") != plan_key(shown)
    assert plan_key("postgresql://ann@db.example.com/other") != plan_key(shown)
