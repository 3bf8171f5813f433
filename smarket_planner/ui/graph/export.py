"""Saving a graph: as a picture (PNG, SVG, PDF) or for another tool (GraphML, GEXF, DOT)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import cast

from PySide6.QtWidgets import QFileDialog, QWidget

from smarket_planner.analysis.graph_model import GraphPicture
from smarket_planner.analysis.graph_placement import Place
from smarket_planner.ui.graph.render import PICTURE_FORMATS, render_picture

# (filter shown in the file dialog, format) in the order the dialog lists them.
EXPORT_FILTERS = (
    ("PNG picture (*.png)", "png"),
    ("SVG drawing (*.svg)", "svg"),
    ("PDF document (*.pdf)", "pdf"),
    ("GraphML for yEd, Gephi, Cytoscape (*.graphml)", "graphml"),
    ("GEXF for Gephi (*.gexf)", "gexf"),
    ("Graphviz DOT (*.dot *.gv)", "dot"),
)
WriteGraph = Callable[[GraphPicture, Mapping[str, Place], Path, str], Path]


def format_of(path: Path, chosen_filter: str = "") -> str:
    """The format a file is to be written in: by its extension, else by the filter chosen."""
    suffix = path.suffix.lower().lstrip(".")
    known = {fmt for _, fmt in EXPORT_FILTERS}
    if suffix == "gv":
        return "dot"
    if suffix in known:
        return suffix
    return next((fmt for words, fmt in EXPORT_FILTERS if words == chosen_filter), "png")


def choose_export_path(parent: QWidget, suggestion: Path) -> tuple[Path, str] | None:
    """Ask where to save the graph and in which format (the dialog asks before replacing a file)."""
    filters = ";;".join(words for words, _ in EXPORT_FILTERS)
    path, chosen = QFileDialog.getSaveFileName(parent, "Export Graph", str(suggestion), filters)
    if not path:
        return None
    fmt = format_of(Path(path), chosen)
    target = Path(path)
    if not target.suffix:
        target = target.with_suffix(f".{fmt}")
    return target, fmt


def export_graph(
    picture: GraphPicture, places: Mapping[str, Place], path: Path, fmt: str, dpi: int = 144
) -> Path:
    """Write a graph at its places to a file of any of the six formats."""
    fmt = fmt.lower().lstrip(".")
    if fmt in PICTURE_FORMATS:
        return render_picture(picture, places, path, fmt, dpi)
    # The lead engineer's writer of the formats other tools read (GraphML, GEXF, DOT).
    module = importlib.import_module("smarket_planner.analysis.graph_export")
    write = cast(WriteGraph, module.write_graph)
    return write(picture, places, path, fmt)
