"""The force-directed layout of the people and function networks: spacing, groups, repeatability."""

from __future__ import annotations

import gc
import math
import random
from collections.abc import Hashable, Mapping
from itertools import combinations
from statistics import mean, median

import igraph
import networkx as nx
import pytest

from smarket_planner.analysis.force_layout import MIN_GAP, LayoutCancelled, force_layout

Positions = Mapping[Hashable, tuple[float, float]]


def teams(count: int, size: int, links: int, seed: int) -> nx.Graph:
    """``count`` teams of ``size`` people who all work together, and ``links`` ties between teams."""
    rng = random.Random(seed)
    graph = nx.Graph()
    for team in range(count):
        members = [team * size + i for i in range(size)]
        graph.add_edges_from(combinations(members, 2))
    while graph.number_of_edges() < count * size * (size - 1) // 2 + links:
        a, b = rng.randrange(count * size), rng.randrange(count * size)
        if a // size != b // size:
            graph.add_edge(a, b)
    return graph


def closest(positions: Positions) -> float:
    """The smallest distance between two nodes (a sweep along x)."""
    ordered, best = sorted(positions.values()), math.inf
    for i, (x, y) in enumerate(ordered):
        for other_x, other_y in ordered[i + 1 :]:
            if other_x - x >= best:
                break
            best = min(best, math.hypot(other_x - x, other_y - y))
    return best


def edge_lengths(graph: nx.Graph, positions: Positions) -> list[float]:
    return [math.dist(positions[u], positions[v]) for u, v in graph.edges() if u != v]


def box(positions: Positions, nodes: set[Hashable]) -> tuple[float, float, float, float]:
    xs, ys = [positions[n][0] for n in nodes], [positions[n][1] for n in nodes]
    return min(xs), min(ys), max(xs), max(ys)


def test_an_empty_graph_has_no_positions() -> None:
    assert force_layout(nx.Graph()) == {}


def test_a_single_person_sits_at_the_origin() -> None:
    assert force_layout(nx.Graph([("ana", "ana")])) == {"ana": (0.0, 0.0)}
    graph = nx.Graph()
    graph.add_node(("person", 1))
    assert force_layout(graph) == {("person", 1): (0.0, 0.0)}


def test_people_without_ties_stand_on_a_grid_one_apart() -> None:
    graph = nx.Graph()
    graph.add_nodes_from(range(12))
    positions = force_layout(graph)
    assert closest(positions) == pytest.approx(1.0)
    xs = {round(x, 9) for x, _ in positions.values()}
    ys = {round(y, 9) for _, y in positions.values()}
    assert len(xs) * len(ys) >= 12 and len(xs) < 12 and len(ys) < 12, "rows and columns, not a line"
    for x, y in positions.values():  # on a grid of spacing 1.0
        assert (x - min(xs)) == pytest.approx(round(x - min(xs))) and y - min(ys) == pytest.approx(
            round(y - min(ys))
        )


def test_the_same_graph_and_seed_always_get_the_same_positions() -> None:
    graph = teams(12, 5, 20, seed=1)
    first = force_layout(graph, seed=3)
    random.seed(99)  # the global random state plays no part ...
    igraph.set_random_number_generator(random.Random(5))  # ... nor does igraph's own source
    try:
        assert force_layout(graph, seed=3) == first
    finally:
        igraph.set_random_number_generator(random)
    assert force_layout(graph, seed=4) != first


def test_a_large_group_is_laid_out_the_same_every_time() -> None:
    """1,200 people: coarsened, the finest version in igraph's grid form."""
    graph = teams(240, 5, 600, seed=2)
    first = force_layout(graph)
    assert force_layout(graph) == first
    assert set(first) == set(graph)
    assert closest(first) >= MIN_GAP - 1e-9


def test_the_layout_leaves_global_state_as_it_was() -> None:
    random.seed(11)
    expected = random.random()
    random.seed(11)
    force_layout(teams(6, 4, 5, seed=3), progress=lambda share: None)
    assert random.random() == expected, "Python's random state is not consumed"
    assert gc.isenabled()
    random.seed(12)
    drawn = igraph.Graph.Ring(5).layout_random().coords
    random.seed(12)
    assert igraph.Graph.Ring(5).layout_random().coords == drawn, "igraph draws from Python's random again"


@pytest.mark.parametrize(
    "graph",
    [
        nx.complete_graph(30),
        nx.star_graph(150),
        teams(20, 6, 60, seed=4),
        nx.gnm_random_graph(300, 1200, seed=5),
        nx.barbell_graph(12, 3),
    ],
    ids=["team of 30", "star", "teams", "random", "barbell"],
)
def test_no_two_people_are_closer_than_the_minimum_gap(graph: nx.Graph) -> None:
    positions = force_layout(graph)
    assert set(positions) == set(graph)
    assert closest(positions) >= MIN_GAP - 1e-9


@pytest.mark.parametrize(
    "graph",
    [nx.grid_2d_graph(8, 8), nx.random_labeled_tree(120, seed=6), nx.cycle_graph(25), nx.path_graph(6)],
    ids=["grid", "tree", "ring", "chain"],
)
def test_a_typical_tie_is_about_one_long_where_nothing_crowds(graph: nx.Graph) -> None:
    assert median(edge_lengths(graph, force_layout(graph))) == pytest.approx(1.0, rel=0.1)


def test_separate_groups_are_packed_without_overlapping() -> None:
    graph = nx.disjoint_union_all(
        [teams(5, 5, 8, seed=7), nx.cycle_graph(9), nx.path_graph(3), nx.star_graph(6)]
    )
    graph.add_nodes_from(["lone", ("lone", 2)])
    positions = force_layout(graph)
    parts = sorted(nx.connected_components(graph), key=len, reverse=True)
    boxes = [box(positions, part) for part in parts]
    for (l1, t1, r1, b1), (l2, t2, r2, b2) in combinations(boxes, 2):
        apart = max(l2 - r1, l1 - r2, t2 - b1, t1 - b2)
        assert apart >= MIN_GAP, "the boxes of two groups keep a gap"
    assert boxes[0][:2] == (min(b[0] for b in boxes), min(b[1] for b in boxes)), (
        "the largest group comes first"
    )
    assert closest(positions) >= MIN_GAP - 1e-9


def test_self_loops_and_repeated_ties_change_nothing() -> None:
    plain = teams(6, 4, 6, seed=8)
    looped = nx.MultiGraph(plain)
    looped.add_edges_from([(0, 0), (5, 5)])
    looped.add_edges_from(list(plain.edges())[:10])
    assert force_layout(looped) == force_layout(plain)


def test_directed_ties_are_laid_out_as_plain_ties() -> None:
    graph = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("d", "a"), ("a", "c")])
    positions = force_layout(graph)
    assert set(positions) == set("abcd")
    assert closest(positions) >= MIN_GAP - 1e-9
    assert max(edge_lengths(graph, positions)) < 2.0


def test_nodes_of_any_hashable_kind_lay_out() -> None:
    graph = nx.Graph([(1, "two"), ("two", ("three", 3)), (("three", 3), 1), (1, frozenset({4}))])
    assert set(force_layout(graph)) == {1, "two", ("three", 3), frozenset({4})}


def test_heavy_ties_pull_closer_than_light_ones() -> None:
    rng = random.Random(9)
    graph = nx.gnm_random_graph(120, 300, seed=9)
    heavy = set(rng.sample(sorted(graph.edges()), 150))
    light = set(graph.edges()) - heavy
    for u, v in graph.edges():
        graph[u][v]["weight"] = 10 if (u, v) in heavy else 1

    def mean_length(positions: Positions, edges: set[tuple[int, int]]) -> float:
        return mean(math.dist(positions[u], positions[v]) for u, v in edges)

    weighted = force_layout(graph)
    assert mean_length(weighted, heavy) < 0.8 * mean_length(weighted, light)
    unweighted = force_layout(graph, weight=None)
    assert mean_length(unweighted, heavy) == pytest.approx(mean_length(unweighted, light), rel=0.2)


def test_progress_rises_to_one() -> None:
    shares: list[float] = []
    force_layout(teams(80, 5, 200, seed=10), progress=shares.append)
    assert len(shares) > 5
    assert all(0.0 <= share <= 1.0 for share in shares)
    assert shares == sorted(shares) and shares[-1] == 1.0


def test_progress_ends_at_one_without_any_force_work() -> None:
    shares: list[float] = []
    force_layout(nx.Graph([(1, 2), (3, 4)]), progress=shares.append)
    assert shares == [1.0]


def test_asking_to_stop_raises_between_rounds() -> None:
    asked: list[int] = []

    def stop_on_third() -> bool:
        asked.append(1)
        return len(asked) >= 3

    with pytest.raises(LayoutCancelled):
        force_layout(teams(80, 5, 200, seed=11), cancelled=stop_on_third)
    assert len(asked) == 3
    assert gc.isenabled(), "the garbage collector runs again"
    with pytest.raises(LayoutCancelled):
        force_layout(nx.path_graph(4), cancelled=lambda: True)
    assert force_layout(nx.path_graph(4), cancelled=lambda: False)


def test_given_positions_keep_their_shape_and_place() -> None:
    graph = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("a", "e")])
    given = {"a": (10.0, 10.0), "b": (11.0, 10.0), "c": (11.0, 11.0), "d": (10.0, 11.0), "e": (9.0, 9.5)}
    positions = force_layout(graph, initial=given, seed=1)
    for u, v in combinations(given, 2):
        assert math.dist(positions[u], positions[v]) == pytest.approx(math.dist(given[u], given[v]), abs=0.3)
    for node in given:
        assert math.dist(positions[node], given[node]) < 0.3


def test_a_new_person_joins_an_earlier_layout_without_moving_the_others_much() -> None:
    graph = teams(10, 5, 15, seed=12)
    before = force_layout(graph, seed=1)
    graph.add_edges_from([("new", 0), ("new", 1)])
    after = force_layout(graph, seed=2, initial=before)
    moved = [math.dist(before[node], after[node]) for node in before]
    assert median(moved) < 0.3 and max(moved) < 1.5
    assert math.dist(after["new"], after[0]) < 2.5
    assert closest(after) >= MIN_GAP - 1e-9
    fresh = force_layout(graph, seed=2)
    assert median(math.dist(before[node], fresh[node]) for node in before) > 1.0, "without it, all moves"
