"""A plan opened for work: its database engine, sessions, and how errors are explained."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from smarket_planner import __version__
from smarket_planner.domain.errors import (
    ConflictError,
    DamagedPlanError,
    DomainError,
    DuplicateError,
    InUseError,
    NotAPlanError,
    NotFoundError,
    PlanFileError,
    PlanNeedsUpgradeError,
    PlanTooNewError,
    ReadOnlyPlanError,
)
from smarket_planner.storage import migrate
from smarket_planner.storage.base import utc_now
from smarket_planner.storage.folded_names import (
    clash_message,
    clashing_table,
    keep_names_folded,
    name_in_the_way,
)
from smarket_planner.storage.model import PlanMeta
from smarket_planner.storage.plan_file import (
    APPLICATION_ID,
    back_up,
    check_new_target,
    discard,
    inspect_plan_file,
    is_url,
    plan_in_use,
    put_in_place,
    read_uri,
    sqlite_uri,
    start_draft,
)
from smarket_planner.storage.server import (
    ServerAddress,
    Upgrade,
    cannot_connect,
    check_empty_database,
    dump_database,
    parse_address,
    server_engine,
)

APPLICATION = "smarket_planner"


class PlanStore:
    """One open plan: hands out sessions, each committed whole or not at all."""

    def __init__(
        self, engine: Engine, location: str, *, read_only: bool = False, password: str | None = None
    ) -> None:
        self.engine = engine
        self.location = location
        self.read_only = read_only
        # Given by the user for a server plan; handed only to this program's own helper processes.
        self.password = password
        self.backup: Path | None = None
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # An edit takes the plan's write lock when it begins (SQLite BEGIN IMMEDIATE), so two
        # writers queue for it rather than one failing on a snapshot the other made stale.
        self._edits = sessionmaker(engine.execution_options(plan_edit=True), expire_on_commit=False)
        self._plan_id: str | None = None

    @property
    def path(self) -> Path | None:
        """The plan file, or None for a plan in a database server."""
        return None if is_url(self.location) else Path(self.location)

    @property
    def title(self) -> str:
        """The plan's name as shown in the window title and the charter footer."""
        with self.session() as session:
            title = session.get(PlanMeta, "title")
        if title and title.value:
            return title.value
        return self.path.stem if self.path else make_url(self.location).database or "plan"

    @property
    def plan_id(self) -> str:
        """The plan's own identity (32 hex digits), kept for life, even when it is renamed or moved."""
        if self._plan_id is None:
            with self.session() as session:
                found = session.get(PlanMeta, "plan_id")
            if found is None or not found.value:
                raise PlanFileError(
                    f"{self.location} was written by an older smarket_planner and has no plan id yet; "
                    "open it for changes once to bring it up to date."
                )
            self._plan_id = found.value
        return self._plan_id

    def revision(self) -> str | None:
        """The schema revision the plan is at."""
        with self.engine.connect() as connection:
            return migrate.current_revision(connection)

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A unit of work: committed if the block ends normally, rolled back otherwise."""
        if write and self.read_only:
            raise ReadOnlyPlanError(
                f"This plan is open read-only, so nothing can be changed ({self.location})."
            )
        session = self._edits() if write else self._sessions()
        try:
            yield session
            session.commit()
        except exc.SQLAlchemyError as error:
            session.rollback()
            raise self._explain(error) from error
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _explain(self, error: exc.SQLAlchemyError) -> DomainError:
        """A database error in a manager's words; a name already taken is named as the plan spells it."""
        if not isinstance(error, exc.IntegrityError) or (table := clashing_table(error)) is None:
            return explain(error, self.location)
        try:
            with self.engine.connect() as connection:
                return DuplicateError(clash_message(table, name_in_the_way(connection, table, error)))
        except exc.SQLAlchemyError:
            return DuplicateError(clash_message(table))

    def close(self) -> None:
        """Release the database; a SQLite plan is checkpointed into its single file."""
        self.engine.dispose()


def explain(error: exc.SQLAlchemyError, location: str = "The plan") -> DomainError:
    """Turn a database error into a message a manager understands."""
    text = str(getattr(error, "orig", error)).lower()
    state = str(getattr(getattr(error, "orig", None), "sqlstate", None) or "")  # a server's error code
    # A server refuses one of two edits made at once as a deadlock, or as a clash it could not serialise.
    if isinstance(error, StaleDataError) or state in ("40P01", "40001"):
        return ConflictError("Someone else changed this at the same time; reload it and try again.")
    if state == "42501":  # insufficient privilege
        return ReadOnlyPlanError("You may read this plan but not change it: the server does not let you.")
    if state == "25006":  # read-only transaction: a standby server, or a database set to read only
        return ReadOnlyPlanError("The plan's server only lets it be read just now; nothing was changed.")
    if isinstance(error, exc.IntegrityError):
        table = clashing_table(error)
        if table is not None:
            return DuplicateError(clash_message(table))
        if "unique" in text or "duplicate" in text:
            return DuplicateError("The plan already has one like this.")
        if "foreign key" in text:
            # SQLite says the same for both ends: a removal still referred to, or a reference
            # to something already removed (perhaps in another window).
            if str(error.statement or "").lstrip().upper().startswith("DELETE"):
                return InUseError("Something else in the plan still refers to this.")
            return NotFoundError("Something this refers to is no longer in the plan.")
        return DomainError("The plan refused a value that breaks its rules.")
    if "readonly" in text or "read-only" in text:
        return ReadOnlyPlanError("The plan file cannot be written (it is read-only).")
    if "locked" in text or "busy" in text:
        return plan_in_use(location)
    if "malformed" in text or "not a database" in text:
        return PlanFileError(f"{location} is damaged; open a backup copy instead.")
    return DomainError(f"The plan could not be read or written ({text.splitlines()[0]}).")


def file_engine(path: Path, mode: str, *, foreign_keys: bool = True) -> Engine:
    """An engine on a plan file: "ro" (writing nothing beside it), "rw", or "rwc"."""
    uri = read_uri(path) if mode == "ro" else sqlite_uri(path, mode)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    engine = create_engine("sqlite+pysqlite://", creator=connect)
    keep_names_folded(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin (SAVEPOINT, DDL).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA busy_timeout=5000")
        # FULL: an acknowledged edit survives a crash of the program or of the machine.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("plan_edit", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _server_engine(url: str, password: str | None = None) -> tuple[Engine, ServerAddress]:
    """An engine on a plan database and its address; a password in ``url`` is taken out of it."""
    address = parse_address(url, password)
    return server_engine(address), address


def _stamp(engine: Engine, title: str) -> None:
    with engine.begin() as connection:
        migrate.create_schema(connection)
        now = utc_now().isoformat(timespec="seconds")
        values = {"application": APPLICATION, "title": title, "created_at": now}
        values["created_with"] = __version__
        values["plan_id"] = uuid.uuid4().hex
        connection.execute(insert(PlanMeta), [{"key": k, "value": v} for k, v in values.items()])


def create_plan(
    target: str | os.PathLike[str], *, title: str = "", force: bool = False, password: str | None = None
) -> PlanStore:
    """Make a new, empty plan file (or the tables of a plan in an empty database)."""
    if is_url(target):
        engine, address = _server_engine(str(target), password)
        try:
            check_empty_database(engine, address)
            _stamp(engine, title or address.database)
        except exc.SQLAlchemyError as error:
            engine.dispose()
            raise cannot_connect(error, address) from None
        except BaseException:
            engine.dispose()
            raise
        return PlanStore(engine, address.location, password=address.password)
    path = Path(target)
    check_new_target(path, force=force)
    draft = start_draft(path)
    try:
        engine = file_engine(draft, "rw")
        try:
            # Set before WAL is on, so the id reaches the file header at once.
            _pragma(engine, f"application_id={APPLICATION_ID}")
            _stamp(engine, title or path.stem)
            _pragma(engine, "journal_mode=WAL")
        finally:
            engine.dispose()
        put_in_place(draft, path, force=force)
    except BaseException:
        discard(draft)
        raise
    return PlanStore(file_engine(path, "rw"), str(path))


def _pragma(engine: Engine, statement: str) -> None:
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute(f"PRAGMA {statement}")  # type: ignore[union-attr]
    finally:
        raw.close()


def open_plan(
    target: str | os.PathLike[str], *, upgrade: bool = True, password: str | None = None
) -> PlanStore:
    """Open a plan, bringing an older plan file up to date after a backup copy beside it."""
    if is_url(target):
        return _open_server_plan(str(target), password)
    facts = inspect_plan_file(Path(target))
    if facts.read_only:
        if facts.needs_upgrade and upgrade:
            raise PlanFileError(
                f"{facts.path} was written by an older smarket_planner and must be upgraded, "
                "but it is read-only. Copy it somewhere you can write and open the copy."
            )
        return PlanStore(file_engine(facts.path, "ro"), str(facts.path), read_only=True)
    backup = None
    if facts.needs_upgrade and upgrade:
        backup = back_up(facts.path)
        _upgrade_file(facts.path)
    store = PlanStore(file_engine(facts.path, "rw"), str(facts.path))
    store.backup = backup
    return store


def _upgrade_file(path: Path) -> None:
    """Migrate a plan file in one transaction, its links checked before it commits."""
    # Foreign keys are off while SQLite rebuilds tables, or a rebuilt parent table
    # would take its children with it; the check below proves nothing was orphaned.
    engine = file_engine(path, "rw", foreign_keys=False)
    try:
        with engine.begin() as connection:
            migrate.upgrade(connection)
            if connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise DamagedPlanError(
                    f"{path} could not be upgraded: its links between records are broken. "
                    "It was left as it was; a backup copy is beside it."
                )
    finally:
        engine.dispose()


def _open_server_plan(url: str, password: str | None = None) -> PlanStore:
    """Open a plan database as it is; one at an older schema is refused, never upgraded here."""
    engine, address = _server_engine(url, password)
    try:
        revision = _server_revision(engine, address)
    except BaseException:
        engine.dispose()
        raise
    if revision != migrate.head_revision():
        engine.dispose()
        raise PlanNeedsUpgradeError(
            f"The plan database {address.location} is at schema {revision}, older than this version "
            f"works with ({migrate.head_revision()}), and a shared plan is never upgraded on opening. "
            f"Back it up, then run 'smarket-planner upgrade {address.location}'."
        )
    return PlanStore(engine, address.location, password=address.password)


def _server_revision(engine: Engine, address: ServerAddress) -> str:
    """The schema revision of the plan in a database, checked to be a plan this program can read."""
    try:
        with engine.connect() as connection:
            revision = migrate.current_revision(connection)
            meta = None
            if revision is not None and inspect(connection).has_table(PlanMeta.__tablename__):
                meta = connection.scalar(select(PlanMeta.value).where(PlanMeta.key == "application"))
    except exc.SQLAlchemyError as error:
        raise cannot_connect(error, address) from None
    if revision is None or meta != APPLICATION:
        raise NotAPlanError(f"The database {address.location} holds no smarket_planner plan.")
    if revision not in migrate.known_revisions():
        raise PlanTooNewError(
            f"The plan database {address.location} was written by a newer smarket_planner "
            f"(schema {revision}); this version reads schema {migrate.head_revision()} and older. "
            "Update smarket_planner to open it."
        )
    return revision


def upgrade_plan(
    target: str | os.PathLike[str],
    *,
    backup: bool = True,
    backup_dir: Path | None = None,
    password: str | None = None,
) -> Upgrade:
    """Bring a plan at an older schema up to date: a file after a copy beside it, a database after pg_dump."""
    if not is_url(target):
        facts = inspect_plan_file(Path(target))
        if not facts.needs_upgrade:
            return Upgrade(str(facts.path), facts.revision, facts.revision, None)
        store = open_plan(facts.path)  # backs the file up beside itself, then upgrades it
        store.close()
        return Upgrade(str(facts.path), facts.revision, migrate.head_revision(), store.backup)
    engine, address = _server_engine(str(target), password)
    try:
        before = _server_revision(engine, address)
        if before == migrate.head_revision():
            return Upgrade(address.location, before, before, None)
        dump = dump_database(address, backup_dir or Path.cwd()) if backup else None
        _upgrade_database(engine, address, dump)
        return Upgrade(address.location, before, migrate.head_revision(), dump)
    finally:
        engine.dispose()


def _upgrade_database(engine: Engine, address: ServerAddress, dump: Path | None) -> None:
    """Migrate a plan database in one transaction, one upgrader at a time."""
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPLICATION_ID})
            if migrate.current_revision(connection) != migrate.head_revision():
                migrate.upgrade(connection)
    except exc.SQLAlchemyError as error:
        kept = f" The backup is {dump}." if dump else ""
        reason = " ".join(str(getattr(error, "orig", error)).split("\n")[0].split()).rstrip(".")
        raise PlanFileError(
            f"The plan database {address.location} could not be upgraded ({reason}); "
            f"nothing in it was changed.{kept}"
        ) from None
