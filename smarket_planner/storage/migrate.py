"""Schema revisions of a plan, and bringing an old plan up to date with Alembic.

Alembic is imported only to upgrade a plan: the revisions this program knows are read from
the names of its migration scripts (``0007_what_it_does.py``), and a new plan is stamped
with the newest one directly, as Alembic would (``tests/storage/test_migrations.py`` checks
both against Alembic's own reading).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Column, Connection, MetaData, PrimaryKeyConstraint, String, Table, inspect, select

from smarket_planner.storage import overload_marks
from smarket_planner.storage.base import Base

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

# Alembic's own bookkeeping table, as Alembic makes it.
_VERSIONS = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@cache
def known_revisions() -> list[str]:
    """Every revision this program knows, oldest first (each script's name starts with its revision)."""
    names = sorted(path.name for path in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return [name[:4] for name in names]


def head_revision() -> str:
    """The schema revision this program writes."""
    return known_revisions()[-1]


def current_revision(connection: Connection) -> str | None:
    """The revision a database is at, or None if it has never been stamped."""
    if not inspect(connection).has_table(_VERSIONS.name):
        return None
    found = connection.execute(select(_VERSIONS.c.version_num)).scalars().all()
    return found[0] if len(found) == 1 else None


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` in the connection's transaction."""
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def stamp(connection: Connection) -> None:
    """Mark a freshly made schema as being at the newest revision."""
    _VERSIONS.create(connection, checkfirst=True)
    connection.execute(_VERSIONS.delete())
    connection.execute(_VERSIONS.insert().values(version_num=head_revision()))


def create_schema(connection: Connection) -> None:
    """Make every table of a new plan (and a server's triggers), marked as at the newest revision."""
    Base.metadata.create_all(connection)
    overload_marks.install(connection)
    stamp(connection)
