"""Rebuild a table in a migration (SQLite's way to change one) without ever giving an id twice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import sqlalchemy as sa
from alembic import op

KEEP_IDS = {"sqlite_autoincrement": True}  # the rebuilt table keeps counting ids where it left off


@contextmanager
def rebuilt(table: str) -> Iterator[Any]:
    """Alembic's batch of changes to ``table``; on SQLite its id counter is carried over the rebuild."""
    given = _last_id_given(table)
    # SQLite copies the table to change it; other databases change it in place.
    recreate: Literal["always", "auto"] = "always" if given is not None else "auto"
    with op.batch_alter_table(table, recreate=recreate, table_kwargs=KEEP_IDS) as batch_op:
        yield batch_op
    _keep_last_id_given(table, given)


def _last_id_given(table: str) -> int | None:
    """The highest id SQLite ever gave in the table (None on other databases, whose sequences stay)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return None
    query = sa.text("SELECT seq FROM sqlite_sequence WHERE name = :table").bindparams(table=table)
    return bind.execute(query).scalar() or 0


def _keep_last_id_given(table: str, given: int | None) -> None:
    """Carry the count over the rebuilt table, so a removed row's id is never given again."""
    if not given:
        return
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :table").bindparams(table=table))
    bind.execute(
        sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:table, :given)").bindparams(
            table=table, given=given
        )
    )
