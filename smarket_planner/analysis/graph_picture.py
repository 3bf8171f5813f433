"""The four graphs as one plain picture: what each node and link is, its colour and its marks.

One builder serves the window's graph view, the exports (GraphML, GEXF, DOT, PNG, SVG, PDF)
and, through :func:`~smarket_planner.analysis.graphs.deliverable_graph`, the charter. A node
is named by a stable text key (``"deliverable:12"``, ``"person:3"``) that a dragged node's
place is kept under and that an export writes as the node's id.

>>> picture = build_picture(data, GraphKind.DELIVERABLES, task_force_ids=[1])
>>> picture.node("deliverable:2").label, picture.node("deliverable:2").critical
('Launch brief', True)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import date
from itertools import pairwise

import networkx as nx

from smarket_planner.analysis.graph_model import (
    NEUTRAL,
    GraphKind,
    GraphLink,
    GraphNode,
    GraphPicture,
    LinkKind,
    node_key,
)
from smarket_planner.analysis.graphs import (
    PERSON,
    deliverable_graph,
    function_graph,
    is_live,
    people_graph,
    task_force_graph,
)
from smarket_planner.analysis.model import Finding, FindingKind, PlanData
from smarket_planner.analysis.schedule import critical_path
from smarket_planner.domain.enums import DependencyKind
from smarket_planner.domain.records import EntityKind


def build_picture(
    data: PlanData,
    kind: GraphKind,
    task_force_ids: Collection[int] | None = None,
    findings: Sequence[Finding] = (),
    title: str = "",
) -> GraphPicture:
    """One of the four graphs of the task forces named (or of every live one), with the marks
    the findings give: loops, bottleneck people, single points of failure."""
    scope = None if task_force_ids is None else frozenset(task_force_ids)
    builder = _BUILDERS[kind]
    nodes, links = builder(_Picture(data, scope, findings))
    return GraphPicture(kind, title or kind.label, tuple(nodes), tuple(links))


class _Picture:
    """What every builder needs: the plan, the task forces in view, names and colours."""

    def __init__(self, data: PlanData, scope: frozenset[int] | None, findings: Sequence[Finding]) -> None:
        self.data, self.scope, self.findings = data, scope, findings
        self.functions = {f.id: f for f in data.functions}
        self.people = {p.id: p for p in data.people}
        self.teams = {tf.id: tf for tf in data.task_forces}
        self.in_view = frozenset(
            tf.id for tf in data.task_forces if (tf.id in scope if scope is not None else is_live(tf))
        )

    def scoped(self) -> PlanData:
        """The plan as if it held only the task forces in view (for the collaboration graphs)."""
        data = self.data
        keep = self.in_view
        deliverables = tuple(d for d in data.deliverables if d.task_force_id in keep)
        ids = {d.id for d in deliverables}
        return replace(
            data,
            task_forces=tuple(tf for tf in data.task_forces if tf.id in keep),
            memberships=tuple(m for m in data.memberships if m.task_force_id in keep),
            deliverables=deliverables,
            dependencies=tuple(
                d for d in data.dependencies if d.upstream_id in ids and d.downstream_id in ids
            ),
        )

    def function_of(self, person_id: int | None) -> tuple[int | None, str, str]:
        """A person's function: id, name and colour (neutral for no one)."""
        person = self.people.get(person_id) if person_id is not None else None
        function = self.functions.get(person.function_id) if person else None
        if function is None:
            return None, "", NEUTRAL
        return function.id, function.name, function.colour

    def marked_people(self, kind: FindingKind) -> set[int]:
        """The people the findings of one kind are about (their first entity)."""
        return {
            finding.entities[0].id
            for finding in self.findings
            if finding.kind is kind and finding.entities and finding.entities[0].kind is EntityKind.PERSON
        }

    def loops(self) -> list[list[int]]:
        """The loops of deliverables the findings spell out."""
        return [
            [int(n) for n in finding.facts.get("deliverable_ids", [])]  # type: ignore[attr-defined]
            for finding in self.findings
            if finding.kind is FindingKind.DEPENDENCY_CYCLE
        ]


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _count(number: int, thing: str) -> str:
    """'1 pair', '3 pairs'."""
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


def _ties(
    graph: nx.Graph,
    keep: Collection[object],
    key: Callable[[object], str],
    together: tuple[str, str, str],
    handed: str,
) -> list[GraphLink]:
    """The links of a collaboration graph: working together (``together`` is the count's
    attribute, its noun and the words after it) and work handed on (``handed``), a hand-off
    when more work is handed on than shared."""
    count, noun, words = together
    return [
        GraphLink(
            key(u),
            key(v),
            LinkKind.HAND_OFF if facts[handed] > facts[count] else LinkKind.COLLABORATION,
            weight=float(facts["weight"]),
            label=f"{_count(facts[count], noun)} {words}, {_count(facts[handed], 'hand-off')}",
        )
        for u, v, facts in graph.edges(data=True)
        if u in keep and v in keep
    ]


def _deliverables(p: _Picture) -> tuple[list[GraphNode], list[GraphLink]]:
    graph = deliverable_graph(p.data, first_team=p.in_view)
    own = [n for n in graph if graph.nodes[n]["task_force_id"] in p.in_view]
    shown = set(own)
    for node in own:  # other teams' work this work waits for or feeds
        shown.update(graph.predecessors(node))
        shown.update(graph.successors(node))
    critical_nodes: set[int] = set()
    critical_links: set[tuple[int, int]] = set()
    for tf_id in sorted(p.in_view):
        if tf_id in p.teams and is_live(p.teams[tf_id]):
            path = critical_path(p.data, tf_id, graph).deliverable_ids
            critical_nodes.update(path)
            critical_links.update(pairwise(path))
    loop_nodes: set[int] = set()
    loop_links: set[tuple[int, int]] = set()
    for loop in p.loops():
        loop_nodes.update(loop)
        loop_links.update(pairwise([*loop, loop[0]]))
    nodes = []
    for ident in (n for n in graph if n in shown):
        facts = graph.nodes[ident]
        owner = facts["owner_id"]
        function_id, function, colour = p.function_of(owner)
        team = p.teams.get(facts["task_force_id"])
        owner_name = p.people[owner].name if owner in p.people else "no owner"
        due = facts["due"]
        detail = (
            f"{owner_name} · due {due:%d %b}" if due else f"{owner_name} · {facts['duration_days']:g} days"
        )
        status = facts["status"]
        nodes.append(
            GraphNode(
                key=node_key(EntityKind.DELIVERABLE, ident),
                entity=EntityKind.DELIVERABLE,
                ident=ident,
                label=facts["title"],
                detail=detail,
                colour=colour,
                function_id=function_id,
                function=function,
                task_force_id=team.id if team else None,
                task_force=team.name if team else "",
                status=status.value,
                start=facts["start"],
                due=due,
                external=facts["task_force_id"] not in p.in_view,
                critical=ident in critical_nodes,
                in_cycle=ident in loop_nodes,
                facts=(
                    ("Task force", team.name if team else ""),
                    ("Owner", owner_name + (f" ({function})" if function else "")),
                    ("Status", status.label),
                    ("Start", _day(facts["start"]) or "not set"),
                    ("Due", _day(due) or "not set"),
                    ("Duration", f"{facts['duration_days']:g} days"),
                ),
            )
        )
    links = [
        GraphLink(
            node_key(EntityKind.DELIVERABLE, u),
            node_key(EntityKind.DELIVERABLE, v),
            LinkKind(kind.value),
            critical=(u, v) in critical_links,
            in_cycle=(u, v) in loop_links,
            label=DependencyKind(kind).label,
        )
        for u, v, kind in graph.edges(data="kind")
        if u in shown and v in shown
    ]
    return nodes, links


def _task_forces(p: _Picture) -> tuple[list[GraphNode], list[GraphLink]]:
    graph = task_force_graph(p.data)
    shown = set(p.in_view) & set(graph)
    for tf_id in list(shown):
        shown.update(graph.predecessors(tf_id))
        shown.update(graph.successors(tf_id))
    sizes: dict[int, int] = {}
    for membership in p.data.memberships:
        sizes[membership.task_force_id] = sizes.get(membership.task_force_id, 0) + 1
    lead_function = {tf.id: p.function_of(tf.lead_id) for tf in p.data.task_forces if tf.lead_id is not None}
    nodes = []
    for tf in p.data.task_forces:
        if tf.id not in shown:
            continue
        function_id, function, colour = lead_function.get(tf.id, (None, "", NEUTRAL))
        lead = p.people[tf.lead_id].name if tf.lead_id in p.people else "no lead"
        people = sizes.get(tf.id, 0)
        nodes.append(
            GraphNode(
                key=node_key(EntityKind.TASK_FORCE, tf.id),
                entity=EntityKind.TASK_FORCE,
                ident=tf.id,
                label=tf.name,
                detail=f"{tf.status.label} · {people} {'person' if people == 1 else 'people'}",
                colour=colour,
                function_id=function_id,
                function=function,
                task_force_id=tf.id,
                task_force=tf.name,
                status=tf.status.value,
                start=tf.start_date,
                due=tf.end_date,
                size=float(max(people, 1)),
                external=tf.id not in p.in_view,
                facts=(
                    ("Kind", tf.kind.label),
                    ("Status", tf.status.label),
                    ("Lead", lead + (f" ({function})" if function else "")),
                    ("People", str(people)),
                    ("Start", _day(tf.start_date) or "not set"),
                    ("End", _day(tf.end_date) or "not set"),
                ),
            )
        )
    links = []
    for u, v, facts in graph.edges(data=True):
        if u in shown and v in shown:
            kinds = facts["kinds"]
            words = ", ".join(f"{n} {DependencyKind(k).label.lower()}" for k, n in sorted(kinds.items()))
            count = facts["weight"]
            links.append(
                GraphLink(
                    node_key(EntityKind.TASK_FORCE, u),
                    node_key(EntityKind.TASK_FORCE, v),
                    LinkKind.CROSS_TEAM,
                    weight=float(facts["weight"]),
                    label=f"{count} {'dependency' if count == 1 else 'dependencies'} ({words})",
                )
            )
    return nodes, links


def _functions(p: _Picture) -> tuple[list[GraphNode], list[GraphLink]]:
    data = p.scoped()
    graph = function_graph(data)
    counts: dict[int, set[int]] = {}
    for membership in data.memberships:
        person = p.people.get(membership.person_id)
        if person is not None:
            counts.setdefault(person.function_id, set()).add(person.id)
    keep = {f for f in graph if f in counts or graph.degree(f) > 0}
    if p.scope is None:  # the whole company: every function, even one on no team
        keep = set(graph)
    nodes = []
    for function in p.data.functions:
        if function.id not in keep:
            continue
        people = len(counts.get(function.id, ()))
        ties = sum(1 for _ in graph.neighbors(function.id))
        nodes.append(
            GraphNode(
                key=node_key(EntityKind.FUNCTION, function.id),
                entity=EntityKind.FUNCTION,
                ident=function.id,
                label=function.name,
                detail=f"{people} {'person' if people == 1 else 'people'} on these teams",
                colour=function.colour,
                function_id=function.id,
                function=function.name,
                size=float(max(people, 1)),
                facts=(
                    ("People on these teams", str(people)),
                    ("Works with", f"{ties} other {'function' if ties == 1 else 'functions'}"),
                ),
            )
        )

    def key(node: object) -> str:
        return node_key(EntityKind.FUNCTION, int(node))  # type: ignore[call-overload]

    return nodes, _ties(graph, keep, key, ("co_membership", "pair", "on teams together"), "hand_offs")


def _people(p: _Picture) -> tuple[list[GraphNode], list[GraphLink]]:
    data = p.scoped()
    graph = people_graph(data)
    on_teams: dict[int, list[str]] = {}
    for membership in data.memberships:
        team = p.teams.get(membership.task_force_id)
        if team is not None:
            on_teams.setdefault(membership.person_id, []).append(team.name)
    bottlenecks = p.marked_people(FindingKind.BOTTLENECK_PERSON)
    single_points = p.marked_people(FindingKind.SINGLE_POINT_OF_FAILURE)
    keep = {n for n in graph if graph.degree(n) > 0 or n in on_teams}
    nodes = []
    for node, facts in graph.nodes(data=True):
        if node not in keep:
            continue
        if facts["kind"] != PERSON:  # a large team, joined through one node
            tf_id = facts["task_force_id"]
            nodes.append(
                GraphNode(
                    key=node_key(EntityKind.TASK_FORCE, tf_id),
                    entity=EntityKind.TASK_FORCE,
                    ident=tf_id,
                    label=facts["name"],
                    detail=f"{graph.degree(node)} members",
                    task_force_id=tf_id,
                    task_force=facts["name"],
                    size=float(graph.degree(node)),
                    facts=(("Members", str(graph.degree(node))),),
                )
            )
            continue
        person = p.people[node]
        function_id, function, colour = p.function_of(node)
        teams = sorted(on_teams.get(node, []), key=str.casefold)
        nodes.append(
            GraphNode(
                key=node_key(EntityKind.PERSON, node),
                entity=EntityKind.PERSON,
                ident=node,
                label=person.name,
                detail=person.title or function,
                colour=colour,
                function_id=function_id,
                function=function,
                bottleneck=node in bottlenecks,
                single_point=node in single_points,
                facts=(
                    ("Function", function),
                    ("Title", person.title or "—"),
                    ("Task forces", ", ".join(teams) or "none live"),
                    ("Works with", f"{graph.degree(node)} people"),
                ),
            )
        )

    def key(node: object) -> str:
        if isinstance(node, tuple):
            return node_key(EntityKind.TASK_FORCE, int(node[1]))
        return node_key(EntityKind.PERSON, int(node))  # type: ignore[call-overload]

    return nodes, _ties(graph, keep, key, ("shared_task_forces", "task force", "together"), "dependencies")


_BUILDERS = {
    GraphKind.DELIVERABLES: _deliverables,
    GraphKind.TASK_FORCES: _task_forces,
    GraphKind.FUNCTIONS: _functions,
    GraphKind.PEOPLE: _people,
}
