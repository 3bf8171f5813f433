"""Telling other clients of a plan what an edit changed: NOTIFY on a server, a short log in a file."""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session

from smarket_planner.storage.model import change_log

CHANNEL = "smarket_planner_changes"
# PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; notices are sent in parts below it.
PAYLOAD_LIMIT = 7900
# Entries a plan file keeps; a window that slept through more than this reloads everything.
LOG_LENGTH = 2000


def announce(session: Session, payloads: list[str]) -> None:
    """Send what an edit changed to the plan's other clients, as part of the edit's transaction."""
    if not payloads:
        return
    if session.get_bind().dialect.name == "postgresql":
        for payload in payloads:  # delivered when, and only if, the edit commits
            session.execute(select(func.pg_notify(CHANNEL, payload)))
        return
    session.execute(insert(change_log), [{"notices": payload} for payload in payloads])
    newest = session.scalar(select(func.max(change_log.c.id))) or 0
    session.execute(delete(change_log).where(change_log.c.id <= newest - LOG_LENGTH))


class ChangeListener(Protocol):
    """Hears what other clients changed in a plan."""

    def poll(self) -> list[str] | None:
        """The payloads announced since the last poll, at once; None if some were missed."""

    def close(self) -> None:
        """Stop listening."""


def listen(engine: Engine) -> ChangeListener:
    """Start hearing what other clients change in the plan behind ``engine``."""
    if engine.dialect.name == "postgresql":
        return _ServerListener(engine)
    return _FileListener(_own_connection(engine))


def _own_connection(engine: Engine) -> Any:
    """A connection of its own, outside the pool, for as long as the plan is open."""
    raw = engine.raw_connection()
    connection = raw.driver_connection
    raw.detach()
    return connection


class _FileListener:
    """A plan file: SQLite's data_version moves when another connection commits; the log says what."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._version = self._data_version()
        self._seen = connection.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0]

    def _data_version(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def poll(self) -> list[str] | None:
        """The log entries since the last poll, read only when the file has changed."""
        version = self._data_version()
        if version == self._version:
            return []
        self._version = version
        rows = self._connection.execute(
            "SELECT id, notices FROM change_log WHERE id > ? ORDER BY id", (self._seen,)
        ).fetchall()
        if not rows:
            return []
        missed = rows[0][0] > self._seen + 1  # ids are never reused: a gap is what was pruned unread
        self._seen = rows[-1][0]
        return None if missed else [str(row[1]) for row in rows]

    def close(self) -> None:
        """Close the listening connection."""
        self._connection.close()


class _ServerListener:
    """A plan on a server: LISTEN on the plan's channel; notifications wait in the connection."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._errors: tuple[type[BaseException], ...] = (OSError, engine.dialect.loaded_dbapi.Error)
        self._connection: Any = None
        self._connect()

    def _connect(self) -> None:
        connection = _own_connection(self._engine)
        connection.autocommit = True
        connection.execute(f"LISTEN {CHANNEL}")
        self._connection = connection

    def poll(self) -> list[str] | None:
        """The notifications that have arrived, without waiting; None once the link is back after
        a loss (what was said meanwhile is unknown), [] while the server cannot be reached."""
        if self._connection is None:
            try:
                self._connect()
            except self._errors:
                return []
            return None
        try:
            return [note.payload for note in self._connection.notifies(timeout=0)]
        except self._errors:
            self.close()
            return []

    def close(self) -> None:
        """Close the listening connection."""
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None
