"""Every stored moment comes back in UTC with its zone, whatever zone it was given in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from smarket_planner.storage import create_plan
from smarket_planner.storage.base import utc_now
from smarket_planner.storage.model import FunctionRow


def test_moments_round_trip_in_utc(tmp_path: Path) -> None:
    store = create_plan(tmp_path / "plan.smplan")
    given = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    try:
        with store.session(write=True) as session:
            session.add(FunctionRow(name="Sales", colour="#1f77b4", created_at=given))
        with store.session() as session:
            row = session.query(FunctionRow).one()
            assert row.created_at == given
            assert row.created_at.tzinfo == UTC
            assert row.created_at.hour == 7
            # Comparing with the clock must work: both sides carry a zone.
            assert row.changed_at <= utc_now()
    finally:
        store.close()
