"""Where to draw a dependency graph: upstream work on the left, downstream work in later layers.

A layered (Sugiyama-style) layout, as plain numbers that a PDF charter or a Qt view can draw.
Each node gets a layer (its column, 0 for the sources) and a slot (its place within the layer,
a float; neighbours in a layer are at least 1.0 apart). Dependencies that close a loop are
turned round for the layout and listed in ``reversed_edges``; a dependency that skips layers
bends through the layers it passes (``routes``). Separate groups of deliverables are stacked,
one below the other, and never overlap. The same graph, built in the same order, always gets
the same layout.

>>> graph = nx.DiGraph([("brief", "copy"), ("brief", "visuals"), ("copy", "launch"), ("visuals", "launch")])
>>> layout = layered_layout(graph)
>>> layout.layers, layout.positions["brief"], layout.positions["visuals"]
((('brief',), ('copy', 'visuals'), ('launch',)), (0.0, 0.5), (1.0, 1.0))

The steps: break loops (the Eades-Lin-Smyth greedy ordering, within each tangle of
dependencies), layer by longest path from the sources or to the sinks (whichever gives shorter
edges once each node has moved towards the side most of its edges go to), put a stand-in
("dummy") node wherever a long dependency passes a layer, order the layers as Graphviz's dot
does (Gansner et al. 1993, section 3: from two breadth-first first orders, weighted-median
sweeps, each followed by swapping neighbours while that removes crossings, keeping the order
with the fewest) and, in graphs of 100 deliverables or more, polish that order by sifting and
more swaps, then give slots near the average of each node's neighbours.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import networkx as nx

from smarket_planner.analysis.layer_order import LayerOrder, inversions

Point = tuple[float, float]  # (layer, slot)
Edge = tuple[Hashable, Hashable]

_GRID = 64.0  # slots are multiples of 1/64, so sums and gaps between them are exact
_DUMMY_WEIGHT = 4.0  # a bend of a long dependency pulls this much harder than a deliverable
_LONELY_WEIGHT = 0.25  # a node with no neighbour on the side being looked at barely resists
_PLACEMENT_ROUNDS = 4  # down-and-up averaging passes of the slot assignment


@dataclass(frozen=True)
class LayeredLayout:
    """Where each node of a dependency graph goes: its layer (column) and its slot within it."""

    positions: Mapping[Hashable, Point]  # node -> (layer, slot); layer 0 holds the sources
    layers: tuple[tuple[Hashable, ...], ...]  # the real nodes of each layer, in slot order
    # Every edge (u, v) as a polyline from u to v, bending at the layers a long edge passes;
    # a reversed edge still runs from u to v, a self-loop is the single point of its node.
    routes: Mapping[Edge, tuple[Point, ...]]
    reversed_edges: frozenset[Edge]  # edges turned round to break loops
    slots: float  # the largest slot used (by a node or a bend) + 1, the breadth; 0 for an empty graph

    @property
    def depth(self) -> int:
        """The number of layers."""
        return len(self.layers)


def _greedy_order(members: list[int], succ: list[list[int]], pred: list[list[int]]) -> dict[int, int]:
    """Eades-Lin-Smyth: rank a tangle's nodes so that few of its edges point backwards."""
    inside = set(members)
    out = {v: sum(w in inside for w in succ[v]) for v in members}
    inn = {v: sum(u in inside for u in pred[v]) for v in members}
    heap = [(inn[v] - out[v], v) for v in members]  # most "out minus in" first, then first added
    heapq.heapify(heap)
    sinks: deque[int] = deque()
    sources: deque[int] = deque()
    left: list[int] = []
    right: list[int] = []
    while inside:
        if sinks or sources:
            sink = bool(sinks)
            v = sinks.popleft() if sink else sources.popleft()
            if v not in inside:
                continue
            (right if sink else left).append(v)
        else:
            score, v = heapq.heappop(heap)
            if v not in inside or score != inn[v] - out[v]:
                continue  # stale entry
            left.append(v)
        inside.discard(v)
        for w in succ[v]:
            if w in inside:
                inn[w] -= 1
                if inn[w]:
                    heapq.heappush(heap, (inn[w] - out[w], w))
                else:
                    sources.append(w)
        for u in pred[v]:
            if u in inside:
                out[u] -= 1
                if out[u]:
                    heapq.heappush(heap, (inn[u] - out[u], u))
                else:
                    sinks.append(u)
    return {v: rank for rank, v in enumerate(left + right[::-1])}


def _loop_breakers(
    graph: nx.DiGraph, index: Mapping[Hashable, int], succ: list[list[int]], pred: list[list[int]]
) -> set[tuple[int, int]]:
    """The edges to turn round so that no loop is left: those pointing back within a tangle."""
    rank: dict[int, tuple[int, int]] = {}  # node -> (which tangle of loops, place in it)
    for number, tangle in enumerate(nx.strongly_connected_components(graph)):
        if len(tangle) > 1:
            ranked = _greedy_order(sorted(index[v] for v in tangle), succ, pred)
            rank.update((v, (number, place)) for v, place in ranked.items())
    return {
        (u, v)
        for u, out in enumerate(succ)
        if u in rank
        for v in out
        if v in rank and rank[u][0] == rank[v][0] and rank[u][1] > rank[v][1]
    }


class _Layering(LayerOrder):
    """The working state: real and dummy nodes as numbers, their layers, neighbours and order."""

    def __init__(self, count: int, edges: list[tuple[int, int]]) -> None:
        self.layer = [0] * count
        self.up: list[list[int]] = [[] for _ in range(count)]
        self.down: list[list[int]] = [[] for _ in range(count)]
        for a, b in edges:
            self.down[a].append(b)
            self.up[b].append(a)
        self._assign_layers(count)
        self.chains: dict[tuple[int, int], list[int]] = {}
        self.upstream = list(range(count))  # for a dummy: the first node of its long edge
        for a, b in edges:
            chain = [a]
            for step in range(self.layer[a] + 1, self.layer[b]):
                dummy = len(self.layer)
                self.layer.append(step)
                self.upstream.append(a)
                self.up.append([chain[-1]])
                self.down.append([])
                self.down[chain[-1]].append(dummy)
                chain.append(dummy)
            if len(chain) > 1:
                self.down[a].remove(b)
                self.up[b].remove(a)
                self.down[chain[-1]].append(b)
                self.up[b].append(chain[-1])
            self.chains[a, b] = [*chain, b]
        self.real = count
        self.one_up = [near[0] if len(near) == 1 else -1 for near in self.up]  # the only neighbour, if one
        self.one_down = [near[0] if len(near) == 1 else -1 for near in self.down]
        self.median = [0.0] * len(self.layer)  # each node's weighted median in the sweep under way
        self.pos = [0] * len(self.layer)  # index of each node within its layer
        self.slot = [0.0] * len(self.layer)

    def _assign_layers(self, count: int) -> None:
        """Longest path from the sources, or to the sinks, whichever gives shorter edges once tightened.

        Each part of the graph starts at layer 0. (On benchmarks/graph_layout.py's random graph of
        2,000 short dependencies, tightening cut the segments between layers by 70% when layered
        from the sources; layered from the sinks there were a tenth as many, 10% more than dot's
        optimal layering, and the crossings fell by half.)
        """
        waiting = [len(self.up[v]) for v in range(count)]
        order = [v for v in range(count) if not waiting[v]]
        for v in order:  # grows as nodes become free
            for w in self.down[v]:
                waiting[w] -= 1
                if not waiting[w]:
                    order.append(w)
        assert len(order) == count, "loops must be broken before layering"
        early, late = [0] * count, [0] * count
        for v in order:
            early[v] = max((early[u] + 1 for u in self.up[v]), default=0)
        for v in reversed(order):
            late[v] = min((late[w] - 1 for w in self.down[v]), default=0)
        seen = [False] * count
        for start in range(count):  # each part of the graph from layer 0
            if not seen[start]:
                seen[start], part = True, [start]
                for v in part:  # grows as the search reaches new nodes
                    fresh = [w for w in self.up[v] + self.down[v] if not seen[w]]
                    for w in fresh:
                        seen[w] = True
                    part.extend(fresh)
                low = min(late[v] for v in part)
                for v in part:
                    late[v] -= low
        down = self.down

        def length(layer: list[int]) -> int:
            return sum(layer[w] - layer[v] for v in range(count) for w in down[v])

        self.layer = min(self._tighten(early), self._tighten(late), key=length)

    def _tighten(self, layer: list[int]) -> list[int]:
        """Each node with more edges going down than coming in moved down to just before what it
        feeds (a source to just before its first consumer), each with more coming in moved up to
        just after its inputs, again and again until none moves (each move shortens the edges)."""
        moved = True
        while moved:
            moved = False
            for v, (above, below) in enumerate(zip(self.up, self.down, strict=True)):
                pull = len(below) - len(above)  # edges one layer shorter if v moves down one
                if pull > 0 and below:
                    target = min(layer[w] for w in below) - 1
                elif pull < 0 and above:
                    target = max(layer[u] for u in above) + 1
                else:
                    continue
                if target != layer[v]:
                    layer[v], moved = target, True
        return layer

    def place(self, rows: list[list[int]]) -> float:
        """Give slots near the average of each node's neighbours; return the breadth used."""
        slot, up, down, real = self.slot, self.up, self.down, self.real
        for row in rows:
            for index, v in enumerate(row):
                slot[v] = float(index)
        looks = []  # for each side looked at (above, below, both): each layer's neighbours and weights
        for near in (up, down, None):
            layers = []
            for row in rows:
                around = [near[v] for v in row] if near is not None else [up[v] + down[v] for v in row]
                weights = [
                    (_DUMMY_WEIGHT if v >= real else 1.0) if those else _LONELY_WEIGHT
                    for v, those in zip(row, around, strict=True)
                ]
                layers.append((around, weights))
            looks.append(layers)
        downward, upward = range(len(rows)), range(len(rows) - 1, -1, -1)
        passes = [(looks[0], downward), (looks[1], upward)] * _PLACEMENT_ROUNDS
        for look, step in [*passes, (looks[2], downward)]:  # the last pass looks both ways
            for i in step:
                row = rows[i]
                around, weights = look[i]
                wanted = [
                    slot[those[0]]
                    if len(those) == 1
                    else sum(map(slot.__getitem__, those)) / len(those)
                    if those
                    else slot[v]
                    for v, those in zip(row, around, strict=True)
                ]
                for v, value in zip(row, _spread(wanted, weights), strict=True):
                    slot[v] = value
        low = min((slot[v] for row in rows for v in row), default=0.0)
        breadth = 0.0
        for row in rows:
            previous = -1.0
            for v in row:  # on a 1/64 grid every difference below is exact
                slot[v] = max(round((slot[v] - low) * _GRID) / _GRID, previous + 1.0)
                previous = slot[v]
            breadth = max(breadth, previous + 1.0)
        return breadth


def _spread(wanted: list[float], weights: list[float]) -> list[float]:
    """The slots closest (weighted least squares) to the wanted ones that keep order and gap 1."""
    sums: list[float] = []  # pool adjacent violators on wanted[j] - j: the blocks' sums of w * y,
    masses: list[float] = []  # their sums of w,
    means: list[float] = []  # the one over the other,
    sizes: list[int] = []  # and how many places each holds
    for j, (value, weight) in enumerate(zip(wanted, weights, strict=True)):
        total, mass, size = weight * (value - j), weight, 1
        mean = total / mass
        while means and means[-1] > mean:
            means.pop()
            total += sums.pop()
            mass += masses.pop()
            size += sizes.pop()
            mean = total / mass
        sums.append(total)
        masses.append(mass)
        means.append(mean)
        sizes.append(size)
    slots: list[float] = []
    for mean, size in zip(means, sizes, strict=True):
        slots.extend([mean] * size)
    return [base + j for j, base in enumerate(slots)]


def layered_layout(
    graph: nx.DiGraph, *, sweeps: int = 3, order: Callable[[Hashable], Any] | None = None
) -> LayeredLayout:
    """Lay a dependency graph out in layers, sources first, with few crossings and straight long edges.

    ``sweeps`` is how many weighted-median sweeps the crossing reduction makes from each of its
    two starting orders (down, up, down, ...; 0 keeps the first order). ``order`` gives the sort
    key of a node for that first order of each layer, which the starting orders take nodes in;
    without it, nodes come in the order they were added to the graph. Self-loops play no part
    in the layout; their route is the single point of their node.
    """
    nodes: list[Hashable] = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    succ: list[list[int]] = [[index[w] for w in graph.successors(v) if w != v] for v in nodes]
    pred: list[list[int]] = [[index[u] for u in graph.predecessors(v) if u != v] for v in nodes]
    turned = _loop_breakers(graph, index, succ, pred)
    edges = list(
        dict.fromkeys((v, u) if (u, v) in turned else (u, v) for u, out in enumerate(succ) for v in out)
    )
    work = _Layering(len(nodes), edges)
    keyed = sorted(range(len(nodes)), key=(lambda v: (order(nodes[v]), v)) if order else None)
    first = {v: place for place, v in enumerate(keyed)}  # where each node comes in the first order
    group: dict[int, int] = {}  # node -> the first place of any node of its part of the graph
    for part in nx.weakly_connected_components(graph):
        leader = min(first[index[v]] for v in part)
        group.update((index[v], leader) for v in part)
    for (upstream, _), chain in work.chains.items():
        group.update((dummy, group[upstream]) for dummy in chain[1:-1])
    by_group: dict[int, list[int]] = {}
    for v in sorted(range(len(work.layer)), key=lambda v: (first[work.upstream[v]], v >= work.real, v)):
        by_group.setdefault(group[v], []).append(v)

    offset = 0.0  # the parts of the graph are stacked one below the other
    layers: list[list[Hashable]] = []
    for leader in sorted(by_group):
        rows: list[list[int]] = [[] for _ in range(max(work.layer[v] for v in by_group[leader]) + 1)]
        for v in by_group[leader]:
            rows[work.layer[v]].append(v)
        rows = work.reduce_crossings(rows, sweeps)
        breadth = work.place(rows)
        layers.extend([] for _ in range(len(rows) - len(layers)))
        for row, real in zip(rows, layers, strict=False):
            for v in row:
                work.slot[v] += offset
            real.extend(nodes[v] for v in row if v < work.real)
        offset += breadth

    def point(v: int) -> Point:
        return (float(work.layer[v]), work.slot[v])

    routes: dict[Edge, tuple[Point, ...]] = {}
    for u, v in graph.edges():
        a, b = index[u], index[v]
        if a == b:
            routes[u, v] = (point(a),)
        elif (a, b) in turned:
            routes[u, v] = tuple(point(x) for x in reversed(work.chains[b, a]))
        else:
            routes[u, v] = tuple(point(x) for x in work.chains[a, b])
    return LayeredLayout(
        positions={node: point(i) for i, node in enumerate(nodes)},
        layers=tuple(tuple(row) for row in layers),
        routes=routes,
        reversed_edges=frozenset((nodes[a], nodes[b]) for a, b in turned),
        slots=offset,
    )


def crossings(layout: LayeredLayout) -> int:
    """How many pairs of edge segments cross between adjacent layers (dummy segments included)."""
    between: dict[int, set[tuple[float, float]]] = {}
    for route in layout.routes.values():
        for (layer_a, slot_a), (layer_b, slot_b) in pairwise(route):
            upper, segment = (layer_a, (slot_a, slot_b)) if layer_a < layer_b else (layer_b, (slot_b, slot_a))
            between.setdefault(int(upper), set()).add(segment)
    total = 0
    for segments in between.values():
        lower = sorted({b for _, b in segments})
        rank = {slot: i for i, slot in enumerate(lower)}
        total += inversions([rank[b] for _, b in sorted(segments)], len(lower))
    return total
