"""Graph pictures written for other tools: GraphML and GEXF read back whole, DOT drawn by Graphviz."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from smarket_planner.analysis import graph_export
from smarket_planner.analysis.graph_export import FORMATS, dot_text, to_networkx, write_graph
from smarket_planner.analysis.graph_picture import GraphKind, GraphPicture, build_picture, node_key
from smarket_planner.analysis.graph_placement import place_picture
from smarket_planner.analysis.graphs import CLIQUE_LIMIT
from smarket_planner.analysis.model import EntityRef, Finding, FindingKind, PlanData, Severity
from smarket_planner.domain.enums import DependencyKind
from smarket_planner.domain.records import EntityKind

from .builders import START, PlanBuilder

Reader = Callable[[Path], nx.Graph]
READERS: dict[str, Reader] = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}
# GEXF keeps "id" and "start" for itself; the export names them so (see graph_export._gexf_look).
RENAMED = {"graphml": {}, "gexf": {"id": "ident", "start": "start_date"}}

HOSTILE = [
    'Say "cheese"',
    "back\\slash \\n \\N",
    "<b>&amp; R&D</b>",
    "two\nlines",
    "שלום עולם",  # right to left
    "مرحبا بالعالم",
    "市場開拓チーム",  # Japanese
    "增长小组",  # Chinese
    "Zo\u00eb \u2013 \u201cquotes\u201d \u2018too\u2019",
]


def plan() -> tuple[PlanData, list[Finding]]:
    """Two teams joined by a hand-off, with a bottleneck person; hostile names everywhere."""
    b = PlanBuilder()
    sales = b.function('Sales "EMEA"', "#1f77b4")
    product = b.function("Product <R&D>", "#2ca02c")
    people = [b.person(name, sales if i % 2 else product) for i, name in enumerate(HOSTILE)]
    launch = b.task_force("Launch & <Learn>", lead_id=people[0].id)
    pursuit = b.task_force("追跡 \\ Pursuit", lead_id=people[1].id)
    for person in people[:5]:
        b.member(launch, person)
    for person in people[4:]:
        b.member(pursuit, person)
    work = [
        b.deliverable(launch if i < 5 else pursuit, name, people[i], start_date=START, duration_days=i + 1)
        for i, name in enumerate(HOSTILE)
    ]
    b.dependency(work[0], work[1])
    b.dependency(work[1], work[2], DependencyKind.NON_BLOCKING)
    b.dependency(work[2], work[5], DependencyKind.HAND_OFF)
    b.dependency(work[6], work[7])
    b.dependency(work[7], work[6])
    b.deliverable(launch, "Undated", None)
    finding = Finding(
        FindingKind.BOTTLENECK_PERSON,
        Severity.WARNING,
        "Busy.",
        "Share.",
        entities=(EntityRef(EntityKind.PERSON, people[4].id, HOSTILE[4]),),
    )
    loop = Finding(
        FindingKind.DEPENDENCY_CYCLE,
        Severity.ERROR,
        "Loop.",
        "Break.",
        facts={"deliverable_ids": [work[6].id, work[7].id]},
    )
    return b.build(), [finding, loop]


@pytest.fixture(scope="module")
def pictures() -> dict[GraphKind, GraphPicture]:
    data, findings = plan()
    return {
        kind: build_picture(data, kind, findings=findings, title=f"{kind.label} & <co>") for kind in GraphKind
    }


def read_back(path: Path, fmt: str) -> nx.Graph:
    return READERS[fmt](path)


def expected_node(
    picture: GraphPicture, key: str, places: dict[str, tuple[float, float]] | None
) -> dict[str, object]:
    node = picture.node(key)
    facts: dict[str, object] = {
        "label": node.label,
        "kind": node.entity.value,
        "id": node.ident,
        "detail": node.detail,
        "colour": node.colour,
        "function": node.function,
        "task_force": node.task_force,
        "status": node.status,
        "start": node.start.isoformat() if node.start else "",
        "due": node.due.isoformat() if node.due else "",
        "size": node.size,
        "external": node.external,
        "critical": node.critical,
        "in_cycle": node.in_cycle,
        "bottleneck": node.bottleneck,
        "single_point": node.single_point,
    }
    if places is not None:
        facts["x"], facts["y"] = places[key]
    return facts


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("kind", list(GraphKind))
@pytest.mark.parametrize("placed", [True, False], ids=["placed", "unplaced"])
def test_graph_files_read_back_whole(
    pictures: dict[GraphKind, GraphPicture], tmp_path: Path, fmt: str, kind: GraphKind, placed: bool
) -> None:
    picture = pictures[kind]
    assert picture.nodes, "the plan should give every graph some nodes"
    places = place_picture(picture) if placed else None
    path = tmp_path / f"graph.{fmt}"

    assert write_graph(picture, places, path, fmt) == path
    graph = read_back(path, fmt)

    assert graph.is_directed() is picture.directed
    assert set(graph.nodes) == {node.key for node in picture.nodes}
    for node in picture.nodes:
        got = dict(graph.nodes[node.key])
        got.pop("viz", None)
        want = expected_node(picture, node.key, places)
        for plain, named in RENAMED[fmt].items():
            want[named] = want.pop(plain)
        assert got == want, node.key
        for mark in ("external", "critical", "in_cycle", "bottleneck", "single_point"):
            assert type(got[mark]) is bool
        if placed:
            assert isinstance(got["x"], float) and isinstance(got["y"], float)
    assert graph.number_of_edges() == len(picture.links)
    for link in picture.links:
        edge = graph.edges[link.source, link.target]
        assert edge["kind"] == link.kind.value
        assert edge["weight"] == pytest.approx(link.weight)
        assert (edge["critical"], edge["in_cycle"], edge["label"]) == (
            link.critical,
            link.in_cycle,
            link.label,
        )


def test_dates_and_marks_are_written_as_the_analysis_found_them(
    pictures: dict[GraphKind, GraphPicture], tmp_path: Path
) -> None:
    picture = pictures[GraphKind.DELIVERABLES]
    path = write_graph(picture, None, tmp_path / "work.graphml", "graphml")
    graph = nx.read_graphml(path)

    starts = {facts["start"] for _, facts in graph.nodes(data=True)}
    assert START.isoformat() in starts and "" in starts  # the undated deliverable
    assert date.fromisoformat(START.isoformat()) == START
    assert any(facts["critical"] for _, facts in graph.nodes(data=True))
    assert sum(facts["in_cycle"] for _, facts in graph.nodes(data=True)) == 2
    people = nx.read_graphml(write_graph(pictures[GraphKind.PEOPLE], None, tmp_path / "p.graphml", "graphml"))
    assert [facts["label"] for _, facts in people.nodes(data=True) if facts["bottleneck"]] == [HOSTILE[4]]


def test_gexf_keeps_gephis_colour_size_and_place(
    pictures: dict[GraphKind, GraphPicture], tmp_path: Path
) -> None:
    picture = pictures[GraphKind.FUNCTIONS]
    places = place_picture(picture)
    graph = nx.read_gexf(write_graph(picture, places, tmp_path / "f.gexf", "gexf"))

    for node in picture.nodes:
        viz = graph.nodes[node.key]["viz"]
        colour = viz["color"]
        assert "#{:02x}{:02x}{:02x}".format(colour["r"], colour["g"], colour["b"]) == node.colour
        assert viz["size"] == pytest.approx(node.size)
        assert viz["position"]["x"] == pytest.approx(places[node.key][0])
        assert viz["position"]["y"] == pytest.approx(-places[node.key][1])  # Gephi's y runs up
    text = (tmp_path / "f.gexf").read_text(encoding="utf-8")
    assert 'mode="dynamic"' not in text  # the start day is an attribute, not GEXF's time


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_large_teams_node_and_a_person_of_the_same_id_stay_apart(tmp_path: Path, fmt: str) -> None:
    b = PlanBuilder()
    sales = b.function("Sales", "#1f77b4")
    crowd = [b.person(f"Person {i}", sales) for i in range(CLIQUE_LIMIT + 1)]
    team = b.task_force("Crowd")
    for person in crowd:
        b.member(team, person)
    picture = build_picture(b.build(), GraphKind.PEOPLE)
    both = {node_key(EntityKind.TASK_FORCE, team.id), node_key(EntityKind.PERSON, team.id)}
    assert both <= {node.key for node in picture.nodes}

    graph = read_back(write_graph(picture, None, tmp_path / f"crowd.{fmt}", fmt), fmt)

    assert graph.number_of_nodes() == CLIQUE_LIMIT + 2
    assert both <= set(graph.nodes)
    assert graph.nodes[node_key(EntityKind.TASK_FORCE, team.id)]["kind"] == "task_force"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_hostile_text_survives_graph_files(
    pictures: dict[GraphKind, GraphPicture], tmp_path: Path, fmt: str
) -> None:
    for kind in (GraphKind.DELIVERABLES, GraphKind.PEOPLE):
        graph = read_back(write_graph(pictures[kind], None, tmp_path / f"{kind.value}.{fmt}", fmt), fmt)
        labels = {facts["label"] for _, facts in graph.nodes(data=True)}
        assert set(HOSTILE) <= labels, kind
    functions = read_back(write_graph(pictures[GraphKind.FUNCTIONS], None, tmp_path / f"f.{fmt}", fmt), fmt)
    assert {facts["label"] for _, facts in functions.nodes(data=True)} == {'Sales "EMEA"', "Product <R&D>"}
    teams = read_back(write_graph(pictures[GraphKind.TASK_FORCES], None, tmp_path / f"t.{fmt}", fmt), fmt)
    assert {facts["label"] for _, facts in teams.nodes(data=True)} == {"Launch & <Learn>", "追跡 \\ Pursuit"}


def svg_text(svg: str) -> str:
    """Everything an SVG shows or tells in tooltips, entities resolved."""
    shown = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.DOTALL)
    tips = re.findall(r'xlink:title="([^"]*)"', svg)
    return "\n".join(html.unescape(part) for part in shown + tips)


@pytest.mark.parametrize("kind", list(GraphKind))
@pytest.mark.parametrize("placed", [True, False], ids=["placed", "unplaced"])
def test_dot_is_drawn_by_graphviz_with_every_name(
    pictures: dict[GraphKind, GraphPicture], tmp_path: Path, kind: GraphKind, placed: bool
) -> None:
    dot = shutil.which("dot")
    assert dot is not None, "Graphviz's dot is needed (CI installs the graphviz package)"
    picture = pictures[kind]
    places = place_picture(picture) if placed else None
    path = write_graph(picture, places, tmp_path / "graph.dot", "dot")
    assert path.read_text(encoding="utf-8") == dot_text(picture, places)

    drawn = subprocess.run(
        [dot, "-Tsvg", str(path)], capture_output=True, text=True, encoding="utf-8", timeout=60, check=False
    )

    assert drawn.returncode == 0, drawn.stderr
    assert "Warning" not in drawn.stderr and "Error" not in drawn.stderr, drawn.stderr
    text = svg_text(drawn.stdout)
    for node in picture.nodes:
        for line in node.label.split("\n"):
            assert line in text, (node.key, line)
    assert picture.title in html.unescape(drawn.stdout)
    lines = text.splitlines()
    for node in picture.nodes:
        if node.label == "two\nlines":  # a line break in a name is a line break in the drawing
            assert "two" in lines and "lines" in lines


def test_dot_marks_look_as_on_screen(pictures: dict[GraphKind, GraphPicture]) -> None:
    text = dot_text(pictures[GraphKind.DELIVERABLES])

    # "&" is written as "&amp;": Graphviz reads entities in strings.
    assert text.startswith('digraph "Deliverables &amp; <co>" {')
    assert "->" in text and "--" not in text.replace("-->", "")
    assert 'style="dotted"' in text and 'style="dashed"' in text  # non-blocking, hand-off
    assert 'color="#d62728"' in text  # the loop and the critical path
    assert dot_text(pictures[GraphKind.PEOPLE]).startswith("graph ")
    assert " -- " in dot_text(pictures[GraphKind.PEOPLE])


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_write_leaves_only_the_target(
    pictures: dict[GraphKind, GraphPicture], tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"out.{fmt}"
    path.write_text("an older export")

    write_graph(pictures[GraphKind.DELIVERABLES], None, path, fmt)

    assert os.listdir(tmp_path) == [path.name]
    assert path.read_bytes() != b"an older export"
    assert (path.stat().st_mode & 0o777) == 0o644


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failing_write_leaves_nothing_behind(
    pictures: dict[GraphKind, GraphPicture], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    def half_then_fail(*args: object, **kwargs: object) -> None:
        out = next(a for a in args if hasattr(a, "write"))
        out.write(b"<?xml version='1.0'?><half")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    def half_text(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(graph_export.nx, "write_graphml", half_then_fail)
    monkeypatch.setattr(graph_export.nx, "write_gexf", half_then_fail)
    monkeypatch.setattr(graph_export, "dot_text", half_text)
    folder = tmp_path / "out"
    folder.mkdir()
    kept = folder / f"kept.{fmt}"
    kept.write_text("the last good export")
    fresh = folder / f"fresh.{fmt}"

    for target in (kept, fresh):
        with pytest.raises(OSError, match="No space"):
            write_graph(pictures[GraphKind.DELIVERABLES], None, target, fmt)

    assert os.listdir(folder) == [kept.name]  # no partial file, no temporary one
    assert kept.read_text() == "the last good export"


def test_a_write_into_a_missing_folder_fails_cleanly(
    pictures: dict[GraphKind, GraphPicture], tmp_path: Path
) -> None:
    with pytest.raises(OSError):
        write_graph(pictures[GraphKind.PEOPLE], None, tmp_path / "nowhere" / "p.graphml", "graphml")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("fmt", ["png", "GraphML", "", "json"])
def test_an_unknown_format_is_refused(
    pictures: dict[GraphKind, GraphPicture], tmp_path: Path, fmt: str
) -> None:
    with pytest.raises(ValueError, match="graphml, gexf, dot"):
        write_graph(pictures[GraphKind.PEOPLE], None, tmp_path / "p.out", fmt)
    assert os.listdir(tmp_path) == []


def test_to_networkx_without_places_has_no_coordinates(pictures: dict[GraphKind, GraphPicture]) -> None:
    picture = pictures[GraphKind.TASK_FORCES]
    graph = to_networkx(picture)

    assert graph.graph["name"] == picture.title
    assert all("x" not in facts and "y" not in facts for _, facts in graph.nodes(data=True))
    assert to_networkx(picture, {}).number_of_nodes() == len(picture.nodes)


def test_an_empty_picture_writes_an_empty_graph(tmp_path: Path) -> None:
    picture = build_picture(PlanBuilder().build(), GraphKind.DELIVERABLES)
    for fmt, reader in READERS.items():
        assert reader(write_graph(picture, {}, tmp_path / f"e.{fmt}", fmt)).number_of_nodes() == 0
    drawn = subprocess.run(
        ["dot", "-Tsvg", str(write_graph(picture, None, tmp_path / "e.dot", "dot"))],
        capture_output=True,
        check=False,
    )
    assert drawn.returncode == 0, drawn.stderr
