"""Opening, creating and closing plans for the app and the command line."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select, text

from smarket_planner.domain.errors import PlanFileError
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.actions.catalog import ROWS
from smarket_planner.services.actions.notices import ChangeFeed
from smarket_planner.storage import PlanStore, create_plan, open_plan
from smarket_planner.storage.migrate import head_revision
from smarket_planner.storage.plan_file import SUFFIX, copy_plan_file, is_url


class Plan:
    """An open plan: where it lives, whether it may be changed, and its change feed."""

    def __init__(self, store: PlanStore) -> None:
        self.store = store
        self.changes = ChangeFeed()
        # Who made an edit, as told to the plan's other clients (which skip their own).
        self.origin = uuid.uuid4().hex

    @property
    def location(self) -> str:
        """The plan's file path or database address."""
        return self.store.location

    @property
    def path(self) -> Path | None:
        """The plan file, or None for a plan on a database server."""
        return self.store.path

    @property
    def read_only(self) -> bool:
        """Whether the plan was opened read-only."""
        return self.store.read_only

    @property
    def backup(self) -> Path | None:
        """The backup copy made before upgrading this plan on open, if one was made."""
        return self.store.backup

    @property
    def title(self) -> str:
        """The plan's name."""
        return self.store.title

    @property
    def plan_id(self) -> str:
        """The plan's own identity, the same for life however it is renamed or moved."""
        return self.store.plan_id

    def close(self) -> None:
        """Finish with the plan; every edit is already committed."""
        self.store.close()

    def __enter__(self) -> Plan:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_existing(
    target: str | os.PathLike[str], *, upgrade: bool = True, password: str | None = None
) -> Plan:
    """Open a plan file (upgrading an older one after a backup) or a plan database (never upgraded)."""
    return Plan(open_plan(target, upgrade=upgrade, password=password))


@contextmanager
def as_this_version_reads_it(plan: Plan) -> Iterator[Plan]:
    """The plan as this version of the program reads it: itself, or if it is an older plan file
    opened without upgrading, an upgraded copy in a temporary folder (the plan is left as it is)."""
    if plan.path is None or plan.store.revision() == head_revision():
        yield plan
        return
    with tempfile.TemporaryDirectory(prefix="smarket-planner-") as folder:
        copied = open_existing(copy_plan_file(plan.path, Path(folder) / plan.path.name), upgrade=True)
        try:
            yield copied
        finally:
            copied.close()


def new_plan(
    target: str | os.PathLike[str], *, title: str = "", force: bool = False, password: str | None = None
) -> Plan:
    """Create a new, empty plan: a file, or the tables of a plan in an empty database."""
    if not is_url(target) and Path(target).suffix == "":
        target = Path(target).with_suffix(SUFFIX)
    return Plan(create_plan(target, title=title, force=force, password=password))


def save_copy(plan: Plan, target: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write a copy of the plan, as it is now, to another file; the open plan stays open."""
    if plan.path is None:
        raise PlanFileError("A plan on a database server is copied with the server's own tools.")
    destination = Path(target)
    if destination.suffix == "":
        destination = destination.with_suffix(SUFFIX)
    try:
        return copy_plan_file(plan.path, destination, force=force)
    except OSError as error:
        raise PlanFileError(f"{destination} cannot be written: {error.strerror}.") from None


def counts(plan: Plan) -> dict[EntityKind, int]:
    """How many of each kind of thing the plan holds (places dragged in graphs are no thing to count)."""
    result: dict[EntityKind, int] = {}
    with plan.store.session() as session:
        tables = inspect(session.connection())
        for kind, row in ROWS.items():
            if kind is EntityKind.VIEW_POSITION:
                continue
            # A plan of an older version, opened without upgrading it, lacks the newer kinds' tables.
            found = tables.has_table(row.__tablename__)
            result[kind] = (session.scalar(select(func.count()).select_from(row)) or 0) if found else 0
    return result


def plan_facts(plan: Plan) -> dict[str, Any]:
    """The plan's schema revision, read-only state and file health."""
    facts: dict[str, Any] = {
        "location": plan.location,
        "schema": plan.store.revision(),
        "current_schema": head_revision(),
        "read_only": plan.read_only,
    }
    if plan.path is not None:
        with plan.store.session() as session:
            facts["integrity"] = session.execute(text("PRAGMA quick_check")).scalar()
    return facts
