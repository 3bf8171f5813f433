"""Bottleneck people, single points of failure, siloed functions and clusters along function lines."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import networkx as nx
import pytest

from smarket_planner.analysis.model import FindingKind, Severity
from smarket_planner.analysis.network import SEED, betweenness, bottleneck_findings, silo_function_findings
from smarket_planner.domain.enums import DependencyKind, LifecycleStatus
from smarket_planner.domain.records import EntityKind, Function, Person
from tests.analysis.builders import PlanBuilder, clean_plan

Plain = Callable[[str], None]


def _mixed(b: PlanBuilder, functions: list[Function], prefix: str, count: int) -> list[Person]:
    """``count`` people whose functions take turns, so no team is one function."""
    return [b.person(f"{prefix} {n}", functions[n % len(functions)]) for n in range(count)]


def _bridged(teams: int, size: int) -> tuple[PlanBuilder, Person, list[int]]:
    """``teams`` teams of ``size`` people each, and one person on all of them."""
    b = PlanBuilder()
    sales, marketing = b.function("Sales"), b.function("Marketing")
    bridge = b.person("Priya Raman", sales)
    ids = []
    for number, name in enumerate(
        ("Atlas Launch", "DACH Entry", "Halvorsen Pursuit", "Nordic Retention")[:teams]
    ):
        team = b.task_force(name)
        ids.append(team.id)
        b.member(team, bridge)
        for person in _mixed(b, [marketing, sales], f"Team {number}", size):
            b.member(team, person)
    return b, bridge, ids


def test_in_a_small_plan_the_one_person_on_two_teams_is_no_bottleneck() -> None:
    """Seven people: that one of them sits on both teams is how the teams meet, not an alarm."""
    b, _bridge, _ids = _bridged(2, 3)
    assert [f for f in bottleneck_findings(b.build()) if f.kind is FindingKind.BOTTLENECK_PERSON] == []


def test_in_a_larger_plan_the_only_person_joining_three_teams_is_the_bottleneck(
    plain_english: Plain,
) -> None:
    b, bridge, ids = _bridged(3, 5)
    [finding] = [f for f in bottleneck_findings(b.build()) if f.kind is FindingKind.BOTTLENECK_PERSON]
    assert finding.severity is Severity.WARNING
    assert [(e.kind, e.id) for e in finding.entities] == [(EntityKind.PERSON, bridge.id)]
    assert finding.task_force_ids == tuple(ids)
    assert (
        "Priya Raman" in finding.message and "Atlas Launch, DACH Entry, Halvorsen Pursuit" in finding.message
    )
    assert finding.facts["betweenness"] == round(
        75 / 105, 4
    )  # on the 75 of the 105 pairs of the others across teams
    plain_english(finding.message)
    plain_english(finding.action)


def test_the_only_link_between_two_large_teams_is_the_bottleneck() -> None:
    """Seventeen people: two teams of eight meet through one person only."""
    b, bridge, _ids = _bridged(2, 8)
    found = [f for f in bottleneck_findings(b.build()) if f.kind is FindingKind.BOTTLENECK_PERSON]
    assert [f.entities[0].id for f in found] == [bridge.id]


def test_people_merely_on_two_teams_in_a_ring_are_no_bottleneck() -> None:
    """Four teams of four in a ring, each pair of neighbours joined by its own person: each joining
    person is merely on two teams, and there is always another way round."""
    b = PlanBuilder()
    sales = b.function("Sales")
    teams = [b.task_force(f"Team {n}") for n in range(4)]
    for number, team in enumerate(teams):
        for person in _mixed(b, [sales], f"T{number}", 3):
            b.member(team, person)
    for number, team in enumerate(teams):
        link = b.person(f"Link {number}", sales)
        b.member(team, link)
        b.member(teams[(number + 1) % len(teams)], link)
    assert [f for f in bottleneck_findings(b.build()) if f.kind is FindingKind.BOTTLENECK_PERSON] == []


def test_the_person_who_alone_joins_two_halves_of_a_teams_work_is_a_single_point(
    plain_english: Plain,
) -> None:
    b = PlanBuilder()
    sales, marketing = b.function("Sales"), b.function("Marketing")
    launch = b.task_force("Atlas Launch")
    ana, bo = b.person("Ana", sales), b.person("Bo", marketing)
    hub = b.person("Hub Person", sales)
    cy, dee = b.person("Cy", marketing), b.person("Dee", sales)
    chain = [ana, bo, hub, cy, dee]
    for person in chain:
        b.member(launch, person)
    work = [b.deliverable(launch, f"Step {n}", person) for n, person in enumerate(chain)]
    for upstream, downstream in pairwise(work):
        b.dependency(upstream, downstream)
    [finding] = bottleneck_findings(b.build())
    assert finding.kind is FindingKind.SINGLE_POINT_OF_FAILURE
    assert finding.severity is Severity.WARNING
    assert finding.task_force_ids == (launch.id,)
    assert finding.entities[0].id == hub.id
    assert {e.id for e in finding.entities[1:]} == {ana.id, bo.id, cy.id, dee.id}
    assert finding.facts["groups"] == [[ana.id, bo.id], [cy.id, dee.id]]
    assert "only link in the work between Ana and Bo on one side and Cy and Dee" in finding.message
    plain_english(finding.message)
    plain_english(finding.action)


def test_a_team_whose_work_has_two_paths_has_no_single_point() -> None:
    b = PlanBuilder()
    sales = b.function("Sales")
    launch = b.task_force("Atlas Launch")
    people = [b.person(name, sales) for name in ("Ana", "Bo", "Cy", "Dee")]
    for person in people:
        b.member(launch, person)
    work = [b.deliverable(launch, f"Step {n}", person) for n, person in enumerate(people)]
    for n, item in enumerate(work):
        b.dependency(item, work[(n + 1) % len(work)], DependencyKind.HAND_OFF)
    kinds = [f.kind for f in bottleneck_findings(b.build())]
    assert FindingKind.SINGLE_POINT_OF_FAILURE not in kinds


def test_a_function_alone_on_its_team_is_siloed(plain_english: Plain) -> None:
    plan = clean_plan()
    b = plan.builder
    finance = b.function("Finance")
    budget = b.task_force("Budget Review")
    b.member(budget, b.person("Fay Young", finance))
    b.member(budget, b.person("Gus Hall", finance))
    old = b.task_force("Old Audit", status=LifecycleStatus.DISPERSED)
    legal = b.function("Legal")
    b.member(old, b.person("Lou Park", legal))  # only on a dispersed team: not siloed now
    [finding] = silo_function_findings(b.build())
    assert finding.kind is FindingKind.SILOED_FUNCTION
    assert finding.severity is Severity.WARNING
    assert [(e.kind, e.id) for e in finding.entities] == [(EntityKind.FUNCTION, finance.id)]
    assert finding.task_force_ids == (budget.id,)
    assert finding.message.startswith("Finance works alone on Budget Review")
    plain_english(finding.message)
    plain_english(finding.action)


def test_a_hand_off_to_another_function_ends_a_silo() -> None:
    plan = clean_plan()
    b = plan.builder
    finance = b.function("Finance")
    budget = b.task_force("Budget Review")
    fay = b.person("Fay Young", finance)
    b.member(budget, fay)
    b.dependency(b.deliverable(budget, "Budget", fay), b.deliverable(plan.launch, "Pricing", plan.priya))
    assert silo_function_findings(b.build()) == []


def test_a_cluster_of_one_function_follows_function_lines(plain_english: Plain) -> None:
    plan = clean_plan()
    b = plan.builder
    blitz = b.task_force("Sales Blitz")
    sellers = [b.person(name, plan.sales) for name in ("Ana", "Bo", "Cy", "Dee", "Eve")]
    for person in sellers:
        b.member(blitz, person)
    b.member(plan.launch, sellers[0])  # Sales meets other functions: not a siloed function
    [finding] = silo_function_findings(b.build())
    assert finding.kind is FindingKind.FUNCTION_LINE_COMMUNITY
    assert finding.severity is Severity.WARNING
    assert finding.entities[0].kind is EntityKind.FUNCTION
    assert finding.entities[0].id == plan.sales.id
    named = {e.id for e in finding.entities[1:]}
    assert {p.id for p in sellers[1:]} <= named <= {p.id for p in sellers}
    assert blitz.id in finding.task_force_ids
    assert "are all in Sales" in finding.message
    plain_english(finding.message)
    plain_english(finding.action)


def test_a_clean_plan_has_no_silos_and_no_people_problems() -> None:
    data = clean_plan().build()
    assert silo_function_findings(data) == []
    assert bottleneck_findings(data) == []


@pytest.mark.parametrize(("people", "ties", "sample"), [(60, 240, None), (400, 3000, None), (900, 6000, 40)])
def test_betweenness_is_networkx_own_exactly(people: int, ties: int, sample: int | None) -> None:
    graph = nx.gnm_random_graph(people, ties, seed=people)
    graph = graph.subgraph([node for node, degree in graph.degree() if degree > 0]).copy()
    expected = nx.betweenness_centrality(graph, k=sample, seed=SEED if sample else None)
    found = betweenness(graph, sample)
    assert found.keys() == expected.keys()
    assert max(abs(found[node] - expected[node]) for node in graph) < 1e-12
    assert max(expected.values()) > 0.01  # a graph with someone in the middle, or the test proves little
