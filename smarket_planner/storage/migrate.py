"""Schema revisions of a plan, and bringing an old plan up to date with Alembic."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from smarket_planner.storage import overload_marks
from smarket_planner.storage.base import Base

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the migrations shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The schema revision this program writes."""
    head = _scripts().get_current_head()
    assert head is not None
    return head


def known_revisions() -> list[str]:
    """Every revision this program knows, oldest first."""
    return [script.revision for script in reversed(list(_scripts().walk_revisions()))]


def current_revision(connection: Connection) -> str | None:
    """The revision a database is at, or None if it has never been stamped."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` in the connection's transaction."""
    command.upgrade(alembic_config(connection), revision)


def stamp(connection: Connection, revision: str = "head") -> None:
    """Mark a freshly made schema as being at ``revision``."""
    command.stamp(alembic_config(connection), revision)


def create_schema(connection: Connection) -> None:
    """Make every table of a new plan (and a server's triggers), marked as at the newest revision."""
    Base.metadata.create_all(connection)
    overload_marks.install(connection)
    stamp(connection)
