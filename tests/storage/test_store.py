"""A plan opened for work: creating it, its sessions, and database errors told plainly, on each back-end."""

from __future__ import annotations

import hashlib
import os
import random
import re
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text

from smarket_planner.domain.errors import (
    ConflictError,
    DomainError,
    DuplicateError,
    InUseError,
    NotFoundError,
    PlanFileError,
    ReadOnlyPlanError,
)
from smarket_planner.storage import PlanStore, create_plan, open_plan
from smarket_planner.storage.migrate import head_revision
from smarket_planner.storage.model import FunctionRow, PersonRow, PlanMeta
from smarket_planner.storage.plan_file import APPLICATION_ID
from tests.postgres_cluster import Cluster
from tests.storage.targets import SERVER_ONLY, SQLITE_ONLY, scalar

PlainEnglish = Callable[[str], None]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_scalar(path: Path, sql: str) -> object:
    """One value read with the plain sqlite3 module, as another program would."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


def people(store: PlanStore) -> list[str]:
    with store.session() as session:
        return list(session.scalars(select(PersonRow.name).order_by(PersonRow.id)))


@pytest.fixture
def store(plan_target: str) -> Iterator[PlanStore]:
    """A new plan on the back-end under test, holding the function Sales (id 1) and its person Ann (id 1)."""
    plan = create_plan(plan_target)
    with plan.session(write=True) as session:
        sales = FunctionRow(name="Sales", colour="#1f77b4")
        session.add(sales)
        session.flush()
        session.add(PersonRow(name="Ann", function_id=sales.id))
    yield plan
    plan.close()


# --- a new plan -------------------------------------------------------------------------


def test_a_new_plan_is_private_to_its_owner(plan_path: Path) -> None:
    create_plan(plan_path).close()
    assert stat.S_IMODE(plan_path.stat().st_mode) == 0o600


def test_a_new_plan_is_a_wal_database_marked_as_ours(plan_path: Path) -> None:
    create_plan(plan_path).close()
    assert file_scalar(plan_path, "PRAGMA journal_mode") == "wal"
    assert file_scalar(plan_path, "PRAGMA application_id") == APPLICATION_ID
    # The header itself carries the id, so a look at the first bytes tells a plan apart.
    assert int.from_bytes(plan_path.read_bytes()[68:72], "big") == APPLICATION_ID


def test_a_new_plan_is_at_the_newest_revision(plan_target: str) -> None:
    plan = create_plan(plan_target)
    assert plan.revision() == head_revision()
    plan.close()
    assert scalar(plan_target, "SELECT version_num FROM alembic_version") == head_revision()


def test_a_new_plan_records_what_made_it(plan_target: str) -> None:
    plan = create_plan(plan_target, title="Nordic launch 2026")
    with plan.session() as session:
        meta = {row.key: row.value for row in session.scalars(select(PlanMeta))}
    assert meta["application"] == "smarket_planner"
    assert meta["title"] == "Nordic launch 2026"
    assert meta["created_at"] and meta["created_with"]
    assert re.fullmatch(r"[0-9a-f]{32}", meta["plan_id"])
    assert plan.plan_id == meta["plan_id"]
    assert plan.title == "Nordic launch 2026"
    assert plan.location == plan_target
    assert plan.path == (None if "://" in plan_target else Path(plan_target))
    plan.close()


def test_every_new_plan_has_an_identity_of_its_own_that_survives_a_rename(tmp_path: Path) -> None:
    first = create_plan(tmp_path / "a.smplan", title="Same title")
    second = create_plan(tmp_path / "b.smplan", title="Same title")
    ids = first.plan_id, second.plan_id
    first.close()
    second.close()
    assert ids[0] != ids[1]
    (tmp_path / "a.smplan").rename(tmp_path / "renamed.smplan")
    again = open_plan(tmp_path / "renamed.smplan")
    assert again.plan_id == ids[0]
    again.close()


def test_a_plan_without_a_title_is_called_after_its_file(tmp_path: Path) -> None:
    plan = create_plan(tmp_path / "Q3 pursuit.smplan")
    assert plan.title == "Q3 pursuit"
    plan.close()


@SERVER_ONLY
def test_a_plan_on_a_server_without_a_title_is_called_after_its_database(plan_target: str) -> None:
    plan = create_plan(plan_target)
    assert plan.title == plan_target.rsplit("/", 1)[1]
    plan.close()


@SERVER_ONLY
def test_every_plan_on_a_server_has_an_identity_of_its_own(plan_target: str, postgres: Cluster) -> None:
    other = postgres.new_database()
    try:
        first, second = create_plan(plan_target, title="Same"), create_plan(other, title="Same")
        assert first.plan_id != second.plan_id
        first.close()
        second.close()
    finally:
        postgres.drop_database(other)


@SERVER_ONLY
def test_a_plan_needs_an_empty_database(store: PlanStore, plain_english: PlainEnglish) -> None:
    with pytest.raises(PlanFileError) as caught:
        create_plan(store.location)
    plain_english(caught.value.message)
    assert people(store) == ["Ann"]


@SQLITE_ONLY
def test_sessions_enforce_foreign_keys_and_full_sync(store: PlanStore) -> None:
    with store.session() as session:
        assert session.scalar(text("PRAGMA foreign_keys")) == 1
        assert session.scalar(text("PRAGMA synchronous")) == 2  # FULL


def test_a_person_of_a_missing_function_is_refused(store: PlanStore, plain_english: PlainEnglish) -> None:
    with pytest.raises(DomainError) as caught, store.session(write=True) as session:
        session.add(PersonRow(name="Bob", function_id=99))
    # Not "still refers to this": the function is what is missing (perhaps removed elsewhere).
    assert isinstance(caught.value, NotFoundError)
    plain_english(caught.value.message)
    assert people(store) == ["Ann"]


def test_an_existing_file_is_not_replaced_without_force(plan_path: Path, plain_english: PlainEnglish) -> None:
    create_plan(plan_path).close()
    before = sha256(plan_path)
    with pytest.raises(PlanFileError) as caught:
        create_plan(plan_path)
    assert str(plan_path) in caught.value.message
    plain_english(caught.value.message.replace(str(plan_path), "The plan"))
    assert sha256(plan_path) == before


@SQLITE_ONLY
def test_force_replaces_an_existing_plan(plan_path: Path, store: PlanStore) -> None:
    store.close()
    fresh = create_plan(plan_path, force=True)
    assert people(fresh) == []
    assert fresh.revision() == head_revision()
    fresh.close()
    assert stat.S_IMODE(plan_path.stat().st_mode) == 0o600


def test_any_other_file_is_not_replaced_without_force(tmp_path: Path) -> None:
    notes = tmp_path / "notes.smplan"
    notes.write_text("my notes")
    with pytest.raises(PlanFileError):
        create_plan(notes)
    assert notes.read_text() == "my notes"


def test_a_plan_needs_an_existing_folder(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError) as caught:
        create_plan(tmp_path / "missing" / "plan.smplan")
    assert "missing" in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_a_plan_cannot_be_made_over_a_folder(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError):
        create_plan(tmp_path)
    with pytest.raises(PlanFileError):
        create_plan(tmp_path, force=True)
    assert tmp_path.is_dir()


@pytest.mark.parametrize("name", ["plän de lançamento 李.smplan", "plan #1 ?50% & more.smplan"])
def test_any_file_name_works_end_to_end(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    plan = create_plan(str(path))
    with plan.session(write=True) as session:
        session.add(FunctionRow(name="Marketing ✓", colour="#ff7f0e"))
    assert plan.title == path.stem
    plan.close()
    assert sorted(entry.name for entry in tmp_path.iterdir()) == [name]

    again = open_plan(path)
    with again.session() as session:
        assert session.scalars(select(FunctionRow.name)).all() == ["Marketing ✓"]
    assert again.revision() == head_revision()
    again.close()


# --- sessions ---------------------------------------------------------------------------


def test_a_session_that_ends_normally_is_kept(store: PlanStore) -> None:
    with store.session(write=True) as session:
        session.add(PersonRow(name="Bo", function_id=1))
    store.close()
    reopened = open_plan(store.location)
    assert people(reopened) == ["Ann", "Bo"]
    reopened.close()


def test_a_session_that_fails_keeps_nothing(store: PlanStore) -> None:
    with pytest.raises(RuntimeError), store.session(write=True) as session:
        session.add(PersonRow(name="Bo", function_id=1))
        session.flush()
        raise RuntimeError("the user pressed cancel")
    assert people(store) == ["Ann"]


def test_an_edit_is_in_the_plan_before_the_plan_is_closed(store: PlanStore) -> None:
    with store.session(write=True) as session:
        session.add(PersonRow(name="Cy", function_id=1))
    # Another program reading the plan now sees the edit: nothing waits for a save.
    assert scalar(store.location, "SELECT count(*) FROM person WHERE name = 'Cy'") == 1


@SQLITE_ONLY
def test_closing_a_plan_leaves_one_file(store: PlanStore, plan_path: Path) -> None:
    with store.session(write=True) as session:
        session.add(PersonRow(name="Di", function_id=1))
    store.close()
    assert [entry.name for entry in plan_path.parent.iterdir()] == [plan_path.name]


# --- database errors, provoked for real -------------------------------------------------


def test_a_second_function_of_the_same_name_is_a_duplicate(
    store: PlanStore, plain_english: PlainEnglish
) -> None:
    with pytest.raises(DuplicateError) as caught, store.session(write=True) as session:
        session.add(FunctionRow(name="Sales", colour="#000000"))
    plain_english(caught.value.message)


def test_a_function_with_people_cannot_be_removed(store: PlanStore, plain_english: PlainEnglish) -> None:
    with pytest.raises(InUseError) as caught, store.session(write=True) as session:
        session.delete(session.get(FunctionRow, 1))
    plain_english(caught.value.message)
    with store.session() as session:
        assert session.get(FunctionRow, 1) is not None


def test_the_database_refuses_what_breaks_its_rules(store: PlanStore, plain_english: PlainEnglish) -> None:
    with pytest.raises(DomainError) as caught, store.session(write=True) as session:
        session.add(PersonRow(name="Ed", function_id=1, capacity_pct=150))
    plain_english(caught.value.message)
    assert people(store) == ["Ann"]


def test_an_edit_of_a_row_someone_else_changed_first_is_a_conflict(
    store: PlanStore, plain_english: PlainEnglish
) -> None:
    other_window = open_plan(store.location)
    with pytest.raises(ConflictError) as caught, store.session(write=True) as session:
        ann = session.get(PersonRow, 1)
        assert ann is not None and ann.version == 1
        session.commit()  # end the read, as a dialog that stays open does
        with other_window.session(write=True) as other:
            other_ann = other.get(PersonRow, 1)
            assert other_ann is not None
            other_ann.title = "Head of sales"
        ann.title = "Account executive"
    plain_english(caught.value.message)
    other_window.close()
    with store.session() as session:
        kept = session.get(PersonRow, 1)
        assert kept is not None
        assert (kept.title, kept.version) == ("Head of sales", 2)


@SQLITE_ONLY
def test_a_plan_busy_in_another_window(
    store: PlanStore, plan_path: Path, plain_english: PlainEnglish
) -> None:
    other_window = open_plan(plan_path)
    with store.session(write=True) as session:
        session.add(PersonRow(name="Fay", function_id=1))
        session.flush()  # holds the write lock until this block ends
        with pytest.raises(DomainError) as caught, other_window.session(write=True) as other:
            other.execute(text("PRAGMA busy_timeout=50"))  # give up quickly instead of in 5 s
            other.add(PersonRow(name="Gus", function_id=1))
    assert "busy" in caught.value.message
    plain_english(caught.value.message)
    other_window.close()
    assert people(store) == ["Ann", "Fay"]


@SQLITE_ONLY
def test_writing_to_a_read_only_plan_is_refused_even_without_asking(
    store: PlanStore, plan_path: Path, plain_english: PlainEnglish
) -> None:
    store.close()
    os.chmod(plan_path, 0o444)
    plan = open_plan(plan_path)
    assert plan.read_only
    with pytest.raises(ReadOnlyPlanError) as caught, plan.session() as session:
        session.add(PersonRow(name="Hal", function_id=1))
    plain_english(caught.value.message)
    plan.close()


def test_a_damaged_page_is_reported_as_a_damaged_plan(plan_path: Path, plain_english: PlainEnglish) -> None:
    plan = create_plan(plan_path)
    with plan.engine.begin() as connection:
        connection.execute(insert(FunctionRow), [{"name": "Sales", "colour": "#1f77b4", "description": ""}])
        connection.execute(insert(PersonRow), [{"name": f"Person {n}", "function_id": 1} for n in range(500)])
    plan.close()
    data = bytearray(plan_path.read_bytes())
    page = 4096
    assert len(data) // page > 40
    noise = random.Random(20260331)
    # Overwrite the last pages, where the people are, keeping the header and the size.
    for start in range(len(data) - 12 * page, len(data), page):
        data[start : start + page] = noise.randbytes(page)
    plan_path.write_bytes(bytes(data))
    with pytest.raises(PlanFileError) as caught:
        damaged = open_plan(plan_path)
        try:
            with damaged.session() as session:
                session.scalar(select(func.count()).select_from(PersonRow))
                session.scalars(select(PersonRow.name)).all()
        finally:
            damaged.close()
    plain_english(caught.value.message.replace(str(plan_path), "The plan"))
