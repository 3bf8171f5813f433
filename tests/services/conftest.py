"""Fixtures of the services tests: an empty plan, and a small staffed plan made through the services."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.domain import DomainError, EntityKind
from smarket_planner.services import Plan
from tests.services.helpers import Listener, Rejected, plan_data
from tests.services.staffing import Staffed, build_staffed

K = EntityKind


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[Plan]:
    """A new, empty plan file, closed after the test."""
    opened = services.new_plan(tmp_path / "plan.smplan")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def staffed_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Staffed]:
    """The staffed plan, built once through the services; each test works on its own copy."""
    path = tmp_path_factory.mktemp("template") / "staffed.smplan"
    with services.new_plan(path) as made:
        template = build_staffed(made)
    return path, template


@pytest.fixture
def staffed(staffed_file: tuple[Path, Staffed], tmp_path: Path) -> Iterator[Staffed]:
    """A copy of the staffed plan, open for the test and closed after it."""
    source, template = staffed_file
    target = tmp_path / "plan.smplan"
    shutil.copyfile(source, target)
    opened = services.open_existing(target)
    yield dataclasses.replace(template, plan=opened)
    opened.close()


@pytest.fixture
def listener(staffed: Staffed) -> Iterator[Listener]:
    """Everything the staffed plan publishes during the test."""
    heard = Listener()
    staffed.plan.changes.subscribe(heard)
    yield heard
    staffed.plan.changes.unsubscribe(heard)


@pytest.fixture
def rejected(plain_english: Callable[[str], None]) -> Rejected:
    """Check that an action raises exactly ``error``, publishes nothing and changes nothing."""

    def check(plan: Plan, error: type[DomainError], action: Callable[[], object]) -> str:
        before = plan_data(plan)
        heard = Listener()
        plan.changes.subscribe(heard)
        try:
            with pytest.raises(DomainError) as caught:
                action()
        finally:
            plan.changes.unsubscribe(heard)
        assert type(caught.value) is error, f"expected {error.__name__}, got {caught.value!r}"
        assert heard.batches == [], "a refused edit was announced"
        assert plan_data(plan) == before, "a refused edit changed the plan"
        message = str(caught.value)
        plain_english(message)
        return message

    return check
