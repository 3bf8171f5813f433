"""The plan as graphs: deliverables, task forces, functions and people."""

from __future__ import annotations

import time
from datetime import date, timedelta
from random import Random

import pytest

from smarket_planner.analysis.graphs import (
    CLIQUE_LIMIT,
    TEAM,
    deliverable_graph,
    function_graph,
    people_graph,
    person_nodes,
    task_force_graph,
    team_node,
)
from smarket_planner.analysis.model import PlanData
from smarket_planner.analysis.network import bottleneck_findings, silo_function_findings
from smarket_planner.analysis.schedule import dependency_cycle_findings, schedule_findings
from smarket_planner.domain.enums import DependencyKind, LifecycleStatus, TaskForceKind
from smarket_planner.domain.records import (
    Deliverable,
    Dependency,
    Function,
    Membership,
    Person,
    TaskForce,
)
from tests.analysis.builders import START, PlanBuilder, clean_plan


def test_deliverable_graph_carries_durations_owners_and_kinds() -> None:
    plan = clean_plan()
    graph = deliverable_graph(plan.build())
    brief, playbook = 1, 2
    assert graph.nodes[brief]["title"] == "Launch brief"
    assert graph.nodes[brief]["duration_days"] == 10
    assert graph.nodes[brief]["owner_id"] == plan.jonas.id
    assert graph.nodes[brief]["task_force_id"] == plan.launch.id
    assert graph.nodes[brief]["start"] == START
    assert graph.nodes[brief]["due"] == date(2026, 9, 15)
    assert graph.edges[brief, playbook]["kind"] is DependencyKind.HAND_OFF
    assert list(graph.edges) == [(brief, playbook)]


def test_task_force_graph_counts_cross_team_links_by_kind() -> None:
    b = PlanBuilder()
    sales = b.function("Sales")
    ana = b.person("Ana", sales)
    one, two = b.task_force("One"), b.task_force("Two")
    a1, a2 = b.deliverable(one, "A1", ana), b.deliverable(one, "A2", ana)
    b1 = b.deliverable(two, "B1", ana)
    b.dependency(a1, a2)  # inside One: not on the task-force graph
    b.dependency(a1, b1)
    b.dependency(a2, b1, DependencyKind.HAND_OFF)
    graph = task_force_graph(b.build())
    assert set(graph.nodes) == {one.id, two.id}
    assert list(graph.edges) == [(one.id, two.id)]
    edge = graph.edges[one.id, two.id]
    assert edge["weight"] == 2
    assert edge["kinds"] == {DependencyKind.BLOCKING: 1, DependencyKind.HAND_OFF: 1}


def test_function_graph_counts_co_membership_and_hand_offs_on_live_teams() -> None:
    b = PlanBuilder()
    sales, marketing, pr = b.function("Sales"), b.function("Marketing"), b.function("PR")
    ana, bo, cy = b.person("Ana", sales), b.person("Bo", sales), b.person("Cy", marketing)
    dee = b.person("Dee", pr)
    live = b.task_force("Live")
    old = b.task_force("Old", status=LifecycleStatus.DISPERSED)
    for person in (ana, bo, cy):
        b.member(live, person)
    b.member(old, dee)
    b.member(old, ana)  # a dispersed team ties nobody
    brief, pitch = b.deliverable(live, "Brief", cy), b.deliverable(live, "Pitch", ana)
    b.dependency(brief, pitch, DependencyKind.HAND_OFF)
    graph = function_graph(b.build())
    assert set(graph.nodes) == {sales.id, marketing.id, pr.id}
    assert list(graph.edges) == [(sales.id, marketing.id)]
    edge = graph.edges[sales.id, marketing.id]
    assert (edge["co_membership"], edge["hand_offs"], edge["weight"]) == (2, 1, 3)


def test_people_graph_joins_team_mates_and_the_owners_of_dependent_work() -> None:
    b = PlanBuilder()
    sales = b.function("Sales")
    ana, bo, cy = b.person("Ana", sales), b.person("Bo", sales), b.person("Cy", sales)
    one, two = b.task_force("One"), b.task_force("Two")
    for team in (one, two):
        b.member(team, ana)
        b.member(team, bo)
    other = b.task_force("Other")
    b.member(other, cy)
    b.dependency(b.deliverable(one, "Brief", ana), b.deliverable(other, "Pitch", cy))
    graph = people_graph(b.build())
    assert graph.edges[ana.id, bo.id]["shared_task_forces"] == 2
    assert graph.edges[ana.id, bo.id]["weight"] == 2
    assert graph.edges[ana.id, cy.id]["dependencies"] == 1
    assert not graph.has_edge(bo.id, cy.id)
    assert person_nodes(graph) == [ana.id, bo.id, cy.id]


def test_people_graph_joins_a_large_team_through_one_node() -> None:
    b = PlanBuilder()
    sales = b.function("Sales")
    big = b.task_force("Big")
    people = [b.person(f"Person {n}", sales) for n in range(CLIQUE_LIMIT + 1)]
    for person in people:
        b.member(big, person)
    graph = people_graph(b.build())
    hub = team_node(big.id)
    assert graph.nodes[hub]["kind"] == TEAM
    assert graph.degree(hub) == len(people)
    assert graph.number_of_edges() == len(people)
    assert person_nodes(graph) == [p.id for p in people]


def _scale_plan(
    people: int = 10_000,
    task_forces: int = 1_000,
    memberships: int = 50_000,
    deliverables: int = 20_000,
    dependencies: int = 30_000,
    seed: int = 7,
) -> PlanData:
    """A synthetic plan of the size the issue asks for: random teams, chains of work, a few loops."""
    rng = Random(seed)
    names = ("Sales", "Marketing", "Product", "PR", "Customer Service", "Leadership", "Finance")
    functions = tuple(Function(i + 1, name, "#777777") for i, name in enumerate(names))
    staff = tuple(Person(i, f"Person {i}", rng.randint(1, len(names))) for i in range(1, people + 1))
    statuses = list(LifecycleStatus)
    teams: list[TaskForce] = []
    team_list: list[list[int]] = []
    work: list[Deliverable] = []
    links: list[tuple[int, int, DependencyKind]] = []
    per_team, per_work = memberships // task_forces, deliverables // task_forces
    for t in range(1, task_forces + 1):
        start = START + timedelta(days=rng.randint(-200, 100))
        status = rng.choices(statuses, (1, 1, 5, 2, 1))[0]
        teams.append(
            TaskForce(
                t,
                f"Team {t:04d}",
                TaskForceKind.OTHER,
                status,
                start_date=start,
                end_date=start + timedelta(days=rng.randint(60, 300)),
            )
        )
        team = rng.sample(range(1, people + 1), per_team)
        team_list.append(team)
        first = len(work) + 1
        for n in range(per_work):
            work.append(Deliverable(first + n, t, f"Work {first + n}", rng.choice(team), rng.randint(2, 20)))
        pairs = {(first + n - 1, first + n) for n in range(1, per_work)}
        while len(pairs) < dependencies // task_forces - (t > 1) - (t % 100 == 0):
            up, down = sorted(rng.sample(range(per_work), 2))
            pairs.add((first + up, first + down))
        if t % 100 == 0:
            pairs.add((first + 5, first + 2))  # a loop
        if t > 1:
            pairs.add((rng.randint(1, first - 1), first + rng.randrange(per_work)))
        kinds = list(DependencyKind)
        links.extend((up, down, rng.choice(kinds)) for up, down in sorted(pairs))
    seats = [(t + 1, p) for t, team in enumerate(team_list) for p in team]
    member_rows = tuple(Membership(i, t, p) for i, (t, p) in enumerate(seats, 1))
    return PlanData(
        today=START,
        functions=functions,
        people=staff,
        task_forces=tuple(teams),
        memberships=member_rows,
        deliverables=tuple(work),
        dependencies=tuple(Dependency(i, up, down, kind) for i, (up, down, kind) in enumerate(links, 1)),
    )


@pytest.mark.slow
def test_graphs_and_findings_run_on_a_scale_plan(capsys: pytest.CaptureFixture[str]) -> None:
    data = _scale_plan()
    assert (len(data.people), len(data.task_forces), len(data.memberships)) == (10_000, 1_000, 50_000)
    assert (len(data.deliverables), len(data.dependencies)) == (20_000, 30_000)
    times: dict[str, float] = {}
    began = time.perf_counter()

    def timed(name: str, started: float) -> None:
        times[name] = round(time.perf_counter() - started, 2)

    now = time.perf_counter()
    work = deliverable_graph(data)
    timed("deliverable graph", now)
    now = time.perf_counter()
    task_force_graph(data)
    timed("task force graph", now)
    now = time.perf_counter()
    functions = function_graph(data)
    timed("function graph", now)
    now = time.perf_counter()
    people = people_graph(data)
    timed("people graph", now)
    now = time.perf_counter()
    cycles = dependency_cycle_findings(data, work)
    timed("cycles", now)
    now = time.perf_counter()
    schedule = schedule_findings(data, work)
    timed("schedule", now)
    now = time.perf_counter()
    bottlenecks = bottleneck_findings(data, people)
    timed("bottlenecks", now)
    now = time.perf_counter()
    silos = silo_function_findings(data, functions, people)
    timed("silos", now)
    timed("total", began)
    assert cycles  # the planted loops of live teams
    assert schedule
    with capsys.disabled():
        print(
            f"\nscale plan timings (s): {times}; findings: cycles {len(cycles)}, schedule "
            f"{len(schedule)}, bottlenecks {len(bottlenecks)}, silos {len(silos)}"
        )
