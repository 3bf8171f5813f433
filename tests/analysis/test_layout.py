"""The layered layout of a dependency graph: layers, slots, routes of long edges and crossings."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import combinations, pairwise, permutations, product
from random import Random

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from smarket_planner.analysis.layout import LayeredLayout, crossings, layered_layout


def random_dag(nodes: int, per_node: int, seed: int) -> nx.DiGraph:
    """Each deliverable after the first depends on up to ``per_node`` earlier ones, chosen at random."""
    rng = Random(seed)
    graph = nx.DiGraph()
    graph.add_nodes_from(range(nodes))
    for v in range(1, nodes):
        graph.add_edges_from((u, v) for u in rng.sample(range(v), min(per_node, v)))
    return graph


def brute_force_crossings(layout: LayeredLayout) -> int:
    """Every pair of segments between the same two layers, checked one by one."""
    segments = set()
    for route in layout.routes.values():
        for start, end in pairwise(route):
            (layer, upper), (_, lower) = sorted((start, end))
            segments.add((layer, upper, lower))
    return sum(
        1
        for (layer_a, upper_a, lower_a), (layer_b, upper_b, lower_b) in combinations(segments, 2)
        if layer_a == layer_b and (upper_a - upper_b) * (lower_a - lower_b) < 0
    )


def assert_sound(graph: nx.DiGraph, layout: LayeredLayout) -> None:
    """Everything a drawing relies on: every node once, no overlaps, routes joining their ends."""
    placed = [node for layer in layout.layers for node in layer]
    assert sorted(map(repr, placed)) == sorted(map(repr, graph)) and len(set(placed)) == len(placed)
    assert set(layout.positions) == set(graph)
    for number, members in enumerate(layout.layers):
        assert members, "no layer is empty"
        assert all(layout.positions[node][0] == number for node in members)
        in_order = [layout.positions[node][1] for node in members]
        assert all(b - a >= 1.0 for a, b in pairwise(in_order)), "in slot order, at least 1.0 apart"
    assert layout.depth == len(layout.layers)
    used = [slot for _, slot in layout.positions.values()]
    used += [slot for route in layout.routes.values() for _, slot in route]
    assert layout.slots == (max(used) + 1 if used else 0), "breadth: the largest slot of a node or bend + 1"
    assert min(used, default=0) == 0
    assert set(layout.routes) == set(graph.edges)
    assert layout.reversed_edges <= set(graph.edges)
    occupied: dict[float, set[float]] = {}  # layer -> slots of nodes and of bends of long edges
    for (u, v), route in layout.routes.items():
        assert route[0] == layout.positions[u] and route[-1] == layout.positions[v]
        if u == v:
            assert len(route) == 1
            continue
        step = -1 if (u, v) in layout.reversed_edges else 1
        assert [layer for layer, _ in route] == [route[0][0] + step * k for k in range(len(route))]
        for layer, slot in route[1:-1]:
            occupied.setdefault(layer, set()).add(slot)
    for layer, slot in layout.positions.values():
        occupied.setdefault(layer, set()).add(slot)
    for taken in occupied.values():
        assert all(b - a >= 1.0 for a, b in pairwise(sorted(taken))), "bends keep clear of nodes"
    turned = nx.DiGraph(
        (v, u) if (u, v) in layout.reversed_edges else (u, v) for u, v in graph.edges if u != v
    )
    assert nx.is_directed_acyclic_graph(turned)


def test_an_empty_graph_has_no_layers() -> None:
    layout = layered_layout(nx.DiGraph())
    assert layout == LayeredLayout({}, (), {}, frozenset(), 0)
    assert layout.depth == 0 and crossings(layout) == 0


def test_a_single_deliverable_sits_at_the_origin() -> None:
    graph = nx.DiGraph()
    graph.add_node("brief")
    layout = layered_layout(graph)
    assert layout.positions == {"brief": (0.0, 0.0)}
    assert layout.layers == (("brief",),) and layout.slots == 1.0 and layout.depth == 1


def test_a_chain_runs_straight_one_layer_per_deliverable() -> None:
    graph = nx.path_graph(["brief", "copy", "review", "print", "launch"], create_using=nx.DiGraph)
    layout = layered_layout(graph)
    assert layout.layers == (("brief",), ("copy",), ("review",), ("print",), ("launch",))
    assert [layout.positions[n] for n in graph] == [(float(k), 0.0) for k in range(5)]
    assert layout.slots == 1.0 and crossings(layout) == 0
    assert_sound(graph, layout)


def test_a_diamond_centres_its_ends_between_the_two_branches() -> None:
    graph = nx.DiGraph([("brief", "copy"), ("brief", "visuals"), ("copy", "launch"), ("visuals", "launch")])
    layout = layered_layout(graph)
    assert layout.layers == (("brief",), ("copy", "visuals"), ("launch",))
    assert layout.positions == {
        "brief": (0.0, 0.5),
        "copy": (1.0, 0.0),
        "visuals": (1.0, 1.0),
        "launch": (2.0, 0.5),
    }
    assert crossings(layout) == 0
    assert_sound(graph, layout)


def test_a_wide_fan_out_and_fan_in_spreads_the_middle_and_centres_the_ends() -> None:
    middle = [f"task {k}" for k in range(10)]
    graph = nx.DiGraph([("kick-off", m) for m in middle] + [(m, "launch") for m in middle])
    layout = layered_layout(graph)
    assert layout.layers == (("kick-off",), tuple(middle), ("launch",))
    assert [layout.positions[m][1] for m in middle] == [float(k) for k in range(10)]
    assert layout.positions["kick-off"] == (0.0, 4.5) and layout.positions["launch"] == (2.0, 4.5)
    assert layout.slots == 10.0 and crossings(layout) == 0
    assert_sound(graph, layout)


def test_a_lone_upstream_deliverable_sits_just_before_what_it_feeds() -> None:
    graph = nx.DiGraph([("brief", "copy"), ("copy", "review"), ("review", "launch"), ("venue", "launch")])
    layout = layered_layout(graph)
    assert layout.positions["venue"][0] == 2.0
    assert layout.layers[2] == ("review", "venue") or layout.layers[2] == ("venue", "review")
    assert_sound(graph, layout)


def test_a_long_dependency_bends_through_each_layer_it_passes() -> None:
    graph = nx.DiGraph([("brief", "copy"), ("copy", "review"), ("review", "launch"), ("brief", "launch")])
    layout = layered_layout(graph)
    route = layout.routes["brief", "launch"]
    assert len(route) == 4
    assert [layer for layer, _ in route] == [0.0, 1.0, 2.0, 3.0]
    assert route[0] == layout.positions["brief"] and route[-1] == layout.positions["launch"]
    assert layout.routes["brief", "copy"] == (layout.positions["brief"], layout.positions["copy"])
    assert_sound(graph, layout)


def test_a_three_step_loop_turns_round_one_dependency() -> None:
    graph = nx.DiGraph([("brief", "copy"), ("copy", "review"), ("review", "brief")])
    layout = layered_layout(graph)
    assert len(layout.reversed_edges) == 1
    [(u, v)] = layout.reversed_edges
    assert layout.positions[u][0] > layout.positions[v][0]
    route = layout.routes[u, v]
    assert route[0] == layout.positions[u] and route[-1] == layout.positions[v]
    assert_sound(graph, layout)


def test_loops_of_every_kind_lay_out() -> None:
    graph = nx.DiGraph(
        [("a", "b"), ("b", "a"), ("c", "c"), ("b", "c"), (1, 2), (2, 3), (3, 1), (3, 4), (4, 2), (4, 5)]
    )
    layout = layered_layout(graph)
    assert layout.routes["c", "c"] == (layout.positions["c"],)
    assert ("c", "c") not in layout.reversed_edges
    assert len({("a", "b"), ("b", "a")} & layout.reversed_edges) == 1
    assert len(layout.reversed_edges) == 2  # one of a <-> b, and 2 -> 3 breaks both loops of 1..4
    assert (2, 3) in layout.reversed_edges
    assert_sound(graph, layout)


def test_a_graph_without_loops_turns_nothing_round() -> None:
    graph = random_dag(300, 3, seed=7)
    for u, v in list(graph.edges)[::2]:  # insertion order no longer follows the dependencies
        graph.remove_edge(u, v)
        graph.add_edge(u, v)
    layout = layered_layout(graph)
    assert layout.reversed_edges == frozenset()
    assert all(layout.positions[u][0] < layout.positions[v][0] for u, v in graph.edges)


def test_a_tangled_random_graph_lays_out() -> None:
    graph = nx.gnm_random_graph(200, 500, seed=3, directed=True)
    graph.add_edges_from([(5, 5), (9, 9)])
    layout = layered_layout(graph)
    assert layout.reversed_edges
    assert_sound(graph, layout)


def test_separate_groups_are_stacked_without_overlapping() -> None:
    graph = nx.DiGraph([("a1", "a2"), ("a1", "a3"), ("b1", "b2"), ("c1", "c2"), ("c1", "c3"), ("c1", "c4")])
    graph.add_node("alone")
    layout = layered_layout(graph)
    ranges = []
    for part in nx.weakly_connected_components(graph):
        slots = [layout.positions[n][1] for n in part]
        ranges.append((min(slots), max(slots)))
    ranges.sort()
    assert all(high + 1 <= low for (_, high), (low, _) in pairwise(ranges))
    assert layout.positions["a1"][1] < layout.positions["b1"][1] < layout.positions["c1"][1]
    assert layout.positions["alone"] == (0.0, layout.slots - 1)
    assert_sound(graph, layout)


def test_the_order_key_sets_the_first_order_of_each_layer() -> None:
    graph = nx.DiGraph([("brief", "copy"), ("brief", "visuals"), ("brief", "budget")])
    assert layered_layout(graph).layers[1] == ("copy", "visuals", "budget")
    assert layered_layout(graph, order=str).layers[1] == ("budget", "copy", "visuals")


def test_nodes_of_any_hashable_kind_lay_out() -> None:
    nodes: list[Hashable] = [("team", 1), 2, "three", frozenset({4})]
    graph = nx.DiGraph(list(pairwise(nodes)))
    layout = layered_layout(graph)
    assert layout.layers == tuple((node,) for node in nodes)


def test_a_shuffled_zigzag_is_untangled() -> None:
    """Owner k works on deliverables k and k + 1: drawable without crossings, added in a jumble."""
    rng = Random(11)
    edges = [(("owner", k), ("deliverable", k + step)) for k in range(30) for step in (0, 1)]
    deliverables = [("deliverable", k) for k in range(31)]
    rng.shuffle(edges)
    rng.shuffle(deliverables)
    graph = nx.DiGraph()
    graph.add_nodes_from(("owner", k) for k in range(30))
    graph.add_nodes_from(deliverables)
    graph.add_edges_from(edges)
    assert crossings(layered_layout(graph, sweeps=0)) > 100
    layout = layered_layout(graph)
    assert crossings(layout) == 0
    assert_sound(graph, layout)


def test_a_shuffled_matching_falls_apart_into_separate_pairs() -> None:
    rng = Random(11)
    targets = list(range(30))
    rng.shuffle(targets)
    graph = nx.DiGraph((("owner", k), ("deliverable", t)) for k, t in enumerate(targets))
    layout = layered_layout(graph, sweeps=0)
    assert crossings(layout) == 0 and layout.slots == 30.0
    assert all(layout.positions[u][1] == layout.positions[v][1] for u, v in graph.edges)


def test_crossing_reduction_never_does_worse_than_the_first_order() -> None:
    graph = random_dag(150, 2, seed=5)
    before = crossings(layered_layout(graph, sweeps=0))
    layout = layered_layout(graph)
    assert crossings(layout) < before
    assert_sound(graph, layout)


def layer_crossings(edges: list[tuple[str, str]], layers: Sequence[Sequence[Hashable]]) -> int:
    """Crossings of edges between adjacent layers, each layer in the order given."""
    place = {node: (number, k) for number, layer in enumerate(layers) for k, node in enumerate(layer)}
    return sum(
        1
        for (a, b), (c, d) in combinations(edges, 2)
        if place[a][0] == place[c][0] and (place[a][1] - place[c][1]) * (place[b][1] - place[d][1]) < 0
    )


def barycenter_crossings(edges: list[tuple[str, str]], layers: list[list[str]], sweeps: int = 12) -> int:
    """The fewest crossings met while sorting each layer by the mean place of its neighbours in the
    layer before, down, up, down, ... (a node with none there keeps its place): barycenters alone."""
    layers = [layer[:] for layer in layers]
    fewest = layer_crossings(edges, layers)
    for sweep in range(sweeps):
        downward = sweep % 2 == 0
        for i in range(1, len(layers)) if downward else range(len(layers) - 2, -1, -1):
            before = {node: k for k, node in enumerate(layers[i - 1 if downward else i + 1])}
            weight: dict[str, float] = {}
            for k, node in enumerate(layers[i]):
                near = [before[x] for a, b in edges for x, y in ((a, b), (b, a)) if y == node and x in before]
                weight[node] = sum(near) / len(near) if near else k
            layers[i].sort(key=weight.__getitem__)
        fewest = min(fewest, layer_crossings(edges, layers))
    return fewest


def test_transposition_reaches_the_fewest_crossings_where_barycenters_stop_short() -> None:
    """a0 feeds b0, b1 and b2, a1 only b0; below, b0 c0 b1 c1 b2 c2 zigzag. Nothing need cross.

    In the order given, a1's edge crosses two of a0's. Sorting layers by the mean place of their
    neighbours never puts a1 first (going up, b0 sorts after b1 and b2 and takes a1 along), so
    barycenter sweeps stop at two crossings, and so do this library's median sweeps; swapping
    the neighbours a0 and a1 removes both, which transposition does.
    """
    edges = [("a0", "b0"), ("a0", "b1"), ("a0", "b2"), ("a1", "b0")]
    edges += [("b0", "c0"), ("b1", "c0"), ("b1", "c1"), ("b2", "c1"), ("b2", "c2")]
    first = [["a0", "a1"], ["b0", "b1", "b2"], ["c0", "c1", "c2"]]
    graph = nx.DiGraph()
    graph.add_nodes_from(node for layer in first for node in layer)
    graph.add_edges_from(edges)
    layout = layered_layout(graph)
    assert [sorted(layer) for layer in layout.layers] == first
    assert all(len(route) == 2 for route in layout.routes.values()), "every edge joins adjacent layers"
    assert layer_crossings(edges, first) == barycenter_crossings(edges, first) == 2
    fewest = min(layer_crossings(edges, orders) for orders in product(*map(permutations, first)))
    assert crossings(layout) == layer_crossings(edges, layout.layers) == fewest == 0
    assert_sound(graph, layout)


@st.composite
def layered_graphs(draw: st.DrawFn) -> LayeredLayout:
    """A small graph already in layers: edges only between adjacent layers, slots drawn at random."""
    sizes = draw(st.lists(st.integers(1, 6), min_size=2, max_size=5))
    slots = [sorted(draw(st.sets(st.integers(0, 8), min_size=n, max_size=n))) for n in sizes]
    positions: dict[Hashable, tuple[float, float]] = {
        (layer, k): (float(layer), float(s)) for layer, row in enumerate(slots) for k, s in enumerate(row)
    }
    edges = draw(
        st.sets(
            st.integers(0, len(sizes) - 2).flatmap(
                lambda layer: st.tuples(
                    st.tuples(st.just(layer), st.integers(0, sizes[layer] - 1)),
                    st.tuples(st.just(layer + 1), st.integers(0, sizes[layer + 1] - 1)),
                )
            ),
            max_size=25,
        )
    )
    routes: dict[tuple[Hashable, Hashable], tuple[tuple[float, float], ...]] = {
        (u, v): (positions[u], positions[v]) for u, v in edges
    }
    layers = tuple(tuple((layer, k) for k in range(n)) for layer, n in enumerate(sizes))
    breadth = max(s for _, s in positions.values()) + 1
    return LayeredLayout(positions, layers, routes, frozenset(), breadth)


@given(layered_graphs())
def test_crossings_agree_with_checking_every_pair(layout: LayeredLayout) -> None:
    assert crossings(layout) == brute_force_crossings(layout)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=30), st.integers(0, 14))
def test_any_small_graph_lays_out_soundly(edges: list[tuple[int, int]], sweeps: int) -> None:
    graph = nx.DiGraph(edges)
    layout = layered_layout(graph, sweeps=sweeps)
    assert_sound(graph, layout)
    assert crossings(layout) == brute_force_crossings(layout)
    assert crossings(layout) <= crossings(layered_layout(graph, sweeps=0))


def test_the_same_graph_always_gets_the_same_layout() -> None:
    first = layered_layout(nx.gnm_random_graph(120, 300, seed=9, directed=True))
    again = layered_layout(nx.gnm_random_graph(120, 300, seed=9, directed=True))
    assert first == again
    assert list(first.positions) == list(again.positions) and list(first.routes) == list(again.routes)


def test_two_thousand_deliverables_lay_out() -> None:
    graph = random_dag(2000, 2, seed=1)
    layout = layered_layout(graph)
    assert layout.depth > 10
    assert_sound(graph, layout)
