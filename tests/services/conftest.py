"""Fixtures of the services tests: an empty plan and a small staffed plan, on each back-end."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.domain import DomainError, EntityKind
from smarket_planner.services import Plan
from tests.services.helpers import Listener, Rejected, plan_data
from tests.services.plan_copies import Copies, PlanSources
from tests.services.staffing import Staffed, build_staffed

K = EntityKind


@pytest.fixture
def plan(plan_target: str) -> Iterator[Plan]:
    """A new, empty plan on the back-end under test, closed after the test."""
    opened = services.new_plan(plan_target)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def plan_sources(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[PlanSources]:
    """The plans tests work on copies of, each made once per run and back-end."""
    sources = PlanSources(tmp_path_factory.mktemp("sources"), request)
    yield sources
    sources.close()


@pytest.fixture
def copies(plan_sources: PlanSources, backend: str, tmp_path: Path) -> Iterator[Copies]:
    """This test's private copies of plans on the back-end under test, closed after it."""
    made = Copies(plan_sources, backend, tmp_path)
    yield made
    made.close()


def _staffed_plan(target: str) -> Staffed:
    with services.new_plan(target) as made:
        return build_staffed(made)


@pytest.fixture
def staffed(copies: Copies) -> Staffed:
    """A copy of the staffed plan (built once through the services) on the back-end under test."""
    opened, template = copies.open("staffed", _staffed_plan)
    return dataclasses.replace(template, plan=opened)


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
