"""One app per user: a second start hands its plan to the app already running, and exits.

The running app listens on a local socket named after the user and the settings folder. A start
sends it one line of JSON, ``{"open": "/absolute/plan.smplan"}`` (or a database address, or
``null`` for no plan), and the running app answers ``ok`` and shows the plan; anything else it
answers with ``error: ...`` and ignores.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from smarket_planner.ui.app.settings import config_dir
from smarket_planner.ui.app.shared_plan import is_shared

LIMIT = 16 * 1024  # bytes in a request; a path or an address is far shorter
CONNECT_MS = 1000  # for the running app to take the call
# For it to answer: longer, as it may be busy a moment (opening a large plan); then this start opens.
ANSWER_MS = 10_000
OK = b"ok\n"

Opener = Callable[[str | None], object]


def server_name() -> str:
    """The socket's name: one per user and settings folder (tests and portable installs keep apart).

    In the user's private runtime folder where there is one (Linux), so no one else can take it.
    """
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid()) if hasattr(os, "getuid") else ""
    digest = hashlib.sha256(f"{user}\0{os.path.abspath(config_dir())}".encode()).hexdigest()[:16]
    name = f"smarket-planner-{digest}"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    path = os.path.join(runtime, name)
    # A socket's path has room for about a hundred bytes; Qt puts a bare name in the temporary folder.
    if sys.platform != "win32" and runtime and os.path.isdir(runtime) and len(path.encode()) < 100:
        return path
    return name


def request(plan: str | None) -> bytes:
    """The line a start sends: the plan as an absolute path (from where it was started) or an address."""
    if plan is not None and not is_shared(plan):
        plan = os.path.abspath(plan)
    return json.dumps({"open": plan}).encode() + b"\n"


def hand_off(plan: str | None, name: str | None = None, timeout_ms: int = ANSWER_MS) -> bool:
    """Ask the app already running to show ``plan``; True if one took it (then this start is done)."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(CONNECT_MS):
        return False  # none is running (or what is left of one that crashed)
    try:
        socket.write(request(plan))
        socket.flush()
        deadline = time.monotonic() + timeout_ms / 1000
        answer = b""
        while not answer.endswith(b"\n") and len(answer) < LIMIT:
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0 or not socket.waitForReadyRead(left):
                return False
            answer += socket.readAll().data()
        return answer == OK
    finally:
        socket.abort()


def answers(name: str, timeout_ms: int = CONNECT_MS) -> bool:
    """Whether an app is listening on ``name`` (a socket left by one that crashed is not)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    listening = socket.waitForConnected(timeout_ms)
    socket.abort()
    return listening


class PlanServer(QObject):
    """Listens for later starts and shows what they ask for, through ``open_plan``."""

    def __init__(self, open_plan: Opener, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.open_plan = open_plan
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening; False if another app already does (this start should hand off to it).

        What a crashed app left behind is cleared away first.
        """
        if answers(self.name):
            return False
        if self.server.listen(self.name):
            return True
        if self.server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            QLocalServer.removeServer(self.name)  # no one answered: left by an app that crashed
            return self.server.listen(self.name)
        return False

    def close(self) -> None:
        """Stop listening (the app is quitting)."""
        self.server.close()

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            received = bytearray()
            socket.readyRead.connect(lambda s=socket, r=received: self._read(s, r))
            socket.disconnected.connect(socket.deleteLater)
            QTimer.singleShot(ANSWER_MS, socket, socket.abort)  # one that never finishes asking

    def _read(self, socket: QLocalSocket, received: bytearray) -> None:
        received += socket.readAll().data()
        line, ended, _ = bytes(received).partition(b"\n")
        if not ended and len(received) <= LIMIT:
            return  # more to come
        socket.readyRead.disconnect()  # one request a connection; the rest is not read
        try:
            plan = read_request(line, ended=bool(ended))
        except ValueError as error:
            socket.write(f"error: {error}\n".encode())
        else:
            socket.write(OK)
            QTimer.singleShot(0, self, lambda: self.open_plan(plan))
        socket.disconnectFromServer()


def read_request(line: bytes, *, ended: bool = True) -> str | None:
    """The plan a start asks for (None: just come forward); ValueError says what is wrong with it."""
    if not ended or len(line) > LIMIT:
        raise ValueError(f"a request is one line of at most {LIMIT} bytes")
    try:
        said = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ValueError("a request is one line of JSON") from None
    if not isinstance(said, dict) or set(said) != {"open"}:
        raise ValueError('a request is {"open": PLAN}')
    plan = said["open"]
    if plan is None:
        return None
    if not isinstance(plan, str) or not plan or "\0" in plan:
        raise ValueError("the plan is a path, an address or null")
    if not is_shared(plan) and not os.path.isabs(plan):
        raise ValueError("the plan's path is not absolute")
    return plan
