"""Every stored moment comes back in UTC with its zone, whatever zone it was given in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import text

from smarket_planner.storage import create_plan
from smarket_planner.storage.base import utc_now
from smarket_planner.storage.model import FunctionRow
from tests.postgres_cluster import Cluster
from tests.storage.targets import SERVER_ONLY


def test_moments_round_trip_in_utc(plan_target: str) -> None:
    store = create_plan(plan_target)
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


@SERVER_ONLY
def test_a_server_in_another_time_zone_keeps_the_same_moments(plan_target: str, postgres: Cluster) -> None:
    """The server's own zone (here a day ahead of UTC, in part) changes nothing the plan reads back."""
    postgres.sql(f"ALTER DATABASE \"{plan_target.rsplit('/', 1)[1]}\" SET timezone TO 'Pacific/Kiritimati'")
    store = create_plan(plan_target)
    given = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    try:
        with store.session(write=True) as session:
            session.add(FunctionRow(name="Sales", colour="#1f77b4", created_at=given))
        with store.session() as session:
            row = session.query(FunctionRow).one()
            assert (row.created_at, row.created_at.tzinfo) == (given, UTC)
            assert session.scalar(text("SELECT current_setting('TimeZone')")) == "Pacific/Kiritimati"
    finally:
        store.close()
