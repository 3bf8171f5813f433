"""A graph picture as a file other tools read: GraphML and GEXF (Gephi, yEd), DOT (Graphviz).

Every node carries what it stands for (kind, id, label, function and its colour, task force,
status, dates as ISO text, the marks of the analysis) and, when given, its place; every link
its kind and weight. Values are plain text, numbers and booleans, as the formats demand.

>>> write_graph(picture, places, Path("launch.graphml"), "graphml")
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import networkx as nx

from smarket_planner.analysis.graph_model import GraphLink, GraphNode, GraphPicture
from smarket_planner.domain.whole_file import whole_file

FORMATS = ("graphml", "gexf", "dot")
Place = tuple[float, float]


def to_networkx(picture: GraphPicture, places: Mapping[str, Place] | None = None) -> nx.Graph:
    """The picture as a NetworkX graph keyed by node key, every attribute plain."""
    graph: nx.Graph = nx.DiGraph() if picture.directed else nx.Graph()
    graph.graph["name"] = picture.title
    for node in picture.nodes:
        graph.add_node(node.key, **_node_attributes(node, (places or {}).get(node.key)))
    for link in picture.links:
        graph.add_edge(link.source, link.target, **_link_attributes(link))
    return graph


def _node_attributes(node: GraphNode, place: Place | None) -> dict[str, object]:
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
    if place is not None:
        facts["x"], facts["y"] = float(place[0]), float(place[1])
    return facts


def _link_attributes(link: GraphLink) -> dict[str, object]:
    return {
        "kind": link.kind.value,
        "weight": float(link.weight),
        "critical": link.critical,
        "in_cycle": link.in_cycle,
        "label": link.label,
    }


def write_graph(picture: GraphPicture, places: Mapping[str, Place] | None, path: Path, fmt: str) -> Path:
    """Write the picture to ``path`` as GraphML, GEXF or DOT, all at once or not at all."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown graph format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    graph = to_networkx(picture, places)
    if fmt == "gexf":
        _gexf_look(graph, picture)
    path = Path(path)
    with whole_file(path, f".{fmt}") as draft, draft.open("wb") as out:
        if fmt == "graphml":
            nx.write_graphml(graph, out, encoding="utf-8")
        elif fmt == "gexf":
            nx.write_gexf(graph, out, encoding="utf-8")
        else:
            out.write(dot_text(picture, places).encode("utf-8"))
    return path


def _gexf_look(graph: nx.Graph, picture: GraphPicture) -> None:
    """Gephi's own colour, size and position fields, beside the plain attributes.

    GEXF keeps ``id`` and ``start`` for itself (the node's id, the moment it appears): written
    as they are, the record id would replace the node's key (so ``person:3`` and the large team
    ``task_force:3`` would become one node) and the start day would turn the graph dynamic. So
    GEXF names them ``ident`` and ``start_date``.
    """
    for node in picture.nodes:
        facts = graph.nodes[node.key]
        facts["ident"] = facts.pop("id")
        facts["start_date"] = facts.pop("start")
        red, green, blue = (int(node.colour[i : i + 2], 16) for i in (1, 3, 5))
        viz: dict[str, object] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}, "size": node.size}
        if "x" in facts:
            viz["position"] = {"x": facts["x"], "y": -float(facts["y"]), "z": 0.0}
        facts["viz"] = viz


def dot_text(picture: GraphPicture, places: Mapping[str, Place] | None = None) -> str:
    """The picture in Graphviz's DOT language, styled like the screen (colours, dashes, marks)."""
    arrow = "->" if picture.directed else "--"
    lines = [
        f"{'digraph' if picture.directed else 'graph'} {_quoted(picture.title)} {{",
        '  graph [rankdir=LR, fontname="DejaVu Sans", overlap=false, splines=true];',
        '  node [fontname="DejaVu Sans", fontsize=10, style="filled,rounded", fillcolor=white];',
        '  edge [fontname="DejaVu Sans", fontsize=8, color="#7f7f7f"];',
    ]
    for node in picture.nodes:
        shape = {"deliverable": "box", "task_force": "hexagon", "function": "ellipse"}.get(
            node.entity.value, "circle" if node.entity.value == "person" else "box"
        )
        style = ["filled"] + (["rounded"] if shape == "box" else []) + (["dashed"] if node.external else [])
        attrs = {
            "label": f"{node.label}\n{node.detail}" if node.detail else node.label,
            "shape": shape,
            "style": ",".join(style),
            "color": "#d62728" if node.critical or node.in_cycle else node.colour,
            "fillcolor": _pale(node.colour),
            "penwidth": "2.2" if node.critical or node.bottleneck or node.single_point else "1",
            "tooltip": "; ".join(f"{name}: {value}" for name, value in node.facts),
        }
        if places and node.key in places:
            x, y = places[node.key]
            attrs["pos"] = f"{x:.1f},{-y:.1f}"
        lines.append(f"  {_quoted(node.key)} [{_attributes(attrs)}];")
    for link in picture.links:
        attrs = {
            "style": {"non_blocking": "dotted", "hand_off": "dashed"}.get(link.kind.value, "solid"),
            "penwidth": f"{min(1.0 + link.weight / 2, 5.0):.1f}",
            "tooltip": link.label,
        }
        if link.critical or link.in_cycle:
            attrs["color"] = "#d62728"
        lines.append(f"  {_quoted(link.source)} {arrow} {_quoted(link.target)} [{_attributes(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _pale(colour: str) -> str:
    """A function colour lightened for a fill, so black text stays readable on it."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * 0.8):02x}" for c in (red, green, blue))


def _attributes(attrs: Mapping[str, str]) -> str:
    return ", ".join(f"{name}={_quoted(value)}" for name, value in attrs.items())


def _quoted(text: str) -> str:
    """A DOT double-quoted string: quotes and backslashes escaped, line breaks as Graphviz's \\n.

    Graphviz reads ``&amp;`` and other entities in a string as the character they name, so an
    ``&`` is written as ``&amp;`` for a name such as "R&amp;D" to come out as typed.
    """
    escaped = text.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r", " ").replace("\n", "\\n")
    return f'"{escaped}"'
