"""When the work can be done: dependency loops, the critical path and work that ends too late.

Blocking and hand-off dependencies order the work (the next deliverable starts when this one
ends); non-blocking ones only inform and never delay anything. Cancelled deliverables and the
work of dispersed or archived task forces are left out.

>>> path = critical_path(data, task_force_id=1)  # A(3) -> B(5) -> D(2) -> E(4), A -> C(2) -> D
>>> path.deliverable_ids, path.total_days, path.timings[3].slack  # C can slip 3 days
((1, 2, 4, 5), 14.0, 3.0)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice

import networkx as nx

from smarket_planner.analysis.graphs import deliverable_graph, is_live, live_task_force_ids
from smarket_planner.analysis.model import EntityRef, Finding, FindingKind, PlanData, Severity
from smarket_planner.domain.enums import DeliverableStatus, DependencyKind
from smarket_planner.domain.records import EntityKind, Person, TaskForce

ORDERING = frozenset({DependencyKind.BLOCKING, DependencyKind.HAND_OFF})
CYCLE_LENGTH = 12  # longest loop spelled out in full; longer ones are shown once by find_cycle
CYCLES_PER_LOOP = 10  # at most this many loops reported per tangle of deliverables
_EPSILON = 1e-9


@dataclass(frozen=True)
class Timing:
    """When a deliverable can start and must finish, in days from the start of its task force."""

    deliverable_id: int
    earliest_start: float
    earliest_finish: float
    latest_start: float
    latest_finish: float
    slack: float  # days it can slip without delaying the whole team


@dataclass(frozen=True)
class CriticalPath:
    """The chain of deliverables that sets how long a task force's work takes."""

    task_force_id: int
    deliverable_ids: tuple[int, ...]  # in order, first to last
    total_days: float
    timings: Mapping[int, Timing] = field(default_factory=dict)  # by deliverable id
    waits_for: int | None = None  # another team's deliverable the path starts after
    ignored_links: tuple[tuple[int, int], ...] = ()  # dependencies dropped to break loops


def _days(value: float) -> str:
    number = f"{round(value, 1):g}"
    return f"{number} day" if number == "1" else f"{number} days"


def _finish_day(node: Mapping[str, object]) -> date | None:
    """The day another team's deliverable is due, or its start plus its duration."""
    due, start, duration = node["due"], node["start"], node["duration_days"]
    if isinstance(due, date):
        return due
    if isinstance(start, date) and isinstance(duration, int | float):
        return start + timedelta(days=math.ceil(duration))
    return None


def _origin(graph: nx.DiGraph, task_force: TaskForce, nodes: list[int]) -> date | None:
    """Day 0 of a task force: its start date, or else its first deliverable's start date."""
    if task_force.start_date is not None:
        return task_force.start_date
    starts = [graph.nodes[n]["start"] for n in nodes if graph.nodes[n]["start"] is not None]
    return min(starts) if starts else None


def _break_loops(work: nx.DiGraph) -> list[tuple[int, int]]:
    """Drop the dependencies that close a loop (the back edges of a depth-first walk)."""
    dropped: list[tuple[int, int]] = []
    state: dict[int, int] = {}  # 1 while on the walk, 2 once finished
    for root in sorted(work):
        if root in state:
            continue
        state[root] = 1
        stack: list[tuple[int, Iterator[int]]] = [(root, iter(sorted(work.successors(root))))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if state.get(child) == 1:
                    dropped.append((node, child))
                elif child not in state:
                    state[child] = 1
                    stack.append((child, iter(sorted(work.successors(child)))))
                    break
            else:
                state[node] = 2
                stack.pop()
    work.remove_edges_from(dropped)
    return dropped


def _active(graph: nx.DiGraph, node: int) -> bool:
    return bool(graph.nodes[node]["status"] is not DeliverableStatus.CANCELLED)


def _critical_path(graph: nx.DiGraph, task_force: TaskForce, nodes: list[int]) -> CriticalPath:
    """Forward and backward pass over one task force's deliverables."""
    work = nx.DiGraph()
    work.add_nodes_from(nodes)
    origin = _origin(graph, task_force, nodes)
    fixed: dict[int, tuple[float, int]] = {}  # earliest start forced by another team's work
    for node in nodes:
        for upstream, _, kind in graph.in_edges(node, data="kind"):
            if kind not in ORDERING or not _active(graph, upstream):
                continue
            if upstream in work:
                work.add_edge(upstream, node)
                continue
            finish = _finish_day(graph.nodes[upstream])
            if origin is not None and finish is not None:
                day = float((finish - origin).days)
                if day > fixed.get(node, (0.0, 0))[0]:
                    fixed[node] = (day, upstream)
    dropped = [] if nx.is_directed_acyclic_graph(work) else _break_loops(work)
    order = list(nx.lexicographical_topological_sort(work))
    duration = {n: max(0.0, float(graph.nodes[n]["duration_days"])) for n in nodes}
    early: dict[int, float] = {}
    for node in order:
        before = [early[p] + duration[p] for p in work.predecessors(node)]
        early[node] = max([fixed.get(node, (0.0, 0))[0], *before])
    total = max((early[n] + duration[n] for n in nodes), default=0.0)
    late: dict[int, float] = {}
    for node in reversed(order):
        late[node] = min((late[s] for s in work.successors(node)), default=total) - duration[node]
    timings = {
        n: Timing(n, early[n], early[n] + duration[n], late[n], late[n] + duration[n], late[n] - early[n])
        for n in sorted(nodes)
    }
    path: list[int] = []
    waits_for = None
    ends = [n for n in order if abs(timings[n].earliest_finish - total) < _EPSILON]
    current = ends[0] if ends else None
    while current is not None:
        path.append(current)
        start = early[current]
        feeding = sorted(
            p for p in work.predecessors(current) if abs(timings[p].earliest_finish - start) < _EPSILON
        )
        if not feeding and current in fixed and abs(fixed[current][0] - start) < _EPSILON and start > 0:
            waits_for = fixed[current][1]
        current = feeding[0] if feeding else None
    return CriticalPath(task_force.id, tuple(reversed(path)), total, timings, waits_for, tuple(dropped))


def _team_work(graph: nx.DiGraph) -> dict[int, list[int]]:
    teams: dict[int, list[int]] = defaultdict(list)
    for node, team in graph.nodes(data="task_force_id"):
        if _active(graph, node):
            teams[team].append(node)
    return {team: sorted(nodes) for team, nodes in teams.items()}


def critical_path(data: PlanData, task_force_id: int, graph: nx.DiGraph | None = None) -> CriticalPath:
    """The critical path of a task force, with every deliverable's earliest and latest days and slack.

    Another team's deliverable this team waits for counts as fixed, finishing on its due date;
    loops are broken by leaving out the dependency that closes them (listed in
    ``ignored_links``). Pass ``graph`` (from :func:`deliverable_graph`) to reuse it.
    """
    graph = deliverable_graph(data) if graph is None else graph
    task_force = next(tf for tf in data.task_forces if tf.id == task_force_id)
    return _critical_path(graph, task_force, _team_work(graph).get(task_force_id, []))


def ordered(findings: list[Finding]) -> list[Finding]:
    """Worst first, then by task force, kind, the names given and the sentence."""
    return sorted(
        findings,
        key=lambda f: (
            -f.severity.rank,
            f.task_force_ids,
            f.kind.value,
            tuple(e.name for e in f.entities),
            f.message,
        ),
    )


def _chain(titles: list[str]) -> str:
    return " → ".join([*titles, titles[0]])


def _loops(blocking: nx.DiGraph, tangle: set[int]) -> tuple[list[list[int]], bool]:
    """Up to CYCLES_PER_LOOP loops through one tangle, and whether there are more."""
    part = blocking.subgraph(tangle)
    loops = list(islice(nx.simple_cycles(part, length_bound=CYCLE_LENGTH), CYCLES_PER_LOOP + 1))
    if not loops:
        loops = [[upstream for upstream, _ in nx.find_cycle(part, source=min(tangle))]]
    return loops[:CYCLES_PER_LOOP], len(loops) > CYCLES_PER_LOOP


def dependency_cycle_findings(data: PlanData, graph: nx.DiGraph | None = None) -> list[Finding]:
    """Deliverables that wait for each other in a circle, spelled out one by one: any mix of ordering
    links and hand-offs, as both make the next deliverable start when this one ends."""
    graph = deliverable_graph(data) if graph is None else graph
    live = live_task_force_ids(data)
    names = {tf.id: tf.name for tf in data.task_forces}
    ordering = nx.DiGraph(
        (u, v)
        for u, v, kind in graph.edges(data="kind")
        if kind in ORDERING
        and _active(graph, u)
        and _active(graph, v)
        and {graph.nodes[u]["task_force_id"], graph.nodes[v]["task_force_id"]} & live
    )
    findings: list[Finding] = []
    for tangle in nx.strongly_connected_components(ordering):
        if len(tangle) == 1 and not any(ordering.has_edge(n, n) for n in tangle):
            continue
        loops, more = _loops(ordering, tangle)
        for loop in loops:
            first = min(range(len(loop)), key=lambda i: (graph.nodes[loop[i]]["title"], loop[i]))
            loop = loop[first:] + loop[:first]
            titles = [str(graph.nodes[n]["title"]) for n in loop]
            teams = sorted({graph.nodes[n]["task_force_id"] for n in loop})
            where = " and ".join(sorted(names.get(t, "") for t in teams))
            findings.append(
                Finding(
                    kind=FindingKind.DEPENDENCY_CYCLE,
                    severity=Severity.ERROR,
                    message=f"Deliverables of {where} wait for each other in a circle ({_chain(titles)}), "
                    "so none of them can start."
                    if len(loop) > 1
                    else f"{titles[0]} of {where} waits for itself ({_chain(titles)}), so it cannot start.",
                    action=f"Remove the dependency {titles[-1]} → {titles[0]} or make it non-ordering.",
                    task_force_ids=tuple(teams),
                    entities=tuple(
                        EntityRef(EntityKind.DELIVERABLE, n, graph.nodes[n]["title"]) for n in loop
                    ),
                    facts={
                        "deliverable_ids": list(loop),
                        "titles": titles,
                        "length": len(loop),
                        "loops_shown_for_these_deliverables": len(loops),
                        "more_loops_not_shown": more,
                        "longest_loop_spelled_out": CYCLE_LENGTH,
                    },
                )
            )
    return ordered(findings)


def _path_finding(
    graph: nx.DiGraph, team_names: Mapping[int, str], task_force: TaskForce, path: CriticalPath
) -> Finding:
    titles = [str(graph.nodes[n]["title"]) for n in path.deliverable_ids]
    after = ""
    if path.waits_for is not None:
        other = graph.nodes[path.waits_for]
        after = (
            f", which waits for {other['title']} of {team_names.get(other['task_force_id'], 'another team')}"
        )
    loop = " (leaving out a dependency loop)" if path.ignored_links else ""
    rows = [
        {
            "deliverable_id": t.deliverable_id,
            "title": graph.nodes[t.deliverable_id]["title"],
            "earliest_start": round(t.earliest_start, 2),
            "earliest_finish": round(t.earliest_finish, 2),
            "latest_start": round(t.latest_start, 2),
            "latest_finish": round(t.latest_finish, 2),
            "slack_days": round(t.slack, 2),
        }
        for t in path.timings.values()
    ]
    return Finding(
        kind=FindingKind.CRITICAL_PATH,
        severity=Severity.INFO,
        message=f"The work of {task_force.name} takes {_days(path.total_days)}{loop}, set by "
        f"{' → '.join(titles)}{after}: a day lost on {'it' if len(titles) == 1 else 'any of these'} "
        "delays the whole team.",
        action=f"Keep the owners of {titles[0] if len(titles) == 1 else 'these deliverables'} free "
        "of other work, and absorb delays elsewhere in the slack of the rest.",
        task_force_ids=(task_force.id,),
        entities=tuple(
            EntityRef(EntityKind.DELIVERABLE, n, graph.nodes[n]["title"]) for n in path.deliverable_ids
        ),
        facts={
            "total_days": round(path.total_days, 2),
            "deliverable_ids": list(path.deliverable_ids),
            "titles": titles,
            "waits_for": path.waits_for,
            "ignored_links": [list(link) for link in path.ignored_links],
            "timings": rows,
        },
    )


def _late_finding(
    graph: nx.DiGraph, people: Mapping[int, Person], task_force: TaskForce, node: int, finish: date
) -> Finding:
    assert task_force.end_date is not None
    item = graph.nodes[node]
    owner = people.get(item["owner_id"]) if item["owner_id"] is not None else None
    whose = f" ({owner.name})" if owner is not None else ""
    over = (finish - task_force.end_date).days
    entities = [EntityRef(EntityKind.DELIVERABLE, node, item["title"])]
    if owner is not None:
        entities.append(EntityRef(EntityKind.PERSON, owner.id, owner.name))
    return Finding(
        kind=FindingKind.LATE_DELIVERABLE,
        severity=Severity.WARNING,
        message=f"{item['title']}{whose} cannot finish before {finish.isoformat()}, {_days(over)} after "
        f"{task_force.name} ends on {task_force.end_date.isoformat()}, "
        "so the team would disperse with it undone.",
        action=f"Bring {item['title']} forward, or extend {task_force.name} to {finish.isoformat()}.",
        task_force_ids=(task_force.id,),
        entities=tuple(entities),
        facts={"finish": finish.isoformat(), "end_date": task_force.end_date.isoformat(), "days_over": over},
    )


def schedule_findings(data: PlanData, graph: nx.DiGraph | None = None) -> list[Finding]:
    """The critical path of every live task force, and deliverables that end after their team does."""
    graph = deliverable_graph(data) if graph is None else graph
    teams = _team_work(graph)
    team_names = {tf.id: tf.name for tf in data.task_forces}
    people = {person.id: person for person in data.people}
    findings: list[Finding] = []
    for task_force in data.task_forces:
        nodes = teams.get(task_force.id, [])
        if not is_live(task_force) or not nodes:
            continue
        path = _critical_path(graph, task_force, nodes)
        findings.append(_path_finding(graph, team_names, task_force, path))
        origin = _origin(graph, task_force, nodes)
        if task_force.end_date is None:
            continue
        for node in nodes:
            item = graph.nodes[node]
            if item["status"] is DeliverableStatus.DONE:
                continue
            finishes = [item["due"]] if item["due"] is not None else []
            if origin is not None:
                finishes.append(origin + timedelta(days=math.ceil(path.timings[node].earliest_finish)))
            if finishes and max(finishes) > task_force.end_date:
                findings.append(_late_finding(graph, people, task_force, node, max(finishes)))
    return ordered(findings)
