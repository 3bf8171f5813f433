"""With a plan file, no command ever opens a network connection."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smarket_planner import cli


class NetworkUsed(AssertionError):
    """A connection was attempted while the network guard was on."""


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make every way of connecting a socket fail, and record each attempt."""
    seen: list[str] = []

    def refuse(name: str) -> Any:
        def guard(*args: Any, **_kwargs: Any) -> Any:
            seen.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise NetworkUsed(f"{name} called with {args!r}")

        return guard

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    yield seen


def test_the_guard_catches_a_real_connection_attempt(attempts: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(NetworkUsed):
            sock.connect(("127.0.0.1", 9))
        with pytest.raises(NetworkUsed):
            sock.connect_ex(("127.0.0.1", 9))

    assert len(attempts) == 3
    assert attempts[0].startswith("create_connection")
    assert all("127.0.0.1" in attempt for attempt in attempts)


def test_new_and_check_stay_offline(
    attempts: list[str], plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["new", str(plan_path), "--title", "Offline"]) == cli.EXIT_OK
    assert cli.main(["new", str(plan_path), "--force"]) == cli.EXIT_OK
    assert cli.main(["check", str(plan_path)]) == cli.EXIT_OK

    assert "Integrity: ok" in capsys.readouterr().out
    assert attempts == []


def test_check_of_a_bad_plan_stays_offline(
    attempts: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.smplan").touch()

    assert cli.main(["check", str(tmp_path / "empty.smplan")]) == cli.EXIT_BAD_PLAN
    assert cli.main(["check", str(tmp_path / "missing.smplan")]) == cli.EXIT_BAD_PLAN

    assert capsys.readouterr().err.count("smarket-planner: ") == 2
    assert attempts == []


def test_demo_stays_offline(attempts: list[str], plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("smarket_planner.demo.northwind")

    code = cli.main(["demo", str(plan_path), "--people", "50", "--task-forces", "5"])

    assert code == cli.EXIT_OK, capsys.readouterr().err
    assert plan_path.is_file()
    assert cli.main(["check", str(plan_path)]) == cli.EXIT_OK
    assert attempts == []
