"""Lists sorted by name come out in the same order from a plan file and from a server plan, even on a
server set up to sort text by the rules of a language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.services import Plan
from smarket_planner.services.exchange.roster_export import roster_rows
from smarket_planner.services.reports.charter_batch import all_task_force_ids
from smarket_planner.services.views.goals_view import functions_of
from smarket_planner.services.views.portfolio_view import allocation_heatmap
from tests.postgres_cluster import Cluster

K = EntityKind
# Names a language's rules sort otherwise than code points do: case first or not, accents, Ö and ö.
FUNCTIONS = ("Banana", "apple", "Ölund", "öberg", "Zed")
PEOPLE = ("bo", "Al", "Örn", "ömer", "zoe")
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def folded(name: str) -> str:
    """A name as SQL's lower() leaves it in a plan file: A to Z folded, every other letter as it is."""
    return name.translate(ASCII_LOWER)


@pytest.fixture
def plan(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Plan]:
    """A plan holding the names above; on a server, in a database that sorts text as US English does."""
    if backend == "sqlite":
        target = str(tmp_path / "plan.smplan")
    else:
        cluster: Cluster = request.getfixturevalue("postgres")
        target = cluster.url("english")
        cluster.sql(
            "CREATE DATABASE english TEMPLATE template0 "
            "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
        )
    opened = services.new_plan(target)
    for function, person in zip(FUNCTIONS, PEOPLE, strict=True):
        made = services.create(opened, K.FUNCTION, name=function, colour="#112233").value
        services.create(opened, K.PERSON, name=person, function_id=made.id)
        services.create(opened, K.TASK_FORCE, name=function, kind="campaign", status="proposed")
    yield opened
    opened.close()
    if backend != "sqlite":
        cluster.drop_database(target)


def test_owner_functions_come_by_name_in_code_order(plan: Plan) -> None:
    assert [function.name for function in functions_of(plan)] == sorted(FUNCTIONS)


def test_a_roster_export_lists_people_by_function_then_name_in_code_order(plan: Plan) -> None:
    pairs = sorted(zip(FUNCTIONS, PEOPLE, strict=True))
    assert [(row[2], row[0]) for row in roster_rows(plan)] == pairs


def test_charters_are_written_in_the_order_of_the_names(plan: Plan) -> None:
    names = {team.id: team.name for team in services.find(plan, K.TASK_FORCE)}
    assert [names[ident] for ident in all_task_force_ids(plan)] == sorted(FUNCTIONS)


def test_the_heat_map_lists_functions_and_people_with_a_to_z_folded_only(plan: Plan) -> None:
    heat = allocation_heatmap(plan, date(2026, 3, 2), 4)
    functions = {function.id: function.name for function in services.find(plan, K.FUNCTION)}
    expected = sorted(heat.rows, key=lambda row: (folded(functions[row.function_id]), folded(row.name)))
    assert [row.name for row in heat.rows] == [row.name for row in expected]
    assert [functions[ident] for ident, _ in heat.group_sizes] == sorted(FUNCTIONS, key=folded)
