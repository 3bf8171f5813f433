"""Keep each function's and task force's name once in any case and script: a stored, folded key

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 10:00:00

A plan written before may hold two names that differ only in case ("Marketing" and "MARKETING");
the later one is then numbered, "MARKETING (2)", so the plan opens with nothing lost.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from smarket_planner.domain.rules import name_key
from smarket_planner.storage.rebuilt_tables import rebuilt

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("function", "task_force")
NAME_LENGTH = 120
KEY_LENGTH = 360  # casefold may lengthen a name (ß -> ss)


def upgrade() -> None:
    """Add the folded key, fill it from each name (numbering a later name alike), and keep it unique."""
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("name_key", sa.String(length=KEY_LENGTH), nullable=True))
        _fill_keys(table)
        with rebuilt(table) as batch_op:
            batch_op.alter_column("name_key", existing_type=sa.String(length=KEY_LENGTH), nullable=False)
            batch_op.drop_constraint(f"uq_{table}_name", type_="unique")
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_name_key"), ["name_key"])


def downgrade() -> None:
    """Back to names unique only as written (the numbers given to names alike stay)."""
    for table in TABLES:
        with rebuilt(table) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_name_key", type_="unique")
            batch_op.drop_column("name_key")
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_name"), ["name"])


def _fill_keys(table: str) -> None:
    """Write every row's key; a name folded like an earlier one's is numbered until it is a name of its own."""
    rows = sa.table(
        table,
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("name_key", sa.String),
        sa.column("version", sa.Integer),
        sa.column("changed_at", sa.DateTime(timezone=True)),
        sa.column("changed_by", sa.String),
    )
    bind = op.get_bind()
    found = bind.execute(sa.select(rows.c.id, rows.c.name).order_by(rows.c.id)).all()
    first_of: dict[str, int] = {}
    for ident, name in found:
        first_of.setdefault(name_key(name), ident)
    taken = set(first_of)
    keys, renamed = [], []
    for ident, name in found:
        key = name_key(name)
        if first_of[key] != ident:
            name, key = _numbered(name, taken)
            renamed.append({"row": ident, "new_name": name, "new_key": key})
        taken.add(key)
        keys.append({"row": ident, "new_key": key})
    if keys:
        bind.execute(
            rows.update().where(rows.c.id == sa.bindparam("row")).values(name_key=sa.bindparam("new_key")),
            keys,
        )
    if renamed:
        now = datetime.now(UTC)
        stamp = now.replace(tzinfo=None) if bind.dialect.name == "sqlite" else now
        change = rows.update().where(rows.c.id == sa.bindparam("row"))
        change = change.values(
            name=sa.bindparam("new_name"),
            version=rows.c.version + 1,
            changed_at=stamp,
            changed_by="upgrade",
        )
        bind.execute(change, [{"row": row["row"], "new_name": row["new_name"]} for row in renamed])


def _numbered(name: str, taken: set[str]) -> tuple[str, str]:
    """The name with the lowest number ' (2)', ' (3)', … whose key no other name has; shortened to fit."""
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = name[: NAME_LENGTH - len(suffix)].rstrip() + suffix
        key = name_key(candidate)
        if key not in taken:
            return candidate, key
        number += 1
