"""What a database server refuses, told plainly: a user who may only read, a server that only reads,
two people's edits that the server could not both apply."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import psycopg
import pytest
from sqlalchemy import exc, select

from smarket_planner.domain.errors import ConflictError, ReadOnlyPlanError
from smarket_planner.storage import PlanStore, create_plan, open_plan
from smarket_planner.storage.model import FunctionRow
from smarket_planner.storage.store import explain
from tests.postgres_cluster import Cluster
from tests.storage.targets import SERVER_ONLY

PlainEnglish = Callable[[str], None]


@pytest.fixture
def store(plan_target: str) -> Iterator[PlanStore]:
    """A plan on the server, holding the function Sales."""
    made = create_plan(plan_target)
    with made.session(write=True) as session:
        session.add(FunctionRow(name="Sales", colour="#1f77b4"))
    yield made
    made.close()


def _refused(store: PlanStore, plain_english: PlainEnglish) -> str:
    """Try to add a function to the plan: refused as read-only, in plain words, the plan unchanged."""
    with pytest.raises(ReadOnlyPlanError) as caught, store.session(write=True) as session:
        session.add(FunctionRow(name="Legal", colour="#000000"))
    plain_english(caught.value.message)
    with store.session() as session:
        assert session.scalars(select(FunctionRow.name)).all() == ["Sales"]
    return caught.value.message


@SERVER_ONLY
def test_a_user_who_may_only_read_is_told_so(
    store: PlanStore, postgres: Cluster, plain_english: PlainEnglish
) -> None:
    database = store.location.rsplit("/", 1)[1]
    postgres.sql("DROP ROLE IF EXISTS reader")
    postgres.sql("CREATE ROLE reader LOGIN")
    postgres.sql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader", database)
    reader = open_plan(store.location.replace("//postgres@", "//reader@"))
    try:
        message = _refused(reader, plain_english)
    finally:
        reader.close()
        postgres.sql("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM reader", database)
        postgres.sql("DROP ROLE reader")
    assert "file" not in message


@SERVER_ONLY
def test_a_server_that_only_reads_is_told_so(
    store: PlanStore, postgres: Cluster, plain_english: PlainEnglish
) -> None:
    database = store.location.rsplit("/", 1)[1]
    postgres.sql(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on')
    again = open_plan(store.location)
    try:
        message = _refused(again, plain_english)
    finally:
        again.close()
    assert "file" not in message


@pytest.mark.postgresql
@pytest.mark.parametrize("refusal", [psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure])
def test_edits_the_server_could_not_both_apply_are_a_conflict(
    refusal: type[psycopg.Error], plain_english: PlainEnglish
) -> None:
    error = exc.OperationalError("UPDATE person SET title = %(title)s", {}, refusal("deadlock detected"))
    explained = explain(error, "postgresql+psycopg://planner@db.example.com/plans")
    assert isinstance(explained, ConflictError)
    plain_english(explained.message)
