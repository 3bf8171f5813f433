"""Where to put each person so that people who work together sit close: a force-directed layout.

Plain positions for the people and function networks: a typical tie about 1.0 long (longer
where nodes would crowd), no two nodes closer than ``MIN_GAP``, each separate group laid out on
its own, the groups packed in rows, largest first. The engine is igraph's Fruchterman-Reingold,
in C. Its plain form weighs every pair of nodes; its grid form only pairs less than 2 units
apart, which is cheap but lets a big graph shrink into a crowded ball. So a group above
``COARSEST`` nodes is coarsened (each node merged with its most strongly tied free neighbour,
again and again), the coarsest version laid out in full, and each finer one started from the
coarser and relaxed briefly (in the grid form from ``GRID_FROM`` nodes, each node held within
``HOLD`` of its start). DrL was not chosen: it takes seconds on 2,000 nodes and cannot run in
short rounds. Each igraph call does at most ``CALL_BUDGET`` of work (~7 ms, as igraph holds
the GIL); between calls progress is reported and a request to stop honoured.
``random.Random(seed)`` draws the start and igraph's jitter; igraph's source is put back.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from statistics import median

import igraph
import networkx as nx

from smarket_planner.analysis.graph_model import LayoutCancelled
from smarket_planner.domain.bulk import collector_paused

Position = tuple[float, float]
Edge = tuple[int, int]
Net = tuple[int, list[Edge], list[float]]  # nodes 0..n-1, the edges between them, their weights

ITERATIONS = 500  # Fruchterman-Reingold steps for a whole (or the coarsest) group
COARSEST = 150  # nodes: larger groups are laid out coarsened first
REFINE, REFINE_HEAT = 50, 0.3  # steps, and share of the usual starting temperature, on finer levels
GRID_FROM = 1000  # nodes: from here on igraph's grid form (igraph's own "auto" threshold) ...
HOLD = 1.0  # ... with each node kept this close (in igraph's units) to where it started
KEEP = 0.1  # a node with a given position is kept this close to it (before overlaps are resolved)
NEAR_PAIRS = 24  # pairs of nodes in neighbouring cells per node in the grid form, at most (see _relax)
CALL_BUDGET = 7_000_000  # work (~ns, see _step_cost) per igraph call
MAX_WEIGHT_RATIO = 20.0  # weights count relative to the median weight, within 1/20 .. 20
MIN_GAP = 0.6  # no two node centres closer than this (the screen draws nodes ~0.5 wide)
GROUP_GAP = 1.0  # between the boxes of separate groups, and so between lone nodes


def _ties(graph: nx.Graph, weight: str | None) -> tuple[list[Hashable], dict[Edge, float]]:
    """The nodes in order, and each pair of different nodes joined at all, with its relative weight."""
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    ties: dict[Edge, float] = {}
    for u, v, value in graph.edges(data=weight or "", default=1.0):  # (no attribute is called "")
        a, b = sorted((index[u], index[v]))
        if a != b and (a, b) not in ties:
            ties[a, b] = float(value) if isinstance(value, int | float) and math.isfinite(value) else 1.0
    middle = median(ties.values()) if ties else 1.0
    for pair, value in ties.items():
        ties[pair] = min(max(value / middle if middle > 0 else 1.0, 1 / MAX_WEIGHT_RATIO), MAX_WEIGHT_RATIO)
    return nodes, ties


def _coarsen(net: Net, rng: random.Random) -> tuple[list[Net], list[list[int]]]:
    """The net and ever coarser versions of it down to ``COARSEST`` nodes (each node merged with its
    most strongly tied free neighbour), and where each node of each version went in the next."""
    nets: list[Net] = [net]
    parents: list[list[int]] = []
    while nets[-1][0] > COARSEST:
        count, edges, weights = nets[-1]
        around: list[list[tuple[float, float, int]]] = [[] for _ in range(count)]
        for (a, b), value in zip(edges, weights, strict=True):
            around[a].append((value, rng.random(), b))
            around[b].append((value, rng.random(), a))
        parent, size = [-1] * count, 0
        for v in rng.sample(range(count), count):  # in a random order, so as to favour no direction
            if parent[v] < 0:
                free = [tie for tie in around[v] if parent[tie[2]] < 0]
                parent[v] = size
                if free:
                    parent[max(free)[2]] = size  # the heaviest tie, any of equals
                size += 1
        if size > 0.9 * count:
            break  # it hardly shrinks (a star): lay this version out in full
        merged: dict[Edge, float] = {}
        for (a, b), value in zip(edges, weights, strict=True):
            if parent[a] != parent[b]:
                pair = (min(parent[a], parent[b]), max(parent[a], parent[b]))
                merged[pair] = merged.get(pair, 0.0) + value
        nets.append((size, list(merged), list(merged.values())))
        parents.append(parent)
    return nets, parents


def _step_cost(count: int, ties: int) -> int:
    """A step's work (~ns): 3.6 a pair of nodes (plain form), 12 a pair in reach (grid form), 10 an edge."""
    return (12 * NEAR_PAIRS + 10) * count + 10 * ties if count >= GRID_FROM else 2 * count * count + 10 * ties


def _relax(
    points: list[list[float]], net: Net, steps: tuple[int, float], leash: Sequence[float], rng: random.Random
) -> Iterator[tuple[int, list[list[float]]]]:
    """Fruchterman-Reingold from ``points`` for (iterations, start temperature): the work done and the
    points after each round of one ``CALL_BUDGET``. In the grid form a crowded drawing is magnified
    first (and the pull of edges weakened to match, which keeps the forces' balance) to ``NEAR_PAIRS``
    pairs a node. igraph draws its jitter from ``rng``; the garbage collector waits."""
    (count, edges, weights), (iterations, temperature) = net, steps
    zoom = 1.0
    if count >= GRID_FROM:
        cells = Counter((math.floor(x / 2), math.floor(y / 2)) for x, y in points)
        near = sum(
            n * cells[a + i, b + j] for (a, b), n in cells.items() for i in (-1, 0, 1) for j in (-1, 0, 1)
        )
        zoom = max(1.0, math.sqrt(near / 2 / NEAR_PAIRS / count))
    points = [[x * zoom, y * zoom] for x, y in points]
    bounds = {
        f"{end}{axis}": [p[i] + sign * reach * zoom for p, reach in zip(points, leash, strict=True)]
        for end, sign in (("min", -1), ("max", 1))
        for i, axis in enumerate("xy")
    }
    pull = (median(weights) if weights else 1.0) * zoom**3
    graph, cost = igraph.Graph(n=count, edges=edges), _step_cost(count, len(edges))
    rounds = math.ceil(iterations * cost / CALL_BUDGET)
    for number in range(rounds):
        some = iterations * (number + 1) // rounds - iterations * number // rounds
        igraph.set_random_number_generator(rng)
        # a full collection while igraph calls back for random numbers would hold the GIL for ~40 ms
        try:
            with collector_paused():
                layout = graph.layout_fruchterman_reingold(
                    weights=[value / pull for value in weights] or None,
                    niter=some,
                    seed=points,
                    start_temp=temperature * zoom * (1 - number / rounds),
                    grid="grid" if count >= GRID_FROM else "nogrid",
                    **(bounds if min(leash) < math.inf else {}),
                )
        finally:
            igraph.set_random_number_generator(random)  # igraph's default source
        points = [[float(x), float(y)] for x, y in layout.coords]
        yield some * cost, [[x / zoom, y / zoom] for x, y in points]


def _mean(points: Sequence[Sequence[float]]) -> Position:
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _gaps(
    cells: Mapping[tuple[int, int], list[Position]], x: float, y: float, stop: bool = False
) -> list[float]:
    """The distances from (x, y) to the points in ``cells`` near it (all those closer than ``MIN_GAP``);
    with ``stop``, just the first one closer than ``MIN_GAP``, if any."""
    cx, cy, gaps = math.floor(x / MIN_GAP), math.floor(y / MIN_GAP), []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for px, py in cells.get((cx + dx, cy + dy), ()):
                gaps.append(math.hypot(x - px, y - py))
                if stop and gaps[-1] < MIN_GAP:
                    return gaps[-1:]
    return [] if stop else gaps


def _spread(points: list[list[float]]) -> list[list[float]]:
    """The points spread out evenly until half of them have room, then each of the others, the middle
    ones first, moved to the nearest spot at least ``MIN_GAP`` from all those placed before it."""
    cells: dict[tuple[int, int], list[Position]] = {}
    for x, y in points:
        cells.setdefault((math.floor(x / MIN_GAP), math.floor(y / MIN_GAP)), []).append((x, y))
    nearest = [sorted(_gaps(cells, x, y))[1:2] or [MIN_GAP] for x, y in points[:: max(1, len(points) // 256)]]
    grow = max(1.0, min(MIN_GAP / max(median(gap for [gap] in nearest), 1e-9), 100.0))
    points = [[x * grow, y * grow] for x, y in points]
    cx, cy = _mean(points)
    placed: dict[tuple[int, int], list[Position]] = {}
    for i in sorted(range(len(points)), key=lambda i: (math.dist(points[i], (cx, cy)), i)):
        x, y = points[i]
        away, ring, turn = math.atan2(y - cy, x - cx), 0, 0
        while _gaps(placed, x, y, stop=True):  # try spots round it, outwards first
            turn = turn + 1 if turn < 6 * ring else 0
            ring += turn == 0
            angle = away + math.tau / (6 * ring) * ((turn + 1) // 2) * (1 if turn % 2 else -1)
            x = points[i][0] + ring * MIN_GAP / 2 * math.cos(angle)
            y = points[i][1] + ring * MIN_GAP / 2 * math.sin(angle)
        placed.setdefault((math.floor(x / MIN_GAP), math.floor(y / MIN_GAP)), []).append((x, y))
        points[i] = [x, y]
    return points


def _shape(
    group: list[int],
    levels: tuple[list[Net], list[list[int]]],
    around: nx.Graph,
    known: Mapping[int, Position],
    rng: random.Random,
) -> Iterator[tuple[int, list[list[float]]]]:
    """A group laid out on its own, coarsest version first: the work and points after each round;
    last, scaled to a median edge of 1.0 (unless positions were given) and spread out.

    The start: given positions (centred), else near given neighbours, else anywhere.
    """
    (nets, parents), points = levels, [[0.0, 0.0], [1.0, 0.0]][: len(group)]
    if len(group) > 2:
        given = [known[v] for v in group if v in known]
        (cx, cy), side = _mean(given or [(0.0, 0.0)]), math.sqrt(nets[-1][0]) / 2
        points, leash = [], [KEEP if v in known else math.inf for v in group]
        for v in group if len(nets) == 1 else range(nets[-1][0]):  # (nothing is given if coarsened)
            near = [known[v]] if v in known else [known[w] for w in around[v] if w in known]
            x, y = _mean(near) if near else (cx, cy)
            reach = 0.0 if v in known else 0.25 if near else side
            points.append([x - cx + rng.uniform(-reach, reach), y - cy + rng.uniform(-reach, reach)])
        for level in range(len(nets) - 1, -1, -1):
            count = nets[level][0]
            steps = (ITERATIONS, math.sqrt(count) / 10 * (1 - 0.9 * len(given) / count))
            if level == len(nets) - 1 > 0:  # the coarsest version of a large group: free
                leash = [math.inf] * count
            elif level < len(nets) - 1:  # start from the coarser layout, a little apart
                grow = math.sqrt(count / nets[level + 1][0])
                points = [[c * grow + rng.uniform(-0.1, 0.1) for c in points[p]] for p in parents[level]]
                steps = (REFINE, math.sqrt(count) / 10 * REFINE_HEAT)
                leash = [HOLD if count >= GRID_FROM else math.inf] * count
            for work, points in _relax(points, nets[level], steps, leash, rng):  # noqa: B020
                yield work, points
        lengths = [math.dist(points[a], points[b]) for a, b in nets[0][1]]
        scale = 1.0 if given else 1 / max(median(lengths), 1e-9)
        points = [[x * scale, y * scale] for x, y in points]
    yield 0, _spread(points)


def force_layout(
    graph: nx.Graph,
    *,
    weight: str | None = "weight",
    seed: int = 7,
    initial: Mapping[Hashable, tuple[float, float]] | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """Where to put each person so that people who work together sit close, and the rest apart.

    Heavier edges (``weight``) pull harder. Nodes in ``initial`` start, and stay, near those
    positions. ``progress`` hears the share of work done, up to 1.0; ``cancelled`` is asked
    between rounds, and True raises ``LayoutCancelled``. Directions, self-loops and repeated
    edges are ignored; the same graph, built in the same order, with the same seed, always gets
    the same positions.
    """
    nodes, ties = _ties(graph, weight)
    simple = nx.empty_graph(len(nodes))
    simple.add_edges_from(ties)
    groups = sorted((sorted(part) for part in nx.connected_components(simple)), key=lambda g: (-len(g), g[0]))
    known = {i: initial[node] for i, node in enumerate(nodes) if initial and node in initial}
    where = {v: (number, i) for number, group in enumerate(groups) for i, v in enumerate(group)}
    nets: list[Net] = [(len(group), [], []) for group in groups]
    for (a, b), value in ties.items():
        nets[where[a][0]][1].append((where[a][1], where[b][1]))
        nets[where[a][0]][2].append(value)
    rng = random.Random(seed)
    plans = [  # a group with given positions is not coarsened
        ([net], []) if any(v in known for v in group) else _coarsen(net, rng)
        for net, group in zip(nets, groups, strict=True)
    ]
    total = sum(
        (REFINE if level < len(levels) - 1 else ITERATIONS) * _step_cost(count, len(edges))
        for levels, _ in plans
        for level, (count, edges, _) in enumerate(levels)
        if count > 2
    )
    done, shapes = 0, []
    if cancelled and cancelled():
        raise LayoutCancelled
    for group, plan in zip(groups, plans, strict=True):
        for work, points in _shape(group, plan, simple, known, rng):  # noqa: B007
            done += work
            if progress and work:
                progress(0.9 * min(done / total, 1.0))
            if cancelled and cancelled():
                raise LayoutCancelled
        shapes.append(points)
    boxes = [
        (min(x for x, _ in s), min(y for _, y in s), max(x for x, _ in s), max(y for _, y in s))
        for s in shapes
    ]
    area = sum((right - left + GROUP_GAP) * (bottom - top + GROUP_GAP) for left, top, right, bottom in boxes)
    width = max([math.sqrt(area) * 1.2] + [right - left for left, _, right, _ in boxes])
    placed: dict[int, Position] = {}
    x = y = tallest = 0.0  # the groups in rows, ``GROUP_GAP`` apart
    for group, shape, (left, top, right, bottom) in zip(groups, shapes, boxes, strict=True):
        if x and x + right - left > width:
            x, y, tallest = 0.0, y + tallest + GROUP_GAP, 0.0
        placed.update((v, (px - left + x, py - top + y)) for v, (px, py) in zip(group, shape, strict=True))
        x, tallest = x + right - left + GROUP_GAP, max(tallest, bottom - top)
    dx, dy = _mean([(known[v][0] - placed[v][0], known[v][1] - placed[v][1]) for v in known] or [(0, 0)])
    if placed and not known:  # the drawing is centred on the origin (else the given nodes stay, on the whole)
        dx = -(min(x for x, _ in placed.values()) + max(x for x, _ in placed.values())) / 2
        dy = -(min(y for _, y in placed.values()) + max(y for _, y in placed.values())) / 2
    if progress:
        progress(1.0)
    return {node: (placed[i][0] + dx, placed[i][1] + dy) for i, node in enumerate(nodes)}
