"""A plan in a PostgreSQL database: its address, a password kept out of sight, connection errors, backups."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, exc, inspect
from sqlalchemy.engine import URL, make_url

from smarket_planner.domain.errors import (
    PasswordNeededError,
    PlanFileError,
    PlanNotFoundError,
)
from smarket_planner.storage.folded_names import keep_names_folded

DRIVER = "postgresql+psycopg"
EXAMPLE = "postgresql+psycopg://user@host:5432/database"
CONNECT_SECONDS = 10  # how long to wait for a server that does not answer
# "user:secret@" in an address that could not be read, so the secret is never shown
_SECRET = re.compile(r"(://[^/@:]*):[^@/]*@")
_SECRET_IN_QUERY = re.compile(r"(?i)([?&]password=)[^&]*")
_UNREACHABLE = (
    "connection refused",
    "could not translate host name",
    "name or service not known",
    "timeout expired",
    "no route to host",
    "network is unreachable",
    "could not connect",
    "no such file or directory",
)


def shown(text: str) -> str:
    """An address as it may be shown: any password in it replaced by ***."""
    return _SECRET_IN_QUERY.sub(r"\1***", _SECRET.sub(r"\1:***@", text))


@dataclass(frozen=True, slots=True)
class ServerAddress:
    """Where a plan database is, without its password, and the password apart (never shown)."""

    url: URL
    password: str | None = field(default=None, repr=False)

    @property
    def location(self) -> str:
        """The address as shown and kept; it never holds the password."""
        return self.url.render_as_string(hide_password=True)

    @property
    def database(self) -> str:
        """The database's name on its server."""
        return self.url.database or ""

    @property
    def server(self) -> str:
        """The server as a person names it: host and port."""
        host = self.url.host or str(self.url.query.get("host", "")) or "on this computer"
        return f"{host}:{self.url.port}" if self.url.port else host

    @property
    def user(self) -> str:
        """The user the server is asked to let in."""
        return self.url.username or os.environ.get("PGUSER", "") or "(your login name)"


def parse_address(text: str, password: str | None = None) -> ServerAddress:
    """Read a plan database's address; a password in it is taken out of it (``password`` wins)."""
    try:
        url = make_url(text)
    except (exc.ArgumentError, ValueError):
        raise PlanFileError(
            f"'{shown(text)}' is not a database address this program understands; "
            f"a shared plan's address looks like {EXAMPLE}."
        ) from None
    backend, _, driver = url.drivername.partition("+")
    if backend not in ("postgresql", "postgres"):
        raise PlanFileError(
            f"'{shown(text)}' is not a PostgreSQL address; a shared plan's address looks like {EXAMPLE}."
        )
    if driver not in ("", "psycopg"):
        raise PlanFileError(
            f"'{shown(text)}' asks for the driver '{driver}'; this program talks to PostgreSQL "
            f"through psycopg, so write the address as {EXAMPLE}."
        )
    if not url.database:
        raise PlanFileError(f"'{shown(text)}' names no database; write it as {EXAMPLE}.")
    query = dict(url.query)
    given = query.pop("password", None)
    in_url = url.password if url.password is not None else given
    secret = password if password is not None else in_url
    clean = URL.create(DRIVER, url.username, None, url.host, url.port, url.database, query)
    return ServerAddress(clean, None if secret is None else str(secret))


def server_engine(address: ServerAddress) -> Engine:
    """An engine on the plan database; the password goes to the driver, never into the address."""
    arguments: dict[str, object] = {"connect_timeout": CONNECT_SECONDS, "application_name": "smarket_planner"}
    if address.password is not None:
        arguments["password"] = address.password
    try:
        engine = create_engine(address.url, pool_pre_ping=True, connect_args=arguments)
    except ModuleNotFoundError as error:
        raise PlanFileError(
            f"The database driver '{error.name}' is not installed (pip install 'smarket-planner[postgres]')."
        ) from None
    keep_names_folded(engine)
    return engine


def cannot_connect(error: exc.SQLAlchemyError, address: ServerAddress) -> PlanFileError:
    """Why the plan database could not be opened, in a manager's words (no password in them)."""
    said = str(getattr(error, "orig", error))
    text = said.lower()
    server, user = address.server, address.user
    if "no password supplied" in text:
        return PasswordNeededError(
            f"The database server {server} asks for the password of '{user}', and none was given."
        )
    if "password authentication failed" in text:
        return PasswordNeededError(f"The database server {server} refused the password given for '{user}'.")
    if "does not exist" in text and "database" in text:
        return PlanNotFoundError(f"There is no database '{address.database}' on the server {server}.")
    if "does not exist" in text and "role" in text:
        return PlanFileError(f"The database server {server} has no user '{user}'.")
    if "pg_hba.conf" in text:
        return PlanFileError(f"The database server {server} does not let '{user}' in from this computer.")
    if "permission denied" in text:
        return PlanFileError(f"The user '{user}' may not use the plan database {address.location}.")
    if any(words in text for words in _UNREACHABLE):
        return PlanFileError(
            f"The database server {server} cannot be reached; "
            "check the address and that the server is running."
        )
    first = " ".join(said.split("\n")[0].split()).rstrip(".")
    return PlanFileError(f"The plan database {address.location} cannot be opened ({first}).")


def check_empty_database(bind: Engine | Connection, address: ServerAddress) -> None:
    """Refuse a database that already holds tables: a new plan goes only into an empty one."""
    if inspect(bind).get_table_names():
        raise PlanFileError(
            f"The database {address.location} is not empty; a new plan goes only into an empty "
            "database (make one with createdb, or empty this one yourself)."
        )


@dataclass(frozen=True, slots=True)
class Upgrade:
    """What ``upgrade_plan`` did: the schema before and after, and where the backup went."""

    location: str
    before: str
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        """Whether the plan was at an older schema and was brought up to date."""
        return self.before != self.after


def backup_name(folder: Path, database: str, now: datetime | None = None) -> Path:
    """A new, unused name in ``folder`` for a timestamped dump of ``database``."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{database}.backup-{stamp}.dump"
    number = 2
    while candidate.exists():
        candidate = folder / f"{database}.backup-{stamp}-{number}.dump"
        number += 1
    return candidate


def check_dump_possible(folder: Path) -> str:
    """The pg_dump program, or a refusal that says what to do without it."""
    if not folder.is_dir():
        raise PlanFileError(f"The backup folder {folder} does not exist.")
    program = shutil.which("pg_dump")
    if program is None:
        raise PlanFileError(
            "The plan database is backed up before its upgrade with pg_dump, which is not installed. "
            "Install the PostgreSQL client (Debian and Ubuntu: apt-get install postgresql-client), "
            "or back the database up yourself and upgrade with --no-backup."
        )
    return program


def dump_database(address: ServerAddress, folder: Path) -> Path:
    """Back the plan database up with pg_dump (custom format) into a new file in ``folder``."""
    program = check_dump_possible(folder)
    target = backup_name(folder, address.database)
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # a dump holds the whole plan
    environment = dict(os.environ)
    if address.password is not None:
        environment["PGPASSWORD"] = address.password  # for the child only, never on its command line
    where = address.url.set(drivername="postgresql").render_as_string(hide_password=True)
    try:
        done = subprocess.run(
            [program, "--format=custom", f"--file={target}", f"--dbname={where}"],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        target.unlink(missing_ok=True)
        raise PlanFileError(f"pg_dump could not be started ({error.strerror}).") from None
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        last = lines[-1].removeprefix("pg_dump: ").strip().rstrip(".") if lines else "no reason given"
        reason = shown(last)
        raise PlanFileError(f"The backup with pg_dump failed, so the plan was not upgraded ({reason}).")
    return target
