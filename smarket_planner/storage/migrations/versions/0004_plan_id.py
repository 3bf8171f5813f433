"""Give every plan an identity of its own, so its calendar events never collide with another plan's

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 09:00:00
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Write a new random plan id into the plan's facts, unless it already has one."""
    op.execute(
        sa.text(
            "INSERT INTO plan_meta (key, value) SELECT 'plan_id', :plan_id "
            "WHERE NOT EXISTS (SELECT 1 FROM plan_meta WHERE key = 'plan_id')"
        ).bindparams(plan_id=uuid.uuid4().hex)
    )


def downgrade() -> None:
    """Forget the plan id."""
    op.execute("DELETE FROM plan_meta WHERE key = 'plan_id'")
