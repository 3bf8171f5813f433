"""A server keeps over-allocation worked out, and after an edit works out again only whose load it moved."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from smarket_planner import services
from smarket_planner.analysis.model import AllocationPeak
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain import EntityKind
from smarket_planner.services import Plan
from smarket_planner.services.views.allocation_sql import server_peaks
from smarket_planner.services.views.analysis_data import TOLERANCE, UNDATED_DAYS, allocation_peaks
from smarket_planner.storage.base import Base
from smarket_planner.storage.model import overload_basis, overload_stale
from tests.postgres_cluster import SERVER_USER, Cluster

pytestmark = pytest.mark.postgresql

K = EntityKind
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kept") / "generated.smplan"
    generate_demo(path, today=TODAY, people=300, task_forces=30)
    return path


@pytest.fixture
def plan(generated: Path, postgres: Cluster) -> Iterator[Plan]:
    """The generated plan on the server, its overloads worked out once and kept."""
    url = postgres.new_database()
    services.copy_plan(generated, url)
    opened = services.open_existing(url)
    allocation_peaks(opened, today=TODAY)
    yield opened
    opened.close()
    postgres.drop_database(url)


# The references to a person that keep them from being removed, till cleared.
_KEPT_REFERENCES = [
    (key.parent.table.name, key.parent.name)
    for table in Base.metadata.sorted_tables
    for key in table.foreign_keys
    if key.column.table.name == "person" and key.ondelete == "RESTRICT"
]


def worked_out_afresh(plan: Plan, today: date = TODAY) -> list[AllocationPeak]:
    """Everyone's overloads as the server works them out from nothing, nothing kept."""
    with plan.store.session() as session:
        return server_peaks(session, today, UNDATED_DAYS, TOLERANCE)


def noted(plan: Plan) -> set[int]:
    """The people whose overloads wait to be worked out again."""
    with plan.store.session() as session:
        return set(session.scalars(select(overload_stale.c.person_id)))


def overloaded(plan: Plan) -> dict[int, list[int]]:
    """Each overloaded person's memberships (ids), their heaviest first."""
    with plan.store.session() as session:
        found = session.execute(
            text(
                "SELECT person_id, id FROM membership WHERE person_id IN "
                "(SELECT person_id FROM overload) ORDER BY person_id, allocation_pct DESC, id"
            )
        ).all()
    memberships: dict[int, list[int]] = {}
    for person, membership in found:
        memberships.setdefault(person, []).append(membership)
    return memberships


def test_kept_overloads_are_the_ones_worked_out_afresh(plan: Plan) -> None:
    kept = allocation_peaks(plan, today=TODAY)
    assert len(kept) > 20
    assert kept == worked_out_afresh(plan)
    assert noted(plan) == set()


def test_an_edit_to_a_membership_notes_only_its_person(plan: Plan) -> None:
    person, memberships = next(iter(overloaded(plan).items()))
    services.update(plan, K.MEMBERSHIP, memberships[0], allocation_pct=1.0)
    assert noted(plan) == {person}
    after = allocation_peaks(plan, today=TODAY)
    assert after == worked_out_afresh(plan)
    assert noted(plan) == set()
    # Undone, the overload is back as it was.
    before = [peak for peak in worked_out_afresh(plan) if peak.person_id == person]
    assert [peak for peak in after if peak.person_id == person] == before


def test_added_and_removed_memberships_move_the_kept_overloads(plan: Plan) -> None:
    people = list(overloaded(plan).items())
    (first, first_memberships), (second, _) = people[0], people[1]
    services.delete(plan, K.MEMBERSHIP, first_memberships[0])
    with plan.store.session() as session:
        free = session.scalar(
            text(
                "SELECT id FROM task_force WHERE id NOT IN (SELECT task_force_id FROM membership "
                "WHERE person_id = :person) AND status IN ('active', 'forming') ORDER BY id LIMIT 1"
            ),
            {"person": second},
        )
    services.add_member(
        plan, free, second, allocation_pct=95.0, start_date=TODAY, end_date=TODAY + timedelta(30)
    )
    assert noted(plan) == {first, second}
    assert allocation_peaks(plan, today=TODAY) == worked_out_afresh(plan)


def test_a_dispersed_task_force_notes_its_members_and_a_rename_notes_nobody(plan: Plan) -> None:
    with plan.store.session() as session:
        team, members = session.execute(
            text(
                "SELECT t.id, array_agg(DISTINCT m.person_id) FROM task_force t "
                "JOIN membership m ON m.task_force_id = t.id WHERE t.status = 'active' "
                "GROUP BY t.id ORDER BY count(*) DESC LIMIT 1"
            )
        ).one()
    services.update(plan, K.TASK_FORCE, team, name="Renamed, the load unmoved")
    assert noted(plan) == set()
    services.disperse(plan, team)
    assert noted(plan) == set(members)
    assert allocation_peaks(plan, today=TODAY) == worked_out_afresh(plan)


def test_capacity_and_removed_people_move_the_kept_overloads(plan: Plan) -> None:
    first, second = list(overloaded(plan))[:2]
    services.update(plan, K.PERSON, first, capacity_pct=100.0)
    with plan.store.session(write=True) as session:  # as any other program on the server might
        for table, column in _KEPT_REFERENCES:
            session.execute(text(f"UPDATE {table} SET {column} = NULL WHERE {column} = :p"), {"p": second})
        session.execute(text("DELETE FROM person WHERE id = :p"), {"p": second})
    assert {first, second} <= noted(plan)
    kept = allocation_peaks(plan, today=TODAY)
    assert kept == worked_out_afresh(plan)
    assert second not in {peak.person_id for peak in kept}


def test_a_new_day_works_everyone_out_again(plan: Plan) -> None:
    later = TODAY + timedelta(days=45)
    assert allocation_peaks(plan, today=later) == worked_out_afresh(plan, later)
    with plan.store.session() as session:
        assert session.scalar(select(overload_basis.c.today)) == later
    assert allocation_peaks(plan, today=TODAY) == worked_out_afresh(plan)


def test_a_login_that_may_only_read_works_them_out_for_itself(plan: Plan, postgres: Cluster) -> None:
    database = plan.location.rsplit("/", 1)[1]
    postgres.sql("DROP ROLE IF EXISTS reader")
    postgres.sql("CREATE ROLE reader LOGIN")
    postgres.sql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader", database)
    person, memberships = next(iter(overloaded(plan).items()))
    services.update(plan, K.MEMBERSHIP, memberships[0], allocation_pct=2.0)
    url = plan.location.replace(f"//{SERVER_USER}@", "//reader@", 1)
    reader = services.open_existing(url)
    try:
        assert allocation_peaks(reader, today=TODAY) == worked_out_afresh(plan)
    finally:
        reader.close()
    assert noted(plan) == {person}  # nothing was written by the reader


def test_edits_made_while_another_client_works_them_out_are_never_missed(plan: Plan) -> None:
    people = overloaded(plan)
    memberships = [ids[0] for ids in people.values()][:12]
    other = services.open_existing(plan.location)
    stop = threading.Event()
    failures: list[BaseException] = []

    def keep_reading() -> None:
        try:
            while not stop.is_set():
                allocation_peaks(other, today=TODAY)
        except BaseException as error:
            failures.append(error)

    reader = threading.Thread(target=keep_reading)
    reader.start()
    try:
        for round_ in range(3):
            for membership in memberships:
                services.update(plan, K.MEMBERSHIP, membership, allocation_pct=float(10 + 30 * round_))
    finally:
        stop.set()
        reader.join()
        other.close()
    assert failures == []
    assert allocation_peaks(plan, today=TODAY) == worked_out_afresh(plan)
