"""A throwaway PostgreSQL server for the tests: started once per run, on 127.0.0.1, a free port
and a private socket folder, thrown away at the end; nothing needs a server already running."""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SERVER_USER = "postgres"  # the cluster's superuser, and the system user it runs as under root


def server_programs() -> Path | None:
    """The folder of Debian's initdb and pg_ctl (the newest PostgreSQL installed), if any."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """A running throwaway server: make databases on it and address them by URL."""

    folder: Path
    port: int
    programs: Path
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str) -> str:
        """The address of one database on this server, as the app takes it."""
        return f"postgresql+psycopg://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one statement as the superuser (CREATE DATABASE cannot run in a transaction)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SERVER_USER, dbname=database, autocommit=True
        ) as connection:
            cursor = connection.execute(statement)  # type: ignore[arg-type]
            return str(cursor.fetchone()[0]) if cursor.description else ""  # type: ignore[index]

    def new_database(self, template: str | None = None, prefix: str = "plan") -> str:
        """A new database (empty, or a copy of ``template``); its URL."""
        name = f"{prefix}_{next(self._names)}"
        copy_of = f' TEMPLATE "{template}"' if template else ""
        self.sql(f'CREATE DATABASE "{name}"{copy_of}')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Remove a database made by ``new_database``, even if a client is still connected."""
        name = url.rsplit("/", 1)[1]
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the server and remove every file it wrote."""
        _as_server_user(
            [str(self.programs / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"],
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def _as_server_user(command: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    # initdb and pg_ctl refuse to run as root; under root they run as the postgres user.
    if os.geteuid() == 0:
        command = ["runuser", "-u", SERVER_USER, "--", *command]
    return subprocess.run(command, check=check, capture_output=True, text=True, timeout=60)


def _stop_orphans(programs: Path) -> None:
    """Stop the servers of test runs that ended without stopping theirs (killed, say)."""
    for owner in Path(tempfile.gettempdir()).glob("smarket-pg-*/owner"):
        try:
            os.kill(int(owner.read_text()), 0)
        except (ProcessLookupError, ValueError):
            folder = owner.parent
            _as_server_user(
                [str(programs / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"], check=False
            )
            shutil.rmtree(folder, ignore_errors=True)
        except (PermissionError, OSError):
            continue


def start_cluster() -> Cluster:
    """Initialise and start a new server in a fresh folder; tuned for tests, not for keeping data."""
    programs = server_programs()
    if programs is None:
        raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql); see .ci/setup.")
    _stop_orphans(programs)
    folder = Path(tempfile.mkdtemp(prefix="smarket-pg-"))
    (folder / "owner").write_text(str(os.getpid()))  # the test run it belongs to
    if os.geteuid() == 0:
        account = pwd.getpwnam(SERVER_USER)
        os.chown(folder, account.pw_uid, account.pw_gid)
    os.chmod(folder, 0o700)
    data, sockets = folder / "data", folder / "sockets"
    _as_server_user(["mkdir", str(sockets)])
    initdb = [str(programs / "initdb"), "-D", str(data), "-A", "trust", "-U", SERVER_USER]
    _as_server_user([*initdb, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
    port = _free_port()
    options = (
        f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    started = _as_server_user(
        [str(programs / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"],
        check=False,
    )
    if started.returncode != 0:
        log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"The test PostgreSQL server did not start: {started.stderr}{log}")
    return Cluster(folder, port, programs)


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


def wait_for_password_rule(cluster: Cluster, user: str) -> None:
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
