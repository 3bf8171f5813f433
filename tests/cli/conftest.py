"""Running the real ``smarket-planner`` command as a separate process, and a server that wants passwords."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.postgres_cluster import SERVER_USER, Cluster

RunCli = Callable[..., subprocess.CompletedProcess[str]]
# Variables that would hand the command a password or a server the test did not choose.
_PG_VARIABLES = ("PGPASSWORD", "PGPASSFILE", "PGUSER", "PGHOST", "PGPORT", "PGDATABASE", "PGSERVICE")


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run ``python -m smarket_planner ARGS`` in ``tmp_path`` (or ``cwd``); text out, never raises."""
    # ``env`` sets (or, with None, removes) variables of the command's environment; the
    # PostgreSQL ones of the test run itself are never handed on.

    def run(
        *args: str, cwd: Path | None = None, env: dict[str, str | None] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {name: value for name, value in os.environ.items() if name not in _PG_VARIABLES}
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        return subprocess.run(
            [sys.executable, "-m", "smarket_planner", *args],
            cwd=cwd or tmp_path,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
            env=environment,
        )

    return run


@dataclass(frozen=True)
class GuardedServer:
    """The test server with one user it lets in only with the right password (SCRAM-SHA-256)."""

    cluster: Cluster
    user: str
    password: str

    def new_database(self) -> str:
        """A new, empty database the user owns; its URL, without the password."""
        url = self.cluster.new_database(prefix="guarded")
        name = url.rsplit("/", 1)[1]
        self.cluster.sql(f'ALTER DATABASE "{name}" OWNER TO {self.user}')
        return self.url(name)

    def url(self, database: str, password: str | None = None) -> str:
        """The address of one of the user's databases, with ``password`` written into it if given."""
        secret = f":{password}" if password is not None else ""
        return f"postgresql+psycopg://{self.user}{secret}@127.0.0.1:{self.cluster.port}/{database}"


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
    _wait_for_password_rule(postgres, server.user)
    yield server
    rules.write_text(before)
    postgres.sql("SELECT pg_reload_conf()")


def _wait_for_password_rule(cluster: Cluster, user: str) -> None:
    """Wait until the server, having read its rules again, asks ``user`` for a password."""
    import psycopg

    deadline = time.monotonic() + 10
    while True:
        try:
            with psycopg.connect(
                host="127.0.0.1", port=cluster.port, user=user, dbname=SERVER_USER, password=""
            ):
                pass
        except psycopg.OperationalError:
            return
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start asking for passwords")
        time.sleep(0.05)
