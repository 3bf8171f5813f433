"""Who holds the collaboration together, and where the functions keep to themselves.

Bottlenecks are people through whom a large share of the shortest lines between colleagues
run (betweenness centrality of the people graph); single points of failure are people whose
absence splits the flow of work inside one team (articulation points); silos are functions
with no tie to any other, and clusters of close collaborators drawn from one function.

>>> [f.kind for f in bottleneck_findings(data)]
[<FindingKind.BOTTLENECK_PERSON: 'bottleneck_person'>]
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import igraph
import networkx as nx

from smarket_planner.analysis.graphs import (
    PERSON,
    function_graph,
    people_graph,
    person_nodes,
    team_members,
)
from smarket_planner.analysis.model import EntityRef, Finding, FindingKind, PlanData, Severity
from smarket_planner.analysis.schedule import ordered
from smarket_planner.domain.enums import DeliverableStatus
from smarket_planner.domain.records import EntityKind, Person

BOTTLENECK_SHARE = 0.1  # a bottleneck sits on at least this share of all shortest paths
BOTTLENECK_LIMIT = 5  # at most this many bottleneck people are reported, the worst first
BOTTLENECK_MIN_PEOPLE = 12  # among fewer working people, everyone knows everyone: no bottleneck
BOTTLENECK_GAP = 1.5  # a bottleneck stands this many times above the next person down the list
SAMPLE_ABOVE = 2000  # above this many connected people, betweenness is estimated ...
SAMPLE_SIZE = 40  # ... from this many people's shortest paths, drawn with a fixed seed
SEED = 20261123
SPOF_GROUP = 2  # a single point of failure splits a team's work into parts this large or larger
SPOF_PER_TEAM = 2  # at most this many reported per team, those splitting it most evenly first
COMMUNITY_SIZE = 4  # a cluster this large or larger ...
COMMUNITY_SHARE = 0.9  # ... with this share of one function follows function lines
COMMUNITY_LIMIT = 10  # at most this many such clusters are reported, the largest first


def _names(people: Sequence[Person], limit: int = 3) -> str:
    """'Ana', 'Ana and Bo', 'Ana, Bo and Cy', 'Ana, Bo, Cy and 2 others'."""
    names = [person.name for person in people]
    if len(names) > limit + 1:
        names = [*names[:limit], f"{len(people) - limit} others"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _teams_of(data: PlanData) -> dict[int, list[int]]:
    """The live task forces each person is on, by person id."""
    teams: dict[int, list[int]] = defaultdict(list)
    for tf_id, members in team_members(data).items():
        for person in members:
            teams[person].append(tf_id)
    return teams


def _tied(graph: nx.Graph) -> nx.Graph:
    """The people graph without the people who work with no one (a copy: views are slow)."""
    return graph.subgraph([node for node, degree in graph.degree() if degree > 0]).copy()


def bottleneck_findings(data: PlanData, graph: nx.Graph | None = None) -> list[Finding]:
    """People through whom much of the collaboration flows, and people a team cannot do without.

    Betweenness counts hops (edges are not weighted) among the people with at least one tie;
    above ``SAMPLE_ABOVE`` of them it is estimated from ``SAMPLE_SIZE`` seeded samples. A
    bottleneck must mean something: see ``_standing_out``.
    """
    graph = people_graph(data) if graph is None else graph
    people = {person.id: person for person in data.people}
    names = {tf.id: tf.name for tf in data.task_forces}
    teams = _teams_of(data)
    tied = _tied(graph)
    sample = SAMPLE_SIZE if tied.number_of_nodes() > SAMPLE_ABOVE else None
    share = betweenness(tied, sample)
    findings: list[Finding] = []
    for node in _standing_out(tied, share, teams):
        person, on = people[node], teams.get(node, [])
        where = ", ".join(sorted(names[t] for t in on)) or "no live task force"
        findings.append(
            Finding(
                kind=FindingKind.BOTTLENECK_PERSON,
                severity=Severity.WARNING,
                message=f"{person.name} links people who otherwise rarely work together ({where}): "
                f"{share[node]:.0%} of the shortest lines between colleagues run through them, "
                "so work waits whenever they are busy.",
                action=f"Give {person.name} a deputy, and introduce the people they connect to each other.",
                task_force_ids=tuple(sorted(on)),
                entities=(EntityRef(EntityKind.PERSON, node, person.name),),
                facts={"betweenness": round(share[node], 4), "estimated_from_sample": sample},
            )
        )
    findings.extend(_single_points(data, people, names))
    return ordered(findings)


def betweenness(graph: nx.Graph, sample: int | None = None) -> dict[Any, float]:
    """Each person's share of the shortest lines between colleagues, worked out by igraph (in C).

    The same numbers as NetworkX's normalised ``betweenness_centrality`` of an undirected graph,
    exactly, with or without ``sample`` sources drawn as it draws them (``random.Random(SEED)``),
    about fifteen times sooner: igraph counts each pair once, NetworkX each way round.
    """
    nodes = list(graph)
    count = len(nodes)
    if count < 3:
        return dict.fromkeys(nodes, 0.0)
    index = {node: place for place, node in enumerate(nodes)}
    edges = [(index[one], index[other]) for one, other in graph.edges()]
    network = igraph.Graph(n=count, edges=edges, directed=False)
    if sample is None or sample >= count:
        raw = network.betweenness(directed=False)
        return {node: 2 * raw[index[node]] / ((count - 1) * (count - 2)) for node in nodes}
    sources = random.Random(SEED).sample(nodes, sample)
    raw = network.betweenness(sources=[index[node] for node in sources], directed=False)
    # As NetworkX rescales a sample: a source is not a pair's end in its own sample.
    picked = set(sources)
    own, others = 1 / ((sample - 1) * (count - 2)), 1 / (sample * (count - 2))
    return {node: 2 * raw[index[node]] * (own if node in picked else others) for node in nodes}


def _standing_out(tied: nx.Graph, share: Mapping[int, float], teams: Mapping[int, list[int]]) -> list[int]:
    """The people who stand out as bottlenecks, the worst first.

    Only among ``BOTTLENECK_MIN_PEOPLE`` working people or more: in a smaller plan everyone
    knows everyone. Then the people at the top of the list down to the first real gap (the next
    person's share at most 1/``BOTTLENECK_GAP`` of theirs; where many are about as central, none
    stands out), at or above ``BOTTLENECK_SHARE`` of all shortest lines, at most
    ``BOTTLENECK_LIMIT``; and each either on three live teams or more, or the only way between two
    groups of people: someone merely on two teams is how two teams meet, not a bottleneck.
    """
    if tied.number_of_nodes() < BOTTLENECK_MIN_PEOPLE:
        return []
    ranked = sorted(person_nodes(tied), key=lambda node: (-share[node], node))
    shares = [share[node] for node in ranked] + [0.0]
    places = range(min(len(ranked), BOTTLENECK_LIMIT))
    cut = next((place + 1 for place in places if shares[place + 1] * BOTTLENECK_GAP <= shares[place]), 0)
    only_way = set(nx.articulation_points(tied))
    return [
        node
        for node in ranked[:cut]
        if share[node] >= BOTTLENECK_SHARE and (len(teams.get(node, ())) >= 3 or node in only_way)
    ]


def _work_graphs(data: PlanData) -> dict[int, nx.Graph]:
    """Per live task force: its people (members and owners) joined by the work they hand on."""
    members = team_members(data)
    known = {person.id for person in data.people}
    deliverables = {
        item.id: item
        for item in data.deliverables
        if item.task_force_id in members and item.status is not DeliverableStatus.CANCELLED
    }
    work: dict[int, nx.Graph] = {tf_id: nx.Graph() for tf_id in members}
    for tf_id, people in members.items():
        work[tf_id].add_nodes_from(people)
    for item in deliverables.values():
        if item.owner_id in known:
            work[item.task_force_id].add_node(item.owner_id)
    for link in data.dependencies:
        upstream, downstream = deliverables.get(link.upstream_id), deliverables.get(link.downstream_id)
        if upstream is None or downstream is None or upstream.owner_id == downstream.owner_id:
            continue
        for tf_id in {upstream.task_force_id, downstream.task_force_id}:
            if upstream.owner_id in work[tf_id] and downstream.owner_id in work[tf_id]:
                work[tf_id].add_edge(upstream.owner_id, downstream.owner_id)
    return work


def _single_points(data: PlanData, people: Mapping[int, Person], names: Mapping[int, str]) -> list[Finding]:
    """Per team, the people whose absence splits its work into parts of two or more people each."""
    findings: list[Finding] = []
    for tf_id, work in _work_graphs(data).items():
        cuts = []
        for node in nx.articulation_points(work):
            rest = work.subgraph(nx.node_connected_component(work, node) - {node})
            groups = sorted((sorted(g) for g in nx.connected_components(rest)), key=lambda g: (-len(g), g))
            if len(groups[1]) >= SPOF_GROUP:
                cuts.append((node, groups))
        cuts.sort(key=lambda cut: (-len(cut[1][1]), -len(cut[1][0]), cut[0]))
        for node, groups in cuts[:SPOF_PER_TEAM]:
            person = people[node]
            one, other = (_names([people[p] for p in group]) for group in groups[:2])
            more = f" (and {len(groups) - 2} smaller groups)" if len(groups) > 2 else ""
            findings.append(
                Finding(
                    kind=FindingKind.SINGLE_POINT_OF_FAILURE,
                    severity=Severity.WARNING,
                    message=f"On {names[tf_id]}, {person.name} is the only link in the work between {one} "
                    f"on one side and {other} on the other{more}, so work stops passing between them "
                    f"whenever {person.name} is away.",
                    action=f"Name a backup for {person.name}, or have {people[groups[0][0]].name} and "
                    f"{people[groups[1][0]].name} hand work to each other directly.",
                    task_force_ids=(tf_id,),
                    entities=(
                        EntityRef(EntityKind.PERSON, node, person.name),
                        *(EntityRef(EntityKind.PERSON, p, people[p].name) for group in groups for p in group),
                    ),
                    facts={"groups": [list(group) for group in groups]},
                )
            )
    return findings


def silo_function_findings(
    data: PlanData, functions: nx.Graph | None = None, people: nx.Graph | None = None
) -> list[Finding]:
    """Functions with no tie to any other, and clusters of collaborators drawn from one function."""
    functions = function_graph(data) if functions is None else functions
    people = people_graph(data) if people is None else people
    by_id = {person.id: person for person in data.people}
    teams = _teams_of(data)
    names = {tf.id: tf.name for tf in data.task_forces}
    staffed: dict[int, set[int]] = defaultdict(set)  # live task forces per function
    for person_id, on in teams.items():
        staffed[by_id[person_id].function_id].update(on)
    findings: list[Finding] = []
    for function in data.functions:
        on = sorted(staffed.get(function.id, ()))
        if not on or functions.degree(function.id) > 0:
            continue
        where = ", ".join(sorted(names[t] for t in on))
        findings.append(
            Finding(
                kind=FindingKind.SILOED_FUNCTION,
                severity=Severity.WARNING,
                message=f"{function.name} works alone on {where}: none of its people shares a live "
                "team with another function or hands work to one, so what they know stays with them.",
                action=f"Put someone from another function on {names[on[0]]}, or have {function.name} hand "
                "a deliverable to another function.",
                task_force_ids=tuple(on),
                entities=(EntityRef(EntityKind.FUNCTION, function.id, function.name),),
                facts={"task_forces": len(on)},
            )
        )
    findings.extend(_function_line_communities(data, people, teams, names))
    return ordered(findings)


def _function_line_communities(
    data: PlanData, graph: nx.Graph, teams: Mapping[int, Iterable[int]], names: Mapping[int, str]
) -> list[Finding]:
    people = {person.id: person for person in data.people}
    functions = {function.id: function.name for function in data.functions}
    tied = _tied(graph)
    clusters = []
    for community in nx.community.louvain_communities(tied, weight="weight", seed=SEED):
        members = sorted(node for node in community if tied.nodes[node].get("kind") == PERSON)
        if len(members) < COMMUNITY_SIZE:
            continue
        function_id, count = Counter(people[p].function_id for p in members).most_common(1)[0]
        if count / len(members) >= COMMUNITY_SHARE:
            clusters.append((members, function_id, count))
    clusters.sort(key=lambda c: (-len(c[0]), c[0]))
    findings: list[Finding] = []
    for members, function_id, count in clusters[:COMMUNITY_LIMIT]:
        shared = Counter(t for p in members for t in teams.get(p, ()))
        on = sorted(t for t, n in shared.items() if n >= 2)
        where = ", ".join(sorted(names[t] for t in on)) or "their task forces"
        name = functions.get(function_id, "one function")
        inside = [people[p] for p in members if people[p].function_id == function_id]
        findings.append(
            Finding(
                kind=FindingKind.FUNCTION_LINE_COMMUNITY,
                severity=Severity.WARNING,
                message=f"{_names(inside)} ({count} of the {len(members)} people who work most closely "
                f"together on {where}) are all in {name}: collaboration there follows function lines.",
                action=f"Pair these {name} people with colleagues from other functions on shared "
                "deliverables, or add other functions to their teams.",
                task_force_ids=tuple(on),
                entities=(
                    EntityRef(EntityKind.FUNCTION, function_id, name),
                    *(EntityRef(EntityKind.PERSON, p, people[p].name) for p in members),
                ),
                facts={"people": len(members), "of_the_function": count, "clusters_found": len(clusters)},
            )
        )
    return findings
