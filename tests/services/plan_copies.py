"""Plans made once per run on either back-end, and a private copy of one for each test: a file copied,
or a database made from the plan's database as a template."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Hashable
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.services import Plan
from smarket_planner.services.exchange.plan_json import write_plan_json
from smarket_planner.services.exchange.plan_json_read import import_plan_json
from tests.postgres_cluster import Cluster

Make = Callable[[str], Any]  # fills a new plan at the place given; what it returns comes with every copy
Size = tuple[tuple[str, int], ...]  # of a generated plan: people and task forces, or the demo company


class PlanSources:
    """The plans tests copy, each made at its first use and kept until the run ends."""

    def __init__(self, folder: Path, request: pytest.FixtureRequest) -> None:
        self.folder = folder
        self._request = request
        self._made: dict[tuple[str, Hashable], tuple[str, Any]] = {}
        self._cluster: Cluster | None = None

    @property
    def cluster(self) -> Cluster:
        """The test server (started on first use)."""
        if self._cluster is None:
            self._cluster = self._request.getfixturevalue("postgres")
        return self._cluster

    def source(self, backend: str, key: Hashable, make: Make) -> tuple[str, Any]:
        """Where the plan ``key`` lives on ``backend`` (made the first time), and what ``make`` said."""
        if (backend, key) not in self._made:
            if backend == "sqlite":
                target = str(self.folder / f"source-{len(self._made)}.smplan")
            else:
                target = self.cluster.new_database(prefix="source")
            self._made[(backend, key)] = (target, make(target))
        return self._made[(backend, key)]

    def copy(self, backend: str, key: Hashable, make: Make, file: Path) -> tuple[str, Any]:
        """A new copy of the plan ``key`` (at ``file`` on SQLite): its place, and what ``make`` said."""
        source, made = self.source(backend, key, make)
        if backend == "sqlite":
            shutil.copyfile(source, file)
            return str(file), made
        return self.cluster.new_database(template=source.rsplit("/", 1)[1]), made

    def discard(self, target: str) -> None:
        """Remove a copy made on the server (a file goes with its test's folder)."""
        if "://" in target:
            self.cluster.drop_database(target)

    def close(self) -> None:
        """Remove every plan made on the server, unless the server, stopped first, took them with it."""
        if self._cluster is None or not self._cluster.folder.exists():
            return
        for (backend, _key), (target, _made) in self._made.items():
            if backend != "sqlite":
                self._cluster.drop_database(target)


def _demo_file(target: str, today: date, size: Size) -> None:
    generate_demo(Path(target), today=today, **dict(size))  # type: ignore[arg-type]


class Copies:
    """One test's private copies of plans, closed (and removed from the server) when the test ends."""

    def __init__(self, sources: PlanSources, backend: str, folder: Path) -> None:
        self.sources, self.backend, self.folder = sources, backend, folder
        self._stack = ExitStack()
        self._numbers = itertools.count(1)

    def open(self, key: Hashable, make: Make, *, shared: bool = False) -> tuple[Plan, Any]:
        """A copy of the plan ``key`` on the back-end under test, open, and what its ``make`` said;
        ``shared``: the plan itself, for a test that only reads it."""
        if shared:
            target, made = self.sources.source(self.backend, key, make)
        else:
            file = self.folder / f"copy-{next(self._numbers)}.smplan"
            target, made = self.sources.copy(self.backend, key, make, file)
            self._stack.callback(self.sources.discard, target)
        opened = services.open_existing(target)
        self._stack.callback(opened.close)
        return opened, made

    def fresh(self, name: str) -> str:
        """Where a new plan of this test goes on the back-end under test: a file, or an empty database."""
        if self.backend == "sqlite":
            return str(self.folder / f"{name}.smplan")
        target = self.sources.cluster.new_database()
        self._stack.callback(self.sources.discard, target)
        return target

    def demo(self, today: date, *, shared: bool = False, **size: int) -> Plan:
        """A copy of the Northwind demo plan dated ``today``, or of a generated plan of the ``size`` given
        (``shared``: the plan itself, for a test that only reads it)."""
        sized = tuple(sorted(size.items()))
        key = ("demo", today, sized)
        opened, _ = self.open(key, lambda target: self._make_demo(target, today, sized), shared=shared)
        return opened

    def _make_demo(self, target: str, today: date, size: Size) -> None:
        if self.backend == "sqlite":
            _demo_file(target, today, size)
            return
        # Through the services: the plan file generated, written as plan JSON, imported into the database.
        made = self.sources.source(
            "sqlite", ("demo", today, size), lambda path: _demo_file(path, today, size)
        )
        document = Path(made[0]).with_suffix(".json")
        with services.open_existing(made[0]) as demo:
            write_plan_json(demo, document)
        with services.new_plan(target) as made:
            import_plan_json(made, document)

    def close(self) -> None:
        """Close every copy and remove those on the server."""
        self._stack.close()
