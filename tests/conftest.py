"""Fixtures shared by the whole suite: a fresh plan path or database, and a fingerprint of a folder."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.postgres_cluster import Cluster, GuardedServer, start_cluster, wait_for_password_rule

Snapshot = dict[str, str]

# Words of the program, not of the manager: a message holding one leaks the implementation.
_JARGON = re.compile(
    r"\b(None|NoneType|True|False|float|int|str|bool|dict|tuple|object|self|repr|[Tt]raceback|"
    r"Exception|\w+Error|errno|[Ss][Qq][Ll]ite3?|[Ss][Qq][Ll][Aa]lchemy|[Aa]lembic|line \d+)\b"
    r"|0x[0-9a-f]{4,}|File \""
)


def assert_plain_english(message: str) -> None:
    """A message a manager can read: one sentence or two, on one line, without program words."""
    assert message, "the message is empty"
    assert "\n" not in message, f"the message spans lines: {message!r}"
    assert message == message.strip(), f"the message has stray spaces: {message!r}"
    assert message[0].isupper() or message[0] == "'", f"the message starts oddly: {message!r}"
    assert message.endswith("."), f"the message does not end a sentence: {message!r}"
    found = _JARGON.search(message)
    assert found is None, f"the message holds program words ({found.group(0)!r}): {message!r}"


def folder_snapshot(folder: Path) -> Snapshot:
    """Every entry of ``folder`` with the sha256 of its bytes (folders marked as such)."""
    return {
        entry.name: "folder" if entry.is_dir() else hashlib.sha256(entry.read_bytes()).hexdigest()
        for entry in sorted(folder.iterdir())
    }


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    """Where a test's plan file goes; nothing is there yet."""
    return tmp_path / "plan.smplan"


@pytest.fixture
def plain_english() -> Callable[[str], None]:
    """Check that a message reads as plain English (see ``assert_plain_english``)."""
    return assert_plain_english


@pytest.fixture
def snapshot() -> Callable[[Path], Snapshot]:
    """Fingerprint a folder, to show later that not a byte in it changed."""
    return folder_snapshot


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A throwaway PostgreSQL server for the whole run, started on first use."""
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def guarded(postgres: Cluster) -> Iterator[GuardedServer]:
    """A user of the test server who must give a password; everyone else is let in as before."""
    server = GuardedServer(postgres, "planner_guarded", "Wh1sper-on-the-wire")
    postgres.sql(f"CREATE ROLE {server.user} LOGIN PASSWORD '{server.password}'")
    rules = postgres.folder / "data" / "pg_hba.conf"
    before = rules.read_text()
    # The first matching line decides, so this one, put first, holds for this user alone.
    rules.write_text(f"host all {server.user} 127.0.0.1/32 scram-sha-256\n{before}")
    postgres.sql("SELECT pg_reload_conf()")
    wait_for_password_rule(postgres, server.user)
    yield server
    rules.write_text(before)
    postgres.sql("SELECT pg_reload_conf()")


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each back-end a plan can live on: a SQLite plan file, then a PostgreSQL database."""
    return str(request.param)


@pytest.fixture
def plan_target(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """Where a test's new plan goes on the back-end under test: a file path or an empty database."""
    if backend == "sqlite":
        yield str(tmp_path / "plan.smplan")
        return
    cluster: Cluster = request.getfixturevalue("postgres")
    url = cluster.new_database()
    yield url
    cluster.drop_database(url)
