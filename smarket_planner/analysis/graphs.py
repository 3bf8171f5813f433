"""The plan as graphs: deliverables and their dependencies, task forces, functions and people.

Every builder takes a :class:`PlanData` and returns a fresh NetworkX graph whose nodes are
record ids (people graph: person ids, plus one node per large team, see below) and whose
attributes carry what the findings and the drawings need.

>>> graph = deliverable_graph(data)  # "Launch brief" (1) hands off to "Sales playbook" (2)
>>> graph.nodes[1]["title"], graph.edges[1, 2]["kind"]
('Launch brief', <DependencyKind.HAND_OFF: 'hand_off'>)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from itertools import combinations

import networkx as nx

from smarket_planner.analysis.model import PlanData
from smarket_planner.domain.enums import LifecycleStatus
from smarket_planner.domain.records import Deliverable, Dependency, TaskForce

RESTING = frozenset({LifecycleStatus.DISPERSED, LifecycleStatus.ARCHIVED})

# A team of more than this many people is joined through one task-force node in the people
# graph instead of a pair per two members: 50 people would add 1,225 edges, 500 would add
# 124,750, and betweenness and communities would drown in them.
CLIQUE_LIMIT = 25

PERSON = "person"  # the ``kind`` of a person node in the people graph
TEAM = "task_force"  # the ``kind`` of a large team's node in the people graph


def is_live(task_force: TaskForce) -> bool:
    """Whether a task force is still at work (not dispersed or archived)."""
    return task_force.status not in RESTING


def live_task_force_ids(data: PlanData) -> frozenset[int]:
    """The ids of the task forces still at work."""
    return frozenset(tf.id for tf in data.task_forces if is_live(tf))


def team_members(data: PlanData, live_only: bool = True) -> dict[int, tuple[int, ...]]:
    """The people on each task force, once each and in id order, by task force id."""
    live = live_task_force_ids(data) if live_only else None
    people = {person.id for person in data.people}
    teams: dict[int, set[int]] = defaultdict(set)
    for membership in data.memberships:
        if (live is None or membership.task_force_id in live) and membership.person_id in people:
            teams[membership.task_force_id].add(membership.person_id)
    return {tf_id: tuple(sorted(members)) for tf_id, members in sorted(teams.items())}


def team_node(task_force_id: int) -> tuple[str, int]:
    """The people-graph node that stands for a large team."""
    return (TEAM, task_force_id)


def deliverable_graph(data: PlanData, first_team: Collection[int] | None = None) -> nx.DiGraph:
    """Deliverables and their dependencies, upstream to downstream, with durations and owners.

    With ``first_team``, the deliverables of those task forces come first, each group by its
    start (or due) day: the order a drawing lays them out in, top to bottom.
    """
    return work_graph(data.deliverables, data.dependencies, first_team)


def work_graph(
    deliverables: Iterable[Deliverable],
    dependencies: Iterable[Dependency],
    first_team: Collection[int] | None = None,
) -> nx.DiGraph:
    """The graph of some deliverables and the dependencies between them (see ``deliverable_graph``)."""
    items = list(deliverables)
    if first_team is not None:
        items.sort(
            key=lambda d: (d.task_force_id not in first_team, d.start_date or d.due_date or date.max, d.id)
        )
    graph = nx.DiGraph()
    for item in items:
        graph.add_node(
            item.id,
            title=item.title,
            duration_days=item.duration_days,
            owner_id=item.owner_id,
            task_force_id=item.task_force_id,
            start=item.start_date,
            due=item.due_date,
            status=item.status,
        )
    for link in dependencies:
        if link.upstream_id in graph and link.downstream_id in graph:
            graph.add_edge(link.upstream_id, link.downstream_id, kind=link.kind, dependency_id=link.id)
    return graph


def task_force_graph(data: PlanData) -> nx.DiGraph:
    """Task forces joined where one's deliverable waits for another's, weighted by the links."""
    graph = nx.DiGraph()
    for tf in data.task_forces:
        graph.add_node(tf.id, name=tf.name, status=tf.status, live=is_live(tf))
    owner_team = {item.id: item.task_force_id for item in data.deliverables}
    for link in data.dependencies:
        upstream, downstream = owner_team.get(link.upstream_id), owner_team.get(link.downstream_id)
        if upstream is None or downstream is None or upstream == downstream:
            continue
        if not graph.has_edge(upstream, downstream):
            graph.add_edge(upstream, downstream, weight=0, kinds=Counter())
        edge = graph.edges[upstream, downstream]
        edge["weight"] += 1
        edge["kinds"][link.kind] += 1
    return graph


def function_graph(data: PlanData) -> nx.Graph:
    """Functions joined by people who sit on live teams together and by work handed between them.

    ``co_membership`` counts pairs of people of the two functions on the same live task force;
    ``hand_offs`` counts dependencies into a live team's deliverable whose two owners are in
    the two functions; ``weight`` is their sum.
    """
    graph = nx.Graph()
    for function in data.functions:
        graph.add_node(function.id, name=function.name, colour=function.colour)
    function_of = {person.id: person.function_id for person in data.people}

    def bump(first: int, second: int, what: str, count: int) -> None:
        if not graph.has_edge(first, second):
            graph.add_edge(first, second, co_membership=0, hand_offs=0, weight=0)
        edge = graph.edges[first, second]
        edge[what] += count
        edge["weight"] += count

    for members in team_members(data).values():
        sizes = Counter(function_of[person] for person in members)
        for first, second in combinations(sorted(sizes), 2):
            bump(first, second, "co_membership", sizes[first] * sizes[second])
    live = live_task_force_ids(data)
    deliverables = {item.id: item for item in data.deliverables}
    for link in data.dependencies:
        upstream, downstream = deliverables.get(link.upstream_id), deliverables.get(link.downstream_id)
        if upstream is None or downstream is None or downstream.task_force_id not in live:
            continue
        giver = function_of.get(upstream.owner_id) if upstream.owner_id is not None else None
        taker = function_of.get(downstream.owner_id) if downstream.owner_id is not None else None
        if giver is not None and taker is not None and giver != taker:
            bump(giver, taker, "hand_offs", 1)
    return graph


def people_graph(data: PlanData) -> nx.Graph:
    """People joined by the live teams they share and by the work they hand each other.

    Two people on the same live task force are joined, ``shared_task_forces`` counting the
    teams they share; the owners of two dependent deliverables of a live team are joined,
    ``dependencies`` counting the links. A team larger than ``CLIQUE_LIMIT`` is joined through
    one node ``("task_force", id)`` of kind ``TEAM`` instead of pair by pair. ``weight`` is the
    sum of the counts.
    """
    graph = nx.Graph()
    for person in data.people:
        graph.add_node(person.id, kind=PERSON, name=person.name, function_id=person.function_id)

    def bump(first: object, second: object, what: str) -> None:
        if not graph.has_edge(first, second):
            graph.add_edge(first, second, shared_task_forces=0, dependencies=0, weight=0)
        edge = graph.edges[first, second]
        edge[what] += 1
        edge["weight"] += 1

    names = {tf.id: tf.name for tf in data.task_forces}
    for tf_id, members in team_members(data).items():
        if len(members) <= CLIQUE_LIMIT:
            for first, second in combinations(members, 2):
                bump(first, second, "shared_task_forces")
            continue
        hub = team_node(tf_id)
        graph.add_node(hub, kind=TEAM, name=names.get(tf_id, ""), task_force_id=tf_id)
        for member in members:
            bump(member, hub, "shared_task_forces")
    live = live_task_force_ids(data)
    deliverables = {item.id: item for item in data.deliverables}
    for link in data.dependencies:
        upstream, downstream = deliverables.get(link.upstream_id), deliverables.get(link.downstream_id)
        if upstream is None or downstream is None or downstream.task_force_id not in live:
            continue
        giver, taker = upstream.owner_id, downstream.owner_id
        if giver is not None and taker is not None and giver != taker and giver in graph and taker in graph:
            bump(giver, taker, "dependencies")
    return graph


def person_nodes(graph: nx.Graph) -> list[int]:
    """The people of a people graph, without the nodes that stand for large teams."""
    return sorted(node for node, kind in graph.nodes(data="kind") if kind == PERSON)
