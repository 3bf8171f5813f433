"""Time the graph layouts against Graphviz: force-directed against sfdp, layered against dot.

    .venv/bin/python benchmarks/graph_layout.py [--nodes 2000] [--repeat 3] [--self-test]

Force-directed: a seeded "people" graph of ``--nodes`` people and four times as many ties.
People sit in teams of 4 to 8 who all work with each other (a clique each); the teams stand
in a ring of departments, and the remaining ties join people of teams at most three places
apart on the ring, one in ten of them anywhere. ``force_layout`` against ``sfdp -Tplain`` (its
defaults) on the same graph, written to a DOT file in a temporary folder. Goal: at most 1.0x.

Layered: a seeded random DAG of ``--nodes`` deliverables with short edges: in a random order,
each links to 1 to 3 (2 on average) of the next 30, so about twice as many edges as nodes
(``dot`` needs ~5 s there; with four times as many it needed minutes). ``layered_layout``
against ``dot -Tplain``: time (goal: at most 0.5x) and edge crossings between adjacent layers,
long edges counted at every layer they pass, for dot read off its ``-Tplain`` output (goal:
at most 1.1x).

Times are the best of ``--repeat``; Graphviz's include starting its process. The functions
are importable (``force_figures``, ``layered_figures``, ``table_rows``, ``print_table``).
"""

from __future__ import annotations

import argparse
import math
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Hashable, Sequence
from itertools import pairwise
from pathlib import Path
from random import Random
from statistics import median
from typing import Any

import igraph
import networkx as nx
from figures import add_figure_option, record

from smarket_planner.analysis.force_layout import force_layout
from smarket_planner.analysis.layout import LayeredLayout, crossings, layered_layout

SEED = 20261202


# --- The graphs -------------------------------------------------------------------------


def people_graph(nodes: int, edges: int, seed: int = SEED) -> nx.Graph:
    """Teams of 4-8 as cliques in a ring of departments, then ties to nearby teams (1 in 10 anywhere)."""
    rng = Random(seed)
    people = list(range(nodes))
    rng.shuffle(people)
    graph, teams, start = nx.Graph(), [], 0
    graph.add_nodes_from(range(nodes))
    while start < nodes:
        team = people[start : start + rng.randint(4, 8)]
        graph.add_edges_from((a, b) for i, a in enumerate(team) for b in team[i + 1 :])
        teams.append(team)
        start += len(team)
    while graph.number_of_edges() < edges:
        here = rng.randrange(len(teams))
        there = rng.randrange(len(teams)) if rng.random() < 0.1 else (here + rng.randint(-3, 3)) % len(teams)
        a, b = rng.choice(teams[here]), rng.choice(teams[there])
        if a != b:
            graph.add_edge(a, b)
    return graph


def random_dag(nodes: int, seed: int = SEED, reach: int = 30) -> nx.DiGraph:
    """In a random order, each node links to 1-3 of the ``reach`` nodes after it."""
    rng = Random(seed)
    order = list(range(nodes))
    rng.shuffle(order)
    graph = nx.DiGraph()
    graph.add_nodes_from(range(nodes))
    for place, node in enumerate(order[:-1]):
        later = order[place + 1 : place + 1 + reach]
        graph.add_edges_from(
            (node, target) for target in rng.sample(later, min(rng.randint(1, 3), len(later)))
        )
    return graph


def write_dot(graph: nx.Graph, path: Path) -> None:
    """The graph as a DOT file (nodes named by their integer labels)."""
    arrow = "->" if graph.is_directed() else "--"
    lines = [f"{'digraph' if graph.is_directed() else 'graph'} G {{"]
    lines += [f"  {node};" for node in graph]
    lines += [f"  {u} {arrow} {v};" for u, v in graph.edges()]
    path.write_text("\n".join([*lines, "}", ""]), encoding="utf-8")


# --- Measuring --------------------------------------------------------------------------


def best_of(repeat: int, *works: Callable[[], Any]) -> list[tuple[float, Any]]:
    """Each work's fastest of ``repeat`` runs in seconds and its last result; the works take turns."""
    best: list[tuple[float, Any]] = [(math.inf, None) for _ in works]
    for _ in range(repeat):
        for number, work in enumerate(works):
            began = time.perf_counter()
            result = work()
            best[number] = (min(best[number][0], time.perf_counter() - began), result)
    return best


def graphviz(program: str, dot_file: Path) -> Callable[[], str]:
    """A work running a Graphviz program on a DOT file, returning its ``-Tplain`` output."""
    if shutil.which(program) is None:
        raise SystemExit(f"{program} not found: install Debian's graphviz")
    command = [program, "-Tplain", str(dot_file)]
    return lambda: subprocess.run(command, check=True, capture_output=True, text=True).stdout


def igraph_calls(work: Callable[[], Any]) -> list[float]:
    """How long each of igraph's Fruchterman-Reingold calls took while ``work`` ran, in seconds."""
    original = igraph.Graph.layout_fruchterman_reingold
    spans: list[float] = []

    def timed(self: igraph.Graph, *args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            spans.append(time.perf_counter() - began)

    igraph.Graph.layout_fruchterman_reingold = timed
    try:
        work()
    finally:
        igraph.Graph.layout_fruchterman_reingold = original
    return spans


def closest_pair(points: Sequence[tuple[float, float]]) -> float:
    """The smallest distance between two of the points (a sweep along x)."""
    ordered, best = sorted(points), math.inf
    for i, (x, y) in enumerate(ordered):
        for other_x, other_y in ordered[i + 1 :]:
            if other_x - x >= best:
                break
            best = min(best, math.hypot(other_x - x, other_y - y))
    return best


def force_figures(nodes: int = 2000, repeat: int = 3) -> dict[str, Any]:
    """``force_layout`` against ``sfdp`` on a people graph of ``nodes`` people and 4x as many ties."""
    graph = people_graph(nodes, 4 * nodes)
    with tempfile.TemporaryDirectory() as folder:
        dot_file = Path(folder) / "people.dot"
        write_dot(graph, dot_file)
        force_layout(graph)  # warm-up: igraph's first call sets itself up
        (ours, positions), (sfdp, _) = best_of(
            repeat, lambda: force_layout(graph), graphviz("sfdp", dot_file)
        )
    calls = igraph_calls(lambda: force_layout(graph))
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "ours": ours,
        "sfdp": sfdp,
        "ratio": ours / sfdp,
        "longest_call": max(calls),
        "calls": len(calls),
        "median_edge": median(math.dist(positions[u], positions[v]) for u, v in graph.edges()),
        "closest": closest_pair(list(positions.values())),
    }


def dot_routes(plain: str, graph: nx.DiGraph) -> LayeredLayout:
    """dot's drawing from its ``-Tplain`` output as a layered layout of (rank, x) points.

    Nodes with the same y are one rank, ranks counted from the top; an edge spanning several
    ranks bends where its spline's control polygon crosses each rank in between.
    """
    where: dict[Hashable, tuple[float, float]] = {}
    splines: dict[tuple[Hashable, Hashable], list[tuple[float, float]]] = {}
    for line in plain.splitlines():
        fields = line.split()
        if fields and fields[0] == "node":
            where[int(fields[1])] = (float(fields[2]), float(fields[3]))
        elif fields and fields[0] == "edge":
            count = int(fields[3])
            coords = [float(value) for value in fields[4 : 4 + 2 * count]]
            splines[int(fields[1]), int(fields[2])] = list(zip(coords[::2], coords[1::2], strict=True))
    heights = sorted({y for _, y in where.values()}, reverse=True)
    rank = {y: number for number, y in enumerate(heights)}
    routes: dict[tuple[Hashable, Hashable], tuple[tuple[float, float], ...]] = {}
    for u, v in graph.edges():
        (xu, yu), (xv, yv) = where[u], where[v]
        route = [(float(rank[yu]), xu)]
        step = 1 if rank[yv] > rank[yu] else -1
        for between in range(rank[yu] + step, rank[yv], step):
            route.append((float(between), _cross(splines[u, v], heights[between])))
        routes[u, v] = (*route, (float(rank[yv]), xv))
    positions = {node: (float(rank[y]), x) for node, (x, y) in where.items()}
    return LayeredLayout(positions, (), routes, frozenset(), 0.0)


def _cross(points: Sequence[tuple[float, float]], height: float) -> float:
    """The x where the polyline through ``points`` first crosses the height ``height``."""
    for (x1, y1), (x2, y2) in pairwise(points):
        if min(y1, y2) <= height <= max(y1, y2):
            return x1 if y1 == y2 else x1 + (x2 - x1) * (height - y1) / (y2 - y1)
    raise ValueError(f"the spline never reaches y={height}")


def layered_figures(nodes: int = 2000, repeat: int = 3) -> dict[str, Any]:
    """``layered_layout`` against ``dot`` on a random short-edge DAG: times and crossings."""
    graph = random_dag(nodes)
    with tempfile.TemporaryDirectory() as folder:
        dot_file = Path(folder) / "dag.dot"
        write_dot(graph, dot_file)
        (ours, layout), (dot, plain) = best_of(
            repeat, lambda: layered_layout(graph), graphviz("dot", dot_file)
        )
    ours_crossings, dot_crossings = crossings(layout), crossings(dot_routes(plain, graph))
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "ours": ours,
        "dot": dot,
        "ratio": ours / dot,
        "crossings_ours": ours_crossings,
        "crossings_dot": dot_crossings,
        "crossings_ratio": ours_crossings / max(dot_crossings, 1),
        "depth_ours": layout.depth,
    }


# --- Printing ---------------------------------------------------------------------------


def table_rows(force: dict[str, Any] | None = None, layered: dict[str, Any] | None = None) -> list[list[str]]:
    """The figures as rows of a table (the first row is the header)."""
    rows = [["", "ours", "Graphviz", "ratio", "goal"]]
    if force:
        rows += [
            [
                f"force-directed, {force['nodes']:,} nodes / {force['edges']:,} edges",
                f"{force['ours']:.2f} s",
                f"{force['sfdp']:.2f} s (sfdp)",
                f"{force['ratio']:.2f}x",
                "<= 1.0x",
            ],
            [
                "  longest igraph call (holds the GIL)",
                f"{force['longest_call'] * 1000:.1f} ms of {force['calls']}",
                "",
                "",
                "<= 30 ms",
            ],
            [
                "  median edge / closest two nodes",
                f"{force['median_edge']:.2f} / {force['closest']:.2f}",
                "",
                "",
                "~1 / >= 0.6",
            ],
        ]
    if layered:
        rows += [
            [
                f"layered, {layered['nodes']:,} nodes / {layered['edges']:,} edges",
                f"{layered['ours']:.2f} s",
                f"{layered['dot']:.2f} s (dot)",
                f"{layered['ratio']:.2f}x",
                "<= 0.5x",
            ],
            [
                "  edge crossings",
                f"{layered['crossings_ours']:,}",
                f"{layered['crossings_dot']:,}",
                f"{layered['crossings_ratio']:.2f}x",
                "<= 1.1x",
            ],
        ]
    return rows


def print_table(rows: Sequence[Sequence[str]]) -> None:
    """Rows of cells as a table: the first column left-aligned, the others right-aligned."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        print("  ".join(cells).rstrip())


def record_figures(path: Path | None, force: dict[str, Any], layered: dict[str, Any], repeat: int) -> None:
    """Hand the figures of the table to ``run.py`` (nothing without ``--figures``)."""
    people = f"{force['nodes']:,} nodes / {force['edges']:,} edges; best of {repeat}"
    record(path, "force layout vs sfdp", force["ours"], force["sfdp"], goal=1.0, note=people)
    record(
        path,
        "force layout: longest igraph call vs 30 ms",
        force["longest_call"],
        0.030,
        goal=1.0,
        note=f"{force['calls']} calls; baseline is the limit (it holds the GIL), not a measurement",
    )
    record(
        path,
        "force layout: closest two nodes vs 0.6",
        force["closest"],
        0.6,
        goal=1.0,
        unit="",
        at_least=True,
        note=f"in layout units; median edge {force['median_edge']:.2f} (~1 wanted); baseline is the floor",
    )
    dag = f"{layered['nodes']:,} nodes / {layered['edges']:,} edges; best of {repeat}"
    record(path, "layered layout vs dot", layered["ours"], layered["dot"], goal=0.5, note=dag)
    record(
        path,
        "layered layout: edge crossings vs dot",
        layered["crossings_ours"],
        layered["crossings_dot"],
        goal=1.1,
        unit="",
        note=f"{dag}; long edges counted at every layer they pass",
    )


def self_test() -> None:
    """Check the reading of dot's plain output on drawings whose crossings are known."""
    square = nx.DiGraph([(1, 4), (2, 3)])  # 1 and 2 above, 3 and 4 below: the two edges cross once
    plain = (
        "graph 1 2 2\nnode 1 0.5 1.5 0.75 0.5 1 solid ellipse black lightgrey\n"
        "node 2 1.5 1.5 0.75 0.5 2 solid ellipse black lightgrey\n"
        "node 3 0.5 0.5 0.75 0.5 3 solid ellipse black lightgrey\n"
        "node 4 1.5 0.5 0.75 0.5 4 solid ellipse black lightgrey\n"
        "edge 1 4 4 0.5 1.25 0.8 1 1.2 1 1.5 0.75 solid black\n"
        "edge 2 3 4 1.5 1.25 1.2 1 0.8 1 0.5 0.75 solid black\nstop\n"
    )
    assert crossings(dot_routes(plain, square)) == 1
    # 1 -> 2 -> 3 runs down and to the left (x 1.0, 1.0, 0.5); the long edge 1 -> 4 ends to the
    # right (x 1.5). Bending left of 2 (x 0.2) on the middle rank, it crosses 2 -> 3 below it;
    # bending right of 2 (x 1.8), it crosses nothing.
    for bend, expected in ((0.2, 1), (1.8, 0)):
        long_edge = nx.DiGraph([(1, 2), (2, 3), (1, 4)])
        plain = (
            "graph 1 2 3\nnode 1 1.0 2.5 0.75 0.5 1 solid ellipse black lightgrey\n"
            "node 2 1.0 1.5 0.75 0.5 2 solid ellipse black lightgrey\n"
            "node 3 0.5 0.5 0.75 0.5 3 solid ellipse black lightgrey\n"
            "node 4 1.5 0.5 0.75 0.5 4 solid ellipse black lightgrey\n"
            "edge 1 2 4 1 2.25 1 2 1 2 1 1.75 solid black\n"
            "edge 2 3 4 1 1.25 0.8 1 0.6 1 0.5 0.75 solid black\n"
            f"edge 1 4 4 1 2.25 {bend} 2 {bend} 1 1.5 0.75 solid black\nstop\n"
        )
        assert crossings(dot_routes(plain, long_edge)) == expected, (bend, expected)
    # And dot itself: two sources each feeding both sinks (K2,2) cross exactly once however drawn.
    with tempfile.TemporaryDirectory() as folder:
        dot_file = Path(folder) / "k22.dot"
        k22 = nx.DiGraph([(1, 3), (1, 4), (2, 3), (2, 4)])
        write_dot(k22, dot_file)
        assert crossings(dot_routes(graphviz("dot", dot_file)(), k22)) == 1
    print("self-test passed: dot's plain output is read and its crossings counted as expected")


def main() -> int:
    """Measure both layouts (or run the self-test) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--self-test", action="store_true", help="only check the reading of dot's output")
    add_figure_option(parser)
    args = parser.parse_args()
    if args.self_test:
        self_test()
        return 0
    force = force_figures(args.nodes, args.repeat)
    layered = layered_figures(args.nodes, args.repeat)
    print(f"Best of {args.repeat}; times include Graphviz starting its process.")
    print_table(table_rows(force, layered))
    record_figures(args.figures, force, layered, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
