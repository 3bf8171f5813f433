"""The declarative base every stored table shares: ids, versions and who changed what when."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ColumnExpressionArgument,
    DateTime,
    Dialect,
    Enum,
    Integer,
    MetaData,
    String,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

# Stable constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    """The current moment in UTC, as stored on every change."""
    return datetime.now(UTC)


def current_user() -> str:
    """Who is editing: the operating-system user name, or 'unknown'."""
    try:
        return getpass.getuser()[:80]
    except (KeyError, OSError):
        return "unknown"


class UtcDateTime(TypeDecorator[datetime]):
    """A moment stored in UTC and read back with its time zone, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store every moment in UTC (a moment without a zone is taken as UTC)."""
        if value is None:
            return None
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        moment = aware.astimezone(UTC)
        # SQLite keeps no zone; storing the naive UTC time keeps the text sortable.
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Hand back moments in UTC, with their zone."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class _CodeOrder(FunctionElement[str]):
    """Text compared by code point (see ``code_order``)."""

    name = "code_order"
    inherit_cache = True
    type = String()


@compiles(_CodeOrder)
def _as_written(element: _CodeOrder, compiler: SQLCompiler, **options: Any) -> str:
    return compiler.process(element.clauses, **options)  # SQLite compares text by code point already


@compiles(_CodeOrder, "postgresql")
def _in_c_collation(element: _CodeOrder, compiler: SQLCompiler, **options: Any) -> str:
    return f'({compiler.process(element.clauses, **options)}) COLLATE "C"'


def code_order(text: ColumnExpressionArgument[str]) -> ColumnElement[str]:
    """Text that sorts, compares and lower()s as SQLite does it, by code point with only A-Z folded,
    whatever collation the database server was set up with: one plan sorts alike on both back-ends."""
    return _CodeOrder(text)


class Base(DeclarativeBase):
    """Root of the plan's tables."""

    metadata = MetaData(naming_convention=NAMING)


def enum_column(enum: type[StrEnum], name: str) -> Enum:
    """A portable enum column: text with a CHECK, never a database-native enum type."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum) + 8,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )


class Tracked:
    """Columns of every editable row: id, version counter, created, changed and by whom."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utc_now)
    changed_at: Mapped[datetime] = mapped_column(
        UtcDateTime, nullable=False, default=utc_now, onupdate=utc_now
    )
    changed_by: Mapped[str] = mapped_column(
        String(80), nullable=False, default=current_user, onupdate=current_user
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # The version counter detects a concurrent edit of the same row (shared plans).
        return {"version_id_col": cls.__dict__.get("version", cls.version)}
